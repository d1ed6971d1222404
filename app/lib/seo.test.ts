import { describe, expect, it } from "vitest";
import {
  alternates,
  canonicalUrl,
  daySpaJsonLd,
  documentSitemapEntry,
  faqPageJsonLd,
  isIndexable,
  openingHoursSpecification,
  pageMeta,
  priceRange,
  robotsTxt,
  serviceJsonLd,
  siteHeadTags,
  sitemapXml,
  staticSitemapEntries,
  type ClinicFacts,
  type WeekHours,
} from "./seo.ts";

const ORIGIN = "https://spa.example";
const CLOSED: WeekHours = { 1: [], 2: [], 3: [], 4: [], 5: [], 6: [], 7: [] };
const HOURS: WeekHours = {
  ...CLOSED,
  1: [{ start: "09:00", end: "17:00" }],
  2: [{ start: "09:00", end: "19:00" }],
  3: [{ start: "09:00", end: "19:00" }],
  6: [
    { start: "10:00", end: "12:00" },
    { start: "13:00", end: "16:00" },
  ],
};

const FACTS: ClinicFacts = {
  name: "Jolanta's European Spa",
  origin: ORIGIN,
  locale: "fr",
  telephone: "(519) 725-9999",
  email: "hello@spa.example",
  street: "",
  city: "Kitchener-Waterloo",
  region: "ON",
  postalCode: "",
  country: "CA",
  hours: HOURS,
  prices: [
    { cents: 0, currency: "CAD" },
    { cents: 29900, currency: "CAD" },
    { cents: 34900, currency: "CAD" },
  ],
};

describe("addresses", () => {
  it("gives each page a canonical address per language and names all of them as alternates", () => {
    expect(canonicalUrl(ORIGIN, "/", "fr")).toBe("https://spa.example/fr");
    expect(canonicalUrl(`${ORIGIN}/`, "/about", "en")).toBe("https://spa.example/about");
    expect(alternates(ORIGIN, "/microneedling")).toEqual([
      { hreflang: "en-CA", href: "https://spa.example/microneedling" },
      { hreflang: "fr-CA", href: "https://spa.example/fr/microneedling" },
      { hreflang: "x-default", href: "https://spa.example/microneedling" },
    ]);
  });

  it("keeps staff, portal, API and token pages out of the index", () => {
    expect(isIndexable("/microneedling")).toBe(true);
    expect(isIndexable("/candidate")).toBe(true);
    expect(isIndexable("/candidate/book")).toBe(false);
    expect(isIndexable("/manage/123")).toBe(false);
    expect(isIndexable("/staff")).toBe(false);
    expect(isIndexable("/staffroom")).toBe(true);
  });

  it("renders the shared head tags, and no canonical for a page that is not indexed", () => {
    const tags = siteHeadTags({ origin: ORIGIN, barePath: "/about", locale: "fr", siteName: "Spa", imageAlt: "Illustration" });
    expect(tags).toContainEqual({ tagName: "link", rel: "canonical", href: "https://spa.example/fr/about" });
    expect(tags).toContainEqual({ tagName: "link", rel: "alternate", hrefLang: "en-CA", href: "https://spa.example/about" });
    expect(tags).toContainEqual({ tagName: "meta", property: "og:locale", content: "fr_CA" });
    expect(tags).toContainEqual({ tagName: "meta", property: "og:locale:alternate", content: "en_CA" });
    expect(tags).toContainEqual({ tagName: "meta", property: "og:image", content: "https://spa.example/og-image.png" });
    const manage = siteHeadTags({ origin: ORIGIN, barePath: "/manage/1", locale: "en", siteName: "Spa", imageAlt: "x" });
    expect(manage.some((t) => t.tagName === "link")).toBe(false);
  });

  it("gives a page's meta its title, description and JSON-LD", () => {
    const meta = pageMeta({ title: "T", description: "D", jsonLd: [{ "@type": "Thing" }] });
    expect(meta).toContainEqual({ title: "T" });
    expect(meta).toContainEqual({ property: "og:description", content: "D" });
    expect(meta).toContainEqual({ property: "og:type", content: "website" });
    expect(meta).toContainEqual({ "script:ld+json": { "@type": "Thing" } });
  });
});

describe("schema.org", () => {
  it("groups weekdays that share hours, leaves closed days out and keeps split days", () => {
    expect(openingHoursSpecification(HOURS)).toEqual([
      { "@type": "OpeningHoursSpecification", dayOfWeek: ["Monday"], opens: "09:00", closes: "17:00" },
      { "@type": "OpeningHoursSpecification", dayOfWeek: ["Tuesday", "Wednesday"], opens: "09:00", closes: "19:00" },
      { "@type": "OpeningHoursSpecification", dayOfWeek: ["Saturday"], opens: "10:00", closes: "12:00" },
      { "@type": "OpeningHoursSpecification", dayOfWeek: ["Saturday"], opens: "13:00", closes: "16:00" },
    ]);
    expect(openingHoursSpecification(CLOSED)).toEqual([]);
    expect(openingHoursSpecification({ ...CLOSED, 5: [{ start: "18:00", end: "24:00" }] })[0]).toMatchObject({ closes: "23:59" });
  });

  it("describes the clinic as a DaySpa, leaving out an empty street or postal code", () => {
    const spa = daySpaJsonLd(FACTS);
    expect(spa).toMatchObject({
      "@context": "https://schema.org",
      "@type": "DaySpa",
      name: "Jolanta's European Spa",
      url: "https://spa.example/fr",
      telephone: "(519) 725-9999",
      address: { "@type": "PostalAddress", addressLocality: "Kitchener-Waterloo", addressRegion: "ON", addressCountry: "CA" },
      priceRange: "299–349 CAD",
      areaServed: "Kitchener-Waterloo, ON",
    });
    expect(spa.address).not.toHaveProperty("streetAddress");
    expect(spa.address).not.toHaveProperty("postalCode");
    expect(daySpaJsonLd({ ...FACTS, street: "1 King St", postalCode: "N2G 1A1" }).address).toMatchObject({
      streetAddress: "1 King St",
      postalCode: "N2G 1A1",
    });
    expect(priceRange([{ cents: 0, currency: "CAD" }])).toBeNull();
  });

  it("describes the service with the DaySpa as provider and prices in CAD", () => {
    const service = serviceJsonLd({
      name: "Microneedling",
      description: "D",
      url: "https://spa.example/fr/microneedling",
      locale: "fr",
      provider: FACTS,
      offers: [
        { name: "Consultation", cents: 0, currency: "CAD", url: "https://spa.example/fr/book/consultation" },
        { name: "Face", cents: 29900, currency: "CAD", url: "https://spa.example/fr/book/face" },
        { name: "On request", cents: null, currency: "CAD", url: "https://spa.example/fr/book/x" },
      ],
    });
    expect(service).toMatchObject({
      "@type": "Service",
      inLanguage: "fr-CA",
      provider: { "@type": "DaySpa", "@id": "https://spa.example/#day-spa" },
    });
    expect(service.offers).toEqual([
      expect.objectContaining({ "@type": "Offer", name: "Consultation", price: "0.00", priceCurrency: "CAD" }),
      expect.objectContaining({ "@type": "Offer", name: "Face", price: "299.00", priceCurrency: "CAD" }),
    ]);
  });

  it("builds a FAQPage from the questions and answers", () => {
    const faq = faqPageJsonLd({ url: "u", locale: "en", items: [{ question: "Q?", answer: "A." }] });
    expect(faq).toMatchObject({
      "@type": "FAQPage",
      mainEntity: [{ "@type": "Question", name: "Q?", acceptedAnswer: { "@type": "Answer", text: "A." } }],
    });
  });
});

describe("sitemap and robots", () => {
  it("lists every fixed page in both languages with its alternates, as well-formed XML", () => {
    const xml = sitemapXml([
      ...staticSitemapEntries(ORIGIN),
      documentSitemapEntry(ORIGIN, {
        path: "/fr/articles/soins",
        lastModified: new Date("2026-01-02T03:04:05Z"),
        alternates: { en: "/articles/care", fr: "/fr/articles/soins" },
      }),
      documentSitemapEntry(ORIGIN, { path: "/articles/a&b", lastModified: new Date(0), alternates: { en: "/articles/a&b" } }),
    ]);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<urlset')).toBe(true);
    expect(xml).toContain("<loc>https://spa.example/fr/microneedling</loc>");
    expect(xml).toContain("<loc>https://spa.example/</loc>");
    expect(xml).toContain('<xhtml:link rel="alternate" hreflang="fr-CA" href="https://spa.example/fr/about"/>');
    expect(xml).toContain("<lastmod>2026-01-02T03:04:05.000Z</lastmod>");
    expect(xml).toContain('hreflang="x-default" href="https://spa.example/articles/care"');
    expect(xml).toContain("<loc>https://spa.example/articles/a&amp;b</loc>");
    expect(xml).not.toMatch(/&(?!amp;|lt;|gt;|quot;|apos;)/);
    expect(xml.match(/<url>/g)).toHaveLength(18);
  });

  it("disallows private areas in both languages and names the sitemap", () => {
    const robots = robotsTxt(ORIGIN);
    for (const path of ["/staff", "/portal", "/api", "/manage", "/fr/manage", "/candidate/book", "/fr/candidate/book"]) {
      expect(robots).toContain(`\nDisallow: ${path}\n`);
    }
    expect(robots).toContain("Sitemap: https://spa.example/sitemap.xml");
    expect(robots.startsWith("User-agent: *\nAllow: /\n")).toBe(true);
  });
});
