// A plan's own refusals. Both carry one message per field, like the kernel's
// FieldError, so the editor can put each message beside its field.
import { DomainError } from "../../kernel/errors.ts";
import type { PlanViolation } from "../types.ts";

/** A plan refused by a limit: each violation names its rule and its field. Nothing was written. */
export class PlanRefusedError extends DomainError {
  readonly violations: PlanViolation[];
  constructor(violations: PlanViolation[]) {
    const errors = Object.fromEntries(violations.map((v) => [v.field, v.message]));
    // The message is the first field's, as the pages have always shown it.
    super("invalid", Object.values(errors)[0] ?? "Some of the input is not valid.", errors);
    this.name = "PlanRefusedError";
    this.violations = violations;
  }
}

/** The plan changed since the person opened it: they must look again before acting on it (409). */
export class PlanChangedError extends DomainError {
  constructor(message = "This plan changed since you opened it. Please read it again before going on.") {
    super("conflict", message, { plan: message });
    this.name = "PlanChangedError";
  }
}
