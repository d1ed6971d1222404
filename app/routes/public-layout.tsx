import { Link, NavLink, Outlet, useLoaderData } from "react-router";
import type { Route } from "./+types/public-layout";
import { publicClinic } from "../lib/clinic.server.ts";

export const handle = { hydrate: false };

export async function loader({ context }: Route.LoaderArgs) {
  const { clinic } = await publicClinic(context);
  return { name: clinic.name, phone: clinic.location.phone, city: clinic.location.city, region: clinic.location.region };
}

export default function PublicLayout() {
  const clinic = useLoaderData<typeof loader>();
  return (
    <>
      <header className="site-header">
        <div className="site-header-inner">
          <Link to="/" className="brand">
            {clinic.name}
          </Link>
          <nav aria-label="Main">
            <ul className="nav-list">
              <li>
                <NavLink to="/microneedling">Microneedling</NavLink>
              </li>
              <li>
                <NavLink to="/book" className="nav-cta">
                  Book
                </NavLink>
              </li>
            </ul>
          </nav>
        </div>
      </header>
      <main id="main">
        <Outlet />
      </main>
      <footer className="site-footer">
        <p>
          {clinic.name} · {clinic.city}, {clinic.region} · <a href={`tel:${clinic.phone.replace(/[^0-9+]/g, "")}`}>{clinic.phone}</a>
        </p>
        <p className="muted">
          <Link to="/portal/login">Your account</Link> · <Link to="/privacy">Privacy</Link> · <Link to="/login">Staff sign-in</Link>
        </p>
      </footer>
    </>
  );
}
