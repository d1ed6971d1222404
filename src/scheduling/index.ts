// The public surface of scheduling: what the rest of the product may use of it.
// Another domain imports these names from the files named below (directly:
// the domains still call each other, and a barrel would make import cycles);
// src/dependencies.test.ts refuses any other name from this folder.
// To make something public, add it here in the change that needs it.

export { canEditClinic, type StaffActor } from "./admin/access.ts";
export { getOutboxMessage, listOutboxMessages } from "./admin/outbox.ts";
export {
  createPractitioner,
  getPractitionerDetail,
  listPractitionersForStaff,
  setPractitionerServices,
  updatePractitioner,
} from "./admin/practitioners.ts";
export { centsToPriceInput, type ServiceInput } from "./admin/service-fields.ts";
export { createService, getServiceDetail, listServicesForStaff, practitionerChoices, updateService } from "./admin/services.ts";
export { SETTINGS_LIMITS, getSettingsForStaff, updateSettings, type ClinicSettingsValues } from "./admin/settings.ts";
export { WEEKDAYS, intervalRowsFromForm } from "./admin/time-fields.ts";
export { addTimeOff, deleteTimeOff } from "./admin/time-off.ts";
export {
  deletePractitionerException,
  replacePractitionerHours,
  savePractitionerException,
  type WeeklyHoursInput,
} from "./admin/working-hours.ts";
export { adoptBookedDetails, type TypedField } from "./adopt-booked-details.ts";
export { PRACTITIONER_OF_APPOINTMENT, SERVICE_OF_APPOINTMENT } from "./appointment-joins.ts";
export { checkSlot, getAvailability, loadSlotCalendars, nearestAlternatives } from "./availability.ts";
export { bookAppointment, bookWithin, locationLine, manageUrlFor, normalizeEmail, type AuditActor } from "./book-appointment.ts";
export {
  getAppointment,
  listAppointments,
  listWorkingHours,
  type CalendarAppointment,
  type TimeOffBlock,
  type WorkingDay,
} from "./calendar.ts";
export { localizedText, type LocalizedText } from "./clinic-text.ts";
export {
  clinicFacts,
  clinicToday,
  findPublicOrganizationId,
  getService,
  listPractitioners,
  listServices,
  loadClinic,
  type Clinic,
  type ClinicFacts,
  type PricedService,
  type Service,
} from "./clinic.ts";
export { confirmClientAppointments } from "./confirm-appointments.ts";
export {
  ClientOverlapError,
  EXCLUSION_VIOLATION,
  IdempotencyMismatchError,
  NotBookableOnlineError,
  NotEligibleError,
  PlanWindowError,
  SlotUnavailableError,
  UNIQUE_VIOLATION,
  constraintViolation,
  notEligibleMessage,
  publicIneligibility,
  type IneligibleReason,
} from "./errors.ts";
export {
  cancelBooking,
  getBooking,
  holdSlot,
  releaseHold,
  rescheduleBooking,
  rescheduleWithin,
  type BookingView,
} from "./manage-booking.ts";
export { changesAfter, priceOn, type PriceChange, type PriceInForce } from "./price-rules.ts";
export { appointmentPrice, withPricesOn } from "./prices.ts";
export {
  DEFAULT_REQUEST_LIMITS,
  LIMIT_PATTERN,
  RateLimitedError,
  requestLimitsFrom,
  takeRequestSlots,
  type LimitScope,
  type RequestLimits,
} from "./request-limits.ts";
export { computeSlots, type Busy, type LocalInterval, type Slot, type Weekday, type WeeklyHours } from "./slots.ts";
export { addDays, isValidPlainDate, localDateOf, localDateTimeToEpoch, parseOffsetIso, toOffsetIso, todayIn } from "./time.ts";
