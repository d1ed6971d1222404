// The clinic's lists and a plan inside every limit, for the validator's tests
// (validate.test.ts, parse-plan-draft.test.ts). Each test changes one thing.
import type { ApprovedProduct, NeedlingGlide, NumbingProduct, PlanDraft, PlanZone } from "./types.ts";
import { validatePlan, type PlanContext } from "./validate.ts";

export const products: ApprovedProduct[] = [
  { id: "ha-gel", name: "Sterile hyaluronic gel", reason: "Sterile, single-use, labelled for use after needling", active: true },
  { id: "old-serum", name: "Retired serum", reason: "No longer stocked", active: false },
];

export const numbingProducts: NumbingProduct[] = [
  { id: "lido-4", name: "Lidocaine 4 % cream", agent: "lidocaine 4 %", active: true },
  { id: "old-cream", name: "Retired cream", agent: "lidocaine 5 %", active: false },
];
export const glides: NeedlingGlide[] = [
  { id: "ha-glide", name: "Sterile HA glide, single-use ampoule", sterile: true, singleUse: true, active: true },
  { id: "vit-c", name: "Vitamin C serum (jar)", sterile: false, singleUse: false, active: true },
  { id: "multi-vial", name: "Sterile glide, multi-use vial", sterile: true, singleUse: false, active: true },
  { id: "old-glide", name: "Retired glide", sterile: true, singleUse: true, active: false },
];

export const ctx = (over: Partial<PlanContext> = {}): PlanContext => ({
  clinicMaxima: {},
  products,
  anaestheticAllergy: false,
  numbingProducts,
  glides,
  // Generous here, so the other rules' tests never trip the numbing area; its own tests set 400.
  numbingMaxAreaCm2: 5000,
  ...over,
});

export function draft(over: Partial<PlanDraft> = {}): PlanDraft {
  const d = base(over);
  // Unless a test says otherwise, the numbing cream goes on every area of the plan (and a plan with no areas has none).
  if (!("numbing" in over)) d.numbing = { productId: "lido-4", zones: d.zones.map((z) => z.zone), overMaximumReason: "" };
  if (!("numbingCream" in over) && d.zones.length === 0) d.numbingCream = false;
  return d;
}

/** Numbing over both cheeks and the neck: about 460 cm², above a 400 cm² clinic maximum. */
export function largeNumbedArea(overMaximumReason: string): PlanDraft {
  return draft({
    zones: [
      { zone: "cheek-left", indication: "acne-scars", depthMinMm: 1.0, depthMaxMm: 1.5 },
      { zone: "cheek-right", indication: "acne-scars", depthMinMm: 1.0, depthMaxMm: 1.5 },
      { zone: "neck", indication: "fine-lines", depthMinMm: 1.0, depthMaxMm: 1.25 },
    ],
    numbing: { productId: "lido-4", zones: ["cheek-left", "cheek-right", "neck"], overMaximumReason },
  });
}

export function base(over: Partial<PlanDraft>): PlanDraft {
  return {
    assessment: {
      fitzpatrick: 3,
      fitzpatrickFromIntake: 3,
      glogau: 2,
      concerns: [{ zone: "cheek-left", note: "Pitted scars" }],
      notes: "",
    },
    zones: [
      { zone: "cheek-left", indication: "acne-scars", depthMinMm: 1.0, depthMaxMm: 1.5 },
      { zone: "cheek-right", indication: "acne-scars", depthMinMm: 1.0, depthMaxMm: 1.5 },
    ],
    serviceId: "svc-microneedling-face",
    practitionerId: null,
    sessions: 3,
    intervalMinDays: 28,
    intervalMaxDays: 42,
    numbingCream: true,
    numbing: { productId: "lido-4", zones: ["cheek-left", "cheek-right"], overMaximumReason: "" },
    glideId: "ha-glide",
    productIds: ["ha-gel"],
    pricePerSessionCents: 25000,
    packagePriceCents: 67500,
    currency: "CAD",
    noteToClient: "",
    ...over,
  };
}

export const zone = (z: Partial<PlanZone> & Pick<PlanZone, "zone" | "indication">): PlanZone => ({
  depthMinMm: 0.2,
  depthMaxMm: 0.3,
  ...z,
});
export const rules = (d: PlanDraft, c: PlanContext = ctx()) => validatePlan(d, c).map((p) => `${p.field}:${p.rule}`);
