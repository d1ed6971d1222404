import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PDFDocument, PDFPage, StandardFonts } from "pdf-lib";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { darkShare, pdfCharBoxes, pdfText, renderGrey } from "../testing/pdf-reader.ts";
import { LABELS, renderPlanPdf, type PlanDocument } from "./pdf.ts";

const dir = mkdtempSync(join(tmpdir(), "dermaplan-plan-pdf-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SHA = "3f7a9c0e5b2d4f6a8c1e3b5d7f9a2c4e6b8d0f1a3c5e7b9d2f4a6c8e0b1d3f5a";

function realistic(): PlanDocument {
  return {
    clinic: {
      name: "Maple & Birch Day Spa",
      locationLine: "12 King St W, Suite 4, Kitchener, ON N2G 1A1",
      phone: "519-555-0134",
      email: "hello@mapleandbirch.ca",
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
        {
          zoneLabel: "Cheek, client's right",
          indicationLabel: "Acne scars",
          depthMinMm: 1,
          depthMaxMm: 1.25,
          clinicDefault: false,
          adjusted: true,
        },
        { zoneLabel: "Forehead", indicationLabel: "Fine lines", depthMinMm: 0.25, depthMaxMm: 0.5, clinicDefault: true },
        { zoneLabel: "Neck", indicationLabel: "Texture and pores", depthMinMm: 0.5, depthMaxMm: 0.5, clinicDefault: true },
      ],
      sessions: 4,
      intervalMinDays: 28,
      intervalMaxDays: 42,
      earliestStart: "2026-04-09",
      visitMinutes: 45,
      numbingMinutes: 30,
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

/** A plan offered in French: its client copy is French, so the document's own words are too. */
function french(): PlanDocument {
  const doc = realistic();
  doc.locale = "fr";
  doc.plan.zones = [
    { zoneLabel: "Joue, gauche", indicationLabel: "Cicatrices d’acné", depthMinMm: 1, depthMaxMm: 1.5, clinicDefault: true },
    {
      zoneLabel: "Joue, droite",
      indicationLabel: "Cicatrices d’acné",
      depthMinMm: 1,
      depthMaxMm: 1.25,
      clinicDefault: false,
      adjusted: true,
    },
    { zoneLabel: "Front", indicationLabel: "Ridules et rides", depthMinMm: 0.25, depthMaxMm: 0.5, clinicDefault: true },
  ];
  doc.plan.downtime = "Attendez-vous à une rougeur comme un coup de soleil modéré. Une sécheresse peut durer jusqu’à une semaine.";
  doc.plan.aftercare = ["Jour du traitement\u00a0: pas de maquillage ni d’écran solaire pendant les 24\u00a0premières heures."];
  doc.plan.achievability = "Au fil des séances, les cicatrices d’acné en creux deviennent moins profondes.";
  doc.plan.noteToClient = "Hélène, apportez une photo de votre peau à chaque visite; « à la lumière du jour », c’est l’idéal.";
  return doc;
}

function save(name: string, bytes: Uint8Array): string {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, bytes);
  return file;
}

function text(file: string): string {
  return pdfText(readFileSync(file));
}

function expectLooksRendered(file: string) {
  const { width, height, pixels } = renderGrey(readFileSync(file), 50);
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
      // The full address, and how to reach the clinic, in the header band.
      "12 King St W, Suite 4, Kitchener, ON N2G 1A1",
      "Phone 519-555-0134 · E-mail hello@mapleandbirch.ca",
      "Treatment plan",
      "Hélène Côté",
      "Plan version 2",
      "March 12, 2026",
      "Type III (sometimes burns, tans gradually)",
      "Type II (wrinkles in motion)",
      "Cheek, client's left",
      "1.00–1.25 mm",
      "28 to 42 days (4 to 6 weeks)",
      "Earliest first session April 9, 2026",
      "About 45 minutes, plus 30 minutes for the numbing cream to work",
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
    // "Adjusted for you" only under the one depth set for this client; the others are the clinic's usual depth.
    expect(words.match(/Adjusted for you/g)).toHaveLength(1);
    expect(words.match(/The clinic's usual depth/g)).toHaveLength(3);
  });

  it("says when the series may start as offered: a date, after the practitioner's review, or nothing on an older version", async () => {
    const afterReview = realistic();
    afterReview.plan.earliestStart = null;
    const waiting = text(save("after-review", await renderPlanPdf(afterReview))).replace(/\s+/g, " ");
    expect(waiting).toContain("Earliest first session After your practitioner reviews your health questionnaire");

    const older = realistic();
    delete older.plan.earliestStart;
    older.clinic.email = null;
    const words = text(save("older", await renderPlanPdf(older))).replace(/\s+/g, " ");
    expect(words).not.toContain("Earliest first session");
    expect(words).toContain("Time between sessions 28 to 42 days");
    expect(words).toContain("Phone 519-555-0134");
    expect(words).not.toContain("E-mail");
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

    // Every character lies inside the side margins and on the page (a glyph's box can
    // overshoot its advance width by about a point).
    const pagesOfBoxes = pdfCharBoxes(readFileSync(file));
    expect(pagesOfBoxes).toHaveLength(pages);
    expect(pagesOfBoxes.flat().length).toBeGreaterThan(5000);
    for (const { xMin, yMin, xMax, yMax } of pagesOfBoxes.flat()) {
      expect(xMin).toBeGreaterThanOrEqual(54 - 2);
      expect(xMax).toBeLessThanOrEqual(612 - 54 + 2);
      expect(yMin).toBeGreaterThanOrEqual(0);
      expect(yMax).toBeLessThanOrEqual(792);
    }
  });

  it("speaks French for a plan offered in French: headings, labels, dates, money and footers", async () => {
    const file = save("french", await renderPlanPdf(french()));
    const pages = (await PDFDocument.load(readFileSync(file))).getPageCount();
    expectLooksRendered(file);

    const words = text(file).replace(/\s+/g, " ");
    for (const expected of [
      "Maple & Birch Day Spa",
      "Téléphone 519-555-0134 · Courriel hello@mapleandbirch.ca",
      "Plan de traitement",
      "Hélène Côté",
      "Version 2 du plan · 12 mars 2026 · Préparé par Amélie Tremblay",
      "Évaluation de la peau",
      "Phototype de Fitzpatrick Type III (brûle parfois, bronze graduellement)",
      "Photovieillissement de Glogau Type II (rides en mouvement)",
      "Zones de traitement",
      "Profondeur des aiguilles",
      "Joue, gauche",
      "1,00–1,25 mm",
      "Réglage habituel de la clinique",
      "Ajusté pour vous",
      "Déroulement du traitement",
      "Intervalle entre les séances 28 à 42 jours (4 à 6 semaines)",
      "Première séance au plus tôt 9 avril 2026",
      "Environ 45 minutes, plus 30 minutes pour que la crème anesthésiante agisse",
      "Crème anesthésiante Oui",
      "Pourquoi il est approuvé : Sterile, single-use",
      "Prix par séance 350,00 $",
      "Forfait de 4 séances 1 200,00 $",
      "Temps de récupération prévu",
      "Soins après le traitement",
      "Jour du traitement : pas de maquillage",
      "Ce que ce plan peut faire, et ce qu’il ne peut pas faire",
      "Un mot d’Amélie Tremblay",
      "« à la lumière du jour »",
      "Acceptation",
      "Nom tapé Hélène Côté",
      // 18:05:09 UTC on 14 March 2026 is 14:05:09 in Toronto, already on daylight time (HAE).
      "Acceptée le 14 mars 2026 à 14 h 05 min 09 s HAE",
      "Adresse IP 203.0.113.24",
      SHA,
      "Plan de traitement, version 2",
      `Page 1 sur ${pages}`,
    ]) {
      expect(words).toContain(expected);
    }
    for (const english of [
      "Treatment plan",
      "Skin assessment",
      "Needle depth",
      "Accepted at",
      "Price per session",
      "Page 1 of",
      "Not recorded",
    ]) {
      expect(words).not.toContain(english);
    }

    const pdf = await PDFDocument.load(readFileSync(file), { updateMetadata: false });
    expect(pdf.getTitle()).toBe("Plan de traitement");
  });

  it("elides « de » before a vowel or a silent h in the practitioner's name", () => {
    const { noteFrom } = LABELS.fr;
    expect(noteFrom("Amélie Tremblay")).toBe("Un mot d’Amélie Tremblay");
    expect(noteFrom("Élodie Roy")).toBe("Un mot d’Élodie Roy");
    expect(noteFrom("Hélène Côté")).toBe("Un mot d’Hélène Côté");
    expect(noteFrom("Julie Gagnon")).toBe("Un mot de Julie Gagnon");
    expect(LABELS.en.noteFrom("Hélène Côté")).toBe("A note from Hélène Côté");
  });

  it("says in French when a French plan is not accepted yet", async () => {
    const doc = french();
    doc.acceptance = null;
    doc.plan.fitzpatrick = null;
    doc.plan.products = [];
    const words = text(save("french-unaccepted", await renderPlanPdf(doc))).replace(/\s+/g, " ");
    expect(words).toContain("Cette version n’a pas encore été acceptée.");
    expect(words).toContain("Phototype de Fitzpatrick Non indiqué");
    expect(words).toContain("Aucun produit n’est appliqué après le traitement dans ce plan.");
    expect(words).not.toContain("Not accepted yet");
  });

  describe("with an Intl that puts narrow no-break spaces in dates and money", () => {
    const real = { DateTimeFormat: Intl.DateTimeFormat, NumberFormat: Intl.NumberFormat };
    afterEach(() => {
      Intl.DateTimeFormat = real.DateTimeFormat;
      Intl.NumberFormat = real.NumberFormat;
      vi.restoreAllMocks();
    });

    it("draws only what WinAnsi encodes, with a plain space for each of them", async () => {
      // Some ICU versions write French times and amounts with U+202F ("14 h 05", "350,00 $"); make this one do so.
      const narrow = (s: string) => s.replace(/[ \u00a0]/g, "\u202f");
      Intl.DateTimeFormat = class extends real.DateTimeFormat {
        override format(date?: Date | number): string {
          return narrow(super.format(date));
        }
      } as typeof Intl.DateTimeFormat;
      Intl.NumberFormat = class extends real.NumberFormat {
        override format(n: number | bigint): string {
          return narrow(super.format(n));
        }
      } as typeof Intl.NumberFormat;
      expect(new Intl.NumberFormat("fr-CA", { style: "currency", currency: "CAD" }).format(350)).toContain("\u202f");

      const drawn: string[] = [];
      const drawText = PDFPage.prototype.drawText;
      vi.spyOn(PDFPage.prototype, "drawText").mockImplementation(function (this: PDFPage, text, options) {
        drawn.push(text);
        return drawText.call(this, text, options);
      });
      const doc = french();
      doc.clinic.name = "Spa\u202fBoréal";
      doc.plan.downtime = "Rougeur de 24\u202fà 48\u202fheures.";
      doc.plan.zones[0]!.zoneLabel = "Joue,\u202fgauche";
      const file = save("french-narrow", await renderPlanPdf(doc));

      const winAnsi = new Set((await (await PDFDocument.create()).embedFont(StandardFonts.Helvetica)).getCharacterSet());
      expect(drawn.length).toBeGreaterThan(50);
      for (const t of drawn) {
        for (const ch of t) expect(winAnsi.has(ch.codePointAt(0)!), `U+${ch.codePointAt(0)!.toString(16)} in “${t}”`).toBe(true);
      }
      expect(drawn.join("\n")).not.toContain("\u202f");
      expect(drawn).toContain("Rougeur de 24 à 48 heures.");
      expect(drawn).toContain("350,00 $");
      expect(drawn.some((t) => t.startsWith("12 mars 2026 ") || t.includes(" · 12 mars 2026 · "))).toBe(true);

      const words = text(file).replace(/\s+/g, " ");
      expect(words).toContain("Spa Boréal");
      expect(words).toContain("Joue, gauche");
      expect(words).toContain("Acceptée le 14 mars 2026 à 14 h 05 min 09 s HAE");
      expect(words).toContain("Forfait de 4 séances 1 200,00 $");
    });
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
