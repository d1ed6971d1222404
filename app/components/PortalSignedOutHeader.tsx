import { useT } from "../i18n/context.tsx";
import { ClinicHeader } from "./ClinicHeader.tsx";
import { INTL_LOCALE, type Locale } from "../i18n/locales.ts";

/**
 * The header of the account's signed-out pages (sign-in, sign-in link): the
 * clinic, and the same page in the other language. The switch always names
 * its language (`?lang=`), so it wins over the browser's.
 */
export function PortalSignedOutHeader({ clinicName, path }: { clinicName: string; path: string }) {
  const { t, locale } = useT();
  const other: Locale = locale === "en" ? "fr" : "en";
  return (
    <ClinicHeader clinicName={clinicName}>
      <a
        href={`${path}${path.includes("?") ? "&" : "?"}lang=${other}`}
        lang={INTL_LOCALE[other]}
        hrefLang={INTL_LOCALE[other]}
        className="button-link"
      >
        {t("portal.login.otherLanguage")}
      </a>
    </ClinicHeader>
  );
}
