import { data, Form, Link, redirect, useActionData, useLoaderData } from "react-router";
import type { Route } from "./+types/plan-series";
import adminCss from "./admin.css?url";
import plansCss from "./plans.css?url";
import { OUTSIDE_WINDOW_REASON_MIN } from "../../../src/plans/limits.ts";
import { bookSeries, seriesPage, type MoveRequest } from "../../../src/plans/series-booking.ts";
import { SeriesInputError } from "../../../src/plans/series.ts";
import { isPlausiblePlainDate } from "../../../src/kernel/dates.ts";
import { loadClinic } from "../../../src/scheduling/clinic.ts";
import { localDateOf } from "../../../src/scheduling/time.ts";
import { ErrorSummary, OptionList } from "../../components/ContactFields.tsx";
import { StaffError } from "../../components/StaffError.tsx";
import { formTextErrors, readForm } from "../../lib/form.ts";
import { formatDateLong, formatDateTime, formatTime } from "../../lib/format.ts";
import { refuse } from "../../lib/refusals.server.ts";
import { FieldError, ForbiddenError, NotFoundError } from "../../../src/kernel/errors.ts";
import { can } from "../../../src/kernel/access.ts";
import { staffRequest } from "../../lib/staff-route.server.ts";

export const links: Route.LinksFunction = () => [
  { rel: "stylesheet", href: adminCss },
  { rel: "stylesheet", href: plansCss },
];
export const meta: Route.MetaFunction = () => [
  { title: "Book a plan's sessions — Dermaplan staff" },
  { name: "robots", content: "noindex" },
];

function fail(error: unknown): never {
  if (error instanceof ForbiddenError) throw data(error.message, { status: 403 });
  if (error instanceof NotFoundError) throw data(`${error.message} was not found.`, { status: 404 });
  refuse(error);
}

function moveFrom(url: URL): MoveRequest | undefined {
  const session = Number(url.searchParams.get("move"));
  if (!session) return undefined;
  return {
    session,
    // A date the calendar could never show (year 0, year 9999) is read as none: the page asks for one.
    date: isPlausiblePlainDate(url.searchParams.get("date") ?? "") ? url.searchParams.get("date")! : "",
    time: url.searchParams.get("time") ?? "",
    practitionerId: url.searchParams.get("practitioner") || undefined,
  };
}

export async function loader({ context, params, request }: Route.LoaderArgs) {
  const { services, staff } = staffRequest(context);
  const now = services.now();
  const clinic = await loadClinic(services.db, staff.organizationId);
  const tz = clinic.location.timeZone;
  const url = new URL(request.url);
  const move = moveFrom(url);
  let page;
  let moveError: string | null = null;
  try {
    page = await seriesPage(services.db, { staff, clinic, keyRing: services.keyRing, planId: params.planId, now, move });
  } catch (error) {
    if (!(error instanceof FieldError || error instanceof SeriesInputError) || !move) fail(error);
    moveError = error instanceof FieldError ? Object.values(error.errors).join(" ") : error.message;
    page = await seriesPage(services.db, { staff, clinic, keyRing: services.keyRing, planId: params.planId, now }).catch(fail);
  }
  const booked = new Map(page.booked.map((b) => [b.session, b]));
  // The first day the client's screening allows a treatment: a session proposed or moved before it would be refused.
  const earliestDate = "earliestDate" in page.eligibility ? page.eligibility.earliestDate : null;
  const names = page.proposal?.practitionerNames ?? {};
  const sessions = (page.proposal?.sessions ?? []).map((s) => {
    const number = s.index + 1;
    const existing = booked.get(number) ?? null;
    const window = `${formatDateLong(s.windowFrom)} – ${formatDateLong(s.windowTo)}`;
    if (s.status === "unplaced")
      return { number, window, placed: null, existing: existing ? formatDateTime(existing.start, tz) : null, problem: s.message };
    const changed = existing ? existing.start !== s.slot.start || existing.practitionerId !== s.slot.practitionerId : true;
    return {
      number,
      window,
      placed: {
        start: s.slot.start,
        practitionerId: s.slot.practitionerId,
        when: formatDateTime(s.slot.start, tz),
        date: localDateOf(s.slot.start, tz),
        time: formatTime(s.slot.start, tz),
        with: names[s.slot.practitionerId] ?? "",
        room: s.slot.roomId ? (page.roomNames[s.slot.roomId] ?? null) : null,
        outsideWindow: s.outsideWindow,
        message: s.message,
        state: existing?.status === "completed" ? "done" : existing && !changed ? "booked" : existing ? "moves" : "new",
        tooEarly:
          earliestDate !== null && (!existing || changed) && localDateOf(s.slot.start, tz) < earliestDate
            ? formatDateLong(earliestDate)
            : null,
      },
      existing: existing ? formatDateTime(existing.start, tz) : null,
      problem: null,
    };
  });
  return {
    planId: params.planId,
    clientId: page.facts.clientId,
    clientName: page.clientName,
    serviceName: page.service.name,
    facts: { sessions: page.facts.sessions, min: page.facts.intervalMinDays, max: page.facts.intervalMaxDays },
    eligibility:
      "blocked" in page.eligibility ? { blocked: page.eligibility.blocked } : { earliest: formatDateLong(page.eligibility.earliestDate) },
    complete: page.proposal?.complete ?? false,
    sessions,
    move: move ?? null,
    booked: url.searchParams.get("saved") === "booked",
    moveError,
    canBook: can(staff.role, "schedule.edit"),
    practitioners: Object.entries(names).map(([id, name]) => ({ id, name })),
  };
}

export async function action({ context, params, request }: Route.ActionArgs) {
  const { services, staff } = staffRequest(context);
  const clinic = await loadClinic(services.db, staff.organizationId);
  const form = await readForm(request);
  const unsafe = formTextErrors(form);
  if (unsafe) return data({ errors: unsafe }, { status: 422 });
  const numbers = form.getAll("session").map(Number);
  const choices = numbers.map((n) => ({
    session: n,
    start: Number(form.get(`start-${n}`)),
    practitionerId: String(form.get(`practitioner-${n}`) ?? ""),
    outsideWindowReason: String(form.get(`reason-${n}`) ?? "") || undefined,
  }));
  try {
    await bookSeries(services.db, {
      staff,
      clinic,
      keyRing: services.keyRing,
      planId: params.planId,
      choices: choices.filter((c) => c.practitionerId),
      allowPartial: form.get("confirmPartial") === "on",
      now: services.now(),
      baseUrl: services.baseUrl,
    });
  } catch (error) {
    if (error instanceof FieldError) return data({ errors: error.errors }, { status: 422 });
    fail(error);
  }
  return redirect(`/staff/plans/${params.planId}/series?saved=booked`, 303);
}

const STATE: Record<string, string> = { booked: "Booked", done: "Done", moves: "Moves to", new: "Proposed" };

export default function PlanSeries() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string> = result?.errors ?? {};
  const toBook = d.sessions.filter((s) => s.placed && (s.placed.state === "new" || s.placed.state === "moves"));
  const unplaced = d.sessions.filter((s) => !s.placed);
  return (
    <div className="page">
      <p>
        <Link to={`/staff/clients/${d.clientId}`}>← {d.clientName}</Link>
      </p>
      <h1>Sessions of the plan</h1>
      <p>
        {d.facts.sessions} sessions of {d.serviceName}, {d.facts.min}–{d.facts.max} days apart.{" "}
        {"earliest" in d.eligibility ? `The client's screening allows treatment from ${d.eligibility.earliest}.` : null}
      </p>
      {"blocked" in d.eligibility ? (
        <p className="alert error" role="alert">
          {d.eligibility.blocked}
        </p>
      ) : null}
      {d.moveError ? (
        <p className="alert error" role="alert">
          {d.moveError}
        </p>
      ) : null}
      <ErrorSummary errors={errors} unlinked={["form"]} />
      {d.booked && !result ? (
        <p className="alert success" role="status">
          The sessions are booked. Each one is in the calendar, and the client has a confirmation for each.
        </p>
      ) : null}
      {d.move && !d.moveError ? (
        <p className="alert" role="status">
          Session {d.move.session} moved; the sessions after it are proposed again inside their windows. Nothing is booked until you confirm
          below. <Link to={`/staff/plans/${d.planId}/series`}>Start over</Link>
        </p>
      ) : null}

      {d.sessions.length ? (
        <Form method="post" className="series-form">
          <ol className="series-list">
            {d.sessions.map((s) => (
              <li
                key={s.number}
                className={`series-item${s.placed ? "" : " unplaced"}${errors[`session-${s.number}`] || s.placed?.tooEarly ? " has-problem" : ""}`}
                id={`field-session-${s.number}`}
              >
                <h2 className="series-title">Session {s.number}</h2>
                <p className="hint">Window: {s.window}</p>
                {errors[`session-${s.number}`] ? <p className="field-error">{errors[`session-${s.number}`]}</p> : null}
                {s.placed?.tooEarly && !errors[`session-${s.number}`] ? (
                  <p className="field-error">
                    <strong>Too early:</strong> the client's screening allows treatment from {s.placed.tooEarly}. Booking this session would
                    be refused; move it to that day or later.
                  </p>
                ) : null}
                {s.placed ? (
                  <>
                    <p>
                      <strong>{STATE[s.placed.state]}</strong>
                      {s.placed.state === "moves" && s.existing ? ` (from ${s.existing})` : ""}: {s.placed.when} with {s.placed.with}
                      {s.placed.room ? `, ${s.placed.room}` : ""}
                    </p>
                    <input type="hidden" name="session" value={s.number} />
                    <input type="hidden" name={`start-${s.number}`} value={s.placed.start} />
                    <input type="hidden" name={`practitioner-${s.number}`} value={s.placed.practitionerId} />
                    {s.placed.outsideWindow || errors[`reason-${s.number}`] ? (
                      <div className={`field${errors[`reason-${s.number}`] ? " has-error" : ""}`}>
                        {s.placed.message ? <p className="hint">{s.placed.message}</p> : null}
                        <label htmlFor={`field-reason-${s.number}`}>Why outside its window</label>
                        <p className="hint" id={`field-reason-${s.number}-hint`}>
                          Kept in the audit log, which managers read: say why without clinical details, e.g. “client away for three weeks”.
                        </p>
                        {errors[`reason-${s.number}`] ? (
                          <p className="field-error" id={`field-reason-${s.number}-error`}>
                            {errors[`reason-${s.number}`]}
                          </p>
                        ) : null}
                        <input
                          id={`field-reason-${s.number}`}
                          name={`reason-${s.number}`}
                          minLength={OUTSIDE_WINDOW_REASON_MIN}
                          aria-describedby={`field-reason-${s.number}-hint${errors[`reason-${s.number}`] ? ` field-reason-${s.number}-error` : ""}`}
                        />
                      </div>
                    ) : null}
                  </>
                ) : (
                  <p className="series-problem">
                    <strong>No time found.</strong> {s.problem}
                  </p>
                )}
              </li>
            ))}
          </ol>
          {unplaced.length ? (
            <div className={`field${errors.confirmPartial ? " has-error" : ""}`} id="field-confirmPartial">
              {errors.confirmPartial ? <p className="field-error">{errors.confirmPartial}</p> : null}
              <label className="check-label">
                <input className="check-input" type="checkbox" name="confirmPartial" />
                Book the sessions that have a time; {unplaced.map((s) => `session ${s.number}`).join(", ")} stays unbooked for now.
              </label>
            </div>
          ) : null}
          {d.canBook && toBook.length ? (
            <button type="submit" className="button">
              {toBook.length === 1 ? "Book this session" : `Book ${toBook.length} sessions`}
            </button>
          ) : toBook.length === 0 ? (
            <p>Every session with a time is booked.</p>
          ) : null}
        </Form>
      ) : null}

      {d.sessions.length && d.canBook ? (
        <section className="plan-block" aria-labelledby="move-title">
          <h2 id="move-title">Move a session</h2>
          <p className="hint">The sessions after it are proposed again inside their windows. Nothing changes until you book.</p>
          <Form method="get" className="move-form">
            <div className="plan-row">
              <div className="field">
                <label htmlFor="field-move">Session</label>
                <select id="field-move" name="move" defaultValue={d.move?.session ?? ""}>
                  {d.sessions.map((s) => (
                    <option key={s.number} value={s.number}>
                      Session {s.number}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="field-date">New date</label>
                <input id="field-date" name="date" type="date" required defaultValue={d.move?.date ?? ""} />
              </div>
              <div className="field">
                <label htmlFor="field-time">Time</label>
                <input id="field-time" name="time" type="time" step={900} required defaultValue={d.move?.time ?? "10:00"} />
              </div>
              {d.practitioners.length > 1 ? (
                <div className="field">
                  <label htmlFor="field-practitioner">With</label>
                  <select id="field-practitioner" name="practitioner" defaultValue={d.move?.practitionerId ?? ""}>
                    <option value="">As planned</option>
                    <OptionList options={d.practitioners.map((p) => ({ value: p.id, label: p.name }))} />
                  </select>
                </div>
              ) : null}
            </div>
            <button type="submit" className="button secondary">
              Show the sessions with this move
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <StaffError backTo="/staff/clients" backLabel="Back to clients" />;
}
