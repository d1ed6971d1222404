// What the publishing desk shows staff: the list of documents, one document
// with its working revision checked afresh by the guard, its revisions, and
// any one revision as it was saved.
import { and, desc, eq, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../db/open.ts";
import { authUsers } from "../db/schema.ts";
import type { StaffActor } from "../kernel/access.ts";
import { readKind, readLocale, type RevisionContent } from "./document-input.ts";
import { documentPath } from "./document-path.ts";
import { contentOf, documentById, revisionById } from "./document-rows.ts";
import { evaluateContent } from "./evaluate-content.ts";
import type { GuardReport } from "./findings.ts";
import { STATUSES } from "./limits.ts";
import {
  contentDocuments,
  contentRevisions,
  type ContentLocale,
  type DocumentKind,
  type DocumentStatus,
  type ScheduleFailure,
} from "./tables.ts";
import { requirePermission } from "../kernel/access.ts";

export interface DocumentListFilters {
  kind?: string;
  status?: string;
  locale?: string;
}

export interface DocumentListRow {
  id: string;
  kind: DocumentKind;
  locale: ContentLocale;
  slug: string;
  status: DocumentStatus;
  title: string;
  live: boolean;
  /** A draft newer than what the public sees. */
  changedSinceLive: boolean;
  scheduledAt: number | null;
  updatedAt: number;
  updatedBy: string;
  blocked: boolean;
  scheduleFailed: boolean;
  path: string;
}

export async function listDocuments(db: DbOrTx, o: { staff: StaffActor; filters?: DocumentListFilters }): Promise<DocumentListRow[]> {
  requirePermission(o.staff, "content.edit", "open the publishing desk");
  const f = o.filters ?? {};
  const conditions: SQL[] = [eq(contentDocuments.organizationId, o.staff.organizationId)];
  const kind = readKind(f.kind);
  if (kind) conditions.push(eq(contentDocuments.kind, kind));
  const locale = readLocale(f.locale);
  if (locale) conditions.push(eq(contentDocuments.locale, locale));
  if (f.status && (STATUSES as readonly string[]).includes(f.status))
    conditions.push(eq(contentDocuments.status, f.status as DocumentStatus));
  const rows = await db
    .select({ d: contentDocuments, title: contentRevisions.title, report: contentRevisions.guardReport, by: authUsers.name })
    .from(contentDocuments)
    .innerJoin(contentRevisions, eq(contentRevisions.id, contentDocuments.workingRevisionId))
    .leftJoin(authUsers, eq(authUsers.id, contentRevisions.createdByUserId))
    .where(and(...conditions))
    .orderBy(desc(contentDocuments.updatedAt), desc(contentDocuments.id));
  return rows.map(({ d, title, report: r, by }) => ({
    id: d.id,
    kind: d.kind,
    locale: d.locale,
    slug: d.slug,
    status: d.status,
    title,
    live: d.publishedRevisionId !== null,
    changedSinceLive: d.publishedRevisionId !== null && d.publishedRevisionId !== d.workingRevisionId,
    scheduledAt: d.scheduledAt?.getTime() ?? null,
    updatedAt: d.updatedAt.getTime(),
    updatedBy: by ?? "A former staff member",
    blocked: r.blocked,
    scheduleFailed: d.scheduleFailure !== null,
    path: documentPath(d),
  }));
}

export interface DocumentView {
  id: string;
  kind: DocumentKind;
  locale: ContentLocale;
  slug: string;
  /** The address can change until the document is first published. */
  slugLocked: boolean;
  status: DocumentStatus;
  path: string;
  working: RevisionContent & { id: string; number: number; createdAt: number; by: string };
  /** The guard on the working revision as the site stands now. */
  report: GuardReport;
  live: { revisionId: string; number: number; publishedAt: number } | null;
  firstPublishedAt: number | null;
  scheduledAt: number | null;
  scheduleFailure: ScheduleFailure | null;
  /** The same kind and slug in the other language. */
  translation: { id: string; locale: ContentLocale; status: DocumentStatus; live: boolean } | null;
}

export async function viewDocument(db: DbOrTx, o: { staff: StaffActor; documentId: string; now: number }): Promise<DocumentView> {
  requirePermission(o.staff, "content.edit", "open the publishing desk");
  const doc = await documentById(db, o.staff.organizationId, o.documentId);
  const working = await revisionById(db, doc.id, doc.workingRevisionId);
  const [by] = await db.select({ name: authUsers.name }).from(authUsers).where(eq(authUsers.id, working.createdByUserId));
  const live = doc.publishedRevisionId ? await revisionById(db, doc.id, doc.publishedRevisionId) : null;
  const { report: fresh } = await evaluateContent(db, o.staff.organizationId, contentOf(working), o.now);
  const [other] = await db
    .select({
      id: contentDocuments.id,
      locale: contentDocuments.locale,
      status: contentDocuments.status,
      pub: contentDocuments.publishedRevisionId,
    })
    .from(contentDocuments)
    .where(
      and(
        eq(contentDocuments.organizationId, o.staff.organizationId),
        eq(contentDocuments.kind, doc.kind),
        eq(contentDocuments.slug, doc.slug),
        eq(contentDocuments.locale, doc.locale === "en" ? "fr" : "en"),
      ),
    );
  return {
    id: doc.id,
    kind: doc.kind,
    locale: doc.locale,
    slug: doc.slug,
    slugLocked: doc.firstPublishedAt !== null || doc.status === "scheduled",
    status: doc.status,
    path: documentPath(doc),
    working: {
      ...contentOf(working),
      id: working.id,
      number: working.number,
      createdAt: working.createdAt.getTime(),
      by: by?.name ?? "A former staff member",
    },
    report: fresh,
    live: live && doc.publishedAt ? { revisionId: live.id, number: live.number, publishedAt: doc.publishedAt.getTime() } : null,
    firstPublishedAt: doc.firstPublishedAt?.getTime() ?? null,
    scheduledAt: doc.scheduledAt?.getTime() ?? null,
    scheduleFailure: doc.scheduleFailure,
    translation: other ? { id: other.id, locale: other.locale, status: other.status, live: other.pub !== null } : null,
  };
}

export interface RevisionListRow {
  id: string;
  number: number;
  title: string;
  createdAt: number;
  by: string;
  restoredFromNumber: number | null;
  blocked: boolean;
  findingCount: number;
  working: boolean;
  published: boolean;
  scheduled: boolean;
}

export async function listRevisions(
  db: DbOrTx,
  o: { staff: StaffActor; documentId: string },
): Promise<{
  document: { id: string; kind: DocumentKind; locale: ContentLocale; slug: string; title: string };
  revisions: RevisionListRow[];
}> {
  requirePermission(o.staff, "content.edit", "open the publishing desk");
  const doc = await documentById(db, o.staff.organizationId, o.documentId);
  const rows = await db
    .select({ r: contentRevisions, by: authUsers.name })
    .from(contentRevisions)
    .leftJoin(authUsers, eq(authUsers.id, contentRevisions.createdByUserId))
    .where(eq(contentRevisions.documentId, doc.id))
    .orderBy(desc(contentRevisions.number));
  const numberOf = new Map(rows.map(({ r }) => [r.id, r.number]));
  const working = rows.find(({ r }) => r.id === doc.workingRevisionId)?.r;
  return {
    document: { id: doc.id, kind: doc.kind, locale: doc.locale, slug: doc.slug, title: working?.title ?? doc.slug },
    revisions: rows.map(({ r, by }) => ({
      id: r.id,
      number: r.number,
      title: r.title,
      createdAt: r.createdAt.getTime(),
      by: by ?? "A former staff member",
      restoredFromNumber: r.restoredFromRevisionId ? (numberOf.get(r.restoredFromRevisionId) ?? null) : null,
      blocked: r.guardReport.blocked,
      findingCount: r.guardReport.findings.filter((x) => x.severity !== "info").length,
      working: r.id === doc.workingRevisionId,
      published: r.id === doc.publishedRevisionId,
      scheduled: r.id === doc.scheduledRevisionId,
    })),
  };
}

export async function getRevision(
  db: DbOrTx,
  o: { staff: StaffActor; documentId: string; revisionId: string },
): Promise<RevisionContent & { id: string; number: number; report: GuardReport; createdAt: number }> {
  requirePermission(o.staff, "content.edit", "open the publishing desk");
  const doc = await documentById(db, o.staff.organizationId, o.documentId);
  const r = await revisionById(db, doc.id, o.revisionId);
  return { ...contentOf(r), id: r.id, number: r.number, report: r.guardReport, createdAt: r.createdAt.getTime() };
}
