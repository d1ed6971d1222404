import { Link } from "react-router";
import { useT } from "../i18n/context.tsx";
import { INTL_LOCALE, type Locale } from "../i18n/locales.ts";

/**
 * The header of the account's signed-out pages (sign-in, sign-in link): the
 * clinic, and the same page in the other language. The switch always names
 * its language (`?lang=`), so it wins over the browser's.
 */
export function PortalSignedOutHeader({ clinicName, path }: { clinicName: string; path: string }) {
  const { t, locale, intl, href } = useT();
  const other: Locale = locale === "en" ? "fr" : "en";
  return (
    <header className="site-header" lang={intl}>
      <div className="site-header-inner">
        <Link to={href("/")} className="brand">
          {clinicName}
        </Link>
        <a
          href={`${path}${path.includes("?") ? "&" : "?"}lang=${other}`}
          lang={INTL_LOCALE[other]}
          hrefLang={INTL_LOCALE[other]}
          className="button-link"
        >
          {t("portal.login.otherLanguage")}
        </a>
      </div>
    </header>
  );
}
