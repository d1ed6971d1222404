// Scheduled jobs on the test database (PGlite, or PostgreSQL with
// TEST_DATABASE_URL): scheduling by key, cancelling by appointment, leases,
// retries, and a handler's work committed with its 'done' mark or not at all.
// Two real processes on one PostgreSQL: exactly-once.test.ts.
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../db/open.ts";
import { appointments, outboxMessages } from "../db/schema.ts";
import { testDatabaseKind } from "../db/testing.ts";
import { enqueueMessage } from "../notifications/outbox.ts";
import { requestEligibilityReminder } from "../privacy/eligibility-reminders.ts";
import { ELIGIBILITY_REMINDER_SWEEP, eligibilityReminderJobHandlers } from "../privacy/eligibility-reminders.ts";
import { createClinicFixture, type ClinicFixture } from "../scheduling/test-fixtures.ts";
import { cancelJob, cancelJobs, scheduleJob } from "./jobs.ts";
import { scheduledJobs } from "./tables.ts";
import {
  claimDueJobs,
  JobError,
  runClaimedJobs,
  runDueJobs,
  scheduleRecurringJobs,
  UnknownJobKindError,
  type JobHandlers,
} from "./worker.ts";

let f: ClinicFixture;
let db: Db;
let org: string;
beforeAll(async () => {
  f = await createClinicFixture();
  db = f.database.db;
  org = f.clinic.organizationId;
});
afterAll(async () => {
  await f?.database.close();
});
beforeEach(async () => {
  await db.delete(scheduledJobs);
  await db.delete(outboxMessages);
});

const T0 = Date.parse("2027-03-01T12:00:00Z");
const MIN = 60_000;

let nextHold = 0;
/** A held appointment (no client needed), each at its own hour. */
async function heldAppointment(): Promise<string> {
  const start = new Date(Date.parse("2027-06-01T13:00:00Z") + nextHold++ * 3 * 60 * MIN);
  const end = new Date(start.getTime() + 60 * MIN);
  const [row] = await db
    .insert(appointments)
    .values({
      organizationId: org,
      locationId: f.clinic.location.id,
      serviceId: Object.values(f.services)[0]!.id,
      practitionerId: f.practitioners[0]!.id,
      status: "held",
      holdExpiresAt: new Date(start.getTime() - MIN),
      startsAt: start,
      endsAt: end,
      blockedFrom: start,
      blockedUntil: end,
    })
    .returning({ id: appointments.id });
  return row!.id;
}

const jobByKey = async (dedupeKey: string) =>
  (
    await db
      .select()
      .from(scheduledJobs)
      .where(and(eq(scheduledJobs.organizationId, org), eq(scheduledJobs.dedupeKey, dedupeKey)))
  )[0]!;

/** Handlers that enqueue one e-mail per job, naming the job's `n`. */
const mailing = (seen: string[] = []): JobHandlers => ({
  "test.mail": async (tx, job) => {
    seen.push(String(job.payload.n));
    await enqueueMessage(tx, {
      organizationId: job.organizationId,
      appointmentId: null,
      kind: "test",
      message: { to: "someone@example.test", subject: `job ${String(job.payload.n)}`, text: "x", html: "<p>x</p>", ics: null },
    });
  },
});

describe(`scheduled jobs on ${testDatabaseKind}`, () => {
  it("is one job per key: scheduling it again finds it, moves it while pending, and brings back a cancelled one", async () => {
    const first = await scheduleJob(db, { organizationId: org, kind: "test.mail", runAt: T0, dedupeKey: "test.mail:a", payload: { n: 1 } });
    expect(first.outcome).toBe("created");
    expect(await scheduleJob(db, { organizationId: org, kind: "test.mail", runAt: T0, dedupeKey: "test.mail:a" })).toEqual({
      id: first.id,
      outcome: "unchanged",
    });
    const moved = await scheduleJob(db, {
      organizationId: org,
      kind: "test.mail",
      runAt: T0 + 60 * MIN,
      dedupeKey: "test.mail:a",
      payload: { n: 2 },
    });
    expect(moved).toEqual({ id: first.id, outcome: "updated" });
    expect(await db.select().from(scheduledJobs)).toHaveLength(1);
    expect((await jobByKey("test.mail:a")).runAt.getTime()).toBe(T0 + 60 * MIN);

    // Not due at its old time; due at its new one, and then done: scheduling it again does not run it again.
    expect((await runDueJobs(db, { handlers: mailing(), workerId: "w", now: T0 + MIN })).claimed).toBe(0);
    expect((await runDueJobs(db, { handlers: mailing(), workerId: "w", now: T0 + 61 * MIN })).done).toBe(1);
    expect(
      (await scheduleJob(db, { organizationId: org, kind: "test.mail", runAt: T0 + 90 * MIN, dedupeKey: "test.mail:a" })).outcome,
    ).toBe("unchanged");
    expect((await runDueJobs(db, { handlers: mailing(), workerId: "w", now: T0 + 120 * MIN })).claimed).toBe(0);
    expect(await db.select().from(outboxMessages)).toHaveLength(1);

    // Cancelled, then scheduled again under its key: pending again.
    await scheduleJob(db, { organizationId: org, kind: "test.mail", runAt: T0, dedupeKey: "test.mail:b" });
    expect(await cancelJob(db, { organizationId: org, dedupeKey: "test.mail:b" })).toBe(true);
    expect(await cancelJob(db, { organizationId: org, dedupeKey: "test.mail:b" })).toBe(false);
    expect((await scheduleJob(db, { organizationId: org, kind: "test.mail", runAt: T0, dedupeKey: "test.mail:b" })).outcome).toBe(
      "updated",
    );
    expect((await jobByKey("test.mail:b")).status).toBe("pending");
  });

  it("refuses a kind that is not a plain name, and any key outside 1 to 300 characters", async () => {
    await expect(scheduleJob(db, { organizationId: org, kind: "Test Mail", runAt: T0, dedupeKey: "k" })).rejects.toThrow(/job kind/);
    await expect(scheduleJob(db, { organizationId: org, kind: "test.mail", runAt: T0, dedupeKey: "" })).rejects.toThrow(/dedupe key/);
  });

  it("cancels an appointment's pending jobs, of the kinds named or all, and no other appointment's", async () => {
    const a = await heldAppointment();
    const b = await heldAppointment();
    for (const [appointmentId, kind] of [
      [a, "test.mail"],
      [a, "test.other"],
      [b, "test.mail"],
    ] as const) {
      await scheduleJob(db, {
        organizationId: org,
        kind,
        runAt: T0,
        dedupeKey: `${kind}:${appointmentId}`,
        appointmentId,
        payload: { n: kind },
      });
    }
    expect(await cancelJobs(db, { organizationId: org, appointmentId: a, kinds: ["test.other"] })).toBe(1);
    expect(await cancelJobs(db, { organizationId: org, appointmentId: a, kinds: [] })).toBe(0);
    expect(await cancelJobs(db, { organizationId: org, appointmentId: a })).toBe(1);
    expect(await cancelJobs(db, { organizationId: org, appointmentId: a })).toBe(0);
    const seen: string[] = [];
    const handlers = { ...mailing(seen), "test.other": mailing(seen)["test.mail"]! };
    expect(await runDueJobs(db, { handlers, workerId: "w", now: T0 })).toMatchObject({ claimed: 1, done: 1 });
    expect((await jobByKey(`test.mail:${b}`)).status).toBe("done");
    expect((await jobByKey(`test.mail:${a}`)).status).toBe("cancelled");

    // An appointment deleted takes its jobs with it.
    await scheduleJob(db, { organizationId: org, kind: "test.mail", runAt: T0, dedupeKey: "test.mail:gone", appointmentId: b });
    await db.delete(appointments).where(eq(appointments.id, b));
    expect(await db.select().from(scheduledJobs).where(eq(scheduledJobs.appointmentId, b))).toEqual([]);
  });

  it("lets another worker take a job only once its lease has run out, and the first worker then finds it lost", async () => {
    await scheduleJob(db, { organizationId: org, kind: "test.mail", runAt: T0, dedupeKey: "test.mail:lease", payload: { n: 1 } });
    const leaseMs = 5 * MIN;
    const first = await claimDueJobs(db, { workerId: "w1", now: T0, limit: 10, leaseMs });
    expect(first).toHaveLength(1);
    // Leased: nobody else may take it, even long after it was due.
    expect(await claimDueJobs(db, { workerId: "w2", now: T0 + leaseMs - 1, limit: 10, leaseMs })).toEqual([]);
    // The lease ran out (w1 was killed, say): w2 takes it.
    const second = await claimDueJobs(db, { workerId: "w2", now: T0 + leaseMs + 1, limit: 10, leaseMs });
    expect(second.map((j) => j.attempts)).toEqual([2]);
    // w1 comes back to it: lost, its handler not run, nothing enqueued.
    const seen: string[] = [];
    expect(await runClaimedJobs(db, first, { handlers: mailing(seen), workerId: "w1", now: T0 + leaseMs + 2 })).toMatchObject({ lost: 1 });
    expect(seen).toEqual([]);
    expect(await runClaimedJobs(db, second, { handlers: mailing(seen), workerId: "w2", now: T0 + leaseMs + 2 })).toMatchObject({ done: 1 });
    expect(seen).toEqual(["1"]);
    expect(await db.select().from(outboxMessages)).toHaveLength(1);
    const done = await jobByKey("test.mail:lease");
    expect(done).toMatchObject({ status: "done", lockedBy: null, lockedUntil: null, attempts: 2 });
  });

  it("tries a failing job again later, then marks it failed, keeping its error's kind but never its message", async () => {
    await scheduleJob(db, { organizationId: org, kind: "test.fail", runAt: T0, dedupeKey: "test.fail:1" });
    const errors: unknown[] = [];
    const handlers: JobHandlers = {
      "test.fail": async () => {
        throw new Error("could not reach alice@example.com about her rosacea");
      },
    };
    const run = (now: number) => runDueJobs(db, { handlers, workerId: "w", now, maxAttempts: 3, onError: (e) => errors.push(e) });
    expect(await run(T0)).toMatchObject({ claimed: 1, retried: 1 });
    const retried = await jobByKey("test.fail:1");
    expect(retried).toMatchObject({ status: "pending", attempts: 1, lastError: "Error", lockedBy: null });
    expect(retried.runAt.getTime()).toBeGreaterThan(T0);
    // Not before its back-off.
    expect((await run(T0 + 1000)).claimed).toBe(0);
    expect(await run(T0 + 10 * MIN)).toMatchObject({ retried: 1 });
    expect(await run(T0 + 100 * MIN)).toMatchObject({ failed: 1 });
    expect(await run(T0 + 1000 * MIN)).toMatchObject({ claimed: 0 });
    const failed = await jobByKey("test.fail:1");
    expect(failed).toMatchObject({ status: "failed", attempts: 3 });
    expect(failed.doneAt).not.toBeNull();
    expect(JSON.stringify(await db.select().from(scheduledJobs))).not.toMatch(/alice|rosacea/);
    expect(errors).toHaveLength(3);

    // A JobError's message is meant to be kept.
    await scheduleJob(db, { organizationId: org, kind: "test.fail", runAt: T0, dedupeKey: "test.fail:2" });
    await runDueJobs(db, {
      handlers: {
        "test.fail": async () => {
          throw new JobError("The clinic has no location.");
        },
      },
      workerId: "w",
      now: T0,
    });
    expect((await jobByKey("test.fail:2")).lastError).toBe("The clinic has no location.");
  });

  it("fails a job of a kind no handler is registered for, with a reason that says so", async () => {
    await scheduleJob(db, { organizationId: org, kind: "test.nobody", runAt: T0, dedupeKey: "test.nobody:1" });
    const errors: unknown[] = [];
    expect(await runDueJobs(db, { handlers: mailing(), workerId: "w", now: T0, onError: (e) => errors.push(e) })).toMatchObject({
      failed: 1,
    });
    expect(errors[0]).toBeInstanceOf(UnknownJobKindError);
    expect(await jobByKey("test.nobody:1")).toMatchObject({ status: "failed", attempts: 1 });
    expect((await jobByKey("test.nobody:1")).lastError).toMatch(/No handler is registered for the job kind "test.nobody"/);
  });

  it("commits a handler's work with the job's 'done' mark or not at all", async () => {
    await scheduleJob(db, { organizationId: org, kind: "test.mail", runAt: T0, dedupeKey: "test.mail:atomic", payload: { n: 7 } });
    const enqueueThenThrow: JobHandlers = {
      "test.mail": async (tx, job, ctx) => {
        await mailing()["test.mail"]!(tx, job, ctx);
        throw new Error("after the enqueue");
      },
    };
    expect(await runDueJobs(db, { handlers: enqueueThenThrow, workerId: "w", now: T0 })).toMatchObject({ retried: 1 });
    expect(await db.select().from(outboxMessages)).toEqual([]);
    expect((await jobByKey("test.mail:atomic")).status).toBe("pending");
    expect(await runDueJobs(db, { handlers: mailing(), workerId: "w", now: T0 + 10 * MIN })).toMatchObject({ done: 1 });
    expect((await db.select().from(outboxMessages)).map((m) => m.subject)).toEqual(["job 7"]);
  });

  it("gives up on a job whose worker never finished it, after the last attempt", async () => {
    await scheduleJob(db, { organizationId: org, kind: "test.mail", runAt: T0, dedupeKey: "test.mail:crash" });
    // Three workers claimed it and died.
    for (let i = 0; i < 3; i++) await claimDueJobs(db, { workerId: `dead${i}`, now: T0 + i * 10 * MIN, limit: 1, leaseMs: MIN });
    const seen: string[] = [];
    expect(await runDueJobs(db, { handlers: mailing(seen), workerId: "w", now: T0 + 100 * MIN, maxAttempts: 3 })).toMatchObject({
      failed: 1,
    });
    expect(seen).toEqual([]);
    expect((await jobByKey("test.mail:crash")).lastError).toMatch(/Gave up after 3 attempts/);
  });

  it("makes one recurring job per clinic and period, whoever asks, and the eligibility sweep sends a due reminder once", async () => {
    const now = Date.parse("2027-05-03T14:03:00Z");
    expect(await scheduleRecurringJobs(db, [ELIGIBILITY_REMINDER_SWEEP], now)).toBe(1);
    expect(await scheduleRecurringJobs(db, [ELIGIBILITY_REMINDER_SWEEP], now + MIN)).toBe(0);
    const [job] = await db.select().from(scheduledJobs);
    expect(job!.runAt.toISOString()).toBe("2027-05-03T14:00:00.000Z");

    await requestEligibilityReminder(db, {
      organizationId: org,
      keyRing: f.keyRing,
      email: "waiting@example.test",
      sendOn: "2027-05-03",
      timeZone: f.clinic.location.timeZone,
      now: Date.parse("2027-04-20T12:00:00Z"),
    });
    const handlers = eligibilityReminderJobHandlers({ keyRing: f.keyRing, baseUrl: "https://spa.example" });
    expect(await runDueJobs(db, { handlers, workerId: "w", now })).toMatchObject({ done: 1 });
    // The next period's sweep finds nothing left to send.
    await scheduleRecurringJobs(db, [ELIGIBILITY_REMINDER_SWEEP], now + 10 * MIN);
    expect(await runDueJobs(db, { handlers, workerId: "w", now: now + 10 * MIN })).toMatchObject({ done: 1 });
    const sent = await db.select().from(outboxMessages);
    expect(sent.map((m) => [m.kind, m.toAddress])).toEqual([["eligibility-reminder", "waiting@example.test"]]);
    // The job itself carries no address.
    expect(JSON.stringify(await db.execute(sql`SELECT * FROM scheduled_jobs`))).not.toContain("waiting@");
  });
});
