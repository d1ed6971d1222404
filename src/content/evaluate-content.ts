// The guard's report on a revision as the site stands at a given time: the
// Markdown checks, with links looked up among the public pages and the live
// documents, images among the library's assets (their stored findings, the
// watermark check's, count), and the summary's length.
import { and, eq, isNotNull, lte, or, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../db/open.ts";
import { services } from "../db/schema.ts";
import { isUuid } from "../kernel/ids.ts";
import type { RevisionContent } from "./document-input.ts";
import { report, type Finding, type GuardReport } from "./findings.ts";
import { checkMarkdown } from "./guard.ts";
import { SUMMARY_RECOMMENDED } from "./limits.ts";
import { outlineMarkdown } from "./markdown.ts";
import { assetsForRendering, type AssetForRendering } from "./media-library.ts";
import { publicPathChecker } from "./site-paths.ts";
import { contentDocuments } from "./tables.ts";

/** The asset id in a library address: "/media/<id>" or "/media/<id>/<file>". */
const MEDIA_ID = /^\/media\/([^/]+)(?:\/|$)/i;

/** Library asset ids a text uses: images, and links to library files. */
export function mediaIdsIn(body: string, coverAssetId: string | null): string[] {
  const outline = outlineMarkdown(body);
  const ids = new Set<string>();
  for (const src of [...outline.images.map((i) => i.src), ...outline.links.map((l) => l.href)]) {
    const m = MEDIA_ID.exec(src.trim());
    if (m && isUuid(m[1]!)) ids.add(m[1]!.toLowerCase());
  }
  if (coverAssetId) ids.add(coverAssetId);
  return [...ids];
}

/** Live documents: a published revision, or a scheduled one whose time has come. */
function liveCondition(now: number): SQL {
  return or(
    isNotNull(contentDocuments.publishedRevisionId),
    and(eq(contentDocuments.status, "scheduled"), lte(contentDocuments.scheduledAt, new Date(now))),
  )!;
}

async function liveSlugs(db: DbOrTx, organizationId: string, now: number): Promise<{ articles: string[]; pages: string[] }> {
  const rows = await db
    .select({ kind: contentDocuments.kind, slug: contentDocuments.slug })
    .from(contentDocuments)
    .where(and(eq(contentDocuments.organizationId, organizationId), liveCondition(now)));
  return {
    articles: rows.filter((r) => r.kind === "article").map((r) => r.slug),
    pages: rows.filter((r) => r.kind === "page").map((r) => r.slug),
  };
}

const MEDIA_PATH = /^\/media\/([^/]+)\/(original|\d{2,4})\.(webp|avif|jpg)$/i;

/**
 * The guard's report on a revision's content as the site stands at `now`:
 * links must lead to a public page or a published document, images to the
 * library, and every image's stored findings (the watermark check) count.
 */
export async function evaluateContent(
  db: DbOrTx,
  organizationId: string,
  content: RevisionContent,
  now: number,
): Promise<{ report: GuardReport; mediaIds: string[]; assets: Map<string, AssetForRendering> }> {
  const mediaIds = mediaIdsIn(content.body, content.coverAssetId);
  // One after the other: inside a transaction they share one connection.
  const serviceRows = await db
    .select({ slug: services.slug })
    .from(services)
    .where(and(eq(services.organizationId, organizationId), eq(services.active, true)));
  const slugs = await liveSlugs(db, organizationId, now);
  const assets = await assetsForRendering(db, organizationId, mediaIds);
  const pathExists = publicPathChecker({
    serviceSlugs: serviceRows.map((s) => s.slug),
    articleSlugs: slugs.articles,
    pageSlugs: slugs.pages,
  });
  const internalPathExists = (path: string) => {
    const bare = path.replace(/[?#].*$/s, "");
    const media = MEDIA_PATH.exec(bare);
    if (media) return isUuid(media[1]!) && assets.has(media[1]!.toLowerCase());
    return pathExists(path);
  };
  const findings: Finding[] = [
    ...checkMarkdown(content.body, { internalPathExists, mediaFindings: (id) => assets.get(id.toLowerCase())?.findings ?? null }),
  ];
  if (content.body.trim() === "")
    findings.unshift({ rule: "text.empty", severity: "block", message: "The text is empty. Write it before it is published." });
  if (content.coverAssetId) {
    const cover = assets.get(content.coverAssetId);
    if (!cover)
      findings.push({
        rule: "image.unknown",
        severity: "block",
        message: "The cover image is not in the media library. Choose another.",
        image: content.coverAssetId,
      });
    else
      for (const f of cover.findings)
        if (!findings.some((g) => g.rule === f.rule && g.image === cover.id))
          findings.push({ ...f, image: cover.id, message: `Cover image: ${f.message}` });
  }
  if (content.summary === "")
    findings.push({
      rule: "meta.summary-missing",
      severity: "info",
      message: "There is no summary. Search engines and shared links show it under the title; write one or two sentences.",
    });
  else if (content.summary.length > SUMMARY_RECOMMENDED)
    findings.push({
      rule: "meta.summary-long",
      severity: "info",
      message: `The summary has ${content.summary.length} characters; search results cut it after about ${SUMMARY_RECOMMENDED}.`,
    });
  return { report: report(findings), mediaIds, assets };
}
