// The scheduled jobs table, mirroring src/db/migrations/0018_scheduled_jobs.sql
// (the source of truth; src/db/schema.test.ts checks every column named here).
import { integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

export const JOB_STATUSES = ["pending", "running", "done", "cancelled", "failed"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** What a job carries: ids and plain values only, never health information (docs/jobs.md). */
export type JobPayload = Record<string, string | number | boolean | null>;

export const scheduledJobs = pgTable(
  "scheduled_jobs",
  {
    id: uuid("id").notNull().defaultRandom(),
    organizationId: uuid("organization_id").notNull(),
    kind: text("kind").notNull(),
    runAt: ts("run_at").notNull(),
    status: text("status").$type<JobStatus>().notNull().default("pending"),
    dedupeKey: text("dedupe_key").notNull(),
    appointmentId: uuid("appointment_id"),
    payload: jsonb("payload").$type<JobPayload>().notNull().default({}),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    lockedBy: text("locked_by"),
    lockedUntil: ts("locked_until"),
    createdAt: ts("created_at").notNull().defaultNow(),
    doneAt: ts("done_at"),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.id] })],
);

export type ScheduledJob = typeof scheduledJobs.$inferSelect;
