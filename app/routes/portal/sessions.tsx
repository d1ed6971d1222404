import { Link, useLoaderData } from "react-router";
import type { Route } from "./+types/sessions";
import type { ExpectationId } from "../../../src/plans/chart.ts";
import { zoneLabelIn } from "../../../src/plans/client-copy.ts";
import { clientSessions } from "../../../src/plans/record/session-history.ts";
import { dueCheckins } from "../../../src/plans/record/checkins.ts";
import { localizedText } from "../../../src/scheduling/clinic-text.ts";
import { localDateOf } from "../../../src/scheduling/time.ts";
import type { MessageKey } from "../../i18n/catalog.ts";
import { rich, useT } from "../../i18n/context.tsx";
import { formatDateLong, formatDateTime, formatTime } from "../../lib/format.ts";
import { portalMeta } from "../../lib/portal-meta.ts";
import { portalPage } from "../../lib/portal-page.server.ts";
import { PortalError } from "../../components/PortalError.tsx";

// Plain HTML like the rest of the portal: nothing here needs JavaScript.
export const handle = { hydrate: false };

// Names the page only: never the client, a date or an area.
export const meta: Route.MetaFunction = ({ matches }) => portalMeta(matches, "portal.nav.sessions");

/** Each expectation's sentence, in the order expectationsOf() gives them. */
const EXPECTATION: Record<ExpectationId, MessageKey> = {
  redness: "portal.sessions.expect.redness",
  "pinpoint-marks": "portal.sessions.expect.pinpointMarks",
  dryness: "portal.sessions.expect.dryness",
  "reaction-charted": "portal.sessions.expect.reactionCharted",
  "call-us": "portal.sessions.expect.callUs",
};

export async function loader({ context }: Route.LoaderArgs) {
  const { services, client, locale, clinic } = await portalPage(context);
  const tz = clinic.location.timeZone;
  const history = await clientSessions(services.db, { client, keyRing: services.keyRing, now: services.now() });
  // "How is your skin?": the check-ins open now (docs/checkins.md).
  const checkins = await dueCheckins(services.db, { client, now: services.now() });
  const service = (s: { serviceName: string; serviceNameFr: string }) =>
    localizedText({ name: s.serviceName, nameFr: s.serviceNameFr }, "name", locale);
  return {
    clinicName: clinic.name,
    clinicPhone: clinic.location.phone,
    checkins: checkins.map((c) => ({
      href: `/portal/checkin/${c.appointmentId}/${c.day}`,
      day: c.day,
      date: formatDateLong(localDateOf(c.startMs, tz), locale),
    })),
    next: history.next ? { when: formatDateTime(history.next.startMs, tz, locale), service: service(history.next) } : null,
    sessions: history.sessions.map((s) => ({
      id: s.appointmentId,
      date: formatDateLong(localDateOf(s.startMs, tz), locale),
      time: formatTime(s.startMs, tz, locale),
      service: service(s),
      practitionerName: s.practitionerName,
      notes: s.notes,
      areas: s.areas.map((z) => ({ id: z, label: zoneLabelIn(locale, z) })),
      expectations: s.expectations.filter((e) => e in EXPECTATION),
    })),
  };
}

type SessionView = Awaited<ReturnType<typeof loader>>["sessions"][number];

function Session({ s, clinicPhone }: { s: SessionView; clinicPhone: string }) {
  const { t, locale } = useT();
  const heading = `session-${s.id}`;
  return (
    <li>
      <article className="summary-card portal-session" aria-labelledby={heading}>
        <h3 id={heading}>{s.date}</h3>
        <p className="muted small">
          {s.time} · <span lang={s.service.lang}>{s.service.text}</span> · {s.practitionerName}
        </p>
        {s.notes === "signed" ? (
          <>
            <h4>{t("portal.sessions.areas")}</h4>
            <ul>
              {s.areas.map((a) => (
                <li key={a.id}>{a.label}</li>
              ))}
            </ul>
            <h4>{t("portal.sessions.expect")}</h4>
            <ul>
              {s.expectations.map((e) => (
                <li key={e}>
                  {e === "call-us"
                    ? rich(
                        locale,
                        EXPECTATION[e],
                        { phone: (text) => <a href={`tel:${clinicPhone.replace(/[^0-9+]/g, "")}`}>{text}</a> },
                        { phone: clinicPhone },
                      )
                    : t(EXPECTATION[e])}
                </li>
              ))}
            </ul>
            <p>
              <Link to={`/portal/sessions/${s.id}/aftercare`}>{t("portal.sessions.aftercareLink")}</Link>
            </p>
          </>
        ) : s.notes === "pending" ? (
          <p>{t("portal.sessions.pending")}</p>
        ) : (
          <p className="alert">{t("portal.sessions.unreadable")}</p>
        )}
      </article>
    </li>
  );
}

export default function PortalSessions() {
  const d = useLoaderData<typeof loader>();
  const { t, href } = useT();
  return (
    <>
      <h1>{t("portal.nav.sessions")}</h1>
      <p>{t("portal.sessions.intro", { clinic: d.clinicName })}</p>

      {d.checkins.length > 0 ? (
        <section aria-labelledby="checkins-heading" className="summary-card portal-checkins">
          <h2 id="checkins-heading">{t("portal.checkin.dueHeading")}</h2>
          <ul>
            {d.checkins.map((c) => (
              <li key={c.href}>
                <Link to={c.href}>{t("portal.checkin.dueLink", { date: c.date, day: c.day })}</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <div className="summary-card portal-next-session">
        {d.next ? (
          <p>
            <strong>{t("portal.sessions.next", { date: d.next.when })}</strong>
            <br />
            <span className="muted small" lang={d.next.service.lang}>
              {d.next.service.text}
            </span>
          </p>
        ) : (
          <>
            <p>{t("portal.sessions.noNext")}</p>
            <p className="actions">
              <Link to={href("/book")} className="button primary">
                {t("portal.sessions.book")}
              </Link>
            </p>
          </>
        )}
      </div>

      <section aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">{t("portal.sessions.list")}</h2>
        {d.sessions.length === 0 ? (
          <p>{t("portal.sessions.none")}</p>
        ) : (
          <ol className="portal-appointments">
            {d.sessions.map((s) => (
              <Session key={s.id} s={s} clinicPhone={d.clinicPhone} />
            ))}
          </ol>
        )}
      </section>
    </>
  );
}

// Inside the portal's header and navigation, like its other pages.
export function ErrorBoundary() {
  return <PortalError />;
}
