import { data, Form, Link, useLoaderData } from "react-router";
import { Temporal } from "temporal-polyfill";
import type { Route } from "./+types/audit";
import adminCss from "./admin.css?url";
import recordsCss from "./records.css?url";
import { auditFilterOptions, searchAuditEvents, type AuditFilters, type AuditRow } from "../../../src/audit/audit-log.ts";
import { actionLabel, roleLabel } from "../../../src/audit/labels.ts";
import { EARLIEST_YEAR, isPlausiblePlainDate, LATEST_YEAR } from "../../../src/kernel/dates.ts";
import { isPlainLine, LINE_CONTROL_MESSAGE } from "../../../src/kernel/text.ts";
import { loadClinic } from "../../../src/scheduling/clinic.ts";
import { FieldFrame } from "../../components/ContactFields.tsx";
import { StaffError } from "../../components/StaffError.tsx";
import { ListTable, PageLinks } from "../../components/StaffList.tsx";
import { formatDateMedium, formatDateTime, formatTime } from "../../lib/format.ts";
import { localDateOf } from "../../../src/scheduling/time.ts";
import { ForbiddenError } from "../../../src/kernel/errors.ts";
import { staffRequest } from "../../lib/staff-route.server.ts";

export const links: Route.LinksFunction = () => [
  { rel: "stylesheet", href: adminCss },
  { rel: "stylesheet", href: recordsCss },
];

export const meta: Route.MetaFunction = () => [{ title: "Audit log — Dermaplan staff" }, { name: "robots", content: "noindex" }];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A yyyy-mm-dd in the clinic's zone as the instant the day starts, or null. */
function dayStart(value: string, timeZone: string, plusDays = 0): number | null {
  if (!isPlausiblePlainDate(value)) return null;
  try {
    return Temporal.PlainDate.from(value, { overflow: "reject" }).add({ days: plusDays }).toZonedDateTime({ timeZone }).epochMilliseconds;
  } catch {
    return null;
  }
}

const ACTORS: Record<string, string> = { client: "The client", system: "The system", public: "A visitor" };

/** What a row is about, in words: "Service: Microneedling — face", an appointment as its service and time, or its kind alone. */
function entityText(entity: NonNullable<AuditRow["entity"]>, timeZone: string): string {
  const when = entity.at !== null ? `${formatDateMedium(localDateOf(entity.at, timeZone))}, ${formatTime(entity.at, timeZone)}` : null;
  const name = [entity.name, when].filter(Boolean).join(", ");
  return name ? `${entity.kind}: ${name}` : entity.kind;
}

export async function loader({ context, request }: Route.LoaderArgs) {
  const { services, staff } = staffRequest(context);
  const { db } = services;
  const url = new URL(request.url);
  const p = (name: string) => (url.searchParams.get(name) ?? "").trim().slice(0, 100);
  const clinic = await loadClinic(db, staff.organizationId);
  const tz = clinic.location.timeZone;
  const values = { client: p("client"), clientId: p("clientId"), actor: p("actor"), action: p("action"), from: p("from"), to: p("to") };
  const errors: Record<string, string> = {};
  const filters: AuditFilters = {};
  // A filter holding a control character is refused beside its field and not applied (nor echoed back).
  for (const [name, value] of Object.entries(values) as [keyof typeof values, string][]) {
    if (!isPlainLine(value)) {
      errors[name] = LINE_CONTROL_MESSAGE;
      values[name] = "";
    }
  }
  if (values.client) filters.client = values.client;
  if (values.clientId) {
    if (UUID.test(values.clientId)) filters.clientId = values.clientId;
    else values.clientId = "";
  }
  if (values.actor) filters.actorUserId = values.actor;
  if (values.action) filters.action = values.action;
  if (values.from) {
    const from = dayStart(values.from, tz);
    if (from === null) errors.from = `Enter a date like 2026-03-01, between ${EARLIEST_YEAR} and ${LATEST_YEAR}.`;
    else filters.from = from;
  }
  if (values.to) {
    const to = dayStart(values.to, tz, 1);
    if (to === null) errors.to = `Enter a date like 2026-03-31, between ${EARLIEST_YEAR} and ${LATEST_YEAR}.`;
    else filters.to = to;
  }
  const page = Number.parseInt(url.searchParams.get("page") ?? "1", 10) || 1;
  try {
    const [options, result] = await Promise.all([auditFilterOptions(db, { staff }), searchAuditEvents(db, { staff, filters, page })]);
    return {
      timeZone: tz,
      values,
      errors,
      options: {
        staff: options.staff.map((s) => ({ userId: s.userId, label: `${s.name} (${roleLabel(s.role)})` })),
        actions: options.actions.map((a) => ({ value: a, label: actionLabel(a) })),
      },
      total: result.total,
      page: result.page,
      pageCount: result.pageCount,
      events: result.events.map((e) => ({
        id: e.id,
        when: formatDateTime(e.at, tz),
        who: e.actorType === "staff" ? (e.actorName ?? "A former staff member") : (ACTORS[e.actorType] ?? e.actorType),
        role: e.actorType === "staff" ? roleLabel(e.actorRole) : "",
        what: actionLabel(e.action),
        clientId: e.clientId,
        clientName: e.clientName,
        entity: e.entity ? { text: entityText(e.entity, tz), href: e.entity.href } : null,
        summary: e.summary,
      })),
    };
  } catch (error) {
    if (error instanceof ForbiddenError) throw data(error.message, { status: 403 });
    throw error;
  }
}

function pageHref(values: Record<string, string>, page: number): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v) params.set(k, v);
  if (page > 1) params.set("page", String(page));
  const s = params.toString();
  return s ? `/staff/audit?${s}` : "/staff/audit";
}

export default function Audit() {
  const d = useLoaderData<typeof loader>();
  const v = d.values;
  return (
    <div className="page">
      <h1>Audit log</h1>
      <p className="muted">
        Who did what, and when: every view and change of a health record, every break-the-glass access with its reason, bookings and changes
        to the clinic's setup. Entries cannot be changed or removed. Health information itself is never shown here. Times are in{" "}
        {d.timeZone}.
      </p>

      <Form method="get" action="/staff/audit" className="audit-filters" aria-label="Search the audit log">
        {v.clientId ? <input type="hidden" name="clientId" value={v.clientId} /> : null}
        <FieldFrame id="audit-client" label="Client name or e-mail">
          <input id="audit-client" name="client" type="search" defaultValue={v.client} autoComplete="off" maxLength={100} />
        </FieldFrame>
        <FieldFrame id="audit-actor" label="Staff member">
          <select id="audit-actor" name="actor" defaultValue={v.actor}>
            <option value="">Anyone</option>
            {d.options.staff.map((s) => (
              <option key={s.userId} value={s.userId}>
                {s.label}
              </option>
            ))}
          </select>
        </FieldFrame>
        <FieldFrame id="audit-action" label="Action">
          <select id="audit-action" name="action" defaultValue={v.action}>
            <option value="">Any action</option>
            {d.options.actions.map((a) => (
              <option key={a.value} value={a.value}>
                {a.label}
              </option>
            ))}
          </select>
        </FieldFrame>
        <FieldFrame id="audit-from" label="From" error={d.errors.from}>
          <input
            id="audit-from"
            name="from"
            type="date"
            defaultValue={v.from}
            aria-describedby={d.errors.from ? "audit-from-error" : undefined}
          />
        </FieldFrame>
        <FieldFrame id="audit-to" label="To" error={d.errors.to}>
          <input id="audit-to" name="to" type="date" defaultValue={v.to} aria-describedby={d.errors.to ? "audit-to-error" : undefined} />
        </FieldFrame>
        <div>
          <button type="submit" className="button primary">
            Search
          </button>
        </div>
      </Form>
      {v.clientId ? (
        <p>
          Showing one client's entries. <Link to="/staff/audit">Show everyone's</Link>
        </p>
      ) : null}

      <p role="status" className="muted">
        {d.total === 0
          ? "No entries match."
          : `${d.total === 1 ? "1 entry" : `${d.total} entries`}${d.pageCount > 1 ? `, page ${d.page} of ${d.pageCount}` : ""}, newest first.`}
      </p>

      {d.events.length > 0 ? (
        <ListTable id="audit" caption="Audit log entries" columns={["When", "Who", "What", "Record", "Details"]}>
          {d.events.map((e) => (
            <tr key={e.id}>
              <td className="small">{e.when}</td>
              <td className="audit-cell">
                {e.who}
                {e.role ? <div className="small muted">{e.role}</div> : null}
              </td>
              <td className="audit-cell">{e.what}</td>
              <td className="audit-cell">
                {e.clientId ? <Link to={`/staff/clients/${e.clientId}`}>{e.clientName}</Link> : null}
                {e.entity ? (
                  <div className={e.clientId ? "small" : undefined}>
                    {e.entity.href ? <Link to={e.entity.href}>{e.entity.text}</Link> : e.entity.text}
                  </div>
                ) : null}
              </td>
              <td className="audit-cell small">{e.summary}</td>
            </tr>
          ))}
        </ListTable>
      ) : null}

      {d.pageCount > 1 ? (
        <PageLinks
          label="Audit log pages"
          before={d.page > 1 ? { to: pageHref(v, d.page - 1), text: "Newer entries" } : null}
          after={d.page < d.pageCount ? { to: pageHref(v, d.page + 1), text: "Older entries" } : null}
        />
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <StaffError backTo="/staff" backLabel="Back to the calendar" />;
}
