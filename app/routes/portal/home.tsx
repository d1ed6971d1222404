import { data, Form, isRouteErrorResponse, Link, redirect, useLoaderData, useRouteError } from "react-router";
import type { Route } from "./+types/home";
import { issueManageToken, listClientAppointments, type PortalAppointment } from "../../../src/clients/portal.ts";
import { clientScreeningStatus } from "../../../src/privacy/screening-record.ts";
import { clientPlanStatuses } from "../../../src/privacy/plan-record.ts";
import { loadClinic } from "../../../src/scheduling/clinic.ts";
import { todayIn } from "../../../src/scheduling/time.ts";
import { NotFoundError } from "../../../src/scheduling/errors.ts";
import { getClient, getServices } from "../../context.ts";
import { formatDateLong, formatDateTime, formatDuration } from "../../lib/format.ts";

export const handle = { hydrate: false };

export const meta: Route.MetaFunction = ({ matches }) => {
  const clinic =
    (matches.find((m) => m?.id === "routes/portal/layout")?.loaderData as { clinicName?: string } | undefined)?.clinicName ?? "";
  // Never the client's name: titles end up in history, tabs and screen shares.
  return [{ title: `Your appointments — ${clinic}` }, { name: "robots", content: "noindex" }];
};

function statusLabel(a: PortalAppointment): string {
  switch (a.status) {
    case "booked":
      return "Booked";
    case "cancelled":
      return a.lateCancellation ? "Cancelled (late cancellation)" : "Cancelled";
    case "completed":
      return "Completed";
    case "no-show":
      return "Missed";
  }
}

export async function loader({ context }: Route.LoaderArgs) {
  const services = getServices(context);
  const client = getClient(context);
  const clinic = await loadClinic(services.db, client.organizationId);
  const tz = clinic.location.timeZone;
  const { upcoming, past } = await listClientAppointments(services.db, {
    organizationId: client.organizationId,
    clientId: client.clientId,
    now: services.now(),
  });
  const view = (a: PortalAppointment) => ({
    id: a.id,
    serviceName: a.serviceName,
    practitionerName: a.practitionerName,
    when: formatDateTime(a.startMs, tz),
    duration: formatDuration(Math.round((a.endMs - a.startMs) / 60_000)),
    status: statusLabel(a),
    cancelled: a.status === "cancelled",
  });
  // Only whether and when: the answers themselves stay on the intake page.
  const latest = await clientScreeningStatus(services.db, { client });
  const on = latest ? formatDateLong(todayIn(tz, latest.createdAt)) : null;
  // A day-of re-screen comes after an intake: the answers were checked then.
  const intake =
    latest?.source === "intake" || latest?.source === "day-of"
      ? { status: latest.source === "intake" ? ("done" as const) : ("checked" as const), on }
      : { status: latest?.source === "self-check" ? ("self-check" as const) : ("not-started" as const), on: null };
  const plans = (await clientPlanStatuses(services.db, { client })).map((p) => ({ ...p, on: formatDateLong(todayIn(tz, p.at)) }));
  return { email: client.email, upcoming: upcoming.map(view), past: past.map(view), intake, plans };
}

export async function action({ context, request }: Route.ActionArgs) {
  const services = getServices(context);
  const client = getClient(context);
  const form = await request.formData();
  if (String(form.get("intent") ?? "") !== "manage") {
    return data("Please choose an appointment to change.", { status: 400 });
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
      throw data("That appointment cannot be changed online any more. Please call the clinic.", { status: 404 });
    }
    throw error;
  }
}

type AppointmentView = Awaited<ReturnType<typeof loader>>["upcoming"][number];

function Appointment({ a, children }: { a: AppointmentView; children?: React.ReactNode }) {
  return (
    <li className="summary-card portal-appointment">
      <h3 className="portal-appointment-title">{a.serviceName}</h3>
      <dl className="details">
        <div>
          <dt>When</dt>
          <dd>
            {a.when} ({a.duration})
          </dd>
        </div>
        <div>
          <dt>With</dt>
          <dd>{a.practitionerName}</dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>{a.status}</dd>
        </div>
      </dl>
      {children}
    </li>
  );
}

function Plans({ plans }: { plans: Awaited<ReturnType<typeof loader>>["plans"] }) {
  if (plans.length === 0) return null;
  return (
    <section aria-labelledby="plans-heading" className="summary-card portal-intake-card">
      <h2 id="plans-heading">Your treatment plan</h2>
      <ul className="plain-list">
        {plans.map((p) => (
          <li key={`${p.planId}-${p.version}`}>
            {p.status === "proposed" ? (
              <>
                <p>Your practitioner offered you a plan on {p.on}. Please read it and sign it if you agree.</p>
                <p className="actions">
                  <Link to={`/portal/plans/${p.planId}`} className="button primary">
                    Read and sign your plan
                  </Link>
                </p>
              </>
            ) : (
              <p>
                You signed your plan (version {p.version}). <Link to={`/portal/plans/${p.planId}`}>See your plan</Link>
              </p>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function HealthQuestions({ intake }: { intake: Awaited<ReturnType<typeof loader>>["intake"] }) {
  return (
    <section aria-labelledby="intake-heading" className="summary-card portal-intake-card">
      <h2 id="intake-heading">Your health questions</h2>
      {intake.status === "done" || intake.status === "checked" ? (
        <>
          <p>{intake.status === "done" ? `Last completed on ${intake.on}.` : `Last checked with your practitioner on ${intake.on}.`}</p>
          <p className="muted small">If anything has changed — a new medicine, a treatment elsewhere — please answer them again.</p>
        </>
      ) : (
        <>
          <p>Not started.</p>
          <p className="muted small">
            {intake.status === "self-check"
              ? "Please answer them before your visit. We've kept your self-check answers, so part of it is already filled in."
              : "Please answer them before your visit. It takes about ten minutes."}
          </p>
        </>
      )}
      <p className="actions">
        <Link to="/portal/intake" className={`button${intake.on ? " secondary" : " primary"}`}>
          {intake.on ? "Update your answers" : "Answer your health questions"}
        </Link>
      </p>
    </section>
  );
}

export default function PortalHome() {
  const { email, upcoming, past, intake, plans } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Your appointments</h1>
      <p className="muted small portal-signed-in">Signed in as {email}</p>

      <Plans plans={plans} />
      <HealthQuestions intake={intake} />

      <section aria-labelledby="upcoming-heading">
        <h2 id="upcoming-heading">Upcoming</h2>
        {upcoming.length === 0 ? <p>You have no upcoming appointments.</p> : null}
        <ul className="portal-appointments">
          {upcoming.map((a) => (
            <Appointment key={a.id} a={a}>
              <Form method="post" className="actions">
                <input type="hidden" name="intent" value="manage" />
                <input type="hidden" name="appointmentId" value={a.id} />
                <button type="submit" className="button">
                  Change or cancel
                  <span className="visually-hidden">
                    : {a.serviceName}, {a.when}
                  </span>
                </button>
              </Form>
            </Appointment>
          ))}
        </ul>
        <p>
          <Link to="/book" className="button primary">
            Book another appointment
          </Link>
        </p>
      </section>

      {past.length > 0 ? (
        <section aria-labelledby="past-heading">
          <h2 id="past-heading">Past and cancelled</h2>
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
  const error = useRouteError();
  const message =
    isRouteErrorResponse(error) && error.status < 500 && typeof error.data === "string"
      ? error.data
      : "We could not finish that. Nothing was changed. Please try again, or call the clinic.";
  return (
    <>
      <h1>That did not work</h1>
      <div className="alert" role="alert">
        <p>{message}</p>
      </div>
      <p>
        <Link to="/portal">Back to your appointments</Link>
      </p>
    </>
  );
}
