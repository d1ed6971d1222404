// The health record, and the only way in or out of it.
//
// Every read and write of the health tables (health-tables.ts) goes through
// the functions re-exported here; health-record-boundary.test.ts fails when
// any other file imports them or names them in SQL. Each function decides with
// access.ts (PHIPA's need-to-know: the care team routinely, the owner and
// other practitioners only by breaking the glass with a stated reason, never
// another clinic, never past the client's lock) and writes an audit_events row
// in the same transaction as what it audits: views, changes, prints, exports,
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
// key-rotation.ts. Screenings and plans keep their own storage in
// src/screening/record/ and src/plans/record/.
import { FieldError, problemOf } from "../kernel/errors.ts";
import { PlanChangedError, PlanRefusedError } from "../plans/record/errors.ts";
import { HealthAccessDeniedError, HealthRecordNotFoundError } from "./access.ts";

export {
  clientsLockedAgainst,
  HEALTH_ACTIONS,
  HEALTH_RECORD,
  HealthAccessDeniedError,
  HealthRecordNotFoundError,
  lockedAgainst,
  staffActor,
  withAccess,
  type ClientActor,
  type Decision,
  type DenialReason,
  type HealthPurpose,
} from "./access.ts";
export { breakGlass, describeHealthAccess, type HealthAccessSummary } from "./staff-access.ts";
export { addHealthNote, viewHealthRecord, type CorrectionView, type HealthNoteView, type StaffHealthRecord } from "./health-notes.ts";
export { requestCorrection, resolveCorrectionRequest } from "./corrections.ts";
export { LOCK_ROLES, lockCandidates, lockHealthRecord, unlockHealthRecord, type LockInfo } from "./record-lock.ts";
export { clientOwnRecord, exportHealthRecordForStaff, type ClientRecord } from "./client-record.ts";
export { toFhirBundle, toJsonExport } from "./record-export.ts";
export { encryptedValueCounts, missingDataKeys, reencryptHealthData } from "./key-rotation.ts";

/**
 * What a route should answer for an error of the health record (its refusals,
 * bad input, a plan refused or changed), or null for anything else (a real
 * failure, 500). The kernel's problemOf() gives the status and the message.
 */
export function classifyHealthError(
  error: unknown,
): { status: 403 | 404 | 409 | 422; message: string; errors?: Record<string, string> } | null {
  const ours =
    error instanceof HealthRecordNotFoundError ||
    error instanceof HealthAccessDeniedError ||
    error instanceof FieldError ||
    error instanceof PlanRefusedError ||
    error instanceof PlanChangedError;
  const problem = ours ? problemOf(error) : null;
  if (!problem) return null;
  const status = problem.status as 403 | 404 | 409 | 422;
  // Only bad input (and a changed plan) carries field messages; a refusal is its message alone.
  return status === 422 || status === 409
    ? { status, message: problem.message, errors: { ...problem.errors } }
    : { status, message: problem.message };
}
