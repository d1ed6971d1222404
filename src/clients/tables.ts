// The client portal's tables, mirroring src/db/migrations/0003_client_portal.sql
// (the source of truth). portal.test.ts checks every column named here exists.
import { pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

export const clientLoginTokens = pgTable(
  "client_login_tokens",
  {
    id: uuid("id").notNull().defaultRandom(),
    organizationId: uuid("organization_id").notNull(),
    clientId: uuid("client_id").notNull(),
    tokenHash: text("token_hash").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
    expiresAt: ts("expires_at").notNull(),
    usedAt: ts("used_at"),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.id] })],
);

export type LoginRequestOutcome = "sent" | "unknown" | "throttled";

export const clientLoginRequests = pgTable(
  "client_login_requests",
  {
    id: uuid("id").notNull().defaultRandom(),
    organizationId: uuid("organization_id").notNull(),
    emailHash: text("email_hash").notNull(),
    ipHash: text("ip_hash"),
    outcome: text("outcome").$type<LoginRequestOutcome>().notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.id] })],
);

export const clientSessions = pgTable(
  "client_sessions",
  {
    id: uuid("id").notNull().defaultRandom(),
    organizationId: uuid("organization_id").notNull(),
    clientId: uuid("client_id").notNull(),
    tokenHash: text("token_hash").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
    lastSeenAt: ts("last_seen_at").notNull().defaultNow(),
    expiresAt: ts("expires_at").notNull(),
    revokedAt: ts("revoked_at"),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.id] })],
);
