// A staff form field for the French version of something clients read (a
// service's name or description, a practitioner's title). The staff screens
// are in English; the field itself is marked French, so spelling checks and
// screen readers treat what is typed in it as French.
import { TextField } from "./ContactFields.tsx";

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
  return (
    <TextField
      name={name}
      label={label}
      value={value}
      error={error}
      hint={hint}
      multiline={multiline}
      autoComplete={multiline ? undefined : "off"}
      lang="fr"
    />
  );
}
