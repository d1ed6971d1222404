// Staff administration of the clinic: practitioners (details, weekly hours,
// date exceptions, time off, services offered), services, clinic settings, and
// a read-only view of the e-mail outbox. One file per job in ./admin/; this
// file is what routes import.
//
// Framework-free. Every function takes (db, { staff, organizationId, … }),
// checks the role itself (owner/manager edit, every staff role views), scopes
// every query by organization, validates with Zod and reports bad input as a
// FieldError keyed by form field name, and writes its audit_events row in the
// same transaction as the change it records.
export { canEditClinic, type AdminScope, type StaffActor } from "./admin/access.ts";
export type { PractitionerRow, ServiceRow } from "./admin/lookups.ts";
export {
  getOutboxMessage,
  listOutboxMessages,
  OUTBOX_PAGE_SIZE,
  redactLinkTokens,
  type OutboxListItem,
  type OutboxMessage,
} from "./admin/outbox.ts";
export {
  createPractitioner,
  getPractitionerDetail,
  listPractitionersForStaff,
  setPractitionerServices,
  updatePractitioner,
  type PractitionerDetail,
  type PractitionerDetailsInput,
  type PractitionerSummary,
} from "./admin/practitioners.ts";
export { centsToPriceInput, parsePriceToCents, slugify, type ServiceInput } from "./admin/service-fields.ts";
export {
  createService,
  getServiceDetail,
  listServicesForStaff,
  practitionerChoices,
  updateService,
  type ServiceDetail,
  type ServiceSummary,
} from "./admin/services.ts";
export {
  getSettingsForStaff,
  SETTINGS_LIMITS,
  updateSettings,
  type ClinicSettingsValues,
  type SettingsAuditEntry,
  type SettingsInput,
} from "./admin/settings.ts";
export { addTimeOff, deleteTimeOff, type TimeOffInput } from "./admin/time-off.ts";
export { intervalRowsFromForm, normalizeWallTime, WEEKDAYS, type IntervalRow } from "./admin/time-fields.ts";
export {
  deletePractitionerException,
  replacePractitionerHours,
  savePractitionerException,
  type ExceptionInput,
  type WeeklyHoursInput,
} from "./admin/working-hours.ts";
