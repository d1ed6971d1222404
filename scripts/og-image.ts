// `node scripts/og-image.ts`: renders the link-preview picture
// (public/og-image.svg, drawn for this site) to the 1200×630 PNG that
// OpenGraph and Twitter cards point at. Run it after changing the drawing;
// the PNG is committed so the server never renders it.
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import sharp from "sharp";

const root = resolve(import.meta.dirname, "..");
const svg = readFileSync(resolve(root, "public/og-image.svg"));
const png = await sharp(svg, { density: 72 }).resize(1200, 630).png({ compressionLevel: 9, palette: true, quality: 90 }).toBuffer();
writeFileSync(resolve(root, "public/og-image.png"), png);
const meta = await sharp(png).metadata();
process.stdout.write(`public/og-image.png: ${meta.width}×${meta.height}, ${png.length} bytes\n`);
