// The publishing desk's test set-up, shared by the store's test files: the
// demo clinic with one staff member of each role that writes or publishes,
// and helpers that write an article, upload an image with the check's
// findings given, read the audit trail and catch refusals.
import { and, eq } from "drizzle-orm";
import sharp from "sharp";
import { expect } from "vitest";
import { auditEvents } from "../db/schema.ts";
import { FieldError } from "../kernel/errors.ts";
import { addStaff, type TestStaff } from "../privacy/test-fixtures.ts";
import { createClinicFixture, type ClinicFixture } from "../scheduling/test-fixtures.ts";
import type { Finding } from "./findings.ts";
import { uploadMediaAsset } from "./media-upload.ts";
import { createDocument } from "./draft-writing.ts";

export const TZ = "America/Toronto";
// Wed 10 Mar 2027, 07:00 in Toronto; clocks spring forward on Sunday the 14th.
export const NOW = Date.parse("2027-03-10T12:00:00Z");

export const BODY = `## Before your visit

Come with clean skin, and tell us about any medication you take.

## After your visit

Your skin may look pink for a day or two. [Book your next visit](/book).
`;

export interface ArticleOptions {
  slug: string;
  title?: string;
  body?: string;
  locale?: "en" | "fr";
  kind?: "page" | "article";
  by?: TestStaff;
  cover?: string;
}

export interface DeskFixture {
  f: ClinicFixture;
  organizationId: string;
  owner: TestStaff;
  manager: TestStaff;
  desk: TestStaff;
  practitioner: TestStaff;
  /** Creates a document (an English article by default, written by the front desk) and returns its id. */
  article(o: ArticleOptions): Promise<string>;
  /** Uploads a plain image whose watermark check reports `findings`, and returns its id. */
  asset(findings: Finding[], alt?: string): Promise<string>;
  /** The audit events of one action, oldest first, of one entity when given. */
  audits(action: string, entityId?: string): Promise<(typeof auditEvents.$inferSelect)[]>;
}

async function cleanImage(): Promise<Uint8Array> {
  return new Uint8Array(
    await sharp({ create: { width: 640, height: 420, channels: 3, background: "#a8c3b5" } })
      .jpeg()
      .toBuffer(),
  );
}

export async function createDeskFixture(): Promise<DeskFixture> {
  const f = await createClinicFixture();
  const organizationId = f.clinic.organizationId;
  const db = f.database.db;
  const owner = await addStaff(db, { organizationId, role: "owner" });
  const manager = await addStaff(db, { organizationId, role: "manager" });
  const desk = await addStaff(db, { organizationId, role: "front-desk" });
  const practitioner = await addStaff(db, { organizationId, role: "practitioner" });

  async function asset(findings: Finding[], alt = "The treatment room"): Promise<string> {
    const { id } = await uploadMediaAsset(db, {
      staff: desk,
      file: { bytes: await cleanImage(), name: "room.jpg" },
      input: { alt },
      check: async () => findings,
      now: NOW,
    });
    return id;
  }

  async function article(o: ArticleOptions): Promise<string> {
    const { documentId } = await createDocument(db, {
      staff: o.by ?? desk,
      input: {
        kind: o.kind ?? "article",
        locale: o.locale ?? "en",
        slug: o.slug,
        title: o.title ?? "Getting ready for microneedling",
        summary: "What to do before and after a visit.",
        body: o.body ?? BODY,
        coverAssetId: o.cover ?? "",
      },
      now: NOW,
    });
    return documentId;
  }

  async function audits(action: string, entityId?: string) {
    return db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, action), entityId ? eq(auditEvents.entityId, entityId) : undefined))
      .orderBy(auditEvents.id);
  }

  return { f, organizationId, owner, manager, desk, practitioner, article, asset, audits };
}

/** The error a piece of work refused with, or null when it succeeded. */
export async function caught(work: Promise<unknown>): Promise<unknown> {
  return work.then(
    () => null,
    (e: unknown) => e,
  );
}

/** The field messages of the FieldError a piece of work must refuse with. */
export async function fieldErrors(work: Promise<unknown>): Promise<Record<string, string>> {
  const error = await caught(work);
  expect(error).toBeInstanceOf(FieldError);
  return (error as FieldError).errors;
}
