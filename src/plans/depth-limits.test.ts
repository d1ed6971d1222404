// Decision 0020: zone ceilings from the skin measured at each site, default
// maxima no deeper than the zone's bands, and a stated reason for any depth
// outside its band. These tests fail on the code before it (neck 2.5 mm saved,
// forehead 1.5 mm saved without a reason, defaults deeper than every band).
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { PDFPage, type PDFPageDrawTextOptions } from "pdf-lib";
import { describe, expect, it, vi } from "vitest";
import { bandInForce, DEPTH_TABLE, depthRow } from "./depths.ts";
import { renderPlanPdf, type PlanDocument } from "./pdf.ts";
import { suggestDepth } from "./suggest.ts";
import { screeningPrecautions } from "./depth-test-fixtures.ts";
import { ZONE_IDS, type ClinicDepthLimits, type FitzpatrickType, type PlanDraft, type PlanZone } from "./types.ts";
import { depthReasonRuleIds, parsePlanDraft, validatePlan, type PlanContext } from "./validate.ts";
import { ABSOLUTE_ZONE_MAXIMA, DEFAULT_ZONE_MAXIMA, depthAbove, effectiveZoneMaxima, isDepthStep, ZONES } from "./zones.ts";

const page = readFileSync(new URL("../../docs/clinical/README.md", import.meta.url), "utf8");
const anchors = new Set([...page.matchAll(/<a id="([^"]+)"><\/a>/g)].map((m) => m[1]));

const ctx = (clinicMaxima: ClinicDepthLimits = {}): PlanContext => ({ clinicMaxima, products: [], anaestheticAllergy: false });

function plan(zones: PlanZone[], fitzpatrick: FitzpatrickType = 5): PlanDraft {
  return {
    assessment: { fitzpatrick, fitzpatrickFromIntake: fitzpatrick, glogau: 2, concerns: [], notes: "" },
    zones,
    serviceId: "svc",
    practitionerId: null,
    sessions: 4,
    intervalMinDays: 28,
    intervalMaxDays: 35,
    numbingCream: false,
    productIds: [],
    pricePerSessionCents: 0,
    packagePriceCents: 0,
    currency: "CAD",
    noteToClient: "",
  };
}

// Only the zone rules: numbing and glide rules have their own tests.
const depthRules = (d: PlanDraft, c: PlanContext = ctx()) =>
  validatePlan(d, c)
    .filter((p) => p.field.startsWith("zones."))
    .map((p) => `${p.field}:${p.rule}`);

const deepestBand = (zone: (typeof ZONE_IDS)[number]) => Math.max(...DEPTH_TABLE.filter((r) => r.zone === zone).map((r) => r.maxMm));

describe("zone maxima and ceilings", () => {
  it("keeps every zone's default maximum at the deepest band of its rows, and at or under its ceiling", () => {
    for (const id of ZONE_IDS) {
      expect(DEFAULT_ZONE_MAXIMA[id], id).toBeLessThanOrEqual(deepestBand(id));
      expect(DEFAULT_ZONE_MAXIMA[id], id).toBe(deepestBand(id));
      expect(DEFAULT_ZONE_MAXIMA[id], id).toBeLessThanOrEqual(ABSOLUTE_ZONE_MAXIMA[id]);
    }
  });

  it("gives forehead, nose and perioral their own defaults, not the cheek's 1.5 mm", () => {
    expect(DEFAULT_ZONE_MAXIMA.forehead).toBe(1.0);
    expect(DEFAULT_ZONE_MAXIMA.nose).toBe(1.0);
    expect(DEFAULT_ZONE_MAXIMA.perioral).toBe(1.0);
  });

  it("keeps the neck inside its measured dermis (1.32–1.59 mm): default 1.25 mm, ceiling 1.3 mm", () => {
    expect(DEFAULT_ZONE_MAXIMA.neck).toBe(1.25);
    expect(ABSOLUTE_ZONE_MAXIMA.neck).toBe(1.3);
  });

  it("sets no ceiling at 2 mm or deeper, each on the 0.05 mm grid, with its source and strength", () => {
    for (const id of ZONE_IDS) {
      const z = ZONES[id];
      expect(isDepthStep(z.ceilingMm), id).toBe(true);
      expect(z.ceilingMm, id).toBeLessThan(2);
      expect(z.ceiling.citations.length, id).toBeGreaterThan(0);
      for (const key of z.ceiling.citations) expect(anchors.has(key), `${id} ceiling → ${key}`).toBe(true);
      const inNote = [...z.ceiling.note.matchAll(/\[((?:ref|clinic)-\d+)\]/g)].map((m) => m[1]!);
      for (const key of inNote) expect(z.ceiling.citations, `${id} ceiling note cites ${key}`).toContain(key);
      // A ceiling not measured at the site says so.
      expect(z.ceiling.note.startsWith("⚠"), id).toBe(z.ceiling.clinicDefault);
      if (z.ceiling.evidence !== "PR") expect(z.ceiling.clinicDefault, id).toBe(true);
    }
  });

  it("holds a clinic maximum saved above a new ceiling at the ceiling, and says it did", () => {
    const m = effectiveZoneMaxima({ neck: 2.5, forehead: 1.5, cheek: 1.2 } as ClinicDepthLimits);
    expect(m.neck).toEqual({ maxMm: 1.3, source: "clinic", clampedFromMm: 2.5 });
    expect(m.forehead).toEqual({ maxMm: 1.45, source: "clinic", clampedFromMm: 1.5 });
    expect(effectiveZoneMaxima({ neck: 1.0 }).neck).toEqual({ maxMm: 1.0, source: "clinic" });
    // A plan under that saved 2.5 mm neck maximum is still refused at the ceiling.
    const neck = plan([{ zone: "neck", indication: "fine-lines", depthMinMm: 1.0, depthMaxMm: 2.5 }]);
    expect(depthRules(neck, ctx({ neck: 2.5 }))).toEqual(["zones.0.depthMaxMm:depth.absolute-ceiling"]);
  });
});

describe("validatePlan: depths", () => {
  it("refuses the neck at 2.5 mm for a Fitzpatrick V client with no clinic setting changed", () => {
    const neck = plan([{ zone: "neck", indication: "fine-lines", depthMinMm: 1.0, depthMaxMm: 2.5 }], 5);
    expect(depthRules(neck)).toEqual(["zones.0.depthMaxMm:depth.absolute-ceiling"]);
    const reasoned = plan([
      { zone: "neck", indication: "fine-lines", depthMinMm: 1.0, depthMaxMm: 2.5, depthReason: "As in the trial [ref-9]" },
    ]);
    expect(depthRules(reasoned)).toEqual(["zones.0.depthMaxMm:depth.absolute-ceiling"]);
  });

  it("refuses forehead fine lines at 1.5 mm, reason or not: above the ceiling", () => {
    const at = (depthReason?: string) =>
      plan([{ zone: "forehead", indication: "fine-lines", depthMinMm: 0.25, depthMaxMm: 1.5, ...(depthReason ? { depthReason } : {}) }]);
    expect(depthRules(at())).toEqual(["zones.0.depthMaxMm:depth.absolute-ceiling"]);
    expect(depthRules(at("Deep static lines, tolerated well"))).toEqual(["zones.0.depthMaxMm:depth.absolute-ceiling"]);
  });

  it("refuses a depth deeper than its band without a reason, on the reason field, naming the band", () => {
    const forehead = plan([{ zone: "forehead", indication: "fine-lines", depthMinMm: 0.25, depthMaxMm: 1.0 }]);
    const out = validatePlan(forehead, ctx()).filter((p) => p.field.startsWith("zones."));
    expect(out).toEqual([{ rule: "depth.outside-band", field: "zones.0.depthReason", message: expect.stringContaining("0.25–0.5 mm") }]);
    // Too short a reason is no reason.
    expect(depthRules(plan([{ ...forehead.zones[0]!, depthReason: "because" }]))).toEqual(["zones.0.depthReason:depth.outside-band"]);
    // Starting shallower than the band and working up needs no reason [ref-36].
    expect(depthRules(plan([{ zone: "cheek-left", indication: "acne-scars", depthMinMm: 0.5, depthMaxMm: 1.0 }]))).toEqual([]);
  });

  it("saves a depth outside its band with a stated reason, and records only the rule id for the audit", () => {
    const reason = "Deep static lines; a test spot at 0.75 mm healed without marks.";
    const forehead = plan([{ zone: "forehead", indication: "fine-lines", depthMinMm: 0.5, depthMaxMm: 1.0, depthReason: reason }]);
    expect(depthRules(forehead)).toEqual([]);
    expect(depthReasonRuleIds(forehead, {})).toEqual(["depth.outside-band:forehead"]);
    expect(JSON.stringify(depthReasonRuleIds(forehead, {}))).not.toContain("test spot");
    // Inside the band, a reason is not needed and nothing is recorded.
    const inside = plan([{ zone: "forehead", indication: "fine-lines", depthMinMm: 0.25, depthMaxMm: 0.5 }]);
    expect(depthRules(inside)).toEqual([]);
    expect(depthReasonRuleIds(inside, {})).toEqual([]);
  });

  it("reads a reason from JSON and refuses an over-long one", () => {
    const json = JSON.parse(
      JSON.stringify(plan([{ zone: "forehead", indication: "fine-lines", depthMinMm: 0.5, depthMaxMm: 1.0, depthReason: "x".repeat(20) }])),
    );
    const parsed = parsePlanDraft(json);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.draft.zones[0]!.depthReason).toBe("x".repeat(20));
    const long = plan([{ zone: "forehead", indication: "fine-lines", depthMinMm: 0.5, depthMaxMm: 1.0, depthReason: "x".repeat(1001) }]);
    expect(depthRules(long)).toEqual(["zones.0.depthReason:input.too-long"]);
  });

  it("holds the band to a clinic maximum below it, so a depth at that maximum needs no reason", () => {
    expect(bandInForce({ minMm: 1.0, maxMm: 1.5 }, 0.8)).toEqual({ minMm: 0.8, maxMm: 0.8 });
    expect(
      depthRules(plan([{ zone: "cheek-left", indication: "acne-scars", depthMinMm: 0.8, depthMaxMm: 0.8 }]), ctx({ "cheek-left": 0.8 })),
    ).toEqual([]);
  });
});

describe("suggestDepth, for every zone × concern, skin type and screening precaution", () => {
  const offered = DEPTH_TABLE.map((r) => ({ zone: r.zone, indication: r.indication }));
  const precautions = screeningPrecautions;
  const fitzpatrick = fc.constantFrom<FitzpatrickType | null>(1, 2, 3, 4, 5, 6, null);

  it("stays inside the band, under the default maximum and under the ceiling, and needs no reason", () => {
    fc.assert(
      fc.property(fc.constantFrom(...offered), fitzpatrick, precautions, ({ zone, indication }, fitz, rules) => {
        const s = suggestDepth({ zone, indication, fitzpatrick: fitz, screeningRuleIds: rules, clinicMaxima: {} })!;
        const row = depthRow(zone, indication)!;
        expect(s.minMm).toBeGreaterThanOrEqual(row.minMm);
        expect(depthAbove(s.maxMm, row.maxMm)).toBe(false);
        expect(depthAbove(s.minMm, s.maxMm)).toBe(false);
        expect(depthAbove(s.maxMm, DEFAULT_ZONE_MAXIMA[zone])).toBe(false);
        expect(depthAbove(s.maxMm, ABSOLUTE_ZONE_MAXIMA[zone])).toBe(false);
        expect(depthRules(plan([{ zone, indication, depthMinMm: s.minMm, depthMaxMm: s.maxMm }]))).toEqual([]);
      }),
      { numRuns: 1000 },
    );
  });

  it("with any clinic maximum, even one saved above the ceiling, stays inside the band in force, the maximum and the ceiling", () => {
    const anyMax = fc.record(
      Object.fromEntries(ZONE_IDS.map((z) => [z, fc.integer({ min: 1, max: 60 }).map((n) => n / 20)])) as Record<
        (typeof ZONE_IDS)[number],
        fc.Arbitrary<number>
      >,
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.constantFrom(...offered), fitzpatrick, precautions, anyMax, ({ zone, indication }, fitz, rules, maxima) => {
        const s = suggestDepth({ zone, indication, fitzpatrick: fitz, screeningRuleIds: rules, clinicMaxima: maxima })!;
        const limit = effectiveZoneMaxima(maxima)[zone].maxMm;
        const band = bandInForce(depthRow(zone, indication)!, limit);
        expect(depthAbove(band.minMm, s.minMm)).toBe(false);
        expect(depthAbove(s.maxMm, band.maxMm)).toBe(false);
        expect(depthAbove(s.minMm, s.maxMm)).toBe(false);
        expect(depthAbove(s.maxMm, limit)).toBe(false);
        expect(depthAbove(s.maxMm, ABSOLUTE_ZONE_MAXIMA[zone])).toBe(false);
        expect(depthRules(plan([{ zone, indication, depthMinMm: s.minMm, depthMaxMm: s.maxMm }]), ctx(maxima))).toEqual([]);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("the plan PDF", () => {
  it("prints a depth's reason under the zones", async () => {
    const drawn: string[] = [];
    const drawText = PDFPage.prototype.drawText;
    const spy = vi.spyOn(PDFPage.prototype, "drawText").mockImplementation(function (this: PDFPage, t: string, o?: PDFPageDrawTextOptions) {
      drawn.push(t);
      return drawText.call(this, t, o);
    });
    const doc: PlanDocument = {
      clinic: { name: "Clinic", locationLine: "Kitchener, ON", phone: null, timeZone: "America/Toronto" },
      client: { name: "Client" },
      plan: {
        version: 1,
        createdAt: Date.UTC(2026, 0, 5),
        practitionerName: null,
        fitzpatrick: 5,
        glogau: 2,
        zones: [
          {
            zoneLabel: "Forehead",
            indicationLabel: "Fine lines",
            depthMinMm: 0.5,
            depthMaxMm: 1.0,
            clinicDefault: true,
            depthReason: "Deep static lines; a test spot healed well.",
          },
          { zoneLabel: "Cheek, left", indicationLabel: "Acne scars", depthMinMm: 1.0, depthMaxMm: 1.5, clinicDefault: false },
        ],
        sessions: 4,
        intervalMinDays: 28,
        intervalMaxDays: 35,
        visitMinutes: 45,
        numbingCream: false,
        products: [],
        pricePerSessionCents: 0,
        packagePriceCents: 0,
        currency: "CAD",
        downtime: "A day or two.",
        aftercare: [],
        achievability: "Softer lines.",
        noteToClient: "",
        contentSha256: "0".repeat(64),
      },
      acceptance: null,
    };
    try {
      await renderPlanPdf(doc);
    } finally {
      spy.mockRestore();
    }
    const text = drawn.join(" ");
    expect(text).toContain("Depths outside the usual range, and why");
    expect(text).toContain("Deep static lines; a test spot healed well.");
    expect(text.match(/Deep static lines/g)?.length).toBe(1);
  });
});
