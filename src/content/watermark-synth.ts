// A labelled, seeded set of synthetic images for measuring the watermark
// check: procedural backgrounds (gradients, soft shapes, noise, simple spa
// scenes), the same backgrounds with stock-style overlays (a centred
// wordmark, a rotated tiled mark, a footer bar with an image id and a web
// address) at several opacities, and hard negatives that carry real text in
// the scene (a shop sign, a price tag, a delivery van, a book, a street sign,
// the clinic's own signage, a date stamp). Everything is drawn with SVG and
// rendered by sharp; nothing is downloaded. The same seed gives the same
// images, byte for byte, on the same sharp and font versions.

import sharp from "sharp";

/** Small, fast, seedable PRNG (mulberry32). Returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;

const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
const between = (rng: Rng, min: number, max: number) => min + rng() * (max - min);
const int = (rng: Rng, min: number, max: number) => Math.floor(between(rng, min, max + 1));

function hsl(h: number, s: number, l: number): string {
  return `hsl(${Math.round(((h % 360) + 360) % 360)},${Math.round(s)}%,${Math.round(l)}%)`;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

export type WatermarkStyle = "wordmark" | "tiled" | "footer";
export const WATERMARK_STYLES: readonly WatermarkStyle[] = ["wordmark", "tiled", "footer"];
export type SynthLabel = "clean" | "watermarked" | "hard-negative";
export type AgencyKind = "real" | "fictional";

/** How a stock agency marks its previews, close to what each one really prints. */
interface AgencyMark {
  name: string;
  kind: AgencyKind;
  /** The wordmark as printed on the preview. */
  wordmark: string;
  /** Web address printed in the footer. */
  domain: string;
  /** Footer line; {id} is replaced by a numeric image id, {author} by a name. */
  footer: string;
}

/** Real agencies: the matcher's lexicon must know these. */
export const REAL_AGENCIES: readonly AgencyMark[] = [
  {
    name: "Shutterstock",
    kind: "real",
    wordmark: "shutterstock",
    domain: "www.shutterstock.com",
    footer: "IMAGE ID: {id}  ·  www.shutterstock.com",
  },
  { name: "Getty Images", kind: "real", wordmark: "gettyimages", domain: "gettyimages.com", footer: "gettyimages  Credit: {author}  {id}" },
  { name: "iStock", kind: "real", wordmark: "iStock", domain: "istockphoto.com", footer: "iStock  Credit: {author}  ·  {id}" },
  { name: "Adobe Stock", kind: "real", wordmark: "Adobe Stock", domain: "stock.adobe.com", footer: "Adobe Stock  |  #{id}" },
  {
    name: "Depositphotos",
    kind: "real",
    wordmark: "depositphotos",
    domain: "www.depositphotos.com",
    footer: "Image ID: {id}  www.depositphotos.com",
  },
  { name: "Dreamstime", kind: "real", wordmark: "dreamstime", domain: "dreamstime.com", footer: "ID {id} © {author} | Dreamstime.com" },
  { name: "123RF", kind: "real", wordmark: "123RF", domain: "www.123rf.com", footer: "123RF  Image ID: {id}  www.123rf.com" },
  { name: "Alamy", kind: "real", wordmark: "alamy", domain: "www.alamy.com", footer: "alamy  Image ID: {id}  www.alamy.com" },
  {
    name: "Bigstock",
    kind: "real",
    wordmark: "bigstock",
    domain: "www.bigstockphoto.com",
    footer: "bigstock  Image ID: {id}  www.bigstockphoto.com",
  },
];

/**
 * Agencies that do not exist. The matcher knows nothing about them and must
 * not be tuned on them: their wordmarks measure how the check does on a mark
 * it has never heard of (expected: mostly missed), their footers whether the
 * generic id and address patterns still catch the preview.
 */
export const FICTIONAL_AGENCIES: readonly AgencyMark[] = [
  { name: "Lumenpix", kind: "fictional", wordmark: "lumenpix", domain: "www.lumenpix.com", footer: "IMAGE ID: {id}  ·  www.lumenpix.com" },
  { name: "Pixbarrow", kind: "fictional", wordmark: "PIXBARROW", domain: "pixbarrow.net", footer: "pixbarrow.net/{id}" },
  {
    name: "Framewell",
    kind: "fictional",
    wordmark: "framewell",
    domain: "www.framewell.io",
    footer: "Framewell  ID {id}  www.framewell.io",
  },
  {
    name: "Vistagraph",
    kind: "fictional",
    wordmark: "Vistagraph",
    domain: "vistagraph.com",
    footer: "© Vistagraph  ·  vistagraph.com  {id}",
  },
];

const AUTHORS = ["Marta Kowal", "J. Lindqvist", "Anna Berg", "R. Okafor", "Lea Moreau", "Tom Hale"];

export type SceneKind = "gradient" | "bokeh" | "towels" | "stones" | "plant" | "face" | "texture" | "tiles" | "interior" | "bottles";
export const SCENE_KINDS: readonly SceneKind[] = [
  "gradient",
  "bokeh",
  "towels",
  "stones",
  "plant",
  "face",
  "texture",
  "tiles",
  "interior",
  "bottles",
];

/** Text that really belongs to the scene: must never be reported as a watermark. */
export type SceneTextKind =
  | "open-sign"
  | "price-tag"
  | "van"
  | "book"
  | "street-sign"
  | "clinic-sign"
  | "date-stamp"
  | "sunscreen-sign"
  | "getty-street"
  | "body-butters"
  | "phone-sign"
  | "order-number"
  | "jar-row"
  | "shelf-wall"
  | "awning"
  | "two-signs";
export const SCENE_TEXT_KINDS: readonly SceneTextKind[] = [
  "open-sign",
  "price-tag",
  "van",
  "book",
  "street-sign",
  "clinic-sign",
  "date-stamp",
  "sunscreen-sign",
  "getty-street",
  "body-butters",
  "phone-sign",
  "order-number",
];

/**
 * Scene text that repeats the same words, as a tiled mark does: a row of
 * identical labelled jars, two shelves of them, a shop name printed along an
 * awning, the same sign twice. Drawn only when asked for
 * (repeatedTextNegatives), after every other image, from a generator of their
 * own, so the images above stay the same.
 */
export const REPEATED_TEXT_KINDS: readonly SceneTextKind[] = ["jar-row", "shelf-wall", "awning", "two-signs"];

/** Labels on the jars and signs of the repeated-text negatives. */
const REPEATED_LABELS = ["SERUM", "Lavender", "Rosewater", "ALOE VERA", "Night Cream", "BAKERY", "Pharmacy"];

/** The clinic's own name, used for the allow-listed signage. */
export const CLINIC_SIGN_TEXT = "Jolanta's European Spa";

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

// ---------------------------------------------------------------------------
// Backgrounds

function noiseFilter(id: string, rng: Rng, frequency: number, strength: number): string {
  // Monochrome turbulence blended over the scene: film grain or a busy texture.
  const seed = int(rng, 1, 9999);
  return `<filter id="${id}" x="0" y="0" width="100%" height="100%"><feTurbulence type="fractalNoise" baseFrequency="${frequency.toFixed(3)}" numOctaves="3" seed="${seed}" result="n"/><feColorMatrix in="n" type="matrix" values="0 0 0 0 0.5  0 0 0 0 0.5  0 0 0 0 0.5  ${strength.toFixed(2)} 0 0 0 0"/></filter>`;
}

function softBlur(id: string, amount: number): string {
  return `<filter id="${id}" x="-50%" y="-50%" width="200%" height="200%"><feGaussianBlur stdDeviation="${amount.toFixed(1)}"/></filter>`;
}

function drawScene(kind: SceneKind, w: number, h: number, rng: Rng): string {
  const hue = between(rng, 0, 360);
  const defs: string[] = [];
  const body: string[] = [];
  const grain = rng() < 0.7;
  defs.push(
    `<linearGradient id="bg" x1="0" y1="0" x2="${rng() < 0.5 ? 1 : 0}" y2="1"><stop offset="0" stop-color="${hsl(hue, between(rng, 10, 50), between(rng, 55, 90))}"/><stop offset="1" stop-color="${hsl(hue + between(rng, -60, 60), between(rng, 10, 60), between(rng, 20, 75))}"/></linearGradient>`,
  );
  body.push(`<rect width="${w}" height="${h}" fill="url(#bg)"/>`);
  defs.push(softBlur("soft", Math.max(w, h) / 40));
  defs.push(softBlur("blur2", Math.max(w, h) / 200));
  const m = Math.min(w, h);
  switch (kind) {
    case "gradient": {
      for (let i = 0; i < int(rng, 3, 7); i++) {
        body.push(
          `<circle cx="${between(rng, 0, w)}" cy="${between(rng, 0, h)}" r="${between(rng, m / 8, m / 2)}" fill="${hsl(hue + between(rng, -90, 90), between(rng, 20, 70), between(rng, 30, 90))}" opacity="${between(rng, 0.3, 0.8).toFixed(2)}" filter="url(#soft)"/>`,
        );
      }
      break;
    }
    case "bokeh": {
      body.push(`<rect width="${w}" height="${h}" fill="${hsl(hue, 30, between(rng, 6, 18))}" opacity="0.85"/>`);
      for (let i = 0; i < int(rng, 25, 60); i++) {
        body.push(
          `<circle cx="${between(rng, 0, w)}" cy="${between(rng, 0, h)}" r="${between(rng, m / 40, m / 9)}" fill="${hsl(between(rng, 20, 60), between(rng, 50, 100), between(rng, 55, 85))}" opacity="${between(rng, 0.15, 0.6).toFixed(2)}" filter="url(#blur2)"/>`,
        );
      }
      break;
    }
    case "towels": {
      const shelfY = h * between(rng, 0.7, 0.85);
      body.push(`<rect y="${shelfY}" width="${w}" height="${h - shelfY}" fill="${hsl(30, 35, between(rng, 25, 45))}"/>`);
      let y = shelfY;
      const x0 = w * between(rng, 0.15, 0.35);
      const tw = w * between(rng, 0.35, 0.55);
      for (let i = 0; i < int(rng, 3, 6); i++) {
        const th = h * between(rng, 0.06, 0.1);
        y -= th;
        const c = hsl(pick(rng, [hue, 40, 200, 150, 0]), between(rng, 5, 45), between(rng, 70, 95));
        body.push(`<rect x="${x0 + between(rng, -w * 0.03, w * 0.03)}" y="${y}" width="${tw}" height="${th}" rx="${th / 2}" fill="${c}"/>`);
        body.push(
          `<rect x="${x0 + tw * 0.1}" y="${y + th * 0.45}" width="${tw * 0.8}" height="${th * 0.12}" fill="${hsl(hue + 180, 40, 50)}" opacity="0.5"/>`,
        );
      }
      break;
    }
    case "stones": {
      body.push(`<rect y="${h * 0.6}" width="${w}" height="${h * 0.4}" fill="${hsl(40, 30, between(rng, 60, 85))}"/>`);
      let y = h * between(rng, 0.72, 0.85);
      const cx = w * between(rng, 0.3, 0.7);
      for (let i = 0; i < int(rng, 3, 6); i++) {
        const rx = m * between(rng, 0.1, 0.22) * (1 - i * 0.12);
        const ry = rx * between(rng, 0.35, 0.5);
        const l = between(rng, 10, 45);
        body.push(`<ellipse cx="${cx + between(rng, -8, 8)}" cy="${y - ry}" rx="${rx}" ry="${ry}" fill="${hsl(hue, 5, l)}"/>`);
        body.push(
          `<ellipse cx="${cx - rx * 0.3}" cy="${y - ry * 1.4}" rx="${rx * 0.4}" ry="${ry * 0.2}" fill="white" opacity="0.18" filter="url(#blur2)"/>`,
        );
        y -= ry * 1.8;
      }
      if (rng() < 0.6) {
        const candleX = w * between(rng, 0.75, 0.9);
        body.push(`<rect x="${candleX}" y="${h * 0.55}" width="${m * 0.08}" height="${h * 0.2}" fill="${hsl(45, 40, 92)}"/>`);
        body.push(`<ellipse cx="${candleX + m * 0.04}" cy="${h * 0.52}" rx="${m * 0.012}" ry="${m * 0.03}" fill="${hsl(40, 100, 60)}"/>`);
      }
      break;
    }
    case "plant": {
      const baseX = w * between(rng, 0.3, 0.7);
      const baseY = h * 0.95;
      body.push(
        `<rect x="${baseX - m * 0.1}" y="${baseY - m * 0.18}" width="${m * 0.2}" height="${m * 0.2}" rx="8" fill="${hsl(20, 40, 45)}"/>`,
      );
      for (let i = 0; i < int(rng, 10, 24); i++) {
        const angle = between(rng, -80, 80);
        const len = m * between(rng, 0.15, 0.4);
        body.push(
          `<ellipse cx="${baseX}" cy="${baseY - m * 0.18 - len / 2}" rx="${len * 0.18}" ry="${len / 2}" fill="${hsl(between(rng, 90, 140), between(rng, 35, 70), between(rng, 22, 50))}" transform="rotate(${angle.toFixed(1)} ${baseX} ${baseY - m * 0.18})"/>`,
        );
      }
      break;
    }
    case "face": {
      const cx = w * between(rng, 0.35, 0.65);
      const cy = h * between(rng, 0.4, 0.6);
      const r = m * between(rng, 0.22, 0.32);
      const skin = hsl(between(rng, 15, 35), between(rng, 25, 55), between(rng, 35, 80));
      body.push(
        `<ellipse cx="${cx}" cy="${cy - r * 0.3}" rx="${r * 1.15}" ry="${r * 1.1}" fill="${hsl(between(rng, 0, 40), 30, between(rng, 8, 40))}"/>`,
      );
      body.push(`<ellipse cx="${cx}" cy="${cy}" rx="${r * 0.8}" ry="${r}" fill="${skin}"/>`);
      body.push(
        `<rect x="${cx - r * 1.2}" y="${cy - r * 1.05}" width="${r * 2.4}" height="${r * 0.45}" rx="${r * 0.2}" fill="${hsl(hue, 15, 93)}"/>`,
      );
      for (const side of [-1, 1]) {
        body.push(
          `<path d="M ${cx + side * r * 0.45} ${cy - r * 0.1} q ${side * r * 0.15} ${r * 0.08} ${side * r * 0.3} 0" stroke="${hsl(20, 30, 20)}" stroke-width="${m / 150}" fill="none"/>`,
        );
        if (rng() < 0.5)
          body.push(`<circle cx="${cx + side * r * 0.35}" cy="${cy - r * 0.05}" r="${r * 0.2}" fill="${hsl(100, 50, 60)}" opacity="0.9"/>`);
      }
      body.push(
        `<path d="M ${cx - r * 0.25} ${cy + r * 0.5} q ${r * 0.25} ${r * 0.12} ${r * 0.5} 0" stroke="${hsl(0, 40, 40)}" stroke-width="${m / 120}" fill="none"/>`,
      );
      break;
    }
    case "texture": {
      defs.push(noiseFilter("busy", rng, between(rng, 0.04, 0.6), between(rng, 0.5, 1)));
      body.push(`<rect width="${w}" height="${h}" filter="url(#busy)"/>`);
      for (let i = 0; i < int(rng, 40, 140); i++) {
        body.push(
          `<line x1="${between(rng, 0, w)}" y1="${between(rng, 0, h)}" x2="${between(rng, 0, w)}" y2="${between(rng, 0, h)}" stroke="${hsl(hue + between(rng, -40, 40), 40, between(rng, 20, 80))}" stroke-width="${between(rng, 0.5, 3).toFixed(1)}" opacity="${between(rng, 0.2, 0.7).toFixed(2)}"/>`,
        );
      }
      break;
    }
    case "tiles": {
      const size = m * between(rng, 0.04, 0.12);
      const grout = hsl(hue, 5, between(rng, 70, 95));
      body.push(`<rect width="${w}" height="${h}" fill="${grout}"/>`);
      for (let y = 0; y < h; y += size) {
        for (let x = 0; x < w; x += size) {
          body.push(
            `<rect x="${x + 1.5}" y="${y + 1.5}" width="${size - 3}" height="${size - 3}" fill="${hsl(hue + between(rng, -15, 15), between(rng, 20, 50), between(rng, 35, 70))}"/>`,
          );
        }
      }
      break;
    }
    case "interior": {
      body.push(`<rect y="${h * 0.65}" width="${w}" height="${h * 0.35}" fill="${hsl(30, 30, between(rng, 30, 60))}"/>`);
      const wx = w * between(rng, 0.05, 0.5);
      body.push(
        `<rect x="${wx}" y="${h * 0.12}" width="${w * 0.3}" height="${h * 0.4}" fill="${hsl(200, 40, 85)}" stroke="white" stroke-width="${m / 60}"/>`,
      );
      body.push(
        `<line x1="${wx + w * 0.15}" y1="${h * 0.12}" x2="${wx + w * 0.15}" y2="${h * 0.52}" stroke="white" stroke-width="${m / 90}"/>`,
      );
      body.push(`<rect x="${w * 0.45}" y="${h * 0.55}" width="${w * 0.45}" height="${h * 0.15}" rx="10" fill="${hsl(hue, 15, 90)}"/>`);
      body.push(`<rect x="${w * 0.45}" y="${h * 0.68}" width="${w * 0.45}" height="${h * 0.05}" fill="${hsl(25, 40, 35)}"/>`);
      body.push(`<circle cx="${w * 0.2}" cy="${h * 0.58}" r="${m * 0.05}" fill="${hsl(45, 90, 75)}" filter="url(#blur2)"/>`);
      break;
    }
    case "bottles": {
      const n = int(rng, 3, 6);
      for (let i = 0; i < n; i++) {
        const bw = (w / (n + 1)) * between(rng, 0.4, 0.7);
        const bx = (w / (n + 1)) * (i + 1) - bw / 2;
        const bh = h * between(rng, 0.3, 0.55);
        const by = h * 0.85 - bh;
        body.push(
          `<rect x="${bx}" y="${by}" width="${bw}" height="${bh}" rx="${bw * 0.2}" fill="${hsl(hue + between(rng, -50, 50), between(rng, 20, 60), between(rng, 40, 90))}"/>`,
        );
        body.push(
          `<rect x="${bx + bw * 0.3}" y="${by - bh * 0.15}" width="${bw * 0.4}" height="${bh * 0.17}" fill="${hsl(0, 0, between(rng, 15, 90))}"/>`,
        );
        body.push(
          `<rect x="${bx + bw * 0.1}" y="${by + bh * 0.35}" width="${bw * 0.8}" height="${bh * 0.3}" fill="white" opacity="0.55"/>`,
        );
      }
      body.push(`<rect y="${h * 0.85}" width="${w}" height="${h * 0.15}" fill="${hsl(30, 20, between(rng, 50, 85))}"/>`);
      break;
    }
  }
  if (grain) {
    defs.push(noiseFilter("grain", rng, between(rng, 0.6, 1.2), between(rng, 0.08, 0.25)));
    body.push(`<rect width="${w}" height="${h}" filter="url(#grain)"/>`);
  }
  return `<defs>${defs.join("")}</defs>${body.join("")}`;
}

// ---------------------------------------------------------------------------
// Watermarks

const FONTS = ["DejaVu Sans", "DejaVu Sans Condensed", "DejaVu Serif"] as const;

function imageId(rng: Rng): string {
  const digits = int(rng, 7, 10);
  let id = String(int(rng, 1, 9));
  while (id.length < digits) id += String(int(rng, 0, 9));
  return id;
}

function drawWatermark(style: WatermarkStyle, agency: AgencyMark, opacity: number, w: number, h: number, rng: Rng): string {
  const font = pick(rng, FONTS);
  const weight = rng() < 0.6 ? "bold" : "normal";
  const light = rng() < 0.75;
  const ink = light ? "#ffffff" : "#1a1a1a";
  const edge = light ? "#000000" : "#ffffff";
  const text = escapeXml(agency.wordmark);
  switch (style) {
    case "wordmark": {
      const size = Math.min((w * between(rng, 0.55, 0.8)) / (agency.wordmark.length * 0.6), h / 4);
      const cy = h * between(rng, 0.42, 0.58);
      const stroke = rng() < 0.5 ? ` stroke="${edge}" stroke-opacity="0.35" stroke-width="${(size / 30).toFixed(1)}"` : "";
      const logo =
        rng() < 0.4
          ? `<circle cx="${w / 2}" cy="${cy - size * 1.1}" r="${size * 0.35}" fill="none" stroke="${ink}" stroke-width="${size / 10}"/>`
          : "";
      return `<g opacity="${opacity}">${logo}<text x="${w / 2}" y="${cy + size * 0.35}" font-family="${font}" font-weight="${weight}" font-size="${size.toFixed(1)}" fill="${ink}" text-anchor="middle"${stroke}>${text}</text></g>`;
    }
    case "tiled": {
      const size = Math.max(14, Math.min(w, h) * between(rng, 0.045, 0.075));
      const angle = between(rng, -35, -20);
      const stepX = size * agency.wordmark.length * 0.6 + size * between(rng, 1.5, 3);
      const stepY = size * between(rng, 3, 4.5);
      const cells: string[] = [];
      const diag = Math.hypot(w, h);
      for (let row = -1, y = -diag / 2; y < diag; y += stepY, row++) {
        for (let x = -diag / 2 + (row % 2) * (stepX / 2); x < diag; x += stepX) {
          cells.push(`<text x="${x.toFixed(1)}" y="${y.toFixed(1)}">${text}</text>`);
        }
      }
      return `<g opacity="${opacity}" transform="rotate(${angle.toFixed(1)} ${w / 2} ${h / 2})" font-family="${font}" font-weight="${weight}" font-size="${size.toFixed(1)}" fill="${ink}">${cells.join("")}</g>`;
    }
    case "footer": {
      const barH = Math.max(22, h * between(rng, 0.05, 0.08));
      const size = barH * 0.48;
      const line = escapeXml(agency.footer.replace("{id}", imageId(rng)).replace("{author}", pick(rng, AUTHORS)));
      const bar = light ? "#000000" : "#ffffff";
      return `<g opacity="${opacity}"><rect y="${h - barH}" width="${w}" height="${barH}" fill="${bar}" fill-opacity="0.7"/><text x="${w * 0.03}" y="${h - barH / 2 + size * 0.35}" font-family="DejaVu Sans" font-size="${size.toFixed(1)}" fill="${ink}">${line}</text></g>`;
    }
  }
}

// ---------------------------------------------------------------------------
// Hard negatives: text that is part of the scene

function drawSceneText(kind: SceneTextKind, w: number, h: number, rng: Rng): string {
  const m = Math.min(w, h);
  const x = w * between(rng, 0.2, 0.5);
  const y = h * between(rng, 0.2, 0.5);
  const sign = (label: string, fill: string, ink: string, wanted: number, font = "DejaVu Sans", weight = "bold") => {
    // Keep the whole sign inside the frame: shrink the letters if the text is long.
    const size = Math.min(wanted, (w * 0.85) / (label.length * 0.68 + 1));
    const bw = label.length * size * 0.68 + size;
    const bh = size * 1.8;
    const x = between(rng, 0.04 * w, Math.max(0.04 * w, w * 0.96 - bw));
    const y = between(rng, 0.1 * h, 0.75 * h);
    return `<g transform="rotate(${between(rng, -4, 4).toFixed(1)} ${x + bw / 2} ${y + bh / 2})"><rect x="${x}" y="${y}" width="${bw}" height="${bh}" rx="${size * 0.2}" fill="${fill}"/><text x="${x + bw / 2}" y="${y + bh / 2 + size * 0.36}" font-family="${font}" font-weight="${weight}" font-size="${size}" fill="${ink}" text-anchor="middle">${escapeXml(label)}</text></g>`;
  };
  switch (kind) {
    case "open-sign": {
      const size = m * 0.12;
      return `<rect x="${x - size * 0.3}" y="${y - size * 0.4}" width="${size * 3.4}" height="${size * 1.8}" rx="${size * 0.3}" fill="none" stroke="${hsl(340, 90, 60)}" stroke-width="${size / 10}"/><text x="${x + size * 1.4}" y="${y + size * 0.85}" font-family="DejaVu Sans" font-weight="bold" font-size="${size}" fill="${hsl(200, 100, 70)}" text-anchor="middle">OPEN</text>`;
    }
    case "price-tag": {
      const size = m * 0.07;
      return `<g transform="rotate(${between(rng, -15, 15).toFixed(1)} ${x} ${y})"><path d="M ${x} ${y} l ${size * 3} 0 l ${size} ${size * 0.8} l ${-size} ${size * 0.8} l ${-size * 3} 0 z" fill="${hsl(50, 90, 70)}"/><text x="${x + size * 1.5}" y="${y + size * 1.1}" font-family="DejaVu Sans" font-weight="bold" font-size="${size}" fill="#222" text-anchor="middle">$45</text></g>`;
    }
    case "van": {
      const vw = w * 0.55;
      const vh = h * 0.3;
      const vx = w * 0.2;
      const vy = h * 0.45;
      const size = vh * 0.32;
      return `<rect x="${vx}" y="${vy}" width="${vw}" height="${vh}" rx="${vh * 0.08}" fill="white"/><rect x="${vx + vw * 0.78}" y="${vy + vh * 0.1}" width="${vw * 0.2}" height="${vh * 0.35}" fill="${hsl(200, 30, 40)}"/><circle cx="${vx + vw * 0.2}" cy="${vy + vh}" r="${vh * 0.16}" fill="#222"/><circle cx="${vx + vw * 0.8}" cy="${vy + vh}" r="${vh * 0.16}" fill="#222"/><text x="${vx + vw * 0.08}" y="${vy + vh * 0.62}" font-family="DejaVu Sans" font-weight="bold" font-size="${size}"><tspan fill="#4d148c">Fed</tspan><tspan fill="#ff6600">Ex</tspan></text>`;
    }
    case "book": {
      const bw = m * 0.42;
      const bh = bw * 1.4;
      const size = bw * 0.14;
      return `<g transform="rotate(${between(rng, -8, 8).toFixed(1)} ${x} ${y})"><rect x="${x}" y="${y * 0.5}" width="${bw}" height="${bh}" fill="${hsl(between(rng, 0, 360), 45, 35)}"/><text x="${x + bw / 2}" y="${y * 0.5 + bh * 0.35}" font-family="DejaVu Serif" font-weight="bold" font-size="${size}" fill="#f4ecd8" text-anchor="middle">The Skin</text><text x="${x + bw / 2}" y="${y * 0.5 + bh * 0.35 + size * 1.2}" font-family="DejaVu Serif" font-weight="bold" font-size="${size}" fill="#f4ecd8" text-anchor="middle">Book</text><text x="${x + bw / 2}" y="${y * 0.5 + bh * 0.85}" font-family="DejaVu Sans" font-size="${size * 0.5}" fill="#f4ecd8" text-anchor="middle">Clara Webb</text></g>`;
    }
    case "street-sign":
      return sign("King St W", hsl(140, 70, 28), "#ffffff", m * 0.09);
    case "clinic-sign":
      return sign(
        CLINIC_SIGN_TEXT,
        hsl(between(rng, 0, 360), 20, 95),
        hsl(between(rng, 0, 360), 40, 25),
        m * 0.065,
        "DejaVu Serif",
        "normal",
      );
    case "date-stamp": {
      const size = m * 0.045;
      return `<text x="${w * 0.96}" y="${h * 0.95}" font-family="DejaVu Sans Mono" font-weight="bold" font-size="${size}" fill="#ff9a1f" text-anchor="end">2026-05-01</text>`;
    }
    case "sunscreen-sign":
      return sign("Stock up on sunscreen", "#ffffff", hsl(15, 80, 45), m * 0.06);
    case "getty-street":
      return sign("Getty Street Clinic", hsl(220, 60, 30), "#ffffff", m * 0.065);
    case "body-butters":
      return sign("Shea Body Butters", hsl(40, 60, 88), hsl(30, 50, 25), m * 0.065, "DejaVu Serif", "bold");
    case "phone-sign":
      return sign("Call (519) 725-9999", "#ffffff", "#1d3557", m * 0.06);
    case "order-number":
      return sign("Order 20260501 ready", hsl(50, 30, 96), "#333333", m * 0.055, "DejaVu Sans Mono", "normal");
    case "jar-row":
      return jarShelf(w, h, rng, pick(rng, REPEATED_LABELS), [h * between(rng, 0.45, 0.8)], int(rng, 4, 5));
    case "shelf-wall":
      return jarShelf(w, h, rng, pick(rng, REPEATED_LABELS), [h * between(rng, 0.38, 0.45), h * between(rng, 0.85, 0.92)], 3);
    case "awning": {
      // A striped awning with the shop's name printed three or four times along its edge.
      const label = pick(rng, REPEATED_LABELS);
      const top = h * between(rng, 0.05, 0.2);
      const band = h * 0.16;
      const copies = int(rng, 3, 4);
      const size = Math.min(band * 0.45, ((w / copies) * 0.85) / (label.length * 0.68));
      const hue = between(rng, 0, 360);
      const stripes: string[] = [];
      for (let x = 0, i = 0; x < w; x += w / 12, i++) {
        stripes.push(`<rect x="${x}" y="${top}" width="${w / 12}" height="${band}" fill="${i % 2 ? "#ffffff" : hsl(hue, 60, 40)}"/>`);
      }
      const valance = `<rect y="${top + band}" width="${w}" height="${band * 0.6}" fill="${hsl(hue, 60, 30)}"/>`;
      const words = Array.from(
        { length: copies },
        (_, i) =>
          `<text x="${((i + 0.5) * w) / copies}" y="${top + band + band * 0.3 + size * 0.36}" font-family="DejaVu Sans" font-weight="bold" font-size="${size.toFixed(1)}" fill="#ffffff" text-anchor="middle">${escapeXml(label)}</text>`,
      );
      return `${stripes.join("")}${valance}${words.join("")}`;
    }
    case "two-signs": {
      const label = pick(rng, REPEATED_LABELS);
      const ink = hsl(between(rng, 0, 360), 60, 25);
      return sign(label, "#ffffff", ink, m * 0.07) + sign(label, "#ffffff", ink, m * 0.07);
    }
  }
}

/** Identical labelled jars standing on one or more shelves (baselines at the given heights). */
function jarShelf(w: number, h: number, rng: Rng, label: string, shelves: readonly number[], perShelf: number): string {
  const parts: string[] = [];
  const jarHue = between(rng, 0, 360);
  const slot = (w * 0.9) / perShelf;
  const jw = slot * between(rng, 0.6, 0.75);
  const jh = Math.min(jw * between(rng, 1.1, 1.5), h * 0.32);
  const size = Math.min(jh * 0.16, (jw * 0.85) / (label.length * 0.62));
  for (const base of shelves) {
    parts.push(`<rect y="${base}" width="${w}" height="${h * 0.025}" fill="${hsl(30, 35, 35)}"/>`);
    for (let i = 0; i < perShelf; i++) {
      const x = w * 0.05 + slot * i + (slot - jw) / 2;
      const y = base - jh;
      parts.push(
        `<rect x="${x}" y="${y}" width="${jw}" height="${jh}" rx="${jw * 0.12}" fill="${hsl(jarHue, 35, 55)}"/>`,
        `<rect x="${x + jw * 0.2}" y="${y - jh * 0.1}" width="${jw * 0.6}" height="${jh * 0.12}" fill="${hsl(0, 0, 20)}"/>`,
        `<rect x="${x + jw * 0.05}" y="${y + jh * 0.35}" width="${jw * 0.9}" height="${jh * 0.3}" fill="#f8f5ee"/>`,
        `<text x="${x + jw / 2}" y="${y + jh * 0.5 + size * 0.36}" font-family="DejaVu Sans" font-weight="bold" font-size="${size.toFixed(1)}" fill="${hsl(jarHue, 50, 25)}" text-anchor="middle">${escapeXml(label)}</text>`,
      );
    }
  }
  return parts.join("");
}
