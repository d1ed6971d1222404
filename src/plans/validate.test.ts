// validatePlan and depthReasonRuleIds: every limit a plan is checked against,
// one rule at a time. Reading a plan from JSON is parse-plan-draft.test.ts.
import { describe, expect, it } from "vitest";
import { LIMIT_REASON_MAX, LIMIT_REASON_MIN } from "./limits.ts";
import type { PlanDraft, PlanZone } from "./types.ts";
import { depthReasonRuleIds, MAX_PRICE_CENTS, validatePlan } from "./validate.ts";
import { ctx, draft, largeNumbedArea, rules, zone } from "./validate-test-fixtures.ts";

describe("validatePlan", () => {
  it("accepts a plan inside every limit", () => {
    expect(validatePlan(draft(), ctx({ serviceIds: ["svc-microneedling-face"] }))).toEqual([]);
  });

  it("refuses a plan with no zones", () => {
    expect(rules(draft({ zones: [] }))).toEqual(["zones:zones.none"]);
  });

  describe("zones", () => {
    it("refuses the eyelids, inside the orbital rim", () => {
      const eyelids = { zone: "eyelids", indication: "fine-lines", depthMinMm: 0.1, depthMaxMm: 0.1 } as unknown as PlanZone;
      const out = validatePlan(draft({ zones: [eyelids] }), ctx());
      expect(out).toEqual([{ rule: "zone.orbital-rim", field: "zones.0.zone", message: expect.stringContaining("orbital rim") }]);
    });

    it("refuses an unknown zone and an unknown concern", () => {
      const elbow = { zone: "elbow", indication: "fine-lines", depthMinMm: 0.5, depthMaxMm: 0.5 } as unknown as PlanZone;
      const warts = { zone: "forehead", indication: "warts", depthMinMm: 0.25, depthMaxMm: 0.5 } as unknown as PlanZone;
      expect(rules(draft({ zones: [elbow, warts] }))).toEqual(["zones.0.zone:zone.unknown", "zones.1.indication:indication.unknown"]);
    });

    it("refuses a zone × concern the depth table does not offer", () => {
      const out = validatePlan(
        draft({ zones: [zone({ zone: "forehead", indication: "hair-loss", depthMinMm: 0.5, depthMaxMm: 0.5 })] }),
        ctx(),
      );
      expect(out).toEqual([{ rule: "depth.no-row", field: "zones.0.indication", message: expect.stringContaining("Forehead") }]);
    });

    it("refuses the same zone twice, on the second row", () => {
      const z = draft().zones;
      expect(rules(draft({ zones: [...z, { ...z[0]!, indication: "hyperpigmentation" }] }))).toEqual(["zones.2.zone:zone.duplicate"]);
    });
  });

  describe("depths", () => {
    const eye = (depthMaxMm: number, depthMinMm = 0.2) =>
      draft({ zones: [zone({ zone: "periorbital-left", indication: "fine-lines", depthMinMm, depthMaxMm })] });

    it("allows 0.30 mm around the eye and refuses 0.35 mm, naming the zone and the limit", () => {
      expect(validatePlan(eye(0.3), ctx())).toEqual([]);
      expect(validatePlan(eye(0.35), ctx())).toEqual([
        { rule: "depth.zone-maximum", field: "zones.0.depthMaxMm", message: "Periorbital, left: at most 0.3 mm (clinic maximum)" },
      ]);
    });

    it("uses the clinic's own maximum when it has one", () => {
      const lower = ctx({ clinicMaxima: { "periorbital-left": 0.25 } });
      expect(validatePlan(eye(0.25), lower)).toEqual([]);
      expect(validatePlan(eye(0.3), lower)).toEqual([
        { rule: "depth.zone-maximum", field: "zones.0.depthMaxMm", message: "Periorbital, left: at most 0.25 mm (clinic maximum)" },
      ]);
      // Deeper than the band (0.2–0.3 mm) needs the practitioner's reason, even under a raised maximum.
      const higher = ctx({ clinicMaxima: { "periorbital-left": 0.5 } });
      expect(rules(eye(0.5), higher)).toEqual(["zones.0.depthReason:depth.outside-band"]);
      const reasoned = draft({
        zones: [
          zone({ zone: "periorbital-left", indication: "fine-lines", depthMaxMm: 0.5, depthReason: "Thick sun-damaged skin, tested" }),
        ],
      });
      expect(validatePlan(reasoned, higher)).toEqual([]);
    });

    it("refuses a depth past the absolute ceiling, whatever the clinic set", () => {
      const raised = ctx({ clinicMaxima: { "periorbital-left": 0.9 } });
      expect(rules(eye(0.55), raised)).toEqual(["zones.0.depthMaxMm:depth.absolute-ceiling"]);
      const neck = (mm: number) => draft({ zones: [zone({ zone: "neck", indication: "fine-lines", depthMinMm: 1.0, depthMaxMm: mm })] });
      // The neck's ceiling is its measured dermis (1.32 mm), no longer 2.5 mm.
      expect(rules(neck(1.25))).toEqual([]);
      expect(rules(neck(1.35))).toEqual(["zones.0.depthMaxMm:depth.absolute-ceiling"]);
      expect(rules(neck(2.5))).toEqual(["zones.0.depthMaxMm:depth.absolute-ceiling"]);
    });

    it("refuses depths of zero or less, off the 0.05 mm grid, or not numbers", () => {
      expect(rules(eye(0.3, 0.05))).toEqual([]);
      expect(rules(eye(0.3, 0))).toEqual(["zones.0.depthMinMm:depth.not-positive"]);
      expect(rules(eye(0.3, -0.1))).toEqual(["zones.0.depthMinMm:depth.not-positive"]);
      expect(rules(eye(0.28))).toEqual(["zones.0.depthMaxMm:depth.step"]);
      expect(rules(eye(Number.NaN))).toEqual(["zones.0.depthMaxMm:depth.invalid"]);
    });

    it("refuses a shallowest depth deeper than the deepest, and allows them equal", () => {
      expect(rules(eye(0.25, 0.25))).toEqual([]);
      expect(rules(eye(0.25, 0.3))).toEqual(["zones.0.depthMinMm:depth.min-above-max"]);
    });

    it("names only the broken depth: no order or reason check with a depth that is itself refused", () => {
      expect(rules(eye(0.3, 0.33))).toEqual(["zones.0.depthMinMm:depth.step"]);
      expect(rules(eye(0.28, 0.3))).toEqual(["zones.0.depthMaxMm:depth.step"]);
      // Past the band under a raised maximum, without a reason, but the shallowest depth is not a number.
      expect(rules(eye(0.5, Number.NaN), ctx({ clinicMaxima: { "periorbital-left": 0.5 } }))).toEqual(["zones.0.depthMinMm:depth.invalid"]);
    });

    describe("the reason for a depth past the band", () => {
      const higher = ctx({ clinicMaxima: { "periorbital-left": 0.5 } });
      const deep = (depthReason?: string) =>
        draft({ zones: [zone({ zone: "periorbital-left", indication: "fine-lines", depthMaxMm: 0.5, depthReason })] });

      it("counts the reason's characters without the spaces around it", () => {
        expect(rules(deep(`   ${"x".repeat(LIMIT_REASON_MIN - 1)}   `), higher)).toEqual(["zones.0.depthReason:depth.outside-band"]);
        expect(rules(deep("x".repeat(LIMIT_REASON_MIN)), higher)).toEqual([]);
        expect(rules(deep(undefined), higher)).toEqual(["zones.0.depthReason:depth.outside-band"]);
      });

      it("refuses a reason over the length limit, with or without the need for one", () => {
        expect(rules(deep("x".repeat(LIMIT_REASON_MAX)), higher)).toEqual([]);
        expect(rules(deep("x".repeat(LIMIT_REASON_MAX + 1)), higher)).toEqual(["zones.0.depthReason:input.too-long"]);
        const inside = draft({
          zones: [zone({ zone: "periorbital-left", indication: "fine-lines", depthReason: "x".repeat(LIMIT_REASON_MAX + 1) })],
        });
        expect(rules(inside)).toEqual(["zones.0.depthReason:input.too-long"]);
      });
    });

    it("puts each problem on its own row's field", () => {
      const zones = [...draft().zones, zone({ zone: "forehead", indication: "acne-scars", depthMinMm: 0.5, depthMaxMm: 1.2 })];
      expect(rules(draft({ zones }))).toEqual(["zones.2.depthMaxMm:depth.zone-maximum"]);
    });
  });

  describe("sessions and interval", () => {
    it("allows 1 to 24 whole sessions", () => {
      expect(rules(draft({ sessions: 1 }))).toEqual([]);
      expect(rules(draft({ sessions: 24 }))).toEqual([]);
      for (const sessions of [0, 25, 2.5]) expect(rules(draft({ sessions }))).toEqual(["sessions:sessions.range"]);
    });

    it("allows the concern's minimum interval and refuses one day less", () => {
      expect(rules(draft({ intervalMinDays: 14 }))).toEqual([]);
      const out = validatePlan(draft({ intervalMinDays: 13 }), ctx());
      expect(out).toEqual([{ rule: "interval.minimum", field: "intervalMinDays", message: expect.stringContaining("at least 14 days") }]);
    });

    it("takes the strictest minimum of the plan's concerns", () => {
      const zones = [...draft().zones, zone({ zone: "abdomen", indication: "striae", depthMinMm: 1.0, depthMaxMm: 1.5 })];
      expect(rules(draft({ zones, intervalMinDays: 28 }))).toEqual([]);
      expect(rules(draft({ zones, intervalMinDays: 27 }))).toEqual(["intervalMinDays:interval.minimum"]);
      const scalp = [zone({ zone: "scalp", indication: "hair-loss", depthMinMm: 1.0, depthMaxMm: 1.5 })];
      expect(rules(draft({ zones: scalp, intervalMinDays: 7, intervalMaxDays: 10 }))).toEqual([]);
      expect(rules(draft({ zones: scalp, intervalMinDays: 6, intervalMaxDays: 10 }))).toEqual(["intervalMinDays:interval.minimum"]);
    });

    it("refuses a longest gap shorter than the shortest, and allows them equal", () => {
      expect(rules(draft({ intervalMinDays: 30, intervalMaxDays: 30 }))).toEqual([]);
      expect(rules(draft({ intervalMinDays: 30, intervalMaxDays: 29 }))).toEqual(["intervalMaxDays:interval.order"]);
    });

    it("refuses intervals that are not whole days from 1 to 365", () => {
      expect(rules(draft({ intervalMaxDays: 365 }))).toEqual([]);
      expect(rules(draft({ intervalMaxDays: 366 }))).toEqual(["intervalMaxDays:interval.invalid"]);
      expect(rules(draft({ intervalMinDays: 28.5 }))).toEqual(["intervalMinDays:interval.invalid"]);
      // A shortest gap that is refused is not also compared with the concern's minimum or the longest gap.
      expect(rules(draft({ intervalMinDays: 0 }))).toEqual(["intervalMinDays:interval.invalid"]);
      expect(rules(draft({ intervalMinDays: 400 }))).toEqual(["intervalMinDays:interval.invalid"]);
    });
  });

  describe("numbing cream", () => {
    it("refuses numbing cream for a client allergic to anaesthetics", () => {
      expect(rules(draft({ numbingCream: true }), ctx({ anaestheticAllergy: true }))).toEqual(["numbingCream:numbing.anaesthetic-allergy"]);
      expect(rules(draft({ numbingCream: false }), ctx({ anaestheticAllergy: true }))).toEqual([]);
      expect(rules(draft({ numbingCream: true }), ctx({ anaestheticAllergy: false }))).toEqual([]);
      // The allergy refuses numbing whatever cream is chosen, and is the only numbing rule named then.
      expect(rules(draft({ numbing: null }), ctx({ anaestheticAllergy: true }))).toEqual(["numbingCream:numbing.anaesthetic-allergy"]);
    });

    it("refuses numbing cream without the agent from the clinic's list", () => {
      expect(rules(draft({ numbing: undefined }))).toEqual(["numbing.productId:numbing.agent-required"]);
      expect(rules(draft({ numbing: null }))).toEqual(["numbing.productId:numbing.agent-required"]);
      expect(rules(draft({ numbing: { productId: "", zones: ["cheek-left"], overMaximumReason: "" } }))).toEqual([
        "numbing.productId:numbing.agent-required",
      ]);
      expect(rules(draft({ numbing: { productId: "benzocaine 20 %", zones: ["cheek-left"], overMaximumReason: "" } }))).toEqual([
        "numbing.productId:numbing.agent-not-approved",
      ]);
      expect(rules(draft({ numbing: { productId: "old-cream", zones: ["cheek-left"], overMaximumReason: "" } }))).toEqual([
        "numbing.productId:numbing.agent-not-approved",
      ]);
      // No numbing cream, no numbing detail needed.
      expect(rules(draft({ numbingCream: false, numbing: null }))).toEqual([]);
      // Stored content is not typed: a product id that is not text counts as none.
      const numbered = { productId: 42, zones: ["cheek-left"], overMaximumReason: "" } as unknown as PlanDraft["numbing"];
      expect(rules(draft({ numbing: numbered }))).toEqual(["numbing.productId:numbing.agent-required"]);
      // Without the clinic's list, no cream is on it.
      expect(rules(draft(), ctx({ numbingProducts: undefined }))).toEqual(["numbing.productId:numbing.agent-not-approved"]);
    });

    it("numbs only areas of the plan, at least one", () => {
      expect(rules(draft({ numbing: { productId: "lido-4", zones: [], overMaximumReason: "" } }))).toEqual([
        "numbing.zones:numbing.areas-required",
      ]);
      expect(rules(draft({ numbing: { productId: "lido-4", zones: ["cheek-left", "neck"], overMaximumReason: "" } }))).toEqual([
        "numbing.zones.1:numbing.zone-not-in-plan",
      ]);
    });

    it("asks for a reason above the clinic's maximum area for one application, and saves with one", () => {
      const big = (overMaximumReason: string) =>
        draft({
          zones: [
            { zone: "cheek-left", indication: "acne-scars", depthMinMm: 1.0, depthMaxMm: 1.5 },
            { zone: "cheek-right", indication: "acne-scars", depthMinMm: 1.0, depthMaxMm: 1.5 },
            { zone: "neck", indication: "fine-lines", depthMinMm: 1.0, depthMaxMm: 1.25 },
          ],
          numbing: { productId: "lido-4", zones: ["cheek-left", "cheek-right", "neck"], overMaximumReason },
        });
      const refused = validatePlan(big(""), ctx({ numbingMaxAreaCm2: 400 }));
      expect(refused.map((p) => `${p.field}:${p.rule}`)).toEqual(["numbing.overMaximumReason:numbing.area-over-maximum"]);
      expect(refused[0]!.message).toContain("About 460 cm²");
      expect(refused[0]!.message).toMatch(/FDA advises against numbing large areas and against covering or wrapping/);
      expect(rules(big("too short"), ctx({ numbingMaxAreaCm2: 400 }))).toEqual(["numbing.overMaximumReason:numbing.area-over-maximum"]);
      expect(rules(big("Neck and both cheeks; client declined treatment without numbing."), ctx({ numbingMaxAreaCm2: 400 }))).toEqual([]);
      // The clinic's own maximum decides, not the default.
      expect(rules(big(""), ctx({ numbingMaxAreaCm2: 500 }))).toEqual([]);
      // Only the areas numbed count: the same zones with numbing on the cheek alone need no reason.
      const cheekOnly = { ...big(""), numbing: { productId: "lido-4", zones: ["cheek-left" as const], overMaximumReason: "" } };
      expect(rules(cheekOnly, ctx({ numbingMaxAreaCm2: 400 }))).toEqual([]);
    });

    it("measures the reason for a large area like the depth reason: trimmed, from 10 characters, up to the limit", () => {
      const big = (overMaximumReason: unknown) => largeNumbedArea(overMaximumReason as string);
      const small = ctx({ numbingMaxAreaCm2: 400 });
      // About 460 cm²: exactly the maximum needs no reason.
      expect(rules(big(""), ctx({ numbingMaxAreaCm2: 460 }))).toEqual([]);
      expect(rules(big("x".repeat(LIMIT_REASON_MIN)), small)).toEqual([]);
      expect(rules(big(`     ${"x".repeat(LIMIT_REASON_MIN - 1)}     `), small)).toEqual([
        "numbing.overMaximumReason:numbing.area-over-maximum",
      ]);
      expect(rules(big(undefined), small)).toEqual(["numbing.overMaximumReason:numbing.area-over-maximum"]);
      expect(rules(big("x".repeat(LIMIT_REASON_MAX)), small)).toEqual([]);
      expect(rules(big("x".repeat(LIMIT_REASON_MAX + 1)), small)).toEqual(["numbing.overMaximumReason:input.too-long"]);
      // Too long is refused even where no reason is needed.
      const plain = draft({ numbing: { productId: "lido-4", zones: ["cheek-left"], overMaximumReason: "x".repeat(LIMIT_REASON_MAX + 1) } });
      expect(rules(plain, small)).toEqual(["numbing.overMaximumReason:input.too-long"]);
    });

    it("counts only the planned areas towards the maximum, whatever else the numbing lists", () => {
      const neckToo = draft({ numbing: { productId: "lido-4", zones: ["cheek-left", "cheek-right", "neck"], overMaximumReason: "" } });
      expect(rules(neckToo, ctx({ numbingMaxAreaCm2: 400 }))).toEqual(["numbing.zones.2:numbing.zone-not-in-plan"]);
    });
  });

  describe("the glide on the skin during needling", () => {
    it("is required and comes only from the clinic's list, sterile and single-use", () => {
      expect(rules(draft({ glideId: undefined }))).toEqual(["glideId:glide.required"]);
      expect(rules(draft({ glideId: "" }))).toEqual(["glideId:glide.required"]);
      expect(rules(draft({ glideId: "home-made-serum" }))).toEqual(["glideId:glide.not-approved"]);
      expect(rules(draft({ glideId: "old-glide" }))).toEqual(["glideId:glide.not-approved"]);
      expect(rules(draft({ glideId: "vit-c" }))).toEqual(["glideId:glide.not-sterile"]);
      expect(rules(draft({ glideId: "multi-vial" }))).toEqual(["glideId:glide.not-sterile"]);
      expect(rules(draft({ glideId: "ha-glide" }))).toEqual([]);
      expect(rules(draft(), ctx({ glides: undefined }))).toEqual(["glideId:glide.not-approved"]);
    });

    it("is not asked of a version stored before it was recorded, when it is signed as offered", () => {
      const old = draft({ glideId: undefined, numbing: undefined });
      expect(rules(old, ctx({ storedBeforeNumbingDetail: true }))).toEqual([]);
      // …but an anaesthetic allergy still refuses its numbing cream.
      expect(rules(old, ctx({ storedBeforeNumbingDetail: true, anaestheticAllergy: true }))).toEqual([
        "numbingCream:numbing.anaesthetic-allergy",
      ]);
    });
  });

  describe("products", () => {
    it("refuses a product not on the clinic's active list", () => {
      expect(rules(draft({ productIds: ["ha-gel", "vitamin-c-serum", "old-serum"] }))).toEqual([
        "productIds.1:product.not-approved",
        "productIds.2:product.not-approved",
      ]);
      expect(rules(draft({ productIds: [] }))).toEqual([]);
      expect(rules(draft({ productIds: ["ha-gel", "ha-gel"] }))).toEqual(["productIds.1:product.duplicate"]);
    });
  });

  describe("prices, currency and service", () => {
    it("allows zero and refuses negative or fractional cents", () => {
      expect(rules(draft({ pricePerSessionCents: 0, packagePriceCents: 0 }))).toEqual([]);
      expect(rules(draft({ pricePerSessionCents: -1 }))).toEqual(["pricePerSessionCents:price.negative"]);
      expect(rules(draft({ packagePriceCents: 100.5 }))).toEqual(["packagePriceCents:price.not-integer"]);
      expect(rules(draft({ packagePriceCents: MAX_PRICE_CENTS }))).toEqual([]);
      expect(rules(draft({ packagePriceCents: MAX_PRICE_CENTS + 1 }))).toEqual(["packagePriceCents:price.too-large"]);
    });

    it("refuses a currency that is not three capital letters", () => {
      for (const currency of ["cad", "CA", "CADX", ""]) expect(rules(draft({ currency }))).toEqual(["currency:currency.invalid"]);
      expect(rules(draft({ currency: "USD" }))).toEqual([]);
      // Not text at all, even one that reads as a code when written out.
      expect(rules(draft({ currency: ["CAD"] as unknown as string }))).toEqual(["currency:currency.invalid"]);
    });

    it("refuses a missing service, and one the clinic does not offer", () => {
      expect(rules(draft({ serviceId: " " }))).toEqual(["serviceId:service.missing"]);
      expect(rules(draft({ serviceId: undefined as unknown as string }))).toEqual(["serviceId:service.missing"]);
      expect(rules(draft(), ctx({ serviceIds: ["svc-other"] }))).toEqual(["serviceId:service.unknown"]);
    });
  });
});

describe("depthReasonRuleIds", () => {
  const at = (z: Partial<PlanZone> & Pick<PlanZone, "zone">): PlanZone => zone({ indication: "fine-lines", ...z });

  it("names each zone whose depth stands past its band with a reason, and no other", () => {
    const zones = [
      at({ zone: "periorbital-left", depthMaxMm: 0.5, depthReason: "Thick sun-damaged skin, tested" }),
      at({ zone: "periorbital-right", depthMaxMm: 0.5, depthReason: "   " }),
      at({ zone: "cheek-right", depthMaxMm: 0.5 }),
      at({ zone: "forehead", depthMaxMm: 0.5, depthReason: "Inside the band, reason or not" }),
      at({ zone: "elbow" as PlanZone["zone"], depthMaxMm: 5, depthReason: "Not a zone at all" }),
      at({ zone: "cheek-left", depthMaxMm: 0.5, depthReason: "Only past a lowered clinic maximum" }),
    ];
    const maxima = { "periorbital-left": 0.5, "periorbital-right": 0.5, "cheek-right": 0.3 };
    expect(depthReasonRuleIds({ zones }, maxima)).toEqual(["depth.outside-band:periorbital-left"]);
    // The band is cut by the clinic's maximum: under a lower one the same depth is past it.
    expect(depthReasonRuleIds({ zones: [zones[5]!] }, { "cheek-left": 0.3 })).toEqual(["depth.outside-band:cheek-left"]);
    expect(depthReasonRuleIds({ zones: [] }, {})).toEqual([]);
  });
});
