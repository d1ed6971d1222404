// Reading the library: the list of images for the desk, one image with its
// files and the documents that use it, and what the pages need to render an
// image (its sizes and its texts).
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/open.ts";
import { authUsers } from "../db/schema.ts";
import { NotFoundError } from "../kernel/errors.ts";
import { isUuid } from "../kernel/ids.ts";
import type { StaffActor } from "../kernel/access.ts";
import type { Finding } from "./findings.ts";
import { contentDocuments, contentRevisions, mediaAssets, mediaVariants, type SourceFormat } from "./tables.ts";
import { requirePermission } from "../kernel/access.ts";

export interface MediaVariantInfo {
  file: string;
  contentType: string;
  width: number;
  height: number;
  size: number;
}

export interface MediaAssetSummary {
  id: string;
  fileName: string;
  altEn: string;
  altFr: string;
  width: number;
  height: number;
  findings: Finding[];
  createdAt: number;
  /** The smallest WebP size, for thumbnails. */
  thumbnail: { file: string; width: number; height: number };
}

export interface MediaAssetView extends MediaAssetSummary {
  caption: string;
  credit: string;
  licenceNote: string;
  sourceFormat: SourceFormat;
  uploadedBy: string;
  variants: MediaVariantInfo[];
  /** Documents whose newest or published revision uses the image. */
  usedBy: { documentId: string; title: string; kind: "page" | "article"; locale: "en" | "fr"; live: boolean }[];
}

async function variantInfo(db: DbOrTx, assetIds: string[]): Promise<Map<string, MediaVariantInfo[]>> {
  const map = new Map<string, MediaVariantInfo[]>();
  if (assetIds.length === 0) return map;
  const rows = await db
    .select({
      assetId: mediaVariants.assetId,
      file: mediaVariants.file,
      contentType: mediaVariants.contentType,
      width: mediaVariants.width,
      height: mediaVariants.height,
      size: sql<number>`octet_length(${mediaVariants.bytes})`.mapWith(Number),
    })
    .from(mediaVariants)
    .where(inArray(mediaVariants.assetId, assetIds))
    .orderBy(asc(mediaVariants.width), asc(mediaVariants.file));
  for (const r of rows) {
    const list = map.get(r.assetId) ?? [];
    list.push({ file: r.file, contentType: r.contentType, width: r.width, height: r.height, size: r.size });
    map.set(r.assetId, list);
  }
  return map;
}

function thumbnailOf(variants: readonly MediaVariantInfo[]): { file: string; width: number; height: number } {
  const webp = variants.filter((v) => v.contentType === "image/webp" && v.file !== "original.webp");
  const v = webp[0] ?? variants[0]!;
  return { file: v.file, width: v.width, height: v.height };
}

export async function listMediaAssets(db: DbOrTx, o: { staff: StaffActor }): Promise<MediaAssetSummary[]> {
  requirePermission(o.staff, "content.edit", "open the media library");
  const rows = await db
    .select()
    .from(mediaAssets)
    .where(eq(mediaAssets.organizationId, o.staff.organizationId))
    .orderBy(desc(mediaAssets.createdAt), desc(mediaAssets.id));
  const variants = await variantInfo(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    fileName: r.fileName,
    altEn: r.altEn,
    altFr: r.altFr,
    width: r.width,
    height: r.height,
    findings: r.findings,
    createdAt: r.createdAt.getTime(),
    thumbnail: thumbnailOf(variants.get(r.id) ?? []),
  }));
}

export async function viewMediaAsset(db: DbOrTx, o: { staff: StaffActor; assetId: string }): Promise<MediaAssetView> {
  requirePermission(o.staff, "content.edit", "open the media library");
  if (!isUuid(o.assetId)) throw new NotFoundError("The image");
  const [row] = await db
    .select({ a: mediaAssets, by: authUsers.name })
    .from(mediaAssets)
    .leftJoin(authUsers, eq(authUsers.id, mediaAssets.uploadedByUserId))
    .where(and(eq(mediaAssets.id, o.assetId), eq(mediaAssets.organizationId, o.staff.organizationId)));
  if (!row) throw new NotFoundError("The image");
  const a = row.a;
  const variants = (await variantInfo(db, [a.id])).get(a.id) ?? [];
  const uses = await db
    .select({
      documentId: contentDocuments.id,
      kind: contentDocuments.kind,
      locale: contentDocuments.locale,
      title: contentRevisions.title,
      revisionId: contentRevisions.id,
      published: contentDocuments.publishedRevisionId,
      working: contentDocuments.workingRevisionId,
    })
    .from(contentDocuments)
    .innerJoin(contentRevisions, eq(contentRevisions.documentId, contentDocuments.id))
    .where(
      and(
        eq(contentDocuments.organizationId, o.staff.organizationId),
        sql`${contentRevisions.id} IN (${contentDocuments.workingRevisionId}, ${contentDocuments.publishedRevisionId})`,
        sql`${contentRevisions.mediaAssetIds} @> ${JSON.stringify([a.id])}::jsonb`,
      ),
    );
  const usedBy = new Map<string, MediaAssetView["usedBy"][number]>();
  for (const u of uses) {
    const entry = usedBy.get(u.documentId);
    const live = u.published === u.revisionId;
    // The working copy's title is the one staff recognise.
    if (!entry || u.working === u.revisionId)
      usedBy.set(u.documentId, { documentId: u.documentId, title: u.title, kind: u.kind, locale: u.locale, live: live || !!entry?.live });
    else if (live) entry.live = true;
  }
  return {
    id: a.id,
    fileName: a.fileName,
    altEn: a.altEn,
    altFr: a.altFr,
    caption: a.caption,
    credit: a.credit,
    licenceNote: a.licenceNote,
    width: a.width,
    height: a.height,
    sourceFormat: a.sourceFormat,
    findings: a.findings,
    createdAt: a.createdAt.getTime(),
    uploadedBy: row.by ?? "A former staff member",
    variants,
    thumbnail: thumbnailOf(variants),
    usedBy: [...usedBy.values()],
  };
}

/** What the pages need to render an asset: its sizes and its texts. Unknown ids are left out. */
export interface AssetForRendering {
  id: string;
  altEn: string;
  altFr: string;
  width: number;
  height: number;
  findings: Finding[];
  variants: MediaVariantInfo[];
}

export async function assetsForRendering(
  db: DbOrTx,
  organizationId: string,
  ids: readonly string[],
): Promise<Map<string, AssetForRendering>> {
  const wanted = [...new Set(ids.filter(isUuid))];
  const map = new Map<string, AssetForRendering>();
  if (wanted.length === 0) return map;
  const rows = await db
    .select({
      id: mediaAssets.id,
      altEn: mediaAssets.altEn,
      altFr: mediaAssets.altFr,
      width: mediaAssets.width,
      height: mediaAssets.height,
      findings: mediaAssets.findings,
    })
    .from(mediaAssets)
    .where(and(eq(mediaAssets.organizationId, organizationId), inArray(mediaAssets.id, wanted)));
  const variants = await variantInfo(
    db,
    rows.map((r) => r.id),
  );
  for (const r of rows) map.set(r.id, { ...r, variants: variants.get(r.id) ?? [] });
  return map;
}
