import { ForbiddenError } from "./roles.ts";

/** Bad input, one message per form field. */
export class AccountFieldError extends Error {
  readonly errors: Record<string, string>;
  constructor(errors: Record<string, string>) {
    super(Object.values(errors)[0] ?? "Please check the form.");
    this.name = "AccountFieldError";
    this.errors = errors;
  }
}

export class AccountNotFoundError extends Error {
  constructor(what: string) {
    super(`${what} was not found`);
    this.name = "AccountNotFoundError";
  }
}

/** What a route should answer for an error from src/auth, or null for a real failure (500). */
export function classifyAccountError(
  error: unknown,
): { status: 403 | 404; message: string } | { status: 422; message: string; errors: Record<string, string> } | null {
  if (error instanceof ForbiddenError) return { status: 403, message: error.message };
  if (error instanceof AccountNotFoundError) return { status: 404, message: `${error.message}. It may have been removed meanwhile.` };
  if (error instanceof AccountFieldError) return { status: 422, message: error.message, errors: error.errors };
  return null;
}

export function zodFieldErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const key = issue.path.length ? issue.path.map(String).join(".") : "form";
    errors[key] ??= issue.message;
  }
  return errors;
}
