// The health record, and the only way in or out of it.
//
// Every read and write of the health tables (health-tables.ts) goes through
// the functions listed here (and the screening and plan storage in
// src/screening/record/ and src/plans/record/, which decide with access.ts
// too); health-record-boundary.test.ts fails when any other file imports the
// tables or names them in SQL. Each function decides with access.ts (PHIPA's
// need-to-know: the care team routinely, the owner and other practitioners
// only by breaking the glass with a stated reason, never another clinic,
// never past the client's lock) and writes an audit_events row in the same
// transaction as what it audits: views, changes, prints, exports,
// break-the-glass accesses and refusals.
//
// Health text is encrypted before it reaches the database (keyring.ts) and is
// never put in logs, URLs, page titles, e-mails or audit details.
//
// The parts: access.ts (the decision and its refusals), staff-access.ts (what
// a page may say before opening, break the glass), health-notes.ts and
// corrections.ts (the notes and the client's correction requests),
// record-lock.ts (the client's consent directive), client-record.ts (the whole
// record for the client or an export), record-export.ts (JSON and FHIR) and
// key-rotation.ts.
//
// The public surface of privacy: what the rest of the product may use of it.
// Another domain imports these names from the files named below (directly:
// the domains still call each other, and a barrel would make import cycles);
// src/dependencies.test.ts refuses any other name from this folder.
// To make something public, add it here in the change that needs it.

export {
  HEALTH_ACTIONS,
  HEALTH_RECORD,
  HealthAccessDeniedError,
  HealthRecordNotFoundError,
  auditClientHealth,
  auditStaffHealth,
  clientsLockedAgainst,
  lockedAgainst,
  mayOnRecord,
  roleMay,
  withAccess,
  type ClientActor,
} from "./access.ts";
export { CLIENTS_PAGE_SIZE, clientQueryProblem, getClientForStaff, searchClients } from "./client-directory.ts";
export { clientOwnRecord, exportHealthRecordForStaff, type ClientRecord } from "./client-record.ts";
export { requestCorrection, resolveCorrectionRequest } from "./corrections.ts";
export { ReminderInputError, requestEligibilityReminder, sendDueEligibilityReminders } from "./eligibility-reminders.ts";
export { addHealthNote, viewHealthRecord } from "./health-notes.ts";
export { encryptedValueCounts, missingDataKeys, reencryptHealthData } from "./key-rotation.ts";
export {
  DecryptionError,
  KeyRingError,
  MissingKeyError,
  addKeyToFile,
  generateDataKey,
  isUnreadable,
  keyFilePath,
  loadKeyRing,
  removeKeysFromFile,
  type KeyRing,
  type LoadedKeyRing,
} from "./keyring.ts";
export {
  BREAK_GLASS_MINUTES,
  BREAK_GLASS_REASON_MIN,
  CORRECTION_ANSWER_DAYS,
  CORRECTION_MAX_CHARS,
  CORRECTION_MIN_CHARS,
  NOTE_MAX_CHARS,
} from "./limits.ts";
export { toFhirBundle, toJsonExport } from "./record-export.ts";
export { lockCandidates, lockHealthRecord, unlockHealthRecord } from "./record-lock.ts";
export { reencryptRows, type Rotation } from "./rotation.ts";
export { breakGlass, describeHealthAccess } from "./staff-access.ts";
