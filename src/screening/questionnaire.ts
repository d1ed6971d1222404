// The intake questionnaire (docs/intake.md): a FHIR R4 Questionnaire, and the
// translation between its three forms: what a browser posts (form values,
// carried from step to step in hidden fields), the FHIR QuestionnaireResponse
// that is stored as the client's own words, and the screening contract's
// Intake that the engine reads. This file is its public surface; each job
// has its own file:
//
// - questionnaire-fhir.ts: the FHIR shapes;
// - questionnaire-options.ts: the answers offered;
// - questionnaire-definition.ts: the Questionnaire resource, versioned, and
//   the look-ups by linkId;
// - questionnaire-form.ts: field names, reading a submitted form, enableWhen,
//   the date questions (read by answer-reader.ts, shared with the self-check);
// - questionnaire-problems.ts: why an answer is refused, in English;
// - questionnaire-response.ts: from a form to a response and an Intake;
// - questionnaire-prefill.ts: from a response or an Intake back to a form;
// - questionnaire-summary.ts: a response in words;
// - questionnaire-fr.ts: all of it in French.
//
// Nothing here stores, logs or repeats an answer: error messages name the
// question, never what was typed.
export { DATE_PARTS, datePartName, EARLIEST_YEAR, monthOf, type DatePart, type FormLike, type FormValues } from "./answer-reader.ts";
export type {
  Answer,
  AnswerOption,
  Coding,
  EnableWhen,
  Extension,
  ItemType,
  Questionnaire,
  QuestionnaireItem,
  QuestionnaireResponse,
  ResponseItem,
} from "./questionnaire-fhir.ts";
export { concernsLinkId, FITZPATRICK_LINK_IDS, fitzpatrickLinkId, NONE } from "./questionnaire-options.ts";
export {
  CODE_SYSTEM,
  controlOf,
  helpOf,
  INTAKE_QUESTIONNAIRE,
  isExclusive,
  isHelp,
  itemOf,
  PRIVACY_NOTICE,
  PROCEDURE_ROWS_MAX,
  PROCEDURE_ROWS_SHOWN,
  QUESTIONNAIRE_CANONICAL,
  QUESTIONNAIRE_URL,
  QUESTIONNAIRE_VERSION,
  questionsOf,
  SECTIONS,
  TEXT_LIMITS,
} from "./questionnaire-definition.ts";
export {
  dayOptional,
  fieldNamesOf,
  isEnabled,
  PROCEDURE_ROWS_FIELD,
  procedureRowCount,
  readFormValues,
  rowField,
} from "./questionnaire-form.ts";
export { problemText, type FormErrors, type FormProblem, type FormProblems } from "./questionnaire-problems.ts";
export {
  fieldOfIntakePath,
  responseFromForm,
  sectionOfField,
  type ResponseFromForm,
  type ResponseOptions,
} from "./questionnaire-response.ts";
export { formValuesFromIntake, formValuesFromResponse } from "./questionnaire-prefill.ts";
export { answerSummary, type AnswerLine, type SummaryWording } from "./questionnaire-summary.ts";
