import { data, Form, Link, NavLink, Outlet, redirect, useLoaderData, useLocation } from "react-router";
import type { Route } from "./+types/layout";
import { ClientLocaleError, getClientSessionWithLocale, setClientLocale } from "../../../src/clients/portal.ts";
import { clearedSessionCookie, isSecureRequest, readSessionCookie } from "../../../src/clients/portal-http.ts";
import { loadClinic } from "../../../src/scheduling/clinic.ts";
import { clientContext, getClient, getServices } from "../../context.ts";
import { translate, type MessageKey } from "../../i18n/catalog.ts";
import { LocaleProvider, useT } from "../../i18n/context.tsx";
import { ClinicHeader } from "../../components/ClinicHeader.tsx";
import { NavMenu } from "../../components/NavMenu.tsx";
import { INTL_LOCALE, isLocale, type Locale } from "../../i18n/locales.ts";
import { getPortalLocale, portalLocaleContext, withLang } from "../../lib/portal-locale.ts";
import { withNext } from "../../lib/portal-next.ts";
import { portalReturnPath } from "../../../src/clients/return-path.ts";
import portalStyles from "./portal.css?url";
import { readForm } from "../../lib/form.ts";

// Runs before every portal loader and action (the record pages included), so
// nothing of a client's is read or written without that client's session.
const requireClient: Route.MiddlewareFunction = async ({ context, request }, next) => {
  const services = getServices(context);
  const token = readSessionCookie(request.headers);
  const found = token
    ? await getClientSessionWithLocale(services.db, { organizationId: services.organizationId, token, now: services.now() })
    : null;
  if (!found) {
    const headers = new Headers({ "Cache-Control": "no-store" });
    // A dead cookie is dropped, so the browser stops sending it.
    if (token) headers.append("Set-Cookie", clearedSessionCookie(isSecureRequest(request.url, services.baseUrl)));
    throw redirect(signInFor(request), { headers });
  }
  context.set(clientContext, found.session);
  // The account speaks the client's language, whatever the browser's.
  context.set(portalLocaleContext, found.locale);
  const response = await next();
  // Account pages never go into a shared or back-button cache.
  response.headers.set("Cache-Control", "private, no-store");
  return response;
};

export const middleware: Route.MiddlewareFunction[] = [requireClient];

// Files (a record download, a plan's PDF): after signing in, the page that linked to them is the place to be.
const FILE_PATH = /\/(?:pdf|download\/[^/]*)$/;

/**
 * The sign-in page for a signed-out visit: it carries the page they opened
 * (`next`, so the sign-in lands there) and, for a link from a French e-mail
 * (…?lang=fr), the language.
 */
function signInFor(request: Request): string {
  const url = new URL(request.url);
  const lang = url.searchParams.get("lang");
  const next = request.method === "GET" && !FILE_PATH.test(url.pathname) ? portalReturnPath(url.pathname + url.search) : null;
  const path = withNext("/portal/login", next === "/portal" ? null : next);
  return isLocale(lang) ? withLang(path, lang) : path;
}

// <html lang> follows the client's chosen language, which the loader returns.
export const handle = { pageLanguage: true };

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: portalStyles }];

export const meta: Route.MetaFunction = () => [{ name: "robots", content: "noindex" }];

/**
 * `locale` is the signed-in client's language: the portal renders in it, and
 * the document's `lang` follows it.
 */
export async function loader({ context }: Route.LoaderArgs) {
  const services = getServices(context);
  const clinic = await loadClinic(services.db, services.organizationId);
  return { clinicName: clinic.name, clinicPhone: clinic.location.phone, locale: getPortalLocale(context) };
}

/**
 * The language switch: a form in the header posts here (POST /portal), the
 * choice is saved on the client and audited, and the same page comes back in
 * the new language. Works without JavaScript.
 */
export async function action({ context, request }: Route.ActionArgs) {
  const services = getServices(context);
  const client = getClient(context);
  const form = await readForm(request);
  if (String(form.get("intent") ?? "") !== "language") {
    throw data(translate(getPortalLocale(context), "portal.language.invalid"), { status: 400 });
  }
  try {
    await setClientLocale(services.db, {
      organizationId: client.organizationId,
      clientId: client.clientId,
      sessionId: client.sessionId,
      locale: form.get("locale"),
    });
  } catch (error) {
    if (error instanceof ClientLocaleError) throw data(translate(getPortalLocale(context), "portal.language.invalid"), { status: 400 });
    throw error;
  }
  // Only back into the account, never off-site.
  return redirect(portalReturnPath(form.get("returnTo")) ?? "/portal", 303);
}

function LanguageSwitch({ locale }: { locale: Locale }) {
  const { t } = useT();
  const location = useLocation();
  const other: Locale = locale === "en" ? "fr" : "en";
  return (
    <Form method="post" action="/portal" aria-label={t("portal.language.label")}>
      <input type="hidden" name="intent" value="language" />
      <input type="hidden" name="locale" value={other} />
      <input type="hidden" name="returnTo" value={location.pathname + location.search} />
      <button type="submit" className="link-button" lang={INTL_LOCALE[other]}>
        {t("portal.language.switch")}
      </button>
    </Form>
  );
}

/** The account's pages, in the order its navigation lists them. */
const PAGES = [
  ["/portal", "portal.nav.appointments"],
  ["/portal/intake", "portal.nav.intake"],
  ["/portal/sessions", "portal.nav.sessions"],
  ["/portal/photos", "portal.nav.photos"],
  ["/portal/record", "portal.nav.record"],
  ["/portal/consent", "portal.nav.consent"],
  ["/portal/texts", "portal.nav.texts"],
] as const satisfies readonly (readonly [string, MessageKey])[];

function PortalChrome({ clinicName, clinicPhone }: { clinicName: string; clinicPhone: string }) {
  const { t, locale, intl, href } = useT();
  // One list, shown in the Menu disclosure on a phone and as a row from 48rem.
  const links = (
    <ul className="nav-list portal-nav">
      {PAGES.map(([path, key]) => (
        <li key={path}>
          <NavLink to={path} end={path === "/portal"}>
            {t(key)}
          </NavLink>
        </li>
      ))}
      <li>
        <Form method="post" action="/portal/logout">
          <button type="submit" className="link-button">
            {t("portal.signOut")}
          </button>
        </Form>
      </li>
      <li>
        <LanguageSwitch locale={locale} />
      </li>
    </ul>
  );
  return (
    <>
      <ClinicHeader clinicName={clinicName}>
        <NavMenu label={t("portal.nav.label")} summary={t("site.nav.menu")}>
          {links}
        </NavMenu>
        <nav aria-label={t("portal.nav.label")} className="nav-full">
          {links}
        </nav>
      </ClinicHeader>
      <main id="main" className="page portal-page" lang={intl}>
        <Outlet />
      </main>
      <footer className="site-footer" lang={intl}>
        <p>
          {clinicName} · <a href={`tel:${clinicPhone.replace(/[^0-9+]/g, "")}`}>{clinicPhone}</a>
        </p>
        <p className="muted">
          <Link to={href("/privacy")}>{t("portal.privacy")}</Link>
        </p>
      </footer>
    </>
  );
}

export default function PortalLayout() {
  const { clinicName, clinicPhone, locale } = useLoaderData<typeof loader>();
  return (
    <LocaleProvider locale={locale}>
      <PortalChrome clinicName={clinicName} clinicPhone={clinicPhone} />
    </LocaleProvider>
  );
}
