import fc from "fast-check";
import { Temporal } from "temporal-polyfill";
import { describe, expect, it } from "vitest";
import { allowsDate, screen, severityOf } from "./engine.ts";
import { DEFAULT_RULES } from "./default-rules.ts";
import { RULE_IDS } from "./rule-model.ts";
import { effectiveRules, type RuleOverride } from "./effective-rules.ts";
import { parseIntake } from "./schema.ts";
import { intake } from "./test-fixtures.ts";
import {
  AREAS,
  CONDITIONS,
  FITZPATRICK_TYPES,
  PROCEDURES,
  REASON_OUTCOMES,
  SKIN_CONDITIONS,
  type Intake,
  type NormalizedIntake,
  type PlainDate,
  type ScreeningResult,
} from "./types.ts";

// Random valid intakes, random clinic overrides and random probe dates, checked
// against the contract's invariants. Dates cluster near asOf so that the 3-, 14-
// and 28-day windows and the 6-month window are all hit often, boundaries included.

const EPOCH = Temporal.PlainDate.from("2020-01-01");
const day = (offset: number) => EPOCH.add({ days: offset }).toString();
const before = (asOf: PlainDate, days: number) => Temporal.PlainDate.from(asOf).subtract({ days }).toString();
const cmp = (a: PlainDate, b: PlainDate) => Temporal.PlainDate.compare(a, b);

const daysBefore = fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 150, max: 200 }), fc.integer({ min: 0, max: 800 }));
const areas = fc.option(fc.subarray([...AREAS], { minLength: 1 }), { nil: null });

/** `value` usually, `arb` now and then: most people have little to report. */
const sometimes = <T>(arb: fc.Arbitrary<T>, value: T, oneIn: number): fc.Arbitrary<T> =>
  fc.oneof({ weight: oneIn - 1, arbitrary: fc.constant(value) }, { weight: 1, arbitrary: arb });
const chance = (oneIn: number) => fc.integer({ min: 1, max: oneIn }).map((n) => n === 1);

const intakeArb: fc.Arbitrary<NormalizedIntake> = fc
  .record({
    asOf: fc.integer({ min: 0, max: 365 * 12 }).map(day),
    birthDaysBefore: fc.oneof(
      fc.constant(null),
      fc.integer({ min: 365 * 17, max: 365 * 19 }),
      fc.integer({ min: 365 * 18, max: 365 * 90 }),
      fc.integer({ min: 365 * 18, max: 365 * 90 }),
    ),
    treatmentAreas: fc.subarray([...AREAS], { minLength: 1 }),
    fitzpatrickType: fc.option(fc.constantFrom(...FITZPATRICK_TYPES), { nil: null }),
    fitzpatrickAnswers: fc.option(fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 10, maxLength: 10 }), { nil: null }),
    conditions: sometimes(fc.subarray([...CONDITIONS], { minLength: 1, maxLength: 2 }), [], 3),
    skinConditions: sometimes(
      fc.array(fc.record({ type: fc.constantFrom(...SKIN_CONDITIONS), areas }), { minLength: 1, maxLength: 2 }),
      [],
      3,
    ),
    isotretinoin: sometimes<number | null | undefined>(fc.oneof(fc.constant(null), daysBefore, daysBefore), undefined, 3),
    anticoagulant: chance(15),
    immunosuppressant: chance(15),
    retinoidDaysBefore: sometimes<number | null>(daysBefore, null, 2),
    procedures: sometimes(
      fc.array(fc.record({ type: fc.constantFrom(...PROCEDURES), daysBefore, areas }), { minLength: 1, maxLength: 3 }),
      [],
      2,
    ),
    expectsCompleteRemoval: chance(5),
  })
  .map((g) => ({
    asOf: g.asOf,
    birthDate: g.birthDaysBefore === null ? null : before(g.asOf, g.birthDaysBefore),
    treatmentAreas: g.treatmentAreas,
    fitzpatrickType: g.fitzpatrickType,
    fitzpatrickAnswers: g.fitzpatrickAnswers,
    conditions: g.conditions,
    skinConditions: g.skinConditions,
    medications: {
      isotretinoin:
        g.isotretinoin === undefined
          ? null
          : g.isotretinoin === null
            ? { status: "current" as const }
            : { status: "stopped" as const, stoppedOn: before(g.asOf, g.isotretinoin) },
      anticoagulant: g.anticoagulant,
      immunosuppressant: g.immunosuppressant,
      topicalRetinoidLastUsed: g.retinoidDaysBefore === null ? null : before(g.asOf, g.retinoidDaysBefore),
    },
    recentProcedures: g.procedures.map((p) => ({ type: p.type, date: before(g.asOf, p.daysBefore), areas: p.areas })),
    expectsCompleteRemoval: g.expectsCompleteRemoval,
  }));

const periodArb = fc.oneof(
  fc.integer({ min: 1, max: 24 }).map((months) => ({ months })),
  fc.integer({ min: 1, max: 120 }).map((days) => ({ days })),
);

const overridesArb = (ruleIds: readonly string[]): fc.Arbitrary<RuleOverride[]> =>
  fc.oneof(
    fc.constant<RuleOverride[]>([]),
    fc
      .uniqueArray(
        fc.record({
          ruleId: fc.constantFrom(...ruleIds),
          outcome: fc.option(fc.constantFrom(...REASON_OUTCOMES), { nil: undefined }),
          period: periodArb,
        }),
        { selector: (o) => o.ruleId, minLength: 1, maxLength: 5 },
      )
      .map((list) =>
        list.map((o) => {
          const dated = DEFAULT_RULES.find((r) => r.id === o.ruleId)!.period !== null;
          if (dated) return o.outcome === undefined ? { ruleId: o.ruleId, period: o.period } : o;
          return { ruleId: o.ruleId, outcome: o.outcome ?? "needs-review" };
        }),
      ),
  );

const tableIndex = (id: string) => RULE_IDS.indexOf(id as never);

function checkInvariants(i: NormalizedIntake, result: ScreeningResult) {
  // The outcome is the most severe reason's, "suitable" with none.
  const worst = result.reasons.reduce((w, r) => Math.max(w, severityOf(r.outcome)), severityOf("suitable"));
  expect(severityOf(result.outcome)).toBe(worst);
  if (result.reasons.length > 0) expect(result.outcome).toBe(result.reasons[0]!.outcome);

  // Sorted: most severe first, then table order; one reason per rule.
  for (let k = 1; k < result.reasons.length; k++) {
    const [a, b] = [result.reasons[k - 1]!, result.reasons[k]!];
    const bySeverity = severityOf(a.outcome) - severityOf(b.outcome);
    expect(bySeverity > 0 || (bySeverity === 0 && tableIndex(a.ruleId) < tableIndex(b.ruleId))).toBe(true);
  }
  expect(new Set(result.reasons.map((r) => r.ruleId)).size).toBe(result.reasons.length);

  // Only deferrals carry dates, and a date that fires lies after asOf.
  for (const r of result.reasons) {
    if (r.outcome !== "deferred") expect(r.until).toBeNull();
    if (r.until !== null) expect(cmp(r.until, i.asOf)).toBeGreaterThan(0);
  }

  const deferrals = result.reasons.filter((r) => r.outcome === "deferred");
  const onlyUndated = result.outcome === "deferred" && deferrals.every((r) => r.until === null);
  expect(result.earliestDate === null).toBe(result.outcome === "needs-review" || result.outcome === "not-suitable" || onlyUndated);
  expect(result.awaitingResolution).toBe(deferrals.some((r) => r.until === null));
  if (result.earliestDate !== null) expect(cmp(result.earliestDate, i.asOf)).toBeGreaterThanOrEqual(0);
  if (result.outcome === "suitable" || result.outcome === "suitable-with-precautions") expect(result.earliestDate).toBe(i.asOf);
  if (result.outcome === "deferred" && result.earliestDate !== null) {
    expect(result.earliestDate).toBe(
      deferrals
        .map((r) => r.until!)
        .filter(Boolean)
        .sort(cmp)
        .at(-1),
    );
  }
}

/** The contract's JSON for a normalized intake. */
function toJson(i: NormalizedIntake): Intake {
  const m = i.medications;
  return {
    asOf: i.asOf,
    ...(i.birthDate === null ? {} : { birthDate: i.birthDate }),
    treatmentAreas: i.treatmentAreas,
    ...(i.fitzpatrickType === null ? {} : { fitzpatrickType: i.fitzpatrickType }),
    ...(i.fitzpatrickAnswers === null ? {} : { fitzpatrickAnswers: i.fitzpatrickAnswers }),
    conditions: i.conditions,
    skinConditions: i.skinConditions.map((s) => (s.areas === null ? { type: s.type } : { type: s.type, areas: s.areas })),
    medications: {
      ...(m.isotretinoin === null ? {} : { isotretinoin: m.isotretinoin }),
      anticoagulant: m.anticoagulant,
      immunosuppressant: m.immunosuppressant,
      ...(m.topicalRetinoidLastUsed === null ? {} : { topicalRetinoidLastUsed: m.topicalRetinoidLastUsed }),
    },
    recentProcedures: i.recentProcedures.map((p) =>
      p.areas === null ? { type: p.type, date: p.date } : { type: p.type, date: p.date, areas: p.areas },
    ),
    expectsCompleteRemoval: i.expectsCompleteRemoval,
  };
}

const RUNS = { numRuns: 1500 };

describe("screening invariants (property-based)", () => {
  it("outcome, order, dates and flags follow the contract, with or without overrides", () => {
    fc.assert(
      fc.property(intakeArb, overridesArb(RULE_IDS), (i, overrides) => {
        const rules = effectiveRules(overrides);
        const result = screen(i, rules);
        checkInvariants(i, result);
        expect(result.rulesVersion).toBe(rules.version);
        expect(screen(structuredClone(i), effectiveRules(overrides))).toEqual(result);
      }),
      RUNS,
    );
  });

  it("re-screening on the latest dated until finds no dated deferral left", () => {
    fc.assert(
      fc.property(intakeArb, overridesArb(RULE_IDS), (i, overrides) => {
        const rules = effectiveRules(overrides);
        const result = screen(i, rules);
        const untils = result.reasons.flatMap((r) => (r.until === null ? [] : [r.until])).sort(cmp);
        if (untils.length === 0) return;
        const later = screen(i, rules, { asOf: untils.at(-1)! });
        expect(later.reasons.filter((r) => r.until !== null)).toEqual([]);
        const pauseIsMild = rules.rules.find((r) => r.id === "topical-retinoid-pause")!.outcome === "suitable-with-precautions";
        if (result.outcome === "deferred" && !result.awaitingResolution && pauseIsMild) {
          // Nothing undated and nothing more severe was waiting: the earliest date is really open.
          expect(result.earliestDate).toBe(untils.at(-1));
          expect(["suitable", "suitable-with-precautions"]).toContain(later.outcome);
          expect(later.earliestDate).toBe(result.earliestDate);
          expect(allowsDate(result, result.earliestDate!)).toBe(true);
        }
      }),
      RUNS,
    );
  });

  // topical-retinoid-pause is the one rule that starts firing as time passes; with its
  // default outcome (the mildest) it can never take an allowed date away. Overrides that
  // raise it are the documented exception (see docs/screening.md and the unit test below).
  const monotoneRuleIds = RULE_IDS.filter((id) => id !== "topical-retinoid-pause");

  it("allowsDate never allows a date that a re-screen on that date would refuse", () => {
    fc.assert(
      fc.property(intakeArb, overridesArb(monotoneRuleIds), fc.integer({ min: -30, max: 500 }), (i, overrides, offset) => {
        const rules = effectiveRules(overrides);
        const result = screen(i, rules);
        const date = Temporal.PlainDate.from(i.asOf).add({ days: offset }).toString();
        if (!allowsDate(result, date)) return;
        const onThatDay = screen(i, rules, { asOf: date });
        checkInvariants({ ...i, asOf: date }, onThatDay);
        expect(allowsDate(onThatDay, date)).toBe(true);
      }),
      RUNS,
    );
  });

  it("every generated intake is valid JSON input and parses back to itself", () => {
    fc.assert(
      fc.property(intakeArb, (i) => {
        const parsed = parseIntake(JSON.parse(JSON.stringify(toJson(i))), { today: "2000-01-01" });
        expect(parsed).toEqual({ ok: true, intake: i });
      }),
      { numRuns: 500 },
    );
  });
});

describe("the documented limit of allowsDate", () => {
  it("a clinic that raises the retinoid reminder above a precaution can see it appear later", () => {
    const rules = effectiveRules([{ ruleId: "topical-retinoid-pause", outcome: "needs-review" }]);
    const i = intake({ medications: { topicalRetinoidLastUsed: "2026-06-14" } });
    const now = screen(i, rules);
    expect(now).toMatchObject({ outcome: "deferred", earliestDate: "2026-06-17" });
    expect(allowsDate(now, "2026-06-17")).toBe(true);
    expect(screen(i, rules, { asOf: "2026-06-17" }).outcome).toBe("needs-review");
  });
});
