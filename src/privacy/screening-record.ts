// Screenings as health information now keep their storage beside the
// screening engine, in src/screening/record/. This old path re-exports it, so
// the modules that import it need no change.
export { type PhysicianClearance, type StoredAnswers } from "../screening/record/encryption.ts";
export {
  carrySelfCheck,
  claimCarriedSelfCheck,
  hasCarriedSelfCheck,
  SELF_CHECK_AWAIT_CLIENT_MS,
  SELF_CHECK_CARRY_MS,
} from "../screening/record/self-check.ts";
export { latestScreeningFacts, screeningsForExport, type ScreeningView } from "../screening/record/read.ts";
export { clientLatestAnswers, clientScreeningStatus, recordClientIntake } from "../screening/record/portal.ts";
export {
  CLEARANCE_NAME_MAX,
  CLEARANCE_TEXT_MAX,
  PRESCRIBER_RULES,
  REVIEW_NOTE_MAX,
  REVIEW_NOTE_MIN,
  reviewScreening,
  viewScreenings,
} from "../screening/record/review.ts";
export { recordDayOfScreening } from "../screening/record/day-of-screening.ts";
export { eligibilityFor, type Eligibility } from "../screening/record/eligibility.ts";
export { reencryptScreeningData } from "../screening/record/key-rotation.ts";
