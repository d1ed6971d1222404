import { data, Form, Link, NavLink, Outlet, redirect, useLoaderData, useLocation } from "react-router";
import type { Route } from "./+types/layout";
import { ClientLocaleError, getClientSessionWithLocale, setClientLocale } from "../../../src/clients/portal.ts";
import { clearedSessionCookie, isSecureRequest, readSessionCookie } from "../../../src/clients/portal-http.ts";
import { loadClinic } from "../../../src/scheduling/clinic.ts";
import { clientContext, getClient, getServices } from "../../context.ts";
import { translate } from "../../i18n/catalog.ts";
import { LocaleProvider, useT } from "../../i18n/context.tsx";
import { ClinicHeader } from "../../components/ClinicHeader.tsx";
import { INTL_LOCALE, isLocale, type Locale } from "../../i18n/locales.ts";
import { getPortalLocale, portalLocaleContext } from "../../lib/portal-locale.ts";
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
    // A link from a French e-mail (…?lang=fr) asks to sign in in French.
    const lang = new URL(request.url).searchParams.get("lang");
    throw redirect(isLocale(lang) && lang !== "en" ? `/portal/login?lang=${lang}` : "/portal/login", { headers });
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

/** Only back into the account, never off-site: `//host` and `/\host` are refused. */
function returnPath(value: FormDataEntryValue | null): string {
  const path = typeof value === "string" ? value : "";
  return /^\/portal(?:[/?#]|$)/.test(path) && !/[\\\s]/.test(path) ? path : "/portal";
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
  return redirect(returnPath(form.get("returnTo")), 303);
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

function PortalChrome({ clinicName, clinicPhone }: { clinicName: string; clinicPhone: string }) {
  const { t, locale, intl, href } = useT();
  return (
    <>
      <ClinicHeader clinicName={clinicName}>
        <nav aria-label={t("portal.nav.label")}>
          <ul className="nav-list portal-nav">
            <li>
              <NavLink to="/portal" end>
                {t("portal.nav.appointments")}
              </NavLink>
            </li>
            <li>
              <NavLink to="/portal/intake">{t("portal.nav.intake")}</NavLink>
            </li>
            <li>
              <NavLink to="/portal/sessions">{t("portal.nav.sessions")}</NavLink>
            </li>
            <li>
              <NavLink to="/portal/photos">{t("portal.nav.photos")}</NavLink>
            </li>
            <li>
              <NavLink to="/portal/record">{t("portal.nav.record")}</NavLink>
            </li>
            <li>
              <NavLink to="/portal/consent">{t("portal.nav.consent")}</NavLink>
            </li>
            <li>
              <NavLink to="/portal/texts">{t("portal.nav.texts")}</NavLink>
            </li>
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
