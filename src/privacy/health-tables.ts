// The health tables (migration 0004_health_records.sql). Kept out of
// src/db/schema.ts on purpose: only the audited module beside this file,
// health-record.ts, may import them, and health-record-boundary.test.ts fails
// the build when anything else does or names them in SQL.
import { pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

export const clientHealthNotes = pgTable("client_health_notes", {
  id: uuid("id").primaryKey().defaultRandom(),
  organizationId: uuid("organization_id").notNull(),
  clientId: uuid("client_id").notNull(),
  authorUserId: text("author_user_id").notNull(),
  createdAt: ts("created_at").notNull().defaultNow(),
  bodyEncrypted: text("body_encrypted").notNull(),
});

export const clientRecordLocks = pgTable("client_record_locks", {
  clientId: uuid("client_id").primaryKey(),
  organizationId: uuid("organization_id").notNull(),
  allowedUserIds: text("allowed_user_ids").array().notNull(),
  lockedByUserId: text("locked_by_user_id").notNull(),
  lockedAt: ts("locked_at").notNull().defaultNow(),
});

export type CorrectionStatus = "open" | "corrected" | "refused";

export const recordCorrectionRequests = pgTable("record_correction_requests", {
  id: uuid("id").primaryKey().defaultRandom(),
  organizationId: uuid("organization_id").notNull(),
  clientId: uuid("client_id").notNull(),
  createdAt: ts("created_at").notNull().defaultNow(),
  bodyEncrypted: text("body_encrypted").notNull(),
  status: text("status").$type<CorrectionStatus>().notNull().default("open"),
  resolvedByUserId: text("resolved_by_user_id"),
  resolvedAt: ts("resolved_at"),
});

/** Every encrypted column, for the start-up key check and key rotation. */
export const ENCRYPTED_COLUMNS = [
  { table: "client_health_notes", column: "body_encrypted" },
  { table: "record_correction_requests", column: "body_encrypted" },
] as const;
