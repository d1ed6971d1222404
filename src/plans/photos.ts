// Skin photos are re-encoded before they are stored: decoding and encoding
// again drops every piece of metadata the camera wrote (EXIF, GPS position,
// device, time) and anything hidden after the image data. Orientation is
// applied to the pixels first so the photo still stands the right way up.
import type { Metadata } from "sharp";

export const PHOTO_MAX_BYTES = 10 * 1024 * 1024;
/** Long side after re-encoding: plenty for a skin assessment, small enough to encrypt and store. */
export const PHOTO_MAX_SIDE = 2000;
/** Refuse decompression bombs before they are decoded. */
const MAX_INPUT_PIXELS = 60_000_000;

/** The file types a photo upload offers (`accept`): what cleanPhoto reads. A phone converts its own format (HEIC) to JPEG for these. */
export const PHOTO_ACCEPT = "image/jpeg,image/png,image/webp";

/** Why a file was refused, for a page that words it in the client's language. */
export type PhotoProblem = "empty" | "too-large" | "unreadable" | "damaged";

export class PhotoInputError extends Error {
  readonly problem: PhotoProblem;
  constructor(message: string, problem: PhotoProblem = "unreadable") {
    super(message);
    this.name = "PhotoInputError";
    this.problem = problem;
  }
}

export interface CleanPhoto {
  jpeg: Uint8Array;
  width: number;
  height: number;
}

export async function cleanPhoto(input: Uint8Array): Promise<CleanPhoto> {
  if (input.byteLength === 0) throw new PhotoInputError("Choose a photo to upload.", "empty");
  if (input.byteLength > PHOTO_MAX_BYTES)
    throw new PhotoInputError(
      `The photo is larger than ${PHOTO_MAX_BYTES / 1024 / 1024} MB. Take it again at a lower resolution.`,
      "too-large",
    );
  // sharp (libvips) loads with the first photo, not with the server (docs/decisions/0023-cold-start.md);
  // outside the try below, so that a broken install is a server error, not a verdict on the photo.
  const { default: sharp } = await import("sharp");
  let meta: Metadata;
  try {
    meta = await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
  } catch {
    throw new PhotoInputError(
      "This file is not a photo we can read. Upload a JPEG, PNG or WebP image (on an iPhone, set the camera to “Most compatible”).",
    );
  }
  if (!meta.format || !["jpeg", "png", "webp", "tiff", "heif"].includes(meta.format)) {
    throw new PhotoInputError(
      "This file is not a photo we can read. Upload a JPEG, PNG or WebP image (on an iPhone, set the camera to “Most compatible”).",
    );
  }
  try {
    const { data, info } = await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, failOn: "error" })
      .rotate()
      .resize({ width: PHOTO_MAX_SIDE, height: PHOTO_MAX_SIDE, fit: "inside", withoutEnlargement: true })
      .jpeg({ quality: 85, mozjpeg: true })
      .toBuffer({ resolveWithObject: true });
    return { jpeg: new Uint8Array(data), width: info.width, height: info.height };
  } catch {
    throw new PhotoInputError("The photo could not be read; it may be damaged. Try taking it again.", "damaged");
  }
}
