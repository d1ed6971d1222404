// Scheduling and cancelling jobs (docs/jobs.md). Call these inside the
// transaction that causes the job (the booking, the signed chart), so a job
// exists exactly when what caused it was committed.
import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../db/open.ts";
import { rowsOf } from "../db/open.ts";
import { scheduledJobs, type JobPayload } from "./tables.ts";

const KIND = /^[a-z][a-z0-9.-]{0,99}$/;

export interface ScheduleJobInput {
  organizationId: string;
  /** The handler that will run it ("aftercare.day-1"): lower case, digits, dots and dashes. */
  kind: string;
  runAt: Date | number;
  /**
   * The job's identity within the clinic. Scheduling the same key again is
   * the same job: start it with the kind and name what makes it one
   * ("aftercare.day-1:<appointment id>").
   */
  dedupeKey: string;
  /** Set for a job about an appointment: cancelJobs by appointment finds it, and deleting the appointment deletes it. */
  appointmentId?: string | null;
  /** Ids and plain values only, never health information: the handler reads the rest when it runs. */
  payload?: JobPayload;
}

/**
 * What scheduling did: `created` a new job; `updated` a job with this key
 * that was pending at another time (moved to the new time, with the new
 * payload) or cancelled (pending again, attempts reset); `unchanged` when the
 * job with this key is pending at that very time, running, done or failed.
 */
export type ScheduleOutcome = "created" | "updated" | "unchanged";

/**
 * The statement that schedules a job (see scheduleJob), not yet run: for a
 * caller that folds it with other writes into one statement (a booking).
 */
export function scheduleJobStatement(input: ScheduleJobInput): SQL {
  if (!KIND.test(input.kind)) throw new Error(`A job kind is lower case letters, digits, dots and dashes: ${JSON.stringify(input.kind)}`);
  if (input.dedupeKey.length < 1 || input.dedupeKey.length > 300) throw new Error("A job's dedupe key is 1 to 300 characters.");
  const runAt = new Date(input.runAt);
  if (Number.isNaN(runAt.getTime())) throw new Error("A job needs a valid run time.");
  const payload = JSON.stringify(input.payload ?? {});
  // A pending job is moved (a rescheduled appointment schedules its reminder
  // again under the same key); a cancelled one comes back (an appointment
  // moved away and back). Running, done and failed jobs are left alone: what
  // ran is not run again because it was scheduled twice.
  return sql`
    INSERT INTO scheduled_jobs (organization_id, kind, run_at, dedupe_key, appointment_id, payload)
      VALUES (${input.organizationId}, ${input.kind}, ${runAt.toISOString()}, ${input.dedupeKey}, ${input.appointmentId ?? null}, ${payload}::jsonb)
      ON CONFLICT (organization_id, dedupe_key) DO UPDATE SET
        run_at = EXCLUDED.run_at,
        payload = EXCLUDED.payload,
        appointment_id = EXCLUDED.appointment_id,
        attempts = CASE WHEN scheduled_jobs.status = 'cancelled' THEN 0 ELSE scheduled_jobs.attempts END,
        last_error = NULL,
        status = 'pending',
        done_at = NULL
      WHERE scheduled_jobs.status = 'cancelled'
        OR (scheduled_jobs.status = 'pending' AND scheduled_jobs.run_at IS DISTINCT FROM EXCLUDED.run_at)
      RETURNING id, (xmax = 0) AS inserted`;
}

/** Schedules a job, or finds the one with its key (see ScheduleOutcome). */
export async function scheduleJob(tx: DbOrTx, input: ScheduleJobInput): Promise<{ id: string; outcome: ScheduleOutcome }> {
  const written = rowsOf<{ id: string; inserted: boolean }>(await tx.execute(scheduleJobStatement(input)));
  const row = written[0];
  if (row) return { id: String(row.id), outcome: row.inserted ? "created" : "updated" };
  const [existing] = await tx
    .select({ id: scheduledJobs.id })
    .from(scheduledJobs)
    .where(and(eq(scheduledJobs.organizationId, input.organizationId), eq(scheduledJobs.dedupeKey, input.dedupeKey)));
  if (!existing) throw new Error("The job with this key disappeared while it was being scheduled.");
  return { id: existing.id, outcome: "unchanged" };
}

/**
 * Cancels an appointment's jobs that have not run (all of them, or those of
 * the kinds named), for a cancelled or moved appointment; answers how many.
 * A job running at that moment either finishes first (this waits for its row
 * and leaves it done) or finds itself cancelled when it marks done, and its
 * work is rolled back (src/jobs/worker.ts): never both.
 */
export async function cancelJobs(
  tx: DbOrTx,
  o: { organizationId: string; appointmentId: string; kinds?: readonly string[] },
): Promise<number> {
  if (o.kinds && o.kinds.length === 0) return 0;
  return cancelUnfinished(
    tx,
    o.organizationId,
    eq(scheduledJobs.appointmentId, o.appointmentId),
    o.kinds ? inArray(scheduledJobs.kind, [...o.kinds]) : undefined,
  );
}

/** Cancels the one job with this key if it has not run; answers whether it did. */
export async function cancelJob(tx: DbOrTx, o: { organizationId: string; dedupeKey: string }): Promise<boolean> {
  return (await cancelUnfinished(tx, o.organizationId, eq(scheduledJobs.dedupeKey, o.dedupeKey))) > 0;
}

/** Cancels the clinic's pending and running jobs that meet `where`; answers how many. */
async function cancelUnfinished(tx: DbOrTx, organizationId: string, ...where: (SQL | undefined)[]): Promise<number> {
  const cancelled = await tx
    .update(scheduledJobs)
    .set({ status: "cancelled", doneAt: new Date(), lockedBy: null, lockedUntil: null })
    .where(and(eq(scheduledJobs.organizationId, organizationId), ...where, inArray(scheduledJobs.status, ["pending", "running"])))
    .returning({ id: scheduledJobs.id });
  return cancelled.length;
}
