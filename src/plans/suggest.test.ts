import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEPTH_TABLE, depthRow } from "./depths.ts";
import { screeningPrecautions } from "./depth-test-fixtures.ts";
import { INDICATIONS } from "./indications.ts";
import { suggestDepth, type SuggestDepthInput } from "./suggest.ts";
import type { ClinicDepthLimits, FitzpatrickType, PlanDraft } from "./types.ts";
import { ZONE_IDS } from "./types.ts";
import { validatePlan } from "./validate.ts";
import { ABSOLUTE_ZONE_MAXIMA, isDepthStep } from "./zones.ts";

const input = (over: Partial<SuggestDepthInput> = {}): SuggestDepthInput => ({
  zone: "cheek-left",
  indication: "acne-scars",
  fitzpatrick: 2,
  screeningRuleIds: [],
  clinicMaxima: {},
  ...over,
});

const ids = (s: ReturnType<typeof suggestDepth>) => s!.adjustments.map((a) => a.ruleId);

describe("suggestDepth", () => {
  it("returns nothing for a combination the table does not offer", () => {
    expect(suggestDepth(input({ zone: "forehead", indication: "hair-loss" }))).toBeNull();
  });

  it("suggests the table's band, with its evidence and sources, for skin types I–III", () => {
    for (const fitzpatrick of [1, 2, 3] as const) {
      const s = suggestDepth(input({ fitzpatrick }))!;
      expect([s.minMm, s.maxMm]).toEqual([1.0, 1.5]);
      expect(s.row).toBe(depthRow("cheek-left", "acne-scars"));
      expect(s).toMatchObject({ evidence: "PR", clinicDefault: false, citations: ["ref-2", "ref-36", "ref-3"] });
      expect(ids(s)).toEqual([]);
    }
  });

  it("lowers the suggestion to the lower half of the band for skin types IV–VI, and says why", () => {
    for (const fitzpatrick of [4, 5, 6] as const) {
      const s = suggestDepth(input({ fitzpatrick }))!;
      expect([s.minMm, s.maxMm]).toEqual([1.0, 1.25]);
      const why = s.adjustments.find((a) => a.ruleId === "darker-phototype")!;
      expect(why.citations).toEqual(["ref-20", "ref-4"]);
      expect(why.text).toMatch(/test spot/);
      expect(why.text).toMatch(/post-inflammatory hyperpigmentation/);
    }
  });

  it("lowers it too when the screening found a darker type the practitioner hasn't confirmed", () => {
    const s = suggestDepth(input({ fitzpatrick: null, screeningRuleIds: ["darker-phototype"] }))!;
    expect([s.minMm, s.maxMm]).toEqual([1.0, 1.25]);
    expect(ids(s)).toEqual(["darker-phototype"]);
  });

  it("states the lowered band beside the table's in the darker-skin note", () => {
    const cheek = suggestDepth(input({ fitzpatrick: 4 }))!;
    expect(cheek.adjustments[0]!.text).toContain("(1.0–1.25 mm instead of 1.0–1.5 mm)");
    const eye = suggestDepth(
      input({ zone: "periorbital-left", indication: "fine-lines", fitzpatrick: null, screeningRuleIds: ["darker-phototype"] }),
    )!;
    expect(eye.adjustments[0]!.text).toContain("(0.2–0.25 mm instead of 0.2–0.3 mm)");
  });

  it("never goes below the band's minimum", () => {
    for (const row of DEPTH_TABLE) {
      const s = suggestDepth(input({ zone: row.zone, indication: row.indication, fitzpatrick: 6 }))!;
      expect(s.minMm, row.id).toBe(row.minMm);
      expect(s.maxMm, row.id).toBeGreaterThanOrEqual(row.minMm);
      expect(s.maxMm, row.id).toBeLessThanOrEqual((row.minMm + row.maxMm) / 2);
    }
    const eye = suggestDepth(input({ zone: "periorbital-left", indication: "fine-lines", fitzpatrick: 5 }))!;
    expect([eye.minMm, eye.maxMm]).toEqual([0.2, 0.25]);
  });

  it("asks for the skin type to be confirmed when none is known", () => {
    const s = suggestDepth(input({ fitzpatrick: null }))!;
    expect([s.minMm, s.maxMm]).toEqual([1.0, 1.5]);
    expect(ids(s)).toEqual(["fitzpatrick.unconfirmed"]);
    expect(s.adjustments[0]!.citations).toEqual(["ref-57"]);
  });

  it("holds the suggestion under a lower clinic maximum, and says so", () => {
    const s = suggestDepth(input({ clinicMaxima: { "cheek-left": 1.2 } }))!;
    expect([s.minMm, s.maxMm]).toEqual([1.0, 1.2]);
    expect(s.adjustments).toEqual([
      { ruleId: "depth.zone-maximum", text: "Held at the clinic maximum for Cheek, left: 1.2 mm.", citations: [] },
    ]);
    const below = suggestDepth(input({ clinicMaxima: { "cheek-left": 0.5 } }))!;
    expect([below.minMm, below.maxMm]).toEqual([0.5, 0.5]);
  });

  it("leaves the band alone when the clinic maximum is higher, or set for another zone", () => {
    expect(ids(suggestDepth(input({ clinicMaxima: { "cheek-left": 2.0, "cheek-right": 0.5 } })))).toEqual([]);
    expect(suggestDepth(input({ clinicMaxima: { "cheek-right": 0.5 } }))!.maxMm).toBe(1.5);
  });

  it("combines the darker-skin lowering with the clinic maximum", () => {
    const s = suggestDepth(input({ fitzpatrick: 5, clinicMaxima: { "cheek-left": 1.1 } }))!;
    expect([s.minMm, s.maxMm]).toEqual([1.0, 1.1]);
    expect(ids(s)).toEqual(["darker-phototype", "depth.zone-maximum"]);
  });

  it("reminds about antiviral prevention for a cold-sore history on the face only", () => {
    const face = suggestDepth(input({ screeningRuleIds: ["hsv-history"] }))!;
    expect(face.adjustments).toContainEqual(expect.objectContaining({ ruleId: "hsv-history", citations: ["ref-30", "ref-31"] }));
    expect(face.adjustments.find((a) => a.ruleId === "hsv-history")!.text).toMatch(/prescriber/);
    expect(ids(suggestDepth(input({ zone: "hands", indication: "fine-lines", screeningRuleIds: ["hsv-history"] })))).toEqual([]);
  });

  it("adds the other precautions from the screening", () => {
    const s = suggestDepth(
      input({
        screeningRuleIds: ["topical-retinoid-pause", "anaesthetic-allergy", "diabetes-controlled", "expectations", "bleeding-disorder"],
      }),
    )!;
    expect(ids(s)).toEqual(["topical-retinoid-pause", "anaesthetic-allergy", "diabetes-controlled", "expectations"]);
    expect(s.adjustments[0]!.text).toMatch(/paused/);
    expect(s.adjustments[1]!.text).toMatch(/no numbing cream/);
    expect([s.minMm, s.maxMm]).toEqual([1.0, 1.5]);
  });

  it("gives each precaution its screening rule and its sources", () => {
    const s = suggestDepth(
      input({ screeningRuleIds: ["expectations", "diabetes-controlled", "anaesthetic-allergy", "topical-retinoid", "hsv-history"] }),
    )!;
    expect(s.adjustments.map(({ ruleId, citations }) => ({ ruleId, citations }))).toEqual([
      { ruleId: "hsv-history", citations: ["ref-30", "ref-31"] },
      { ruleId: "topical-retinoid", citations: ["ref-52"] },
      { ruleId: "anaesthetic-allergy", citations: ["ref-37", "ref-38"] },
      { ruleId: "diabetes-controlled", citations: ["ref-52"] },
      { ruleId: "expectations", citations: ["clinic-10"] },
    ]);
  });

  it("names the retinoid hold when there is one, the pause reminder otherwise, and gives one retinoid note", () => {
    expect(ids(suggestDepth(input({ screeningRuleIds: ["topical-retinoid"] })))).toEqual(["topical-retinoid"]);
    expect(ids(suggestDepth(input({ screeningRuleIds: ["topical-retinoid-pause"] })))).toEqual(["topical-retinoid-pause"]);
    expect(ids(suggestDepth(input({ screeningRuleIds: ["topical-retinoid-pause", "topical-retinoid"] })))).toEqual(["topical-retinoid"]);
  });

  it("marks clinic-default rows so the screen asks for confirmation", () => {
    const s = suggestDepth(input({ zone: "hands", indication: "hyperpigmentation" }))!;
    expect(s).toMatchObject({ clinicDefault: true, evidence: "CLIN" });
  });
});

describe("every suggestion passes the validator", () => {
  const offered = DEPTH_TABLE.map((r) => ({ zone: r.zone, indication: r.indication }));
  const stepIn = (max: number) => fc.integer({ min: 1, max: Math.round(max * 20) }).map((n) => n / 20);
  const clinicMaxima: fc.Arbitrary<ClinicDepthLimits> = fc.record(
    Object.fromEntries(ZONE_IDS.map((z) => [z, stepIn(ABSOLUTE_ZONE_MAXIMA[z])])) as Record<
      (typeof ZONE_IDS)[number],
      fc.Arbitrary<number>
    >,
    { requiredKeys: [] },
  );
  const ruleIds = screeningPrecautions;
  const fitzpatrick = fc.constantFrom<FitzpatrickType | null>(null, 1, 2, 3, 4, 5, 6);

  it("for its own zone, whatever the skin type, screening and clinic maxima", () => {
    fc.assert(
      fc.property(fc.constantFrom(...offered), fitzpatrick, ruleIds, clinicMaxima, ({ zone, indication }, fitz, rules, maxima) => {
        const s = suggestDepth({ zone, indication, fitzpatrick: fitz, screeningRuleIds: rules, clinicMaxima: maxima });
        expect(s).not.toBeNull();
        expect(isDepthStep(s!.minMm) && isDepthStep(s!.maxMm)).toBe(true);
        const ind = INDICATIONS[indication];
        const draft: PlanDraft = {
          assessment: { fitzpatrick: fitz, fitzpatrickFromIntake: fitz, glogau: null, concerns: [], notes: "" },
          zones: [{ zone, indication, depthMinMm: s!.minMm, depthMaxMm: s!.maxMm }],
          serviceId: "svc",
          practitionerId: null,
          sessions: ind.defaultSessions,
          intervalMinDays: ind.intervalMinDays,
          intervalMaxDays: ind.intervalMaxDays,
          numbingCream: !rules.includes("anaesthetic-allergy"),
          productIds: [],
          pricePerSessionCents: 20000,
          packagePriceCents: 50000,
          currency: "CAD",
          noteToClient: "",
        };
        const ctx = { clinicMaxima: maxima, products: [], anaestheticAllergy: rules.includes("anaesthetic-allergy") };
        // The zone's own rules (depth, band, maximum, ceiling); numbing and glide have their own tests.
        expect(validatePlan(draft, ctx).filter((p) => p.field.startsWith("zones."))).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });
});
