import type { ReactNode } from "react";
import { data, Link, useLoaderData } from "react-router";
import type { Route } from "./+types/aftercare";
import { NotFoundError } from "../../../src/kernel/errors.ts";
import { clientAftercare } from "../../../src/plans/record/aftercare-message.ts";
import { localDateOf } from "../../../src/scheduling/time.ts";
import { rich, useT } from "../../i18n/context.tsx";
import { formatDateLong } from "../../lib/format.ts";
import { portalMeta } from "../../lib/portal-meta.ts";
import { portalPage } from "../../lib/portal-page.server.ts";
import { PortalError } from "../../components/PortalError.tsx";

// Plain HTML like the rest of the portal: nothing here needs JavaScript.
export const handle = { hydrate: false };

// Names the page only: never an area, a depth or a date.
export const meta: Route.MetaFunction = ({ matches }) => portalMeta(matches, "portal.aftercare.title");

export async function loader({ context, params }: Route.LoaderArgs) {
  const { services, client, locale, t, clinic } = await portalPage(context);
  const found = await clientAftercare(services.db, {
    client,
    keyRing: services.keyRing,
    appointmentId: params.appointmentId,
    locale,
  }).catch((error: unknown) => {
    // Not theirs, not signed, or no such session: the same answer.
    if (error instanceof NotFoundError) throw data(t("portal.aftercare.notFound"), { status: 404 });
    throw error;
  });
  return {
    clinicPhone: clinic.location.phone,
    date: formatDateLong(localDateOf(found.startMs, clinic.location.timeZone), locale),
    sheet: found.status === "signed" ? found.sheet : null,
  };
}

export default function PortalAftercare() {
  const d = useLoaderData<typeof loader>();
  const { t, locale } = useT();
  const phone = (text: ReactNode) => <a href={`tel:${d.clinicPhone.replace(/[^0-9+]/g, "")}`}>{text}</a>;
  return (
    <>
      <h1>{t("portal.aftercare.title")}</h1>
      <p>{t("portal.aftercare.intro", { date: d.date })}</p>
      {d.sheet === null ? (
        <p className="alert">{t("portal.sessions.unreadable")}</p>
      ) : (
        <>
          <section aria-labelledby="aftercare-normal" className="summary-card">
            <h2 id="aftercare-normal">{t("portal.aftercare.normal")}</h2>
            <ul>
              {d.sheet.normal.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          </section>
          <section aria-labelledby="aftercare-avoid" className="summary-card">
            <h2 id="aftercare-avoid">{t("portal.aftercare.avoid")}</h2>
            <ul className="aftercare-avoid">
              {d.sheet.avoid.map((a) => (
                <li key={a.item}>
                  <strong>
                    {rich(
                      locale,
                      "portal.aftercare.until",
                      { when: (text) => <time dateTime={a.untilIso}>{text}</time> },
                      { date: a.until },
                    )}
                  </strong>
                  <br />
                  {a.text}
                </li>
              ))}
            </ul>
            {d.sheet.after.map((line) => (
              <p key={line}>{line}</p>
            ))}
          </section>
          <section aria-labelledby="aftercare-call" className="summary-card">
            <h2 id="aftercare-call">{t("portal.aftercare.call")}</h2>
            <ul>
              {d.sheet.call.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
            <p>{rich(locale, "portal.aftercare.phone", { phone }, { phone: d.clinicPhone })}</p>
          </section>
        </>
      )}
      <p>
        <Link to="/portal/sessions">{t("portal.aftercare.back")}</Link>
      </p>
    </>
  );
}

// Inside the portal's header and navigation, like its other pages.
export function ErrorBoundary() {
  return <PortalError />;
}
