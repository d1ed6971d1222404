// The public surface of audit: what the rest of the product may use of it.
// Another domain imports these names from the files named below (directly:
// the domains still call each other, and a barrel would make import cycles);
// src/dependencies.test.ts refuses any other name from this folder.
// To make something public, add it here in the change that needs it.

export { type AuditAction } from "./actions.ts";
export {
  accessLogForRecord,
  auditFilterOptions,
  auditEventInsert,
  recordAuditEvent,
  searchAuditEvents,
  staffActor,
  staffOrSystem,
  type AccessLogEntry,
  type AuditActor,
  type AuditFilters,
} from "./audit-log.ts";
export { actionLabel, roleLabel } from "./labels.ts";
