// The public website on a 360 px phone without JavaScript, in English and
// French: every page answers, speaks its language, names its canonical address
// and language alternates, offers a booking call to action and passes axe; the
// language switch keeps the page; search engines get JSON-LD, a sitemap and
// robots.txt; prices and hours are written the French way on French pages.
import { beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { expectNoAxeViolations, expectNoHorizontalScroll, newPhonePage, PHONE } from "./browser.ts";
import { useServerAndBrowser } from "./server.ts";
import { openHeaderMenu } from "./header-menu.ts";

const suite = useServerAndBrowser();
/** The configured public origin: the server derives it from HOST and PORT when PUBLIC_URL is unset. */
let origin: string;

beforeAll(async () => {
  origin = `http://localhost:${suite.server.port}`;
});

const PAGES = ["/", "/microneedling", "/about", "/contact", "/privacy", "/articles", "/book"] as const;
const frPath = (path: string) => (path === "/" ? "/fr" : `/fr${path}`);
// French separates amounts and times with no-break spaces.
const plain = (s: string | null | undefined) => (s ?? "").replace(/[\u00a0\u202f]/g, " ").replace(/\s+/g, " ");

const phonePage = () => newPhonePage(suite.browser, { javaScriptEnabled: false });

async function jsonLd(page: Page): Promise<Record<string, unknown>[]> {
  const blocks = await page.locator('script[type="application/ld+json"]').allTextContents();
  return blocks.map((text) => JSON.parse(text) as Record<string, unknown>);
}

function ofType(blocks: Record<string, unknown>[], type: string): Record<string, unknown> {
  const found = blocks.find((b) => b["@type"] === type);
  if (!found) throw new Error(`No ${type} JSON-LD among ${blocks.map((b) => b["@type"]).join(", ")}`);
  return found;
}

describe("public pages in both languages", () => {
  const titles = new Map<string, string[]>();
  const visits = PAGES.flatMap((path) => [
    { locale: "en" as const, path, url: path },
    { locale: "fr" as const, path, url: frPath(path) },
  ]);

  it.each(visits)(
    "$url answers in its language with canonical, alternates, a booking link and no axe violations",
    async ({ locale, path, url }) => {
      const page = await phonePage();
      const response = await page.goto(suite.server.url + url);
      expect(response?.status()).toBe(200);
      expect(await page.locator("html").getAttribute("lang")).toBe(locale === "en" ? "en-CA" : "fr-CA");

      const title = await page.title();
      expect(title.length).toBeGreaterThan(5);
      titles.set(title, [...(titles.get(title) ?? []), url]);
      expect(await page.locator('meta[name="description"]').count()).toBe(1);
      expect((await page.locator('meta[name="description"]').getAttribute("content"))!.length).toBeGreaterThan(40);

      const canonical = page.locator('link[rel="canonical"]');
      expect(await canonical.count()).toBe(1);
      expect(await canonical.getAttribute("href")).toBe(origin + url);
      const alternates = Object.fromEntries(
        await page
          .locator('link[rel="alternate"][hreflang]')
          .evaluateAll((links) => links.map((l) => [l.getAttribute("hreflang"), l.getAttribute("href")])),
      );
      expect(alternates).toEqual({ "en-CA": origin + path, "fr-CA": origin + frPath(path), "x-default": origin + path });
      expect(await page.locator('meta[property="og:url"]').getAttribute("content")).toBe(origin + url);
      expect(await page.locator('meta[property="og:image"]').getAttribute("content")).toBe(`${origin}/og-image.png`);
      expect(await page.locator('meta[property="og:locale"]').getAttribute("content")).toBe(locale === "en" ? "en_CA" : "fr_CA");

      // On a phone the header's button reads "Book" ("Réserver"); its name is the whole call to action.
      const ctaName = locale === "en" ? "Book a free consultation" : "Réserver une consultation gratuite";
      const cta = page.getByRole("banner").getByRole("link", { name: ctaName, exact: true });
      expect(await cta.getAttribute("href")).toBe(locale === "en" ? "/book/consultation" : "/fr/book/consultation");
      expect(await cta.locator(".cta-short").textContent()).toBe(locale === "en" ? "Book" : "Réserver");
      expect(await cta.locator(".cta-short").isVisible()).toBe(true);

      // Plain HTML: no application bundle on a public page.
      const html = await page.content();
      expect(html).not.toMatch(/<script[^>]+src=/);
      expect(html).not.toContain("__reactRouter");

      await expectNoAxeViolations(page, url);
      await expectNoHorizontalScroll(page);
      await page.context().close();
    },
  );

  it("gives every page its own title, in each language", () => {
    expect(titles.size, "every page above was visited").toBeGreaterThan(0);
    const repeated = [...titles.entries()].filter(([, urls]) => urls.length > 1).map(([title, urls]) => `${title}: ${urls.join(", ")}`);
    expect(repeated).toEqual([]);
  });

  it("switches language on the same page and back", async () => {
    const page = await phonePage();
    await page.goto(`${suite.server.url}/microneedling#aftercare`);
    // On a phone the switch is in the header's Menu.
    await openHeaderMenu(page);
    const toFrench = page.getByRole("link", { name: "Français" });
    expect(await toFrench.getAttribute("hreflang")).toBe("fr-CA");
    expect(await toFrench.getAttribute("lang")).toBe("fr-CA");
    await toFrench.click();
    await page.waitForURL(`${suite.server.url}/fr/microneedling`);
    expect(await page.locator("html").getAttribute("lang")).toBe("fr-CA");
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Le microneedling");
    expect(await page.getByRole("heading", { name: "Soins après le traitement, jour après jour" }).count()).toBe(1);

    await openHeaderMenu(page);
    const toEnglish = page.getByRole("link", { name: "English" });
    expect(await toEnglish.getAttribute("lang")).toBe("en-CA");
    await toEnglish.click();
    await page.waitForURL(`${suite.server.url}/microneedling`);
    expect(await page.locator("html").getAttribute("lang")).toBe("en-CA");

    // A query string stays with the page.
    await page.goto(`${suite.server.url}/fr/book?from=test`);
    await openHeaderMenu(page);
    expect(await page.getByRole("link", { name: "English" }).getAttribute("href")).toBe("/book?from=test");
    await page.context().close();
  });

  it("answers an unknown French address in French", async () => {
    const page = await phonePage();
    const response = await page.goto(`${suite.server.url}/fr/nulle-part`);
    expect(response?.status()).toBe(404);
    expect(await page.locator("html").getAttribute("lang")).toBe("fr-CA");
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Page introuvable");
    expect(await page.getByRole("link", { name: "Aller à la page d’accueil" }).getAttribute("href")).toBe("/fr");
    await page.context().close();
  });
});

describe("what the pages say", () => {
  it("puts the phone number in a tel: link and the price in French style on French pages", async () => {
    const page = await phonePage();
    await page.goto(`${suite.server.url}/`);
    const call = page.locator('main a[href="tel:+15197259999"]');
    expect(await call.first().textContent()).toBe("(519) 725-9999");
    expect(await page.locator('footer a[href="tel:+15197259999"]').count()).toBe(1);

    await page.goto(`${suite.server.url}/microneedling`);
    const english = plain(await page.locator('section[aria-labelledby="prices"]').textContent());
    expect(english).toContain("$299");
    expect(english).toContain("Free");

    await page.goto(`${suite.server.url}/fr/microneedling`);
    const french = plain(await page.locator('section[aria-labelledby="prices"]').textContent());
    expect(french).toContain("299 $");
    expect(french).toContain("349 $");
    expect(french).toContain("Gratuit");
    expect(french).not.toContain("$299");
    // The clinic's French names and descriptions, not the English marked as English.
    expect(french).toContain("Microneedling — visage et cou");
    expect(french).toContain("crème anesthésiante comprise");
    expect(await page.locator('section[aria-labelledby="prices"] [lang="en"]').count()).toBe(0);
    // The FAQ's price answer reads the same table.
    expect(plain(await page.locator("#faq-cost").textContent())).toContain("299 $");
    await page.context().close();
  });

  it("shows opening hours as the union of the practitioners' weekly hours, closed days included", async () => {
    const page = await phonePage();
    await page.goto(`${suite.server.url}/contact`);
    const rows = async () =>
      page
        .locator("table.hours tbody tr")
        .evaluateAll((trs) => trs.map((tr) => [tr.querySelector("th")!.textContent, tr.querySelector("td")!.textContent]));
    expect(await rows()).toEqual([
      ["Monday", "9:00 a.m. to 5:00 p.m."],
      ["Tuesday", "9:00 a.m. to 7:00 p.m."],
      ["Wednesday", "9:00 a.m. to 7:00 p.m."],
      ["Thursday", "9:00 a.m. to 7:00 p.m."],
      ["Friday", "9:00 a.m. to 6:00 p.m."],
      ["Saturday", "10:00 a.m. to 4:00 p.m."],
      ["Sunday", "Closed"],
    ]);
    expect(await page.locator('a[href^="mailto:"]').first().textContent()).toContain("@");
    // The demo clinic has no street address: the city and region stand alone.
    expect(plain(await page.locator(".contact-details address").textContent())).toContain("Kitchener-Waterloo, ON");

    await page.goto(`${suite.server.url}/fr/contact`);
    const french = (await rows()).map(([day, hours]) => [day, plain(hours)]);
    expect(french[0]).toEqual(["Lundi", "de 9 h 00 à 17 h 00"]);
    expect(french[6]).toEqual(["Dimanche", "Fermé"]);
    await page.context().close();
  });

  it("lists the practitioners from the practitioners table on the about page", async () => {
    const page = await phonePage();
    await page.goto(`${suite.server.url}/about`);
    const team = await page.locator(".team li").allTextContents();
    expect(team).toEqual(["Maja KowalskaMedical aesthetician", "Elena MarchettiSkin therapist"]);
    await page.goto(`${suite.server.url}/fr/about`);
    expect(await page.locator(".team li").allTextContents()).toEqual([
      "Maja KowalskaEsthéticienne médicale",
      "Elena MarchettiThérapeute en soins de la peau",
    ]);
    expect(await page.locator('.team [lang="en"]').count()).toBe(0);
    await page.context().close();
  });

  it("names the services in French on the French booking list, in the page's language", async () => {
    const page = await phonePage();
    await page.goto(`${suite.server.url}/fr/book`);
    const consultation = page.getByRole("heading", { level: 3, name: "Consultation en microneedling" });
    expect(await consultation.count()).toBe(1);
    expect(await consultation.getAttribute("lang")).toBeNull();
    expect(await page.getByRole("heading", { level: 3, name: "Microneedling — cuir chevelu" }).count()).toBe(1);
    expect(await page.locator('main [lang="en"]').count()).toBe(0);
    await page.context().close();
  });
});

describe("search and sharing", () => {
  it("describes the clinic, the service and the FAQ in JSON-LD that parses", async () => {
    const page = await phonePage();
    await page.goto(`${suite.server.url}/`);
    const spa = ofType(await jsonLd(page), "DaySpa");
    expect(spa).toMatchObject({
      name: "Jolanta's European Spa",
      telephone: "(519) 725-9999",
      url: `${origin}/`,
      address: { "@type": "PostalAddress", addressLocality: "Kitchener-Waterloo", addressRegion: "ON", addressCountry: "CA" },
      priceRange: "299–349 CAD",
    });
    expect(spa.openingHoursSpecification).toContainEqual({
      "@type": "OpeningHoursSpecification",
      dayOfWeek: ["Tuesday", "Wednesday", "Thursday"],
      opens: "09:00",
      closes: "19:00",
    });

    for (const path of ["/about", "/contact", "/fr/contact"]) {
      await page.goto(suite.server.url + path);
      expect(ofType(await jsonLd(page), "DaySpa").telephone, path).toBe("(519) 725-9999");
    }

    await page.goto(`${suite.server.url}/fr/microneedling`);
    const blocks = await jsonLd(page);
    const service = ofType(blocks, "Service");
    expect(service).toMatchObject({
      name: "Microneedling",
      inLanguage: "fr-CA",
      url: `${origin}/fr/microneedling`,
      provider: { "@type": "DaySpa", name: "Jolanta's European Spa" },
    });
    expect(service.offers).toContainEqual(
      expect.objectContaining({
        "@type": "Offer",
        name: "Microneedling — visage",
        price: "299.00",
        priceCurrency: "CAD",
        url: `${origin}/fr/book/microneedling-face`,
      }),
    );
    const faq = ofType(blocks, "FAQPage") as { mainEntity: { name: string; acceptedAnswer: { text: string } }[] };
    const shown = await page.locator(".faq summary").allTextContents();
    expect(faq.mainEntity.map((q) => q.name)).toEqual(shown);
    expect(faq.mainEntity[0]!.acceptedAnswer.text.length).toBeGreaterThan(40);

    // The JSON sits in the page escaped, so no text in it can end the script element.
    const html = await page.content();
    for (const m of html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)) expect(m[1]).not.toContain("<");
    await page.context().close();
  });

  it("raises no Content-Security-Policy complaint for the JSON-LD", async () => {
    const context = await suite.browser.newContext({ ...PHONE });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") problems.push(m.text());
    });
    page.on("pageerror", (e) => problems.push(e.message));
    for (const path of ["/", "/microneedling", "/fr/contact"]) await page.goto(suite.server.url + path, { waitUntil: "load" });
    expect(problems).toEqual([]);
    await context.close();
  });

  it("serves a sitemap with both languages and their alternates, as valid XML", async () => {
    const response = await fetch(`${suite.server.url}/sitemap.xml`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/xml");
    const xml = await response.text();
    const context = await suite.browser.newContext();
    const page = await context.newPage();
    const parsed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, "application/xml");
      if (doc.getElementsByTagName("parsererror").length) return null;
      const urls = [...doc.getElementsByTagNameNS("http://www.sitemaps.org/schemas/sitemap/0.9", "url")];
      return urls.map((u) => ({
        loc: u.getElementsByTagNameNS("http://www.sitemaps.org/schemas/sitemap/0.9", "loc")[0]!.textContent,
        alternates: [...u.getElementsByTagNameNS("http://www.w3.org/1999/xhtml", "link")].map((l) => l.getAttribute("hreflang")),
      }));
    }, xml);
    await context.close();
    expect(parsed).not.toBeNull();
    const locs = parsed!.map((u) => u.loc);
    for (const path of PAGES) {
      expect(locs).toContain(origin + path);
      expect(locs).toContain(origin + frPath(path));
    }
    expect(locs).toContain(`${origin}/candidate`);
    expect(locs.some((l) => l!.includes("/staff") || l!.includes("/manage"))).toBe(false);
    expect(parsed!.find((u) => u.loc === `${origin}/fr/about`)!.alternates).toEqual(["en-CA", "fr-CA", "x-default"]);
  });

  it("serves robots.txt that keeps crawlers out of private areas and names the sitemap", async () => {
    const response = await fetch(`${suite.server.url}/robots.txt`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/plain");
    const text = await response.text();
    for (const path of ["/staff", "/portal", "/api", "/manage", "/fr/manage", "/candidate/book", "/fr/candidate/book"]) {
      expect(text).toContain(`Disallow: ${path}\n`);
    }
    expect(text).toContain(`Sitemap: ${origin}/sitemap.xml`);
  });

  it("serves the 1200×630 preview image", async () => {
    const response = await fetch(`${suite.server.url}/og-image.png`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/png");
    const bytes = new DataView(await response.arrayBuffer());
    // PNG IHDR: width and height are the big-endian words at bytes 16 and 20.
    expect([bytes.getUint32(16), bytes.getUint32(20)]).toEqual([1200, 630]);
  });
});
