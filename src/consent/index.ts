// The public surface of consent: what the rest of the product may use of it.
// Another domain imports these names from the files named below;
// src/dependencies.test.ts refuses any other name from this folder.

export {
  ConsentChangedError,
  ConsentMissingError,
  consentSignaturesOf,
  consentStanding,
  currentConsentForm,
  ensureConsentForms,
  insertDefaultConsentForms,
  requireProcedureConsent,
  signConsent,
  withdrawPhotoConsent,
  type ConsentForm,
  type ConsentSignatureView,
  type ConsentStanding,
} from "./consent.ts";
export { CONSENT_KINDS, PHOTO_SCOPES, type ConsentKind, type PhotoScope } from "./tables.ts";
