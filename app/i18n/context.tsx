import { createContext, Fragment, useContext, type ReactNode } from "react";
import { translate, translator, type MessageKey, type MessageParams, type Translate } from "./catalog.ts";
import { DEFAULT_LOCALE, INTL_LOCALE, localizePath, type Locale } from "./locales.ts";

const LocaleContext = createContext<Locale>(DEFAULT_LOCALE);

export function LocaleProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  return <LocaleContext.Provider value={locale}>{children}</LocaleContext.Provider>;
}

export function useLocale(): Locale {
  return useContext(LocaleContext);
}

/** `t(key, params)` in the page's language, and `href(path)` for a link that stays in it. */
export function useT(): { t: Translate; locale: Locale; intl: string; href: (path: string) => string } {
  const locale = useLocale();
  return { t: translator(locale), locale, intl: INTL_LOCALE[locale], href: (path) => localizePath(path, locale) };
}

/**
 * A message whose `<tag>…</tag>` spans are rendered by the given components,
 * e.g. rich(locale, "site.call", { phone: (text) => <a href="tel:…">{text}</a> }).
 */
export function rich(
  locale: Locale,
  key: MessageKey,
  tags: Readonly<Record<string, (chunk: string) => ReactNode>>,
  params?: MessageParams,
): ReactNode {
  const text = translate(locale, key, params);
  const parts: ReactNode[] = [];
  const re = /<(\w+)>(.*?)<\/\1>/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > last) parts.push(text.slice(last, m.index));
    const render = tags[m[1]!];
    if (!render) throw new Error(`Message ${key} uses <${m[1]}> but no component was given for it`);
    parts.push(<Fragment key={m.index}>{render(m[2]!)}</Fragment>);
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return <>{parts}</>;
}
