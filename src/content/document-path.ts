// Where a document lives on the public site: the path its kind and language
// give it. The desk shows it; the public pages and the sitemap link to it.
import type { ContentLocale, DocumentKind } from "./tables.ts";

export const KIND_PATH: Readonly<Record<DocumentKind, string>> = { article: "/articles", page: "/pages" };

/** The public path of a document: "/articles/x", "/fr/pages/y". */
export function documentPath(d: { kind: DocumentKind; locale: ContentLocale; slug: string }): string {
  return `${d.locale === "fr" ? "/fr" : ""}${KIND_PATH[d.kind]}/${d.slug}`;
}
