import { describe, expect, it } from "vitest";
import { applyDayOfChanges, dayOfChangesFromForm, type DayOfChanges } from "./day-of.ts";
import { allowsDate, screen } from "./engine.ts";
import { DEFAULT_RULE_SET } from "./effective-rules.ts";
import { intake, NO_DAY_OF_CHANGES, ruleIds } from "./test-fixtures.ts";

const TODAY = "2026-07-20";
function rescreen(changes: Partial<DayOfChanges>, base = intake({ conditions: ["hsv-history"] })) {
  const r = applyDayOfChanges(base, { ...NO_DAY_OF_CHANGES, ...changes }, TODAY);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return screen(r.intake, DEFAULT_RULE_SET);
}

describe("the day-of re-screen", () => {
  it("keeps a clean intake clean as of today, and keeps the intake's standing answers", () => {
    const result = rescreen({});
    expect(result.outcome).toBe("suitable-with-precautions");
    expect(ruleIds(result)).toEqual(["hsv-history"]);
    expect(allowsDate(result, TODAY)).toBe(true);
  });

  it("blocks the session for what changed: sunburn, a cold sore, pregnancy, a new blood thinner, a peel last week", () => {
    expect(ruleIds(rescreen({ skin: ["sunburn"] }))).toContain("sunburn");
    const sore = rescreen({ skin: ["cold-sore"] });
    expect(ruleIds(sore)).toContain("cold-sore");
    expect(ruleIds(sore)).not.toContain("hsv-history");
    expect(allowsDate(sore, TODAY)).toBe(false);
    expect(rescreen({ pregnant: true }).outcome).toBe("deferred");
    expect(rescreen({ startedAnticoagulant: true }).outcome).toBe("not-suitable");
    const peel = rescreen({ procedure: { type: "chemical-peel", date: "2026-07-14" } });
    expect(peel.earliestDate).toBe("2026-07-28");
    expect(allowsDate(peel, TODAY)).toBe(false);
    expect(rescreen({ topicalRetinoidLastUsed: "2026-07-19" }).earliestDate).toBe("2026-07-22");
  });

  it("lets yesterday's breakout go once the skin is clear today (the day's findings replace the intake's)", () => {
    const base = intake({ skinConditions: [{ type: "acne-breakout", areas: null }] });
    expect(screen(base, DEFAULT_RULE_SET).outcome).toBe("deferred");
    expect(rescreen({}, base).outcome).toBe("suitable");
  });

  it("records a new eczema, psoriasis or rosacea flare, or a tan, feeding the same rules as the intake", () => {
    for (const flare of ["eczema-flare", "psoriasis-flare", "rosacea-flare"] as const) {
      const result = rescreen({ skin: [flare] });
      expect(ruleIds(result), flare).toContain("inflammatory-flare");
      expect(result.outcome).toBe("deferred");
      expect(allowsDate(result, TODAY)).toBe(false);
    }
    const tan = rescreen({ skin: ["tan"] });
    expect(ruleIds(tan)).toContain("tan");
    expect(tan).toMatchObject({ outcome: "deferred", awaitingResolution: true });
    // From the form, too.
    const { changes } = dayOfChangesFromForm(
      () => "",
      (n) => (n === "skin" ? ["rosacea-flare", "tan"] : []),
    );
    expect(changes.skin).toEqual(["rosacea-flare", "tan"]);
  });

  it("a flare or tan the intake reported is replaced by what the skin shows today; other findings are kept", () => {
    const base = intake({
      skinConditions: [
        { type: "eczema-flare", areas: null },
        { type: "tan", areas: ["face"] },
        { type: "solar-keratosis", areas: ["face"] },
      ],
    });
    expect(ruleIds(screen(base, DEFAULT_RULE_SET))).toEqual(["solar-keratosis", "inflammatory-flare", "tan"]);
    expect(ruleIds(rescreen({}, base))).toEqual(["solar-keratosis"]);
  });

  it("reads the checklist form and names the field of each problem", () => {
    const form = new Map<string, string>([
      ["pregnant", "yes"],
      ["procedureType", "laser"],
      ["procedureDate", "July 1st"],
    ]);
    const { changes, errors } = dayOfChangesFromForm(
      (n) => form.get(n) ?? "",
      (n) => (n === "skin" ? ["sunburn", "not-a-finding"] : []),
    );
    expect(changes.pregnant).toBe(true);
    expect(changes.skin).toEqual(["sunburn"]);
    expect(errors).toHaveProperty("procedureDate");
    const future = applyDayOfChanges(intake(), { ...NO_DAY_OF_CHANGES, procedure: { type: "laser", date: "2026-08-01" } }, TODAY);
    expect(future.ok).toBe(false);
    if (!future.ok) expect(future.errors).toHaveProperty("procedureDate");
  });
});
