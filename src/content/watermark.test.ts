import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { crc32 } from "node:zlib";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EVALUATION_BRANDS } from "../../bench/watermark/eval.ts";
import { renderCaptionedScene, renderCleanScene, renderSynthImage } from "../../bench/watermark/synth.ts";
import { checkImage, fileNameHints, MAX_IMAGE_PIXELS, OCR_MODELS_ENV } from "./watermark.ts";
import { editDistance } from "./watermark-match.ts";
import { repeatSubset } from "./watermark-subsets.ts";

const rules = (findings: { rule: string }[]) => findings.map((f) => f.rule);

// ---------------------------------------------------------------------------
// Bad input, hints, the allow-list, a check that cannot run

/** A PNG whose header claims a size it does not have (only the header is read). */
async function pngClaiming(width: number, height: number): Promise<Uint8Array> {
  const png = Buffer.from(
    await sharp({ create: { width: 8, height: 8, channels: 3, background: "#888" } })
      .png()
      .toBuffer(),
  );
  // IHDR data starts at byte 16: width, height (big endian); its CRC covers type and data (bytes 12–28).
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return new Uint8Array(png);
}

describe("checkImage", () => {
  let clean: Uint8Array;
  let emptyModels: string;

  beforeAll(async () => {
    clean = await renderCleanScene(11, "towels");
    emptyModels = await mkdtemp(join(tmpdir(), "dermaplan-ocr-models-"));
  });
  afterAll(async () => {
    await rm(emptyModels, { recursive: true, force: true });
  });

  it("says plainly that a file is not an image", async () => {
    const findings = await checkImage(new TextEncoder().encode("Dear editor, the photo is attached."), { fileName: "notes.jpg" });
    expect(findings).toEqual([expect.objectContaining({ rule: "image.unreadable", severity: "block", image: "notes.jpg" })]);
    expect(findings[0]!.message).toMatch(/not an image/);
  });

  it("refuses an image too large in pixels before decoding it", async () => {
    const bytes = await pngClaiming(10_000, 6_000);
    expect(10_000 * 6_000).toBeGreaterThan(MAX_IMAGE_PIXELS);
    const findings = await checkImage(bytes);
    expect(rules(findings)).toEqual(["image.unreadable"]);
    expect(findings[0]!.message).toMatch(/too large: 10000 × 6000 pixels/);
  });

  it("reports a damaged image as unreadable", async () => {
    const cut = clean.slice(0, Math.floor(clean.length / 3));
    expect(rules(await checkImage(cut))).toEqual(["image.unreadable"]);
  });

  it("passes a clean photo", async () => {
    expect(await checkImage(clean, { fileName: "towels.jpg", brandAllowList: EVALUATION_BRANDS })).toEqual([]);
  });

  it("asks to confirm the licence of a file named like a stock download, and nothing else", async () => {
    const findings = await checkImage(clean, { fileName: "shutterstock_123456.jpg" });
    expect(findings).toEqual([
      expect.objectContaining({ rule: "image.licence-hint", severity: "confirm", image: "shutterstock_123456.jpg" }),
    ]);
    expect(findings[0]!.message).toMatch(/shutterstock.*licence/is);
  });

  it.each([
    ["iStock-1234567.jpg", "iStock"],
    ["GettyImages-987654.jpg", "Getty Images"],
    ["AdobeStock_112233.jpeg", "Adobe Stock"],
    ["depositphotos_445566-stock-photo-spa.jpg", "Depositphotos"],
    ["dreamstime_xxl_778899.jpg", "Dreamstime"],
    ["123RF_55667788.jpg", "123RF"],
    ["bigstock-Spa-Stones-12345.jpg", "Bigstock"],
    ["stock-photo-relaxing-spa-445566.jpg", "a stock agency"],
  ])("reads %s as a download from %s", (name, agency) => {
    const [hint, ...more] = fileNameHints(name);
    expect(more).toEqual([]);
    expect(hint).toMatchObject({ rule: "image.licence-hint", severity: "confirm" });
    expect(hint!.message).toContain(`a download from ${agency}`);
  });

  it.each(["spa-stones.jpg", "IMG_20260501_101500.jpg", "stockholm-trip.jpg", "getty-street-clinic.png", "restock-shelf.webp"])(
    "%s is not a stock file name",
    (name) => {
      expect(fileNameHints(name)).toEqual([]);
    },
  );

  it("asks to confirm the licence when the embedded credit names an agency", async () => {
    const xmp = `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" photoshop:Credit="Getty Images" photoshop:Source="iStockphoto"/></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;
    const withXmp = new Uint8Array(await sharp(clean).withXmp(xmp).jpeg().toBuffer());
    const findings = await checkImage(withXmp, { fileName: "spa.jpg" });
    expect(findings).toEqual([expect.objectContaining({ rule: "image.licence-hint", severity: "confirm" })]);
    expect(findings[0]!.message).toMatch(/Getty Images/);

    const withExif = new Uint8Array(
      await sharp(clean)
        .withExif({ IFD0: { Copyright: "Photo: Adobe Stock / J. Lindqvist" } })
        .jpeg()
        .toBuffer(),
    );
    expect(rules(await checkImage(withExif, { fileName: "spa.jpg" }))).toEqual(["image.licence-hint"]);

    const ownCredit = new Uint8Array(
      await sharp(clean)
        .withExif({ IFD0: { Copyright: "Jolanta's European Spa", Artist: "Anna Berg" } })
        .jpeg()
        .toBuffer(),
    );
    expect(await checkImage(ownCredit, { fileName: "spa.jpg" })).toEqual([]);
  });

  it("lets the clinic's own stamp pass when its name is on the allow-list, and only then", async () => {
    const stamped = await renderCaptionedScene(5, "© Jolanta's European Spa · jolantaseuropeanspa.com/gallery/20260501");
    expect(await checkImage(stamped, { brandAllowList: ["Jolanta's European Spa", "Dermaplan"] })).toEqual([]);
    const findings = await checkImage(stamped, { brandAllowList: [] });
    expect(rules(findings)).toEqual(["image.watermark"]);
    expect(findings[0]!.excerpt).toMatch(/20260501/);
  });

  it("names what it read in a watermark finding", async () => {
    const stamped = await renderCaptionedScene(6, "IMAGE ID: 2145678901 · www.shutterstock.com", "stones");
    const findings = await checkImage(stamped, { fileName: "spa-stones.jpg" });
    expect(findings).toEqual([expect.objectContaining({ rule: "image.watermark", severity: "block", image: "spa-stones.jpg" })]);
    expect(findings[0]!.message).toMatch(/^The image shows “.*(IMAGE ID|shutterstock).*” — .*Use the licensed file without the mark\.$/);
  });

  it("asks to confirm, and does not block, when one word is tiled over the image", async () => {
    const spec = repeatSubset().find((s) => s.style === "tiled" && s.opacity === 0.5)!;
    const { bytes } = await renderSynthImage(spec);
    const findings = await checkImage(bytes, { fileName: "spa.jpg", brandAllowList: EVALUATION_BRANDS });
    expect(findings).toEqual([expect.objectContaining({ rule: "image.repeated-overlay-text", severity: "confirm", image: "spa.jpg" })]);
    expect(findings[0]!.message).toMatch(
      /^The image shows “[^”]+” \d+ times across the picture, as a stock preview's tiled watermark does\. If it is a stock image, use the licensed file without the mark\. .*confirm the clinic holds the rights to this image\.$/,
    );
    expect(editDistance(findings[0]!.excerpt!.toLowerCase(), spec.agency!.toLowerCase())).toBeLessThanOrEqual(1);
  });

  it("says the check did not run when the model files are missing, and blocks", async () => {
    const findings = await checkImage(clean, { fileName: "towels.jpg", modelDir: emptyModels });
    expect(findings).toEqual([expect.objectContaining({ rule: "check.not-run", severity: "block", image: "towels.jpg" })]);
    expect(findings[0]!.message).toMatch(
      /^The watermark check did not run: the text-recognition model is missing .*Look at the image yourself; an owner can publish anyway\.$/,
    );
  });

  it("reads the model folder from the environment", async () => {
    const before = process.env[OCR_MODELS_ENV];
    process.env[OCR_MODELS_ENV] = emptyModels;
    try {
      expect(rules(await checkImage(clean))).toEqual(["check.not-run"]);
    } finally {
      if (before === undefined) delete process.env[OCR_MODELS_ENV];
      else process.env[OCR_MODELS_ENV] = before;
    }
  });

  it("keeps the licence hints when the OCR did not run", async () => {
    expect(rules(await checkImage(clean, { fileName: "GettyImages-123456.jpg", modelDir: emptyModels }))).toEqual([
      "image.licence-hint",
      "check.not-run",
    ]);
  });

  it("says the check did not run when the OCR takes too long", async () => {
    const findings = await checkImage(clean, { timeoutMs: 1 });
    expect(rules(findings)).toEqual(["check.not-run"]);
    expect(findings[0]!.message).toMatch(/took longer than/);
  });
});
