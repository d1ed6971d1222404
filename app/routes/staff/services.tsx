import { StaffError } from "../../components/StaffError.tsx";
import { Link, useLoaderData } from "react-router";
import type { Route } from "./+types/services";
import adminCss from "./admin.css?url";
import { canEditClinic } from "../../../src/scheduling/admin/access.ts";
import { listServicesForStaff } from "../../../src/scheduling/admin/services.ts";
import { formatDateMedium, formatDuration, formatMoney } from "../../lib/format.ts";
import { staffRequest } from "../../lib/staff-route.server.ts";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: adminCss }];

export const meta: Route.MetaFunction = () => [{ title: "Services — Dermaplan staff" }, { name: "robots", content: "noindex" }];

export async function loader({ context }: Route.LoaderArgs) {
  const { services, staff } = staffRequest(context);
  const rows = await listServicesForStaff(services.db, { staff, organizationId: services.organizationId, now: services.now() });
  return {
    canEdit: canEditClinic(staff),
    services: rows.map((s) => ({
      id: s.id,
      name: s.name,
      slug: s.slug,
      kind: s.kind === "consultation" ? "Consultation" : "Treatment",
      duration: formatDuration(s.durationMinutes),
      buffers:
        s.bufferBeforeMinutes || s.bufferAfterMinutes
          ? [
              s.bufferBeforeMinutes ? `${s.bufferBeforeMinutes} min before` : null,
              s.bufferAfterMinutes ? `${s.bufferAfterMinutes} min after` : null,
            ]
              .filter(Boolean)
              .join(", ")
          : null,
      price: formatMoney(s.priceCents, s.currency),
      currency: s.currency,
      scheduled: s.scheduledPrices.map(
        (c) => `From ${formatDateMedium(c.from)}: ${formatMoney(c.cents, c.currency)}${c.cents ? ` ${c.currency}` : ""}`,
      ),
      active: s.active,
      requiresEligibility: s.requiresEligibility,
      requiresRoom: s.requiresRoom,
      practitioners: s.practitionerNames,
    })),
  };
}

export default function Services() {
  const { canEdit, services } = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <h1>Services</h1>
      <p className="muted">
        What clients can book, how long it takes and what it costs. Inactive services stay here but cannot be booked.
        {canEdit ? null : " Your role can see these but not change them; ask an owner or manager."}
      </p>
      {canEdit ? (
        <p>
          <Link to="/staff/services/new" className="button primary">
            Add a service
          </Link>
        </p>
      ) : null}
      {services.length === 0 ? (
        <p className="notice">No services yet.</p>
      ) : (
        <ul className="service-list">
          {services.map((s) => (
            <li key={s.id} className="service-card">
              <div className="item-body">
                <h2 className="item-heading">
                  <Link to={`/staff/services/${s.id}`}>{s.name}</Link>
                  {s.active ? null : <span className="muted"> (inactive)</span>}
                </h2>
                <p className="facts small">
                  {s.kind} · {s.duration}
                  {s.buffers ? ` (+ ${s.buffers})` : ""} · {s.price}
                  {s.price !== "Free" && s.price !== "Price on request" ? ` ${s.currency}` : ""}
                </p>
                {s.scheduled.map((line) => (
                  <p key={line} className="small price-scheduled">
                    {line} (scheduled)
                  </p>
                ))}
                <p className="small">
                  {[s.requiresRoom ? "Needs a room" : "No room needed", s.requiresEligibility ? "Eligibility check first" : null]
                    .filter(Boolean)
                    .join(" · ")}
                </p>
                <p className="small muted">
                  {s.practitioners.length
                    ? `Offered by ${s.practitioners.join(", ")}`
                    : "No practitioner offers it, so it cannot be booked."}
                </p>
                <p className="small muted">
                  Booking page: <code>/book/{s.slug}</code>
                </p>
              </div>
              <Link className="button small secondary" to={`/staff/services/${s.id}`}>
                {canEdit ? "Edit" : "View"}
                <span className="visually-hidden"> {s.name}</span>
              </Link>
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
