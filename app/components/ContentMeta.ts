// What a published article or page tells search engines and link previews:
// its title and description (pageMeta, as every public page), and the tags
// that depend on the document: the canonical address (its own language's,
// also when shown on the other language's page), the other language's address
// only when a translation is published, OpenGraph with its cover image and
// language, and schema.org JSON-LD with the clinic as author. The routes set
// `handle.ownHeadTags` so the public layout leaves these to them.
import type { MetaDescriptor } from "react-router";
import { INTL_LOCALE } from "../i18n/locales.ts";
import { OG_LOCALE, pageMeta } from "../lib/seo.ts";
import type { PublicDocumentPage } from "../../src/content/publishing.ts";

export const CONTENT_HANDLE = { hydrate: false, ownHeadTags: true } as const;

export function documentMeta(d: PublicDocumentPage, clinic: { name: string; origin: string }): MetaDescriptor[] {
  const clinicNode = { "@type": "Organization", name: clinic.name, url: `${clinic.origin}/` };
  const jsonLd =
    d.kind === "article"
      ? {
          "@context": "https://schema.org",
          "@type": "Article",
          headline: d.title,
          ...(d.description ? { description: d.description } : {}),
          inLanguage: INTL_LOCALE[d.locale],
          datePublished: new Date(d.firstPublishedAt).toISOString(),
          dateModified: new Date(d.publishedAt).toISOString(),
          author: clinicNode,
          publisher: clinicNode,
          mainEntityOfPage: d.canonical,
          ...(d.shareImage ? { image: [d.shareImage.url] } : {}),
        }
      : {
          "@context": "https://schema.org",
          "@type": "WebPage",
          name: d.title,
          ...(d.description ? { description: d.description } : {}),
          inLanguage: INTL_LOCALE[d.locale],
          dateModified: new Date(d.publishedAt).toISOString(),
          url: d.canonical,
          publisher: clinicNode,
        };
  const meta: MetaDescriptor[] = [
    ...pageMeta({
      title: `${d.title} — ${clinic.name}`,
      description: d.description,
      type: d.kind === "article" ? "article" : "website",
      jsonLd: [jsonLd],
    }),
    { tagName: "link", rel: "canonical", href: d.canonical },
    { property: "og:url", content: d.canonical },
    { property: "og:site_name", content: clinic.name },
    { property: "og:locale", content: OG_LOCALE[d.locale] },
  ];
  for (const a of d.alternates) {
    meta.push({ tagName: "link", rel: "alternate", hrefLang: INTL_LOCALE[a.locale], href: a.href });
    if (a.locale !== d.locale) meta.push({ property: "og:locale:alternate", content: OG_LOCALE[a.locale] });
  }
  const english = d.alternates.find((a) => a.locale === "en");
  if (english) meta.push({ tagName: "link", rel: "alternate", hrefLang: "x-default", href: english.href });
  if (d.shareImage) {
    meta.push(
      { property: "og:image", content: d.shareImage.url },
      { property: "og:image:type", content: d.shareImage.type },
      { property: "og:image:width", content: String(d.shareImage.width) },
      { property: "og:image:height", content: String(d.shareImage.height) },
      { property: "og:image:alt", content: d.shareImage.alt },
      { name: "twitter:card", content: "summary_large_image" },
    );
  }
  if (d.kind === "article") {
    meta.push(
      { property: "article:published_time", content: new Date(d.firstPublishedAt).toISOString() },
      { property: "article:modified_time", content: new Date(d.publishedAt).toISOString() },
    );
  }
  return meta;
}
