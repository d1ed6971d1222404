// The languages the public site and the client-facing pages speak. English is
// served at the root, French under /fr; a page keeps its path in both, so the
// language switch only adds or removes the prefix.
export const LOCALES = ["en", "fr"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

/** The BCP 47 tag each language formats dates, times and money with. */
export const INTL_LOCALE: Readonly<Record<Locale, string>> = { en: "en-CA", fr: "fr-CA" };

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/** The language a path is in: "/fr" and "/fr/…" are French, everything else English. */
export function localeFromPath(pathname: string): Locale {
  return pathname === "/fr" || pathname.startsWith("/fr/") ? "fr" : "en";
}

/** The path without its language prefix ("/fr/about" → "/about", "/fr" → "/"). */
export function stripLocale(pathname: string): string {
  if (localeFromPath(pathname) === "en") return pathname;
  const rest = pathname.slice(3);
  return rest === "" ? "/" : rest;
}

/** The same page in another language; `path` may carry a query or hash. */
export function localizePath(path: string, locale: Locale): string {
  const match = /^([^?#]*)(.*)$/.exec(path)!;
  const bare = stripLocale(match[1] || "/");
  if (locale === "en") return bare + match[2];
  return (bare === "/" ? "/fr" : `/fr${bare}`) + match[2];
}
