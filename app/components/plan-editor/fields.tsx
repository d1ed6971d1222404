// The editor's small pieces of form: a field's error, its ids, and the
// labelled inputs the plan's numbers and choices use.

export function Err({ id, error }: { id: string; error?: string }) {
  return error ? (
    <p className="field-error" id={`${id}-error`}>
      {error}
    </p>
  ) : null;
}

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
    <div className={`field${errors[name] ? " has-error" : ""}`}>
      <label htmlFor={fid(name)}>{label}</label>
      <Err id={fid(name)} error={errors[name]} />
      <select
        id={fid(name)}
        name={name}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-describedby={describedBy(name, errors)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
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
    <div className={`field${errors[name] ? " has-error" : ""}`}>
      <label htmlFor={fid(name)}>{label}</label>
      <Err id={fid(name)} error={errors[name]} />
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
    </div>
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
