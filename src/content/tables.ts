// The publishing desk's tables (migration 0007_content.sql): documents, their
// immutable revisions, the media library with its image bytes, and the
// clinic's brand allow-list. Clinic content, not health information.
import { customType, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { Finding, GuardReport } from "./findings.ts";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/** bytea: node-postgres answers a Buffer, PGlite a Uint8Array; both come out as Uint8Array. */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => "bytea",
  toDriver: (value) => Buffer.from(value.buffer, value.byteOffset, value.byteLength),
  fromDriver: (value) => (value instanceof Uint8Array ? value : new Uint8Array(value as ArrayBufferLike)),
});

export type DocumentKind = "page" | "article";
export type DocumentStatus = "draft" | "review" | "scheduled" | "published" | "unpublished";
export type ContentLocale = "en" | "fr";
export type SourceFormat = "jpeg" | "png" | "webp" | "avif" | "gif";

/** Why a scheduled publication did not happen, kept until the next save or schedule. */
export interface ScheduleFailure {
  at: string;
  findings: Finding[];
}

export const contentSettings = pgTable("content_settings", {
  organizationId: uuid("organization_id").primaryKey(),
  brandAllowList: jsonb("brand_allow_list").$type<string[]>().notNull(),
  updatedByUserId: text("updated_by_user_id").notNull(),
  updatedAt: ts("updated_at").notNull().defaultNow(),
});

export const mediaAssets = pgTable(
  "media_assets",
  {
    id: uuid("id").notNull().defaultRandom(),
    organizationId: uuid("organization_id").notNull(),
    fileName: text("file_name").notNull(),
    altEn: text("alt_en").notNull(),
    altFr: text("alt_fr").notNull().default(""),
    caption: text("caption").notNull().default(""),
    credit: text("credit").notNull().default(""),
    licenceNote: text("licence_note").notNull().default(""),
    width: integer("width").notNull(),
    height: integer("height").notNull(),
    sourceFormat: text("source_format").$type<SourceFormat>().notNull(),
    findings: jsonb("findings").$type<Finding[]>().notNull().default([]),
    uploadedByUserId: text("uploaded_by_user_id").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.id] })],
);

export const mediaVariants = pgTable(
  "media_variants",
  {
    assetId: uuid("asset_id").notNull(),
    file: text("file").notNull(),
    organizationId: uuid("organization_id").notNull(),
    contentType: text("content_type").notNull(),
    width: integer("width").notNull(),
    height: integer("height").notNull(),
    bytes: bytea("bytes").notNull(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.assetId, t.file] })],
);

export const contentDocuments = pgTable(
  "content_documents",
  {
    id: uuid("id").notNull().defaultRandom(),
    organizationId: uuid("organization_id").notNull(),
    kind: text("kind").$type<DocumentKind>().notNull(),
    locale: text("locale").$type<ContentLocale>().notNull(),
    slug: text("slug").notNull(),
    status: text("status").$type<DocumentStatus>().notNull(),
    workingRevisionId: uuid("working_revision_id"),
    publishedRevisionId: uuid("published_revision_id"),
    scheduledRevisionId: uuid("scheduled_revision_id"),
    scheduledAt: ts("scheduled_at"),
    scheduleOverriddenRules: jsonb("schedule_overridden_rules").$type<string[]>().notNull().default([]),
    scheduleConfirmed: jsonb("schedule_confirmed").$type<string[]>().notNull().default([]),
    scheduleFailure: jsonb("schedule_failure").$type<ScheduleFailure>(),
    firstPublishedAt: ts("first_published_at"),
    publishedAt: ts("published_at"),
    createdByUserId: text("created_by_user_id").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.id] })],
);

export const contentRevisions = pgTable(
  "content_revisions",
  {
    id: uuid("id").notNull().defaultRandom(),
    documentId: uuid("document_id").notNull(),
    organizationId: uuid("organization_id").notNull(),
    number: integer("number").notNull(),
    title: text("title").notNull(),
    summary: text("summary").notNull(),
    body: text("body").notNull(),
    coverAssetId: uuid("cover_asset_id"),
    mediaAssetIds: jsonb("media_asset_ids").$type<string[]>().notNull().default([]),
    guardReport: jsonb("guard_report").$type<GuardReport>().notNull(),
    restoredFromRevisionId: uuid("restored_from_revision_id"),
    createdByUserId: text("created_by_user_id").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.id] })],
);
