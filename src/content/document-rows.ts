// The rows every step of the desk starts from: a document and its revisions,
// read inside the organization (an id of another clinic, or one that is not
// an id at all, is "not found"), and what the steps share about them.
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../db/open.ts";
import { NotFoundError } from "../kernel/errors.ts";
import { isUuid } from "../kernel/ids.ts";
import type { RevisionContent } from "./document-input.ts";
import { contentDocuments, contentRevisions } from "./tables.ts";

export type DocumentRow = typeof contentDocuments.$inferSelect;
export type RevisionRow = typeof contentRevisions.$inferSelect;

/** A document of this organization, or "not found" (also for an id that is not a uuid). */
export async function documentById(db: DbOrTx, organizationId: string, documentId: string, lock?: "for update"): Promise<DocumentRow> {
  if (!isUuid(documentId)) throw new NotFoundError("The page");
  const query = db
    .select()
    .from(contentDocuments)
    .where(and(eq(contentDocuments.id, documentId), eq(contentDocuments.organizationId, organizationId)));
  const [doc] = lock ? await query.for("update") : await query;
  if (!doc) throw new NotFoundError("The page");
  return doc;
}

export function documentForUpdate(tx: DbOrTx, organizationId: string, documentId: string): Promise<DocumentRow> {
  return documentById(tx, organizationId, documentId, "for update");
}

export async function revisionById(tx: DbOrTx, documentId: string, revisionId: string | null): Promise<RevisionRow> {
  if (!revisionId || !isUuid(revisionId)) throw new NotFoundError("The revision");
  const [rev] = await tx
    .select()
    .from(contentRevisions)
    .where(and(eq(contentRevisions.id, revisionId), eq(contentRevisions.documentId, documentId)));
  if (!rev) throw new NotFoundError("The revision");
  return rev;
}

export const contentOf = (r: RevisionRow): RevisionContent => ({
  title: r.title,
  summary: r.summary,
  body: r.body,
  coverAssetId: r.coverAssetId,
});

/** What a document no longer scheduled keeps of its schedule: nothing. */
export const clearedSchedule = {
  scheduledAt: null,
  scheduledRevisionId: null,
  scheduleOverriddenRules: [] as string[],
  scheduleConfirmed: [] as string[],
};

export function alreadyLive(doc: DocumentRow): boolean {
  return doc.publishedRevisionId !== null && doc.publishedRevisionId === doc.workingRevisionId;
}
