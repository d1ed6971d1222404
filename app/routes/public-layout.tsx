import { Link, NavLink, Outlet, useLoaderData, useLocation, useMatches } from "react-router";
import type { Route } from "./+types/public-layout";
import type { RouteHandle } from "../root.tsx";
import { LocaleProvider, rich, useT } from "../i18n/context.tsx";
import { INTL_LOCALE, localizePath, stripLocale, type Locale } from "../i18n/locales.ts";
import { telHref } from "../lib/format.ts";
import { bookingPath, clinicContact, consultationOf, publicPage } from "../lib/public-site.server.ts";
import { siteHeadTags, type HeadTag } from "../lib/seo.ts";
import { NavMenu } from "../components/NavMenu.tsx";

export const handle = { hydrate: false, pageLanguage: true };

export async function loader({ context, request }: Route.LoaderArgs) {
  const { clinic, serviceRows, locale, origin } = await publicPage(context, request);
  const consultation = consultationOf(serviceRows);
  return {
    locale,
    origin,
    ...clinicContact(clinic),
    bookPath: bookingPath(serviceRows),
    bookFree: consultation?.priceCents === 0,
  };
}

/** Pages without their own meta still get the clinic's name as a title. */
export const meta: Route.MetaFunction = ({ loaderData }) => [{ title: loaderData?.name ?? "" }];

type Site = Awaited<ReturnType<typeof loader>>;

export default function PublicLayout() {
  const site = useLoaderData<typeof loader>();
  return (
    <LocaleProvider locale={site.locale}>
      <SiteHead site={site} />
      <SiteHeader site={site} />
      <main id="main">
        <Outlet />
      </main>
      <SiteFooter site={site} />
    </LocaleProvider>
  );
}

/**
 * Canonical, hreflang and OpenGraph tags every public page shares. React
 * places <link> and <meta> rendered here into the document's <head>. A page
 * whose handle says `ownHeadTags` gives them itself.
 */
function SiteHead({ site }: { site: Site }) {
  const { t } = useT();
  const { pathname } = useLocation();
  const matches = useMatches();
  if (matches.some((m) => (m.handle as RouteHandle | undefined)?.ownHeadTags)) return null;
  const tags = siteHeadTags({
    origin: site.origin,
    barePath: stripLocale(pathname),
    locale: site.locale,
    siteName: site.name,
    imageAlt: t("site.og.imageAlt"),
  });
  return <>{tags.map(renderHeadTag)}</>;
}

function renderHeadTag(tag: HeadTag) {
  if (tag.tagName === "link")
    return <link key={`${tag.rel}:${tag.hrefLang ?? ""}`} rel={tag.rel} href={tag.href} hrefLang={tag.hrefLang} />;
  const key = tag.property ?? tag.name ?? "";
  return <meta key={`${key}:${tag.content}`} property={tag.property} name={tag.name} content={tag.content} />;
}

/** The current page in the other language: the route's own answer if it has one, else the same path with the prefix switched. */
function useOtherLanguageHref(other: Locale): string {
  const { pathname, search } = useLocation();
  const matches = useMatches();
  for (const m of [...matches].reverse()) {
    const find = (m.handle as RouteHandle | undefined)?.otherLanguagePath;
    const path = find ? find(m.loaderData, other) : null;
    if (path) return path;
  }
  return localizePath(pathname + search, other);
}

function SiteHeader({ site }: { site: Site }) {
  const { t, locale, href } = useT();
  const other: Locale = locale === "en" ? "fr" : "en";
  const otherHref = useOtherLanguageHref(other);
  const cta = t(site.bookFree ? "site.cta.bookFree" : "site.cta.book");
  // The same page in the other language; the words are in that language, and so is their lang.
  const languageSwitch = (className: string) => (
    <a href={otherHref} hrefLang={INTL_LOCALE[other]} lang={INTL_LOCALE[other]} className={className}>
      {t("site.language.other")}
    </a>
  );
  const links = [
    ["/microneedling", "site.nav.microneedling"],
    ["/about", "site.nav.about"],
    ["/contact", "site.nav.contact"],
    ["/articles", "site.nav.articles"],
  ] as const;
  const items = links.map(([path, key]) => (
    <li key={path}>
      <NavLink to={href(path)}>{t(key)}</NavLink>
    </li>
  ));
  return (
    <header className="site-header">
      <div className="site-header-inner">
        <Link to={href("/")} className="brand">
          {site.name}
        </Link>
        {languageSwitch("lang-switch nav-full")}
        {/* On a phone the button reads "Book"; its name stays the whole call to action. */}
        <Link to={href(site.bookPath)} className="button primary header-cta">
          <span className="cta-short" aria-hidden="true">
            {t("site.nav.book")}
          </span>
          <span className="cta-full">{cta}</span>
        </Link>
        <NavMenu label={t("site.nav.label")} summary={t("site.nav.menu")}>
          <ul className="nav-list">
            {items}
            <li>{languageSwitch("lang-switch")}</li>
          </ul>
        </NavMenu>
      </div>
      <nav aria-label={t("site.nav.label")} className="site-nav nav-full">
        <ul className="nav-list">{items}</ul>
      </nav>
    </header>
  );
}

function SiteFooter({ site }: { site: Site }) {
  const { t, locale, href } = useT();
  const placeLine = [`${site.city}, ${site.region}`, site.postalCode].filter(Boolean).join(" ");
  return (
    <footer className="site-footer">
      <div className="site-footer-inner">
        <p className="footer-name">{site.name}</p>
        <address>
          {site.street ? (
            <>
              {site.street}
              <br />
            </>
          ) : null}
          {placeLine}
          <br />
          {rich(locale, "site.footer.phone", { phone: (text) => <a href={telHref(site.phone)}>{text}</a> }, { phone: site.phone })}
        </address>
        <nav aria-label={t("site.footer.label")}>
          <ul className="footer-links">
            <li>
              <Link to={`${href("/contact")}#hours`}>{t("site.footer.hours")}</Link>
            </li>
            <li>
              <Link to={href("/privacy")}>{t("site.footer.privacy")}</Link>
            </li>
            <li>
              <Link to="/portal/login" hrefLang="en-CA">
                {t("site.footer.account")}
              </Link>
            </li>
            <li>
              <Link to="/login" hrefLang="en-CA">
                {t("site.footer.staff")}
              </Link>
            </li>
          </ul>
        </nav>
      </div>
    </footer>
  );
}
