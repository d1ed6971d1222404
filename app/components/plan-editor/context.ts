// What the plan editor is given besides the plan itself: the clinic's lists
// and limits, and what the client's screening says. Its parts share it.
import type { ApprovedProduct, ClinicDepthLimits, FitzpatrickType, NeedlingGlide, NumbingProduct } from "../../../src/plans/types.ts";
import type { PlanFormValues } from "../../lib/plan-form.ts";

export interface PlanEditorContext {
  products: ApprovedProduct[];
  numbingProducts: NumbingProduct[];
  glides: NeedlingGlide[];
  /** The clinic's largest area numbed in one application, cm². */
  numbingMaxAreaCm2: number;
  clinicMaxima: ClinicDepthLimits;
  anaestheticAllergy: boolean;
  fitzpatrickFromIntake: FitzpatrickType | null;
  screeningRuleIds: string[];
  services: { id: string; name: string; priceCents: number | null; currency: string }[];
  practitioners: { id: string; name: string }[];
  /** Citation key → short source, for the suggestion's sources. */
  sources: Record<string, string>;
}

/** Changes some of the editor's values; the rest stay. */
export type SetPlanValues = (patch: Partial<PlanFormValues>) => void;
