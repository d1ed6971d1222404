// The head of a signed-in portal page: "{page} — {clinic}" in the account's
// language (both from the portal layout's loader), and never indexed.
import { translate, type MessageKey } from "../i18n/catalog.ts";
import type { Locale } from "../i18n/locales.ts";

type MetaMatch = { id: string; loaderData?: unknown } | undefined;

/** The page's title and robots tag; the title names the page, never the client or anything of theirs. */
export function portalMeta(matches: readonly MetaMatch[], page: MessageKey) {
  const layout = matches.find((m) => m?.id === "routes/portal/layout")?.loaderData as { clinicName?: string; locale?: Locale } | undefined;
  const locale = layout?.locale ?? "en";
  return [
    { title: translate(locale, "portal.title", { page: translate(locale, page), clinic: layout?.clinicName ?? "" }) },
    { name: "robots", content: "noindex" },
  ];
}
