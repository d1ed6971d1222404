// The public surface of plans: what the rest of the product may use of it.
// Another domain imports these names from the files named below (directly:
// the domains still call each other, and a barrel would make import cycles);
// src/dependencies.test.ts refuses any other name from this folder.
// To make something public, add it here in the change that needs it.

export {
  ADDENDUM_MAX,
  CHART_TEXT_MAX,
  ENDPOINTS,
  ENDPOINT_LABELS,
  EXPECTATION_IDS,
  MAX_PASSES,
  NUMBING_STRENGTH_MAX,
  REACTIONS,
  REACTION_LABELS,
  TECHNIQUES,
  TECHNIQUE_LABELS,
  expectationsOf,
  type ChartArea,
  type ChartDraft,
  type ChartLimits,
  type Endpoint,
  type ExpectationId,
  type ReactionKind,
  type StoredChart,
  type Technique,
} from "./chart.ts";
export { clientCopyFor, copyLocaleOf, planAftercare, skinHeadingsIn, zoneLabelIn, zoneLabelsIn } from "./client-copy.ts";
export { CLINIC_DEFAULT_LABEL, DEPTH_TABLE, indicationsFor } from "./depths.ts";
export { achievabilityStatement, estimateVisit, expectedDowntime, packageSummary } from "./estimate.ts";
export { INDICATIONS, indicationLabel } from "./indications.ts";
export {
  LIMIT_REASON_MAX,
  LIMIT_REASON_MIN,
  OUTSIDE_WINDOW_REASON_MIN,
  PHOTO_CAPTION_MAX,
  PRODUCT_NAME_MAX,
  PRODUCT_REASON_MAX,
  SIGNED_NAME_MAX,
} from "./limits.ts";
export { numbingAreaCm2 } from "./numbing.ts";
export { PhotoInputError, cleanPhoto } from "./photos.ts";
export { clinicPlanSettings, type PlanContext } from "./record/context.ts";
export { PlanChangedError, PlanRefusedError } from "./record/errors.ts";
export { reencryptPlanData } from "./record/key-rotation.ts";
export { acceptPlan, clientPlan, clientPlanStatuses } from "./record/portal.ts";
export { proposePlan } from "./record/propose.ts";
export {
  ChartChangedError,
  ChartSignedError,
  addChartAddendum,
  chartStatuses,
  openChart,
  saveChart,
  signChart,
  type ChartPage,
} from "./record/chart.ts";
export { chartsForExport, type ChartView } from "./record/chart-read.ts";
export { recallSearch, type RecallResult } from "./record/recall.ts";
export {
  clientSessions,
  type NextSession,
  type SessionHistory,
  type SessionHistoryEntry,
  type SessionNotes,
} from "./record/session-history.ts";
export { LOT_TEXT_MAX, SUPPLY_KIND_LABELS, addDevice, addLot, listSupplies, retireSupply, type DeviceView, type LotView } from "./lots.ts";
export { lockPlan, plansForExport, type PlanSummary, type PlanVersionView, type PlanView } from "./record/read.ts";
export { planSeriesFacts, plansToBook } from "./record/series-facts.ts";
export { addSkinPhoto, listSkinPhotos, viewSkinPhoto } from "./record/skin-photos.ts";
export { PHOTO_VIEWS, photosForUse, photoUsesAllowed, viewPhotoForUse, type PhotoForUse, type PhotoView } from "./record/session-photos.ts";
export { listPlansForStaff, newPlanContext, viewPlanForStaff } from "./record/staff-view.ts";
export { createPlan, savePlan } from "./record/write.ts";
export { insertPlansInBulk, type BulkPlan } from "./record/bulk.ts";
export { bookSeries, seriesPage, type MoveRequest } from "./series-booking.ts";
export { proposeSeries } from "./series-db.ts";
export { SeriesInputError, planSeries } from "./series.ts";
export {
  addGlide,
  addNumbingProduct,
  addProduct,
  getPlanSettings,
  setDepthLimit,
  setNumbingMaximum,
  updateGlide,
  updateNumbingProduct,
  updateProduct,
} from "./settings.ts";
export { suggestDepth } from "./suggest.ts";
export { AFTERCARE_DEFAULTS, AFTERCARE_ITEMS, aftercareFor, type AftercareSettings, type AftercareSheet } from "./aftercare.ts";
export { aftercareSettingsOf, getAftercareSettings, setAftercareSetting } from "./aftercare-settings.ts";
export { aftercarePath, clientAftercare, composeAftercareMessage, queueAftercareMessage } from "./record/aftercare-message.ts";
export { SUPPLY_KINDS, clinicDevices, planGlides, planNumbingProducts, planProducts, supplyLots, type SupplyKind } from "./tables.ts";
export {
  ZONE_IDS,
  type ApprovedProduct,
  type ClinicDepthLimits,
  type FitzpatrickType,
  type GlogauType,
  type IndicationId,
  type NeedlingGlide,
  type NumbingProduct,
  type PlanDraft,
  type PlanViolation,
  type ZoneId,
} from "./types.ts";
export { parsePlanDraft } from "./validate.ts";
export { ZONES, effectiveZoneMaxima, formatMm, zoneLabel } from "./zones.ts";
export {
  CheckinAnswersError,
  CheckinNotOpenError,
  FollowUpClosedError,
  answerCheckin,
  checkinJobHandlers,
  checkinsForExport,
  closeFollowUp,
  dueCheckins,
  getCheckinDays,
  hasFollowUpList,
  listFollowUps,
  openClientCheckin,
  openFollowUp,
  recordAdverseEvent,
  reencryptCheckinData,
  scheduleCheckinInvites,
  updateCheckinDays,
  type CheckinExportView,
  type DueCheckin,
  type FollowUpListEntry,
  type FollowUpView,
} from "./record/checkins.ts";
export { judgeCheckin, parseCheckinAnswers, type CheckinAnswers, type CheckinJudgement } from "./checkin.ts";
