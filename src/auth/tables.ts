// Drizzle tables of staff accounts, mirroring src/db/migrations/0002_staff_accounts.sql
// (the source of truth). tables.test.ts checks them against the migrated database.
import { bigint, boolean, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { authUserColumns, type StaffRole } from "../db/schema.ts";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/**
 * auth_users with the column the two-factor plugin adds. better-auth reads and
 * writes users through this table object (src/db/schema.ts's authUsers names
 * the same table without the plugin's column).
 */
export const authUsersWithTwoFactor = pgTable("auth_users", {
  ...authUserColumns(),
  twoFactorEnabled: boolean("two_factor_enabled").notNull().default(false),
});

/** better-auth's "twoFactor" model; property names are the plugin's field names. */
export const authTwoFactors = pgTable("auth_two_factors", {
  id: text("id").primaryKey(),
  userId: text("user_id").notNull(),
  secret: text("secret").notNull(),
  backupCodes: text("backup_codes").notNull(),
  verified: boolean("verified").notNull().default(true),
  failedVerificationCount: integer("failed_verification_count").notNull().default(0),
  lockedUntil: ts("locked_until"),
});

export const staffInvitations = pgTable(
  "staff_invitations",
  {
    id: uuid("id").notNull().defaultRandom(),
    organizationId: uuid("organization_id").notNull(),
    email: text("email").notNull(),
    emailNormalized: text("email_normalized").notNull(),
    role: text("role").$type<StaffRole>().notNull(),
    practitionerId: uuid("practitioner_id"),
    tokenHash: text("token_hash").notNull(),
    invitedBy: text("invited_by"),
    createdAt: ts("created_at").notNull().defaultNow(),
    expiresAt: ts("expires_at").notNull(),
    acceptedAt: ts("accepted_at"),
    acceptedBy: text("accepted_by"),
    revokedAt: ts("revoked_at"),
    revokedBy: text("revoked_by"),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.id] })],
);

export type SignInStep = "password" | "two-factor";

export const signInFailures = pgTable("sign_in_failures", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  step: text("step").$type<SignInStep>().notNull(),
  emailHash: text("email_hash"),
  userId: text("user_id"),
  ip: text("ip"),
  at: ts("at").notNull().defaultNow(),
});
