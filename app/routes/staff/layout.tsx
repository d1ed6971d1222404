import { data, Form, NavLink, Outlet, redirect, useLoaderData } from "react-router";
import type { Route } from "./+types/layout";
import { getStaffSession, type StaffSession } from "../../../src/auth/auth.ts";
import { getServices, getStaff, staffContext } from "../../context.ts";
import { isFormRequest } from "../../lib/form.ts";
import { type Action, can } from "../../../src/kernel/access.ts";

// Runs before every staff loader and action, so no staff data is read or
// written for a request without a staff session of this organization.
const requireStaff: Route.MiddlewareFunction = async ({ context, request }, next) => {
  const services = getServices(context);
  const staff = await getStaffSession(services.auth, services.db, request.headers, services.organizationId);
  if (!staff) {
    const url = new URL(request.url);
    throw redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`);
  }
  context.set(staffContext, staff);
  // Every staff action reads a web form (readForm in each action says the same): JSON, text or no type is refused here first.
  if (request.method !== "GET" && request.method !== "HEAD" && !isFormRequest(request)) {
    throw data("This form could not be read: send it from the page.", { status: 415 });
  }
  const response = await next();
  // Staff screens hold clients' records: never in a shared or back-button cache.
  response.headers.set("Cache-Control", "private, no-store");
  return response;
};

export const middleware: Route.MiddlewareFunction[] = [requireStaff];

export const meta: Route.MetaFunction = () => [{ name: "robots", content: "noindex" }];

export async function loader({ context }: Route.LoaderArgs) {
  const staff = getStaff(context);
  return {
    name: staff.name,
    email: staff.email,
    role: staff.role,
    nav: NAV.filter((n) => (!n.needs || can(staff.role, n.needs)) && (!n.when || n.when(staff))),
  };
}

/** The staff menu; entries a role may not open are left out (the pages refuse them anyway). */
const NAV: { to: string; label: string; end?: boolean; needs?: Action; when?: (staff: StaffSession) => boolean }[] = [
  { to: "/staff", label: "Calendar", end: true },
  // The owner's list and each practitioner's (docs/checkins.md; hasFollowUpList in src/plans/record/checkins.ts).
  { to: "/staff/follow-ups", label: "Follow-ups", when: (s) => s.role === "owner" || s.practitionerId !== null },
  { to: "/staff/clients", label: "Clients" },
  { to: "/staff/practitioners", label: "Practitioners" },
  { to: "/staff/services", label: "Services" },
  { to: "/staff/settings", label: "Settings" },
  { to: "/staff/screening", label: "Screening rules" },
  { to: "/staff/consent-forms", label: "Consent forms" },
  { to: "/staff/plan-settings", label: "Plan settings" },
  { to: "/staff/supplies", label: "Devices and lots" },
  { to: "/staff/content", label: "Publishing", needs: "content.edit" },
  { to: "/staff/media", label: "Media", needs: "content.edit" },
  { to: "/staff/outbox", label: "Outbox" },
  { to: "/staff/team", label: "Team" },
  { to: "/staff/audit", label: "Audit log", needs: "audit.view" },
  { to: "/staff/account", label: "My account" },
];

export default function StaffLayout() {
  const me = useLoaderData<typeof loader>();
  return (
    <div className="staff-shell">
      <header className="staff-header">
        <div className="staff-header-inner">
          <nav className="staff-nav" aria-label="Staff">
            <ul>
              {me.nav.map((n) => (
                <li key={n.to}>
                  <NavLink to={n.to} end={n.end}>
                    {n.label}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
          <Form method="post" action="/logout" className="staff-user">
            <span className="visually-hidden">Signed in as </span>
            <span>{me.email}</span>{" "}
            <button type="submit" className="link-button">
              Sign out
            </button>
          </Form>
        </div>
      </header>
      <main id="main" className="staff-page">
        <Outlet />
      </main>
    </div>
  );
}
