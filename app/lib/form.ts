// Reading a posted form: a field that is missing, or a file where text was
// expected, reads as "" so validation says what is wrong with it. Before any
// field is read, readForm refuses a body that is not a form, and
// formTextErrors names each field holding a character no field may hold
// (src/kernel/text.ts), so the page shows the error beside that field instead
// of the database failing on it.
import { data } from "react-router";
import { controlCharacterMessage, hasControlCharacters } from "../../src/kernel/text.ts";

/** A reader of the form's text fields by name. */
export function formText(form: FormData): (name: string) => string {
  return (name) => {
    const v = form.get(name);
    return typeof v === "string" ? v : "";
  };
}

const FORM_TYPES = /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i;

/** Whether a request's body is declared as a web form (URL-encoded or multipart). */
export function isFormRequest(request: Request): boolean {
  return FORM_TYPES.test(request.headers.get("content-type") ?? "");
}

/**
 * The posted form, or a 415 (not a form: JSON, text, no type) or 400 (a form
 * that cannot be read, such as broken multipart) thrown as the page's error.
 */
export async function readForm(request: Request): Promise<FormData> {
  if (!isFormRequest(request)) {
    throw data("This form could not be read: send it from the page.", { status: 415 });
  }
  try {
    return await request.formData();
  } catch {
    throw data("This form could not be read. Reload the page and try again.", { status: 400 });
  }
}

/** A one-line field longer than this is refused whatever it is (each form has its own, smaller limits). */
export const LINE_MAX = 10_000;

export interface FormTextRules {
  /** Multi-line fields (textareas): tabs and line breaks allowed. Every other field is one line. */
  texts?: readonly string[];
}

/**
 * Each field (by name) holding a character it may not hold, or a one-line
 * field longer than LINE_MAX, with the message to show beside it; null when
 * every field is fine. Every text field of the form is checked, read or not.
 */
export function formTextErrors(form: FormData, rules: FormTextRules = {}): Record<string, string> | null {
  const errors: Record<string, string> = {};
  for (const [name, value] of form.entries()) {
    if (typeof value !== "string" || name in errors) continue;
    const kind = rules.texts?.includes(name) ? "text" : "line";
    if (hasControlCharacters(name, "line")) errors["form"] = controlCharacterMessage("line");
    else if (hasControlCharacters(value, kind)) errors[name] = controlCharacterMessage(kind);
    else if (kind === "line" && value.length > LINE_MAX) errors[name] = `Use at most ${LINE_MAX.toLocaleString("en-CA")} characters.`;
  }
  return Object.keys(errors).length ? errors : null;
}
