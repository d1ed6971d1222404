// The language of the client's account pages. Signed in, it is the client's
// own choice (clients.preferred_locale, set by the language switch or when
// they booked), which the portal layout's middleware puts in the request
// context. Signed out (sign-in and link pages) it is `?lang=en|fr` when given,
// else the browser's Accept-Language, else English.
import { createContext, type RouterContextProvider } from "react-router";
import { DEFAULT_LOCALE, isLocale, type Locale } from "../i18n/locales.ts";

/** Set by the portal layout's middleware from the signed-in client's preference. */
export const portalLocaleContext = createContext<Locale>(DEFAULT_LOCALE);

export function getPortalLocale(context: Readonly<RouterContextProvider>): Locale {
  return context.get(portalLocaleContext);
}

/** The preferred of English and French in an Accept-Language header; null when it names neither. */
export function localeFromAcceptLanguage(header: string | null): Locale | null {
  if (!header) return null;
  let best: { locale: Locale; q: number; at: number } | null = null;
  header.split(",").forEach((part, at) => {
    const [tag = "", ...params] = part.trim().split(";");
    const primary = tag.trim().toLowerCase().split("-")[0];
    if (!isLocale(primary)) return;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) return;
    if (!best || q > best.q || (q === best.q && at < best.at)) best = { locale: primary, q, at };
  });
  return (best as { locale: Locale } | null)?.locale ?? null;
}

/** A signed-out page's language: `?lang=` first, then the browser's, then English. */
export function signedOutLocale(request: Request): Locale {
  const asked = new URL(request.url).searchParams.get("lang");
  if (isLocale(asked)) return asked;
  return localeFromAcceptLanguage(request.headers.get("accept-language")) ?? DEFAULT_LOCALE;
}

/** `path` with `lang=fr` added for French; English paths stay bare (the default needs no parameter). */
export function withLang(path: string, locale: Locale): string {
  if (locale === DEFAULT_LOCALE) return path;
  return `${path}${path.includes("?") ? "&" : "?"}lang=${locale}`;
}
