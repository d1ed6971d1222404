// Every audited action reads as words on the audit page: a new action without a label fails here.
import { describe, expect, it } from "vitest";
import { AUDIT_ACTIONS } from "./actions.ts";
import { ACTION_LABELS, actionLabel, roleLabel } from "./labels.ts";

describe("audit labels", () => {
  it("name every action in AUDIT_ACTIONS in words", () => {
    const missing = AUDIT_ACTIONS.filter((a) => !ACTION_LABELS[a]?.trim());
    expect(missing, `add a label in src/audit/labels.ts for: ${missing.join(", ")}`).toEqual([]);
    for (const action of AUDIT_ACTIONS) {
      const label = actionLabel(action);
      expect(label, action).not.toBe(action);
      // Words, not a code like "staff.sign-in".
      expect(label, action).not.toMatch(/^[a-z-]+\.[a-z.-]+$/);
      expect(label, action).toMatch(/^[A-Z]/);
    }
  });

  it("label only actions that exist (a renamed action leaves no stale label behind)", () => {
    const known = new Set<string>(AUDIT_ACTIONS);
    expect(Object.keys(ACTION_LABELS).filter((a) => !known.has(a))).toEqual([]);
  });

  it("name each role", () => {
    expect(roleLabel("owner")).toBe("Owner");
    expect(roleLabel("front-desk")).toBe("Front desk");
    expect(roleLabel(null)).toBe("");
  });
});
