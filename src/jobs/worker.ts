// Running due jobs (docs/jobs.md, decision 0033). A worker claims a batch of
// due jobs under a lease (status 'running', locked_by, locked_until), then runs
// each handler in a transaction that first locks the job's row, checks the
// lease is still its own, and marks the job done before it commits: whatever
// the handler wrote (an outbox message, say) and the 'done' mark commit
// together or not at all. So a job's work is committed exactly once, whatever
// the number of processes: a second worker skips a locked or leased row, a
// killed worker's jobs are claimed again once their lease has run out, and a
// worker that lost its lease finds out before its work commits.
import { hostname } from "node:os";
import { sql } from "drizzle-orm";
import type { Db, Tx } from "../db/open.ts";
import { rowsOf } from "../db/open.ts";
import { safeError } from "../kernel/log.ts";
import { startPollLoop } from "../kernel/poll-loop.ts";
import type { JobPayload } from "./tables.ts";

export const JOB_DEFAULTS = {
  /** How long a claimed job is its worker's alone. A handler must finish well within it. */
  leaseMs: 5 * 60_000,
  pollMs: 5_000,
  batchSize: 20,
  /** Runs of one job before it is marked failed (a run the worker did not survive counts). */
  maxAttempts: 5,
  /** Wait before a failed run is tried again: doubled per attempt, up to retryMaxMs. */
  retryBaseMs: 30_000,
  retryMaxMs: 60 * 60_000,
  /** Done and cancelled jobs are deleted after this long. */
  keepFinishedMs: 7 * 24 * 60 * 60_000,
  purgeEveryMs: 60 * 60_000,
};

/** A claimed job as its handler sees it. */
export interface ClaimedJob {
  id: string;
  organizationId: string;
  kind: string;
  runAt: Date;
  dedupeKey: string;
  appointmentId: string | null;
  payload: JobPayload;
  /** This run included. */
  attempts: number;
}

export interface JobContext {
  /** The worker's clock when it claimed the job. */
  now: number;
  workerId: string;
}

/**
 * Does a job's work inside `tx` (use only `tx`: the job is marked done in it).
 * Throwing rolls the work back and the job is tried again later. The message
 * of what it throws is not stored (it may carry what a person typed): throw a
 * JobError for a reason worth keeping.
 */
export type JobHandler = (tx: Tx, job: ClaimedJob, ctx: JobContext) => Promise<void>;

/** The handlers a worker runs, by kind. Each domain exports its own map; server/main.ts joins them. */
export type JobHandlers = Readonly<Record<string, JobHandler>>;

/** A failure whose message is safe to keep in last_error (no names, addresses or health information). */
export class JobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "JobError";
  }
}

export class UnknownJobKindError extends JobError {
  constructor(kind: string) {
    super(`No handler is registered for the job kind "${kind}" (see docs/jobs.md, "Adding a kind").`);
    this.name = "UnknownJobKindError";
  }
}

/** A job whose lease ran out and was taken by another worker before this one finished it; its work was rolled back. */
export class JobLeaseLostError extends JobError {
  constructor() {
    super("The job's lease was lost before it finished; the work was rolled back.");
    this.name = "JobLeaseLostError";
  }
}

/** A job that comes back every `everyMs` for every clinic (a sweep): one per clinic per period, whatever the number of processes. */
export interface RecurringJob {
  kind: string;
  everyMs: number;
}

export interface RunResult {
  claimed: number;
  done: number;
  retried: number;
  failed: number;
  /** Claimed, then taken by another worker after the lease ran out, or cancelled meanwhile. */
  lost: number;
}

export interface RunOptions {
  handlers: JobHandlers;
  workerId: string;
  now?: number;
  limit?: number;
  leaseMs?: number;
  maxAttempts?: number;
  onError?: (error: unknown, job: { id: string; kind: string }) => void;
}

/** A name for this process's worker, unique enough to tell two processes (and two workers of one) apart. */
export function newWorkerId(label = "jobs"): string {
  return `${label}:${hostname()}:${process.pid}:${crypto.randomUUID().slice(0, 8)}`;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The reason kept in last_error: a JobError's message, otherwise the error's kind and codes only (src/kernel/log.ts). */
function reasonOf(error: unknown): string {
  if (error instanceof JobError) return error.message.slice(0, 300);
  const e = safeError(error);
  return [e.type, e.code, e.constraint, e.table].filter(Boolean).join(" ").slice(0, 300);
}

export function retryDelayMs(attempts: number): number {
  return Math.min(JOB_DEFAULTS.retryBaseMs * 2 ** Math.max(0, attempts - 1), JOB_DEFAULTS.retryMaxMs);
}

function claimedJobOf(row: Record<string, unknown>): ClaimedJob {
  const payload = typeof row.payload === "string" ? (JSON.parse(row.payload) as JobPayload) : (row.payload as JobPayload);
  return {
    id: String(row.id),
    organizationId: String(row.organization_id),
    kind: String(row.kind),
    runAt: new Date(row.run_at as string | Date),
    dedupeKey: String(row.dedupe_key),
    appointmentId: (row.appointment_id as string | null) ?? null,
    payload: payload ?? {},
    attempts: Number(row.attempts),
  };
}

/** Claims up to `limit` due jobs (pending and due, or running under a lease that ran out) for `workerId`. */
export async function claimDueJobs(db: Db, o: { workerId: string; now: number; limit: number; leaseMs: number }): Promise<ClaimedJob[]> {
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      UPDATE scheduled_jobs
      SET status = 'running', locked_by = ${o.workerId}, locked_until = ${iso(o.now + o.leaseMs)}::timestamptz, attempts = attempts + 1
      WHERE (organization_id, id) IN (
        SELECT organization_id, id FROM scheduled_jobs
        WHERE (status = 'pending' AND run_at <= ${iso(o.now)}::timestamptz)
           OR (status = 'running' AND locked_until < ${iso(o.now)}::timestamptz)
        ORDER BY run_at
        LIMIT ${o.limit}
        FOR UPDATE SKIP LOCKED
      )
      RETURNING id, organization_id, kind, run_at, dedupe_key, appointment_id, payload, attempts`),
  );
  return rows.map(claimedJobOf).sort((a, b) => a.runAt.getTime() - b.runAt.getTime());
}

/** Ends a run that did not finish: pending again after a delay, or failed after the last attempt. Only while the lease is still ours. */
async function release(
  db: Db,
  job: ClaimedJob,
  o: { workerId: string; now: number; maxAttempts: number; reason: string; final?: boolean },
) {
  const failed = o.final === true || job.attempts >= o.maxAttempts;
  const rows = rowsOf<{ id: string }>(
    await db.execute(sql`
      UPDATE scheduled_jobs
      SET status = ${failed ? "failed" : "pending"},
          run_at = ${failed ? sql`run_at` : sql`${iso(o.now + retryDelayMs(job.attempts))}::timestamptz`},
          done_at = ${failed ? sql`${iso(o.now)}::timestamptz` : sql`NULL`},
          last_error = ${o.reason},
          locked_by = NULL, locked_until = NULL
      WHERE organization_id = ${job.organizationId} AND id = ${job.id} AND locked_by = ${o.workerId} AND status = 'running'
      RETURNING id`),
  );
  return rows.length === 0 ? ("lost" as const) : failed ? ("failed" as const) : ("retried" as const);
}

/** Runs one claimed job: its work and its 'done' mark in one transaction, under its lease. */
async function runOne(db: Db, job: ClaimedJob, o: Required<Pick<RunOptions, "handlers" | "workerId" | "maxAttempts">> & { now: number }) {
  const handler = Object.hasOwn(o.handlers, job.kind) ? o.handlers[job.kind] : undefined;
  if (!handler) {
    const error = new UnknownJobKindError(job.kind);
    return { outcome: await release(db, job, { ...o, reason: error.message, final: true }), error };
  }
  // A job that kept its worker from finishing (killed, out of memory) is not tried forever.
  if (job.attempts > o.maxAttempts) {
    const error = new JobError(`Gave up after ${o.maxAttempts} attempts; the last ones did not finish (the worker stopped).`);
    return { outcome: await release(db, job, { ...o, reason: error.message, final: true }), error };
  }
  try {
    await db.transaction(async (tx) => {
      // Locked for the whole run: a cancel waits for it, and no other worker
      // can take it even if the lease runs out meanwhile (they skip locked rows).
      const held = rowsOf<{ id: string }>(
        await tx.execute(sql`
          SELECT id FROM scheduled_jobs WHERE organization_id = ${job.organizationId} AND id = ${job.id} AND locked_by = ${o.workerId} AND status = 'running' FOR UPDATE`),
      );
      if (held.length === 0) throw new JobLeaseLostError();
      await handler(tx, job, { now: o.now, workerId: o.workerId });
      const marked = rowsOf<{ id: string }>(
        await tx.execute(sql`
          UPDATE scheduled_jobs
          SET status = 'done', done_at = ${iso(o.now)}::timestamptz, last_error = NULL, locked_by = NULL, locked_until = NULL
          WHERE organization_id = ${job.organizationId} AND id = ${job.id} AND locked_by = ${o.workerId} AND status = 'running'
          RETURNING id`),
      );
      if (marked.length === 0) throw new JobLeaseLostError();
    });
    return { outcome: "done" as const, error: null };
  } catch (error) {
    if (error instanceof JobLeaseLostError) return { outcome: "lost" as const, error: null };
    return { outcome: await release(db, job, { ...o, reason: reasonOf(error) }), error };
  }
}

/** Claims and runs the jobs due now, once (at most `limit`); answers what became of them. */
export async function runDueJobs(db: Db, o: RunOptions): Promise<RunResult> {
  const now = o.now ?? Date.now();
  const maxAttempts = o.maxAttempts ?? JOB_DEFAULTS.maxAttempts;
  const jobs = await claimDueJobs(db, {
    workerId: o.workerId,
    now,
    limit: o.limit ?? JOB_DEFAULTS.batchSize,
    leaseMs: o.leaseMs ?? JOB_DEFAULTS.leaseMs,
  });
  return runClaimedJobs(db, jobs, { ...o, now, maxAttempts });
}

/** Runs jobs this worker claimed (claimDueJobs), one transaction each. */
export async function runClaimedJobs(db: Db, jobs: readonly ClaimedJob[], o: RunOptions & { now: number }): Promise<RunResult> {
  const maxAttempts = o.maxAttempts ?? JOB_DEFAULTS.maxAttempts;
  const result: RunResult = { claimed: jobs.length, done: 0, retried: 0, failed: 0, lost: 0 };
  for (const job of jobs) {
    const { outcome, error } = await runOne(db, job, { handlers: o.handlers, workerId: o.workerId, maxAttempts, now: o.now });
    result[outcome]++;
    if (error) o.onError?.(error, { id: job.id, kind: job.kind });
  }
  return result;
}

/** The start of the period of `everyMs` that `now` falls in. */
export function periodStart(now: number, everyMs: number): number {
  return Math.floor(now / everyMs) * everyMs;
}

/**
 * Makes sure every clinic has its recurring jobs for the current period: one
 * per clinic, kind and period (the key names the period), so any number of
 * processes calling this make one job.
 */
export async function scheduleRecurringJobs(db: Db, recurring: readonly RecurringJob[], now: number): Promise<number> {
  let created = 0;
  for (const { kind, everyMs } of recurring) {
    const start = periodStart(now, everyMs);
    const rows = rowsOf<{ id: string }>(
      await db.execute(sql`
        INSERT INTO scheduled_jobs (organization_id, kind, run_at, dedupe_key)
        SELECT id, ${kind}, ${iso(start)}::timestamptz, ${`${kind}@${iso(start)}`} FROM organizations
        ON CONFLICT (organization_id, dedupe_key) DO NOTHING
        RETURNING id`),
    );
    created += rows.length;
  }
  return created;
}

/** Deletes done and cancelled jobs finished before `before` (failed ones stay, to be looked at). */
export async function purgeFinishedJobs(db: Db, before: number): Promise<number> {
  const rows = rowsOf<{ id: string }>(
    await db.execute(sql`
      DELETE FROM scheduled_jobs WHERE status IN ('done', 'cancelled') AND done_at < ${iso(before)}::timestamptz RETURNING id`),
  );
  return rows.length;
}

export interface JobWorker {
  readonly workerId: string;
  /** Run due jobs now rather than at the next poll. */
  kick(): void;
  /** Runs every job due now (and what they make due), once; resolves with what was done. */
  drain(): Promise<RunResult>;
  stop(): Promise<void>;
}

export interface JobWorkerOptions {
  db: Db;
  handlers: JobHandlers;
  workerId?: string;
  leaseMs?: number;
  pollMs?: number;
  batchSize?: number;
  maxAttempts?: number;
  recurring?: readonly RecurringJob[];
  now?: () => number;
  onError?: (error: unknown, job: { id: string; kind: string } | null) => void;
  /** After a pass that finished jobs (to kick the outbox, say). */
  onRan?: (result: RunResult) => void;
}

export function startJobWorker(options: JobWorkerOptions): JobWorker {
  const { db, handlers } = options;
  const workerId = options.workerId ?? newWorkerId();
  const now = options.now ?? Date.now;
  const batchSize = options.batchSize ?? JOB_DEFAULTS.batchSize;
  const recurring = options.recurring ?? [];
  const lastPeriod = new Map<string, number>();
  let lastPurge = 0;

  async function once(stopped: () => boolean): Promise<RunResult> {
    const total: RunResult = { claimed: 0, done: 0, retried: 0, failed: 0, lost: 0 };
    const due = recurring.filter((r) => lastPeriod.get(r.kind) !== periodStart(now(), r.everyMs));
    if (due.length) {
      await scheduleRecurringJobs(db, due, now());
      for (const r of due) lastPeriod.set(r.kind, periodStart(now(), r.everyMs));
    }
    if (now() - lastPurge >= JOB_DEFAULTS.purgeEveryMs) {
      lastPurge = now();
      await purgeFinishedJobs(db, now() - JOB_DEFAULTS.keepFinishedMs);
    }
    while (!stopped()) {
      const r = await runDueJobs(db, {
        handlers,
        workerId,
        now: now(),
        limit: batchSize,
        leaseMs: options.leaseMs,
        maxAttempts: options.maxAttempts,
        onError: options.onError,
      });
      for (const k of ["claimed", "done", "retried", "failed", "lost"] as const) total[k] += r[k];
      if (r.claimed < batchSize) break;
    }
    if (total.done > 0) options.onRan?.(total);
    return total;
  }

  const loop = startPollLoop({
    pass: once,
    failed: (error): RunResult => {
      options.onError?.(error, null);
      return { claimed: 0, done: 0, retried: 0, failed: 0, lost: 0 };
    },
    pollMs: options.pollMs ?? JOB_DEFAULTS.pollMs,
    runNow: true,
  });

  return { workerId, ...loop };
}
