// The public site's paths, for the guard's broken-link check and the sitemap.
// The public site lives twice: English at the root and French under "/fr" with
// the same paths (app/routes.ts). The client portal's sign-in is English-only
// at "/portal/login". Published articles and pages add "/articles/<slug>" and
// "/pages/<slug>"; bookable services add "/book/<slug>".
//
// The prefix logic is repeated here on purpose: src/ does not import from app/.

/** Public pages that always exist, in English (each but the portal sign-in also exists under "/fr"). */
export const STATIC_PUBLIC_PATHS: readonly string[] = [
  "/",
  "/microneedling",
  "/about",
  "/contact",
  "/articles",
  "/book",
  "/candidate",
  "/privacy",
  "/portal/login",
];

/** Static public paths that have no French version. */
const ENGLISH_ONLY_PATHS: ReadonlySet<string> = new Set(["/portal/login"]);

const FRENCH_PREFIX = "/fr";

/** The slugs that make dynamic public paths exist. */
export interface KnownSlugs {
  /** Bookable services: "/book/<slug>". */
  serviceSlugs?: Iterable<string>;
  /** Published articles: "/articles/<slug>". */
  articleSlugs?: Iterable<string>;
  /** Published pages: "/pages/<slug>". */
  pageSlugs?: Iterable<string>;
}

/** A site path split into its language and the path without the "/fr" prefix. */
export interface LocalizedSitePath {
  locale: "en" | "fr";
  /** The path without the language prefix: "/fr" → "/", "/fr/about" → "/about". */
  path: string;
}

/**
 * A link target reduced to its path: query and hash removed, a trailing slash
 * dropped ("/about/" → "/about"). Null when the target is not a path on this
 * site (a full address, "//host", "mailto:", a relative path, a bare "#anchor").
 */
export function sitePathOf(href: string): string | null {
  const trimmed = href.trim();
  if (!trimmed.startsWith("/") || trimmed.startsWith("//") || trimmed.startsWith("/\\")) return null;
  const bare = trimmed.replace(/[?#].*$/s, "");
  if (bare === "" || bare === "/") return "/";
  return bare.replace(/\/+$/, "") || "/";
}

/** The language of a site path and the path without its "/fr" prefix. */
export function splitLocalePrefix(path: string): LocalizedSitePath {
  if (path === FRENCH_PREFIX) return { locale: "fr", path: "/" };
  if (path.startsWith(`${FRENCH_PREFIX}/`)) {
    const rest = path.slice(FRENCH_PREFIX.length);
    return { locale: "fr", path: rest === "/" ? "/" : rest };
  }
  return { locale: "en", path };
}

function lowerSet(values: Iterable<string> | undefined): Set<string> {
  const set = new Set<string>();
  if (values) for (const v of values) set.add(v.toLowerCase());
  return set;
}

/** Paths are matched without regard to case, as the router does. */
function canonical(path: string): LocalizedSitePath | null {
  const site = sitePathOf(path);
  if (site === null) return null;
  let decoded = site;
  try {
    decoded = decodeURI(site);
  } catch {
    // A malformed escape stays as written; it will match nothing.
  }
  const split = splitLocalePrefix(decoded.toLowerCase());
  return { locale: split.locale, path: split.path.replace(/\/+$/, "") || "/" };
}

const STATIC_LOWER: ReadonlySet<string> = new Set(STATIC_PUBLIC_PATHS);

function oneSegmentUnder(path: string, base: string): string | null {
  const prefix = `${base}/`;
  if (!path.startsWith(prefix)) return null;
  const slug = path.slice(prefix.length);
  return slug !== "" && !slug.includes("/") ? slug : null;
}

/**
 * Whether a site path is one of the always-present public pages, in English or
 * French ("/fr/microneedling"), query and hash ignored. With `serviceSlugs`,
 * "/book/<slug>" of a known service counts too.
 */
export function isStaticPublicPath(path: string, options: { serviceSlugs?: Iterable<string> } = {}): boolean {
  const c = canonical(path);
  if (c === null) return false;
  if (STATIC_LOWER.has(c.path)) return c.locale === "en" || !ENGLISH_ONLY_PATHS.has(c.path);
  const service = oneSegmentUnder(c.path, "/book");
  return service !== null && lowerSet(options.serviceSlugs).has(service);
}

/**
 * A check for "does this site path lead to a page?", for the guard's
 * `internalPathExists`: the static public pages plus the given services,
 * published articles and published pages, in both languages.
 */
export function publicPathChecker(known: KnownSlugs = {}): (path: string) => boolean {
  const services = lowerSet(known.serviceSlugs);
  const articles = lowerSet(known.articleSlugs);
  const pages = lowerSet(known.pageSlugs);
  return (path) => {
    const c = canonical(path);
    if (c === null) return false;
    if (STATIC_LOWER.has(c.path)) return c.locale === "en" || !ENGLISH_ONLY_PATHS.has(c.path);
    const service = oneSegmentUnder(c.path, "/book");
    if (service !== null) return services.has(service);
    const article = oneSegmentUnder(c.path, "/articles");
    if (article !== null) return articles.has(article);
    const page = oneSegmentUnder(c.path, "/pages");
    if (page !== null) return pages.has(page);
    return false;
  };
}

/** "/articles/<slug>" or "/pages/<slug>" (either language): the kind and slug, else null. */
export function contentPathOf(path: string): { kind: "article" | "page"; slug: string; locale: "en" | "fr" } | null {
  const c = canonical(path);
  if (c === null) return null;
  const article = oneSegmentUnder(c.path, "/articles");
  if (article !== null) return { kind: "article", slug: article, locale: c.locale };
  const page = oneSegmentUnder(c.path, "/pages");
  if (page !== null) return { kind: "page", slug: page, locale: c.locale };
  return null;
}

/** "/book/<slug>" (either language): the service slug, else null. */
export function servicePathOf(path: string): string | null {
  const c = canonical(path);
  return c === null ? null : oneSegmentUnder(c.path, "/book");
}
