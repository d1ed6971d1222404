import type { ReactNode } from "react";
import { Link } from "react-router";

/** The top of a staff page about one entry: the link back to its list, its name (marked when inactive) and what was just saved. */
export function StaffDetailHeading({
  backTo,
  backLabel,
  title,
  inactive,
  saved,
}: {
  backTo: string;
  backLabel: string;
  title: ReactNode;
  inactive: boolean;
  /** The message after a save, or nothing. */
  saved: string | null;
}) {
  return (
    <>
      <p className="small">
        <Link to={backTo}>{backLabel}</Link>
      </p>
      <h1>
        {title}
        {inactive ? <span className="muted"> (inactive)</span> : null}
      </h1>
      {saved ? (
        <div className="success" role="status">
          <p>{saved}</p>
        </div>
      ) : null}
    </>
  );
}
