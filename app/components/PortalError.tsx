import { isRouteErrorResponse, Link, useRouteError } from "react-router";
import { useT } from "../i18n/context.tsx";

/** A portal page's refusal or failure, shown inside the portal's header and navigation with a way back. */
export function PortalError() {
  const error = useRouteError();
  const { t } = useT();
  const message = isRouteErrorResponse(error) && error.status < 500 && typeof error.data === "string" ? error.data : t("portal.error.text");
  return (
    <>
      <h1>{t("portal.error.title")}</h1>
      <div className="alert" role="alert">
        <p>{message}</p>
      </div>
      <p>
        <Link to="/portal">{t("portal.error.back")}</Link>
      </p>
    </>
  );
}
