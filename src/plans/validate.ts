// The hard limits of a treatment plan. The server refuses a plan that breaks
// any of them and the plan screen shows the same messages beside the same
// fields, so each violation names the rule that refused it and the form field
// it belongs to ("zones.2.depthMaxMm").

import { z } from "zod";
import { bandInForce, depthRow } from "./depths.ts";
import { INDICATIONS } from "./indications.ts";
import { LIMIT_REASON_MAX, LIMIT_REASON_MIN } from "./limits.ts";
import { DEFAULT_NUMBING_MAX_AREA_CM2, numbingAreaCm2 } from "./numbing.ts";
import type {
  ApprovedProduct,
  ClinicDepthLimits,
  IndicationId,
  NeedlingGlide,
  NumbingProduct,
  PlanDraft,
  PlanViolation,
  PlanZone,
} from "./types.ts";
import { ZONE_IDS } from "./types.ts";
import {
  depthAbove,
  effectiveZoneMaxima,
  formatMm,
  isDepthStep,
  isIndicationId,
  isNoTreatmentAreaId,
  isZoneId,
  NO_TREATMENT_AREAS,
  ZONES,
} from "./zones.ts";

export interface PlanContext {
  clinicMaxima: ClinicDepthLimits;
  /** The clinic's post-needling product list; only active products may be planned. */
  products: readonly ApprovedProduct[];
  /** From the client's screening (the `anaesthetic-allergy` reason) or record. */
  anaestheticAllergy: boolean;
  /** When given, the plan's service must be one of these. */
  serviceIds?: readonly string[];
  /** The clinic's numbing products; only active ones may be planned. */
  numbingProducts?: readonly NumbingProduct[];
  /** The clinic's largest area numbed in one application (default DEFAULT_NUMBING_MAX_AREA_CM2). */
  numbingMaxAreaCm2?: number;
  /** The clinic's needling glides; only active, sterile and single-use ones may be planned. */
  glides?: readonly NeedlingGlide[];
  /**
   * The content was stored before plans recorded the numbing product and the
   * glide (no `glideId`): it is signed as it was offered, without them. Every
   * save goes through the full rules, so a new draft always has them.
   */
  storedBeforeNumbingDetail?: boolean;
}

export const MIN_SESSIONS = 1;
export const MAX_SESSIONS = 24;
/** A gap longer than a year is a typo, not a plan. */
export const MAX_INTERVAL_DAYS = 365;
/** A million dollars per session or package is a typo, and beyond what the database column holds safely. */
export const MAX_PRICE_CENTS = 100_000_000;

const v = (rule: string, field: string, message: string): PlanViolation => ({ rule, field, message });

/** The zone field's violation, or null when the id names a treatable zone. */
function zoneIdProblem(zone: unknown, field: string): PlanViolation | null {
  if (isZoneId(zone)) return null;
  if (isNoTreatmentAreaId(zone)) return v(NO_TREATMENT_AREAS[zone].rule, field, NO_TREATMENT_AREAS[zone].message);
  return v("zone.unknown", field, "Choose an area from the zone map.");
}

function indicationIdProblem(indication: unknown, field: string): PlanViolation | null {
  return isIndicationId(indication) ? null : v("indication.unknown", field, "Choose a concern from the list.");
}

/** A depth's problem against its zone's absolute ceiling and the clinic's maximum (shared by plans and session charts), or null. */
export function depthProblem(mm: unknown, field: string, zoneId: (typeof ZONE_IDS)[number], limitMm: number): PlanViolation | null {
  const zone = ZONES[zoneId];
  if (typeof mm !== "number" || !Number.isFinite(mm)) return v("depth.invalid", field, `${zone.label}: enter a depth in millimetres.`);
  if (mm <= 0) return v("depth.not-positive", field, `${zone.label}: the depth must be more than 0 mm.`);
  if (!isDepthStep(mm)) return v("depth.step", field, `${zone.label}: set the depth in steps of 0.05 mm.`);
  if (depthAbove(mm, zone.ceilingMm))
    return v("depth.absolute-ceiling", field, `${zone.label}: at most ${formatMm(zone.ceilingMm)} mm (absolute limit for this area)`);
  if (depthAbove(mm, limitMm)) return v("depth.zone-maximum", field, `${zone.label}: at most ${formatMm(limitMm)} mm (clinic maximum)`);
  return null;
}

/**
 * Whether the zone's deepest depth goes past the depth table's band for its
 * concern (as cut by the zone maximum, `bandInForce`); false when there is no
 * row, which `depth.no-row` refuses on its own. Starting shallower than the
 * band needs no reason: the device's pivotal study started at the lowest
 * setting and went deeper until erythema [ref-36] (decision 0020).
 */
export function depthOutsideBand(z: Pick<PlanZone, "zone" | "indication" | "depthMinMm" | "depthMaxMm">, zoneMaximumMm: number): boolean {
  const row = depthRow(z.zone, z.indication);
  if (row === null) return false;
  return depthAbove(z.depthMaxMm, bandInForce(row, zoneMaximumMm).maxMm);
}

/**
 * The rule ids of the plan's depths that stand outside their band with a
 * reason, one per zone ("depth.outside-band:forehead"): what the audit log
 * records of them. The reasons themselves are health information and stay in
 * the encrypted plan content.
 */
export function depthReasonRuleIds(draft: Pick<PlanDraft, "zones">, clinicMaxima: ClinicDepthLimits): string[] {
  const maxima = effectiveZoneMaxima(clinicMaxima);
  return draft.zones
    .filter((z) => isZoneId(z.zone) && depthOutsideBand(z, maxima[z.zone].maxMm) && (z.depthReason ?? "").trim() !== "")
    .map((z) => `depth.outside-band:${z.zone}`);
}

// A depth outside the band of its zone × concern is the practitioner's call,
// but never a silent one: it carries their clinical reason, which the plan
// page, the client's portal and the PDF show. Above the zone maximum stays
// refused (depthProblem), reason or not.
function depthReasonProblem(z: PlanZone, at: string, limitMm: number): PlanViolation | null {
  const reason = typeof z.depthReason === "string" ? z.depthReason.trim() : "";
  if (reason.length > LIMIT_REASON_MAX) return v("input.too-long", `${at}.depthReason`, `At most ${LIMIT_REASON_MAX} characters.`);
  if (!depthOutsideBand(z, limitMm) || reason.length >= LIMIT_REASON_MIN) return null;
  const row = depthRow(z.zone, z.indication)!;
  const band = bandInForce(row, limitMm);
  return v(
    "depth.outside-band",
    `${at}.depthReason`,
    `${ZONES[z.zone].label}: ${formatMm(z.depthMinMm)}–${formatMm(z.depthMaxMm)} mm goes deeper than the usual ${formatMm(band.minMm)}–${formatMm(band.maxMm)} mm for ${INDICATIONS[z.indication].label.toLowerCase()}. Give your clinical reason for this depth, in at least ${LIMIT_REASON_MIN} characters.`,
  );
}

const isWholeIn = (n: unknown, min: number, max: number): n is number =>
  typeof n === "number" && Number.isInteger(n) && n >= min && n <= max;

function priceProblem(cents: unknown, field: string, what: string): PlanViolation | null {
  if (typeof cents !== "number" || !Number.isSafeInteger(cents))
    return v("price.not-integer", field, `${what} must be a whole number of cents.`);
  if (cents < 0) return v("price.negative", field, `${what} can't be negative.`);
  if (cents > MAX_PRICE_CENTS) return v("price.too-large", field, `${what} can be at most ${MAX_PRICE_CENTS / 100} (a typo?).`);
  return null;
}

function numbingProblems(draft: PlanDraft, ctx: PlanContext): PlanViolation[] {
  const out: PlanViolation[] = [];
  const numbing = draft.numbing;
  if (!numbing || typeof numbing.productId !== "string" || numbing.productId === "") {
    return [
      v(
        "numbing.agent-required",
        "numbing.productId",
        "Choose the numbing cream from the clinic's list: the plan records its agent and strength.",
      ),
    ];
  }
  // Stryker disable next-line ArrayDeclaration: equivalent, an entry that is not a product has no id to match the non-empty productId.
  const product = (ctx.numbingProducts ?? []).find((p) => p.id === numbing.productId);
  if (!product || !product.active) {
    out.push(
      v(
        "numbing.agent-not-approved",
        "numbing.productId",
        "This numbing cream isn't on the clinic's list. Choose one from the list, or ask the owner to add it under Plan settings.",
      ),
    );
  }
  const planned = new Set(draft.zones.map((z) => z.zone as string));
  if (numbing.zones.length === 0) {
    out.push(v("numbing.areas-required", "numbing.zones", "Choose the areas the numbing cream goes on."));
  }
  numbing.zones.forEach((zone, i) => {
    if (!planned.has(zone)) {
      out.push(v("numbing.zone-not-in-plan", `numbing.zones.${i}`, "Numbing cream goes only on areas this plan treats."));
    }
  });
  const area = numbingAreaCm2(numbing.zones.filter((z) => planned.has(z)));
  const max = ctx.numbingMaxAreaCm2 ?? DEFAULT_NUMBING_MAX_AREA_CM2;
  const reason = typeof numbing.overMaximumReason === "string" ? numbing.overMaximumReason.trim() : "";
  if (area > max && reason.length < LIMIT_REASON_MIN) {
    out.push(
      v(
        "numbing.area-over-maximum",
        "numbing.overMaximumReason",
        `About ${area} cm² is more than the clinic numbs at once (${max} cm²). The FDA advises against numbing large areas and against covering or wrapping the cream. Numb fewer areas, or say why, in at least ${LIMIT_REASON_MIN} characters.`,
      ),
    );
  } else if (reason.length > LIMIT_REASON_MAX) {
    out.push(v("input.too-long", "numbing.overMaximumReason", `At most ${LIMIT_REASON_MAX} characters.`));
  }
  return out;
}

function glideProblem(glideId: unknown, glides: readonly NeedlingGlide[]): PlanViolation | null {
  if (typeof glideId !== "string" || glideId === "") {
    return v(
      "glide.required",
      "glideId",
      "Choose what goes on the skin while needling, from the clinic's list of sterile single-use glides.",
    );
  }
  const glide = glides.find((g) => g.id === glideId);
  if (!glide || !glide.active) {
    return v("glide.not-approved", "glideId", "This product isn't on the clinic's list of glides for use during needling.");
  }
  if (!glide.sterile || !glide.singleUse) {
    return v(
      "glide.not-sterile",
      "glideId",
      `${glide.name} isn't marked sterile and single-use: anything on the skin during needling can be driven into it and cause granulomas.`,
    );
  }
  return null;
}

/** Every limit the plan breaks; empty when it may be saved. */
export function validatePlan(draft: PlanDraft, ctx: PlanContext): PlanViolation[] {
  const out: PlanViolation[] = [];
  const push = (p: PlanViolation | null) => {
    if (p !== null) out.push(p);
  };
  const maxima = effectiveZoneMaxima(ctx.clinicMaxima);

  if (draft.zones.length === 0) push(v("zones.none", "zones", "Add at least one area to treat."));
  const seen = new Set<string>();
  const indications = new Set<IndicationId>();
  draft.zones.forEach((z, i) => {
    const at = `zones.${i}`;
    const zoneProblem = zoneIdProblem(z.zone, `${at}.zone`);
    if (zoneProblem !== null) return push(zoneProblem);
    if (seen.has(z.zone)) {
      push(
        v("zone.duplicate", `${at}.zone`, `${ZONES[z.zone].label} is already in the plan: choose one concern and one depth for each area.`),
      );
    }
    seen.add(z.zone);

    const indicationProblem = indicationIdProblem(z.indication, `${at}.indication`);
    if (indicationProblem !== null) push(indicationProblem);
    else {
      indications.add(z.indication);
      if (depthRow(z.zone, z.indication) === null) {
        push(
          v(
            "depth.no-row",
            `${at}.indication`,
            `${INDICATIONS[z.indication].label} isn't treated on ${ZONES[z.zone].label} here: choose a concern offered for this area.`,
          ),
        );
      }
    }

    const limit = maxima[z.zone].maxMm;
    const minProblem = depthProblem(z.depthMinMm, `${at}.depthMinMm`, z.zone, limit);
    const maxProblem = depthProblem(z.depthMaxMm, `${at}.depthMaxMm`, z.zone, limit);
    push(minProblem);
    push(maxProblem);
    if (minProblem === null && maxProblem === null && depthAbove(z.depthMinMm, z.depthMaxMm)) {
      push(v("depth.min-above-max", `${at}.depthMinMm`, `${ZONES[z.zone].label}: the shallowest depth can't be deeper than the deepest.`));
    } else if (minProblem === null && maxProblem === null) {
      push(depthReasonProblem(z, at, limit));
    }
  });

  if (!isWholeIn(draft.sessions, MIN_SESSIONS, MAX_SESSIONS)) {
    push(v("sessions.range", "sessions", `Plan a whole number of sessions from ${MIN_SESSIONS} to ${MAX_SESSIONS}.`));
  }

  const minOk = isWholeIn(draft.intervalMinDays, 1, MAX_INTERVAL_DAYS);
  const maxOk = isWholeIn(draft.intervalMaxDays, 1, MAX_INTERVAL_DAYS);
  if (!minOk) push(v("interval.invalid", "intervalMinDays", `Enter a whole number of days from 1 to ${MAX_INTERVAL_DAYS}.`));
  if (!maxOk) push(v("interval.invalid", "intervalMaxDays", `Enter a whole number of days from 1 to ${MAX_INTERVAL_DAYS}.`));
  if (minOk) {
    // The plan's slowest-healing concern sets the floor for all of its zones,
    // because every zone is needled at each session.
    const strictest = [...indications].sort((a, b) => INDICATIONS[b].minimumIntervalDays - INDICATIONS[a].minimumIntervalDays)[0];
    if (strictest !== undefined && draft.intervalMinDays < INDICATIONS[strictest].minimumIntervalDays) {
      const floor = INDICATIONS[strictest].minimumIntervalDays;
      push(
        v(
          "interval.minimum",
          "intervalMinDays",
          `Sessions for ${INDICATIONS[strictest].label.toLowerCase()} need at least ${floor} days between them, so the skin can heal and rebuild.`,
        ),
      );
    }
  }
  if (minOk && maxOk && draft.intervalMinDays > draft.intervalMaxDays) {
    push(v("interval.order", "intervalMaxDays", "The longest gap between sessions can't be shorter than the shortest."));
  }

  if (draft.numbingCream && ctx.anaestheticAllergy) {
    push(
      v(
        "numbing.anaesthetic-allergy",
        "numbingCream",
        "No numbing cream: this client is allergic to local anaesthetics. Plan their comfort without it.",
      ),
    );
  } else if (draft.numbingCream && !ctx.storedBeforeNumbingDetail) {
    out.push(...numbingProblems(draft, ctx));
  }
  // Stryker disable next-line ArrayDeclaration: equivalent, an entry that is not a glide has no id to match a non-empty glideId.
  if (!ctx.storedBeforeNumbingDetail) push(glideProblem(draft.glideId, ctx.glides ?? []));

  const active = new Set(ctx.products.filter((p) => p.active).map((p) => p.id));
  const plannedProducts = new Set<string>();
  draft.productIds.forEach((id, i) => {
    const field = `productIds.${i}`;
    if (!active.has(id)) {
      push(v("product.not-approved", field, "This product isn't on the clinic's approved list for use right after needling."));
    } else if (plannedProducts.has(id)) {
      push(v("product.duplicate", field, "This product is already in the plan."));
    }
    plannedProducts.add(id);
  });

  push(priceProblem(draft.pricePerSessionCents, "pricePerSessionCents", "The price per session"));
  push(priceProblem(draft.packagePriceCents, "packagePriceCents", "The package price"));
  if (typeof draft.currency !== "string" || !/^[A-Z]{3}$/.test(draft.currency)) {
    push(v("currency.invalid", "currency", "Use a three-letter currency code, such as CAD."));
  }

  if (typeof draft.serviceId !== "string" || draft.serviceId.trim() === "") {
    push(v("service.missing", "serviceId", "Choose the treatment service the sessions are booked as."));
  } else if (ctx.serviceIds !== undefined && !ctx.serviceIds.includes(draft.serviceId)) {
    push(v("service.unknown", "serviceId", "This service isn't offered by the clinic. Choose another."));
  }

  return out;
}

// ---- parsing untrusted input -------------------------------------------------

const MAX_TEXT = 5000;
const MAX_ID = 200;
const fitzpatrick = z.literal([1, 2, 3, 4, 5, 6]).nullable();

// Zone and concern ids are plain strings here so that an eyelid or an unknown
// id is refused with the domain's own rule and words, not a generic one.
const planDraftSchema = z.strictObject({
  assessment: z.strictObject({
    fitzpatrick,
    fitzpatrickFromIntake: fitzpatrick,
    glogau: z.literal([1, 2, 3, 4]).nullable(),
    concerns: z.array(z.strictObject({ zone: z.enum(ZONE_IDS), note: z.string().max(MAX_TEXT) })).max(ZONE_IDS.length * 4),
    notes: z.string().max(MAX_TEXT),
  }),
  zones: z
    .array(
      z.strictObject({
        zone: z.string().max(MAX_ID),
        indication: z.string().max(MAX_ID),
        depthMinMm: z.number(),
        depthMaxMm: z.number(),
        depthReason: z.string().max(MAX_TEXT).optional(),
      }),
    )
    .max(ZONE_IDS.length * 2),
  serviceId: z.string().max(MAX_ID),
  practitionerId: z.string().max(MAX_ID).nullable(),
  sessions: z.number(),
  intervalMinDays: z.number(),
  intervalMaxDays: z.number(),
  numbingCream: z.boolean(),
  numbing: z
    .strictObject({
      productId: z.string().max(MAX_ID),
      zones: z.array(z.string().max(MAX_ID)).max(ZONE_IDS.length),
      overMaximumReason: z.string().max(MAX_TEXT),
    })
    .nullable()
    .optional(),
  glideId: z.string().max(MAX_ID).optional(),
  // Server snapshots (numbing product and area, glide): dropped like `products`.
  numbingDetail: z.unknown().optional(),
  glide: z.unknown().optional(),
  productIds: z.array(z.string().max(MAX_ID)).max(50),
  // The server's snapshot of the chosen products. A form may echo it back from
  // a stored version; it is dropped, never trusted, so the server fills it in.
  products: z
    .array(z.strictObject({ id: z.string().max(MAX_ID), name: z.string().max(MAX_TEXT), reason: z.string().max(MAX_TEXT) }))
    .max(50)
    .optional(),
  pricePerSessionCents: z.number(),
  packagePriceCents: z.number(),
  currency: z.string().max(MAX_ID),
  noteToClient: z.string().max(MAX_TEXT),
});

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = input;
  for (const key of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

const EXPECTED: Record<string, string> = {
  number: "Enter a number.",
  string: "Enter text.",
  boolean: "Expected true or false.",
  array: "Expected a list.",
  object: "Expected a group of fields.",
};

function toViolations(input: unknown, issues: readonly z.core.$ZodIssue[]): PlanViolation[] {
  return issues.flatMap((issue): PlanViolation[] => {
    const field = issue.path.map(String).join(".");
    switch (issue.code) {
      case "unrecognized_keys":
        return issue.keys.map((key) =>
          v("input.unknown-key", field === "" ? key : `${field}.${key}`, "This field isn't part of a treatment plan."),
        );
      case "invalid_type":
        return [
          valueAt(input, issue.path) === undefined
            ? v("input.required", field, "This field is required.")
            : v("input.type", field, EXPECTED[issue.expected] ?? "This value has the wrong type."),
        ];
      case "too_big":
        return [
          v("input.too-long", field, issue.origin === "array" ? `At most ${issue.maximum} items.` : `At most ${issue.maximum} characters.`),
        ];
      case "invalid_value":
        return [v("input.invalid-choice", field, "Choose one of the listed values.")];
      default:
        return [v("input.invalid", field, "This value isn't valid.")];
    }
  });
}

export type ParsePlanDraftResult = { ok: true; draft: PlanDraft } | { ok: false; violations: PlanViolation[] };

/**
 * The shape of a plan from API or form JSON: unknown keys are refused and
 * numbers must be JSON numbers, not strings. Limits are validatePlan's job;
 * this only guarantees a PlanDraft it can read.
 */
export function parsePlanDraft(input: unknown): ParsePlanDraftResult {
  const parsed = planDraftSchema.safeParse(input);
  if (!parsed.success) return { ok: false, violations: toViolations(input, parsed.error.issues) };
  const ids = parsed.data.zones.flatMap((z, i) => {
    const problems = [zoneIdProblem(z.zone, `zones.${i}.zone`), indicationIdProblem(z.indication, `zones.${i}.indication`)];
    return problems.filter((p): p is PlanViolation => p !== null);
  });
  if (ids.length > 0) return { ok: false, violations: ids };
  const { products: _snapshot, numbingDetail: _numbing, glide: _glide, ...draft } = parsed.data;
  return { ok: true, draft: draft as PlanDraft };
}
