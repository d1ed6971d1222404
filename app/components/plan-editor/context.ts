// What the plan editor is given besides the plan itself: the clinic's lists
// and limits, and what the client's screening says. Its parts share it.
import type {
  ApprovedProduct,
  ClinicDepthLimits,
  FitzpatrickType,
  NeedlingGlide,
  NumbingProduct,
  ZoneId,
} from "../../../src/plans/types.ts";
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

/** What a part of the editor is handed: the values, their errors, the setter, the zones chosen, and what it needs of the context. */
export interface PlanFieldsProps<C = PlanEditorContext> {
  values: PlanFormValues;
  errors: Record<string, string>;
  set: SetPlanValues;
  selected: ZoneId[];
  context: C;
}
