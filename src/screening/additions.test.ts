// The contract's "Additions (December 2026)": new conditions, skin findings,
// procedures and the over-the-counter blood-thinner question, each with its own
// rule. Every rule is checked where it fires and where it stays quiet (its date
// boundary, its areas), in English and in French; and an intake written before
// the additions screens exactly as it did.
import fc from "fast-check";
import { Temporal } from "temporal-polyfill";
import { describe, expect, it } from "vitest";
import { screen } from "./engine.ts";
import { clientReasonText } from "./reasons-fr.ts";
import { DEFAULT_RULE_SET, effectiveRules, rulesVersionOf } from "./effective-rules.ts";
import { DEFAULT_RULES } from "./default-rules.ts";
import { ADDED_RULE_IDS, type RuleId } from "./rule-model.ts";
import { parseIntake, parseRuleOverrides } from "./schema.ts";
import { AS_OF, FIRES_ALONE, intake, ruleIds, shift } from "./test-fixtures.ts";
import {
  AREAS,
  ORIGINAL_CONDITIONS,
  ORIGINAL_PROCEDURES,
  ORIGINAL_SKIN_CONDITIONS,
  type Area,
  type NormalizedIntake,
  type Procedure,
  type ScreeningResult,
  type SkinCondition,
} from "./types.ts";

const NEW_RULES: readonly RuleId[] = ADDED_RULE_IDS;

const fr = (result: ScreeningResult, id: RuleId) =>
  clientReasonText(
    result.reasons.find((r) => r.ruleId === id)!,
    DEFAULT_RULE_SET,
    "fr",
  ).text;
const only = (result: ScreeningResult) => ruleIds(result);
const withProcedure = (type: Procedure, date: string, areas: Area[] | null = ["face"], treatmentAreas: Area[] = ["face"]) =>
  intake({ treatmentAreas, recentProcedures: [{ type, date, areas }] });
const withSkin = (type: SkinCondition, areas: Area[] | null, treatmentAreas: Area[] = ["face"]) =>
  intake({ treatmentAreas, skinConditions: [{ type, areas }] });

describe("an intake written before the additions", () => {
  // Only the value lists as they were before the additions: such an intake is "valid today".
  const oldIntake = fc.record({
    treatmentAreas: fc.subarray([...AREAS], { minLength: 1 }),
    conditions: fc.subarray([...ORIGINAL_CONDITIONS], { maxLength: 3 }),
    skin: fc.array(
      fc.record({
        type: fc.constantFrom(...ORIGINAL_SKIN_CONDITIONS),
        areas: fc.option(fc.subarray([...AREAS], { minLength: 1 }), { nil: undefined }),
      }),
      {
        maxLength: 2,
      },
    ),
    procedures: fc.array(
      fc.record({
        type: fc.constantFrom(...ORIGINAL_PROCEDURES),
        daysBefore: fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 400 })),
        areas: fc.option(fc.subarray([...AREAS], { minLength: 1 }), { nil: undefined }),
      }),
      { maxLength: 3 },
    ),
    anticoagulant: fc.option(fc.boolean(), { nil: undefined }),
    immunosuppressant: fc.option(fc.boolean(), { nil: undefined }),
    retinoidDaysBefore: fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined }),
    fitzpatrickType: fc.option(fc.constantFrom(1, 2, 3, 4, 5, 6), { nil: undefined }),
    expectsCompleteRemoval: fc.option(fc.boolean(), { nil: undefined }),
  });

  it("stays valid, normalizes to the same shape and gets the same result (the new rules never fire)", () => {
    // The rules as they were: the rows before the additions, in order.
    const before = DEFAULT_RULES.filter((r) => !NEW_RULES.includes(r.id));
    const oldRules = { rules: before, overrides: [], version: rulesVersionOf(before) };
    fc.assert(
      fc.property(oldIntake, (o) => {
        const back = (days: number) => Temporal.PlainDate.from(AS_OF).subtract({ days }).toString();
        const json = {
          asOf: AS_OF,
          treatmentAreas: o.treatmentAreas,
          conditions: o.conditions,
          skinConditions: o.skin.map((s) => ({ type: s.type, ...(s.areas ? { areas: s.areas } : {}) })),
          medications: {
            ...(o.anticoagulant === undefined ? {} : { anticoagulant: o.anticoagulant }),
            ...(o.immunosuppressant === undefined ? {} : { immunosuppressant: o.immunosuppressant }),
            ...(o.retinoidDaysBefore === undefined ? {} : { topicalRetinoidLastUsed: back(o.retinoidDaysBefore) }),
          },
          recentProcedures: o.procedures.map((p) => ({ type: p.type, date: back(p.daysBefore), ...(p.areas ? { areas: p.areas } : {}) })),
          ...(o.fitzpatrickType === undefined ? {} : { fitzpatrickType: o.fitzpatrickType }),
          ...(o.expectsCompleteRemoval === undefined ? {} : { expectsCompleteRemoval: o.expectsCompleteRemoval }),
        };
        const parsed = parseIntake(json, { today: AS_OF });
        expect(parsed.ok).toBe(true);
        if (!parsed.ok) return;
        // No new key appears in what is stored for an old intake.
        expect(Object.keys(parsed.intake.medications).sort()).toEqual([
          "anticoagulant",
          "immunosuppressant",
          "isotretinoin",
          "topicalRetinoidLastUsed",
        ]);
        const now = screen(parsed.intake, DEFAULT_RULE_SET);
        const then = screen(parsed.intake, oldRules);
        expect({ ...now, rulesVersion: "" }).toEqual({ ...then, rulesVersion: "" });
      }),
      { numRuns: 400 },
    );
  });

  it("answering the new medication question “no” is the same as not answering it", () => {
    const parsed = parseIntake({ asOf: AS_OF, treatmentAreas: ["face"], medications: { otcBloodThinner: false } }, { today: AS_OF });
    expect(parsed.ok && parsed.intake.medications).toEqual(intake().medications);
    expect(parsed.ok && screen(parsed.intake, DEFAULT_RULE_SET).outcome).toBe("suitable");
  });
});

describe("the new values are accepted by the schema", () => {
  it("conditions, skin findings, procedures and otcBloodThinner", () => {
    const parsed = parseIntake(
      {
        asOf: AS_OF,
        treatmentAreas: ["face"],
        conditions: ["hypertrophic-scars", "vitiligo", "lichen-planus", "collagen-vascular-other"],
        skinConditions: [{ type: "solar-keratosis" }, { type: "raised-mole-or-wart", areas: ["face"] }, { type: "tan" }],
        medications: { otcBloodThinner: true },
        recentProcedures: [
          { type: "radiation-therapy", date: "1990-01-01", areas: ["chest"] },
          { type: "facial-surgery", date: "2026-06-01" },
          { type: "trauma", date: "2026-06-01" },
          { type: "waxing", date: "2026-06-14" },
          { type: "electrolysis", date: "2026-06-14" },
          { type: "depilatory", date: "2026-06-14" },
          { type: "permanent-filler", date: "2010-06-14" },
          { type: "threads", date: "2020-06-14" },
        ],
      },
      { today: AS_OF },
    );
    expect(parsed.ok).toBe(true);
  });

  it("still refuses a procedure date after asOf, however long the rule's window", () => {
    const parsed = parseIntake(
      { asOf: AS_OF, treatmentAreas: ["face"], recentProcedures: [{ type: "radiation-therapy", date: shift(AS_OF, 1) }] },
      { today: AS_OF },
    );
    expect(parsed.ok).toBe(false);
  });
});

describe("each new rule fires alone, in English and in French", () => {
  it.each(NEW_RULES)("%s", (id) => {
    const result = screen(FIRES_ALONE[id], DEFAULT_RULE_SET);
    expect(only(result)).toEqual([id]);
    const rule = DEFAULT_RULES.find((r) => r.id === id)!;
    expect(result.outcome).toBe(rule.outcome);
    expect(result.reasons[0]!.clientMessage).not.toMatch(/[{}]/);
    expect(fr(result, id)).not.toMatch(/[{}]/);
    expect(fr(result, id)).not.toBe(result.reasons[0]!.clientMessage);
  });
});

describe("undated rules: areas decide", () => {
  it.each<[SkinCondition, RuleId]>([
    ["solar-keratosis", "solar-keratosis"],
    ["raised-mole-or-wart", "raised-mole-or-wart"],
    ["tan", "tan"],
  ])("%s fires in a treated area or with no area, not elsewhere", (type, id) => {
    expect(only(screen(withSkin(type, ["face", "body"]), DEFAULT_RULE_SET))).toEqual([id]);
    expect(only(screen(withSkin(type, null), DEFAULT_RULE_SET))).toEqual([id]);
    expect(only(screen(withSkin(type, ["body"]), DEFAULT_RULE_SET))).toEqual([]);
    expect(only(screen(withSkin(type, ["body"], ["face", "body"]), DEFAULT_RULE_SET))).toEqual([id]);
  });

  it("a tan defers with no date, until it has faded", () => {
    const result = screen(withSkin("tan", ["face"]), DEFAULT_RULE_SET);
    expect(result).toMatchObject({ outcome: "deferred", earliestDate: null, awaitingResolution: true });
    expect(result.reasons[0]!.until).toBeNull();
    expect(fr(result, "tan")).toContain("bronzage");
  });

  it("radiation to a treated area fires however long ago; to another area it does not", () => {
    for (const date of ["1960-01-01", "2025-06-15", AS_OF]) {
      expect(only(screen(withProcedure("radiation-therapy", date), DEFAULT_RULE_SET))).toEqual(["radiation-therapy"]);
    }
    expect(only(screen(withProcedure("radiation-therapy", "2001-01-01", null), DEFAULT_RULE_SET))).toEqual(["radiation-therapy"]);
    expect(only(screen(withProcedure("radiation-therapy", "2001-01-01", ["chest"]), DEFAULT_RULE_SET))).toEqual([]);
    const result = screen(withProcedure("radiation-therapy", "2001-01-01"), DEFAULT_RULE_SET);
    expect(result).toMatchObject({ outcome: "needs-review", earliestDate: null });
    expect(fr(result, "radiation-therapy")).toContain("radiothérapie");
  });

  it("the 12-month cancer-treatment rule still works beside the any-time radiation rule", () => {
    const both = intake({
      conditions: ["cancer-treatment-last-12-months"],
      recentProcedures: [{ type: "radiation-therapy", date: "2026-01-10", areas: ["face"] }],
    });
    expect(only(screen(both, DEFAULT_RULE_SET))).toEqual(["cancer-treatment", "radiation-therapy"]);
    expect(only(screen(intake({ conditions: ["cancer-treatment-last-12-months"] }), DEFAULT_RULE_SET))).toEqual(["cancer-treatment"]);
  });

  it("permanent filler and threads fire in a treated area at any date", () => {
    for (const type of ["permanent-filler", "threads"] as const) {
      expect(only(screen(withProcedure(type, "2005-05-05"), DEFAULT_RULE_SET))).toEqual(["permanent-filler-or-threads"]);
      expect(only(screen(withProcedure(type, "2005-05-05", ["neck"]), DEFAULT_RULE_SET))).toEqual([]);
    }
  });

  it("scleroderma stays the autoimmune rule; other collagen vascular disease is its own", () => {
    expect(only(screen(intake({ conditions: ["autoimmune-scleroderma"] }), DEFAULT_RULE_SET))).toEqual(["autoimmune"]);
    expect(only(screen(intake({ conditions: ["collagen-vascular-other"] }), DEFAULT_RULE_SET))).toEqual(["collagen-vascular"]);
  });

  it("hypertrophic scars ask for review; keloids stay not-suitable", () => {
    expect(screen(intake({ conditions: ["hypertrophic-scars"] }), DEFAULT_RULE_SET).outcome).toBe("needs-review");
    expect(screen(intake({ conditions: ["keloid-history", "hypertrophic-scars"] }), DEFAULT_RULE_SET).outcome).toBe("not-suitable");
  });

  it("over-the-counter blood thinners are a precaution that never says to stop a prescribed medicine", () => {
    const result = screen(intake({ medications: { otcBloodThinner: true } }), DEFAULT_RULE_SET);
    expect(result).toMatchObject({ outcome: "suitable-with-precautions", earliestDate: AS_OF });
    expect(result.reasons[0]!.clientMessage).toMatch(/don't stop any medicine your doctor prescribed/);
    expect(fr(result, "otc-blood-thinner")).toContain("N’arrêtez aucun médicament prescrit");
    // A prescribed anticoagulant still decides.
    expect(screen(intake({ medications: { otcBloodThinner: true, anticoagulant: true } }), DEFAULT_RULE_SET).outcome).toBe("not-suitable");
  });
});

describe("dated rules: the boundary", () => {
  it.each(["waxing", "electrolysis", "depilatory"] as const)("%s 6 days ago defers to day 7; 7 days ago it is over", (type) => {
    const six = screen(withProcedure(type, shift(AS_OF, -6)), DEFAULT_RULE_SET);
    expect(six.reasons.map((r) => [r.ruleId, r.until])).toEqual([["recent-hair-removal", shift(AS_OF, 1)]]);
    expect(six).toMatchObject({ outcome: "deferred", earliestDate: shift(AS_OF, 1), awaitingResolution: false });
    expect(six.reasons[0]!.clientMessage).toContain("wait 7 days");
    expect(fr(six, "recent-hair-removal")).toContain("7\u00a0jours");
    expect(only(screen(withProcedure(type, shift(AS_OF, -7)), DEFAULT_RULE_SET))).toEqual([]);
    expect(only(screen(withProcedure(type, AS_OF), DEFAULT_RULE_SET))).toEqual(["recent-hair-removal"]);
    // Only where it overlaps the treatment.
    expect(only(screen(withProcedure(type, shift(AS_OF, -1), ["body"]), DEFAULT_RULE_SET))).toEqual([]);
  });

  it.each(["facial-surgery", "trauma"] as const)("%s: deferred 6 calendar months from its date, quiet from then on", (type) => {
    // asOf 2026-06-15: 2025-12-16 + 6 months = 2026-06-16 (one more day); 2025-12-15 + 6 months = asOf (over).
    const inside = screen(withProcedure(type, "2025-12-16"), DEFAULT_RULE_SET);
    expect(inside.reasons.map((r) => [r.ruleId, r.until])).toEqual([["recent-surgery-or-trauma", "2026-06-16"]]);
    expect(inside.reasons[0]!.clientMessage).toContain("wait 6 months");
    expect(fr(inside, "recent-surgery-or-trauma")).toContain("6\u00a0mois");
    expect(only(screen(withProcedure(type, "2025-12-15"), DEFAULT_RULE_SET))).toEqual([]);
    // Month ends clamp: 2025-12-31 + 6 months = 2026-06-30.
    const clamp = screen({ ...withProcedure(type, "2025-12-31"), asOf: "2026-06-29" }, DEFAULT_RULE_SET);
    expect(clamp.reasons[0]?.until).toBe("2026-06-30");
    expect(only(screen(withProcedure(type, "2026-06-01", ["neck"]), DEFAULT_RULE_SET))).toEqual([]);
    expect(only(screen(withProcedure(type, "2026-06-01", ["neck"], ["face", "neck"]), DEFAULT_RULE_SET))).toEqual([
      "recent-surgery-or-trauma",
    ]);
  });
});

describe("clinic overrides plug into the new rules", () => {
  it("a clinic changes the new waits and outcomes; messages follow in both languages", () => {
    const parsed = parseRuleOverrides([
      { ruleId: "recent-hair-removal", period: { days: 14 } },
      { ruleId: "recent-surgery-or-trauma", period: { days: 49 } },
      { ruleId: "raised-mole-or-wart", outcome: "suitable-with-precautions" },
    ]);
    expect(parsed.ok).toBe(true);
    const rules = effectiveRules(parsed.ok ? parsed.overrides : []);
    expect(rules.version).not.toBe(DEFAULT_RULE_SET.version);

    const waxed = screen(withProcedure("waxing", shift(AS_OF, -10)), rules);
    expect(waxed.reasons[0]).toMatchObject({ ruleId: "recent-hair-removal", until: shift(AS_OF, 4) });
    expect(waxed.reasons[0]!.clientMessage).toContain("wait 14 days");
    expect(clientReasonText(waxed.reasons[0]!, rules, "fr").text).toContain("14\u00a0jours");

    expect(only(screen(withProcedure("facial-surgery", shift(AS_OF, -49)), rules))).toEqual([]);
    expect(only(screen(withProcedure("facial-surgery", shift(AS_OF, -48)), rules))).toEqual(["recent-surgery-or-trauma"]);

    expect(screen(withSkin("raised-mole-or-wart", ["face"]), rules).outcome).toBe("suitable-with-precautions");
  });

  it("refuses a period on an undated new rule", () => {
    const parsed = parseRuleOverrides([{ ruleId: "tan", period: { days: 14 } }]);
    expect(parsed.ok).toBe(false);
  });
});

// Keeps the fixture honest: the intake every test above starts from reports nothing.
it("the base intake is suitable", () => {
  const base: NormalizedIntake = intake();
  expect(screen(base, DEFAULT_RULE_SET).outcome).toBe("suitable");
});
