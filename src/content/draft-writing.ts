// Writing drafts: creating a document, saving the form as a new revision, and
// restoring an earlier revision as a new draft. Every save is an immutable
// revision with the guard's report; blocking findings never stop a save, only
// the steps that put the text before the public.
import { and, eq, sql } from "drizzle-orm";
import { recordAuditEvent, staffActor } from "../audit/audit-log.ts";
import type { DbOrTx } from "../db/open.ts";
import { FieldError } from "../kernel/errors.ts";
import { constraintViolation, UNIQUE_VIOLATION } from "../scheduling/errors.ts";
import type { StaffActor } from "../kernel/access.ts";
import { readContent, readKind, readLocale, sameContent, type ContentInput, type RevisionContent } from "./document-input.ts";
import { documentPath } from "./document-path.ts";
import { clearedSchedule, contentOf, documentForUpdate, revisionById } from "./document-rows.ts";
import { ContentStateError } from "./errors.ts";
import { evaluateContent } from "./evaluate-content.ts";
import type { GuardReport } from "./findings.ts";
import { blockRules } from "./publish-gate.ts";
import { isSlug, slugify, slugProblem } from "./slug.ts";
import { contentDocuments, contentRevisions, mediaAssets, type ContentLocale, type DocumentKind } from "./tables.ts";
import { requirePermission } from "../kernel/access.ts";

const KIND_WORD: Record<DocumentKind, string> = { article: "article", page: "page" };
const LOCALE_WORD: Record<ContentLocale, string> = { en: "English", fr: "French" };

async function coverMustExist(tx: DbOrTx, organizationId: string, coverAssetId: string | null): Promise<void> {
  if (!coverAssetId) return;
  const [row] = await tx
    .select({ id: mediaAssets.id })
    .from(mediaAssets)
    .where(and(eq(mediaAssets.id, coverAssetId), eq(mediaAssets.organizationId, organizationId)));
  if (!row) throw new FieldError({ coverAssetId: "That image is no longer in the library. Choose another cover." });
}

async function slugTaken(
  tx: DbOrTx,
  o: { organizationId: string; kind: DocumentKind; locale: ContentLocale; slug: string; exceptId?: string },
) {
  const [row] = await tx
    .select({ id: contentDocuments.id })
    .from(contentDocuments)
    .where(
      and(
        eq(contentDocuments.organizationId, o.organizationId),
        eq(contentDocuments.kind, o.kind),
        eq(contentDocuments.locale, o.locale),
        eq(contentDocuments.slug, o.slug),
      ),
    );
  return !!row && row.id !== o.exceptId;
}

function slugTakenMessage(kind: DocumentKind, locale: ContentLocale, slug: string): string {
  return `Another ${LOCALE_WORD[locale]} ${KIND_WORD[kind]} already uses this address (${documentPath({ kind, locale, slug })}). Choose another.`;
}

async function insertRevision(
  tx: DbOrTx,
  o: { staff: StaffActor; documentId: string; number: number; content: RevisionContent; now: number; restoredFrom?: string | null },
): Promise<{ id: string; report: GuardReport }> {
  const { report: r, mediaIds } = await evaluateContent(tx, o.staff.organizationId, o.content, o.now);
  const [row] = await tx
    .insert(contentRevisions)
    .values({
      documentId: o.documentId,
      organizationId: o.staff.organizationId,
      number: o.number,
      ...o.content,
      mediaAssetIds: mediaIds,
      guardReport: r,
      restoredFromRevisionId: o.restoredFrom ?? null,
      createdByUserId: o.staff.userId,
      createdAt: new Date(o.now),
    })
    .returning({ id: contentRevisions.id });
  return { id: row!.id, report: r };
}

async function nextNumber(tx: DbOrTx, documentId: string): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`coalesce(max(${contentRevisions.number}), 0)`.mapWith(Number) })
    .from(contentRevisions)
    .where(eq(contentRevisions.documentId, documentId));
  return (row?.n ?? 0) + 1;
}

function withSlugConstraint<T>(kind: DocumentKind, locale: ContentLocale, slug: string, work: () => Promise<T>): Promise<T> {
  return work().catch((error: unknown) => {
    if (constraintViolation(error)?.code === UNIQUE_VIOLATION) throw new FieldError({ slug: slugTakenMessage(kind, locale, slug) });
    throw error;
  });
}

export async function createDocument(
  db: DbOrTx,
  o: { staff: StaffActor; input: ContentInput & { kind?: unknown; locale?: unknown; slug?: unknown }; now: number },
): Promise<{ documentId: string; revisionId: string; report: GuardReport }> {
  requirePermission(o.staff, "content.edit", "write pages and articles");
  const { value, errors } = readContent(o.input);
  const kind = readKind(o.input.kind);
  const locale = readLocale(o.input.locale);
  if (!kind) errors.kind = "Choose whether it is an article or a page.";
  if (!locale) errors.locale = "Choose its language.";
  const typed = String(o.input.slug ?? "").trim();
  const slug = typed === "" ? slugify(value.title) : typed;
  const problem = typed === "" && value.title && !isSlug(slug) ? "Give it an address (for example what-to-expect)." : slugProblem(slug);
  if (problem && !errors.title) errors.slug = problem;
  if (Object.keys(errors).length) throw new FieldError(errors);
  const organizationId = o.staff.organizationId;
  return withSlugConstraint(kind!, locale!, slug, () =>
    db.transaction(async (tx) => {
      if (await slugTaken(tx, { organizationId, kind: kind!, locale: locale!, slug }))
        throw new FieldError({ slug: slugTakenMessage(kind!, locale!, slug) });
      await coverMustExist(tx, organizationId, value.coverAssetId);
      const at = new Date(o.now);
      const [doc] = await tx
        .insert(contentDocuments)
        .values({
          organizationId,
          kind: kind!,
          locale: locale!,
          slug,
          status: "draft",
          createdByUserId: o.staff.userId,
          createdAt: at,
          updatedAt: at,
        })
        .returning({ id: contentDocuments.id });
      const documentId = doc!.id;
      const revision = await insertRevision(tx, { staff: o.staff, documentId, number: 1, content: value, now: o.now });
      await tx.update(contentDocuments).set({ workingRevisionId: revision.id }).where(eq(contentDocuments.id, documentId));
      await recordAuditEvent(tx, {
        organizationId,
        actor: staffActor(o.staff),
        action: "content.create",
        entityType: "content_document",
        entityId: documentId,
        details: { kind, locale, slug, revisionId: revision.id, blocked: revision.report.blocked },
      });
      return { documentId, revisionId: revision.id, report: revision.report };
    }),
  );
}

/**
 * Saves the form as a new revision (nothing when nothing changed). Any change
 * takes the document back to draft and cancels a schedule; the published
 * revision stays live. Blocking findings never stop a save.
 */
export async function saveDraft(
  db: DbOrTx,
  o: { staff: StaffActor; documentId: string; input: ContentInput & { slug?: unknown }; now: number },
): Promise<{ changed: boolean; revisionId: string; report: GuardReport; cancelledSchedule: boolean }> {
  requirePermission(o.staff, "content.edit", "write pages and articles");
  const { value, errors } = readContent(o.input);
  const typedSlug = o.input.slug === undefined ? null : String(o.input.slug).trim();
  if (typedSlug !== null) {
    const problem = slugProblem(typedSlug);
    if (problem) errors.slug = problem;
  }
  if (Object.keys(errors).length) throw new FieldError(errors);
  const organizationId = o.staff.organizationId;
  return db.transaction(async (tx) => {
    const doc = await documentForUpdate(tx, organizationId, o.documentId);
    const working = await revisionById(tx, doc.id, doc.workingRevisionId);
    const newSlug = typedSlug !== null && typedSlug !== doc.slug ? typedSlug : null;
    if (newSlug) {
      if (doc.firstPublishedAt !== null || doc.status === "scheduled")
        throw new FieldError({ slug: "The address cannot change once the page has been published or scheduled: links to it would break." });
      if (await slugTaken(tx, { organizationId, kind: doc.kind, locale: doc.locale, slug: newSlug, exceptId: doc.id }))
        throw new FieldError({ slug: slugTakenMessage(doc.kind, doc.locale, newSlug) });
    }
    const contentChanged = !sameContent(value, contentOf(working));
    if (!contentChanged && !newSlug)
      return { changed: false, revisionId: working.id, report: working.guardReport, cancelledSchedule: false };
    await coverMustExist(tx, organizationId, value.coverAssetId);
    let revisionId = working.id;
    let r = working.guardReport;
    if (contentChanged) {
      const saved = await insertRevision(tx, {
        staff: o.staff,
        documentId: doc.id,
        number: await nextNumber(tx, doc.id),
        content: value,
        now: o.now,
      });
      revisionId = saved.id;
      r = saved.report;
    }
    const cancelledSchedule = contentChanged && doc.status === "scheduled";
    await withSlugConstraint(doc.kind, doc.locale, newSlug ?? doc.slug, () =>
      tx
        .update(contentDocuments)
        .set({
          slug: newSlug ?? doc.slug,
          workingRevisionId: revisionId,
          ...(contentChanged ? { status: "draft" as const, ...clearedSchedule, scheduleFailure: null } : {}),
          updatedAt: new Date(o.now),
        })
        .where(eq(contentDocuments.id, doc.id)),
    );
    await recordAuditEvent(tx, {
      organizationId,
      actor: staffActor(o.staff),
      action: "content.save",
      entityType: "content_document",
      entityId: doc.id,
      details: {
        revisionId,
        ...(newSlug ? { slugChanged: true } : {}),
        ...(cancelledSchedule ? { cancelledSchedule: true } : {}),
        blocked: r.blocked,
        rules: blockRules(r),
      },
    });
    return { changed: true, revisionId, report: r, cancelledSchedule };
  });
}

/** A new draft revision with an old revision's content. */
export async function restoreRevision(
  db: DbOrTx,
  o: { staff: StaffActor; documentId: string; revisionId: string; now: number },
): Promise<{ revisionId: string; number: number; report: GuardReport }> {
  requirePermission(o.staff, "content.edit", "restore an earlier revision");
  const organizationId = o.staff.organizationId;
  return db.transaction(async (tx) => {
    const doc = await documentForUpdate(tx, organizationId, o.documentId);
    const old = await revisionById(tx, doc.id, o.revisionId);
    if (old.id === doc.workingRevisionId) throw new ContentStateError("This is already the current version.");
    // A cover image removed from the library since cannot come back.
    const [cover] = old.coverAssetId
      ? await tx
          .select({ id: mediaAssets.id })
          .from(mediaAssets)
          .where(and(eq(mediaAssets.id, old.coverAssetId), eq(mediaAssets.organizationId, organizationId)))
      : [];
    const content = { ...contentOf(old), coverAssetId: cover ? old.coverAssetId : null };
    const number = await nextNumber(tx, doc.id);
    const saved = await insertRevision(tx, { staff: o.staff, documentId: doc.id, number, content, now: o.now, restoredFrom: old.id });
    await tx
      .update(contentDocuments)
      .set({ workingRevisionId: saved.id, status: "draft", ...clearedSchedule, scheduleFailure: null, updatedAt: new Date(o.now) })
      .where(eq(contentDocuments.id, doc.id));
    await recordAuditEvent(tx, {
      organizationId,
      actor: staffActor(o.staff),
      action: "content.restore",
      entityType: "content_document",
      entityId: doc.id,
      details: {
        revisionId: saved.id,
        fromRevisionId: old.id,
        fromNumber: old.number,
        ...(doc.status === "scheduled" ? { cancelledSchedule: true } : {}),
      },
    });
    return { revisionId: saved.id, number, report: saved.report };
  });
}
