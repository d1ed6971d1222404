// "Tell me when I'm eligible": a person whose screening defers treatment to a
// date can ask for an e-mail on that date with a link to book. The address is
// kept encrypted until the e-mail goes out; the e-mail names no condition and
// no reason, only that booking is open to them now.
import { and, asc, eq, lte } from "drizzle-orm";
import { recordAuditEvent } from "../audit/audit-log.ts";
import type { Db, DbOrTx, Tx } from "../db/open.ts";
import type { JobHandlers, RecurringJob } from "../jobs/worker.ts";
import { locations, organizations } from "../db/schema.ts";
import { clientLocaleOf, type ClientLocale } from "../clients/locale.ts";
import { htmlOfLines, type ComposedMessage } from "../notifications/booking-messages.ts";
import { FieldError } from "../kernel/errors.ts";
import { enqueueMessage } from "../notifications/outbox.ts";
import { addDays, isValidPlainDate, todayIn } from "../scheduling/time.ts";
import { eligibilityReminders } from "./health-tables.ts";
import { type KeyRing, isUnreadable } from "./keyring.ts";
import { reencryptRows, type Rotation } from "./rotation.ts";

/** Reminders further out than this are refused (a typo, not a plan). */
export const REMINDER_MAX_DAYS = 366;

const emailContext = (r: { organizationId: string; id: string }) => `eligibility_reminders.email_encrypted/${r.organizationId}/${r.id}`;

/** A reminder refused: a malformed address, or a date that is not after today and within a year. Nothing was stored. */
export class ReminderInputError extends FieldError {
  constructor(errors: Record<string, string>) {
    super(errors);
    this.name = "ReminderInputError";
  }
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Asks for an e-mail on `sendOn` (the first day treatment is allowed, a date
 * in the clinic's zone). It must lie after today and within a year.
 */
export async function requestEligibilityReminder(
  db: Db,
  o: {
    organizationId: string;
    keyRing: KeyRing;
    email: string;
    sendOn: string;
    timeZone: string;
    now: number;
    /** The language of the page it was asked on; the e-mail is written in it. English when not given. */
    locale?: ClientLocale;
  },
): Promise<{ id: string }> {
  const email = o.email.trim();
  const today = todayIn(o.timeZone, o.now);
  const errors: Record<string, string> = {};
  if (!EMAIL.test(email) || email.length > 254) errors.email = "Enter an e-mail address like name@example.com.";
  if (!isValidPlainDate(o.sendOn) || o.sendOn <= today || o.sendOn > addDays(today, REMINDER_MAX_DAYS)) {
    errors.sendOn = "The reminder date must be after today and within a year.";
  }
  if (Object.keys(errors).length) throw new ReminderInputError(errors);
  const id = crypto.randomUUID();
  await db.transaction(async (tx) => {
    await tx.insert(eligibilityReminders).values({
      id,
      organizationId: o.organizationId,
      emailEncrypted: o.keyRing.encrypt(email, emailContext({ organizationId: o.organizationId, id })),
      sendOn: o.sendOn,
      locale: o.locale ?? "en",
    });
    await recordAuditEvent(tx, {
      organizationId: o.organizationId,
      actor: { type: "public", id: null },
      action: "eligibility-reminder.request",
      entityType: "eligibility-reminder",
      entityId: id,
      details: { sendOn: o.sendOn },
    });
  });
  return { id };
}

const NBSP = "\u00a0";

const REMINDER: Readonly<
  Record<
    ClientLocale,
    {
      subject: (clinic: string) => string;
      hello: string;
      intro: (clinic: string) => string;
      check: string;
      questions: (phone: string) => string;
      button: string;
    }
  >
> = {
  en: {
    subject: (clinic) => `You can book your treatment now — ${clinic}`,
    hello: "Hello,",
    intro: (clinic) => `You asked ${clinic} to let you know on this day. You can book your microneedling treatment from today:`,
    check:
      "At your visit we go through a short check of anything that has changed since, so please have your list of medicines and supplements handy.",
    questions: (phone) => `Questions? Call us at ${phone}.`,
    button: "Book your treatment",
  },
  fr: {
    subject: (clinic) => `Vous pouvez maintenant réserver votre traitement — ${clinic}`,
    hello: "Bonjour,",
    intro: (clinic) =>
      `Vous avez demandé à ${clinic} de vous prévenir à cette date. Vous pouvez réserver votre traitement de microneedling dès aujourd’hui${NBSP}:`,
    check:
      "Lors de votre visite, nous vérifions brièvement ce qui a pu changer depuis; gardez donc à portée de main la liste de vos médicaments et suppléments.",
    questions: (phone) => `Des questions? Appelez-nous au ${phone}.`,
    button: "Réserver votre traitement",
  },
};

export function composeEligibilityReminder(m: {
  to: string;
  clinicName: string;
  clinicPhone: string;
  bookUrl: string;
  locale?: ClientLocale;
}): ComposedMessage {
  const locale = m.locale ?? "en";
  const copy = REMINDER[locale];
  const subject = copy.subject(m.clinicName);
  const lines = [
    copy.hello,
    "",
    copy.intro(m.clinicName),
    "",
    m.bookUrl,
    "",
    copy.check,
    "",
    copy.questions(m.clinicPhone),
    "",
    m.clinicName,
  ];
  const text = lines.join("\n");
  const html = htmlOfLines(locale, lines, { url: m.bookUrl, text: copy.button }, "\n");
  return { to: m.to, subject, text, html, ics: null };
}

interface ReminderClinic {
  id: string;
  name: string;
  timeZone: string;
  phone: string;
}

const clinicsQuery = (db: DbOrTx, organizationId?: string) =>
  db
    .select({ id: organizations.id, name: organizations.name, timeZone: locations.timeZone, phone: locations.phone })
    .from(organizations)
    .innerJoin(locations, eq(locations.organizationId, organizations.id))
    .where(organizationId ? eq(organizations.id, organizationId) : undefined);

/**
 * Claims one reminder of the clinic due by `today` (FOR UPDATE SKIP LOCKED),
 * puts its e-mail into the outbox and deletes it, in `tx`; answers whether
 * there was one. Whoever commits the delete sent it: no second process can.
 */
async function sendOneDueReminder(
  tx: Tx,
  clinic: ReminderClinic,
  today: string,
  o: { keyRing: KeyRing; baseUrl: string },
): Promise<boolean> {
  const [due] = await tx
    .select()
    .from(eligibilityReminders)
    .where(and(eq(eligibilityReminders.organizationId, clinic.id), lte(eligibilityReminders.sendOn, today)))
    .limit(1)
    .for("update", { skipLocked: true });
  if (!due) return false;
  let to: string | null = null;
  try {
    to = o.keyRing.decrypt(due.emailEncrypted, emailContext(due));
  } catch (error) {
    if (!isUnreadable(error)) throw error;
  }
  if (to) {
    const locale = clientLocaleOf(due.locale);
    await enqueueMessage(tx, {
      organizationId: clinic.id,
      appointmentId: null,
      kind: "eligibility-reminder",
      message: composeEligibilityReminder({
        to,
        clinicName: clinic.name,
        clinicPhone: clinic.phone,
        // The booking pages in the reminder's language (French under /fr).
        bookUrl: `${o.baseUrl}${locale === "fr" ? "/fr" : ""}/book`,
        locale,
      }),
    });
  }
  // Sent, or unreadable: either way it is not tried again, and the address is no longer kept.
  await tx.delete(eligibilityReminders).where(eq(eligibilityReminders.id, due.id));
  await recordAuditEvent(tx, {
    organizationId: clinic.id,
    actor: { type: "system", id: null },
    action: to ? "eligibility-reminder.send" : "eligibility-reminder.unreadable",
    entityType: "eligibility-reminder",
    entityId: due.id,
    details: { sendOn: due.sendOn },
  });
  return true;
}

/**
 * Puts every reminder due today (in each clinic's zone) into the outbox and
 * marks it sent, in one transaction per reminder. Safe to run often and from
 * more than one process: a reminder is claimed with FOR UPDATE SKIP LOCKED.
 * The server runs it through the job below; tests and tools call it directly.
 */
export async function sendDueEligibilityReminders(db: Db, o: { keyRing: KeyRing; now: number; baseUrl: string }): Promise<number> {
  const clinics = await clinicsQuery(db);
  let sent = 0;
  for (const clinic of clinics) {
    const today = todayIn(clinic.timeZone, o.now);
    while (await db.transaction((tx: Tx) => sendOneDueReminder(tx, clinic, today, o))) sent++;
  }
  return sent;
}

/** The recurring job that sends the due reminders: once per clinic every ten minutes, whatever the number of server processes. */
export const ELIGIBILITY_REMINDER_SWEEP: RecurringJob = { kind: "eligibility-reminders.sweep", everyMs: 10 * 60_000 };

/**
 * The job handlers of eligibility reminders (docs/jobs.md): the sweep sends
 * the clinic's due reminders in the job's transaction, so the e-mails, the
 * deleted reminders and the job's 'done' mark commit together.
 */
export function eligibilityReminderJobHandlers(o: { keyRing: KeyRing; baseUrl: string }): JobHandlers {
  return {
    [ELIGIBILITY_REMINDER_SWEEP.kind]: async (tx, job, ctx) => {
      for (const clinic of await clinicsQuery(tx, job.organizationId)) {
        const today = todayIn(clinic.timeZone, ctx.now);
        while (await sendOneDueReminder(tx, clinic, today, o));
      }
    },
  };
}

/** Re-encrypts waiting reminders not under the active key (in the rotation's transaction, src/privacy/key-rotation.ts). */
export async function reencryptReminders(rotation: Rotation): Promise<number> {
  const { tx } = rotation;
  return reencryptRows(
    rotation,
    (limit) =>
      tx
        .select()
        .from(eligibilityReminders)
        .where(rotation.stale(eligibilityReminders.emailEncrypted))
        .orderBy(asc(eligibilityReminders.id))
        .limit(limit)
        .for("update"),
    async (r) => {
      await tx
        .update(eligibilityReminders)
        .set({ emailEncrypted: rotation.reencrypt(r.emailEncrypted, emailContext(r), `eligibility reminder ${r.id}`) })
        .where(and(eq(eligibilityReminders.organizationId, r.organizationId), eq(eligibilityReminders.id, r.id)));
    },
  );
}
