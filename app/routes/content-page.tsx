// A published page: /pages/:slug in English, /fr/pages/:slug in French. A
// slug only the other language has is shown in that language with a short
// notice (and its own canonical address). Drafts are not found.
import { useLoaderData } from "react-router";
import type { Route } from "./+types/content-page";
import articleCss from "./article.css?url";
import { ContentArticle } from "../components/ContentArticle.tsx";
import { CONTENT_HANDLE, documentMeta } from "../components/ContentMeta.ts";
import { loadPublicDocument } from "../components/ContentPage.server.ts";
import { LocaleProvider } from "../i18n/context.tsx";
import { PUBLIC_PAGE_CACHE_CONTROL } from "../lib/seo.ts";

/** The document sets its own canonical address, alternates and preview image (see ContentMeta.ts). */
export const handle = CONTENT_HANDLE;

/** Only a published document reaches this (a 404 or redirect is answered by another route's headers). */
export const headers: Route.HeadersFunction = () => ({ "Cache-Control": PUBLIC_PAGE_CACHE_CONTROL });

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: articleCss }];

export function loader({ context, params, request }: Route.LoaderArgs) {
  return loadPublicDocument(context, request, "page", params.slug);
}

export const meta: Route.MetaFunction = ({ loaderData }) => (loaderData ? documentMeta(loaderData.page, loaderData.clinic) : []);

export default function ContentPage() {
  const { page, timeZone } = useLoaderData<typeof loader>();
  return (
    <LocaleProvider locale={page.pageLocale}>
      <ContentArticle doc={{ ...page, timeZone }} />
    </LocaleProvider>
  );
}
