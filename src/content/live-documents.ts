// The public side of the desk: the live document at a public address (in the
// other language when the page's has none), the article list, and every
// published path for the sitemap. Each first publishes what is due, so a
// scheduled document appears exactly at its time.
import { and, eq, isNotNull, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../db/open.ts";
import { documentPath } from "./document-path.ts";
import type { DocumentRow, RevisionRow } from "./document-rows.ts";
import { publishDueDocuments } from "./publish-due.ts";
import { isSlug } from "./slug.ts";
import { contentDocuments, contentRevisions, type ContentLocale, type DocumentKind } from "./tables.ts";

export interface LiveDocument {
  id: string;
  kind: DocumentKind;
  /** The language the content is written in (may differ from the page's when no translation exists). */
  locale: ContentLocale;
  slug: string;
  title: string;
  summary: string;
  body: string;
  coverAssetId: string | null;
  firstPublishedAt: number;
  publishedAt: number;
}

export interface LiveLookup {
  document: LiveDocument;
  /** The document is in the other language: no version in the page's language exists. */
  fallback: boolean;
  /** Public paths of the document per language, where a live version exists. */
  alternates: Partial<Record<ContentLocale, string>>;
}

async function liveRows(db: DbOrTx, where: SQL) {
  return db
    .select({ d: contentDocuments, r: contentRevisions })
    .from(contentDocuments)
    .innerJoin(contentRevisions, eq(contentRevisions.id, contentDocuments.publishedRevisionId))
    .where(where);
}

function toLive({ d, r }: { d: DocumentRow; r: RevisionRow }): LiveDocument {
  return {
    id: d.id,
    kind: d.kind,
    locale: d.locale,
    slug: d.slug,
    title: r.title,
    summary: r.summary,
    body: r.body,
    coverAssetId: r.coverAssetId,
    firstPublishedAt: (d.firstPublishedAt ?? d.publishedAt ?? d.updatedAt).getTime(),
    publishedAt: (d.publishedAt ?? d.updatedAt).getTime(),
  };
}

/**
 * The live document at a public address. When the page's language has none,
 * the other language's version is returned with `fallback` (the page says so
 * and marks its language). Drafts, reviews and unpublished documents: null.
 */
export async function findLiveDocument(
  db: DbOrTx,
  o: { organizationId: string; kind: DocumentKind; locale: ContentLocale; slug: string; now: number },
): Promise<LiveLookup | null> {
  if (!isSlug(o.slug)) return null;
  await publishDueDocuments(db, { now: o.now, organizationId: o.organizationId });
  const rows = (
    await liveRows(
      db,
      and(eq(contentDocuments.organizationId, o.organizationId), eq(contentDocuments.kind, o.kind), eq(contentDocuments.slug, o.slug))!,
    )
  ).map(toLive);
  const own = rows.find((d) => d.locale === o.locale);
  const other = rows.find((d) => d.locale !== o.locale);
  const document = own ?? other;
  if (!document) return null;
  const alternates: Partial<Record<ContentLocale, string>> = {};
  for (const d of rows) alternates[d.locale] = documentPath(d);
  return { document, fallback: !own, alternates };
}

export interface ArticleListItem {
  slug: string;
  locale: ContentLocale;
  title: string;
  summary: string;
  coverAssetId: string | null;
  firstPublishedAt: number;
  publishedAt: number;
  path: string;
}

/**
 * Published articles in a language, newest first, and (for the list page's
 * second part) the articles only the other language has.
 */
export async function listLiveArticles(
  db: DbOrTx,
  o: { organizationId: string; locale: ContentLocale; now: number },
): Promise<{ articles: ArticleListItem[]; otherLanguageOnly: ArticleListItem[] }> {
  await publishDueDocuments(db, { now: o.now, organizationId: o.organizationId });
  const rows = (await liveRows(db, and(eq(contentDocuments.organizationId, o.organizationId), eq(contentDocuments.kind, "article"))!)).map(
    toLive,
  );
  const item = (d: LiveDocument): ArticleListItem => ({
    slug: d.slug,
    locale: d.locale,
    title: d.title,
    summary: d.summary,
    coverAssetId: d.coverAssetId,
    firstPublishedAt: d.firstPublishedAt,
    publishedAt: d.publishedAt,
    path: documentPath(d),
  });
  const newest = (a: ArticleListItem, b: ArticleListItem) => b.firstPublishedAt - a.firstPublishedAt || a.slug.localeCompare(b.slug);
  const mine = rows.filter((d) => d.locale === o.locale);
  const slugs = new Set(mine.map((d) => d.slug));
  return {
    articles: mine.map(item).sort(newest),
    otherLanguageOnly: rows
      .filter((d) => d.locale !== o.locale && !slugs.has(d.slug))
      .map(item)
      .sort(newest),
  };
}

export interface PublishedPath {
  /** "/articles/x", "/fr/pages/y". */
  path: string;
  kind: DocumentKind;
  locale: ContentLocale;
  /** When the live revision was published. */
  lastModified: Date;
  /** The same document in each language it is published in (this one included). */
  alternates: Partial<Record<ContentLocale, string>>;
}

/** Every published article and page, for the sitemap. */
export async function publishedPaths(db: DbOrTx, organizationId: string, now: number = Date.now()): Promise<PublishedPath[]> {
  await publishDueDocuments(db, { now, organizationId });
  const rows = await db
    .select({
      kind: contentDocuments.kind,
      locale: contentDocuments.locale,
      slug: contentDocuments.slug,
      publishedAt: contentDocuments.publishedAt,
      updatedAt: contentDocuments.updatedAt,
    })
    .from(contentDocuments)
    .where(and(eq(contentDocuments.organizationId, organizationId), isNotNull(contentDocuments.publishedRevisionId)))
    .orderBy(contentDocuments.kind, contentDocuments.slug, contentDocuments.locale);
  return rows.map((r) => {
    const alternates: Partial<Record<ContentLocale, string>> = {};
    for (const s of rows) if (s.kind === r.kind && s.slug === r.slug) alternates[s.locale] = documentPath(s);
    return { path: documentPath(r), kind: r.kind, locale: r.locale, lastModified: r.publishedAt ?? r.updatedAt, alternates };
  });
}
