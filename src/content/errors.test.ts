import { describe, expect, it } from "vitest";
import { DomainError, problemOf } from "../kernel/errors.ts";
import { ContentStateError, GuardBlockedError } from "./errors.ts";

describe("the publishing desk's refusals", () => {
  it("are conflicts of the one domain error, with their names, messages and the guard's report", () => {
    const report = {
      findings: [
        { rule: "link.empty", severity: "block" as const, message: "The link has no address." },
        { rule: "text.editor-note", severity: "block" as const, message: "A note is left." },
        { rule: "meta.summary-missing", severity: "info" as const, message: "There is no summary." },
      ],
      blocked: true,
      needsConfirmation: false,
    };
    const blocked = new GuardBlockedError(report, "published");
    expect(blocked).toBeInstanceOf(DomainError);
    expect(blocked).toMatchObject({ name: "GuardBlockedError", code: "conflict", status: 409, errors: {} });
    expect(blocked.message).toBe("Not published: the quality guard found 2 problems that must be fixed first. The text is saved.");
    expect(blocked.report).toBe(report);

    const state = new ContentStateError("It is not scheduled.");
    expect(state).toBeInstanceOf(DomainError);
    expect(state).toMatchObject({ name: "ContentStateError", code: "conflict", message: "It is not scheduled." });
    expect(problemOf(state)).toEqual({ status: 409, message: "It is not scheduled.", errors: {} });
  });
});
