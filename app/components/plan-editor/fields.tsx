// The editor's small pieces of form: a field's error, its ids, and the
// labelled inputs the plan's numbers and choices use.
import { FieldFrame, OptionList } from "../ContactFields.tsx";

export { ErrorText as Err } from "../ContactFields.tsx";

export const fid = (name: string) => `field-${name}`;
export const describedBy = (name: string, errors: Record<string, string>, hint = false) =>
  [hint ? `${fid(name)}-hint` : null, errors[name] ? `${fid(name)}-error` : null].filter(Boolean).join(" ") || undefined;

export function SelectField({
  name,
  label,
  value,
  errors,
  onChange,
  options,
}: {
  name: string;
  label: string;
  value: string;
  errors: Record<string, string>;
  onChange: (v: string) => void;
  options: { value: string; label: string }[];
}) {
  return (
    <FieldFrame id={fid(name)} label={label} error={errors[name]}>
      <select
        id={fid(name)}
        name={name}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-describedby={describedBy(name, errors)}
      >
        <OptionList options={options} />
      </select>
    </FieldFrame>
  );
}

export function TextInput({
  name,
  label,
  value,
  errors,
  onChange,
  inputMode = "decimal",
}: {
  name: string;
  label: string;
  value: string;
  errors: Record<string, string>;
  onChange: (v: string) => void;
  inputMode?: "decimal" | "numeric";
}) {
  return (
    <FieldFrame id={fid(name)} label={label} error={errors[name]}>
      <input
        id={fid(name)}
        name={name}
        inputMode={inputMode}
        autoComplete="off"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={describedBy(name, errors)}
      />
    </FieldFrame>
  );
}

export function NumberField(props: {
  name: string;
  label: string;
  value: string;
  errors: Record<string, string>;
  onChange: (v: string) => void;
}) {
  return <TextInput {...props} inputMode="numeric" />;
}
