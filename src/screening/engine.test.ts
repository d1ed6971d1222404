import { Temporal } from "temporal-polyfill";
import { describe, expect, it } from "vitest";
import { allowsDate, scoreFitzpatrick, screen, severityOf } from "./engine.ts";
import { DEFAULT_RULE_SET, effectiveRules, type EffectiveRules } from "./effective-rules.ts";
import { DEFAULT_RULES } from "./default-rules.ts";
import { RULE_IDS, type Rule, type RuleId } from "./rule-model.ts";
import { AS_OF, FIRES_ALONE, intake, ruleIds, shift } from "./test-fixtures.ts";
import { OUTCOMES, REASON_OUTCOMES, type NormalizedIntake, type Procedure } from "./types.ts";

const run = (i: NormalizedIntake, asOf?: string) => screen(i, DEFAULT_RULE_SET, asOf === undefined ? {} : { asOf });
const reasonOf = (i: NormalizedIntake, id: RuleId, asOf?: string) => run(i, asOf).reasons.find((r) => r.ruleId === id);

describe("a clean intake", () => {
  it("is suitable from asOf, with no reasons, carrying the rules version", () => {
    expect(run(intake())).toEqual({
      outcome: "suitable",
      earliestDate: AS_OF,
      awaitingResolution: false,
      fitzpatrickType: null,
      reasons: [],
      rulesVersion: DEFAULT_RULE_SET.version,
    });
  });
});

describe("every rule fires", () => {
  it.each(RULE_IDS)("%s fires alone on its example, with its default outcome, messages and citations", (id) => {
    const rule = DEFAULT_RULES.find((r) => r.id === id)!;
    const result = run(FIRES_ALONE[id]);
    expect(ruleIds(result)).toEqual([id]);
    const [reason] = result.reasons;
    expect(reason!.outcome).toBe(rule.outcome);
    expect(result.outcome).toBe(rule.outcome);
    expect(reason!.citations).toEqual(rule.citations);
    expect(reason!.clientMessage).not.toContain("{period}");
    expect(reason!.staffNote).not.toContain("{period}");
  });

  it("and stays quiet on a clean intake", () => {
    expect(run(intake()).reasons).toEqual([]);
  });
});

describe("conditions", () => {
  it.each([
    ["bleeding-disorder", "bleeding-disorder"],
    ["keloid-history", "keloid-history"],
    ["metal-allergy", "metal-allergy"],
    ["autoimmune-lupus", "autoimmune"],
    ["autoimmune-scleroderma", "autoimmune"],
    ["autoimmune-other", "autoimmune"],
    ["diabetes-uncontrolled", "diabetes-uncontrolled"],
    ["immunosuppression", "immunosuppression"],
    ["cancer-treatment-last-12-months", "cancer-treatment"],
    ["pregnant", "pregnancy"],
    ["breastfeeding", "breastfeeding"],
    ["diabetes-controlled", "diabetes-controlled"],
    ["anaesthetic-allergy", "anaesthetic-allergy"],
  ] as const)("condition %s fires %s, whatever the treatment area", (condition, id) => {
    for (const area of ["face", "scalp", "body"] as const) {
      expect(ruleIds(run(intake({ conditions: [condition], treatmentAreas: [area] })))).toEqual([id]);
    }
  });

  it("gives one autoimmune reason for several autoimmune conditions", () => {
    expect(ruleIds(run(intake({ conditions: ["autoimmune-lupus", "autoimmune-scleroderma", "autoimmune-other"] })))).toEqual([
      "autoimmune",
    ]);
  });

  it("fires immunosuppression for the condition, the medication, or both, once", () => {
    expect(ruleIds(run(intake({ medications: { immunosuppressant: true } })))).toEqual(["immunosuppression"]);
    expect(ruleIds(run(intake({ conditions: ["immunosuppression"], medications: { immunosuppressant: true } })))).toEqual([
      "immunosuppression",
    ]);
  });

  it("fires anticoagulant from the medication answer only", () => {
    expect(ruleIds(run(intake({ medications: { anticoagulant: true } })))).toEqual(["anticoagulant"]);
    expect(ruleIds(run(intake({ medications: { anticoagulant: false } })))).toEqual([]);
  });

  it("undated deferrals have no until and await resolution", () => {
    const result = run(intake({ conditions: ["pregnant"] }));
    expect(result.reasons[0]!.until).toBeNull();
    expect(result).toMatchObject({ outcome: "deferred", earliestDate: null, awaitingResolution: true });
  });
});

describe("skin conditions and areas", () => {
  const face = ["face"] as const;
  it.each([
    ["infection", "active-infection"],
    ["open-wound", "active-infection"],
    ["acne-breakout", "active-acne"],
    ["cold-sore", "cold-sore"],
    ["eczema-flare", "inflammatory-flare"],
    ["psoriasis-flare", "inflammatory-flare"],
    ["rosacea-flare", "inflammatory-flare"],
    ["sunburn", "sunburn"],
    ["irritation", "sunburn"],
    ["suspicious-lesion", "suspicious-lesion"],
  ] as const)("%s in a treated area fires %s; elsewhere it is quiet", (type, id) => {
    expect(ruleIds(run(intake({ treatmentAreas: face, skinConditions: [{ type, areas: ["face"] }] })))).toEqual([id]);
    expect(ruleIds(run(intake({ treatmentAreas: ["neck", "chest"], skinConditions: [{ type, areas: ["hands", "chest"] }] })))).toEqual([
      id,
    ]);
    expect(ruleIds(run(intake({ treatmentAreas: ["neck"], skinConditions: [{ type, areas: ["hands", "scalp"] }] })))).toEqual([]);
  });

  it.each(["infection", "acne-breakout", "eczema-flare", "sunburn", "suspicious-lesion"] as const)(
    "%s without areas is assumed everywhere",
    (type) => {
      expect(run(intake({ treatmentAreas: ["hands"], skinConditions: [{ type, areas: null }] })).reasons).toHaveLength(1);
    },
  );

  it("acne on the back does not defer a facial treatment", () => {
    const result = run(intake({ treatmentAreas: ["face"], skinConditions: [{ type: "acne-breakout", areas: ["body"] }] }));
    expect(result).toMatchObject({ outcome: "suitable", reasons: [] });
  });

  it("gives one reason when several findings map to the same rule", () => {
    const result = run(
      intake({
        skinConditions: [
          { type: "infection", areas: ["face"] },
          { type: "open-wound", areas: null },
        ],
      }),
    );
    expect(ruleIds(result)).toEqual(["active-infection"]);
  });

  it("a cold sore without areas is on the face", () => {
    const sore = [{ type: "cold-sore" as const, areas: null }];
    expect(ruleIds(run(intake({ treatmentAreas: ["face"], skinConditions: sore })))).toEqual(["cold-sore"]);
    expect(ruleIds(run(intake({ treatmentAreas: ["neck", "scalp"], skinConditions: sore })))).toEqual([]);
  });

  it("a cold sore with areas is where it says", () => {
    expect(ruleIds(run(intake({ treatmentAreas: ["neck"], skinConditions: [{ type: "cold-sore", areas: ["neck"] }] })))).toEqual([
      "cold-sore",
    ]);
    expect(ruleIds(run(intake({ treatmentAreas: ["face"], skinConditions: [{ type: "cold-sore", areas: ["neck"] }] })))).toEqual([]);
  });
});

describe("hsv-history", () => {
  const hsv = { conditions: ["hsv-history" as const] };
  it("fires when the face is treated and no cold sore is active there", () => {
    expect(ruleIds(run(intake({ ...hsv, treatmentAreas: ["face", "neck"] })))).toEqual(["hsv-history"]);
  });
  it("is quiet when the face is not treated", () => {
    expect(ruleIds(run(intake({ ...hsv, treatmentAreas: ["neck", "chest"] })))).toEqual([]);
  });
  it("gives way to the cold-sore deferral while a cold sore is active in a treated area", () => {
    expect(ruleIds(run(intake({ ...hsv, skinConditions: [{ type: "cold-sore", areas: null }] })))).toEqual(["cold-sore"]);
    expect(
      ruleIds(run(intake({ ...hsv, treatmentAreas: ["face", "neck"], skinConditions: [{ type: "cold-sore", areas: ["neck"] }] }))),
    ).toEqual(["cold-sore"]);
  });
  it("still fires when the only cold sore is outside the treated areas", () => {
    expect(ruleIds(run(intake({ ...hsv, treatmentAreas: ["face"], skinConditions: [{ type: "cold-sore", areas: ["neck"] }] })))).toEqual([
      "hsv-history",
    ]);
  });
});

describe("waiting periods after procedures", () => {
  const cases: [Procedure, RuleId, number][] = [
    ["chemical-peel", "recent-chemical-peel", 14],
    ["laser", "recent-laser", 28],
    ["ipl", "recent-laser", 28],
    ["neurotoxin", "recent-neurotoxin", 14],
    ["dermal-filler", "recent-filler", 28],
    ["microneedling", "recent-microneedling", 28],
  ];

  it.each(cases)("%s: %s defers until date + %i days, fires the day before and is quiet on that day", (type, id, days) => {
    const date = "2026-05-20";
    const until = shift(date, days);
    const i = intake({ recentProcedures: [{ type, date, areas: ["face"] }] });
    expect(reasonOf(i, id, shift(until, -1))).toMatchObject({ outcome: "deferred", until });
    expect(reasonOf(i, id, date)).toMatchObject({ until });
    expect(run(i, shift(until, -1))).toMatchObject({ outcome: "deferred", earliestDate: until, awaitingResolution: false });
    expect(run(i, until)).toMatchObject({ outcome: "suitable", earliestDate: until, reasons: [] });
    expect(run(i, shift(until, 1)).reasons).toEqual([]);
  });

  it.each(cases)("%s outside the treated areas does not defer; without areas it does", (type) => {
    const date = shift(AS_OF, -1);
    expect(run(intake({ treatmentAreas: ["face"], recentProcedures: [{ type, date, areas: ["body", "hands"] }] })).reasons).toEqual([]);
    expect(run(intake({ treatmentAreas: ["scalp"], recentProcedures: [{ type, date, areas: null }] })).reasons).toHaveLength(1);
  });

  it("counts days across a leap day", () => {
    const i = intake({ recentProcedures: [{ type: "chemical-peel", date: "2028-02-20", areas: null }] });
    expect(reasonOf(i, "recent-chemical-peel", "2028-03-01")?.until).toBe("2028-03-05");
  });

  it("takes the latest end when the same rule has several procedures, in one reason", () => {
    const i = intake({
      recentProcedures: [
        { type: "laser", date: "2026-06-01", areas: ["face"] },
        { type: "ipl", date: "2026-06-10", areas: ["face"] },
        { type: "laser", date: "2026-06-12", areas: ["neck"] },
      ],
    });
    const result = run(i);
    expect(ruleIds(result)).toEqual(["recent-laser"]);
    expect(result.reasons[0]!.until).toBe("2026-07-08");
    expect(result.earliestDate).toBe("2026-07-08");
  });

  it("a procedure dated after asOf (screening an earlier day) still counts: its wait has not even started", () => {
    const i = intake({ recentProcedures: [{ type: "neurotoxin", date: "2026-07-01", areas: null }] });
    expect(reasonOf(i, "recent-neurotoxin", "2026-06-20")?.until).toBe("2026-07-15");
  });

  it("names the effective period in the messages", () => {
    const reason = reasonOf(FIRES_ALONE["recent-filler"], "recent-filler")!;
    expect(reason.clientMessage).toContain("wait 28 days");
    expect(reason.staffNote).toContain("less than 28 days before");
  });
});

describe("isotretinoin", () => {
  const stopped = (stoppedOn: string) => intake({ medications: { isotretinoin: { status: "stopped", stoppedOn } } });

  it("current use defers with no date", () => {
    const result = run(intake({ medications: { isotretinoin: { status: "current" } } }));
    expect(result.reasons).toEqual([expect.objectContaining({ ruleId: "isotretinoin", outcome: "deferred", until: null })]);
    expect(result).toMatchObject({ outcome: "deferred", earliestDate: null, awaitingResolution: true });
  });

  it("current use stays deferred however far ahead the screening date is", () => {
    expect(run(intake({ medications: { isotretinoin: { status: "current" } } }), "2031-01-01").outcome).toBe("deferred");
  });

  it.each([
    ["2026-01-15", "2026-07-15"],
    ["2026-03-31", "2026-09-30"],
    ["2026-08-31", "2027-02-28"],
    ["2027-08-31", "2028-02-29"],
    ["2023-08-29", "2024-02-29"],
    ["2025-08-29", "2026-02-28"],
    ["2025-12-31", "2026-06-30"],
  ])("stopped %s: allowed from %s (calendar months, clamped to the month's end)", (stoppedOn, until) => {
    expect(reasonOf(stopped(stoppedOn), "isotretinoin", shift(until, -1))).toMatchObject({ outcome: "deferred", until });
    expect(reasonOf(stopped(stoppedOn), "isotretinoin", until)).toBeUndefined();
  });

  it("stopped today defers six months", () => {
    expect(reasonOf(stopped(AS_OF), "isotretinoin")?.until).toBe("2026-12-15");
  });

  it("names the period in the client's message", () => {
    expect(reasonOf(stopped("2026-05-01"), "isotretinoin")!.clientMessage).toContain("wait 6 months after your last dose");
  });
});

describe("topical retinoids", () => {
  const lastUsed = (daysAgo: number) => intake({ medications: { topicalRetinoidLastUsed: shift(AS_OF, -daysAgo) } });

  it.each([0, 1, 2])("used %i days ago: deferred until 3 days after use, no pause reminder", (daysAgo) => {
    const result = run(lastUsed(daysAgo));
    expect(ruleIds(result)).toEqual(["topical-retinoid"]);
    expect(result.reasons[0]!.until).toBe(shift(AS_OF, 3 - daysAgo));
  });

  it.each([3, 4, 30, 800])("used %i days ago: suitable with the pause reminder", (daysAgo) => {
    const result = run(lastUsed(daysAgo));
    expect(ruleIds(result)).toEqual(["topical-retinoid-pause"]);
    expect(result).toMatchObject({ outcome: "suitable-with-precautions", earliestDate: AS_OF });
  });

  it("never answered: neither rule", () => {
    expect(run(intake()).reasons).toEqual([]);
  });

  it("the pause reminder follows an overridden hold period", () => {
    const rules = effectiveRules([{ ruleId: "topical-retinoid", period: { days: 7 } }]);
    expect(ruleIds(screen(lastUsed(6), rules))).toEqual(["topical-retinoid"]);
    expect(ruleIds(screen(lastUsed(7), rules))).toEqual(["topical-retinoid-pause"]);
  });
});

describe("minor", () => {
  it("fires at 17 years and 364 days, not on the 18th birthday", () => {
    expect(ruleIds(run(intake({ birthDate: "2008-06-16" })))).toEqual(["minor"]);
    expect(ruleIds(run(intake({ birthDate: "2008-06-15" })))).toEqual([]);
  });

  it("someone born on 29 February turns 18 on 1 March of a common year", () => {
    const leapling = intake({ birthDate: "2008-02-29" });
    expect(ruleIds(run(leapling, "2026-02-28"))).toEqual(["minor"]);
    expect(ruleIds(run(leapling, "2026-03-01"))).toEqual([]);
  });

  it("is judged on the screening date, so booking after the birthday clears it", () => {
    const i = intake({ birthDate: "2008-07-01" });
    expect(run(i).outcome).toBe("needs-review");
    expect(run(i, "2026-07-01").outcome).toBe("suitable");
  });

  it("needs a birth date to fire", () => {
    expect(run(intake({ birthDate: null })).reasons).toEqual([]);
  });
});

describe("Fitzpatrick type", () => {
  const answersTotalling = (total: number) => Array.from({ length: 10 }, (_, i) => Math.max(0, Math.min(4, total - 4 * i)));

  it.each([
    [0, 1],
    [6, 1],
    [7, 2],
    [13, 2],
    [14, 3],
    [20, 3],
    [21, 4],
    [27, 4],
    [28, 5],
    [34, 5],
    [35, 6],
    [40, 6],
  ])("a total of %i is type %i", (total, type) => {
    const answers = answersTotalling(total);
    expect(answers.reduce((a, b) => a + b, 0)).toBe(total);
    expect(scoreFitzpatrick(answers)).toBe(type);
    expect(run(intake({ fitzpatrickAnswers: answers })).fitzpatrickType).toBe(type);
  });

  it("darker-phototype fires for types IV to VI only", () => {
    for (const type of [1, 2, 3, 4, 5, 6] as const) {
      expect(ruleIds(run(intake({ fitzpatrickType: type }))), `type ${type}`).toEqual(type >= 4 ? ["darker-phototype"] : []);
    }
    expect(ruleIds(run(intake({ fitzpatrickAnswers: answersTotalling(20) })))).toEqual([]);
    expect(ruleIds(run(intake({ fitzpatrickAnswers: answersTotalling(21) })))).toEqual(["darker-phototype"]);
  });

  it("a given type wins over the answers, both ways", () => {
    const light = run(intake({ fitzpatrickType: 2, fitzpatrickAnswers: answersTotalling(40) }));
    expect(light).toMatchObject({ fitzpatrickType: 2, reasons: [] });
    const dark = run(intake({ fitzpatrickType: 5, fitzpatrickAnswers: answersTotalling(0) }));
    expect(dark.fitzpatrickType).toBe(5);
    expect(ruleIds(dark)).toEqual(["darker-phototype"]);
  });

  it("is null when neither is given", () => {
    expect(run(intake()).fitzpatrickType).toBeNull();
  });

  it("refuses answers that are not ten whole numbers 0..4", () => {
    expect(() => scoreFitzpatrick([4, 4])).toThrow(RangeError);
    expect(() => scoreFitzpatrick([5, 0, 0, 0, 0, 0, 0, 0, 0, 0])).toThrow(RangeError);
    expect(() => scoreFitzpatrick([1.5, 0, 0, 0, 0, 0, 0, 0, 0, 0])).toThrow(RangeError);
    expect(() => scoreFitzpatrick([-1, 4, 4, 0, 0, 0, 0, 0, 0, 0])).toThrow(RangeError);
  });
});

describe("severity and the order of reasons", () => {
  it("ranks the outcomes from suitable up to not suitable", () => {
    expect(OUTCOMES.map(severityOf)).toEqual([0, 1, 2, 3, 4]);
    expect(severityOf("not-suitable")).toBeGreaterThan(severityOf("needs-review"));
    expect(severityOf("deferred")).toBeGreaterThan(severityOf("suitable-with-precautions"));
  });

  const many = intake({
    conditions: ["pregnant", "keloid-history", "autoimmune-lupus", "diabetes-controlled"],
    medications: { anticoagulant: true },
    expectsCompleteRemoval: true,
    fitzpatrickType: 6,
  });

  it("puts the most severe first, ties in the rules table's order, and the outcome is the most severe", () => {
    const result = run(many);
    expect(result.outcome).toBe("not-suitable");
    expect(ruleIds(result)).toEqual([
      "anticoagulant",
      "keloid-history",
      "autoimmune",
      "pregnancy",
      "diabetes-controlled",
      "darker-phototype",
      "expectations",
    ]);
  });

  it("an outcome override moves a reason up, behind its new peers in table order", () => {
    const rules = effectiveRules([{ ruleId: "expectations", outcome: "not-suitable" }]);
    expect(ruleIds(screen(many, rules))).toEqual([
      "anticoagulant",
      "keloid-history",
      "expectations",
      "autoimmune",
      "pregnancy",
      "diabetes-controlled",
      "darker-phototype",
    ]);
  });

  it.each([
    [["breastfeeding", "diabetes-controlled"], "deferred"],
    [["breastfeeding", "cancer-treatment-last-12-months"], "needs-review"],
    [["metal-allergy", "cancer-treatment-last-12-months"], "not-suitable"],
    [["anaesthetic-allergy"], "suitable-with-precautions"],
  ] as const)("%j → %s", (conditions, outcome) => {
    expect(run(intake({ conditions })).outcome).toBe(outcome);
  });
});

describe("earliestDate and awaitingResolution", () => {
  const peel = { type: "chemical-peel" as const, date: "2026-06-10", areas: null }; // until 2026-06-24
  const laser = { type: "laser" as const, date: "2026-06-10", areas: null }; // until 2026-07-08

  it.each<[string, NormalizedIntake, string, string | null, boolean]>([
    ["nothing", intake(), "suitable", AS_OF, false],
    ["precautions only", intake({ conditions: ["diabetes-controlled"] }), "suitable-with-precautions", AS_OF, false],
    ["one dated deferral", intake({ recentProcedures: [peel] }), "deferred", "2026-06-24", false],
    ["two dated deferrals: the later one", intake({ recentProcedures: [peel, laser] }), "deferred", "2026-07-08", false],
    [
      "dated deferral and a precaution",
      intake({ recentProcedures: [peel], expectsCompleteRemoval: true }),
      "deferred",
      "2026-06-24",
      false,
    ],
    ["undated deferral only", intake({ conditions: ["pregnant"] }), "deferred", null, true],
    ["dated and undated deferrals", intake({ conditions: ["pregnant"], recentProcedures: [peel] }), "deferred", "2026-06-24", true],
    [
      "needs review with a dated deferral",
      intake({ conditions: ["autoimmune-other"], recentProcedures: [peel] }),
      "needs-review",
      null,
      false,
    ],
    ["needs review with an undated deferral", intake({ conditions: ["autoimmune-other", "pregnant"] }), "needs-review", null, true],
    [
      "not suitable with both kinds",
      intake({ conditions: ["bleeding-disorder", "pregnant"], recentProcedures: [laser] }),
      "not-suitable",
      null,
      true,
    ],
    ["not suitable alone", intake({ conditions: ["bleeding-disorder"] }), "not-suitable", null, false],
  ])("%s", (_name, i, outcome, earliestDate, awaitingResolution) => {
    expect(run(i)).toMatchObject({ outcome, earliestDate, awaitingResolution });
  });

  it("a dated rule that stops firing leaves only the undated one", () => {
    const i = intake({ conditions: ["pregnant"], recentProcedures: [peel] });
    expect(run(i, "2026-06-24")).toMatchObject({ outcome: "deferred", earliestDate: null, awaitingResolution: true });
  });
});

describe("allowsDate", () => {
  it("suitable: from asOf on, never before", () => {
    const result = run(intake());
    expect(allowsDate(result, AS_OF)).toBe(true);
    expect(allowsDate(result, "2030-01-01")).toBe(true);
    expect(allowsDate(result, shift(AS_OF, -1))).toBe(false);
    expect(allowsDate(result, Temporal.PlainDate.from(AS_OF))).toBe(true);
  });

  it("dated deferral: from the earliest date on", () => {
    const result = run(FIRES_ALONE["recent-laser"]); // until 2026-06-29
    expect(allowsDate(result, "2026-06-28")).toBe(false);
    expect(allowsDate(result, "2026-06-29")).toBe(true);
  });

  it("never while something must resolve first, nor under review or not suitable", () => {
    const undatedAndDated = run(intake({ conditions: ["pregnant"], recentProcedures: FIRES_ALONE["recent-laser"].recentProcedures }));
    expect(undatedAndDated.earliestDate).toBe("2026-06-29");
    expect(allowsDate(undatedAndDated, "2027-06-29")).toBe(false);
    expect(allowsDate(run(FIRES_ALONE.autoimmune), "2030-01-01")).toBe(false);
    expect(allowsDate(run(FIRES_ALONE["bleeding-disorder"]), "2030-01-01")).toBe(false);
  });

  it("refuses a malformed date", () => {
    expect(() => allowsDate(run(intake()), "2026-02-30")).toThrow(RangeError);
    // Only YYYY-MM-DD, even where Temporal would read more.
    expect(() => allowsDate(run(intake()), "20260615")).toThrow(RangeError);
    expect(() => allowsDate(run(intake()), "2026-06-15T12:00")).toThrow(RangeError);
  });

  it("takes a Temporal.PlainDate as it is, also one that YYYY-MM-DD cannot write", () => {
    const result = run(intake());
    expect(allowsDate(result, Temporal.PlainDate.from({ year: 10_000, month: 1, day: 1 }))).toBe(true);
    expect(allowsDate(result, Temporal.PlainDate.from(shift(AS_OF, -1)))).toBe(false);
  });
});

describe("overrides in the engine", () => {
  const stoppedEightMonthsAgo = intake({ medications: { isotretinoin: { status: "stopped", stoppedOn: "2025-10-15" } } });

  it("a 12-month isotretinoin period defers what the default allows, and says so", () => {
    expect(run(stoppedEightMonthsAgo).reasons).toEqual([]);
    const rules = effectiveRules([{ ruleId: "isotretinoin", period: { months: 12 } }]);
    const result = screen(stoppedEightMonthsAgo, rules);
    expect(result).toMatchObject({ outcome: "deferred", earliestDate: "2026-10-15", rulesVersion: rules.version });
    expect(result.reasons[0]!.clientMessage).toContain("wait 12 months");
    expect(result.rulesVersion).not.toBe(DEFAULT_RULE_SET.version);
  });

  it("a dated rule turned to needs-review keeps its window but has no until", () => {
    const rules = effectiveRules([{ ruleId: "isotretinoin", outcome: "needs-review" }]);
    const result = screen(FIRES_ALONE.isotretinoin, rules);
    expect(result.reasons).toEqual([expect.objectContaining({ ruleId: "isotretinoin", outcome: "needs-review", until: null })]);
    expect(result).toMatchObject({ outcome: "needs-review", earliestDate: null, awaitingResolution: false });
    expect(screen(FIRES_ALONE.isotretinoin, rules, { asOf: "2026-09-01" }).reasons).toEqual([]);
  });

  it.each(RULE_IDS)("every outcome can be set for %s", (id) => {
    for (const outcome of REASON_OUTCOMES) {
      const rules = effectiveRules([{ ruleId: id, outcome }]);
      const result = screen(FIRES_ALONE[id], rules);
      expect(result.reasons, `${id} → ${outcome}`).toHaveLength(1);
      const [reason] = result.reasons;
      expect(reason!.outcome).toBe(outcome);
      expect(result.outcome).toBe(outcome);
      const dated = DEFAULT_RULES.find((r) => r.id === id)!.period !== null;
      if (outcome === "deferred" && dated) expect(reason!.until).not.toBeNull();
      else expect(reason!.until).toBeNull();
      expect(result.awaitingResolution).toBe(outcome === "deferred" && reason!.until === null);
    }
  });

  it("an undated rule turned into a deferral waits for resolution", () => {
    const result = screen(FIRES_ALONE.minor, effectiveRules([{ ruleId: "minor", outcome: "deferred" }]));
    expect(result).toMatchObject({ outcome: "deferred", earliestDate: null, awaitingResolution: true });
  });

  it("a longer period moves the boundary exactly", () => {
    const rules = effectiveRules([{ ruleId: "recent-neurotoxin", period: { days: 21 } }]);
    const i = intake({ recentProcedures: [{ type: "neurotoxin", date: "2026-06-01", areas: null }] });
    expect(screen(i, rules, { asOf: "2026-06-21" }).reasons[0]?.until).toBe("2026-06-22");
    expect(screen(i, rules, { asOf: "2026-06-22" }).reasons).toEqual([]);
  });
});

describe("rule sets the engine refuses or reads defensively", () => {
  const laser = DEFAULT_RULES.find((r) => r.id === "recent-laser")!;
  const only = (rule: Rule): EffectiveRules => ({ ...DEFAULT_RULE_SET, rules: [rule] });

  it("throws, naming the rule, when a rule reports a date but has no waiting period", () => {
    expect(() => screen(FIRES_ALONE["recent-laser"], only({ ...laser, period: null }))).toThrow(/recent-laser/);
  });

  it("does not fire a dated rule whose evidence names no date", () => {
    const result = screen(FIRES_ALONE["recent-laser"], only({ ...laser, evidence: () => ({ kind: "since", dates: [] }) }));
    expect(result).toMatchObject({ outcome: "suitable", reasons: [] });
  });
});

describe("purity", () => {
  it("does not change its input and gives equal results for equal calls", () => {
    const i = FIRES_ALONE["recent-laser"];
    const before = structuredClone(i);
    expect(run(i)).toEqual(run(structuredClone(i)));
    expect(i).toEqual(before);
  });

  it("options.asOf replaces the intake's asOf", () => {
    expect(run(FIRES_ALONE["recent-laser"], "2026-06-29").outcome).toBe("suitable");
    expect(run(FIRES_ALONE["recent-laser"], "2026-06-29").earliestDate).toBe("2026-06-29");
  });
});
