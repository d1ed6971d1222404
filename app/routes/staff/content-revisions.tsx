// Every saved revision of a page or article, newest first, with what changed
// from the one before it (title, summary, cover and the text line by line).
// Restoring one writes it again as a new draft revision; nothing is lost.
import { data, Form, Link, redirect, useLoaderData } from "react-router";
import type { Route } from "./+types/content-revisions";
import adminCss from "./admin.css?url";
import contentCss from "./content.css?url";
import { diffLines, foldUnchanged, type DiffLine } from "../../../src/content/diff.ts";
import { getRevision, listRevisions } from "../../../src/content/desk-reading.ts";
import { restoreRevision } from "../../../src/content/draft-writing.ts";
import { loadClinic } from "../../../src/scheduling/clinic.ts";
import { rethrowAsResponse } from "../../components/ContentDesk.server.ts";
import { StaffError } from "../../components/StaffError.tsx";
import { formTextErrors, readForm } from "../../lib/form.ts";
import { formatDateTime } from "../../lib/format.ts";
import { staffRequest } from "../../lib/staff-route.server.ts";

export const links: Route.LinksFunction = () => [
  { rel: "stylesheet", href: adminCss },
  { rel: "stylesheet", href: contentCss },
];
export const meta: Route.MetaFunction = ({ loaderData }) => [
  { title: `Revisions of “${loaderData?.document.title ?? "page"}” — Dermaplan staff` },
  { name: "robots", content: "noindex" },
];

export async function loader({ context, params, request }: Route.LoaderArgs) {
  const { services, staff } = staffRequest(context);
  try {
    const { document, revisions } = await listRevisions(services.db, { staff, documentId: params.documentId });
    const zone = (await loadClinic(services.db, staff.organizationId)).location.timeZone;
    const wanted = new URL(request.url).searchParams.get("show");
    const shown = revisions.find((r) => r.id === wanted) ?? revisions[0]!;
    const previous = revisions.find((r) => r.number < shown.number) ?? null;
    const [after, before] = await Promise.all([
      getRevision(services.db, { staff, documentId: document.id, revisionId: shown.id }),
      previous ? getRevision(services.db, { staff, documentId: document.id, revisionId: previous.id }) : null,
    ]);
    return {
      document,
      revisions: revisions.map((r) => ({ ...r, when: formatDateTime(r.createdAt, zone) })),
      shown: { id: shown.id, number: shown.number },
      previousNumber: previous?.number ?? null,
      changes: {
        title: before && before.title !== after.title ? { before: before.title, after: after.title } : null,
        summary: before && before.summary !== after.summary ? { before: before.summary, after: after.summary } : null,
        cover: !!before && before.coverAssetId !== after.coverAssetId,
        body: foldUnchanged(diffLines(before?.body ?? "", after.body)),
        bodyChanged: (before?.body ?? "") !== after.body,
      },
    };
  } catch (error) {
    rethrowAsResponse(error);
  }
}

export async function action({ context, params, request }: Route.ActionArgs) {
  const { services, staff } = staffRequest(context);
  const form = await readForm(request);
  if (form.get("intent") !== "restore") throw data("Unknown action", { status: 400 });
  if (formTextErrors(form)) throw data("That revision could not be read. Reload the page and try again.", { status: 422 });
  try {
    await restoreRevision(services.db, {
      staff,
      documentId: params.documentId,
      revisionId: String(form.get("revisionId") ?? ""),
      now: services.now(),
    });
  } catch (error) {
    rethrowAsResponse(error);
  }
  return redirect(`/staff/content/${params.documentId}?saved=restored`, 303);
}

function DiffView({ lines }: { lines: DiffLine[] }) {
  return (
    <ol className="diff" aria-label="Changes to the text, line by line">
      {lines.map((l, i) =>
        l.kind === "folded" ? (
          <li key={i} className="folded">
            {l.count} unchanged {l.count === 1 ? "line" : "lines"}
          </li>
        ) : (
          <li key={i} className={l.kind}>
            <span className="num" aria-hidden="true">
              {l.kind !== "added" ? l.oldLine : ""}
            </span>
            <span className="num" aria-hidden="true">
              {l.kind !== "removed" ? l.newLine : ""}
            </span>
            <span aria-hidden="true">{l.kind === "added" ? "+" : l.kind === "removed" ? "−" : ""}</span>
            <span>
              {l.kind === "added" ? <span className="visually-hidden">Added line {l.newLine}: </span> : null}
              {l.kind === "removed" ? <span className="visually-hidden">Removed line {l.oldLine}: </span> : null}
              {l.text || " "}
            </span>
          </li>
        ),
      )}
    </ol>
  );
}

export default function ContentRevisions() {
  const d = useLoaderData<typeof loader>();
  const c = d.changes;
  return (
    <div className="page">
      <p>
        <Link to={`/staff/content/${d.document.id}`}>← Back to “{d.document.title}”</Link>
      </p>
      <h1>Revisions of “{d.document.title}”</h1>
      <p className="muted">
        Every save is kept. Restoring an earlier revision makes it the new draft; the published version stays live until you publish.
      </p>
      <section aria-labelledby="changes-title">
        <h2 id="changes-title">
          {d.previousNumber
            ? `What changed in revision ${d.shown.number} (from ${d.previousNumber})`
            : `Revision ${d.shown.number}, the first`}
        </h2>
        {c.title ? (
          <div className="field-change">
            <strong>Title</strong>
            <p className="removed">
              <span className="visually-hidden">Before: </span>− {c.title.before}
            </p>
            <p className="added">
              <span className="visually-hidden">After: </span>+ {c.title.after}
            </p>
          </div>
        ) : null}
        {c.summary ? (
          <div className="field-change">
            <strong>Summary</strong>
            <p className="removed">
              <span className="visually-hidden">Before: </span>− {c.summary.before || "(none)"}
            </p>
            <p className="added">
              <span className="visually-hidden">After: </span>+ {c.summary.after || "(none)"}
            </p>
          </div>
        ) : null}
        {c.cover ? <p>The cover image changed.</p> : null}
        {c.bodyChanged ? <DiffView lines={c.body} /> : <p>The text did not change.</p>}
      </section>
      <section aria-labelledby="list-title">
        <h2 id="list-title">All revisions</h2>
        <ul className="revision-list">
          {d.revisions.map((r) => (
            <li key={r.id} className={`revision${r.working ? " current" : ""}`}>
              <p>
                <strong>Revision {r.number}</strong> · {r.when} · {r.by}
              </p>
              <p>{r.title}</p>
              <p className="tags">
                {r.working ? <span className="tag draft">Current version</span> : null}
                {r.published ? <span className="tag live">On the site</span> : null}
                {r.scheduled ? <span className="tag scheduled">Scheduled</span> : null}
                {r.restoredFromNumber ? <span className="tag info">Restored from revision {r.restoredFromNumber}</span> : null}
                {r.blocked ? <span className="tag block">Guard blocked it</span> : null}
              </p>
              <div className="stacked-forms">
                {r.id !== d.shown.id ? (
                  <Link to={`?show=${r.id}#changes-title`}>
                    See what changed<span className="visually-hidden"> in revision {r.number}</span>
                  </Link>
                ) : (
                  <span className="muted">Changes shown above</span>
                )}
                <Link to={`/staff/content/${d.document.id}/preview?revision=${r.id}`}>
                  Preview<span className="visually-hidden"> revision {r.number}</span>
                </Link>
                {!r.working ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="restore" />
                    <input type="hidden" name="revisionId" value={r.id} />
                    <button type="submit" className="button small secondary">
                      Restore<span className="visually-hidden"> revision {r.number}</span>
                    </button>
                  </Form>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <StaffError backTo="/staff/content" backLabel="Back to pages and articles" />;
}
