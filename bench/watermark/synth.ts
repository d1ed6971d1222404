// A labelled, seeded set of synthetic images for measuring the watermark
// check: procedural backgrounds (gradients, soft shapes, noise, simple spa
// scenes), the same backgrounds with stock-style overlays (a centred
// wordmark, a rotated tiled mark, a footer bar with an image id and a web
// address) at several opacities, and hard negatives that carry real text in
// the scene (a shop sign, a price tag, a delivery van, a book, a street sign,
// the clinic's own signage, a date stamp). Everything is drawn with SVG and
// rendered by sharp; nothing is downloaded. The same seed gives the same
// images, byte for byte, on the same sharp and font versions.
//
// The drawing lives beside this file: drawing (the seeded generator and SVG
// helpers), scenes, marks and scene-text; this file plans the set and renders
// its images.

import sharp from "sharp";
import { escapeXml, int, mulberry32, pick } from "./drawing.ts";
import { drawWatermark, FICTIONAL_AGENCIES, REAL_AGENCIES, WATERMARK_STYLES, type AgencyKind, type WatermarkStyle } from "./marks.ts";
import { drawScene, SCENE_KINDS, type SceneKind } from "./scenes.ts";
import { drawSceneText, REPEATED_TEXT_KINDS, SCENE_TEXT_KINDS, type SceneTextKind } from "./scene-text.ts";

export { mulberry32 } from "./drawing.ts";
export { FICTIONAL_AGENCIES, REAL_AGENCIES, WATERMARK_STYLES, type AgencyKind, type WatermarkStyle } from "./marks.ts";
export { SCENE_KINDS, type SceneKind } from "./scenes.ts";
export { CLINIC_SIGN_TEXT, REPEATED_TEXT_KINDS, SCENE_TEXT_KINDS, type SceneTextKind } from "./scene-text.ts";

export type SynthLabel = "clean" | "watermarked" | "hard-negative";

const SIZES: readonly (readonly [number, number])[] = [
  [640, 427],
  [800, 533],
  [1024, 683],
  [600, 800],
  [1200, 800],
  [1600, 1067],
  [900, 900],
];

/** Everything needed to draw one image, decided up front from the seed. */
export interface SynthSpec {
  id: string;
  label: SynthLabel;
  scene: SceneKind;
  width: number;
  height: number;
  /** Seed for the background; the same background appears clean and with each overlay. */
  backgroundSeed: number;
  style?: WatermarkStyle;
  opacity?: number;
  agency?: string;
  agencyKind?: AgencyKind;
  /** For hard negatives: which text is in the scene. */
  sceneText?: SceneTextKind;
  /** Seed for the overlay or the scene text (placement, font, colour, id digits). */
  overlaySeed: number;
  jpegQuality: number;
  fileName: string;
}

export interface SynthImage extends SynthSpec {
  bytes: Uint8Array;
}

export interface EvaluationSetOptions {
  seed: number;
  /** Number of distinct backgrounds; each appears clean and once with every style. */
  backgrounds: number;
  opacities?: readonly number[];
  styles?: readonly WatermarkStyle[];
  /** Share of watermarked images that use a fictional agency (0–1). */
  fictionalShare?: number;
  /** Number of hard negatives (scenes with real text), cycling through every kind. */
  hardNegatives: number;
  /** Hard negatives whose scene repeats a word (REPEATED_TEXT_KINDS, cycling), added last; none by default. */
  repeatedTextNegatives?: number;
}

export const DEFAULT_OPACITIES: readonly number[] = [0.15, 0.3, 0.5];

/**
 * Plans the evaluation set without drawing anything: every background clean,
 * and the same background once per style, the opacity cycling so each style
 * sees every opacity about equally often; plus the hard negatives.
 */
export function planEvaluationSet(options: EvaluationSetOptions): SynthSpec[] {
  const rng = mulberry32(options.seed);
  const opacities = options.opacities ?? DEFAULT_OPACITIES;
  const styles = options.styles ?? WATERMARK_STYLES;
  const fictionalShare = options.fictionalShare ?? 0.25;
  const specs: SynthSpec[] = [];
  let realTurn = int(rng, 0, REAL_AGENCIES.length - 1);
  let fictionalTurn = int(rng, 0, FICTIONAL_AGENCIES.length - 1);
  const seq = () => String(specs.length + 1).padStart(4, "0");
  for (let b = 0; b < options.backgrounds; b++) {
    const scene = SCENE_KINDS[b % SCENE_KINDS.length]!;
    const [width, height] = pick(rng, SIZES);
    const backgroundSeed = Math.floor(rng() * 2 ** 31);
    const jpegQuality = int(rng, 78, 92);
    const base = { scene, width, height, backgroundSeed, jpegQuality };
    specs.push({ ...base, id: `clean-${b}`, label: "clean", overlaySeed: 0, fileName: `photo-${seq()}.jpg` });
    for (const [s, style] of styles.entries()) {
      const opacity = opacities[(b + s) % opacities.length]!;
      const fictional = rng() < fictionalShare;
      const agency = fictional
        ? FICTIONAL_AGENCIES[fictionalTurn++ % FICTIONAL_AGENCIES.length]!
        : REAL_AGENCIES[realTurn++ % REAL_AGENCIES.length]!;
      specs.push({
        ...base,
        id: `${style}-${opacity}-${agency.kind}-${b}`,
        label: "watermarked",
        style,
        opacity,
        agency: agency.name,
        agencyKind: agency.kind,
        overlaySeed: Math.floor(rng() * 2 ** 31),
        fileName: `photo-${seq()}.jpg`,
      });
    }
  }
  for (let h = 0; h < options.hardNegatives; h++) {
    const sceneText = SCENE_TEXT_KINDS[h % SCENE_TEXT_KINDS.length]!;
    const [width, height] = pick(rng, SIZES.slice(0, 5));
    specs.push({
      id: `text-${sceneText}-${h}`,
      label: "hard-negative",
      scene: pick(rng, SCENE_KINDS),
      width,
      height,
      backgroundSeed: Math.floor(rng() * 2 ** 31),
      sceneText,
      overlaySeed: Math.floor(rng() * 2 ** 31),
      jpegQuality: int(rng, 78, 92),
      fileName: `photo-${seq()}.jpg`,
    });
  }
  // A generator of their own, so asking for them changes nothing above.
  const repeatRng = mulberry32((options.seed ^ 0x5eed7e47) >>> 0);
  for (let r = 0; r < (options.repeatedTextNegatives ?? 0); r++) {
    const sceneText = REPEATED_TEXT_KINDS[r % REPEATED_TEXT_KINDS.length]!;
    const [width, height] = pick(repeatRng, SIZES.slice(0, 5));
    specs.push({
      id: `text-${sceneText}-${r}`,
      label: "hard-negative",
      scene: pick(repeatRng, ["gradient", "interior", "texture", "tiles"] as const),
      width,
      height,
      backgroundSeed: Math.floor(repeatRng() * 2 ** 31),
      sceneText,
      overlaySeed: Math.floor(repeatRng() * 2 ** 31),
      jpegQuality: int(repeatRng, 78, 92),
      fileName: `photo-${seq()}.jpg`,
    });
  }
  return specs;
}

export async function renderSynthImage(spec: SynthSpec): Promise<SynthImage> {
  const { width: w, height: h } = spec;
  const background = drawScene(spec.scene, w, h, mulberry32(spec.backgroundSeed));
  let overlay = "";
  if (spec.label === "watermarked" && spec.style && spec.agency) {
    const agency = [...REAL_AGENCIES, ...FICTIONAL_AGENCIES].find((a) => a.name === spec.agency);
    if (!agency) throw new Error(`Unknown agency ${spec.agency}`);
    overlay = drawWatermark(spec.style, agency, spec.opacity ?? 0.3, w, h, mulberry32(spec.overlaySeed));
  } else if (spec.label === "hard-negative" && spec.sceneText) {
    overlay = drawSceneText(spec.sceneText, w, h, mulberry32(spec.overlaySeed));
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">${background}${overlay}</svg>`;
  const bytes = await sharp(Buffer.from(svg)).jpeg({ quality: spec.jpegQuality, chromaSubsampling: "4:2:0" }).toBuffer();
  return { ...spec, bytes: new Uint8Array(bytes) };
}

/** Draws a plain scene with no text at all (for tests that need any clean photo). */
export async function renderCleanScene(seed: number, scene: SceneKind = "gradient", width = 640, height = 427): Promise<Uint8Array> {
  const image = await renderSynthImage({
    id: `scene-${seed}`,
    label: "clean",
    scene,
    width,
    height,
    backgroundSeed: seed,
    overlaySeed: 0,
    jpegQuality: 88,
    fileName: "scene.jpg",
  });
  return image.bytes;
}

/**
 * A scene with a caption bar along the bottom, as a camera or a photographer
 * stamps their own pictures ("© Studio · studio.com/gallery/20260501").
 */
export async function renderCaptionedScene(
  seed: number,
  caption: string,
  scene: SceneKind = "interior",
  width = 800,
  height = 533,
): Promise<Uint8Array> {
  const background = drawScene(scene, width, height, mulberry32(seed));
  const barH = Math.round(height * 0.07);
  const size = barH * 0.5;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${background}<rect y="${height - barH}" width="${width}" height="${barH}" fill="#000" fill-opacity="0.6"/><text x="${width * 0.03}" y="${height - barH / 2 + size * 0.35}" font-family="DejaVu Sans" font-size="${size}" fill="#fff">${escapeXml(caption)}</text></svg>`;
  return new Uint8Array(await sharp(Buffer.from(svg)).jpeg({ quality: 88 }).toBuffer());
}
