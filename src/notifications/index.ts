// The public surface of notifications: what the rest of the product may use of it.
// Another domain imports these names from the files named below (directly:
// the domains still call each other, and a barrel would make import cycles);
// src/dependencies.test.ts refuses any other name from this folder.
// To make something public, add it here in the change that needs it.

export {
  composeBookingMessage,
  composeLinkMessage,
  type LinkMessageCopy,
  escapeHtml,
  htmlOfLines,
  htmlOpening,
  linkIn,
  type ComposedMessage,
} from "./booking-messages.ts";
export { composeBookingRefused, type RefusalCause } from "./booking-refused.ts";
export { createMailTransport, enqueueMessage, outboxInsert, startOutboxWorker, type OutboxWorker } from "./outbox.ts";
export {
  DEFAULT_REMINDER_SETTINGS,
  REMINDER_LIMITS,
  REMINDER_SOURCES,
  getReminderSettings,
  reminderJob,
  reminderJobHandlers,
  scheduleNextSessionNudge,
  syncAppointmentReminder,
  updateReminderSettings,
  type ReminderSettings,
} from "./reminders.ts";
export {
  agreeToTexts,
  composeCheckinText,
  createTextTransport,
  displayMobile,
  enqueueTextFor,
  getTextPreference,
  receiveTextReply,
  suggestedMobile,
  validProviderSignature,
  withdrawFromTexts,
  type SmsProviderConfig,
  type TextMessages,
  type TextPreference,
} from "./texts.ts";
