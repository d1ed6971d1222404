// Adding images to the library and describing them: an upload is prepared
// (media-image.ts) and checked for watermarks on the bytes as uploaded,
// before cleaning, so credit lines and agency file names are seen; its
// findings stay with the asset. Alt texts, caption, credit and licence note
// can change later, and the check can run again.
import { and, eq } from "drizzle-orm";
import { recordAuditEvent, staffActor } from "../audit/audit-log.ts";
import type { DbOrTx } from "../db/open.ts";
import { FieldError, NotFoundError } from "../kernel/errors.ts";
import { isUuid } from "../kernel/ids.ts";
import type { StaffActor } from "../kernel/access.ts";
import type { Finding } from "./findings.ts";
import { getBrandAllowList } from "./media-brands.ts";
import { prepareImage } from "./media-image.ts";
import { mediaAssets, mediaVariants } from "./tables.ts";
import { requirePermission } from "../kernel/access.ts";

export const ALT_MAX = 300;
export const CAPTION_MAX = 500;
export const CREDIT_MAX = 200;
export const LICENCE_NOTE_MAX = 500;
export const FILE_NAME_MAX = 200;

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
      actor: staffActor(o.staff),
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
      actor: staffActor(o.staff),
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
      actor: staffActor(o.staff),
      action: "media.recheck",
      entityType: "media_asset",
      entityId: o.assetId,
      details: { rules: [...new Set(findings.map((f) => f.rule))] },
    });
  });
  return { findings };
}
