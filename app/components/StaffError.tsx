import { isRouteErrorResponse, Link, useRouteError } from "react-router";

/** A staff page's refusal or failure, shown inside the staff layout with a way back. */
export function StaffError({ backTo, backLabel }: { backTo: string; backLabel: string }) {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const title = status === 403 ? "Not allowed" : status === 404 ? "Not found" : "Something went wrong";
  const message =
    isRouteErrorResponse(error) && typeof error.data === "string" && status < 500
      ? error.data
      : "The page could not be shown. Please try again; if it keeps happening, tell the clinic's owner.";
  return (
    <div className="page narrow">
      <title>{`${title} — Dermaplan staff`}</title>
      <h1>{title}</h1>
      <p>{message}</p>
      <p>
        <Link to={backTo}>{backLabel}</Link>
      </p>
    </div>
  );
}
