import { Link } from "react-router";
import { useT } from "../i18n/context.tsx";

/** The account pages' header bar, in the page's language: the clinic's name linking home, then `children` beside it. */
export function ClinicHeader({ clinicName, children }: { clinicName: string; children: React.ReactNode }) {
  const { intl, href } = useT();
  return (
    <header className="site-header" lang={intl}>
      <div className="site-header-inner">
        <Link to={href("/")} className="brand">
          {clinicName}
        </Link>
        {children}
      </div>
    </header>
  );
}
