// Appointment reminders and the next-session nudge, on the test database
// (PGlite, or PostgreSQL when TEST_DATABASE_URL is set): a booking schedules
// its reminder 48 elapsed hours before (across the spring-forward night too),
// a move moves it, a cancellation cancels it; the handler sends nothing for a
// moved or cancelled appointment; the refresh-your-questionnaire link appears
// exactly when the screening will be too old on the day; no health words;
// the nudge goes once, and not when the next session is booked.
import { and, eq } from "drizzle-orm";
import { Temporal } from "temporal-polyfill";
import { describe, expect, it } from "vitest";
import { appointments, auditEvents, clients, outboxMessages } from "../db/schema.ts";
import { testDatabaseKind } from "../db/testing.ts";
import { scheduledJobs } from "../jobs/tables.ts";
import type { ClaimedJob } from "../jobs/worker.ts";
import { screenClient } from "../privacy/screening-test-fixtures.ts";
import { addAppointment } from "../privacy/test-fixtures.ts";
import { acceptedPlan, f, owner, desk, usePlanTestbed } from "../plans/record/test-fixtures.ts";
import { bookAppointment } from "../scheduling/book-appointment.ts";
import { cancelBooking, rescheduleBooking } from "../scheduling/manage-booking.ts";
import { consultationBookingOptions } from "../scheduling/test-fixtures.ts";
import { parseOffsetIso, toOffsetIso } from "../scheduling/time.ts";
import {
  NUDGE_KIND,
  REMINDER_KIND,
  getReminderSettings,
  nudgeKey,
  reminderJobHandlers,
  reminderKey,
  reminderRunAt,
  scheduleNextSessionNudge,
  screeningStaleOn,
  syncAppointmentReminder,
  updateReminderSettings,
} from "./reminders.ts";
import { agreeToTexts, receiveTextReply } from "./texts.ts";

usePlanTestbed();

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (iso: string) => parseOffsetIso(iso)!;
const TZ = "America/Toronto";
const BOOKED_AT = at("2027-03-10T12:00:00-05:00");
const handlers = () => reminderJobHandlers({ baseUrl: "http://localhost:3000" });

/** Words (and beginnings of words) that would tell something of a client's health. */
const HEALTH_WORDS = [
  "pregnan",
  "breastfeed",
  "isotretinoin",
  "eczema",
  "psoriasis",
  "rosacea",
  "herpes",
  "cold sore",
  "diabet",
  "keloid",
  "acne",
  "bleeding",
  "blood",
  "infection",
  "deferred",
  "not suitable",
  "review",
  "contraindicat",
  "medication",
  "allerg",
  "condition",
  "screening",
  "eligib",
  "expired",
  "wait",
];

let n = 0;
async function book(start: number, now = BOOKED_AT) {
  const { booking } = await bookAppointment(
    f.database.db,
    consultationBookingOptions(f, { n: ++n, emailPrefix: "remind" }, { now, start, practitionerId: f.practitioners[0]!.id }),
  );
  return booking.id;
}

async function reminderJob(appointmentId: string) {
  const rows = await f.database.db
    .select()
    .from(scheduledJobs)
    .where(eq(scheduledJobs.dedupeKey, reminderKey(appointmentId)));
  return rows;
}

/** Runs a job's handler as the worker would (its own transaction), at `now`. */
async function run(row: typeof scheduledJobs.$inferSelect, now: number) {
  const job: ClaimedJob = {
    id: row.id,
    organizationId: row.organizationId,
    kind: row.kind,
    runAt: row.runAt,
    dedupeKey: row.dedupeKey,
    appointmentId: row.appointmentId,
    payload: row.payload,
    attempts: 1,
  };
  await f.database.db.transaction((tx) => handlers()[row.kind]!(tx, job, { now, workerId: "test" }));
}

const messagesOf = (appointmentId: string) =>
  f.database.db
    .select()
    .from(outboxMessages)
    .where(and(eq(outboxMessages.appointmentId, appointmentId), eq(outboxMessages.kind, REMINDER_KIND)));

function expectNoHealthWords(text: string) {
  const lower = text.toLowerCase();
  for (const w of HEALTH_WORDS) expect(lower, `"${w}" in the e-mail`).not.toContain(w);
}

describe("reminder rules", () => {
  it("counts 48 elapsed hours, so across the spring-forward night the local clock reads an hour earlier", () => {
    // Monday 15 March 2027, 09:00 EDT; the clocks went forward on Sunday the 14th at 02:00.
    const start = at("2027-03-15T09:00:00-04:00");
    const runAt = reminderRunAt(start, 48, BOOKED_AT)!;
    expect(start - runAt).toBe(48 * HOUR);
    expect(toOffsetIso(runAt, TZ)).toBe("2027-03-13T08:00:00-05:00");
    // An ordinary week: the same wall-clock time two days before.
    expect(toOffsetIso(reminderRunAt(at("2027-03-24T09:00:00-04:00"), 48, BOOKED_AT)!, TZ)).toBe("2027-03-22T09:00:00-04:00");
    // Inside the lead at booking: no reminder.
    expect(reminderRunAt(start, 48, start - 47 * HOUR)).toBeNull();
    expect(reminderRunAt(start, 48, start - 48 * HOUR)).toBeNull();
    expect(reminderRunAt(start, 48, start - 48 * HOUR - 1)).toBe(runAt);
  });

  it("asks for a refreshed questionnaire exactly when the screening will be too old on the day (both sides of the boundary)", () => {
    // Screened on 28 February, 22:00 in Toronto (already 1 March in UTC): valid through 30 March with 30 days.
    const screened = at("2027-02-28T22:00:00-05:00");
    const stale = (date: string) => screeningStaleOn({ latestScreenedAt: screened, validDays: 30, appointmentDate: date, timeZone: TZ });
    expect(stale("2027-03-30")).toBe(false);
    expect(stale("2027-03-31")).toBe(true);
    expect(stale("2027-03-15")).toBe(false);
    expect(screeningStaleOn({ latestScreenedAt: null, validDays: 30, appointmentDate: "2027-03-15", timeZone: TZ })).toBe(true);
  });
});

describe(`reminders on ${testDatabaseKind}`, () => {
  it("a booking schedules its reminder 48 hours before; a move moves it; a cancellation cancels it", async () => {
    const start = at("2027-03-15T09:00:00-04:00");
    const id = await book(start);
    const [job] = await reminderJob(id);
    expect(job).toMatchObject({ kind: REMINDER_KIND, status: "pending", appointmentId: id });
    expect(job!.runAt.toISOString()).toBe("2027-03-13T13:00:00.000Z");
    expect(job!.payload).toEqual({ appointmentId: id, start });

    const moved = at("2027-03-17T10:00:00-04:00");
    await rescheduleBooking(f.database.db, {
      clinic: f.clinic,
      id,
      access: { staff: { role: "owner" } },
      start: moved,
      now: BOOKED_AT + HOUR,
      actor: { type: "staff", id: owner.userId },
      baseUrl: "http://localhost:3000",
      keyRing: f.keyRing,
    });
    const afterMove = await reminderJob(id);
    expect(afterMove).toHaveLength(1);
    expect(afterMove[0]).toMatchObject({ id: job!.id, status: "pending" });
    expect(afterMove[0]!.runAt.toISOString()).toBe("2027-03-15T14:00:00.000Z");
    expect(afterMove[0]!.payload).toEqual({ appointmentId: id, start: moved });

    await cancelBooking(f.database.db, {
      clinic: f.clinic,
      id,
      access: { staff: { role: "owner" } },
      now: BOOKED_AT + 2 * HOUR,
      actor: { type: "staff", id: owner.userId },
      requestedBy: "clinic",
    });
    const afterCancel = await reminderJob(id);
    expect(afterCancel).toHaveLength(1);
    expect(afterCancel[0]!.status).toBe("cancelled");
    // Had it run anyway, it would send nothing.
    await run(afterCancel[0]!, at("2027-03-15T14:00:00Z"));
    expect(await messagesOf(id)).toEqual([]);
  });

  it("books inside the lead without a reminder, and a move inside the lead takes a pending one away", async () => {
    const start = at("2027-03-18T13:00:00-04:00");
    const id = await book(start, start - 30 * HOUR);
    expect(await reminderJob(id)).toEqual([]);

    const early = await book(at("2027-03-19T13:00:00-04:00"));
    expect((await reminderJob(early))[0]!.status).toBe("pending");
    await rescheduleBooking(f.database.db, {
      clinic: f.clinic,
      id: early,
      access: { staff: { role: "owner" } },
      start: at("2027-03-19T15:00:00-04:00"),
      now: at("2027-03-18T12:00:00-04:00"),
      actor: { type: "staff", id: owner.userId },
      baseUrl: "http://localhost:3000",
      keyRing: f.keyRing,
    });
    expect((await reminderJob(early))[0]!.status).toBe("cancelled");
  });

  it("sends the reminder with a working manage link and the calendar file; skips a job whose appointment moved", async () => {
    const start = at("2027-03-22T11:00:00-04:00");
    const id = await book(start);
    const [job] = await reminderJob(id);
    // A job still carrying an older start (the appointment moved meanwhile) sends nothing.
    await run({ ...job!, payload: { appointmentId: id, start: start - DAY } }, job!.runAt.getTime());
    expect(await messagesOf(id)).toEqual([]);

    await run(job!, job!.runAt.getTime());
    const [m] = await messagesOf(id);
    expect(m!.subject).toContain("Reminder");
    expect(m!.bodyText).toContain("Monday, March 22, 2027");
    expect(m!.bodyText).toMatch(/http:\/\/localhost:3000\/manage\/[0-9a-f-]+\?token=/);
    expect(m!.ics).toContain("METHOD:REQUEST");
    // A consultation: no preparation lines, no questionnaire link.
    expect(m!.bodyText).not.toContain("retinol");
    expect(m!.bodyText).not.toContain("/portal/intake");
    expectNoHealthWords(m!.bodyText);
    // The new link is the one that works now, and issuing it is audited.
    const token = /token=([^\s]+)/.exec(m!.bodyText)![1]!;
    const { hashToken } = await import("../kernel/tokens.ts");
    const [row] = await f.database.db.select().from(appointments).where(eq(appointments.id, id));
    expect(row!.manageTokenHash).toBe(hashToken(token));
    const audits = await f.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, id), eq(auditEvents.action, "appointment.manage-link")));
    expect(audits.map((a) => a.details)).toEqual([{ via: "reminder" }]);
  });

  it("gives a treatment its preparation lines, and the questionnaire link exactly when the screening will be stale", async () => {
    const validDays = f.clinic.settings.screeningValidDays;
    const screenedAt = at("2027-02-10T15:00:00-05:00");
    const { clientId } = await screenClient(f.database.db, f.keyRing, {
      organizationId: f.clinic.organizationId,
      email: "treated-reminder@example.test",
      name: "Treated Client",
      asOf: "2027-02-10",
      now: screenedAt,
    });
    // The last day it is valid, and the day after (both 10:00 local).
    const lastValid = Temporal.PlainDate.from("2027-02-10").add({ days: validDays }).toString();
    const firstStale = Temporal.PlainDate.from(lastValid).add({ days: 1 }).toString();
    const texts: Record<string, string> = {};
    for (const date of [lastValid, firstStale]) {
      const startMs = Temporal.PlainDateTime.from(`${date}T10:00`).toZonedDateTime(TZ).epochMilliseconds;
      const a = await addAppointment(f, {
        clientId,
        practitionerId: f.practitioners[0]!.id,
        slug: "microneedling-face",
        start: new Date(startMs),
        minutes: 60,
      });
      await f.database.db.transaction((tx) =>
        syncAppointmentReminder(tx, { organizationId: f.clinic.organizationId, appointmentId: a.id, now: screenedAt }),
      );
      const [job] = await reminderJob(a.id);
      await run(job!, job!.runAt.getTime());
      const [m] = await messagesOf(a.id);
      texts[date] = m!.bodyText;
    }
    expect(texts[lastValid]).not.toContain("/portal/intake");
    expect(texts[firstStale]).toContain("Please refresh your health questionnaire");
    expect(texts[firstStale]).toContain("http://localhost:3000/portal/intake");
    for (const text of Object.values(texts)) {
      expect(text).toContain("Before your treatment:");
      expect(text).toContain("(7 days before), please use no retinol");
      expect(text).toContain("without make-up");
      expectNoHealthWords(text.replace("health questionnaire", ""));
    }
    // The retinoid line names the local date 7 days before.
    const d = Temporal.PlainDate.from(firstStale).subtract({ days: 7 });
    expect(texts[firstStale]).toContain(d.toLocaleString("en-CA", { weekday: "long", month: "long", day: "numeric", year: "numeric" }));
  });

  it("keeps the clinic's reminder settings as audited data: desk refused, owner changes them, a bad number refused", async () => {
    expect(await getReminderSettings(f.database.db, f.clinic.organizationId)).toEqual({
      hoursBefore: 48,
      retinoidPauseDays: 7,
      arriveWithoutMakeup: true,
    });
    await expect(
      updateReminderSettings(f.database.db, {
        staff: desk,
        input: { hoursBefore: "24", retinoidPauseDays: "5", arriveWithoutMakeup: "on" },
      }),
    ).rejects.toMatchObject({ code: "forbidden" });
    await expect(
      updateReminderSettings(f.database.db, { staff: owner, input: { hoursBefore: "1", retinoidPauseDays: "5" } }),
    ).rejects.toMatchObject({ errors: { hoursBefore: expect.any(String) } });
    const r = await updateReminderSettings(f.database.db, { staff: owner, input: { hoursBefore: "24", retinoidPauseDays: "0" } });
    expect(r).toEqual({ changed: true, settings: { hoursBefore: 24, retinoidPauseDays: 0, arriveWithoutMakeup: false } });
    const [audit] = await f.database.db.select().from(auditEvents).where(eq(auditEvents.action, "reminder-settings.update"));
    expect(audit!.details).toEqual({
      before: { hoursBefore: 48, retinoidPauseDays: 7, arriveWithoutMakeup: true },
      after: { hoursBefore: 24, retinoidPauseDays: 0, arriveWithoutMakeup: false },
    });
    // A booking now gets its reminder 24 hours before.
    const start = at("2027-03-25T09:00:00-04:00");
    const id = await book(start);
    expect((await reminderJob(id))[0]!.runAt.getTime()).toBe(start - 24 * HOUR);
    await updateReminderSettings(f.database.db, {
      staff: owner,
      input: { hoursBefore: "48", retinoidPauseDays: "7", arriveWithoutMakeup: "on" },
    });
  });

  it("nudges once about the next session when none is booked, with the next window's dates", async () => {
    const { planId, clientId } = await acceptedPlan();
    // The plan's sessions, each a face treatment with the first practitioner.
    const planSession = (session: number, start: number, status?: "completed") =>
      addAppointment(f, {
        clientId,
        practitionerId: f.practitioners[0]!.id,
        slug: "microneedling-face",
        start: new Date(start),
        minutes: 60,
        planId,
        planSession: session,
        status,
      });
    const sessionStart = at("2027-04-05T10:00:00-04:00");
    const first = await planSession(1, sessionStart, "completed");
    const schedule = () =>
      f.database.db.transaction((tx) => scheduleNextSessionNudge(tx, { organizationId: f.clinic.organizationId, appointmentId: first.id }));
    await schedule();
    await schedule();
    const jobs = await f.database.db
      .select()
      .from(scheduledJobs)
      .where(eq(scheduledJobs.dedupeKey, nudgeKey(planId, 2)));
    expect(jobs).toHaveLength(1);
    expect(toOffsetIso(jobs[0]!.runAt.getTime(), TZ)).toBe("2027-04-07T10:00:00-04:00");

    const nudges = () => f.database.db.select().from(outboxMessages).where(eq(outboxMessages.kind, NUDGE_KIND));
    const before = (await nudges()).length;
    // A next session booked: nothing.
    const second = await planSession(2, at("2027-05-05T10:00:00-04:00"));
    await run(jobs[0]!, jobs[0]!.runAt.getTime());
    expect(await nudges()).toHaveLength(before);
    // Cancelled again: the nudge goes, with the window 28–42 days after the session.
    await f.database.db.update(appointments).set({ status: "cancelled" }).where(eq(appointments.id, second.id));
    await run(jobs[0]!, jobs[0]!.runAt.getTime());
    const sent = (await nudges()).slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.bodyText).toContain("between Monday, May 3, 2027 and Monday, May 17, 2027");
    expect(sent[0]!.bodyText).toContain("http://localhost:3000/book/microneedling-face?date=2027-05-03");
    expectNoHealthWords(sent[0]!.bodyText);
    // The last session of the plan schedules none.
    const last = await planSession(3, at("2027-06-20T10:00:00-04:00"), "completed");
    await f.database.db.transaction((tx) =>
      scheduleNextSessionNudge(tx, { organizationId: f.clinic.organizationId, appointmentId: last.id }),
    );
    expect(
      await f.database.db
        .select()
        .from(scheduledJobs)
        .where(eq(scheduledJobs.dedupeKey, nudgeKey(planId, 4))),
    ).toEqual([]);
  });
});

describe(`reminder texts on ${testDatabaseKind}`, () => {
  const MESSAGES = { mobileRequired: "required", mobileInvalid: "invalid", agreeRequired: "agree" };
  const textsOf = (appointmentId: string) =>
    f.database.db
      .select()
      .from(outboxMessages)
      .where(and(eq(outboxMessages.appointmentId, appointmentId), eq(outboxMessages.channel, "sms")));

  /** A booking whose client agreed to texts at `mobile` (or did not), in `locale`; its reminder job. */
  async function bookedFor(o: { start: string; mobile: string | null; locale?: "en" | "fr" }) {
    const id = await book(at(o.start));
    const [a] = await f.database.db.select().from(appointments).where(eq(appointments.id, id));
    const clientId = a!.clientId!;
    if (o.locale) await f.database.db.update(clients).set({ preferredLocale: o.locale }).where(eq(clients.id, clientId));
    if (o.mobile) {
      await agreeToTexts(f.database.db, {
        organizationId: f.clinic.organizationId,
        clientId,
        mobile: o.mobile,
        agreed: true,
        now: BOOKED_AT,
        messages: MESSAGES,
      });
    }
    const [job] = await reminderJob(id);
    return { id, clientId, job: job! };
  }

  it("texts the time and the manage link to a client who agreed: the clinic's name and STOP, never the service or the practitioner", async () => {
    const b = await bookedFor({ start: "2027-03-23T09:00:00-04:00", mobile: "(226) 555-0141" });
    await run(b.job, b.job.runAt.getTime());
    const [text] = await textsOf(b.id);
    expect(text).toMatchObject({ kind: REMINDER_KIND, toAddress: "+12265550141", status: "pending", subject: "", bodyHtml: "", ics: null });
    const body = text!.bodyText;
    expect(body).toContain(f.clinic.name);
    expect(body).toMatch(/on Tue\.?, Mar\.? 23, 9:00\sa\.m\./);
    expect(body).toContain("Reply STOP to stop texts.");
    // The same fresh manage link as the e-mail's.
    const [mail] = (await messagesOf(b.id)).filter((m) => m.channel === "email");
    const link = /http:\/\/localhost:3000\/manage\/[0-9a-f-]+\?token=[^\s]+/.exec(mail!.bodyText)![0];
    expect(body).toContain(`${link} `);
    const service = f.services["consultation"]!;
    for (const word of [
      service.name,
      service.nameFr ?? service.name,
      "consultation",
      "microneedling",
      ...f.practitioners.map((p) => p.name),
    ]) {
      expect(body.toLowerCase(), word).not.toContain(word.toLowerCase());
    }
    expectNoHealthWords(body);
  });

  it("texts a French-speaking client in French, with the French manage link and ARRET", async () => {
    const b = await bookedFor({ start: "2027-03-23T11:00:00-04:00", mobile: "+1 226 555 0142", locale: "fr" });
    await run(b.job, b.job.runAt.getTime());
    const [text] = await textsOf(b.id);
    expect(text!.bodyText).toMatch(new RegExp(`^${f.clinic.name}\u00a0: rappel de votre rendez-vous le mar\\.? 23 mars, 11\\sh\\s00\\.`));
    expect(text!.bodyText).toMatch(/http:\/\/localhost:3000\/fr\/manage\/[0-9a-f-]+\?token=/);
    expect(text!.bodyText).toContain("Répondez ARRET");
    expect(text!.bodyText).not.toContain("STOP");
    expect(text!.bodyText.toLowerCase()).not.toContain("microneedling");
  });

  it("texts nobody who has not agreed, or who replied STOP; the e-mail goes all the same", async () => {
    const never = await bookedFor({ start: "2027-03-23T13:00:00-04:00", mobile: null });
    const stopped = await bookedFor({ start: "2027-03-24T13:00:00-04:00", mobile: "226-555-0143" });
    expect(await receiveTextReply(f.database.db, { from: "+12265550143", body: "STOP", now: BOOKED_AT + HOUR })).toBe(1);
    for (const b of [never, stopped]) {
      await run(b.job, b.job.runAt.getTime());
      expect(await textsOf(b.id)).toEqual([]);
      expect((await messagesOf(b.id)).map((m) => m.channel)).toEqual(["email"]);
    }
    // START: the next reminder is texted again.
    expect(await receiveTextReply(f.database.db, { from: "+12265550143", body: "start", now: BOOKED_AT + 2 * HOUR })).toBe(1);
    await run(stopped.job, stopped.job.runAt.getTime());
    expect(await textsOf(stopped.id)).toHaveLength(1);
  });
});
