/** For a form's values and errors: a field's name with its value and error, as TextField takes them. */
export function fieldProps<V extends Record<string, string | undefined>>(values: V, errors: Record<string, string>) {
  return (name: keyof V & string) => ({ name, value: values[name], error: errors[name] });
}
