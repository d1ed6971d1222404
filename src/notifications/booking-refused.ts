// The e-mail sent when a booking made without signing in is refused for a
// reason that concerns the client (their screening, another appointment of
// theirs). The person who typed the address is only told "we have e-mailed
// you"; what to do and from when goes here, to the address on file, so a
// stranger who types someone's address learns nothing about them. It names no
// condition and no answer — at most the earliest date.
import { CLIENT_INTL_LOCALE, type ClientLocale } from "../clients/locale.ts";
import { localizedText } from "../scheduling/clinic-text.ts";
import { formatWhen, htmlOfLines, linkIn, type ComposedMessage } from "./booking-messages.ts";

export type RefusalCause = "screening-required" | "not-yet" | "needs-review" | "client-overlap";

export interface BookingRefusedInput {
  to: string;
  clientName: string | null;
  clinicName: string;
  clinicPhone: string;
  serviceName: string;
  serviceNameFr?: string;
  start: number;
  end: number;
  timeZone: string;
  cause: RefusalCause;
  /** For "not-yet": the earliest date a treatment may be booked (YYYY-MM-DD), when there is one. */
  earliestDate: string | null;
  /** `<base>/portal/intake` and `<base>/book`. */
  intakeUrl: string;
  bookUrl: string;
  locale?: ClientLocale;
}

const NBSP = "\u00a0";

interface RefusedCopy {
  subject: (clinic: string) => string;
  hello: (name: string | null) => string;
  tried: (service: string, when: string) => string;
  cause: Record<Exclude<RefusalCause, "not-yet">, string> & { notYet: (date: string | null) => string };
  intakeLink: string;
  bookLink: string;
  call: (phone: string) => string;
  notYou: string;
}

const COPY: Readonly<Record<ClientLocale, RefusedCopy>> = {
  en: {
    subject: (clinic) => `About the appointment you tried to book — ${clinic}`,
    hello: (name) => (name ? `Hello ${name},` : "Hello,"),
    tried: (service, when) =>
      `Someone using this e-mail address tried to book ${service} on ${when} online. It could not be booked online.`,
    cause: {
      "screening-required":
        "A treatment starts with a short health screening. Please answer the health questions in your account, or book a free consultation first.",
      "needs-review":
        "Before a treatment can be booked, your screening needs to be looked at with you. Please book a free consultation, or call us.",
      "client-overlap": "You already have an appointment at that time. Your account lists your appointments.",
      notYet: (date) =>
        date
          ? `Based on your health screening, a treatment can be booked from ${date}. Please choose a day on or after it.`
          : "Based on your health screening, a treatment cannot be booked on that day yet. Please call us to find the right date.",
    },
    intakeLink: "Your account",
    bookLink: "Book online",
    call: (phone) => `Questions? Call us at ${phone}.`,
    notYou: "If you did not try to book, you can ignore this e-mail: nothing was booked or changed.",
  },
  fr: {
    subject: (clinic) => `Au sujet du rendez-vous que vous avez tenté de réserver — ${clinic}`,
    hello: (name) => (name ? `Bonjour ${name},` : "Bonjour,"),
    tried: (service, when) =>
      `Quelqu’un a tenté de réserver en ligne «${NBSP}${service}${NBSP}» le ${when} avec cette adresse courriel. La réservation en ligne n’a pas pu être faite.`,
    cause: {
      "screening-required":
        "Un traitement commence par une courte évaluation de santé. Veuillez répondre aux questions de santé dans votre compte, ou réservez d’abord une consultation gratuite.",
      "needs-review":
        "Avant de réserver un traitement, votre évaluation doit être revue avec vous. Veuillez réserver une consultation gratuite, ou appelez-nous.",
      "client-overlap": "Vous avez déjà un rendez-vous à cette heure. Votre compte indique vos rendez-vous.",
      notYet: (date) =>
        date
          ? `D’après votre évaluation de santé, un traitement peut être réservé à partir du ${date}. Veuillez choisir ce jour ou un jour suivant.`
          : "D’après votre évaluation de santé, un traitement ne peut pas encore être réservé ce jour-là. Appelez-nous pour trouver la bonne date.",
    },
    intakeLink: "Votre compte",
    bookLink: "Réserver en ligne",
    call: (phone) => `Des questions? Appelez-nous au ${phone}.`,
    notYou: `Si vous n’avez pas tenté de réserver, ignorez ce courriel${NBSP}: rien n’a été réservé ni modifié.`,
  },
};

function longDate(isoDate: string, locale: ClientLocale): string {
  const [y, m, d] = isoDate.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d, 12)).toLocaleDateString(CLIENT_INTL_LOCALE[locale], {
    timeZone: "UTC",
    weekday: "long",
    month: "long",
    day: "numeric",
    year: "numeric",
  });
}

export function composeBookingRefused(m: BookingRefusedInput): ComposedMessage {
  const locale = m.locale ?? "en";
  const copy = COPY[locale];
  const service = localizedText({ name: m.serviceName, nameFr: m.serviceNameFr }, "name", locale).text;
  const when = formatWhen(m.start, m.end, m.timeZone, CLIENT_INTL_LOCALE[locale]);
  const causeLine =
    m.cause === "not-yet" ? copy.cause.notYet(m.earliestDate ? longDate(m.earliestDate, locale) : null) : copy.cause[m.cause];
  const intakeUrl = linkIn(m.intakeUrl, locale);
  const bookUrl = locale === "en" ? m.bookUrl : m.bookUrl.replace(/\/book$/, `/${locale}/book`);
  const link = m.cause === "screening-required" || m.cause === "client-overlap" ? intakeUrl : bookUrl;
  const lines = [
    copy.hello(m.clientName),
    "",
    copy.tried(service, when),
    "",
    causeLine,
    "",
    link,
    "",
    copy.call(m.clinicPhone),
    "",
    copy.notYou,
    "",
    m.clinicName,
  ];
  const text = lines.join("\n");
  const html = htmlOfLines(locale, lines, { url: link, text: link === intakeUrl ? copy.intakeLink : copy.bookLink });
  return { to: m.to, subject: copy.subject(m.clinicName), text, html, ics: null };
}
