// Reads the PDFs the product writes, for tests: a page rendered to grey
// pixels, its text, and where each character sits. MuPDF compiled to
// WebAssembly (the npm package `mupdf`), so the tests need nothing outside npm.
import * as mupdf from "mupdf";

export interface GreyPage {
  width: number;
  height: number;
  /** One byte per pixel, row after row, 0 black to 255 white. */
  pixels: Uint8Array;
}

export interface CharBox {
  char: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

function open(bytes: Uint8Array): mupdf.Document {
  return mupdf.Document.openDocument(bytes, "application/pdf");
}

export function pageCount(bytes: Uint8Array): number {
  const doc = open(bytes);
  try {
    return doc.countPages();
  } finally {
    doc.destroy();
  }
}

/** Page `index` (from 0) in greyscale at `dpi` dots per inch. */
export function renderGrey(bytes: Uint8Array, dpi: number, index = 0): GreyPage {
  const doc = open(bytes);
  try {
    const page = doc.loadPage(index);
    const pixmap = page.toPixmap(mupdf.Matrix.scale(dpi / 72, dpi / 72), mupdf.ColorSpace.DeviceGray, false);
    const width = pixmap.getWidth();
    const height = pixmap.getHeight();
    const stride = pixmap.getStride();
    const all = pixmap.getPixels();
    const pixels = new Uint8Array(width * height);
    for (let y = 0; y < height; y++) pixels.set(all.subarray(y * stride, y * stride + width), y * width);
    pixmap.destroy();
    page.destroy();
    return { width, height, pixels };
  } finally {
    doc.destroy();
  }
}

/** The share of pixels darker than mid-grey. */
export function darkShare(pixels: Uint8Array): number {
  let dark = 0;
  for (const p of pixels) if (p < 128) dark++;
  return dark / pixels.length;
}

function eachPage<T>(bytes: Uint8Array, read: (page: mupdf.Page) => T): T[] {
  const doc = open(bytes);
  try {
    const out: T[] = [];
    for (let i = 0; i < doc.countPages(); i++) {
      const page = doc.loadPage(i);
      out.push(read(page));
      page.destroy();
    }
    return out;
  } finally {
    doc.destroy();
  }
}

/** The text of every page, in reading order, pages separated by a form feed. */
export function pdfText(bytes: Uint8Array): string {
  return eachPage(bytes, (page) => {
    const text = page.toStructuredText("preserve-whitespace");
    const s = text.asText();
    text.destroy();
    return s;
  }).join("\f");
}

/** Every visible character of every page with its box, in points from the page's top-left corner. */
export function pdfCharBoxes(bytes: Uint8Array): CharBox[][] {
  return eachPage(bytes, (page) => {
    const text = page.toStructuredText("preserve-whitespace");
    const boxes: CharBox[] = [];
    text.walk({
      onChar(char, _origin, _font, _size, quad) {
        if (char.trim() === "") return;
        const xs = [quad[0], quad[2], quad[4], quad[6]];
        const ys = [quad[1], quad[3], quad[5], quad[7]];
        boxes.push({ char, xMin: Math.min(...xs), yMin: Math.min(...ys), xMax: Math.max(...xs), yMax: Math.max(...ys) });
      },
    });
    text.destroy();
    return boxes;
  });
}
