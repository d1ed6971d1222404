// Treatment plans and skin photos as health information now keep their
// storage beside the plans, in src/plans/record/ (see docs/plans.md). This
// old path re-exports it, so the modules that import it need no change.
export { PlanChangedError, PlanRefusedError } from "../plans/record/errors.ts";
export { canonicalJson, contentSha256 } from "../plans/record/content.ts";
export { clinicPlanSettings, type PlanContext } from "../plans/record/context.ts";
export { lockPlan, plansForExport, type PlanSession, type PlanSummary, type PlanVersionView, type PlanView } from "../plans/record/read.ts";
export { listPlansForStaff, newPlanContext, viewPlanForStaff } from "../plans/record/staff-view.ts";
export { createPlan, savePlan } from "../plans/record/write.ts";
export { proposePlan } from "../plans/record/propose.ts";
export { acceptPlan, clientPlan, clientPlans, clientPlanStatuses } from "../plans/record/portal.ts";
export { planSeriesFacts, plansToBook, type PlanSeriesFacts } from "../plans/record/series-facts.ts";
export { addSkinPhoto, listSkinPhotos, viewSkinPhoto, type SkinPhotoSummary } from "../plans/record/skin-photos.ts";
export { reencryptPlanData } from "../plans/record/key-rotation.ts";
