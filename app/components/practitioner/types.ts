// What the practitioner page's loader and action hand its sections
// (app/routes/staff/practitioner.tsx): the practitioner's setup in words, and
// a refused form's errors and values, sent back to the section that sent it.

export interface PractitionerPageData {
  canEdit: boolean;
  /** The clinic's zone: hours and time off are local to it. */
  timeZone: string;
  practitioner: { id: string; name: string; title: string; titleFr: string; active: boolean; sortOrder: number };
  hours: { day: number; name: string; intervals: { start: string; end: string }[] }[];
  exceptions: { id: string; date: string; dateLabel: string; hours: string; note: string }[];
  timeOff: TimeOffEntry[];
  services: { id: string; name: string; active: boolean }[];
  serviceIds: string[];
}

/** One time off in words, with the booked appointments that fall inside it (schedule names only) and where the calendar shows it. */
export interface TimeOffEntry {
  id: string;
  from: string;
  to: string;
  reason: string;
  calendarHref: string;
  bookedInside: BookedAppointment[];
}

/** A booked appointment inside time off: when (local, in words), for whom, what. */
export interface BookedAppointment {
  id: string;
  when: string;
  client: string;
  service: string;
}

export type PractitionerFormIntent = "details" | "hours" | "services" | "exception" | "timeoff";

/** A refused form: its intent, the errors beside its fields, and what was typed. */
export type PractitionerFormResult =
  { intent: PractitionerFormIntent; errors: Record<string, string>; values: Record<string, string>; serviceIds: string[] } | undefined;
