// /robots.txt: the public site is open to crawlers; staff and client screens,
// the API and token-bearing pages are not, and the sitemap is named.
import type { Route } from "./+types/robots";
import { getServices } from "../context.ts";
import { robotsTxt } from "../lib/seo.ts";

export function loader({ context }: Route.LoaderArgs) {
  return new Response(robotsTxt(getServices(context).baseUrl), {
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "public, max-age=3600" },
  });
}
