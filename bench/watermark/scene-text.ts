// The hard negatives' text: text that really belongs to the scene (a shop
// sign, a price tag, a delivery van, a book, a street sign, the clinic's own
// signage, a date stamp, rows of identical labelled jars…), which must never
// be reported as a watermark.
import { between, escapeXml, hsl, int, pick, type Rng } from "./drawing.ts";

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

export function drawSceneText(kind: SceneTextKind, w: number, h: number, rng: Rng): string {
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
