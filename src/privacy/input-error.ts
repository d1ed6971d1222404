/** Bad input to the health record, keyed by form field. Nothing was written. */
export class HealthInputError extends Error {
  readonly errors: Record<string, string>;
  constructor(errors: Record<string, string>) {
    super(Object.values(errors)[0] ?? "Some of the input is not valid.");
    this.name = "HealthInputError";
    this.errors = errors;
  }
}
