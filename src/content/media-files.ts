// Serving the library's files: published documents' images are public;
// anything else (a draft's images, the library) only for signed-in staff.
import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/open.ts";
import { isUuid } from "../kernel/ids.ts";
import { contentDocuments, contentRevisions, mediaVariants } from "./tables.ts";

const FILE = /^(original|\d{2,4})\.(webp|avif|jpg)$/;

/**
 * One file of an asset, or null. Published documents' images are public;
 * anything else (a draft's images, the library) only for signed-in staff.
 */
export async function readMediaFile(
  db: DbOrTx,
  o: { organizationId: string; assetId: string; file: string; staff: boolean },
): Promise<{ bytes: Uint8Array; contentType: string; public: boolean } | null> {
  if (!isUuid(o.assetId) || !FILE.test(o.file)) return null;
  const [row] = await db
    .select({ bytes: mediaVariants.bytes, contentType: mediaVariants.contentType })
    .from(mediaVariants)
    .where(and(eq(mediaVariants.assetId, o.assetId), eq(mediaVariants.file, o.file), eq(mediaVariants.organizationId, o.organizationId)));
  if (!row) return null;
  const isPublic = await isPubliclyUsed(db, o.organizationId, o.assetId);
  if (!isPublic && !o.staff) return null;
  return { bytes: row.bytes, contentType: row.contentType, public: isPublic };
}

/** Used by the revision the public sees of some document (published, or scheduled and due: see publishDueDocuments). */
export async function isPubliclyUsed(db: DbOrTx, organizationId: string, assetId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: contentRevisions.id })
    .from(contentDocuments)
    .innerJoin(contentRevisions, eq(contentRevisions.id, contentDocuments.publishedRevisionId))
    .where(
      and(
        eq(contentDocuments.organizationId, organizationId),
        sql`${contentRevisions.mediaAssetIds} @> ${JSON.stringify([assetId])}::jsonb`,
      ),
    )
    .limit(1);
  return !!row;
}
