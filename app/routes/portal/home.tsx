import { data, Form, Link, redirect, useLoaderData } from "react-router";
import type { Route } from "./+types/home";
import { issueManageToken, listClientAppointments, type PortalAppointment } from "../../../src/clients/portal.ts";
import { confirmClientAppointments } from "../../../src/scheduling/confirm-appointments.ts";
import { clientScreeningStatus } from "../../../src/screening/record/portal.ts";
import { clientPlanStatuses } from "../../../src/plans/record/portal.ts";
import { localizedText } from "../../../src/scheduling/clinic-text.ts";
import { todayIn } from "../../../src/scheduling/time.ts";
import { getClient, getServices } from "../../context.ts";
import { translator, type Translate } from "../../i18n/catalog.ts";
import { useT } from "../../i18n/context.tsx";
import { formatDateLong, formatDateTime, formatDuration } from "../../lib/format.ts";
import { getPortalLocale } from "../../lib/portal-locale.ts";
import { portalMeta } from "../../lib/portal-meta.ts";
import { portalPage } from "../../lib/portal-page.server.ts";
import { PortalError } from "../../components/PortalError.tsx";
import { readForm } from "../../lib/form.ts";
import { NotFoundError } from "../../../src/kernel/errors.ts";
import { isUuid } from "../../../src/kernel/ids.ts";

export const handle = { hydrate: false };

// Never the client's name: titles end up in history, tabs and screen shares.
export const meta: Route.MetaFunction = ({ matches }) => portalMeta(matches, "portal.nav.appointments");

function statusLabel(t: Translate, a: PortalAppointment): string {
  switch (a.status) {
    case "booked":
      return t("portal.status.booked");
    case "cancelled":
      return a.lateCancellation ? t("portal.status.lateCancelled") : t("portal.status.cancelled");
    case "completed":
      return t("portal.status.completed");
    case "no-show":
      return t("portal.status.noShow");
  }
}

export async function loader({ context }: Route.LoaderArgs) {
  const { services, client, locale, t, clinic } = await portalPage(context);
  const tz = clinic.location.timeZone;
  const { upcoming, past } = await listClientAppointments(services.db, {
    organizationId: client.organizationId,
    clientId: client.clientId,
    now: services.now(),
  });
  const view = (a: PortalAppointment) => ({
    id: a.id,
    serviceName: localizedText({ name: a.serviceName, nameFr: a.serviceNameFr }, "name", locale),
    practitionerName: a.practitionerName,
    when: formatDateTime(a.startMs, tz, locale),
    duration: formatDuration(Math.round((a.endMs - a.startMs) / 60_000)),
    status: statusLabel(t, a),
    cancelled: a.status === "cancelled",
    awaitingConfirmation: a.awaitingConfirmation,
  });
  // Only whether and when: the answers themselves stay on the intake page.
  const latest = await clientScreeningStatus(services.db, { client });
  const on = latest ? formatDateLong(todayIn(tz, latest.createdAt), locale) : null;
  // A day-of re-screen comes after an intake: the answers were checked then.
  const intake =
    latest?.source === "intake" || latest?.source === "day-of"
      ? { status: latest.source === "intake" ? ("done" as const) : ("checked" as const), on }
      : { status: latest?.source === "self-check" ? ("self-check" as const) : ("not-started" as const), on: null };
  const plans = (await clientPlanStatuses(services.db, { client })).map((p) => ({
    ...p,
    on: formatDateLong(todayIn(tz, p.at), locale),
  }));
  return { email: client.email, upcoming: upcoming.map(view), past: past.map(view), intake, plans };
}

export async function action({ context, request }: Route.ActionArgs) {
  const services = getServices(context);
  const client = getClient(context);
  const t = translator(getPortalLocale(context));
  const form = await readForm(request);
  if (String(form.get("intent") ?? "") === "confirm") {
    const appointmentId = String(form.get("appointmentId") ?? "");
    if (!isUuid(appointmentId)) return data(t("portal.home.chooseAppointment"), { status: 400 });
    // Booked without signing in: the client says it is theirs, and its practitioner joins their care team.
    await confirmClientAppointments(services.db, {
      organizationId: client.organizationId,
      clientId: client.clientId,
      appointmentId,
      now: services.now(),
      via: "portal",
    });
    return redirect("/portal", 303);
  }
  if (String(form.get("intent") ?? "") !== "manage") {
    return data(t("portal.home.chooseAppointment"), { status: 400 });
  }
  try {
    // The manage token is kept only hashed, so the way to the manage page is a fresh one.
    const { appointmentId, token } = await issueManageToken(services.db, {
      organizationId: client.organizationId,
      clientId: client.clientId,
      appointmentId: String(form.get("appointmentId") ?? ""),
      now: services.now(),
      sessionId: client.sessionId,
    });
    return redirect(`/manage/${appointmentId}?token=${encodeURIComponent(token)}`, 303);
  } catch (error) {
    if (error instanceof NotFoundError) {
      throw data(t("portal.home.notChangeable"), { status: 404 });
    }
    throw error;
  }
}

type AppointmentView = Awaited<ReturnType<typeof loader>>["upcoming"][number];

function Appointment({ a, children }: { a: AppointmentView; children?: React.ReactNode }) {
  const { t } = useT();
  return (
    <li className="summary-card portal-appointment">
      <h3 className="portal-appointment-title" lang={a.serviceName.lang}>
        {a.serviceName.text}
      </h3>
      <dl className="details">
        <div>
          <dt>{t("portal.home.when")}</dt>
          <dd>
            {a.when} ({a.duration})
          </dd>
        </div>
        <div>
          <dt>{t("portal.home.with")}</dt>
          <dd>{a.practitionerName}</dd>
        </div>
        <div>
          <dt>{t("portal.home.status")}</dt>
          <dd>{a.status}</dd>
        </div>
      </dl>
      {children}
    </li>
  );
}

/** A button acting on one appointment; a screen reader hears which one. */
function AppointmentAction({
  a,
  intent,
  label,
  className,
  children,
}: {
  a: AppointmentView;
  intent: "confirm" | "manage";
  label: string;
  className: string;
  children?: React.ReactNode;
}) {
  return (
    <Form method="post" className="actions">
      {children}
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="appointmentId" value={a.id} />
      <button type="submit" className={className}>
        {label}
        <span className="visually-hidden">
          : <span lang={a.serviceName.lang}>{a.serviceName.text}</span>, {a.when}
        </span>
      </button>
    </Form>
  );
}

function Plans({ plans }: { plans: Awaited<ReturnType<typeof loader>>["plans"] }) {
  const { t } = useT();
  if (plans.length === 0) return null;
  return (
    <section aria-labelledby="plans-heading" className="summary-card portal-intake-card">
      <h2 id="plans-heading">{t("portal.home.plans")}</h2>
      <ul className="plain-list">
        {plans.map((p) => (
          <li key={`${p.planId}-${p.version}`}>
            {p.status === "proposed" ? (
              <>
                <p>{t("portal.home.planOffered", { date: p.on })}</p>
                <p className="actions">
                  <Link to={`/portal/plans/${p.planId}`} className="button primary">
                    {t("portal.home.planRead")}
                  </Link>
                </p>
              </>
            ) : (
              <p>
                {t("portal.home.planSigned", { version: p.version })}{" "}
                <Link to={`/portal/plans/${p.planId}`}>{t("portal.home.planSee")}</Link>
              </p>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function HealthQuestions({ intake }: { intake: Awaited<ReturnType<typeof loader>>["intake"] }) {
  const { t } = useT();
  return (
    <section aria-labelledby="intake-heading" className="summary-card portal-intake-card">
      <h2 id="intake-heading">{t("portal.home.intake")}</h2>
      {intake.status === "done" || intake.status === "checked" ? (
        <>
          <p>
            {intake.status === "done"
              ? t("portal.home.intakeDone", { date: intake.on ?? "" })
              : t("portal.home.intakeChecked", { date: intake.on ?? "" })}
          </p>
          <p className="muted small">{t("portal.home.intakeChanged")}</p>
        </>
      ) : (
        <>
          <p>{t("portal.home.intakeNotStarted")}</p>
          <p className="muted small">{intake.status === "self-check" ? t("portal.home.intakeSelfCheck") : t("portal.home.intakeTime")}</p>
        </>
      )}
      <p className="actions">
        <Link to="/portal/intake" className={`button${intake.on ? " secondary" : " primary"}`}>
          {intake.on ? t("portal.home.intakeUpdate") : t("portal.home.intakeStart")}
        </Link>
      </p>
    </section>
  );
}

export default function PortalHome() {
  const { email, upcoming, past, intake, plans } = useLoaderData<typeof loader>();
  const { t, href } = useT();
  return (
    <>
      <h1>{t("portal.nav.appointments")}</h1>
      <p className="muted small portal-signed-in">{t("portal.home.signedInAs", { email })}</p>

      <Plans plans={plans} />
      <HealthQuestions intake={intake} />

      <section aria-labelledby="upcoming-heading">
        <h2 id="upcoming-heading">{t("portal.home.upcoming")}</h2>
        {upcoming.length === 0 ? <p>{t("portal.home.noUpcoming")}</p> : null}
        <ul className="portal-appointments">
          {upcoming.map((a) => (
            <Appointment key={a.id} a={a}>
              {a.awaitingConfirmation ? (
                <AppointmentAction a={a} intent="confirm" label={t("portal.home.confirm")} className="button primary">
                  <p className="small">{t("portal.home.confirmWhy", { practitioner: a.practitionerName })}</p>
                </AppointmentAction>
              ) : null}
              <AppointmentAction a={a} intent="manage" label={t("portal.home.change")} className="button" />
            </Appointment>
          ))}
        </ul>
        <p>
          <Link to={href("/book")} className="button primary">
            {t("portal.home.bookAnother")}
          </Link>
        </p>
      </section>

      {past.length > 0 ? (
        <section aria-labelledby="past-heading">
          <h2 id="past-heading">{t("portal.home.past")}</h2>
          <ul className="portal-appointments">
            {past.map((a) => (
              <Appointment key={a.id} a={a} />
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

// Inside the portal's header and navigation, unlike the site-wide error page.
export function ErrorBoundary() {
  return <PortalError />;
}
