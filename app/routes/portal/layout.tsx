import { Form, Link, NavLink, Outlet, redirect, useLoaderData } from "react-router";
import type { Route } from "./+types/layout";
import { getClientSession } from "../../../src/clients/portal.ts";
import { clearedSessionCookie, isSecureRequest, readSessionCookie } from "../../../src/clients/portal-http.ts";
import { loadClinic } from "../../../src/scheduling/clinic.ts";
import { clientContext, getServices } from "../../context.ts";
import portalStyles from "./portal.css?url";

// Runs before every portal loader and action (the record pages included), so
// nothing of a client's is read or written without that client's session.
const requireClient: Route.MiddlewareFunction = async ({ context, request }, next) => {
  const services = getServices(context);
  const token = readSessionCookie(request.headers);
  const session = token
    ? await getClientSession(services.db, { organizationId: services.organizationId, token, now: services.now() })
    : null;
  if (!session) {
    const headers = new Headers({ "Cache-Control": "no-store" });
    // A dead cookie is dropped, so the browser stops sending it.
    if (token) headers.append("Set-Cookie", clearedSessionCookie(isSecureRequest(request.url, services.baseUrl)));
    throw redirect("/portal/login", { headers });
  }
  context.set(clientContext, session);
  const response = await next();
  // Account pages never go into a shared or back-button cache.
  response.headers.set("Cache-Control", "private, no-store");
  return response;
};

export const middleware: Route.MiddlewareFunction[] = [requireClient];

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: portalStyles }];

export const meta: Route.MetaFunction = () => [{ name: "robots", content: "noindex" }];

export async function loader({ context }: Route.LoaderArgs) {
  const services = getServices(context);
  const clinic = await loadClinic(services.db, services.organizationId);
  return { clinicName: clinic.name, clinicPhone: clinic.location.phone };
}

export default function PortalLayout() {
  const { clinicName, clinicPhone } = useLoaderData<typeof loader>();
  return (
    <>
      <header className="site-header">
        <div className="site-header-inner">
          <Link to="/" className="brand">
            {clinicName}
          </Link>
          <nav aria-label="Your account">
            <ul className="nav-list portal-nav">
              <li>
                <NavLink to="/portal" end>
                  Your appointments
                </NavLink>
              </li>
              <li>
                <NavLink to="/portal/intake">Health questions</NavLink>
              </li>
              <li>
                <NavLink to="/portal/record">Your record</NavLink>
              </li>
              <li>
                <Form method="post" action="/portal/logout">
                  <button type="submit" className="link-button">
                    Sign out
                  </button>
                </Form>
              </li>
            </ul>
          </nav>
        </div>
      </header>
      <main id="main" className="page portal-page">
        <Outlet />
      </main>
      <footer className="site-footer">
        <p>
          {clinicName} · <a href={`tel:${clinicPhone.replace(/[^0-9+]/g, "")}`}>{clinicPhone}</a>
        </p>
        <p className="muted">
          <Link to="/privacy">Your privacy</Link>
        </p>
      </footer>
    </>
  );
}
