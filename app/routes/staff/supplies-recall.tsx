// The recall search (docs/supplies.md): which clients were treated with a lot
// (?lot=<id>) or a device (?device=<id>). The owner alone (health.export);
// everyone else gets 403 before anything is read. The ids in the address are
// not health information, but the answer is: the search is audited (one event
// for the search, one health-record view per client found), the staff layout
// marks the answer `Cache-Control: private, no-store`, and the page's title
// names no client.
import { data, Link, useLoaderData } from "react-router";
import type { Route } from "./+types/supplies-recall";
import adminCss from "./admin.css?url";
import { recallSearch } from "../../../src/plans/record/recall.ts";
import { loadClinic } from "../../../src/scheduling/clinic.ts";
import { StaffError } from "../../components/StaffError.tsx";
import { telHref } from "../../lib/format.ts";
import { refuse } from "../../lib/refusals.server.ts";
import { staffRequest } from "../../lib/staff-route.server.ts";
import { recallCountText, recallRows } from "../../lib/supplies.ts";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: adminCss }];

// No client name in the title: titles end up in browser history and tab lists.
export const meta: Route.MetaFunction = () => [{ title: "Recall search — Dermaplan staff" }, { name: "robots", content: "noindex" }];

export async function loader({ context, request }: Route.LoaderArgs) {
  const { services, staff } = staffRequest(context, {
    permission: "health.export",
    doing: "search which clients were treated with a lot or a device",
  });
  const query = new URL(request.url).searchParams;
  const lot = query.get("lot");
  const device = query.get("device");
  if ((lot === null) === (device === null)) {
    throw data("Choose one lot or one device on the Devices and lots page.", { status: 400 });
  }
  const kind = lot !== null ? "lot" : "device";
  let result;
  try {
    result = await recallSearch(services.db, { staff, kind, id: (lot ?? device)! });
  } catch (error) {
    refuse(error);
  }
  const clinic = await loadClinic(services.db, staff.organizationId);
  const tz = clinic.location.timeZone;
  return { kind, label: result.what.label, count: recallCountText(result.hits), hits: recallRows(result.hits, tz) };
}

export default function SuppliesRecall() {
  const d = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <p>
        <Link to="/staff/supplies">← Devices and lots</Link>
      </p>
      <h1>{`Which clients were treated with this ${d.kind}?`}</h1>
      <p>
        <strong>{d.label}</strong>
      </p>
      <p className="muted">
        Health information: this search is recorded in the audit log, and in the record of each client it finds. Do not print or forward
        this list; contact the clients from their records.
      </p>
      {d.hits.length === 0 ? (
        <p role="status">{`No client was treated with this ${d.kind}.`}</p>
      ) : (
        <>
          <p role="status">{d.count}</p>
          <div className="table-scroll" role="region" aria-label="Table of clients treated" tabIndex={0}>
            <table className="limits-table">
              <thead>
                <tr>
                  <th scope="col">Client</th>
                  <th scope="col">Contact</th>
                  <th scope="col">Treated</th>
                  <th scope="col">Chart</th>
                </tr>
              </thead>
              <tbody>
                {d.hits.map((h) => (
                  <tr key={h.appointmentId}>
                    <th scope="row">
                      <Link to={`/staff/clients/${h.clientId}`}>{h.clientName}</Link>
                    </th>
                    <td>
                      {h.email ? <a href={`mailto:${h.email}`}>{h.email}</a> : null}
                      {h.email && h.phone ? <br /> : null}
                      {h.phone ? <a href={telHref(h.phone)}>{h.phone}</a> : null}
                      {!h.email && !h.phone ? "No contact details" : null}
                    </td>
                    <td>
                      <Link to={`/staff/appointments/${h.appointmentId}`}>{h.treated}</Link>
                    </td>
                    <td>{h.chart}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <StaffError backTo="/staff/supplies" backLabel="Back to the devices and lots" />;
}
