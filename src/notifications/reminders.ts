// Appointment reminders and the next-session nudge (docs/reminders.md).
//
// A reminder goes a clinic-set number of hours (48 by default) before every
// booked appointment: when, where, a manage link and the calendar file; for a
// treatment also what to do before it (no retinoids from a date, arrive
// without make-up — clinic data) and, when the client's latest screening will
// be older than the clinic's validity on the appointment's day, a link to
// refresh the health questionnaire, so the desk's gate does not refuse them.
// It is a scheduled job (docs/jobs.md) kept in step with the appointment by
// one call, syncAppointmentReminder, wherever an appointment is booked,
// moved or cancelled; its handler checks again when it runs.
//
// A treatment of a plan completed while the plan has sessions left schedules
// one nudge: if no next session is booked when it runs, the client gets the
// next window's dates and the booking link, once per plan and session number.
//
// Neither e-mail says anything about the client's health: no reason, no
// condition, no screening outcome.
import { and, eq, inArray } from "drizzle-orm";
import { Temporal } from "temporal-polyfill";
import { recordAuditEvent, staffActor } from "../audit/audit-log.ts";
import { CLIENT_INTL_LOCALE, clientLocaleOf, type ClientLocale } from "../clients/locale.ts";
import type { Db, DbOrTx, Tx } from "../db/open.ts";
import { appointments, clients, practitioners, reminderSettings, services } from "../db/schema.ts";
import { cancelJobs, scheduleJob, type ScheduleJobInput } from "../jobs/jobs.ts";
import type { JobHandlers } from "../jobs/worker.ts";
import { can, type Actor } from "../kernel/access.ts";
import { FieldError, ForbiddenError } from "../kernel/errors.ts";
import { isUuid } from "../kernel/ids.ts";
import { hashToken, newToken } from "../kernel/tokens.ts";
import { planSeriesFacts } from "../plans/record/series-facts.ts";
import { clientScreeningStatus } from "../screening/record/portal.ts";
import { loadClinic, type Clinic } from "../scheduling/clinic.ts";
import { localizedText } from "../scheduling/clinic-text.ts";
import { addDays, localDateOf, localDateTimeToEpoch } from "../scheduling/time.ts";
import {
  appointmentIcs,
  appointmentLines,
  escapeHtml,
  formatWhen,
  htmlOpening,
  linkIn,
  type AppointmentMessageFields,
  type ComposedMessage,
} from "./booking-messages.ts";
import { enqueueMessage } from "./outbox.ts";
import { composeReminderText, enqueueTextFor } from "./texts.ts";

export const REMINDER_KIND = "appointment.reminder";
export const NUDGE_KIND = "plan.next-session-nudge";
export const reminderKey = (appointmentId: string) => `reminder:${appointmentId}`;
export const nudgeKey = (planId: string, session: number) => `${NUDGE_KIND}:${planId}:${session}`;

const HOUR = 3_600_000;

// ---------------------------------------------------------------------------
// The clinic's reminder settings: clinic data, changed by the owner or a manager, audited.

export interface ReminderSettings {
  /** Elapsed hours before the start (not wall-clock: across a DST change the local time differs by an hour). */
  hoursBefore: number;
  /** A treatment's reminder asks for no retinoids from this many days before it; 0 leaves the line out. */
  retinoidPauseDays: number;
  /** A treatment's reminder asks the client to arrive without make-up. */
  arriveWithoutMakeup: boolean;
}

/**
 * The defaults, and where each comes from:
 * - 48 hours: the default (a clinic choice, not clinical).
 * - 7 days without retinoids: the clinical reference gives "24 h–1 week
 *   before (varies)" for topical retinoids/AHAs, from clinic protocols only
 *   (CLIN, ref-52); 7 is the long end. A clinic protocol default to confirm.
 * - Arrive without make-up: no source in the clinical reference (it names
 *   make-up only after a session). A clinic protocol default to confirm.
 */
export const DEFAULT_REMINDER_SETTINGS: Readonly<ReminderSettings> = { hoursBefore: 48, retinoidPauseDays: 7, arriveWithoutMakeup: true };
export const REMINDER_LIMITS = { hoursBefore: { min: 2, max: 168 }, retinoidPauseDays: { min: 0, max: 30 } } as const;
export const REMINDER_SOURCES = {
  hoursBefore: "Clinic choice (issue 17): 48 hours.",
  retinoidPauseDays:
    "Clinic protocol default to confirm: clinic protocols hold topical retinoids 24 hours to 1 week before (CLIN, ref-52, not peer-reviewed); the default takes the longer end.",
  arriveWithoutMakeup: "Clinic protocol default to confirm: no source in the clinical reference.",
} as const;

export async function getReminderSettings(db: DbOrTx, organizationId: string): Promise<ReminderSettings> {
  const [row] = await db.select().from(reminderSettings).where(eq(reminderSettings.organizationId, organizationId)).limit(1);
  return row
    ? { hoursBefore: row.hoursBefore, retinoidPauseDays: row.retinoidPauseDays, arriveWithoutMakeup: row.arriveWithoutMakeup }
    : { ...DEFAULT_REMINDER_SETTINGS };
}

/**
 * The owner or a manager changes the reminder settings; the change, with its
 * before and after, is audited (reminder-settings.update). Reminders already
 * scheduled keep their time; appointments booked or moved afterwards use the
 * new one.
 */
export async function updateReminderSettings(
  db: Db,
  o: {
    staff: Pick<Actor, "userId" | "role" | "organizationId">;
    input: { hoursBefore?: unknown; retinoidPauseDays?: unknown; arriveWithoutMakeup?: unknown };
  },
): Promise<{ changed: boolean; settings: ReminderSettings }> {
  if (!can(o.staff.role, "settings.manage")) throw new ForbiddenError("change the appointment reminders");
  const whole = (v: unknown) => {
    const s = typeof v === "string" || typeof v === "number" ? String(v).trim() : "";
    return /^\d{1,3}$/.test(s) ? Number(s) : Number.NaN;
  };
  const hoursBefore = whole(o.input.hoursBefore);
  const retinoidPauseDays = whole(o.input.retinoidPauseDays);
  const m = o.input.arriveWithoutMakeup;
  const arriveWithoutMakeup = m === true || m === "on" || m === "true" || m === "1";
  const errors: Record<string, string> = {};
  const { hoursBefore: h, retinoidPauseDays: r } = REMINDER_LIMITS;
  if (!(hoursBefore >= h.min && hoursBefore <= h.max)) errors.hoursBefore = `Enter a whole number of hours from ${h.min} to ${h.max}.`;
  if (!(retinoidPauseDays >= r.min && retinoidPauseDays <= r.max))
    errors.retinoidPauseDays = `Enter a whole number of days from ${r.min} to ${r.max} (0 leaves the line out).`;
  if (Object.keys(errors).length > 0) throw new FieldError(errors);
  const next: ReminderSettings = { hoursBefore, retinoidPauseDays, arriveWithoutMakeup };
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(reminderSettings).where(eq(reminderSettings.organizationId, o.staff.organizationId)).for("update");
    const before: ReminderSettings = row
      ? { hoursBefore: row.hoursBefore, retinoidPauseDays: row.retinoidPauseDays, arriveWithoutMakeup: row.arriveWithoutMakeup }
      : { ...DEFAULT_REMINDER_SETTINGS };
    if (
      before.hoursBefore === next.hoursBefore &&
      before.retinoidPauseDays === next.retinoidPauseDays &&
      before.arriveWithoutMakeup === next.arriveWithoutMakeup
    )
      return { changed: false, settings: before };
    const now = new Date();
    await tx
      .insert(reminderSettings)
      .values({ organizationId: o.staff.organizationId, ...next, updatedAt: now })
      .onConflictDoUpdate({ target: reminderSettings.organizationId, set: { ...next, updatedAt: now } });
    await recordAuditEvent(tx, {
      organizationId: o.staff.organizationId,
      actor: staffActor(o.staff),
      action: "reminder-settings.update",
      entityType: "reminder_settings",
      entityId: o.staff.organizationId,
      details: { before, after: next },
    });
    return { changed: true, settings: next };
  });
}

// ---------------------------------------------------------------------------
// Keeping the reminder in step with its appointment

/**
 * When the reminder of an appointment starting at `start` goes: `hoursBefore`
 * elapsed hours earlier (an instant minus hours — across the spring-forward
 * night the local clock reads an hour earlier than the appointment's), or
 * null when that moment is not after `now`: a booking made inside the
 * reminder's lead gets no reminder, since its confirmation (or the e-mail
 * saying it moved) has just given the same time, place, link and calendar file.
 */
export function reminderRunAt(start: number, hoursBefore: number, now: number): number | null {
  const at = Temporal.Instant.fromEpochMilliseconds(start).subtract({ hours: hoursBefore }).epochMilliseconds;
  return at > now ? at : null;
}

/**
 * The one call every place that books, moves or cancels an appointment makes,
 * in its transaction, after writing the appointment: a booked appointment
 * gets its reminder scheduled (or moved: one key per appointment); a booked
 * one inside the reminder's lead loses a pending one; an appointment that is
 * no longer booked (cancelled, …) has every pending job of its own cancelled.
 */
export async function syncAppointmentReminder(
  tx: Tx,
  o: {
    organizationId: string;
    appointmentId: string;
    now: number;
    /** The appointment as the caller has just written it (a new booking); otherwise read here. */
    appointment?: { status: string; startsAt: Date; clientId: string | null };
    /** The clinic's reminder settings as the caller has them (kept by the process, clinic-cache.ts); otherwise read here. */
    settings?: ReminderSettings;
  },
): Promise<void> {
  const [a] = o.appointment
    ? [o.appointment]
    : await tx
        .select({ status: appointments.status, startsAt: appointments.startsAt, clientId: appointments.clientId })
        .from(appointments)
        .where(and(eq(appointments.id, o.appointmentId), eq(appointments.organizationId, o.organizationId)));
  if (!a) return;
  if (a.status !== "booked") {
    await cancelJobs(tx, { organizationId: o.organizationId, appointmentId: o.appointmentId });
    return;
  }
  const { hoursBefore } = o.settings ?? (await getReminderSettings(tx, o.organizationId));
  const job = reminderJob({ ...o, start: a.startsAt.getTime(), clientId: a.clientId, hoursBefore });
  if (!job) {
    await cancelJobs(tx, { organizationId: o.organizationId, appointmentId: o.appointmentId, kinds: [REMINDER_KIND] });
    return;
  }
  await scheduleJob(tx, job);
}

/**
 * The reminder job of a booked appointment, or null when it gets none (no
 * client, or already inside the reminder's lead): what syncAppointmentReminder
 * schedules, for a new booking that folds it into its own statement.
 */
export function reminderJob(o: {
  organizationId: string;
  appointmentId: string;
  start: number;
  clientId: string | null;
  hoursBefore: number;
  now: number;
}): ScheduleJobInput | null {
  const runAt = o.clientId ? reminderRunAt(o.start, o.hoursBefore, o.now) : null;
  if (runAt === null) return null;
  return {
    organizationId: o.organizationId,
    kind: REMINDER_KIND,
    runAt,
    dedupeKey: reminderKey(o.appointmentId),
    appointmentId: o.appointmentId,
    payload: { appointmentId: o.appointmentId, start: o.start },
  };
}

// ---------------------------------------------------------------------------
// The refresh-your-questionnaire rule

/**
 * Will the client's latest screening be too old for the gate on the
 * appointment's day? The gate (src/screening/record/eligibility.ts) counts a
 * screening valid through the clinic-zone day `validDays` after the day it
 * was made; so the link is needed exactly when that day is before the
 * appointment's local date — or when there is no screening at all.
 */
export function screeningStaleOn(o: {
  latestScreenedAt: number | null;
  validDays: number;
  appointmentDate: string;
  timeZone: string;
}): boolean {
  if (o.latestScreenedAt === null) return true;
  return addDays(localDateOf(o.latestScreenedAt, o.timeZone), o.validDays) < o.appointmentDate;
}

/** When the client's latest screening was made: its clear time only, nothing decrypted (src/screening/record/portal.ts). */
async function latestScreenedAt(tx: DbOrTx, organizationId: string, clientId: string): Promise<number | null> {
  return (await clientScreeningStatus(tx, { client: { organizationId, clientId } }))?.createdAt ?? null;
}

// ---------------------------------------------------------------------------
// The reminder e-mail

const NBSP = "\u00a0";

interface ReminderCopy {
  subject: string;
  hello: (name: string) => string;
  coming: (service: string, practitioner: string, when: string) => string;
  phone: (phone: string) => string;
  prepare: string;
  retinoids: (date: string, days: number) => string;
  makeup: string;
  refreshIntro: string;
  refreshLink: string;
  manageIntro: string;
  manageLink: string;
  calendar: string;
  icsManage: (url: string) => string;
}

const REMINDER_COPY: Readonly<Record<ClientLocale, ReminderCopy>> = {
  en: {
    subject: "Reminder: your appointment",
    hello: (name) => `Hello ${name},`,
    coming: (service, practitioner, when) => `A reminder of your appointment: ${service} with ${practitioner}, ${when}.`,
    phone: (phone) => `Phone ${phone}`,
    prepare: "Before your treatment:",
    retinoids: (date, days) =>
      `From ${date} (${days} ${days === 1 ? "day" : "days"} before), please use no retinol, tretinoin or other retinoid on the skin to be treated. If you have used one since then, tell us when you arrive.`,
    makeup: "Please arrive with clean skin, without make-up on the area to be treated.",
    refreshIntro: "Please refresh your health questionnaire in your account before your visit:",
    refreshLink: "Refresh your health questionnaire",
    manageIntro:
      "To cancel or change the time, use this link (keep it to yourself — it works without signing in; it replaces the link in earlier e-mails):",
    manageLink: "Manage your appointment",
    calendar: "The calendar invitation attached keeps your calendar up to date.",
    icsManage: (url) => `Manage your appointment: ${url}`,
  },
  fr: {
    subject: "Rappel : votre rendez-vous".replace(" :", `${NBSP}:`),
    hello: (name) => `Bonjour ${name},`,
    coming: (service, practitioner, when) => `Un rappel de votre rendez-vous${NBSP}: ${service} avec ${practitioner}, ${when}.`,
    phone: (phone) => `Téléphone${NBSP}: ${phone}`,
    prepare: `Avant votre soin${NBSP}:`,
    retinoids: (date, days) =>
      `À partir du ${date} (${days}${NBSP}${days === 1 ? "jour" : "jours"} avant), n’utilisez ni rétinol, ni trétinoïne, ni autre rétinoïde sur la peau à traiter. Si vous en avez utilisé depuis, dites-le-nous à votre arrivée.`,
    makeup: "Merci d’arriver la peau propre, sans maquillage sur la zone à traiter.",
    refreshIntro: `Veuillez mettre à jour votre questionnaire de santé dans votre compte avant votre visite${NBSP}:`,
    refreshLink: "Mettre à jour votre questionnaire de santé",
    manageIntro: `Pour annuler ou changer l’heure, utilisez ce lien (gardez-le pour vous${NBSP}: il fonctionne sans connexion et remplace celui des courriels précédents)${NBSP}:`,
    manageLink: "Gérer votre rendez-vous",
    calendar: "L’invitation jointe tient votre calendrier à jour.",
    icsManage: (url) => `Gérer votre rendez-vous${NBSP}: ${url}`,
  },
};

export interface ReminderMessageInput extends AppointmentMessageFields {
  manageUrl: string;
  /** A treatment: the preparation lines from the clinic's settings. Null for any other appointment. */
  preparation: { retinoidPauseDays: number; arriveWithoutMakeup: boolean } | null;
  /** The intake page, when the screening will be too old on the day; otherwise null. */
  refreshUrl: string | null;
  locale: ClientLocale;
}

/** A local date for a reader, e.g. "Monday, March 8, 2027". */
function formatDate(date: string, locale: ClientLocale): string {
  return Temporal.PlainDate.from(date).toLocaleString(CLIENT_INTL_LOCALE[locale], {
    weekday: "long",
    month: "long",
    day: "numeric",
    year: "numeric",
  });
}

export function composeReminder(m: ReminderMessageInput): ComposedMessage {
  const copy = REMINDER_COPY[m.locale];
  const service = localizedText({ name: m.serviceName, nameFr: m.serviceNameFr }, "name", m.locale).text;
  const manageUrl = linkIn(m.manageUrl, m.locale);
  const refreshUrl = m.refreshUrl ? linkIn(m.refreshUrl, m.locale) : null;
  const when = formatWhen(m.start, m.end, m.timeZone, CLIENT_INTL_LOCALE[m.locale]);
  const lines = appointmentLines(copy, m, copy.coming(service, m.practitionerName, when));
  if (m.preparation && (m.preparation.retinoidPauseDays > 0 || m.preparation.arriveWithoutMakeup)) {
    lines.push("", copy.prepare);
    if (m.preparation.retinoidPauseDays > 0) {
      const from = addDays(localDateOf(m.start, m.timeZone), -m.preparation.retinoidPauseDays);
      lines.push(copy.retinoids(formatDate(from, m.locale), m.preparation.retinoidPauseDays));
    }
    if (m.preparation.arriveWithoutMakeup) lines.push(copy.makeup);
  }
  if (refreshUrl) lines.push("", copy.refreshIntro, refreshUrl);
  lines.push("", copy.manageIntro, manageUrl, "", copy.calendar);
  const html =
    htmlOpening(m.locale) +
    lines
      .filter((l) => l !== "")
      .map((l) =>
        l === manageUrl
          ? `<p><a href="${escapeHtml(l)}">${escapeHtml(copy.manageLink)}</a></p>`
          : l === refreshUrl
            ? `<p><a href="${escapeHtml(l)}">${escapeHtml(copy.refreshLink)}</a></p>`
            : `<p>${escapeHtml(l)}</p>`,
      )
      .join("") +
    "</body></html>";
  const ics = appointmentIcs(m, { method: "REQUEST", service, manageUrl, icsManage: copy.icsManage, locale: m.locale });
  return { to: m.clientEmail, subject: `${copy.subject} — ${m.clinicName}`, text: lines.join("\n"), html, ics };
}

function locationLineOf(clinic: Clinic): string {
  const l = clinic.location;
  return [l.street, l.city, l.region, l.postalCode].filter((part) => part.trim() !== "").join(", ");
}

// ---------------------------------------------------------------------------
// The next-session nudge

/** The nudge goes this many days after the completed session, at NUDGE_TIME local: time enough to book at the desk first. A clinic choice. */
export const NUDGE_AFTER_DAYS = 2;
export const NUDGE_TIME = "10:00";

/**
 * Called once when a treatment is completed (src/scheduling/appointment-day.ts),
 * in its transaction: a session of a plan with sessions left schedules the
 * nudge for the next session number (one key per plan and session number, so
 * it is sent at most once). Whether it goes is decided when it runs.
 */
export async function scheduleNextSessionNudge(tx: Tx, o: { organizationId: string; appointmentId: string }): Promise<void> {
  const [a] = await tx
    .select({ planId: appointments.planId, planSession: appointments.planSession, startsAt: appointments.startsAt })
    .from(appointments)
    .where(and(eq(appointments.id, o.appointmentId), eq(appointments.organizationId, o.organizationId)));
  if (!a?.planId || !a.planSession) return;
  const facts = await planSeriesFacts(tx, { organizationId: o.organizationId, planId: a.planId });
  if (!facts || a.planSession >= facts.sessions) return;
  const clinic = await loadClinic(tx, o.organizationId);
  const tz = clinic.location.timeZone;
  const date = addDays(localDateOf(a.startsAt.getTime(), tz), NUDGE_AFTER_DAYS);
  // A time skipped by a DST change does not exist that day: an hour later does.
  const runAt = localDateTimeToEpoch(date, NUDGE_TIME, tz) ?? localDateTimeToEpoch(date, "11:00", tz)!;
  const next = a.planSession + 1;
  await scheduleJob(tx, {
    organizationId: o.organizationId,
    kind: NUDGE_KIND,
    runAt,
    dedupeKey: nudgeKey(a.planId, next),
    payload: { planId: a.planId, session: next, after: o.appointmentId },
  });
}

const NUDGE_COPY: Record<
  ClientLocale,
  {
    subject: string;
    hello: (n: string) => string;
    intro: (service: string, from: string, to: string) => string;
    book: string;
    phone: (p: string) => string;
    button: string;
  }
> = {
  en: {
    subject: "Time to book your next session",
    hello: (n) => `Hello ${n},`,
    intro: (service, from, to) => `Your plan has sessions left. Your next ${service} is best booked between ${from} and ${to}.`,
    book: "Book online:",
    phone: (p) => `Or call us at ${p}.`,
    button: "Book your next session",
  },
  fr: {
    subject: "Le moment de réserver votre prochaine séance",
    hello: (n) => `Bonjour ${n},`,
    intro: (service, from, to) =>
      `Il reste des séances à votre plan. Votre prochaine séance «${NBSP}${service}${NBSP}» est à réserver entre le ${from} et le ${to}.`,
    book: `Réserver en ligne${NBSP}:`,
    phone: (p) => `Ou appelez-nous au ${p}.`,
    button: "Réserver votre prochaine séance",
  },
};

export function composeNudge(m: {
  to: string;
  clientName: string;
  clinicName: string;
  clinicPhone: string;
  serviceName: string;
  serviceNameFr?: string;
  from: string;
  to_: string;
  bookUrl: string;
  locale: ClientLocale;
}): ComposedMessage {
  const copy = NUDGE_COPY[m.locale];
  const service = localizedText({ name: m.serviceName, nameFr: m.serviceNameFr }, "name", m.locale).text;
  const lines = [
    copy.hello(m.clientName),
    "",
    copy.intro(service, formatDate(m.from, m.locale), formatDate(m.to_, m.locale)),
    "",
    copy.book,
    m.bookUrl,
    "",
    copy.phone(m.clinicPhone),
    "",
    m.clinicName,
  ];
  const html =
    htmlOpening(m.locale) +
    lines
      .filter((l) => l !== "")
      .map((l) => (l === m.bookUrl ? `<p><a href="${escapeHtml(l)}">${escapeHtml(copy.button)}</a></p>` : `<p>${escapeHtml(l)}</p>`))
      .join("") +
    "</body></html>";
  return { to: m.to, subject: `${copy.subject} — ${m.clinicName}`, text: lines.join("\n"), html, ics: null };
}

// ---------------------------------------------------------------------------
// The handlers

/** The handlers of the reminder and the nudge, for server/main.ts. */
export function reminderJobHandlers(o: { baseUrl: string }): JobHandlers {
  const base = o.baseUrl.replace(/\/$/, "");
  return {
    [REMINDER_KIND]: async (tx, job, ctx) => {
      const appointmentId = typeof job.payload.appointmentId === "string" ? job.payload.appointmentId : "";
      const start = typeof job.payload.start === "number" ? job.payload.start : Number.NaN;
      if (!isUuid(appointmentId)) return;
      const [a] = await tx
        .select({ a: appointments, service: services, practitionerName: practitioners.name })
        .from(appointments)
        .innerJoin(services, and(eq(services.id, appointments.serviceId), eq(services.organizationId, appointments.organizationId)))
        .innerJoin(practitioners, eq(practitioners.id, appointments.practitionerId))
        .where(and(eq(appointments.id, appointmentId), eq(appointments.organizationId, job.organizationId)))
        .for("update", { of: appointments });
      // Moved (a newer job carries the new start), cancelled, begun or over: nothing to remind of.
      if (!a || a.a.status !== "booked" || a.a.arrivedAt || a.a.startsAt.getTime() !== start || start <= ctx.now || !a.a.clientId) return;
      const [c] = await tx
        .select({ name: clients.name, email: clients.email, locale: clients.preferredLocale })
        .from(clients)
        .where(and(eq(clients.id, a.a.clientId), eq(clients.organizationId, job.organizationId)));
      if (!c?.email) return;
      const clinic = await loadClinic(tx, job.organizationId);
      const tz = clinic.location.timeZone;
      const treatment = a.service.kind === "treatment";
      const settings = await getReminderSettings(tx, job.organizationId);
      const stale =
        (treatment || a.service.requiresEligibility) &&
        screeningStaleOn({
          latestScreenedAt: await latestScreenedAt(tx, job.organizationId, a.a.clientId),
          validDays: clinic.settings.screeningValidDays,
          appointmentDate: localDateOf(start, tz),
          timeZone: tz,
        });
      // The earlier links are stored only hashed: the reminder carries a fresh one, which replaces them (audited).
      const token = newToken();
      await tx
        .update(appointments)
        .set({ manageTokenHash: hashToken(token) })
        .where(eq(appointments.id, appointmentId));
      await recordAuditEvent(tx, {
        organizationId: job.organizationId,
        actor: { type: "system", id: null },
        action: "appointment.manage-link",
        entityType: "appointment",
        entityId: appointmentId,
        details: { via: "reminder" },
      });
      await enqueueMessage(tx, {
        organizationId: job.organizationId,
        appointmentId,
        kind: REMINDER_KIND,
        message: composeReminder({
          appointmentId,
          sequence: a.a.sequence,
          clinicName: clinic.name,
          clinicPhone: clinic.location.phone,
          clinicEmail: clinic.location.email,
          locationLine: locationLineOf(clinic),
          timeZone: tz,
          serviceName: a.service.name,
          serviceNameFr: a.service.nameFr,
          practitionerName: a.practitionerName,
          clientName: c.name,
          clientEmail: c.email,
          start,
          end: a.a.endsAt.getTime(),
          manageUrl: `${base}/manage/${appointmentId}?token=${token}`,
          preparation: treatment
            ? { retinoidPauseDays: settings.retinoidPauseDays, arriveWithoutMakeup: settings.arriveWithoutMakeup }
            : null,
          refreshUrl: stale ? `${base}/portal/intake` : null,
          now: ctx.now,
          locale: clientLocaleOf(c.locale),
        }),
      });
      // And a text, to a client who agreed to them: the time and the manage link only (docs/texts.md).
      await enqueueTextFor(tx, {
        organizationId: job.organizationId,
        clientId: a.a.clientId,
        appointmentId,
        kind: REMINDER_KIND,
        compose: (locale) =>
          composeReminderText({
            clinicName: clinic.name,
            start,
            timeZone: tz,
            manageUrl: linkIn(`${base}/manage/${appointmentId}?token=${token}`, locale),
            locale,
          }),
      });
    },

    [NUDGE_KIND]: async (tx, job, ctx) => {
      const planId = typeof job.payload.planId === "string" ? job.payload.planId : "";
      const session = typeof job.payload.session === "number" ? job.payload.session : 0;
      if (!isUuid(planId) || session < 2) return;
      const facts = await planSeriesFacts(tx, { organizationId: job.organizationId, planId }).catch(() => null);
      if (!facts || session > facts.sessions) return;
      const sessions = await tx
        .select({ status: appointments.status, startsAt: appointments.startsAt, planSession: appointments.planSession })
        .from(appointments)
        .where(
          and(
            eq(appointments.organizationId, job.organizationId),
            eq(appointments.planId, planId),
            inArray(appointments.status, ["booked", "completed"]),
          ),
        );
      const completed = sessions.filter((s) => s.status === "completed");
      // A next session booked (or the plan done): no nudge.
      if (sessions.some((s) => s.status === "booked" && s.startsAt.getTime() > ctx.now)) return;
      if (completed.length >= facts.sessions) return;
      const last = completed.sort((x, y) => y.startsAt.getTime() - x.startsAt.getTime())[0];
      if (!last) return;
      const [c] = await tx
        .select({ name: clients.name, email: clients.email, locale: clients.preferredLocale })
        .from(clients)
        .where(and(eq(clients.id, facts.clientId), eq(clients.organizationId, job.organizationId)));
      const [service] = await tx
        .select({ name: services.name, nameFr: services.nameFr, slug: services.slug })
        .from(services)
        .where(and(eq(services.id, facts.serviceId), eq(services.organizationId, job.organizationId)));
      if (!c?.email || !service) return;
      const clinic = await loadClinic(tx, job.organizationId);
      const tz = clinic.location.timeZone;
      const lastDate = localDateOf(last.startsAt.getTime(), tz);
      let from = addDays(lastDate, facts.intervalMinDays);
      const to = addDays(lastDate, facts.intervalMaxDays);
      const today = localDateOf(ctx.now, tz);
      if (from < today) from = today;
      if (to < today) return; // the window has passed: the desk plans it again with the client
      const locale = clientLocaleOf(c.locale);
      await enqueueMessage(tx, {
        organizationId: job.organizationId,
        appointmentId: null,
        kind: NUDGE_KIND,
        message: composeNudge({
          to: c.email,
          clientName: c.name,
          clinicName: clinic.name,
          clinicPhone: clinic.location.phone,
          serviceName: service.name,
          serviceNameFr: service.nameFr,
          from,
          to_: to,
          bookUrl: `${base}${locale === "fr" ? "/fr" : ""}/book/${service.slug}?date=${from}`,
          locale,
        }),
      });
    },
  };
}
