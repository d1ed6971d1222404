// The working revision (or, with ?revision=, any earlier one) exactly as the
// public page will show it, under a banner saying it is not published.
import { Link, useLoaderData } from "react-router";
import type { Route } from "./+types/content-preview";
import articleCss from "../article.css?url";
import { getRevision, viewDocument } from "../../../src/content/desk-reading.ts";
import { renderContent } from "../../../src/content/publishing.ts";
import { loadClinic } from "../../../src/scheduling/clinic.ts";
import { ContentArticle } from "../../components/ContentArticle.tsx";
import { rethrowAsResponse } from "../../components/ContentDesk.server.ts";
import { StaffError } from "../../components/StaffError.tsx";
import { LocaleProvider } from "../../i18n/context.tsx";
import { INTL_LOCALE } from "../../i18n/locales.ts";
import { staffRequest } from "../../lib/staff-route.server.ts";

// The layout sets Cache-Control for every staff response; a preview must also stay out of search engines.
export const headers: Route.HeadersFunction = () => ({ "X-Robots-Tag": "noindex" });
export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: articleCss }];
export const meta: Route.MetaFunction = ({ loaderData }) => [
  { title: `Preview: ${loaderData?.title ?? "page"} — Dermaplan staff` },
  { name: "robots", content: "noindex" },
];

export async function loader({ context, params, request }: Route.LoaderArgs) {
  const { services, staff } = staffRequest(context);
  const now = services.now();
  try {
    const doc = await viewDocument(services.db, { staff, documentId: params.documentId, now });
    const wanted = new URL(request.url).searchParams.get("revision");
    const revision = wanted ? await getRevision(services.db, { staff, documentId: doc.id, revisionId: wanted }) : { ...doc.working };
    const rendered = await renderContent(services.db, staff.organizationId, revision, doc.locale);
    const clinic = await loadClinic(services.db, staff.organizationId);
    return {
      id: doc.id,
      kind: doc.kind,
      locale: doc.locale,
      title: revision.title,
      number: revision.number,
      html: rendered.html,
      cover: rendered.cover,
      firstPublishedAt: doc.firstPublishedAt ?? now,
      publishedAt: doc.live && doc.live.revisionId === revision.id ? doc.live.publishedAt : now,
      timeZone: clinic.location.timeZone,
    };
  } catch (error) {
    rethrowAsResponse(error);
  }
}

export default function ContentPreview() {
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <div className="preview-banner" role="note">
        <p>Preview — not published (revision {d.number})</p>
        <Link to={`/staff/content/${d.id}`}>Back to editing</Link>
      </div>
      <div lang={INTL_LOCALE[d.locale]}>
        <LocaleProvider locale={d.locale}>
          <ContentArticle doc={{ ...d, fallback: false }} />
        </LocaleProvider>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <StaffError backTo="/staff/content" backLabel="Back to pages and articles" />;
}
