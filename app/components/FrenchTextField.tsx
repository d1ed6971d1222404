// A staff form field for the French version of something clients read (a
// service's name or description, a practitioner's title). The staff screens
// are in English; the field itself is marked French, so spelling checks and
// screen readers treat what is typed in it as French.

export const FRENCH_FIELD_HINT = "Shown on the French pages; leave empty to show the English.";

export function FrenchTextField({
  name,
  label,
  value,
  error,
  hint = FRENCH_FIELD_HINT,
  multiline = false,
}: {
  name: string;
  label: string;
  value?: string;
  error?: string;
  hint?: string;
  /** A textarea instead of a one-line input. */
  multiline?: boolean;
}) {
  const id = `field-${name}`;
  const described = `${id}-hint${error ? ` ${id}-error` : ""}`;
  return (
    <div className={`field${error ? " has-error" : ""}`}>
      <label htmlFor={id}>
        {label}
        <span className="optional"> (optional)</span>
      </label>
      <p className="hint" id={`${id}-hint`}>
        {hint}
      </p>
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
      {multiline ? (
        <textarea
          id={id}
          name={name}
          lang="fr"
          rows={4}
          defaultValue={value}
          aria-invalid={error ? true : undefined}
          aria-describedby={described}
        />
      ) : (
        <input
          id={id}
          name={name}
          type="text"
          lang="fr"
          autoComplete="off"
          defaultValue={value}
          aria-invalid={error ? true : undefined}
          aria-describedby={described}
        />
      )}
    </div>
  );
}
