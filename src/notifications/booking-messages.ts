// The e-mails a booking sends, in the client's language. They carry the time,
// the place, the manage link and (on a confirmation) the link to the intake
// questionnaire in the client's account — never anything about the client's
// health.
import { Temporal } from "temporal-polyfill";
import { CLIENT_INTL_LOCALE, type ClientLocale } from "../clients/locale.ts";
import { localizedText } from "../scheduling/clinic-text.ts";
import { buildIcs } from "./ics.ts";

/** What every e-mail about one appointment says of it (bookings and reminders). */
export interface AppointmentMessageFields {
  appointmentId: string;
  sequence: number;
  clinicName: string;
  clinicPhone: string;
  clinicEmail: string;
  locationLine: string;
  timeZone: string;
  serviceName: string;
  /** The service's French name, for a French reader; empty or not given: the English name. */
  serviceNameFr?: string;
  practitionerName: string;
  clientName: string;
  clientEmail: string;
  start: number;
  end: number;
  now: number;
}

export interface BookingMessageInput extends AppointmentMessageFields {
  kind: "booking-confirmed" | "booking-rescheduled" | "booking-cancelled";
  manageUrl: string | null;
  /** The intake questionnaire in the client portal (`<base>/portal/intake`); linked from confirmations only. */
  intakeUrl?: string | null;
  cancellationWindowHours: number;
  /** The client's preferred language; English when not given. */
  locale?: ClientLocale;
}

export interface ComposedMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  ics: string | null;
}

/** An appointment's day and times in the clinic's zone, e.g. "Friday, March 26, 2027, 9:00 a.m. – 9:30 a.m. EDT". */
export function formatWhen(start: number, end: number, timeZone: string, locale = "en-CA"): string {
  const s = Temporal.Instant.fromEpochMilliseconds(start).toZonedDateTimeISO(timeZone);
  const e = Temporal.Instant.fromEpochMilliseconds(end).toZonedDateTimeISO(timeZone);
  const day = s.toLocaleString(locale, { weekday: "long", month: "long", day: "numeric", year: "numeric" });
  const time = { hour: "numeric", minute: "2-digit" } as const;
  const from = s.toLocaleString(locale, time);
  // The zone's abbreviation on its own: asked for together with the time, some
  // languages also change how the time itself is written (fr-CA: "09 h 30").
  const zone = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: "short" })
    .formatToParts(new Date(end))
    .find((p) => p.type === "timeZoneName")?.value;
  const to = e.toLocaleString(locale, time) + (zone ? ` ${zone}` : "");
  return `${day}, ${from} – ${to}`;
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** The start of every client e-mail's HTML, in the language it is written in. */
export function htmlOpening(locale: ClientLocale): string {
  return `<!doctype html><html lang="${locale}"><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1d2a2a">`;
}

/**
 * A plain e-mail's HTML from its lines of text: each line a paragraph, a blank
 * line nothing, and the line that is `link.url` a link reading `link.text`.
 */
export function htmlOfLines(locale: ClientLocale, lines: readonly string[], link: { url: string; text: string }, separator = ""): string {
  return (
    htmlOpening(locale) +
    lines
      .map((l) => (l === link.url ? `<p><a href="${escapeHtml(l)}">${escapeHtml(link.text)}</a></p>` : l ? `<p>${escapeHtml(l)}</p>` : ""))
      .join(separator) +
    "</body></html>"
  );
}

/** The words every link e-mail has, in one language: its subject, greeting, what it is about and the button. */
export interface LinkMessageCopy {
  subject: (clinic: string) => string;
  hello: string;
  intro: (clinic: string) => string;
  button: string;
}

/**
 * A short e-mail whose point is one link (sign-in, a plan to sign, aftercare
 * to read): the greeting, what it is about, how to go on, the link as a
 * button, a closing line, and the clinic's name and phone as the signature.
 */
export function composeLinkMessage(
  copy: LinkMessageCopy,
  m: { to: string; locale: ClientLocale; clinicName: string; clinicPhone: string; how: string; link: string; closing: string },
): ComposedMessage {
  const subject = copy.subject(m.clinicName);
  const intro = copy.intro(m.clinicName);
  const signature = `${m.clinicName} · ${m.clinicPhone}`;
  const text = [copy.hello, "", intro, "", m.how, m.link, "", m.closing, "", signature].join("\n");
  const html =
    htmlOpening(m.locale) +
    `<p>${escapeHtml(copy.hello)}</p><p>${escapeHtml(intro)}</p><p>${escapeHtml(m.how)}</p>` +
    `<p><a href="${escapeHtml(m.link)}">${escapeHtml(copy.button)}</a></p>` +
    `<p>${escapeHtml(m.closing)}</p><p>${escapeHtml(signature)}</p></body></html>`;
  return { to: m.to, subject, text, html, ics: null };
}

type Kind = BookingMessageInput["kind"];

interface BookingCopy {
  heading: Record<Kind, string>;
  hello: (name: string) => string;
  cancelled: (service: string, when: string) => string;
  booked: (heading: string, service: string, practitioner: string, when: string) => string;
  phone: (phone: string) => string;
  manageIntro: string;
  noticeAhead: (hours: number) => string;
  intakeIntro: string;
  calendar: string;
  manageLink: string;
  intakeLink: string;
  icsManage: (url: string) => string;
}

// French typography: a no-break space before the colon, and « » around a name.
const NBSP = "\u00a0";

const COPY: Readonly<Record<ClientLocale, BookingCopy>> = {
  en: {
    heading: {
      "booking-confirmed": "Your appointment is booked",
      "booking-rescheduled": "Your appointment has moved",
      "booking-cancelled": "Your appointment is cancelled",
    },
    hello: (name) => `Hello ${name},`,
    cancelled: (service, when) => `Your ${service} on ${when} has been cancelled. We hope to see you another time.`,
    booked: (heading, service, practitioner, when) => `${heading}: ${service} with ${practitioner}, ${when}.`,
    phone: (phone) => `Phone ${phone}`,
    manageIntro: "To cancel or change the time, use this link (keep it to yourself — it works without signing in):",
    noticeAhead: (hours) => `Please let us know at least ${hours} hours ahead if you cannot come.`,
    intakeIntro: "Before your visit, please answer the health questions in your account:",
    calendar: "The calendar invitation attached adds this to your calendar.",
    manageLink: "Manage your appointment",
    intakeLink: "Answer your health questions",
    icsManage: (url) => `Manage your appointment: ${url}`,
  },
  fr: {
    heading: {
      "booking-confirmed": "Votre rendez-vous est confirmé",
      "booking-rescheduled": "Votre rendez-vous a été déplacé",
      "booking-cancelled": "Votre rendez-vous est annulé",
    },
    hello: (name) => `Bonjour ${name},`,
    cancelled: (service, when) =>
      `Votre rendez-vous «${NBSP}${service}${NBSP}» du ${when} a été annulé. Nous espérons vous revoir une autre fois.`,
    booked: (heading, service, practitioner, when) => `${heading}${NBSP}: ${service} avec ${practitioner}, ${when}.`,
    phone: (phone) => `Téléphone${NBSP}: ${phone}`,
    manageIntro: `Pour annuler ou changer l’heure, utilisez ce lien (gardez-le pour vous${NBSP}: il fonctionne sans connexion)${NBSP}:`,
    noticeAhead: (hours) => `Si vous ne pouvez pas venir, prévenez-nous au moins ${hours}${NBSP}heures à l’avance.`,
    intakeIntro: `Avant votre visite, veuillez répondre aux questions de santé dans votre compte${NBSP}:`,
    calendar: "L’invitation jointe ajoute ce rendez-vous à votre calendrier.",
    manageLink: "Gérer votre rendez-vous",
    intakeLink: "Répondre à vos questions de santé",
    icsManage: (url) => `Gérer votre rendez-vous${NBSP}: ${url}`,
  },
};

/**
 * A link from an e-mail, opening its page in the e-mail's language: the public
 * manage page under /fr, the account pages with `lang=fr`. English links stay
 * exactly as given.
 */
export function linkIn(url: string, locale: ClientLocale): string {
  if (locale === "en") return url;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (parsed.pathname.startsWith("/manage/")) parsed.pathname = `/${locale}${parsed.pathname}`;
  else if (parsed.pathname.startsWith("/portal")) parsed.searchParams.set("lang", locale);
  else return url;
  return parsed.toString();
}

/** An appointment e-mail's opening lines: the greeting, what it is about, then the clinic, its place and its phone. */
export function appointmentLines(
  copy: { hello: (name: string) => string; phone: (phone: string) => string },
  m: AppointmentMessageFields,
  about: string,
): string[] {
  return [copy.hello(m.clientName), "", about, "", `${m.clinicName}, ${m.locationLine}`, copy.phone(m.clinicPhone)];
}

/** The calendar invitation an appointment e-mail carries, in the e-mail's language, linking to the manage page when there is one. */
export function appointmentIcs(
  m: AppointmentMessageFields,
  o: {
    method: "REQUEST" | "CANCEL";
    service: string;
    manageUrl: string | null;
    icsManage: (url: string) => string;
    locale: ClientLocale;
  },
): string {
  return buildIcs({
    uid: `${m.appointmentId}@dermaplan`,
    sequence: m.sequence,
    method: o.method,
    start: m.start,
    end: m.end,
    timeZone: m.timeZone,
    summary: `${o.service} — ${m.clinicName}`,
    description: o.manageUrl ? o.icsManage(o.manageUrl) : undefined,
    location: `${m.clinicName}, ${m.locationLine}`,
    url: o.manageUrl ?? undefined,
    organizer: { name: m.clinicName, email: m.clinicEmail },
    attendee: { name: m.clientName, email: m.clientEmail },
    now: m.now,
    // English invitations stay exactly as they were; a French one says so.
    language: o.locale === "en" ? undefined : CLIENT_INTL_LOCALE[o.locale],
  });
}

export function composeBookingMessage(input: BookingMessageInput): ComposedMessage {
  const locale = input.locale ?? "en";
  const copy = COPY[locale];
  const service = localizedText({ name: input.serviceName, nameFr: input.serviceNameFr }, "name", locale);
  const m = {
    ...input,
    serviceName: service.text,
    manageUrl: input.manageUrl === null ? null : linkIn(input.manageUrl, locale),
    intakeUrl: input.intakeUrl ? linkIn(input.intakeUrl, locale) : input.intakeUrl,
  };
  const when = formatWhen(m.start, m.end, m.timeZone, CLIENT_INTL_LOCALE[locale]);
  const heading = copy.heading[m.kind];
  const subject = `${heading} — ${m.clinicName}`;
  const lines = appointmentLines(
    copy,
    m,
    m.kind === "booking-cancelled" ? copy.cancelled(m.serviceName, when) : copy.booked(heading, m.serviceName, m.practitionerName, when),
  );
  if (m.kind !== "booking-cancelled" && m.manageUrl) {
    lines.push("", copy.manageIntro, m.manageUrl, "", copy.noticeAhead(m.cancellationWindowHours));
  }
  if (m.kind === "booking-confirmed" && m.intakeUrl) {
    // The link only: the questions and any answers stay behind the sign-in.
    lines.push("", copy.intakeIntro, m.intakeUrl);
  }
  lines.push("", copy.calendar);
  const text = lines.join("\n");
  // The English name standing in for a missing French one is marked, so a screen reader reads it in English.
  const serviceLine = lines.find((l) => l.includes(m.serviceName));
  const paragraph = (l: string) =>
    service.lang && l === serviceLine
      ? escapeHtml(l).replace(escapeHtml(m.serviceName), `<span lang="${service.lang}">${escapeHtml(m.serviceName)}</span>`)
      : escapeHtml(l);
  const html =
    htmlOpening(locale) +
    lines
      .filter((l) => l !== "")
      .map((l) =>
        l === m.manageUrl
          ? `<p><a href="${escapeHtml(l)}">${escapeHtml(copy.manageLink)}</a></p>`
          : l === m.intakeUrl
            ? `<p><a href="${escapeHtml(l)}">${escapeHtml(copy.intakeLink)}</a></p>`
            : `<p>${paragraph(l)}</p>`,
      )
      .join("") +
    `</body></html>`;
  const ics = appointmentIcs(m, {
    method: m.kind === "booking-cancelled" ? "CANCEL" : "REQUEST",
    service: m.serviceName,
    manageUrl: m.manageUrl,
    icsManage: copy.icsManage,
    locale,
  });
  return { to: m.clientEmail, subject, text, html, ics };
}
