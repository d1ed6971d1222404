// The one error model of the domains. A domain function that refuses throws a
// DomainError: a code (what kind of refusal), a message a person can read,
// and, for bad input, one message per form field. Routes turn it into an
// answer in one place: problemOf() gives the status, the message and the
// field messages (app/lib/staff-route.server.ts turns it into a page or a
// form's errors). Anything that is not a DomainError is a real failure (500),
// logged by kind, never shown.

/** What kind of refusal: each code has one HTTP status. */
export type ErrorCode = "invalid" | "not-found" | "forbidden" | "conflict" | "rate-limited";

export const STATUS_OF_CODE: Readonly<Record<ErrorCode, 403 | 404 | 409 | 422 | 429>> = {
  invalid: 422,
  "not-found": 404,
  forbidden: 403,
  conflict: 409,
  "rate-limited": 429,
};

export type FieldMessages = Readonly<Record<string, string>>;

export class DomainError extends Error {
  readonly code: ErrorCode;
  /** One message per form field (a dotted path for nested input); empty when the refusal is about the whole request. */
  readonly errors: FieldMessages;
  constructor(code: ErrorCode, message: string, errors: FieldMessages = {}) {
    super(message);
    // Each subclass names itself: the server bundle may rename a class (FieldError$2), and logs record errors by name.
    this.name = "DomainError";
    this.code = code;
    this.errors = errors;
  }
  get status(): 403 | 404 | 409 | 422 | 429 {
    return STATUS_OF_CODE[this.code];
  }
}

/** Bad input, one message per form field. Nothing was written. */
export class FieldError extends DomainError {
  constructor(errors: FieldMessages) {
    super("invalid", Object.values(errors).join("; ") || "Please check the form.", errors);
    this.name = "FieldError";
  }
}

/** The thing asked for does not exist, or not for this caller (another clinic's ids are not found, never forbidden). */
export class NotFoundError extends DomainError {
  constructor(what: string) {
    super("not-found", `${what} was not found`);
    this.name = "NotFoundError";
  }
}

/** The caller's role may not do this. `action` completes "Your role does not allow you to …". */
export class ForbiddenError extends DomainError {
  constructor(action: string) {
    super("forbidden", `Your role does not allow you to ${action}.`);
    this.name = "ForbiddenError";
  }
}

export interface Problem {
  status: 403 | 404 | 409 | 422 | 429;
  message: string;
  errors: FieldMessages;
}

const NOT_FOUND_HINT = "It may have been removed, or the link may be wrong.";

/** What a route answers for a refusal, or null for a real failure (500). */
export function problemOf(error: unknown): Problem | null {
  if (!(error instanceof DomainError)) return null;
  const message = error instanceof NotFoundError ? `${error.message}. ${NOT_FOUND_HINT}` : error.message;
  return { status: error.status, message, errors: error.errors };
}

/** Zod's issues as field messages: the first message of each field, the whole-input ones under "form". */
export function zodFieldErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const key = issue.path.length ? issue.path.map(String).join(".") : "form";
    errors[key] ??= issue.message;
  }
  return errors;
}
