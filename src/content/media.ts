// The media library: images for pages and articles. An upload is decoded with
// sharp, turned the right way up, cleaned of every piece of metadata (EXIF,
// GPS, XMP, IPTC) and stored as a WebP master plus responsive AVIF and WebP
// sizes, bytes in the database. The watermark check reads the bytes as
// uploaded, before cleaning, so credit lines and agency file names are seen;
// its findings stay with the asset and block any document that uses it.
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Metadata, OutputInfo } from "sharp";
import { recordAuditEvent } from "../audit/audit-log.ts";
import type { StaffSession } from "../auth/auth.ts";
import { requirePermission } from "../auth/permissions.ts";
import type { DbOrTx } from "../db/open.ts";
import { authUsers, organizations } from "../db/schema.ts";
import { isUuid } from "../scheduling/clinic.ts";
import { FieldError, NotFoundError } from "../scheduling/errors.ts";
import type { Finding } from "./findings.ts";
import { contentDocuments, contentRevisions, contentSettings, mediaAssets, mediaVariants, type SourceFormat } from "./tables.ts";

export type StaffActor = Pick<StaffSession, "userId" | "role" | "organizationId">;

export const MEDIA_MAX_BYTES = 10 * 1024 * 1024;
/** Decompression bombs are refused before they are decoded. */
export const MEDIA_MAX_PIXELS = 40_000_000;
export const MEDIA_MIN_SIDE = 64;
/** The cleaned master is kept at most this wide or tall: twice the largest size served. */
export const MEDIA_MASTER_MAX_SIDE = 2880;
/** Responsive widths; an image narrower than one gets its own width as the largest size instead. */
export const MEDIA_WIDTHS = [480, 960, 1440] as const;
export const ALT_MAX = 300;
export const CAPTION_MAX = 500;
export const CREDIT_MAX = 200;
export const LICENCE_NOTE_MAX = 500;
export const FILE_NAME_MAX = 200;
export const BRAND_ENTRY_MAX = 80;
export const BRAND_LIST_MAX = 30;

const ACCEPTED = "Upload a JPEG, PNG, WebP, AVIF or GIF image.";
const MB = 1024 * 1024;

export interface PreparedFile {
  file: string;
  contentType: "image/webp" | "image/avif";
  width: number;
  height: number;
  bytes: Uint8Array;
}

export interface PreparedImage {
  sourceFormat: SourceFormat;
  width: number;
  height: number;
  /** original.webp first, then each width in AVIF and WebP. */
  files: PreparedFile[];
}

function megabytes(bytes: number): string {
  return `${(bytes / MB).toFixed(1)} MB`;
}

function sourceFormatOf(meta: Metadata): SourceFormat | null {
  switch (meta.format) {
    case "jpeg":
    case "png":
    case "webp":
    case "gif":
      return meta.format;
    case "heif":
      // AVIF is HEIF with AV1 inside; HEIC (HEVC) cannot be decoded here.
      return meta.compression === "av1" ? "avif" : null;
    default:
      return null;
  }
}

/** The widths served for an image `width` pixels wide, smallest first. */
export function variantWidths(width: number): number[] {
  const widths: number[] = MEDIA_WIDTHS.filter((w) => w < width);
  if (width <= MEDIA_WIDTHS[MEDIA_WIDTHS.length - 1]!) widths.push(width);
  else widths.push(MEDIA_WIDTHS[MEDIA_WIDTHS.length - 1]!);
  return [...new Set(widths)].sort((a, b) => a - b);
}

/**
 * Checks and cleans one upload. Throws FieldError({ file }) with a message for
 * the editor when the bytes are not an image we accept, too large or damaged.
 */
export async function prepareImage(input: Uint8Array): Promise<PreparedImage> {
  if (input.byteLength === 0) throw new FieldError({ file: "Choose an image to upload." });
  if (input.byteLength > MEDIA_MAX_BYTES)
    throw new FieldError({
      file: `The file is ${megabytes(input.byteLength)}; the limit is ${MEDIA_MAX_BYTES / MB} MB. Export it smaller (2,000 to 3,000 pixels wide is plenty) and upload it again.`,
    });
  // sharp (libvips) loads with the first image, not with the server (docs/decisions/0023-cold-start.md);
  // outside the try below, so that a broken install is a server error, not a verdict on the file.
  const { default: sharp } = await import("sharp");
  let meta: Metadata;
  try {
    meta = await sharp(input, { limitInputPixels: false }).metadata();
  } catch {
    throw new FieldError({ file: `This file is not an image we can read. ${ACCEPTED}` });
  }
  const sourceFormat = sourceFormatOf(meta);
  if (!sourceFormat) {
    const named = meta.format === "heif" ? "HEIC photos" : meta.format ? `${meta.format.toUpperCase()} files` : "This kind of file";
    throw new FieldError({ file: `${named} are not accepted. ${ACCEPTED}` });
  }
  const width = meta.width ?? 0;
  const height = meta.pageHeight ?? meta.height ?? 0;
  if (width * height > MEDIA_MAX_PIXELS)
    throw new FieldError({
      file: `The image is ${width} × ${height} pixels; the limit is ${MEDIA_MAX_PIXELS / 1_000_000} megapixels. Export it smaller and upload it again.`,
    });
  if (width < MEDIA_MIN_SIDE || height < MEDIA_MIN_SIDE)
    throw new FieldError({
      file: `The image is only ${width} × ${height} pixels. Upload one at least ${MEDIA_MIN_SIDE} pixels on each side.`,
    });

  // One decode (first frame of a GIF, orientation applied, at most the master's size) into raw pixels; every file is encoded from them.
  let raw: { data: Buffer; info: OutputInfo };
  try {
    raw = await sharp(input, { limitInputPixels: MEDIA_MAX_PIXELS, failOn: "error", pages: 1 })
      .rotate()
      .resize({ width: MEDIA_MASTER_MAX_SIDE, height: MEDIA_MASTER_MAX_SIDE, fit: "inside", withoutEnlargement: true })
      .toColourspace("srgb")
      .raw()
      .toBuffer({ resolveWithObject: true });
  } catch {
    throw new FieldError({
      file: "The image could not be read to the end: the file may be damaged or only partly downloaded. Export or download it again and upload the new file.",
    });
  }
  const { info } = raw;
  const fromRaw = () => sharp(raw.data, { raw: { width: info.width, height: info.height, channels: info.channels } });
  const files: PreparedFile[] = [];
  const master = await fromRaw().webp({ quality: 88, effort: 4 }).toBuffer({ resolveWithObject: true });
  files.push({
    file: "original.webp",
    contentType: "image/webp",
    width: master.info.width,
    height: master.info.height,
    bytes: master.data,
  });
  for (const w of variantWidths(info.width)) {
    const resized = w === info.width ? fromRaw() : fromRaw().resize({ width: w });
    const pixels = await resized.raw().toBuffer({ resolveWithObject: true });
    const again = () =>
      sharp(pixels.data, { raw: { width: pixels.info.width, height: pixels.info.height, channels: pixels.info.channels } });
    const avif = await again().avif({ quality: 55, effort: 3 }).toBuffer({ resolveWithObject: true });
    const webp = await again().webp({ quality: 80, effort: 4 }).toBuffer({ resolveWithObject: true });
    files.push({ file: `${w}.avif`, contentType: "image/avif", width: avif.info.width, height: avif.info.height, bytes: avif.data });
    files.push({ file: `${w}.webp`, contentType: "image/webp", width: webp.info.width, height: webp.info.height, bytes: webp.data });
  }
  return { sourceFormat, width: info.width, height: info.height, files };
}

// ---------------------------------------------------------------------------
// The watermark check

export type ImageChecker = (bytes: Uint8Array, options: { fileName: string; brandAllowList: readonly string[] }) => Promise<Finding[]>;

/** The real check (OCR models load on first use, so it is imported only when an image is checked). */
export const checkImageWithModels: ImageChecker = async (bytes, options) => {
  const { checkImage } = await import("./watermark.ts");
  return checkImage(bytes, options);
};

async function runCheck(check: ImageChecker, bytes: Uint8Array, fileName: string, brandAllowList: readonly string[]): Promise<Finding[]> {
  try {
    return await check(bytes, { fileName, brandAllowList });
  } catch {
    // A check that fails says so; it never passes silently.
    return [
      {
        rule: "check.not-run",
        severity: "block",
        message:
          "The watermark check did not run on this image. Look at it yourself for stock-agency marks; an owner can publish anyway, or check it again later.",
        image: fileName,
      },
    ];
  }
}

// ---------------------------------------------------------------------------
// The brand allow-list (clinic data)

export async function getBrandAllowList(db: DbOrTx, organizationId: string): Promise<string[]> {
  const [row] = await db.select().from(contentSettings).where(eq(contentSettings.organizationId, organizationId));
  if (row) return row.brandAllowList;
  const [org] = await db.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, organizationId));
  return [...new Set([org?.name ?? "", "Dermaplan"].filter(Boolean))];
}

export interface BrandAllowListView {
  entries: string[];
  updatedBy: string | null;
  updatedAt: number | null;
}

export async function viewBrandAllowList(db: DbOrTx, organizationId: string): Promise<BrandAllowListView> {
  const [row] = await db
    .select({ s: contentSettings, by: authUsers.name })
    .from(contentSettings)
    .leftJoin(authUsers, eq(authUsers.id, contentSettings.updatedByUserId))
    .where(eq(contentSettings.organizationId, organizationId));
  if (!row) return { entries: await getBrandAllowList(db, organizationId), updatedBy: null, updatedAt: null };
  return { entries: row.s.brandAllowList, updatedBy: row.by ?? "A former staff member", updatedAt: row.s.updatedAt.getTime() };
}

/** One name per line; blank lines and repeats dropped. */
export function parseBrandAllowList(text: string): string[] {
  const entries = text
    .split(/\r?\n/)
    .map((l) => l.replace(/\s+/g, " ").trim())
    .filter(Boolean);
  const unique = [...new Map(entries.map((e) => [e.toLowerCase(), e])).values()];
  const errors: Record<string, string> = {};
  const long = unique.find((e) => e.length > BRAND_ENTRY_MAX);
  if (long) errors.brands = `Keep each name under ${BRAND_ENTRY_MAX} characters (“${long.slice(0, 30)}…” is longer).`;
  else if (unique.length > BRAND_LIST_MAX) errors.brands = `List at most ${BRAND_LIST_MAX} names.`;
  else if (unique.some((e) => e.length < 2)) errors.brands = "Each name needs at least two characters.";
  if (Object.keys(errors).length) throw new FieldError(errors);
  return unique;
}

export async function setBrandAllowList(
  db: DbOrTx,
  o: { staff: StaffActor; text: string; now?: number },
): Promise<{ changed: boolean; entries: string[] }> {
  requirePermission(o.staff, "content.publish", "change the clinic's brand names for the watermark check");
  const entries = parseBrandAllowList(o.text);
  const organizationId = o.staff.organizationId;
  return db.transaction(async (tx) => {
    const before = await getBrandAllowList(tx, organizationId);
    if (before.length === entries.length && before.every((e, i) => e === entries[i])) return { changed: false, entries };
    const at = new Date(o.now ?? Date.now());
    await tx
      .insert(contentSettings)
      .values({ organizationId, brandAllowList: entries, updatedByUserId: o.staff.userId, updatedAt: at })
      .onConflictDoUpdate({
        target: contentSettings.organizationId,
        set: { brandAllowList: entries, updatedByUserId: o.staff.userId, updatedAt: at },
      });
    await recordAuditEvent(tx, {
      organizationId,
      actor: { type: "staff", id: o.staff.userId },
      action: "content-settings.update",
      entityType: "content_settings",
      entityId: organizationId,
      details: { change: "brand-allow-list", count: entries.length },
    });
    return { changed: true, entries };
  });
}

// ---------------------------------------------------------------------------
// Uploading and describing assets

export interface AssetTextInput {
  alt?: unknown;
  altFr?: unknown;
  caption?: unknown;
  credit?: unknown;
  licenceNote?: unknown;
}

export interface AssetText {
  altEn: string;
  altFr: string;
  caption: string;
  credit: string;
  licenceNote: string;
}

const oneLine = (v: unknown) =>
  String(v ?? "")
    .replace(/\s+/g, " ")
    .trim();

/** Field errors keyed by the form's names (alt, altFr, caption, credit, licenceNote). */
export function assetTextErrors(input: AssetTextInput): { value: AssetText; errors: Record<string, string> } {
  const value: AssetText = {
    altEn: oneLine(input.alt),
    altFr: oneLine(input.altFr),
    caption: oneLine(input.caption),
    credit: oneLine(input.credit),
    licenceNote: oneLine(input.licenceNote),
  };
  const errors: Record<string, string> = {};
  if (!value.altEn) errors.alt = "Describe the image for people who cannot see it: what it shows, in a sentence.";
  else if (value.altEn.length > ALT_MAX) errors.alt = `Keep the alt text under ${ALT_MAX} characters; put longer detail in the caption.`;
  if (value.altFr.length > ALT_MAX) errors.altFr = `Keep the alt text under ${ALT_MAX} characters.`;
  if (value.caption.length > CAPTION_MAX) errors.caption = `Keep the caption under ${CAPTION_MAX} characters.`;
  if (value.credit.length > CREDIT_MAX) errors.credit = `Keep the credit under ${CREDIT_MAX} characters.`;
  if (value.licenceNote.length > LICENCE_NOTE_MAX) errors.licenceNote = `Keep the licence note under ${LICENCE_NOTE_MAX} characters.`;
  return { value, errors };
}

/** A file name fit to show: the last path part, no control characters. */
export function cleanFileName(name: string): string {
  const base =
    name
      .split(/[\\/]/)
      .pop()!
      .replace(/[\p{Cc}\p{Cf}]/gu, "")
      .trim() || "image";
  return base.slice(0, FILE_NAME_MAX);
}

export async function uploadMediaAsset(
  db: DbOrTx,
  o: {
    staff: StaffActor;
    file: { bytes: Uint8Array; name: string } | null;
    input: AssetTextInput;
    now?: number;
    /** The watermark check; the real one by default. */
    check?: ImageChecker;
  },
): Promise<{ id: string; findings: Finding[] }> {
  requirePermission(o.staff, "content.edit", "add images to the media library");
  const { value, errors } = assetTextErrors(o.input);
  if (!o.file || o.file.bytes.byteLength === 0) errors.file = "Choose an image to upload.";
  if (Object.keys(errors).length) throw new FieldError(errors);
  const fileName = cleanFileName(o.file!.name);
  const prepared = await prepareImage(o.file!.bytes);
  const organizationId = o.staff.organizationId;
  const brands = await getBrandAllowList(db, organizationId);
  const findings = await runCheck(o.check ?? checkImageWithModels, o.file!.bytes, fileName, brands);
  const at = new Date(o.now ?? Date.now());
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(mediaAssets)
      .values({
        organizationId,
        fileName,
        ...value,
        width: prepared.width,
        height: prepared.height,
        sourceFormat: prepared.sourceFormat,
        findings,
        uploadedByUserId: o.staff.userId,
        createdAt: at,
        updatedAt: at,
      })
      .returning({ id: mediaAssets.id });
    const id = row!.id;
    await tx.insert(mediaVariants).values(prepared.files.map((f) => ({ assetId: id, organizationId, ...f })));
    await recordAuditEvent(tx, {
      organizationId,
      actor: { type: "staff", id: o.staff.userId },
      action: "media.upload",
      entityType: "media_asset",
      entityId: id,
      details: { rules: [...new Set(findings.map((f) => f.rule))], files: prepared.files.length },
    });
    return { id, findings };
  });
}

export async function updateMediaAsset(
  db: DbOrTx,
  o: { staff: StaffActor; assetId: string; input: AssetTextInput; now?: number },
): Promise<{ changed: boolean }> {
  requirePermission(o.staff, "content.edit", "describe images in the media library");
  if (!isUuid(o.assetId)) throw new NotFoundError("The image");
  const { value, errors } = assetTextErrors(o.input);
  if (Object.keys(errors).length) throw new FieldError(errors);
  const organizationId = o.staff.organizationId;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(mediaAssets)
      .where(and(eq(mediaAssets.id, o.assetId), eq(mediaAssets.organizationId, organizationId)))
      .for("update");
    if (!row) throw new NotFoundError("The image");
    const changed = (Object.keys(value) as (keyof AssetText)[]).filter((k) => row[k] !== value[k]);
    if (changed.length === 0) return { changed: false };
    await tx
      .update(mediaAssets)
      .set({ ...value, updatedAt: new Date(o.now ?? Date.now()) })
      .where(eq(mediaAssets.id, o.assetId));
    await recordAuditEvent(tx, {
      organizationId,
      actor: { type: "staff", id: o.staff.userId },
      action: "media.update",
      entityType: "media_asset",
      entityId: o.assetId,
      details: { fields: changed },
    });
    return { changed: true };
  });
}

/**
 * Runs the watermark check again on the stored master (after the brand list
 * changed, say). The master carries no metadata, so the licence hints found at
 * upload (from credit fields and the file name) are kept.
 */
export async function recheckMediaAsset(
  db: DbOrTx,
  o: { staff: StaffActor; assetId: string; now?: number; check?: ImageChecker },
): Promise<{ findings: Finding[] }> {
  requirePermission(o.staff, "content.edit", "check images in the media library");
  if (!isUuid(o.assetId)) throw new NotFoundError("The image");
  const organizationId = o.staff.organizationId;
  const [asset] = await db
    .select()
    .from(mediaAssets)
    .where(and(eq(mediaAssets.id, o.assetId), eq(mediaAssets.organizationId, organizationId)));
  if (!asset) throw new NotFoundError("The image");
  const [master] = await db
    .select({ bytes: mediaVariants.bytes })
    .from(mediaVariants)
    .where(and(eq(mediaVariants.assetId, o.assetId), eq(mediaVariants.file, "original.webp")));
  if (!master) throw new NotFoundError("The image's file");
  const brands = await getBrandAllowList(db, organizationId);
  const fresh = await runCheck(o.check ?? checkImageWithModels, master.bytes, asset.fileName, brands);
  const kept = asset.findings.filter(
    (f) => f.rule === "image.licence-hint" && !fresh.some((n) => n.rule === f.rule && n.message === f.message),
  );
  const findings = [...fresh, ...kept];
  await db.transaction(async (tx) => {
    await tx
      .update(mediaAssets)
      .set({ findings, updatedAt: new Date(o.now ?? Date.now()) })
      .where(eq(mediaAssets.id, o.assetId));
    await recordAuditEvent(tx, {
      organizationId,
      actor: { type: "staff", id: o.staff.userId },
      action: "media.recheck",
      entityType: "media_asset",
      entityId: o.assetId,
      details: { rules: [...new Set(findings.map((f) => f.rule))] },
    });
  });
  return { findings };
}

// ---------------------------------------------------------------------------
// Reading

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

// ---------------------------------------------------------------------------
// Serving files

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
