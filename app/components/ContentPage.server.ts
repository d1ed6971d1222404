// The loader of a public article or page (routes/article.tsx and
// routes/content-page.tsx): the page's language from its address, the live
// document, 404 for anything else. Its addresses (canonical, alternates,
// preview image, JSON-LD) are on the configured PUBLIC_URL, never on the Host
// header a request arrived with.
import { data, redirect, type RouterContextProvider } from "react-router";
import { localeFromPath } from "../i18n/locales.ts";
import { publicClinic } from "../lib/clinic.server.ts";
import { publicDocumentPage } from "../../src/content/publishing.ts";

export async function loadPublicDocument(
  context: Readonly<RouterContextProvider>,
  request: Request,
  kind: "page" | "article",
  slug: string,
) {
  const url = new URL(request.url);
  // Addresses are lowercase; a link typed in capitals still arrives.
  if (slug !== slug.toLowerCase()) throw redirect(url.pathname.toLowerCase(), 301);
  const { services, clinic } = await publicClinic(context);
  const page = await publicDocumentPage(services.db, {
    organizationId: services.organizationId,
    kind,
    slug,
    pageLocale: localeFromPath(url.pathname),
    now: services.now(),
    origin: services.baseUrl,
  });
  if (!page) throw data("Not found", { status: 404 });
  return { page, clinic: { name: clinic.name, origin: services.baseUrl }, timeZone: clinic.location.timeZone };
}
