// /sitemap.xml: every public page in both languages, each with its language
// alternates, and every published article and page.
import type { Route } from "./+types/sitemap";
import { publishedPaths } from "../../src/content/live-documents.ts";
import { getServices } from "../context.ts";
import { documentSitemapEntry, sitemapXml, staticSitemapEntries } from "../lib/seo.ts";

export async function loader({ context }: Route.LoaderArgs) {
  const services = getServices(context);
  const documents = await publishedPaths(services.db, services.organizationId, services.now());
  const xml = sitemapXml([...staticSitemapEntries(services.baseUrl), ...documents.map((d) => documentSitemapEntry(services.baseUrl, d))]);
  return new Response(xml, {
    headers: { "Content-Type": "application/xml; charset=utf-8", "Cache-Control": "public, max-age=3600" },
  });
}
