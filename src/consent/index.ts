// The public surface of consent: what the rest of the product may use of it.
// Another domain imports these names from the files named below;
// src/dependencies.test.ts refuses any other name from this folder.

export {
  ConsentChangedError,
  ConsentMissingError,
  PhotoConsentMissingError,
  consentSignaturesOf,
  consentStanding,
  currentConsentForm,
  ensureConsentForms,
  insertDefaultConsentForms,
  requirePhotoConsent,
  requireProcedureConsent,
  signConsent,
  withdrawPhotoConsent,
  type ConsentForm,
  type ConsentSignatureView,
  type ConsentStanding,
} from "./consent.ts";
export {
  checkConsentVersion,
  ConsentDraftError,
  consentFormVersions,
  ConsentVersionMovedError,
  currentConsentTexts,
  publishConsentVersion,
  type ConsentDraftCheck,
  type ConsentFormVersion,
} from "./consent-editing.ts";
export { CONSENT_KINDS, PHOTO_SCOPES, consentForms, type ConsentKind, type PhotoScope } from "./tables.ts";
export {
  DESK_HANDOVER_MS,
  DeskHandoverEndedError,
  DeskHandoverRefusedError,
  handOverForConsent,
  readDeskHandover,
  returnDeskHandover,
  signAtDesk,
  type DeskHandoverKey,
  type DeskHandoverView,
} from "./desk-handover.ts";
