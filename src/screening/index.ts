// The public surface of screening: what the rest of the product may use of it.
// Another domain imports these names from the files named below (directly:
// the domains still call each other, and a barrel would make import cycles);
// src/dependencies.test.ts refuses any other name from this folder.
// To make something public, add it here in the change that needs it.

export {
  DATE_PARTS,
  EARLIEST_YEAR,
  capitalise,
  datePartName,
  monthOf,
  valuesOf,
  type DateProblemCode,
  type FormValues,
} from "./answer-reader.ts";
export {
  SCREENING_VALID_DAYS,
  changeRule,
  changeScreeningValidDays,
  listRuleOverrides,
  loadClinicRules,
  resetRule,
} from "./clinic-rules.ts";
export { periodText } from "./dates.ts";
export { DAY_OF_SKIN, applyDayOfChanges, dayOfChangesFromForm } from "./day-of.ts";
export { DEFAULT_RULES } from "./default-rules.ts";
export { screen } from "./engine.ts";
export { insertScreeningsInBulk, type BulkScreening } from "./record/bulk.ts";
export { RECENT_TREATMENT_LOOKBACK_MONTHS } from "./look-backs.ts";
export {
  PROCEDURE_ROWS_MAX,
  QUESTIONNAIRE_CANONICAL,
  controlOf,
  helpOf,
  isExclusive,
  itemOf,
  optionOf,
  questionsOf,
} from "./questionnaire-definition.ts";
export { type QuestionnaireItem, type QuestionnaireResponse } from "./questionnaire-fhir.ts";
export {
  PROCEDURE_ROWS_FIELD,
  dayOptional,
  fieldNamesOf,
  isEnabled,
  procedureRowCount,
  readFormValues,
  rowField,
} from "./questionnaire-form.ts";
export { localizeItem, localizedSummary, problemMessages } from "./questionnaire-fr.ts";
export { NONE, concernsLinkId } from "./questionnaire-options.ts";
export { carriedExpectation, formValuesFromIntake, formValuesFromResponse } from "./questionnaire-prefill.ts";
export { type FormErrors, type FormProblems } from "./questionnaire-problems.ts";
export { fieldOfIntakePath, linkIdOfField, responseFromForm, sectionOfField } from "./questionnaire-response.ts";
export { answerSummary } from "./questionnaire-summary.ts";
export { clientReasonText } from "./reasons-fr.ts";
export { recordDayOfScreening } from "./record/day-of-screening.ts";
export { eligibilityFor, screeningValidThrough, type Eligibility } from "./record/eligibility.ts";
export { reencryptScreeningData } from "./record/key-rotation.ts";
export { clientLatestAnswers, clientScreeningStatus, recordClientIntake } from "./record/portal.ts";
export { dayOfCheckedOn, latestScreeningFacts, screeningsForExport, type ScreeningView } from "./record/read.ts";
export { PRESCRIBER_RULES, reviewScreening, viewScreenings } from "./record/review.ts";
export { SELF_CHECK_CARRY_MS, carrySelfCheck, claimCarriedSelfCheck, screenCarriedSelfCheck } from "./record/self-check.ts";
export { parseIntake } from "./schema.ts";
export * from "./self-check-answers.ts";
export * from "./self-check-model.ts";
export * from "./self-check-steps.ts";
export {
  AREAS,
  CONDITIONS,
  OUTCOMES,
  OUTCOME_WORDS,
  PROCEDURES,
  REASON_OUTCOMES,
  SKIN_CONDITIONS,
  type NormalizedIntake,
  type Outcome,
  type ReasonOutcome,
} from "./types.ts";
