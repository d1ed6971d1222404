// The publishing desk in Chromium on a 360 px phone: a manager uploads a stock
// preview with a watermark footer, the library shows the finding, a draft
// using it cannot be published and says why; with a clean image instead it
// publishes. Its French translation is published too, and both public pages
// render without JavaScript in their own language. A text file renamed .jpg
// is refused beside the field, nothing is stored and the draft is untouched.
// axe runs on every staff and public screen on the way.
import { join } from "node:path";
import { count, eq } from "drizzle-orm";
import sharp from "sharp";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderCleanScene } from "../bench/watermark/synth.ts";
import { contentDocuments, contentRevisions, mediaAssets } from "../src/content/tables.ts";
import { expectNoAxeViolations, launchBrowser, newContext, PHONE, trackPageErrors } from "./browser.ts";
import { startInProcessClinic, type InProcessClinic } from "./in-process.ts";

const SLUG = "aftercare-day-by-day";
const SCREENSHOTS = process.env.DERMAPLAN_SCREENSHOTS ?? null;
const BODY_EN = `Your skin needs a little care in the days after microneedling.

## The first day

Keep your hands off your face and skip make-up. A gentle cleanser and the serum we give you are enough.

## The next three days

Use a mineral sunscreen and stay out of strong sun. Redness fades; mild flaking is normal.

[Book your next visit](/book)
`;
const BODY_FR = `Votre peau a besoin d’un peu d’attention dans les jours qui suivent le microneedling.

## Le premier jour

Évitez de toucher votre visage et oubliez le maquillage. Un nettoyant doux et le sérum que nous vous remettons suffisent.

## Les trois jours suivants

Appliquez un écran solaire minéral et évitez le soleil fort. Les rougeurs s’estompent; une légère desquamation est normale.

[Prendre rendez-vous](/fr/book)
`;

let app: InProcessClinic;
let browser: Browser;
let managerCookie: string;
let deskCookie: string;
let documentId = "";

/** A photo-like scene with a stock agency's footer bar across the bottom, as on a preview downloaded without a licence. */
async function watermarkedPreview(): Promise<Buffer> {
  const width = 960;
  const height = 640;
  const scene = await renderCleanScene(11, "interior", width, height);
  const footer = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
      `<rect x="0" y="${height - 64}" width="${width}" height="64" fill="#ffffff" fill-opacity="0.92"/>` +
      `<text x="24" y="${height - 22}" font-family="DejaVu Sans, Arial, sans-serif" font-size="30" font-weight="700" fill="#e0231f">shutterstock</text>` +
      `<text x="330" y="${height - 24}" font-family="DejaVu Sans, Arial, sans-serif" font-size="22" fill="#222">IMAGE ID 123456789  www.shutterstock.com</text>` +
      `</svg>`,
  );
  return sharp(scene)
    .composite([{ input: footer }])
    .jpeg({ quality: 88 })
    .toBuffer();
}

async function shot(page: Page, name: string) {
  if (SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

async function upload(page: Page, o: { name: string; mimeType: string; buffer: Buffer; alt: string; altFr?: string }) {
  await page.goto(`${app.url}/staff/media`);
  await page.getByLabel("Image file").setInputFiles({ name: o.name, mimeType: o.mimeType, buffer: o.buffer });
  await page.getByLabel("Alt text (English)").fill(o.alt);
  if (o.altFr) await page.getByLabel("Alt text (French)").fill(o.altFr);
  await page.getByRole("button", { name: "Upload and check" }).click();
}

async function assetIdFrom(page: Page): Promise<string> {
  await page.waitForURL(/\/staff\/media\/[0-9a-f-]{36}\?saved=uploaded$/, { timeout: 90_000 });
  return /\/staff\/media\/([0-9a-f-]{36})/.exec(page.url())![1]!;
}

async function revisionCount(): Promise<number> {
  const [row] = await app.f.database.db.select({ n: count() }).from(contentRevisions).where(eq(contentRevisions.documentId, documentId));
  return row!.n;
}

beforeAll(async () => {
  [app, browser] = await Promise.all([startInProcessClinic(), launchBrowser()]);
  managerCookie = (await app.addSignedInStaff("manager", { name: "Mira Manager" })).cookie;
  deskCookie = (await app.addSignedInStaff("front-desk", { name: "Dan at the desk" })).cookie;
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe("the publishing desk in the browser", () => {
  it("refuses to publish a draft with a watermarked image, saying why, and publishes it with a clean one, in English and French", async () => {
    const context = await newContext(browser, PHONE);
    await app.useCookie(context, managerCookie);
    const page = await context.newPage();
    const errors = trackPageErrors(page);

    // The watermarked preview: stored, with the finding on its page.
    await page.goto(`${app.url}/staff/media`);
    await expectNoAxeViolations(page, "media library");
    await upload(page, { name: "spa-room.jpg", mimeType: "image/jpeg", buffer: await watermarkedPreview(), alt: "A quiet treatment room" });
    const marked = await assetIdFrom(page);
    const check = page.locator("section[aria-labelledby='findings-title']");
    expect(await check.textContent()).toContain("Watermark found");
    expect(await check.locator(".findings").textContent()).toMatch(/shutterstock/i);
    await expectNoAxeViolations(page, "image with a watermark");
    await shot(page, "publishing-asset-watermark");

    // A draft that uses it, written on the phone.
    await page.goto(`${app.url}/staff/content/new`);
    await page.getByRole("heading", { level: 1, name: "New article or page" }).waitFor();
    await expectNoAxeViolations(page, "new article");
    await page.getByLabel("Title").fill("Aftercare, day by day");
    await page.getByLabel("Summary").fill("What to do, and what to skip, in the days after a microneedling session.");
    await page.getByLabel("Text (Markdown)").fill(BODY_EN);
    await page.getByLabel("Cover image").selectOption(marked);
    await page.getByRole("button", { name: "Create the draft" }).click();
    await page.waitForURL(/\/staff\/content\/[0-9a-f-]{36}\?saved=created$/);
    documentId = /\/staff\/content\/([0-9a-f-]{36})/.exec(page.url())![1]!;
    const guard = page.locator("section[aria-labelledby='guard-title']");
    expect(await guard.textContent()).toMatch(/One finding blocks publishing/);
    expect(await guard.textContent()).toContain("image.watermark");
    await expectNoAxeViolations(page, "edit page with a blocking finding");

    await page.getByRole("button", { name: "Publish now" }).click();
    await page.getByRole("alert").filter({ hasText: "Not published" }).waitFor();
    expect(await page.getByRole("alert").filter({ hasText: "Not published" }).textContent()).toMatch(/quality guard found a problem/);
    // The button is at the bottom of a long page: the message takes the focus and is scrolled into view.
    await page.waitForFunction(() => document.activeElement?.id === "publish-blocked");
    const summaryTop = await page.locator("#publish-blocked").evaluate((el) => el.getBoundingClientRect().top);
    expect(summaryTop).toBeGreaterThan(-2);
    expect(summaryTop).toBeLessThan(await page.evaluate(() => window.innerHeight));
    expect(await guard.textContent()).toMatch(/shutterstock/i);
    await shot(page, "publishing-edit-blocked");
    expect((await fetch(`${app.url}/articles/${SLUG}`)).status).toBe(404);
    // Nothing on the site serves the draft's image to the public.
    expect((await fetch(`${app.url}/media/${marked}/480.webp`)).status).toBe(404);

    // A clean scene instead: no findings, and it publishes.
    await upload(page, {
      name: "room.jpg",
      mimeType: "image/jpeg",
      buffer: Buffer.from(await renderCleanScene(7, "gradient", 1200, 800)),
      alt: "Soft morning light in the treatment room",
      altFr: "Lumière douce du matin dans la salle de soins",
    });
    const clean = await assetIdFrom(page);
    await page.getByText("No findings").first().waitFor();
    await page.goto(`${app.url}/staff/content/${documentId}`);
    await page.getByLabel("Cover image").selectOption(clean);
    // The image also goes into the text, at the cursor, with the helper.
    const body = page.getByLabel("Text (Markdown)");
    await body.focus();
    await page.keyboard.press("ControlOrMeta+End");
    await page.getByRole("button", { name: "Insert “Soft morning light in the treatment room”" }).click();
    expect(await body.inputValue()).toContain(`![Soft morning light in the treatment room](/media/${clean}/original.webp)`);
    await page.getByRole("button", { name: "Publish now" }).click();
    await page.getByText("Published: it is on the site now.").waitFor();
    await expectNoAxeViolations(page, "edit page, published");

    await page.goto(`${app.url}/staff/content/${documentId}/preview`);
    await page.getByText("Preview — not published").waitFor();
    await expectNoAxeViolations(page, "preview");
    await shot(page, "publishing-preview");
    await page.goto(`${app.url}/staff/content/${documentId}/revisions`);
    expect(await page.locator(".revision-list > li").count()).toBe(2);
    await expectNoAxeViolations(page, "revisions");
    await shot(page, "publishing-revisions");
    await page.goto(`${app.url}/staff/content`);
    await expectNoAxeViolations(page, "pages and articles");
    await shot(page, "publishing-list");

    // The French version: same address, translated.
    await page.goto(`${app.url}/staff/content/${documentId}`);
    await page.getByRole("link", { name: "Translate into French" }).click();
    await page.waitForURL(/\/staff\/content\/new\?from=/);
    await page.getByText("A translation of “Aftercare, day by day”").waitFor();
    expect(await page.getByLabel("French").isChecked()).toBe(true);
    await page.getByLabel("Title").fill("Les soins après, jour après jour");
    await page.getByLabel("Summary").fill("Quoi faire, et quoi éviter, dans les jours qui suivent une séance de microneedling.");
    await page.getByLabel("Text (Markdown)").fill(BODY_FR);
    await page.getByRole("button", { name: "Create the draft" }).click();
    await page.waitForURL(/saved=created$/);
    await page.getByRole("button", { name: "Publish now" }).click();
    await page.getByText("Published: it is on the site now.").waitFor();
    expect(errors).toEqual([]);
    await context.close();

    // The public pages, without JavaScript.
    const visitor = await newContext(browser, { ...PHONE, javaScriptEnabled: false });
    const tab = await visitor.newPage();
    const en = await tab.goto(`${app.url}/articles/${SLUG}`);
    expect(en?.status()).toBe(200);
    expect(await tab.locator("article").getAttribute("lang")).toBe("en-CA");
    expect(await tab.locator("article h1").textContent()).toBe("Aftercare, day by day");
    expect(await tab.locator("article picture source[type='image/avif']").count()).toBeGreaterThan(0);
    const hrefs = (selector: string) => tab.locator(selector).evaluateAll((els) => els.map((e) => e.getAttribute("href")));
    expect(new Set(await hrefs('link[rel="canonical"]'))).toEqual(new Set([`${app.url}/articles/${SLUG}`]));
    expect(new Set(await hrefs('link[rel="alternate"][hreflang="fr-CA"]'))).toEqual(new Set([`${app.url}/fr/articles/${SLUG}`]));
    // The article's own preview image comes first, before any the site shares.
    expect(await tab.locator('meta[property="og:image"]').first().getAttribute("content")).toBe(`${app.url}/media/${clean}/1200.webp`);
    expect(await tab.locator('meta[property="og:type"]').first().getAttribute("content")).toBe("article");
    const jsonLd = (await tab.locator('script[type="application/ld+json"]').allTextContents()).map(
      (t) => JSON.parse(t) as Record<string, unknown>,
    );
    expect(jsonLd).toContainEqual(expect.objectContaining({ "@type": "Article", headline: "Aftercare, day by day", inLanguage: "en-CA" }));
    expect(await tab.locator("script:not([type='application/ld+json'])").count()).toBe(0);
    expect(await tab.locator(".content-cta a").getAttribute("href")).toBe("/book");
    await expectNoAxeViolations(tab, "public article (English)");

    const fr = await tab.goto(`${app.url}/fr/articles/${SLUG}`);
    expect(fr?.status()).toBe(200);
    expect(await tab.locator("article").getAttribute("lang")).toBe("fr-CA");
    expect(await tab.locator("html").getAttribute("lang")).toBe("fr-CA");
    expect(await tab.locator("article h1").textContent()).toBe("Les soins après, jour après jour");
    expect(await tab.locator(".content-cta a").textContent()).toBe("Prendre rendez-vous");
    expect(await tab.locator(".content-cta a").getAttribute("href")).toBe("/fr/book");
    expect(await tab.locator("article picture img").first().getAttribute("alt")).toBe("Lumière douce du matin dans la salle de soins");
    await expectNoAxeViolations(tab, "public article (French)");
    await shot(tab, "publishing-public-fr");

    await tab.goto(`${app.url}/fr/articles`);
    expect(await tab.getByRole("link", { name: "Les soins après, jour après jour" }).getAttribute("href")).toBe(`/fr/articles/${SLUG}`);
    await expectNoAxeViolations(tab, "article list (French)");
    await tab.goto(`${app.url}/articles`);
    await expectNoAxeViolations(tab, "article list (English)");
    await shot(tab, "publishing-public-list");

    // The published cover is public now, with the right type and a long cache; the watermarked preview stays private.
    const image = await fetch(`${app.url}/media/${clean}/960.avif`);
    expect(image.status).toBe(200);
    expect(image.headers.get("content-type")).toBe("image/avif");
    expect(image.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(image.headers.get("x-content-type-options")).toBe("nosniff");
    expect((await fetch(`${app.url}/media/${marked}/960.webp`)).status).toBe(404);
    await visitor.close();
  }, 300_000);

  it("refuses a text file renamed .jpg beside the field, stores nothing and leaves the draft as it was", async () => {
    const db = app.f.database.db;
    const [before] = await db.select({ n: count() }).from(mediaAssets);
    const revisions = await revisionCount();
    const [doc] = await db.select().from(contentDocuments).where(eq(contentDocuments.id, documentId));

    const context = await newContext(browser, PHONE);
    await app.useCookie(context, deskCookie);
    const page = await context.newPage();
    const errors = trackPageErrors(page);
    await upload(page, {
      name: "clinic-photo.jpg",
      mimeType: "image/jpeg",
      buffer: Buffer.from("Shopping list: towels, serum, gloves.\nThis is not a photo.\n"),
      alt: "The front desk",
    });
    const message = page.locator("#field-file-error");
    await message.waitFor();
    expect(await message.textContent()).toBe("This file is not an image we can read. Upload a JPEG, PNG, WebP, AVIF or GIF image.");
    // What was typed is still there; the summary links to the field.
    expect(await page.getByLabel("Alt text (English)").inputValue()).toBe("The front desk");
    expect(await page.getByRole("link", { name: /not an image we can read/ }).getAttribute("href")).toBe("#field-file");
    await expectNoAxeViolations(page, "refused upload");
    await shot(page, "publishing-refused-upload");

    // The desk may write but not publish.
    await page.goto(`${app.url}/staff/content/${documentId}`);
    expect(await page.getByRole("button", { name: "Publish now" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Submit for review" }).count()).toBe(1);
    expect(errors).toEqual([]);
    await context.close();

    const [after] = await db.select({ n: count() }).from(mediaAssets);
    expect(after!.n).toBe(before!.n);
    expect(await revisionCount()).toBe(revisions);
    const [same] = await db.select().from(contentDocuments).where(eq(contentDocuments.id, documentId));
    expect(same).toEqual(doc);
  }, 120_000);
});
