// What search engines and link previews read: canonical addresses, language
// alternates, OpenGraph and schema.org JSON-LD. Plain functions over plain data,
// so route `meta` functions, the public layout and the sitemap share them.
//
// Who emits what: the public layout renders the tags every public page shares
// (canonical, hreflang alternates, og:url, og:locale, og:site_name, og:image,
// twitter:card); a page's `meta` adds its own title, description and JSON-LD
// through `pageMeta()`, so a page never has to repeat the shared ones.
import type { MetaDescriptor } from "react-router";
import { INTL_LOCALE, LOCALES, localizePath, type Locale } from "../i18n/locales.ts";
import type { LocalInterval, Weekday } from "../../src/scheduling/slots.ts";

/** The public pages that exist in both languages at fixed addresses (the sitemap lists them). */
export const STATIC_PUBLIC_PATHS = ["/", "/microneedling", "/about", "/contact", "/articles", "/book", "/candidate", "/privacy"] as const;

/**
 * Addresses search engines are asked to leave alone (robots.txt) and that get
 * no canonical link: staff and client screens, the API, pages whose address
 * carries a personal token, and the step that hands self-check answers to a booking.
 */
export const UNINDEXED_PREFIXES = ["/staff", "/portal", "/api", "/manage", "/candidate/book", "/login", "/invite", "/logout"] as const;

/**
 * Cache-Control of a published public page: the same for every visitor, so
 * shared caches may keep it a few minutes (a withdrawn article is gone from
 * them within that time). Drafts are never served on public addresses; their
 * staff preview is private, no-store.
 */
export const PUBLIC_PAGE_CACHE_CONTROL = "public, max-age=300";

export const OG_IMAGE = { path: "/og-image.png", width: 1200, height: 630, type: "image/png" } as const;

/** OpenGraph writes locales with an underscore. */
export const OG_LOCALE: Readonly<Record<Locale, string>> = { en: "en_CA", fr: "fr_CA" };

/** Whether a page (given without its language prefix) should be indexed and carry a canonical link. */
export function isIndexable(barePath: string): boolean {
  return !UNINDEXED_PREFIXES.some((prefix) => barePath === prefix || barePath.startsWith(`${prefix}/`));
}

export function absoluteUrl(origin: string, path: string): string {
  return `${origin.replace(/\/$/, "")}${path.startsWith("/") ? path : `/${path}`}`;
}

/** The address of a page (given without its language prefix and without a query) in one language. */
export function canonicalUrl(origin: string, barePath: string, locale: Locale): string {
  return absoluteUrl(origin, localizePath(barePath, locale));
}

export interface Alternate {
  hreflang: string;
  href: string;
}

/** One alternate per language, plus x-default (the English page, which also serves visitors of any other language). */
export function alternates(origin: string, barePath: string): Alternate[] {
  return [
    ...LOCALES.map((locale) => ({ hreflang: INTL_LOCALE[locale], href: canonicalUrl(origin, barePath, locale) })),
    { hreflang: "x-default", href: canonicalUrl(origin, barePath, "en") },
  ];
}

export interface SiteHeadInput {
  origin: string;
  /** The page's path without its language prefix ("/fr/about" → "/about"). */
  barePath: string;
  locale: Locale;
  siteName: string;
  /** The shared preview image's text alternative, in the page's language. */
  imageAlt: string;
}

export type HeadTag =
  | { tagName: "link"; rel: string; href: string; hrefLang?: string }
  | { tagName: "meta"; property?: string; name?: string; content: string };

/** The tags every public page shares; the public layout renders them into <head>. */
export function siteHeadTags(input: SiteHeadInput): HeadTag[] {
  const { origin, barePath, locale } = input;
  const tags: HeadTag[] = [];
  const indexable = isIndexable(barePath);
  const url = canonicalUrl(origin, barePath, locale);
  if (indexable) {
    tags.push({ tagName: "link", rel: "canonical", href: url });
    for (const a of alternates(origin, barePath)) tags.push({ tagName: "link", rel: "alternate", hrefLang: a.hreflang, href: a.href });
  }
  tags.push(
    { tagName: "meta", property: "og:site_name", content: input.siteName },
    { tagName: "meta", property: "og:locale", content: OG_LOCALE[locale] },
    ...LOCALES.filter((l) => l !== locale).map((l): HeadTag => ({
      tagName: "meta",
      property: "og:locale:alternate",
      content: OG_LOCALE[l],
    })),
    { tagName: "meta", property: "og:url", content: url },
    { tagName: "meta", property: "og:image", content: absoluteUrl(origin, OG_IMAGE.path) },
    { tagName: "meta", property: "og:image:type", content: OG_IMAGE.type },
    { tagName: "meta", property: "og:image:width", content: String(OG_IMAGE.width) },
    { tagName: "meta", property: "og:image:height", content: String(OG_IMAGE.height) },
    { tagName: "meta", property: "og:image:alt", content: input.imageAlt },
    { tagName: "meta", name: "twitter:card", content: "summary_large_image" },
  );
  return tags;
}

export type JsonLd = Readonly<Record<string, unknown>>;

export interface PageSeo {
  title: string;
  description: string;
  /** OpenGraph type: "website" for ordinary pages, "article" for articles. */
  type?: "website" | "article";
  jsonLd?: readonly JsonLd[];
}

/**
 * A page's own meta: title, description, their OpenGraph and Twitter twins and
 * its JSON-LD. React Router escapes JSON-LD for a <script> element (`<` becomes
 * `\u003c`), so text from the database cannot close the element early.
 */
export function pageMeta(seo: PageSeo): MetaDescriptor[] {
  return [
    { title: seo.title },
    { name: "description", content: seo.description },
    { property: "og:title", content: seo.title },
    { property: "og:description", content: seo.description },
    { property: "og:type", content: seo.type ?? "website" },
    { name: "twitter:title", content: seo.title },
    { name: "twitter:description", content: seo.description },
    ...(seo.jsonLd ?? []).map((value) => ({ "script:ld+json": value })),
  ];
}

/** The public layout's loader data, as page `meta` functions find it among their matches. */
export interface SiteData {
  locale: Locale;
  origin: string;
  name: string;
}

export function siteDataFrom(matches: readonly ({ id: string; loaderData?: unknown } | undefined)[]): SiteData | null {
  const layout = matches.find((m) => m?.id === "public-layout" || m?.id === "fr-public-layout");
  return (layout?.loaderData as SiteData | undefined) ?? null;
}

// ---------------------------------------------------------------------------
// schema.org

const DAY_NAMES: Readonly<Record<Weekday, string>> = {
  1: "Monday",
  2: "Tuesday",
  3: "Wednesday",
  4: "Thursday",
  5: "Friday",
  6: "Saturday",
  7: "Sunday",
};

export type WeekHours = Readonly<Record<Weekday, readonly LocalInterval[]>>;

/**
 * OpeningHoursSpecification entries, weekdays with the same hours grouped.
 * A day without hours is simply absent (schema.org reads that as closed).
 */
export function openingHoursSpecification(hours: WeekHours): JsonLd[] {
  const groups = new Map<string, { days: string[]; intervals: readonly LocalInterval[] }>();
  for (const day of [1, 2, 3, 4, 5, 6, 7] as const) {
    const intervals = hours[day];
    if (intervals.length === 0) continue;
    const key = intervals.map((i) => `${i.start}-${i.end}`).join(",");
    const group = groups.get(key) ?? { days: [], intervals };
    group.days.push(DAY_NAMES[day]);
    groups.set(key, group);
  }
  return [...groups.values()].flatMap((g) =>
    g.intervals.map((i) => ({
      "@type": "OpeningHoursSpecification",
      dayOfWeek: g.days,
      opens: i.start,
      closes: i.end === "24:00" ? "23:59" : i.end,
    })),
  );
}

export interface ClinicFacts {
  name: string;
  origin: string;
  locale: Locale;
  telephone: string;
  email: string;
  street: string;
  city: string;
  region: string;
  postalCode: string;
  country: string;
  hours: WeekHours;
  /** Prices of the treatments, for priceRange. */
  prices: readonly { cents: number | null; currency: string }[];
}

export function daySpaId(origin: string): string {
  return absoluteUrl(origin, "/#day-spa");
}

export function postalAddress(c: Pick<ClinicFacts, "street" | "city" | "region" | "postalCode" | "country">): JsonLd {
  return {
    "@type": "PostalAddress",
    ...(c.street ? { streetAddress: c.street } : {}),
    addressLocality: c.city,
    addressRegion: c.region,
    ...(c.postalCode ? { postalCode: c.postalCode } : {}),
    addressCountry: c.country,
  };
}

/** "299–349 CAD": the span of priced services, or null when nothing has a price. */
export function priceRange(prices: ClinicFacts["prices"]): string | null {
  const priced = prices.filter((p) => p.cents !== null && p.cents > 0);
  if (priced.length === 0) return null;
  const amounts = priced.map((p) => p.cents! / 100);
  const low = Math.min(...amounts);
  const high = Math.max(...amounts);
  const currency = priced[0]!.currency;
  return low === high ? `${low} ${currency}` : `${low}–${high} ${currency}`;
}

export function daySpaJsonLd(c: ClinicFacts): JsonLd {
  const range = priceRange(c.prices);
  return {
    "@context": "https://schema.org",
    "@type": "DaySpa",
    "@id": daySpaId(c.origin),
    name: c.name,
    url: canonicalUrl(c.origin, "/", c.locale),
    image: absoluteUrl(c.origin, OG_IMAGE.path),
    telephone: c.telephone,
    email: c.email,
    address: postalAddress(c),
    areaServed: `${c.city}, ${c.region}`,
    ...(range ? { priceRange: range } : {}),
    openingHoursSpecification: openingHoursSpecification(c.hours),
    availableLanguage: LOCALES.map((l) => INTL_LOCALE[l]),
  };
}

export interface OfferInput {
  name: string;
  cents: number | null;
  currency: string;
  /** Absolute address where it is booked. */
  url: string;
}

/** An amount as schema.org wants it: a plain decimal number, no symbol. */
export function schemaPrice(cents: number): string {
  return (cents / 100).toFixed(2);
}

export function serviceJsonLd(input: {
  name: string;
  alternateName?: string;
  description: string;
  url: string;
  locale: Locale;
  provider: ClinicFacts;
  offers: readonly OfferInput[];
}): JsonLd {
  const p = input.provider;
  return {
    "@context": "https://schema.org",
    "@type": "Service",
    name: input.name,
    ...(input.alternateName ? { alternateName: input.alternateName } : {}),
    serviceType: "Microneedling",
    description: input.description,
    url: input.url,
    inLanguage: INTL_LOCALE[input.locale],
    areaServed: `${p.city}, ${p.region}`,
    provider: {
      "@type": "DaySpa",
      "@id": daySpaId(p.origin),
      name: p.name,
      url: canonicalUrl(p.origin, "/", input.locale),
      telephone: p.telephone,
      address: postalAddress(p),
    },
    offers: input.offers
      .filter((o) => o.cents !== null)
      .map((o) => ({
        "@type": "Offer",
        name: o.name,
        price: schemaPrice(o.cents!),
        priceCurrency: o.currency,
        url: o.url,
        availability: "https://schema.org/InStock",
      })),
  };
}

export function faqPageJsonLd(input: { url: string; locale: Locale; items: readonly { question: string; answer: string }[] }): JsonLd {
  return {
    "@context": "https://schema.org",
    "@type": "FAQPage",
    url: input.url,
    inLanguage: INTL_LOCALE[input.locale],
    mainEntity: input.items.map((item) => ({
      "@type": "Question",
      name: item.question,
      acceptedAnswer: { "@type": "Answer", text: item.answer },
    })),
  };
}

// ---------------------------------------------------------------------------
// sitemap.xml and robots.txt

export interface SitemapEntry {
  loc: string;
  alternates: readonly Alternate[];
  /** When the page last changed in substance, if known. */
  lastModified?: Date;
}

function xmlEscape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!);
}

/** Each fixed public page once per language, each naming all its language versions. */
export function staticSitemapEntries(origin: string): SitemapEntry[] {
  return STATIC_PUBLIC_PATHS.flatMap((path) =>
    LOCALES.map((locale) => ({ loc: canonicalUrl(origin, path, locale), alternates: alternates(origin, path) })),
  );
}

/**
 * A published article or page; `versions` maps each language it is published
 * in to its path ("/articles/x", "/fr/articles/x"). x-default is the English
 * version when there is one.
 */
export function documentSitemapEntry(
  origin: string,
  doc: { path: string; lastModified: Date; alternates: Partial<Record<Locale, string>> },
): SitemapEntry {
  const versions = LOCALES.flatMap((l) => {
    const path = doc.alternates[l];
    return path ? [{ hreflang: INTL_LOCALE[l], href: absoluteUrl(origin, path) }] : [];
  });
  const english = doc.alternates.en;
  return {
    loc: absoluteUrl(origin, doc.path),
    alternates:
      versions.length > 1 ? [...versions, ...(english ? [{ hreflang: "x-default", href: absoluteUrl(origin, english) }] : [])] : [],
    lastModified: doc.lastModified,
  };
}

export function sitemapXml(entries: readonly SitemapEntry[]): string {
  const urls = entries.map((e) => {
    const lines = [`    <loc>${xmlEscape(e.loc)}</loc>`];
    if (e.lastModified) lines.push(`    <lastmod>${e.lastModified.toISOString()}</lastmod>`);
    for (const a of e.alternates)
      lines.push(`    <xhtml:link rel="alternate" hreflang="${xmlEscape(a.hreflang)}" href="${xmlEscape(a.href)}"/>`);
    return `  <url>\n${lines.join("\n")}\n  </url>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ...urls,
    "</urlset>",
    "",
  ].join("\n");
}

/** Prefixes whose pages exist in French too, so their /fr twin is disallowed as well. */
const LOCALIZED_UNINDEXED = new Set<string>(["/manage", "/candidate/book"]);

export function robotsTxt(origin: string): string {
  const disallowed = UNINDEXED_PREFIXES.flatMap((p) => (LOCALIZED_UNINDEXED.has(p) ? [p, `/fr${p}`] : [p]));
  return [
    "User-agent: *",
    "Allow: /",
    ...disallowed.map((p) => `Disallow: ${p}`),
    "",
    `Sitemap: ${absoluteUrl(origin, "/sitemap.xml")}`,
    "",
  ].join("\n");
}
