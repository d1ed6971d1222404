// Turning an upload into the library's files: decoded with sharp, turned the
// right way up, cleaned of every piece of metadata (EXIF, GPS, XMP, IPTC) and
// stored as a WebP master plus responsive AVIF and WebP sizes. What is not an
// image we accept, too large or damaged is refused with a message for the
// editor.
import type { Metadata, OutputInfo } from "sharp";
import { FieldError } from "../kernel/errors.ts";
import type { SourceFormat } from "./tables.ts";

export const MEDIA_MAX_BYTES = 10 * 1024 * 1024;
/** Decompression bombs are refused before they are decoded. */
export const MEDIA_MAX_PIXELS = 40_000_000;
export const MEDIA_MIN_SIDE = 64;
/** The cleaned master is kept at most this wide or tall: twice the largest size served. */
export const MEDIA_MASTER_MAX_SIDE = 2880;
/** Responsive widths; an image narrower than one gets its own width as the largest size instead. */
export const MEDIA_WIDTHS = [480, 960, 1440] as const;

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
