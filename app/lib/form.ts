// Reading a posted form: a field that is missing, or a file where text was
// expected, reads as "" so validation says what is wrong with it.

/** A reader of the form's text fields by name. */
export function formText(form: FormData): (name: string) => string {
  return (name) => {
    const v = form.get(name);
    return typeof v === "string" ? v : "";
  };
}
