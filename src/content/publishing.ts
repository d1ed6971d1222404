// Turning a revision into what a visitor sees: the Markdown rendered safely,
// library images as <picture> elements with AVIF and WebP sizes, the cover and
// the image shared links show. The public pages and the staff preview both use
// it, so the preview is the page. Also the small worker that publishes
// scheduled documents when nobody happens to visit at their time.
import type { Db, DbOrTx } from "../db/open.ts";
import { isUuid } from "../kernel/ids.ts";
import { plainTextSummary, renderMarkdown, type ResolvedImage } from "./markdown.ts";
import { assetsForRendering, type AssetForRendering } from "./media-library.ts";
import { documentPath } from "./document-path.ts";
import { findLiveDocument } from "./live-documents.ts";
import { mediaIdsIn } from "./evaluate-content.ts";
import { publishDueDocuments } from "./publish-due.ts";
import type { ContentLocale } from "./tables.ts";

/** A library image as the page loads it, with the alt text in the page's language. */
export interface Picture extends ResolvedImage {
  alt: string;
}

/** The size the fallback <img> uses: 960 wide where there is one, else the nearest below, else the smallest. */
const FALLBACK_WIDTH = 960;
/** Shared links (OpenGraph) get the 1440 WebP, or the largest size the image has. */
const SHARE_WIDTH = 1440;

export function altFor(asset: Pick<AssetForRendering, "altEn" | "altFr">, locale: ContentLocale): string {
  return locale === "fr" && asset.altFr ? asset.altFr : asset.altEn;
}

export function pictureOf(asset: AssetForRendering, locale: ContentLocale, sizes?: string): Picture | null {
  const sized = asset.variants.filter((v) => v.file !== "original.webp").sort((a, b) => a.width - b.width);
  const webp = sized.filter((v) => v.contentType === "image/webp");
  if (webp.length === 0) return null;
  const srcset = (type: string) =>
    sized
      .filter((v) => v.contentType === type)
      .map((v) => `/media/${asset.id}/${v.file} ${v.width}w`)
      .join(", ");
  const sources = ["image/avif", "image/webp"].map((type) => ({ type, srcset: srcset(type) })).filter((s) => s.srcset !== "");
  const fallback = [...webp].reverse().find((v) => v.width <= FALLBACK_WIDTH) ?? webp[0]!;
  return {
    alt: altFor(asset, locale),
    width: fallback.width,
    height: fallback.height,
    sources,
    fallbackSrc: `/media/${asset.id}/${fallback.file}`,
    ...(sizes ? { sizes } : {}),
  };
}

export function shareImageOf(asset: AssetForRendering): { path: string; width: number; height: number; type: string } | null {
  const webp = asset.variants.filter((v) => v.contentType === "image/webp" && v.file !== "original.webp").sort((a, b) => a.width - b.width);
  const chosen = webp.find((v) => v.width === SHARE_WIDTH) ?? webp.at(-1);
  return chosen ? { path: `/media/${asset.id}/${chosen.file}`, width: chosen.width, height: chosen.height, type: "image/webp" } : null;
}

/** The asset id of a library file's address: "/media/<id>/<file>". */
const MEDIA_SRC = /^\/media\/([^/]+)\//i;

export interface RenderedBody {
  html: string;
  cover: Picture | null;
  shareImage: { path: string; width: number; height: number; type: string } | null;
}

/** The body's HTML with library images resolved, the cover picture and the sharing image. */
export async function renderContent(
  db: DbOrTx,
  organizationId: string,
  content: { body: string; coverAssetId: string | null },
  locale: ContentLocale,
): Promise<RenderedBody> {
  const assets = await assetsForRendering(db, organizationId, mediaIdsIn(content.body, content.coverAssetId));
  const html = renderMarkdown(content.body, {
    resolveImage: (src) => {
      const m = MEDIA_SRC.exec(src);
      const asset = m && isUuid(m[1]!) ? assets.get(m[1]!.toLowerCase()) : undefined;
      return asset ? pictureOf(asset, locale) : null;
    },
  });
  const coverAsset = content.coverAssetId ? assets.get(content.coverAssetId) : undefined;
  return {
    html,
    cover: coverAsset ? pictureOf(coverAsset, locale) : null,
    shareImage: coverAsset ? shareImageOf(coverAsset) : null,
  };
}

/** Cover thumbnails for a list of documents, by asset id. */
export async function coverPictures(
  db: DbOrTx,
  organizationId: string,
  items: readonly { coverAssetId: string | null; locale: ContentLocale }[],
  sizes: string,
): Promise<Record<string, Picture>> {
  const ids = items.map((i) => i.coverAssetId).filter((id): id is string => id !== null);
  const assets = await assetsForRendering(db, organizationId, ids);
  const out: Record<string, Picture> = {};
  for (const item of items) {
    const asset = item.coverAssetId ? assets.get(item.coverAssetId) : undefined;
    const picture = asset ? pictureOf(asset, item.locale, sizes) : null;
    if (picture) out[item.coverAssetId!] = picture;
  }
  return out;
}

export const SCHEDULED_PUBLISH_INTERVAL_MS = 60_000;

/**
 * Publishes due scheduled documents every minute (the public pages also do it
 * on the request that first asks, so the time is exact to the request).
 */
export function startScheduledPublisher(o: {
  db: Db;
  intervalMs?: number;
  now?: () => number;
  onResult?: (result: { published: string[]; blocked: string[] }) => void;
  onError?: (error: unknown) => void;
}): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  const tick = () => {
    running ??= publishDueDocuments(o.db, { now: (o.now ?? Date.now)() })
      .then((result) => {
        if (result.published.length || result.blocked.length) o.onResult?.(result);
      })
      .catch((error: unknown) => o.onError?.(error))
      .finally(() => {
        running = null;
      });
  };
  tick();
  const timer = setInterval(tick, o.intervalMs ?? SCHEDULED_PUBLISH_INTERVAL_MS);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

// ---------------------------------------------------------------------------
// A public page's data

/** Meta descriptions made from the text are cut to what search results show. */
const DESCRIPTION_MAX = 160;

export interface PublicDocumentPage {
  kind: "page" | "article";
  /** The language the text is written in. */
  locale: ContentLocale;
  /** The language of the page it is shown on. */
  pageLocale: ContentLocale;
  slug: string;
  title: string;
  /** The summary, or when there is none the opening of the text: the meta description. */
  description: string;
  html: string;
  cover: Picture | null;
  firstPublishedAt: number;
  publishedAt: number;
  fallback: boolean;
  /** Absolute address of the document in its own language. */
  canonical: string;
  /** Absolute addresses per language, only when both are published. */
  alternates: { locale: ContentLocale; href: string }[];
  shareImage: { url: string; width: number; height: number; type: string; alt: string } | null;
}

/** Everything a public article or page shows and says about itself, or null (404). */
export async function publicDocumentPage(
  db: DbOrTx,
  o: { organizationId: string; kind: "page" | "article"; slug: string; pageLocale: ContentLocale; now: number; origin: string },
): Promise<PublicDocumentPage | null> {
  const found = await findLiveDocument(db, {
    organizationId: o.organizationId,
    kind: o.kind,
    locale: o.pageLocale,
    slug: o.slug,
    now: o.now,
  });
  if (!found) return null;
  const d = found.document;
  const rendered = await renderContent(db, o.organizationId, d, d.locale);
  const both = found.alternates.en && found.alternates.fr;
  return {
    kind: d.kind,
    locale: d.locale,
    pageLocale: o.pageLocale,
    slug: d.slug,
    title: d.title,
    description: d.summary || plainTextSummary(d.body, DESCRIPTION_MAX),
    html: rendered.html,
    cover: rendered.cover,
    firstPublishedAt: d.firstPublishedAt,
    publishedAt: d.publishedAt,
    fallback: found.fallback,
    canonical: o.origin + documentPath(d),
    alternates: both ? (["en", "fr"] as const).map((locale) => ({ locale, href: o.origin + found.alternates[locale]! })) : [],
    shareImage:
      rendered.shareImage && rendered.cover
        ? { ...rendered.shareImage, url: o.origin + rendered.shareImage.path, alt: rendered.cover.alt }
        : null,
  };
}
