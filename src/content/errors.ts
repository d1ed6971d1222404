// The publishing desk's own refusals. Both are conflicts with where the
// document stands, not bad input: the text is kept, and the editor is told
// what stops the step (the route shows the guard's report for a block).
import { DomainError } from "../kernel/errors.ts";
import type { GuardReport } from "./findings.ts";

/** The guard found something that blocks this step. The text is saved; the report says why. */
export class GuardBlockedError extends DomainError {
  readonly report: GuardReport;
  constructor(r: GuardReport, step: string) {
    const n = r.findings.filter((f) => f.severity === "block").length;
    super(
      "conflict",
      `Not ${step}: the quality guard found ${n === 1 ? "a problem" : `${n} problems`} that must be fixed first. The text is saved.`,
    );
    this.name = "GuardBlockedError";
    this.report = r;
  }
}

/** The step does not fit where the document is in its workflow (already published, scheduled…). */
export class ContentStateError extends DomainError {
  constructor(message: string) {
    super("conflict", message);
    this.name = "ContentStateError";
  }
}
