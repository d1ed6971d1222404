// The consent tables, mirroring src/db/migrations/0015_consent.sql (the
// source of truth; src/db/schema.test.ts checks every column named here).
import { integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

export const CONSENT_KINDS = ["procedure", "photos"] as const;
export type ConsentKind = (typeof CONSENT_KINDS)[number];

export const PHOTO_SCOPES = ["record", "teaching", "marketing"] as const;
export type PhotoScope = (typeof PHOTO_SCOPES)[number];

export const consentForms = pgTable(
  "consent_forms",
  {
    id: uuid("id").notNull().defaultRandom(),
    organizationId: uuid("organization_id").notNull(),
    kind: text("kind").$type<ConsentKind>().notNull(),
    version: integer("version").notNull(),
    titleEn: text("title_en").notNull(),
    bodyEn: text("body_en").notNull(),
    titleFr: text("title_fr").notNull(),
    bodyFr: text("body_fr").notNull(),
    contentSha256: text("content_sha256").notNull(),
    publishedByUserId: text("published_by_user_id"),
    publishedAt: ts("published_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.id] })],
);

export const consentSignatures = pgTable(
  "consent_signatures",
  {
    id: uuid("id").notNull().defaultRandom(),
    organizationId: uuid("organization_id").notNull(),
    clientId: uuid("client_id").notNull(),
    formId: uuid("form_id").notNull(),
    kind: text("kind").$type<ConsentKind>().notNull(),
    version: integer("version").notNull(),
    contentSha256: text("content_sha256").notNull(),
    locale: text("locale").$type<"en" | "fr">().notNull(),
    signedName: text("signed_name").notNull(),
    signedAt: ts("signed_at").notNull().defaultNow(),
    ip: text("ip"),
    channel: text("channel").$type<"portal" | "desk">().notNull(),
    deskUserId: text("desk_user_id"),
    scopes: jsonb("scopes").$type<PhotoScope[]>().notNull().default([]),
    revokedAt: ts("revoked_at"),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.id] })],
);
