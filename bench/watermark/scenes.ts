// The backgrounds of the synthetic images: procedural scenes with no text at
// all (gradients, soft shapes, bokeh, towels, stones, a plant, a face,
// textures, tiles, an interior, bottles), some with film grain.
import { between, hsl, int, pick, type Rng } from "./drawing.ts";

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

function noiseFilter(id: string, rng: Rng, frequency: number, strength: number): string {
  // Monochrome turbulence blended over the scene: film grain or a busy texture.
  const seed = int(rng, 1, 9999);
  return `<filter id="${id}" x="0" y="0" width="100%" height="100%"><feTurbulence type="fractalNoise" baseFrequency="${frequency.toFixed(3)}" numOctaves="3" seed="${seed}" result="n"/><feColorMatrix in="n" type="matrix" values="0 0 0 0 0.5  0 0 0 0 0.5  0 0 0 0 0.5  ${strength.toFixed(2)} 0 0 0 0"/></filter>`;
}

function softBlur(id: string, amount: number): string {
  return `<filter id="${id}" x="-50%" y="-50%" width="200%" height="200%"><feGaussianBlur stdDeviation="${amount.toFixed(1)}"/></filter>`;
}
export function drawScene(kind: SceneKind, w: number, h: number, rng: Rng): string {
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
