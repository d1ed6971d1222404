// The watermarks of the synthetic images: how stock agencies mark their
// previews (a centred wordmark, a rotated tiled mark, a footer bar with an
// image id and a web address), for real agencies and invented ones.
import { between, escapeXml, int, pick, type Rng } from "./drawing.ts";

export type WatermarkStyle = "wordmark" | "tiled" | "footer";
export const WATERMARK_STYLES: readonly WatermarkStyle[] = ["wordmark", "tiled", "footer"];
export type AgencyKind = "real" | "fictional";

/** How a stock agency marks its previews, close to what each one really prints. */
export interface AgencyMark {
  name: string;
  kind: AgencyKind;
  /** The wordmark as printed on the preview. */
  wordmark: string;
  /** Web address printed in the footer. */
  domain: string;
  /** Footer line; {id} is replaced by a numeric image id, {author} by a name. */
  footer: string;
}

/** Agencies of one kind, from rows of [name, wordmark, domain, footer]. */
const agencies = (kind: AgencyKind, rows: readonly (readonly [string, string, string, string])[]): AgencyMark[] =>
  rows.map(([name, wordmark, domain, footer]) => ({ name, kind, wordmark, domain, footer }));

/** Real agencies: the matcher's lexicon must know these. */
export const REAL_AGENCIES: readonly AgencyMark[] = agencies("real", [
  ["Shutterstock", "shutterstock", "www.shutterstock.com", "IMAGE ID: {id}  ·  www.shutterstock.com"],
  ["Getty Images", "gettyimages", "gettyimages.com", "gettyimages  Credit: {author}  {id}"],
  ["iStock", "iStock", "istockphoto.com", "iStock  Credit: {author}  ·  {id}"],
  ["Adobe Stock", "Adobe Stock", "stock.adobe.com", "Adobe Stock  |  #{id}"],
  ["Depositphotos", "depositphotos", "www.depositphotos.com", "Image ID: {id}  www.depositphotos.com"],
  ["Dreamstime", "dreamstime", "dreamstime.com", "ID {id} © {author} | Dreamstime.com"],
  ["123RF", "123RF", "www.123rf.com", "123RF  Image ID: {id}  www.123rf.com"],
  ["Alamy", "alamy", "www.alamy.com", "alamy  Image ID: {id}  www.alamy.com"],
  ["Bigstock", "bigstock", "www.bigstockphoto.com", "bigstock  Image ID: {id}  www.bigstockphoto.com"],
]);

/**
 * Agencies that do not exist. The matcher knows nothing about them and must
 * not be tuned on them: their wordmarks measure how the check does on a mark
 * it has never heard of (expected: mostly missed), their footers whether the
 * generic id and address patterns still catch the preview.
 */
export const FICTIONAL_AGENCIES: readonly AgencyMark[] = agencies("fictional", [
  ["Lumenpix", "lumenpix", "www.lumenpix.com", "IMAGE ID: {id}  ·  www.lumenpix.com"],
  ["Pixbarrow", "PIXBARROW", "pixbarrow.net", "pixbarrow.net/{id}"],
  ["Framewell", "framewell", "www.framewell.io", "Framewell  ID {id}  www.framewell.io"],
  ["Vistagraph", "Vistagraph", "vistagraph.com", "© Vistagraph  ·  vistagraph.com  {id}"],
]);

const AUTHORS = ["Marta Kowal", "J. Lindqvist", "Anna Berg", "R. Okafor", "Lea Moreau", "Tom Hale"];

const FONTS = ["DejaVu Sans", "DejaVu Sans Condensed", "DejaVu Serif"] as const;

function imageId(rng: Rng): string {
  const digits = int(rng, 7, 10);
  let id = String(int(rng, 1, 9));
  while (id.length < digits) id += String(int(rng, 0, 9));
  return id;
}
export function drawWatermark(style: WatermarkStyle, agency: AgencyMark, opacity: number, w: number, h: number, rng: Rng): string {
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
