import { data, isRouteErrorResponse, Link, redirect, useActionData, useLoaderData, useRouteError } from "react-router";
import type { Route } from "./+types/appointment";
import { adoptBookedDetails, type TypedField } from "../../../src/scheduling/adopt-booked-details.ts";
import css from "./calendar.css?url";
import { eligibilityFor } from "../../../src/screening/record/eligibility.ts";
import { recordDayOfScreening } from "../../../src/screening/record/day-of-screening.ts";
import { loadClinicRules } from "../../../src/screening/clinic-rules.ts";
import { applyDayOfChanges, dayOfChangesFromForm } from "../../../src/screening/day-of.ts";
import { AppointmentSummary } from "../../components/appointment/AppointmentSummary.tsx";
import { CancelForm } from "../../components/appointment/CancelForm.tsx";
import { MoveForm } from "../../components/appointment/MoveForm.tsx";
import { MoveRefused } from "../../components/appointment/MoveRefused.tsx";
import { TypedDetailsForm } from "../../components/appointment/TypedDetailsForm.tsx";
import type { MoveRefusal } from "../../components/appointment/types.ts";
import { DayOfCheck } from "../../components/DayOfCheck.tsx";
import { getAppointment } from "../../../src/scheduling/calendar.ts";
import { getService, listPractitioners, loadClinic } from "../../../src/scheduling/clinic.ts";
import { NotEligibleError, notEligibleMessage, PlanWindowError, SlotUnavailableError } from "../../../src/scheduling/errors.ts";
import { cancelBooking, rescheduleBooking } from "../../../src/scheduling/manage-booking.ts";
import { localDateOf, parseOffsetIso, todayIn } from "../../../src/scheduling/time.ts";
import { DATE_RANGE_MESSAGE, isPlausibleInstant, isPlausiblePlainDate } from "../../../src/kernel/dates.ts";
import { formTextErrors, readForm } from "../../lib/form.ts";
import { formatDateLong, formatDateTime, formatDuration, formatTime, planWindowText, zoned } from "../../lib/format.ts";
import { slotPickerData } from "../../lib/slot-picker.server.ts";
import { planSeriesFacts } from "../../../src/plans/record/series-facts.ts";
import { formErrors } from "../../lib/refusals.server.ts";
import { NotFoundError, problemOf } from "../../../src/kernel/errors.ts";
import { clientAttendance, isDayStep, takeDayStep } from "../../../src/scheduling/appointment-day.ts";
import { consentStanding, type ConsentStanding } from "../../../src/consent/consent.ts";
import { DaySteps } from "../../components/appointment/DaySteps.tsx";
import { DAY_STATE_TAG, DAY_STEP_DONE, dayStepsView } from "../../lib/appointment-day.ts";
import { staffRequest } from "../../lib/staff-route.server.ts";
import { chartStatuses } from "../../../src/plans/record/chart.ts";
import { actorCan, can } from "../../../src/kernel/access.ts";
import { expiredSessionCookie } from "../../../src/auth/auth.ts";
import { DESK_HANDOVER_MS, handOverForConsent } from "../../../src/consent/desk-handover.ts";
import { deskCookie } from "../desk/handover-cookie.server.ts";
import { appointmentRecordLinks } from "../../lib/appointment-record-links.server.ts";

/** "Thu, Dec 3 at 2:30 p.m.": short enough for a button on a phone. */
function altLabel(ms: number, tz: string): string {
  const day = zoned(ms, tz).toPlainDate().toLocaleString("en-CA", { weekday: "short", month: "short", day: "numeric" });
  return `${day} at ${formatTime(ms, tz)}`;
}

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: css }];

export const meta: Route.MetaFunction = ({ error }) => [
  {
    title: !error
      ? "Appointment — Dermaplan staff"
      : isRouteErrorResponse(error) && error.status === 404
        ? "Appointment not found — Dermaplan staff"
        : "Something went wrong — Dermaplan staff",
  },
  { name: "robots", content: "noindex" },
];

const notFound = () => data("There is no appointment with this address. It may have been mistyped.", { status: 404 });

function windowText(minutes: number): string {
  if (minutes % 60 !== 0) return `${minutes} minutes`;
  return minutes === 60 ? "1 hour" : `${minutes / 60} hours`;
}

const SOURCE: Record<string, string> = { online: "Online booking page", staff: "Staff", api: "Booking API" };

async function load(ctx: Route.LoaderArgs["context"], id: string) {
  const { services, staff } = staffRequest(ctx);
  const clinic = await loadClinic(services.db, services.organizationId);
  const appointment = await getAppointment(services.db, clinic.organizationId, id);
  if (!appointment) throw notFound();
  return { services, staff, clinic, appointment };
}

export async function loader({ context, params, request }: Route.LoaderArgs) {
  const { services, staff, clinic, appointment: a } = await load(context, params.id);
  const tz = clinic.location.timeZone;
  const now = services.now();
  const url = new URL(request.url);
  const canEdit = can(staff.role, "schedule.edit");
  const service = await getService(services.db, clinic.organizationId, a.serviceId);
  // The day-of check: for treatments, on the appointment's day, by a practitioner (health.edit).
  const dayOf =
    service?.kind === "treatment" && a.status === "booked" && a.clientId && actorCan(staff, "health.edit")
      ? localDateOf(a.startMs, tz) === todayIn(tz, now)
        ? ("open" as const)
        : ("not-today" as const)
      : null;
  const changeable = canEdit && a.dayState === "booked" && a.startMs > now;
  // The day's steps from the appointment's day on (before it, there is nothing to mark).
  const consent =
    a.serviceKind === "treatment" && a.clientId
      ? consentWords(await consentStanding(services.db, clinic.organizationId, a.clientId), tz)
      : null;
  // The clinic's tablet (docs/consent.md, "Signing at the desk"): offered while the consent is missing, on the
  // appointment's day, to the desk and the appointment's own practitioner, who may act on that day.
  const handover =
    consent &&
    !consent.ok &&
    a.status === "booked" &&
    localDateOf(a.startMs, tz) === todayIn(tz, now) &&
    (canEdit || (staff.practitionerId !== null && staff.practitionerId === a.practitionerId))
      ? { clientName: a.clientName ?? "the client" }
      : null;
  const day =
    a.status !== "cancelled" && localDateOf(a.startMs, tz) <= todayIn(tz, now)
      ? {
          ...dayStepsView(a, staff, now, tz),
          consent: consent ? { ...consent, handover } : null,
          heading: localDateOf(a.startMs, tz) === todayIn(tz, now) ? "Today" : `On ${formatDateLong(localDateOf(a.startMs, tz))}`,
        }
      : null;
  const attendance = a.clientId ? await clientAttendance(services.db, clinic.organizationId, a.clientId) : null;
  const mode = !changeable ? "view" : url.searchParams.has("cancel") ? "cancel" : url.searchParams.has("move") ? "move" : "view";

  let picker = null;
  let practitioners: { id: string; name: string }[] = [];
  let chosenPractitioner = a.practitionerId;
  if (mode === "move") {
    const service = await getService(services.db, clinic.organizationId, a.serviceId);
    practitioners = (await listPractitioners(services.db, clinic.organizationId)).map((p) => ({ id: p.id, name: p.name }));
    const asked = url.searchParams.get("practitioner");
    if (asked && practitioners.some((p) => p.id === asked)) chosenPractitioner = asked;
    if (!practitioners.some((p) => p.id === a.practitionerId)) practitioners.unshift({ id: a.practitionerId, name: a.practitionerName });
    if (service) {
      picker = await slotPickerData(services.db, {
        clinic,
        service,
        practitionerId: chosenPractitioner,
        date: plausibleDate(url.searchParams.get("date")) ?? localDateOf(Math.max(a.startMs, now), tz),
        week: plausibleDate(url.searchParams.get("week")),
        now,
        ignoreAppointmentId: a.id,
      });
    }
  }

  const windowMinutes = clinic.settings.cancellationWindowMinutes;
  const stepDone = url.searchParams.get("day");
  const dayFlash =
    stepDone && Object.hasOwn(DAY_STEP_DONE, stepDone) ? DAY_STEP_DONE[stepDone as keyof typeof DAY_STEP_DONE] || null : null;
  const flash = url.searchParams.has("booked")
    ? "booked"
    : url.searchParams.has("moved")
      ? "moved"
      : url.searchParams.has("cancelled")
        ? "cancelled"
        : null;
  return {
    mode,
    flash,
    appointment: {
      id: a.id,
      status: a.status,
      statusText: DAY_STATE_TAG[a.dayState],
      serviceName: a.serviceName,
      practitionerName: a.practitionerName,
      roomName: a.roomName,
      clientName: a.clientName,
      clientEmail: a.clientEmail,
      clientPhone: a.clientPhone,
      when: formatDateTime(a.startMs, tz),
      duration: formatDuration(Math.round((a.endMs - a.startMs) / 60_000)),
      date: localDateOf(a.startMs, tz),
      lateCancellation: a.lateCancellation,
      cancelledAt: a.cancelledAt ? formatDateTime(a.cancelledAt, tz) : null,
      source: SOURCE[a.source] ?? a.source,
      bookedAt: formatDateTime(a.createdAt, tz),
      // Booked without signing in and not confirmed by the client: its practitioner is not on the care team through it.
      awaitingConfirmation: a.status === "booked" && a.clientConfirmedAt === null,
      typed: a.typed,
      changeable,
      canEdit,
      past: a.startMs <= now,
      insideWindow: a.startMs - now < windowMinutes * 60_000,
      window: windowText(windowMinutes),
    },
    picker,
    practitioners,
    chosenPractitioner,
    dayOf,
    day,
    dayFlash,
    attendance,
    chart: await chartLink(services.db, clinic.organizationId, a, staff),
    recordLinks: await appointmentRecordLinks(services.db, {
      staff,
      clientId: a.clientId,
      planId: a.planId,
      planSession: a.planSession,
      now,
    }),
  };
}

/** The session chart's link, once a treatment has started: its state only (no content), for whoever may read the record. */
async function chartLink(
  db: Parameters<typeof chartStatuses>[0],
  organizationId: string,
  a: { id: string; serviceKind: string; dayState: string },
  staff: { role: Parameters<typeof actorCan>[0]["role"]; practitionerId: string | null },
) {
  if (a.serviceKind !== "treatment" || !["in-session", "completed"].includes(a.dayState) || !actorCan(staff, "health.view")) return null;
  const status = (await chartStatuses(db, organizationId, [a.id])).get(a.id) ?? null;
  return { href: `/staff/appointments/${a.id}/chart`, status };
}

/** The client's consent to microneedling as the treatment room needs to know it. */
function consentWords(standing: ConsentStanding, tz: string): { text: string; ok: boolean } {
  const p = standing.procedure;
  if (!p)
    return {
      text: "Consent to microneedling: not signed yet. The client signs it in their account (Consent forms) or on the clinic's tablet before the treatment starts.",
      ok: false,
    };
  if (!p.current)
    return {
      text: "Consent to microneedling: the form has changed since the client signed it; they sign the new version before the treatment starts.",
      ok: false,
    };
  return {
    text: `Consent to microneedling: signed (version ${p.signedVersion}, ${formatDateLong(localDateOf(p.signedAt, tz))}).`,
    ok: true,
  };
}

/** A date from the query string when it is one the calendar could show, else null. */
function plausibleDate(value: string | null): string | null {
  return value !== null && isPlausiblePlainDate(value) ? value : null;
}

type ActionResult = MoveRefusal;

export async function action({ context, params, request }: Route.ActionArgs) {
  // The day-of check is the practitioner's (health.edit); moving and cancelling need schedule.edit.
  const peek = await readForm(request.clone());
  // The day's steps decide who may take them in the domain (the desk, or the appointment's own practitioner).
  const ownChecks = ["day-of", "day-step", "desk-handover"];
  if (!ownChecks.includes(String(peek.get("intent")))) staffRequest(context, { permission: "schedule.edit", doing: "change appointments" });
  const { services, staff, clinic, appointment } = await load(context, params.id);
  const tz = clinic.location.timeZone;
  const now = services.now();
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const actor = { type: "staff" as const, id: staff.userId };
  const self = `/staff/appointments/${appointment.id}`;
  const unsafe = formTextErrors(form, { texts: ["newMedicationNote"] });
  if (intent === "day-of") {
    // The day-of dates: a date the client could have meant, not year 0 or 9999.
    const errors = { ...unsafe };
    for (const name of ["procedureDate", "topicalRetinoidLastUsed"]) {
      const v = String(form.get(name) ?? "").trim();
      if (v && !errors[name] && /^\d{4}-\d{2}-\d{2}$/.test(v) && !isPlausiblePlainDate(v)) errors[name] = DATE_RANGE_MESSAGE;
    }
    if (Object.keys(errors).length) return data({ dayOf: null, dayOfErrors: errors }, { status: 422 });
  } else if (unsafe) {
    return data<ActionResult>(
      { message: "The form held characters it cannot take. Please try again from the page.", alternatives: [], practitionerId: "" },
      { status: 422 },
    );
  }

  if (intent === "day-step") {
    const step = form.get("step");
    if (!isDayStep(step)) return data({ dayStepError: "Please choose one of the buttons." }, { status: 400 });
    try {
      const { state } = await takeDayStep(services.db, {
        actor: staff,
        appointmentId: appointment.id,
        step,
        keyRing: services.keyRing,
        now,
      });
      return redirect(`${self}?day=${state}`, 303);
    } catch (error) {
      const problem = problemOf(error);
      if (!problem) throw error;
      return data({ dayStepError: problem.message }, { status: problem.status });
    }
  }

  if (intent === "desk-handover") {
    // Hands the tablet to the client: this staff member's session ends with it (decision 0030).
    try {
      const handed = await handOverForConsent(services.db, { staff, appointmentId: appointment.id, now });
      const headers = new Headers();
      headers.append("Set-Cookie", await expiredSessionCookie(services.auth));
      headers.append("Set-Cookie", deskCookie(handed.key, Math.floor(DESK_HANDOVER_MS / 1000), services.baseUrl));
      return redirect("/desk/consent", { status: 303, headers });
    } catch (error) {
      const problem = problemOf(error);
      if (!problem) throw error;
      return data({ dayStepError: problem.message }, { status: problem.status });
    }
  }

  if (intent === "adopt-details") {
    const adopt = form
      .getAll("adopt")
      .map(String)
      .filter((f): f is TypedField => f === "name" || f === "phone" || f === "locale");
    await adoptBookedDetails(services.db, { staff, appointmentId: appointment.id, adopt });
    return redirect(`${self}?adopted=1`, 303);
  }

  if (intent === "day-of") {
    if (!appointment.clientId) throw data("This appointment has no client.", { status: 409 });
    const treated = await getService(services.db, clinic.organizationId, appointment.serviceId);
    if (treated?.kind !== "treatment" || appointment.status !== "booked" || localDateOf(appointment.startMs, tz) !== todayIn(tz, now)) {
      return data({ dayOf: null, dayOfErrors: { form: "The day-of check is for a booked treatment, on its day." } }, { status: 409 });
    }
    const f = (name: string) => String(form.get(name) ?? "");
    const { changes, errors } = dayOfChangesFromForm(f, (name) => form.getAll(name).map(String));
    if (Object.keys(errors).length) return data({ dayOf: null, dayOfErrors: errors }, { status: 422 });
    const today = todayIn(tz, now);
    try {
      const rules = await loadClinicRules(services.db, clinic.organizationId);
      const { result } = await recordDayOfScreening(services.db, {
        staff,
        keyRing: services.keyRing,
        clientId: appointment.clientId,
        appointmentId: appointment.id,
        note: changes.newMedicationNote || undefined,
        rules,
        change: (latest) =>
          latest
            ? applyDayOfChanges(latest, changes, today)
            : { ok: false, errors: { form: "The client has no intake yet: ask them to fill it in first." } },
        now,
      });
      // The same decision the booking gate makes (a practitioner's clearance of the same concerns still counts);
      // a session of a signed plan waits the plan's own interval after the last one.
      const planFacts = appointment.planId
        ? await planSeriesFacts(services.db, { organizationId: clinic.organizationId, planId: appointment.planId })
        : null;
      const { allowed } = await eligibilityFor(services.db, {
        organizationId: clinic.organizationId,
        keyRing: services.keyRing,
        clientId: appointment.clientId,
        date: today,
        rules,
        now,
        validDays: clinic.settings.screeningValidDays,
        timeZone: tz,
        appointment: {
          id: appointment.id,
          plan: planFacts ? { planId: planFacts.planId, intervalMinDays: planFacts.intervalMinDays } : null,
        },
      });
      return data({
        dayOfErrors: {} as Record<string, string>,
        dayOf: {
          allowed,
          outcome: result.outcome,
          earliest: result.earliestDate ? formatDateLong(result.earliestDate) : null,
          reasons: result.reasons.map((r) => ({ ruleId: r.ruleId, outcome: r.outcome, until: r.until, staffNote: r.staffNote })),
        },
      });
    } catch (error) {
      return data({ dayOf: null, dayOfErrors: formErrors(error) }, { status: 422 });
    }
  }

  if (intent === "cancel") {
    try {
      const requestedBy = form.get("requestedBy") === "clinic" ? "clinic" : "client";
      await cancelBooking(services.db, { clinic, id: appointment.id, access: { staff }, now, actor, requestedBy });
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      return data<ActionResult>(
        { message: "This appointment can no longer be cancelled: it is not booked any more.", alternatives: [], practitionerId: "" },
        { status: 409 },
      );
    }
    services.outbox.kick();
    return redirect(`${self}?cancelled=1`, 303);
  }

  if (intent === "move") {
    const parsed = parseOffsetIso(String(form.get("start") ?? ""));
    // A time the calendar could never show (year 0, year 9999) is no time at all.
    const start = parsed !== null && isPlausibleInstant(parsed) ? parsed : null;
    const asked = String(form.get("practitionerId") ?? "");
    const known = await listPractitioners(services.db, clinic.organizationId);
    const practitionerId = known.some((p) => p.id === asked) ? asked : undefined;
    if (start === null) {
      return data<ActionResult>(
        { message: "Please choose one of the times shown.", alternatives: [], practitionerId: practitionerId ?? "" },
        { status: 422 },
      );
    }
    // The current time is offered too (it does not block itself); taking it changes nothing.
    if (start === appointment.startMs && (practitionerId ?? appointment.practitionerId) === appointment.practitionerId) {
      return redirect(self, 303);
    }
    try {
      await rescheduleBooking(services.db, {
        keyRing: services.keyRing,
        clinic,
        id: appointment.id,
        access: { staff },
        start,
        practitionerId,
        now,
        actor,
        baseUrl: services.baseUrl,
      });
    } catch (error) {
      if (error instanceof PlanWindowError) {
        return data<ActionResult>(
          {
            message: `The appointment keeps its time. ${planWindowText(error)} To move it further, use the plan's sessions page, where a reason can be given.`,
            alternatives: [],
            practitionerId: practitionerId ?? appointment.practitionerId,
          },
          { status: 409 },
        );
      }
      if (error instanceof NotEligibleError) {
        return data<ActionResult>(
          {
            message: `The appointment keeps its time: ${notEligibleMessage(error, error.earliestDate ? formatDateLong(error.earliestDate) : null)}`,
            alternatives: [],
            practitionerId: practitionerId ?? appointment.practitionerId,
          },
          { status: 409 },
        );
      }
      if (error instanceof SlotUnavailableError) {
        return data<ActionResult>(
          {
            message: `That time is not free any more, so the appointment keeps its time, ${formatDateTime(appointment.startMs, tz)}.${
              error.alternatives.length ? " The nearest free times:" : ""
            }`,
            alternatives: error.alternatives.map((s) => ({
              start: zoned(s.start, tz).toString({ timeZoneName: "never", smallestUnit: "second" }),
              label: altLabel(s.start, tz),
            })),
            practitionerId: practitionerId ?? appointment.practitionerId,
          },
          { status: 409 },
        );
      }
      if (error instanceof NotFoundError) {
        return data<ActionResult>(
          {
            message: "This appointment can no longer be moved: it has started, or it is not booked any more.",
            alternatives: [],
            practitionerId: "",
          },
          { status: 409 },
        );
      }
      throw error;
    }
    services.outbox.kick();
    return redirect(`${self}?moved=1`, 303);
  }

  return data<ActionResult>({ message: "Please choose what to do.", alternatives: [], practitionerId: "" }, { status: 400 });
}

export default function Appointment() {
  const d = useLoaderData<typeof loader>();
  const a = d.appointment;
  const acted = useActionData<typeof action>();
  const dayStepError = acted && "dayStepError" in acted ? acted.dayStepError : null;
  const dayOfResult = acted && "dayOfErrors" in acted ? acted : null;
  const result = acted && "message" in acted ? acted : undefined;
  const self = `/staff/appointments/${a.id}`;
  const cancelled = a.status === "cancelled";

  return (
    <div className="page narrow appt-page">
      <p>
        <Link to={`/staff?date=${a.date}`}>← Calendar for this day</Link>
      </p>
      {d.flash === "booked" ? (
        <div className="success" role="status">
          <p>The appointment is booked. The client's confirmation e-mail is on its way.</p>
        </div>
      ) : null}
      {d.flash === "moved" && !cancelled ? (
        <div className="success" role="status">
          <p>The appointment has moved. The client gets an e-mail with the new time.</p>
        </div>
      ) : null}
      {d.flash === "cancelled" && cancelled ? (
        <div className="success" role="status">
          <p>
            The appointment is cancelled and the time is free again.
            {a.lateCancellation ? " It is recorded as a late cancellation." : ""} The client gets an e-mail.
          </p>
        </div>
      ) : null}

      {d.dayFlash ? (
        <div className="success" role="status">
          <p>{d.dayFlash}</p>
        </div>
      ) : null}

      <AppointmentSummary a={a} attendance={d.attendance} />
      {d.recordLinks.length ? (
        <nav className="record-links" aria-label="The client's record">
          <ul>
            {d.recordLinks.map((l) => (
              <li key={l.href}>
                <Link to={l.href}>{l.text}</Link>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      {d.day ? <DaySteps day={d.day} self={self} error={dayStepError} /> : null}
      {d.chart ? (
        <p className="chart-link">
          <Link to={d.chart.href}>
            {d.chart.status === "signed"
              ? "Session chart (signed)"
              : d.chart.status === "draft"
                ? "Session chart (draft): continue"
                : "Open the session chart"}
          </Link>
        </p>
      ) : null}
      {a.typed ? <TypedDetailsForm typed={a.typed} self={self} canEdit={a.canEdit} /> : null}

      {result?.message ? <MoveRefused result={result} self={self} /> : null}

      {a.changeable && d.mode === "view" ? (
        <div className="actions">
          <Link className="button" to={`${self}?move=1`}>
            Move
          </Link>
          <Link className="button secondary" to={`${self}?cancel=1`}>
            Cancel appointment
          </Link>
        </div>
      ) : null}

      {a.changeable && d.mode === "cancel" ? <CancelForm self={self} insideWindow={a.insideWindow} lateWindow={a.window} /> : null}

      {a.changeable && d.mode === "move" ? (
        <MoveForm self={self} practitioners={d.practitioners} chosenPractitioner={d.chosenPractitioner} picker={d.picker} />
      ) : null}

      {d.dayOf ? (
        <DayOfCheck
          state={d.dayOf}
          self={self}
          outcome={dayOfResult?.dayOf ?? null}
          errors={dayOfResult?.dayOfErrors ?? {}}
          canMove={a.canEdit}
        />
      ) : null}

      {!a.canEdit && a.status === "booked" && !a.past ? (
        <p className="muted">Moving and cancelling appointments is done by the front desk, a manager or the owner.</p>
      ) : null}

      {a.canEdit && !a.changeable && !cancelled ? (
        <p className="muted">
          {a.past
            ? "This appointment has started or is over, so it can no longer be moved or cancelled here."
            : "This appointment can no longer be changed."}
        </p>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const notFoundError = isRouteErrorResponse(error) && error.status === 404;
  return (
    <div className="page narrow">
      <h1>{notFoundError ? "Appointment not found" : "Something went wrong"}</h1>
      <p>
        {notFoundError
          ? "There is no appointment with this address. It may have been mistyped, or the link is incomplete."
          : "We could not show this appointment. Nothing was changed. Please try again."}
      </p>
      <p>
        <Link to="/staff">Back to the calendar</Link>
      </p>
    </div>
  );
}
