// The publishing desk: the clinic's pages and articles with where each is in
// the workflow, filtered by kind, status and language.
import type { ReactNode } from "react";
import { Form, Link, useLoaderData } from "react-router";
import type { Route } from "./+types/content";
import adminCss from "./admin.css?url";
import contentCss from "./content.css?url";
import { STATUSES } from "../../../src/content/limits.ts";
import { listDocuments } from "../../../src/content/desk-reading.ts";
import { loadClinic } from "../../../src/scheduling/clinic.ts";
import { KIND_TEXT, LOCALE_TEXT, STATUS_TEXT, StatusTags } from "../../components/ContentStatus.tsx";
import { rethrowAsResponse } from "../../components/ContentDesk.server.ts";
import { StaffError } from "../../components/StaffError.tsx";
import { formatDateTime } from "../../lib/format.ts";
import { can } from "../../../src/kernel/access.ts";
import { staffRequest } from "../../lib/staff-route.server.ts";

export const links: Route.LinksFunction = () => [
  { rel: "stylesheet", href: adminCss },
  { rel: "stylesheet", href: contentCss },
];
export const meta: Route.MetaFunction = () => [{ title: "Pages and articles — Dermaplan staff" }, { name: "robots", content: "noindex" }];

export async function loader({ context, request }: Route.LoaderArgs) {
  const { services, staff } = staffRequest(context);
  const params = new URL(request.url).searchParams;
  const filters = { kind: params.get("kind") ?? "", status: params.get("status") ?? "", locale: params.get("locale") ?? "" };
  try {
    const rows = await listDocuments(services.db, { staff, filters });
    const clinic = await loadClinic(services.db, staff.organizationId);
    const zone = clinic.location.timeZone;
    return {
      filters,
      canPublish: can(staff.role, "content.publish"),
      documents: rows.map((r) => ({
        ...r,
        scheduledText: r.scheduledAt ? formatDateTime(r.scheduledAt, zone) : null,
        updatedText: formatDateTime(r.updatedAt, zone),
      })),
    };
  } catch (error) {
    rethrowAsResponse(error);
  }
}

/** One of the list's filters: a choice sent as `name` in the query. */
function FilterSelect({ name, label, value, children }: { name: string; label: string; value: string; children: ReactNode }) {
  const id = `filter-${name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={value}>
        {children}
      </select>
    </div>
  );
}

export default function ContentList() {
  const d = useLoaderData<typeof loader>();
  const filtered = Boolean(d.filters.kind || d.filters.status || d.filters.locale);
  return (
    <div className="page">
      <h1>Pages and articles</h1>
      <p className="muted">
        Drafts are saved with every change.{" "}
        {d.canPublish ? "You can publish and schedule." : "A manager or the owner publishes what you submit for review."}
      </p>
      <p className="desk-actions">
        <Link className="button primary" to="/staff/content/new">
          New article or page
        </Link>
        <Link to="/staff/media">Media library</Link>
      </p>
      <Form method="get" className="filter" aria-label="Filter the list">
        <FilterSelect name="kind" label="Kind" value={d.filters.kind}>
          <option value="">All kinds</option>
          <option value="article">Articles</option>
          <option value="page">Pages</option>
        </FilterSelect>
        <FilterSelect name="status" label="Status" value={d.filters.status}>
          <option value="">Any status</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_TEXT[s]}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect name="locale" label="Language" value={d.filters.locale}>
          <option value="">Both languages</option>
          <option value="en">English</option>
          <option value="fr">French</option>
        </FilterSelect>
        <button type="submit" className="button secondary">
          Show
        </button>
      </Form>
      {d.documents.length === 0 ? (
        <p>{filtered ? "Nothing matches these filters." : "Nothing written yet. Start with a new article or page."}</p>
      ) : (
        <ul className="doc-list">
          {d.documents.map((doc) => (
            <li key={doc.id} className="doc-card">
              <h2>
                <Link to={`/staff/content/${doc.id}`}>{doc.title}</Link>
              </h2>
              <p className="muted">
                {KIND_TEXT[doc.kind]} · {LOCALE_TEXT[doc.locale]} · {doc.path}
              </p>
              <StatusTags status={doc.status} live={doc.live} changedSinceLive={doc.changedSinceLive} scheduledText={doc.scheduledText} />
              {doc.blocked ? (
                <p className="tags">
                  <span className="tag block">The guard blocks publishing</span>
                </p>
              ) : null}
              {doc.scheduleFailed ? (
                <p className="tags">
                  <span className="tag block">Scheduled publication did not happen</span>
                </p>
              ) : null}
              <p className="small muted">
                Changed {doc.updatedText} · latest revision by {doc.updatedBy}
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <StaffError backTo="/staff" backLabel="Back to the calendar" />;
}
