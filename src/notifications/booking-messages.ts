// The e-mails a booking sends. They carry the time, the place, the manage
// link and (on a confirmation) the link to the intake questionnaire in the
// client's account — never anything about the client's health.
import { Temporal } from "temporal-polyfill";
import { buildIcs } from "./ics.ts";

export interface BookingMessageInput {
  kind: "booking-confirmed" | "booking-rescheduled" | "booking-cancelled";
  appointmentId: string;
  sequence: number;
  clinicName: string;
  clinicPhone: string;
  clinicEmail: string;
  locationLine: string;
  timeZone: string;
  serviceName: string;
  practitionerName: string;
  clientName: string;
  clientEmail: string;
  start: number;
  end: number;
  manageUrl: string | null;
  /** The intake questionnaire in the client portal (`<base>/portal/intake`); linked from confirmations only. */
  intakeUrl?: string | null;
  cancellationWindowHours: number;
  now: number;
}

export interface ComposedMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  ics: string | null;
}

export function formatWhen(start: number, end: number, timeZone: string, locale = "en-CA"): string {
  const s = Temporal.Instant.fromEpochMilliseconds(start).toZonedDateTimeISO(timeZone);
  const e = Temporal.Instant.fromEpochMilliseconds(end).toZonedDateTimeISO(timeZone);
  const day = s.toLocaleString(locale, { weekday: "long", month: "long", day: "numeric", year: "numeric" });
  const from = s.toLocaleString(locale, { hour: "numeric", minute: "2-digit" });
  const to = e.toLocaleString(locale, { hour: "numeric", minute: "2-digit", timeZoneName: "short" });
  return `${day}, ${from} – ${to}`;
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

export function composeBookingMessage(m: BookingMessageInput): ComposedMessage {
  const when = formatWhen(m.start, m.end, m.timeZone);
  const heading = {
    "booking-confirmed": "Your appointment is booked",
    "booking-rescheduled": "Your appointment has moved",
    "booking-cancelled": "Your appointment is cancelled",
  }[m.kind];
  const subject = `${heading} — ${m.clinicName}`;
  const lines = [
    `Hello ${m.clientName},`,
    "",
    m.kind === "booking-cancelled"
      ? `Your ${m.serviceName} on ${when} has been cancelled. We hope to see you another time.`
      : `${heading}: ${m.serviceName} with ${m.practitionerName}, ${when}.`,
    "",
    `${m.clinicName}, ${m.locationLine}`,
    `Phone ${m.clinicPhone}`,
  ];
  if (m.kind !== "booking-cancelled" && m.manageUrl) {
    lines.push(
      "",
      `To cancel or change the time, use this link (keep it to yourself — it works without signing in):`,
      m.manageUrl,
      "",
      `Please let us know at least ${m.cancellationWindowHours} hours ahead if you cannot come.`,
    );
  }
  if (m.kind === "booking-confirmed" && m.intakeUrl) {
    // The link only: the questions and any answers stay behind the sign-in.
    lines.push("", "Before your visit, please answer the health questions in your account:", m.intakeUrl);
  }
  lines.push("", "The calendar invitation attached adds this to your calendar.");
  const text = lines.join("\n");
  const html =
    `<!doctype html><html lang="en"><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1d2a2a">` +
    lines
      .filter((l) => l !== "")
      .map((l) =>
        l === m.manageUrl
          ? `<p><a href="${escapeHtml(l)}">Manage your appointment</a></p>`
          : l === m.intakeUrl
            ? `<p><a href="${escapeHtml(l)}">Answer your health questions</a></p>`
            : `<p>${escapeHtml(l)}</p>`,
      )
      .join("") +
    `</body></html>`;
  const ics = buildIcs({
    uid: `${m.appointmentId}@dermaplan`,
    sequence: m.sequence,
    method: m.kind === "booking-cancelled" ? "CANCEL" : "REQUEST",
    start: m.start,
    end: m.end,
    timeZone: m.timeZone,
    summary: `${m.serviceName} — ${m.clinicName}`,
    description: m.manageUrl ? `Manage your appointment: ${m.manageUrl}` : undefined,
    location: `${m.clinicName}, ${m.locationLine}`,
    url: m.manageUrl ?? undefined,
    organizer: { name: m.clinicName, email: m.clinicEmail },
    attendee: { name: m.clientName, email: m.clientEmail },
    now: m.now,
  });
  return { to: m.clientEmail, subject, text, html, ics };
}
