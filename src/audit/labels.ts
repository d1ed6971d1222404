// Words people read for roles and audited actions (the audit page, the
// client's access log). Unknown actions fall back to their code.
import type { StaffRole } from "../db/schema.ts";

export const ROLE_LABELS: Record<StaffRole, string> = {
  owner: "Owner",
  manager: "Manager",
  practitioner: "Practitioner",
  "front-desk": "Front desk",
};

export const ACTION_LABELS: Record<string, string> = {
  "client.language": "Changed the language of their account",
  "content.create": "Started a page or article",
  "content.save": "Saved a page or article",
  "content.submit": "Sent a page or article for review",
  "content.publish": "Published a page or article",
  "content.schedule": "Scheduled a page or article",
  "content.schedule-cancel": "Cancelled a scheduled publication",
  "content.unpublish": "Took a page or article off the site",
  "content.restore": "Restored an earlier revision",
  "content.guard-override": "Published over the quality guard's findings",
  "content.licence-confirm": "Confirmed an image's licence",
  "content.publish-blocked": "Scheduled publication held back by the quality guard",
  "media.upload": "Uploaded an image",
  "media.update": "Changed an image's description",
  "media.recheck": "Checked an image for watermarks again",
  "content-settings.update": "Changed the publishing settings",
  "health-record.view": "Viewed the health record",
  "health-record.edit": "Changed the health record",
  "health-record.print": "Printed the health record",
  "health-record.export": "Downloaded the health record",
  "health-record.break-glass": "Broke the glass to open the health record",
  "health-record.denied": "Was refused access to the health record",
  "health-record.lock": "Locked the health record to named staff",
  "health-record.unlock": "Removed the lock on the health record",
  "health-record.correction-request": "Asked for a correction",
  "data-key.rotate": "Rotated the data encryption key",
  "appointment.book": "Booked an appointment",
  "appointment.cancel": "Cancelled an appointment",
  "appointment.reschedule": "Moved an appointment",
  "appointment.arrive": "Checked a client in",
  "consent.sign": "Signed a consent form",
  "consent.withdraw": "Withdrew their consent to photographs",
  "appointment.start": "Started a session",
  "appointment.complete": "Completed a session",
  "appointment.no-show": "Marked a no-show",
  "appointment.undo-step": "Undid a step of an appointment's day",
  "settings.update": "Changed the clinic's settings",
  "practitioner.create": "Added a practitioner",
  "practitioner.update": "Changed a practitioner",
  "practitioner.hours.update": "Changed a practitioner's hours",
  "practitioner.services.update": "Changed a practitioner's services",
  "practitioner.exception.delete": "Removed a special date",
  "practitioner.time-off.create": "Added time off",
  "practitioner.time-off.delete": "Removed time off",
  "service.create": "Added a service",
  "service.update": "Changed a service",
  "screening-rule.change": "Changed a screening rule",
  "screening-rule.reset": "Reset a screening rule to its default",
  "screening-settings.update": "Changed how long a screening stays valid",
  "appointment.eligibility-override": "Booked a treatment against the client's screening",
  "treatment-plan.accept": "Signed a treatment plan",
  "treatment-plan.series-book": "Booked or moved a plan's sessions",
  "treatment-plan.session-outside-window": "Booked a plan session outside its interval window",
  "plan-product.add": "Added a product to the post-needling list",
  "plan-product.change": "Changed a product on the post-needling list",
  "plan-depth-limit.change": "Changed a zone's depth maximum",
  "plan-numbing-product.add": "Added a numbing cream to the clinic's list",
  "plan-numbing-product.change": "Changed a numbing cream on the clinic's list",
  "plan-glide.add": "Added a needling glide to the clinic's list",
  "plan-glide.change": "Changed a needling glide on the clinic's list",
  "plan-numbing-maximum.change": "Changed the largest area numbed at once",
  "staff.medical-director.change": "Named or ended the clinic's medical director",
  "appointment.client-confirm": "Confirmed an appointment booked without signing in",
  "appointment.refused-online": "Was refused an online booking (details e-mailed to the client)",
  "client.adopt-booked-details": "Adopted details typed at booking into the client's record",
};

export function actionLabel(action: string): string {
  return ACTION_LABELS[action] ?? action;
}

export function roleLabel(role: string | null): string {
  return role && role in ROLE_LABELS ? ROLE_LABELS[role as StaffRole] : "";
}
