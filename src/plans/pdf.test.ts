import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PDFDocument } from "pdf-lib";
import { afterAll, describe, expect, it } from "vitest";
import { renderPlanPdf, type PlanDocument } from "./pdf.ts";

const dir = mkdtempSync(join(tmpdir(), "dermaplan-plan-pdf-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SHA = "3f7a9c0e5b2d4f6a8c1e3b5d7f9a2c4e6b8d0f1a3c5e7b9d2f4a6c8e0b1d3f5a";

function realistic(): PlanDocument {
  return {
    clinic: {
      name: "Maple & Birch Day Spa",
      locationLine: "12 King St W, Suite 4, Kitchener, ON N2G 1A1",
      phone: "519-555-0134",
      timeZone: "America/Toronto",
    },
    client: { name: "Hélène Côté" },
    plan: {
      version: 2,
      createdAt: Date.UTC(2026, 2, 12, 15, 30),
      practitionerName: "Amélie Tremblay",
      fitzpatrick: 3,
      glogau: 2,
      zones: [
        { zoneLabel: "Cheek, client's left", indicationLabel: "Acne scars", depthMinMm: 1, depthMaxMm: 1.5, clinicDefault: true },
        { zoneLabel: "Cheek, client's right", indicationLabel: "Acne scars", depthMinMm: 1, depthMaxMm: 1.25, clinicDefault: false },
        { zoneLabel: "Forehead", indicationLabel: "Fine lines", depthMinMm: 0.25, depthMaxMm: 0.5, clinicDefault: true },
        { zoneLabel: "Neck", indicationLabel: "Texture and pores", depthMinMm: 0.5, depthMaxMm: 0.5, clinicDefault: true },
      ],
      sessions: 4,
      intervalMinDays: 28,
      intervalMaxDays: 42,
      visitMinutes: 75,
      numbingCream: true,
      products: [
        {
          name: "Sterile hyaluronic acid serum (single-use ampoule)",
          reason: "Sterile, single-use and labelled for use after microneedling.",
        },
        { name: "Mineral sunscreen SPF 50", reason: "Applied at the end of the visit; no fragrance or chemical filters." },
      ],
      pricePerSessionCents: 35000,
      packagePriceCents: 120000,
      currency: "CAD",
      downtime: "Redness like a mild sunburn for 24–48 hours; light flaking on days 2–4.",
      aftercare: [
        "No make-up for 24 hours.",
        "Gentle cleanser and the approved serum only for 3 days — no retinoids or acids.",
        "Sunscreen SPF 30 or more every day; avoid sun and sweating for 48 hours.",
      ],
      achievability:
        "Rolling and boxcar scars usually soften by 30–50 % over a full course. Ice-pick scars respond less and may need another treatment. Results build over 3–6 months as collagen remodels.",
      noteToClient:
        "Hélène, we start gently on the forehead and go a little deeper on the cheeks where the scarring is. Bring a photo of your skin in daylight to each visit so we can compare. ✨",
      contentSha256: SHA,
    },
    acceptance: { signedName: "Hélène Côté", signedAt: Date.UTC(2026, 2, 14, 18, 5, 9), ip: "203.0.113.24" },
  };
}

function long(): PlanDocument {
  const doc = realistic();
  const sentence = "Collagen remodelling continues for months after each session — results at ≥ 12 weeks are what we compare 🙂. ";
  doc.client.name = "Marie-Ève Łukasiewicz-Ngô 王小明";
  doc.plan.zones = Array.from({ length: 40 }, (_, i) => ({
    zoneLabel: i % 7 === 0 ? `Zone ${i} with a deliberately long label that has to wrap inside its column ≤ ok` : `Zone ${i}`,
    indicationLabel: i % 5 === 0 ? "Hyperpigmentation after acne, with texture change and enlarged pores around the area" : "Fine lines",
    depthMinMm: 0.25,
    depthMaxMm: 0.5 + (i % 4) * 0.25,
    clinicDefault: i % 2 === 0,
  }));
  doc.plan.noteToClient = `${sentence.repeat(60)}\n\n${"x".repeat(400)}\n${sentence.repeat(20)}`;
  doc.plan.achievability = sentence.repeat(15);
  doc.plan.aftercare = Array.from({ length: 25 }, (_, i) => `Step ${i + 1}: ${sentence}`);
  doc.acceptance = { signedName: "Marie-Ève Łukasiewicz-Ngô 👩🏽‍⚕️", signedAt: Date.UTC(2026, 6, 1, 3, 0), ip: "2001:db8:85a3::8a2e:370:7334" };
  return doc;
}

/** Poppler is a hard requirement: a rendering test that silently skips proves nothing. */
function poppler(tool: string, args: string[]): string {
  const result = spawnSync(tool, args, { encoding: "latin1" });
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === "ENOENT") {
    throw new Error(`${tool} is not installed: install Debian's poppler-utils (apt-get install poppler-utils) to run the PDF tests`);
  }
  if (result.status !== 0) throw new Error(`${tool} ${args.join(" ")} failed: ${result.stderr}`);
  return result.stdout;
}

function save(name: string, bytes: Uint8Array): string {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, bytes);
  return file;
}

/** Page 1 in greyscale at 50 dpi. */
function firstPageGrey(file: string): { width: number; height: number; pixels: Uint8Array } {
  const prefix = join(dir, `${file.split("/").pop()}-page`);
  poppler("pdftoppm", ["-r", "50", "-f", "1", "-l", "1", "-gray", "-singlefile", file, prefix]);
  const data = readFileSync(`${prefix}.pgm`);
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(data.subarray(0, 64).toString("latin1"));
  if (!header) throw new Error("pdftoppm did not write a binary PGM");
  const width = Number(header[1]);
  const height = Number(header[2]);
  const pixels = data.subarray(header[0].length);
  expect(pixels.length).toBe(width * height);
  return { width, height, pixels };
}

function darkShare(pixels: Uint8Array): number {
  return pixels.reduce((n, p) => n + (p < 128 ? 1 : 0), 0) / pixels.length;
}

function text(file: string): string {
  return Buffer.from(poppler("pdftotext", ["-enc", "UTF-8", "-layout", file, "-"]), "latin1").toString("utf8");
}

function expectLooksRendered(file: string) {
  const { width, height, pixels } = firstPageGrey(file);
  expect(width).toBeGreaterThan(400);
  expect(height).toBeGreaterThan(500);
  expect(darkShare(pixels)).toBeGreaterThan(0.01);
  // The clinic's header band: the top ~60 pt of page 1 is the dark brand green behind white text.
  const band = pixels.subarray(5 * width, Math.round((55 / 72) * 50) * width);
  expect(darkShare(band)).toBeGreaterThan(0.75);
  // Below the band is paper, mostly white.
  const body = pixels.subarray(Math.round(height * 0.5) * width, Math.round(height * 0.6) * width);
  expect(darkShare(body)).toBeLessThan(0.5);
}

describe("renderPlanPdf", () => {
  it("renders a realistic plan with everything the client needs", async () => {
    const file = save("realistic", await renderPlanPdf(realistic()));
    const pages = (await PDFDocument.load(readFileSync(file))).getPageCount();
    expect(pages).toBeLessThanOrEqual(2);
    expectLooksRendered(file);

    const words = text(file).replace(/\s+/g, " ");
    for (const expected of [
      "Maple & Birch Day Spa",
      "Phone 519-555-0134",
      "Treatment plan",
      "Hélène Côté",
      "Plan version 2",
      "March 12, 2026",
      "Type III (sometimes burns, tans gradually)",
      "Type II (wrinkles in motion)",
      "Cheek, client's left",
      "1.00–1.25 mm",
      "28 to 42 days (4 to 6 weeks)",
      "About 75 minutes",
      "Why it is approved: Sterile, single-use",
      "$350.00",
      "$1,200.00",
      "no retinoids or acids",
      "A note from Amélie Tremblay",
      // 18:05:09 UTC on 14 March 2026 is 14:05:09 in Toronto, already on daylight time.
      "March 14, 2026 at 2:05:09 p.m. EDT",
      "203.0.113.24",
      SHA,
      `Page 1 of ${pages}`,
    ]) {
      expect(words).toContain(expected);
    }
  });

  it("keeps health information out of the metadata", async () => {
    const pdf = await PDFDocument.load(await renderPlanPdf(realistic()), { updateMetadata: false });
    expect(pdf.getTitle()).toBe("Treatment plan");
    expect(pdf.getCreator()).toBe("Dermaplan");
    const metadata = [pdf.getTitle(), pdf.getAuthor(), pdf.getSubject(), pdf.getKeywords(), pdf.getCreator(), pdf.getProducer()].join(" ");
    for (const secret of ["Hélène", "Côté", "Cheek", "Acne", "Fitzpatrick", SHA]) expect(metadata).not.toContain(secret);
  });

  it("renders the same plan to the same bytes", async () => {
    expect(Buffer.from(await renderPlanPdf(realistic())).equals(Buffer.from(await renderPlanPdf(realistic())))).toBe(true);
  });

  it("says when the plan is not accepted yet and still identifies the version", async () => {
    const doc = realistic();
    doc.acceptance = null;
    doc.clinic.phone = null;
    doc.plan.practitionerName = null;
    doc.plan.fitzpatrick = null;
    doc.plan.noteToClient = "  ";
    const words = text(save("unaccepted", await renderPlanPdf(doc))).replace(/\s+/g, " ");
    expect(words).toContain("Not accepted yet");
    expect(words).toContain(SHA);
    expect(words).toContain("Fitzpatrick skin type Not recorded");
    expect(words).not.toContain("Phone");
    expect(words).not.toContain("A note from");
  });

  it("flows a long plan onto several pages without drawing outside the page", async () => {
    const file = save("long", await renderPlanPdf(long()));
    const pages = (await PDFDocument.load(readFileSync(file))).getPageCount();
    expect(pages).toBeGreaterThanOrEqual(2);
    expectLooksRendered(file);

    const words = text(file).replace(/\s+/g, " ");
    expect(words).toContain(`Page 1 of ${pages}`);
    expect(words).toContain(`Page ${pages} of ${pages}`);
    expect(words).toContain("Treatment plan");
    expect(words).toContain("Zone 39");
    expect(words).toContain(">= 12 weeks");
    expect(words).toContain("Marie-Ève Lukasiewicz-Ngô");
    expect(words).toContain("what we compare. Collagen");
    expect(words).toContain(SHA);

    // Every word pdftotext finds lies inside the side margins and on the page (pdftotext's
    // glyph boxes can overshoot the advance width by about a point).
    const bbox = Buffer.from(poppler("pdftotext", ["-bbox", file, "-"]), "latin1").toString("utf8");
    const boxes = [...bbox.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"/g)].map((m) =>
      m.slice(1).map(Number),
    );
    expect(boxes.length).toBeGreaterThan(1000);
    for (const [xMin = 0, yMin = 0, xMax = 0, yMax = 0] of boxes) {
      expect(xMin).toBeGreaterThanOrEqual(54 - 2);
      expect(xMax).toBeLessThanOrEqual(612 - 54 + 2);
      expect(yMin).toBeGreaterThanOrEqual(0);
      expect(yMax).toBeLessThanOrEqual(792);
    }
  });

  it("never throws on text the standard fonts cannot encode", async () => {
    const doc = realistic();
    doc.client.name = "Zoë O’Brien — 🧖‍♀️ ≥≤ → ½ 𝔘 \u202fok\u0007 e\u0301";
    doc.clinic.name = "Spa Łąka ☀️";
    doc.plan.aftercare = ["\t• Tab-indented\r\nand CRLF", "日本語 only"];
    const words = text(save("charset", await renderPlanPdf(doc))).replace(/\s+/g, " ");
    expect(words).toContain("Zoë O’Brien — >=<= -> ½ U ok é");
    expect(words).toContain("Spa Laka");
    expect(words).toContain("??? only");
  });
});
