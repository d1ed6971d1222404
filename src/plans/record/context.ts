// What the plan editor works with besides the plan: the clinic's lists and
// limits and the latest screening's facts, and the check every saved or
// offered draft passes against them.
import { and, asc, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/open.ts";
import { practitioners, services } from "../../db/schema.ts";
import type { KeyRing } from "../../privacy/keyring.ts";
import { latestScreeningFacts } from "../../screening/record/read.ts";
import { clinicToday } from "../../scheduling/clinic.ts";
import { withPricesOn } from "../../scheduling/prices.ts";
import { numbingAreaCm2 } from "../numbing.ts";
import { numbingAndGlideContext } from "../settings.ts";
import { planDepthLimits, planProducts } from "../tables.ts";
import type { ApprovedProduct, ClinicDepthLimits, FitzpatrickType, NeedlingGlide, NumbingProduct, PlanDraft, ZoneId } from "../types.ts";
import { validatePlan, type PlanContext as ValidationLimits } from "../validate.ts";
import { PlanRefusedError } from "./errors.ts";

/** The clinic's plan settings, as the validator needs them (no health information). */
export async function clinicPlanSettings(
  db: DbOrTx,
  organizationId: string,
): Promise<{
  products: ApprovedProduct[];
  clinicMaxima: ClinicDepthLimits;
  numbingProducts: NumbingProduct[];
  glides: NeedlingGlide[];
  numbingMaxAreaCm2: number;
}> {
  const products = await db
    .select({ id: planProducts.id, name: planProducts.name, reason: planProducts.reason, active: planProducts.active })
    .from(planProducts)
    .where(eq(planProducts.organizationId, organizationId))
    .orderBy(asc(planProducts.name));
  const limits = await db.select().from(planDepthLimits).where(eq(planDepthLimits.organizationId, organizationId));
  const clinicMaxima: ClinicDepthLimits = {};
  for (const l of limits) clinicMaxima[l.zoneId as ZoneId] = l.maxHundredths / 100;
  return { products, clinicMaxima, ...(await numbingAndGlideContext(db, organizationId)) };
}

/** What the plan editor needs besides the plan: the screening's facts and the clinic's lists. */
export interface PlanContext {
  products: ApprovedProduct[];
  clinicMaxima: ClinicDepthLimits;
  numbingProducts: NumbingProduct[];
  glides: NeedlingGlide[];
  numbingMaxAreaCm2: number;
  anaestheticAllergy: boolean;
  fitzpatrickFromIntake: FitzpatrickType | null;
  /** Rule ids of the latest screening's reasons: precautions adjust the depth suggestions. */
  screeningRuleIds: string[];
  screeningOutcome: string | null;
  services: { id: string; name: string; durationMinutes: number; priceCents: number | null; currency: string }[];
  practitioners: { id: string; name: string }[];
}

/** The context of a plan for this client, read in the caller's access (it decrypts the latest screening). */
export async function loadContext(tx: DbOrTx, keyRing: KeyRing, organizationId: string, clientId: string): Promise<PlanContext> {
  const facts = await latestScreeningFacts(tx, { keyRing, organizationId, clientId });
  const { products, clinicMaxima, numbingProducts, glides, numbingMaxAreaCm2 } = await clinicPlanSettings(tx, organizationId);
  const treatmentRows = await tx
    .select({ id: services.id, name: services.name, durationMinutes: services.durationMinutes })
    .from(services)
    .where(and(eq(services.organizationId, organizationId), eq(services.kind, "treatment"), eq(services.active, true)))
    .orderBy(asc(services.sortOrder), asc(services.name));
  // A new plan starts from today's price of each treatment.
  const priced = await withPricesOn(tx, organizationId, treatmentRows, await clinicToday(tx, organizationId, Date.now()));
  const treatmentServices = priced.map(({ prices: _changes, ...s }) => s);
  const staffPractitioners = await tx
    .select({ id: practitioners.id, name: practitioners.name })
    .from(practitioners)
    .where(and(eq(practitioners.organizationId, organizationId), eq(practitioners.active, true)))
    .orderBy(asc(practitioners.sortOrder), asc(practitioners.name));
  const fitz = facts?.fitzpatrickType ?? null;
  return {
    products,
    clinicMaxima,
    numbingProducts,
    glides,
    numbingMaxAreaCm2,
    anaestheticAllergy: facts?.ruleIds.includes("anaesthetic-allergy") ?? false,
    fitzpatrickFromIntake: fitz !== null && fitz >= 1 && fitz <= 6 ? (fitz as FitzpatrickType) : null,
    screeningRuleIds: facts?.ruleIds ?? [],
    screeningOutcome: facts?.outcome ?? null,
    services: treatmentServices,
    practitioners: staffPractitioners,
  };
}

/** The draft as stored: checked, with the chosen products as the clinic's list names them now. */
export function checked(draft: PlanDraft, ctx: PlanContext): PlanDraft {
  check(draft, ctx);
  // What the server fills in is never taken from the caller.
  const { products: _products, clientCopy: _copy, numbingDetail: _detail, glide: _glide, ...rest } = draft;
  const numbingProduct = draft.numbingCream ? ctx.numbingProducts.find((p) => p.id === draft.numbing?.productId) : undefined;
  const glide = ctx.glides.find((g) => g.id === draft.glideId)!;
  return {
    ...rest,
    // Numbing detail only with numbing cream; the product, agent and area as they stand now.
    numbing: draft.numbingCream && draft.numbing ? { ...draft.numbing, overMaximumReason: draft.numbing.overMaximumReason.trim() } : null,
    numbingDetail: numbingProduct
      ? {
          product: { id: numbingProduct.id, name: numbingProduct.name, agent: numbingProduct.agent },
          areaCm2: numbingAreaCm2(draft.numbing!.zones),
          maxAreaCm2: ctx.numbingMaxAreaCm2,
        }
      : null,
    glideId: glide.id,
    glide: { id: glide.id, name: glide.name, sterile: glide.sterile, singleUse: glide.singleUse },
    assessment: { ...rest.assessment, fitzpatrickFromIntake: ctx.fitzpatrickFromIntake },
    products: draft.productIds.map((id) => {
      const p = ctx.products.find((x) => x.id === id)!;
      return { id: p.id, name: p.name, reason: p.reason };
    }),
  };
}

/** The limits the validator checks a draft against, from the client's and the clinic's context. */
export function limitsOf(ctx: PlanContext): ValidationLimits {
  return {
    clinicMaxima: ctx.clinicMaxima,
    products: ctx.products,
    anaestheticAllergy: ctx.anaestheticAllergy,
    serviceIds: ctx.services.map((s) => s.id),
    numbingProducts: ctx.numbingProducts,
    numbingMaxAreaCm2: ctx.numbingMaxAreaCm2,
    glides: ctx.glides,
  };
}

/** Refuses the draft, naming each broken rule and its field, unless it keeps every limit. */
export function check(draft: PlanDraft, ctx: PlanContext): void {
  const violations = validatePlan(draft, limitsOf(ctx));
  if (draft.practitionerId !== null && !ctx.practitioners.some((p) => p.id === draft.practitionerId)) {
    violations.push({ rule: "plan.practitioner", field: "practitionerId", message: "Choose a practitioner of this clinic." });
  }
  if (violations.length > 0) throw new PlanRefusedError(violations);
}
