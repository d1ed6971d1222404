// Shared by the staff screens (English, the defaults below) and the public
// booking pages, which pass their language's words from the message catalog
// (app/lib/booking-text.ts), so staff bundles do not carry every public message.
import { useFocusOnArrival } from "../lib/focus-on-arrival.ts";

/** Field errors are linked from a summary at the top and announced once. */
export function ErrorSummary({
  errors,
  unlinked = [],
  heading = (count) => `Please check ${count === 1 ? "this field" : "these fields"}`,
}: {
  errors: Record<string, string>;
  unlinked?: readonly string[];
  /** The summary's heading for this many problems. */
  heading?: (count: number) => string;
}) {
  const entries = Object.entries(errors);
  const ref = useFocusOnArrival<HTMLDivElement>(entries.length ? JSON.stringify(errors) : null);
  if (entries.length === 0) return null;
  return (
    <div className="alert error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1} ref={ref}>
      <h2 id="error-summary-title">{heading(entries.length)}</h2>
      <ul>
        {entries.map(([field, message]) => (
          <li key={field}>{unlinked.includes(field) ? message : <a href={`#field-${field.replace(/\./g, "-")}`}>{message}</a>}</li>
        ))}
      </ul>
    </div>
  );
}

/** A field's error message, `${id}-error` for its control's aria-describedby; nothing when there is none. */
export function ErrorText({ id, error }: { id: string; error?: string }) {
  return error ? (
    <p className="field-error" id={`${id}-error`}>
      {error}
    </p>
  ) : null;
}

/** What a control's aria-describedby names: its hint and its error, when there are any. */
export function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  return [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
}

/** A field's label, hint and error above its control (`children`), with the ids `describedBy` names. */
export function FieldFrame({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: React.ReactNode;
  hint?: React.ReactNode;
  error?: string;
  children: React.ReactNode;
}) {
  return (
    <div className={`field${error ? " has-error" : ""}`}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <ErrorText id={id} error={error} />
      {children}
    </div>
  );
}

/** A select's options, each showing its label. */
export function OptionList({ options }: { options: readonly { value: string; label: string }[] }) {
  return options.map((o) => (
    <option key={o.value} value={o.value}>
      {o.label}
    </option>
  ));
}

/** A group of choices named `field-${name}`, its error (if any) under the legend. */
export function ChoiceFieldset({
  name,
  legend,
  error,
  children,
}: {
  name: string;
  legend: React.ReactNode;
  error?: string;
  children: React.ReactNode;
}) {
  const id = `field-${name}`;
  return (
    <fieldset id={id} aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{legend}</legend>
      <ErrorText id={id} error={error} />
      {children}
    </fieldset>
  );
}

export function TextField({
  name,
  label,
  value,
  error,
  hint,
  type = "text",
  autoComplete,
  inputMode,
  required = false,
  id: givenId,
  multiline = false,
  maxLength,
  optionalText = "(optional)",
  lang,
  rows = 3,
}: {
  name: string;
  label: string;
  value?: string;
  error?: string;
  hint?: React.ReactNode;
  type?: string;
  autoComplete?: string;
  inputMode?: React.HTMLAttributes<HTMLInputElement>["inputMode"];
  required?: boolean;
  /** When one page has several forms with the same field names. */
  id?: string;
  /** A textarea instead of a one-line input. */
  multiline?: boolean;
  maxLength?: number;
  /** Shown after the label of a field that is not required. */
  optionalText?: string;
  /** The language of what is typed, when it is not the page's. */
  lang?: string;
  /** A textarea's height in lines. */
  rows?: number;
}) {
  const id = givenId ?? `field-${name.replace(/\./g, "-")}`;
  const control = {
    id,
    name,
    lang,
    defaultValue: value,
    maxLength,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy(id, hint, error),
    required,
  };
  return (
    <FieldFrame
      id={id}
      label={
        <>
          {label}
          {required ? null : <span className="optional"> {optionalText}</span>}
        </>
      }
      hint={hint}
      error={error}
    >
      {multiline ? (
        <textarea {...control} rows={rows} />
      ) : (
        <input {...control} type={type} autoComplete={autoComplete} inputMode={inputMode} />
      )}
    </FieldFrame>
  );
}

export interface ContactFieldsText {
  name: string;
  email: string;
  emailHint: string;
  phone: string;
  phoneHint: string;
  optional: string;
}

export const CONTACT_FIELDS_ENGLISH: ContactFieldsText = {
  name: "Full name",
  email: "E-mail",
  emailHint: "Your confirmation and the link to change or cancel go here.",
  phone: "Phone",
  phoneHint: "In case we need to reach you on the day.",
  optional: "(optional)",
};

/** A required password input (its id is its name): signing in, choosing and changing a password. */
export function PasswordField(props: { name: string; label: string; autoComplete: string; error?: string; hint?: string }) {
  return <TextField type="password" required {...props} />;
}

export function ContactFields({
  values,
  errors,
  text = CONTACT_FIELDS_ENGLISH,
}: {
  values: { name?: string; email?: string; phone?: string };
  errors: Record<string, string>;
  text?: ContactFieldsText;
}) {
  return (
    <>
      <TextField name="name" label={text.name} value={values.name} error={errors.name} autoComplete="name" required />
      <TextField
        name="email"
        label={text.email}
        type="email"
        value={values.email}
        error={errors.email}
        autoComplete="email"
        inputMode="email"
        hint={text.emailHint}
        required
      />
      <TextField
        name="phone"
        label={text.phone}
        type="tel"
        value={values.phone}
        error={errors.phone}
        autoComplete="tel"
        inputMode="tel"
        hint={text.phoneHint}
        optionalText={text.optional}
      />
    </>
  );
}
