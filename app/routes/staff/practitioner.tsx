import { StaffError } from "../../components/StaffError.tsx";
import { data, Form, Link, redirect, useActionData, useLoaderData, useLocation } from "react-router";
import type { Route } from "./+types/practitioner";
import adminCss from "./admin.css?url";
import { ForbiddenError } from "../../../src/auth/roles.ts";
import {
  addTimeOff,
  canEditClinic,
  classifyAdminError,
  deletePractitionerException,
  deleteTimeOff,
  getPractitionerDetail,
  intervalRowsFromForm,
  replacePractitionerHours,
  savePractitionerException,
  setPractitionerServices,
  updatePractitioner,
  WEEKDAYS,
  type WeeklyHoursInput,
} from "../../../src/scheduling/admin.ts";
import { ErrorSummary, TextField } from "../../components/ContactFields.tsx";
import { FrenchTextField } from "../../components/FrenchTextField.tsx";
import { outOfRangeDateErrors } from "../../../src/kernel/dates.ts";
import { getServices, getStaff } from "../../context.ts";
import { formatDateLong, zoned } from "../../lib/format.ts";
import { formText, formTextErrors, readForm } from "../../lib/form.ts";

// Staff pages carry client and staff data: never kept in shared caches or the back-forward cache.
export const headers: Route.HeadersFunction = () => ({ "Cache-Control": "private, no-store" });

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: adminCss }];

export const meta: Route.MetaFunction = ({ loaderData }) => [
  { title: `${loaderData?.practitioner.name ?? "Practitioner"} — Dermaplan staff` },
  { name: "robots", content: "noindex" },
];

const SAVED: Record<string, string> = {
  created: "Practitioner added. Next, set their weekly hours and the services they offer.",
  details: "Details saved.",
  hours: "Weekly hours saved.",
  services: "Services saved.",
  exception: "Date exception saved.",
  "exception-deleted": "Date exception removed.",
  timeoff: "Time off saved.",
  "timeoff-deleted": "Time off removed.",
  unchanged: "Nothing to save: that was already the case.",
};

function when(ms: number, timeZone: string): string {
  return zoned(ms, timeZone).toLocaleString("en-CA", {
    weekday: "short",
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZoneName: "short",
  });
}

/** Field errors to show beside the form; a refusal or a missing record becomes its message page. */
function fieldErrorsOf(error: unknown): Record<string, string> {
  const c = classifyAdminError(error);
  if (!c) throw error;
  if (c.status !== 422) throw data(c.message, { status: c.status });
  return c.errors;
}

export async function loader({ context, params, request }: Route.LoaderArgs) {
  const services = getServices(context);
  const staff = getStaff(context);
  let detail;
  try {
    detail = await getPractitionerDetail(services.db, {
      staff,
      organizationId: services.organizationId,
      practitionerId: params.id,
      now: services.now(),
    });
  } catch (error) {
    fieldErrorsOf(error);
    throw error;
  }
  const url = new URL(request.url);
  const savedKey = url.searchParams.get("saved") ?? "";
  const overlap = Number.parseInt(url.searchParams.get("overlap") ?? "0", 10);
  const tz = detail.timeZone;
  const p = detail.practitioner;
  return {
    canEdit: canEditClinic(staff),
    saved: SAVED[savedKey] ?? null,
    overlap: savedKey === "timeoff" && overlap > 0 ? overlap : 0,
    timeZone: tz,
    practitioner: { id: p.id, name: p.name, title: p.title, titleFr: p.titleFr, active: p.active, sortOrder: p.sortOrder },
    hours: WEEKDAYS.map(({ day, name }) => ({ day, name, intervals: detail.hours[day] ?? [] })),
    exceptions: detail.exceptions.map((e) => ({
      id: e.id,
      date: e.date,
      dateLabel: formatDateLong(e.date),
      hours: e.intervals.length ? e.intervals.map((i) => `${i.start}–${i.end}`).join(", ") : "Closed all day",
      note: e.note,
    })),
    timeOff: detail.timeOff.map((t) => ({ id: t.id, from: when(t.startsAt, tz), to: when(t.endsAt, tz), reason: t.reason })),
    services: detail.services,
    serviceIds: detail.serviceIds,
  };
}

type Intent = "details" | "hours" | "services" | "exception" | "timeoff";

export async function action({ context, params, request }: Route.ActionArgs) {
  const services = getServices(context);
  const staff = getStaff(context);
  if (!canEditClinic(staff)) throw data(new ForbiddenError("change practitioners").message, { status: 403 });
  const scope = { staff, organizationId: services.organizationId, practitionerId: params.id };
  const db = services.db;
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const str = formText(form);
  const values: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === "string" && k !== "serviceIds") values[k] = v;
  const refuse = (errors: Record<string, string>) =>
    data({ intent: intent as Intent, errors, values, serviceIds: form.getAll("serviceIds").map(String) }, { status: 422 });
  const unsafe = formTextErrors(form);
  if (unsafe) return refuse(unsafe);
  // Dates the calendar could never show (year 0, year 9999): refused here, beside their field.
  const absurd = outOfRangeDateErrors(
    intent === "exception" ? { date: str("date") } : intent === "timeoff" ? { start: str("start"), end: str("end") } : {},
  );
  if (absurd) return refuse(absurd);
  const back = (saved: string, extra = "") => redirect(`/staff/practitioners/${params.id}?saved=${saved}${extra}`, 303);
  try {
    switch (intent) {
      case "details": {
        const r = await updatePractitioner(db, {
          ...scope,
          input: {
            name: str("name"),
            title: str("title"),
            titleFr: str("titleFr"),
            active: form.has("active"),
            sortOrder: str("sortOrder"),
          },
        });
        return back(r.changed ? "details" : "unchanged");
      }
      case "hours": {
        const hours: WeeklyHoursInput = {};
        for (const { day } of WEEKDAYS) hours[day] = intervalRowsFromForm(form, `hours.${day}`);
        const r = await replacePractitionerHours(db, { ...scope, hours });
        return back(r.changed ? "hours" : "unchanged");
      }
      case "services": {
        const serviceIds = form.getAll("serviceIds").filter((v): v is string => typeof v === "string");
        const r = await setPractitionerServices(db, { ...scope, serviceIds });
        return back(r.changed ? "services" : "unchanged");
      }
      case "exception": {
        await savePractitionerException(db, {
          ...scope,
          input: {
            date: str("date"),
            closed: str("mode") === "closed",
            intervals: intervalRowsFromForm(form, "intervals"),
            note: str("note"),
          },
        });
        return back("exception");
      }
      case "delete-exception": {
        await deletePractitionerException(db, { ...scope, exceptionId: str("exceptionId") });
        return back("exception-deleted");
      }
      case "timeoff": {
        const r = await addTimeOff(db, { ...scope, input: { start: str("start"), end: str("end"), reason: str("reason") } });
        return back("timeoff", r.overlappingBookings ? `&overlap=${r.overlappingBookings}` : "");
      }
      case "delete-timeoff": {
        await deleteTimeOff(db, { ...scope, timeOffId: str("timeOffId") });
        return back("timeoff-deleted");
      }
    }
  } catch (error) {
    const errors = fieldErrorsOf(error);
    return data({ intent: intent as Intent, errors, values, serviceIds: form.getAll("serviceIds").map(String) }, { status: 422 });
  }
  throw data("That form could not be read. Reload the page and try again.", { status: 400 });
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type ActionData = ReturnType<typeof useActionData<typeof action>>;

/** One "From – To" row of a day's hours. Errors sit beside the field they concern. */
function IntervalInputs({
  prefix,
  index,
  context,
  start,
  end,
  errors,
}: {
  prefix: string;
  index: number;
  context: string;
  start: string;
  end: string;
  errors: Record<string, string>;
}) {
  const field = (part: "start" | "end", label: string, value: string) => {
    const name = `${prefix}.${index}.${part}`;
    const id = `field-${name.replace(/\./g, "-")}`;
    const error = errors[name];
    return (
      <div className={`field${error ? " has-error" : ""}`}>
        <label htmlFor={id}>
          {label}
          <span className="visually-hidden">
            {" "}
            ({context}, interval {index + 1})
          </span>
        </label>
        {error ? (
          <p className="field-error interval-error" id={`${id}-error`}>
            {error}
          </p>
        ) : null}
        <input
          id={id}
          name={name}
          type="text"
          inputMode="numeric"
          autoComplete="off"
          placeholder="HH:MM"
          defaultValue={value}
          className="time-input"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        />
      </div>
    );
  };
  return (
    <div className="interval-row">
      {field("start", "From", start)}
      {field("end", "To", end)}
    </div>
  );
}

/** Saved intervals plus blank rows (at least two rows, one blank) to add more without JavaScript. */
function rowsFor(saved: { start: string; end: string }[], submitted: { start?: string; end?: string }[] | null) {
  const base = submitted ?? saved;
  const rows = base.map((r) => ({ start: r.start ?? "", end: r.end ?? "" }));
  while (rows.length < 2 || rows[rows.length - 1]!.start !== "" || rows[rows.length - 1]!.end !== "") rows.push({ start: "", end: "" });
  return rows;
}

function submittedRows(values: Record<string, string>, prefix: string) {
  const rows: { start?: string; end?: string }[] = [];
  const pattern = new RegExp(`^${prefix.replace(/\./g, "\\.")}\\.(\\d{1,2})\\.(start|end)$`);
  for (const [k, v] of Object.entries(values)) {
    const m = pattern.exec(k);
    if (m) (rows[Number(m[1])] ??= {})[m[2] as "start" | "end"] = v;
  }
  return Array.from(rows, (r) => r ?? {});
}

function DetailsForm({ d, result }: { d: LoaderData; result: ActionData }) {
  const mine = result?.intent === "details" ? result : null;
  const errors: Record<string, string> = mine?.errors ?? {};
  const v = mine?.values;
  return (
    <section aria-labelledby="details-heading">
      <h2 id="details-heading">Details</h2>
      <ErrorSummary errors={errors} />
      <Form method="post" action={`/staff/practitioners/${d.practitioner.id}`} noValidate className="stack narrow-block">
        <input type="hidden" name="intent" value="details" />
        <TextField name="name" label="Name" value={v?.name ?? d.practitioner.name} error={errors.name} autoComplete="off" required />
        <TextField
          name="title"
          label="Title"
          value={v?.title ?? d.practitioner.title}
          error={errors.title}
          hint="Shown to clients, like “Skin therapist”."
        />
        <FrenchTextField name="titleFr" label="Title in French" value={v?.titleFr ?? d.practitioner.titleFr} error={errors.titleFr} />
        <div className="field">
          <label>
            <input
              type="checkbox"
              name="active"
              defaultChecked={v ? v.active === "on" : d.practitioner.active}
              className="check-input inline-check"
            />
            Active: clients can book them
          </label>
          <p className="hint">Untick when someone leaves. Their past appointments stay; booked future ones are not cancelled.</p>
        </div>
        <TextField
          name="sortOrder"
          label="Order in lists"
          inputMode="numeric"
          value={v?.sortOrder ?? String(d.practitioner.sortOrder)}
          error={errors.sortOrder}
          hint="Lower numbers come first."
          required
        />
        <button type="submit" className="button primary">
          Save details
        </button>
      </Form>
    </section>
  );
}

function HoursForm({ d, result }: { d: LoaderData; result: ActionData }) {
  const mine = result?.intent === "hours" ? result : null;
  const errors: Record<string, string> = mine?.errors ?? {};
  return (
    <section aria-labelledby="hours-heading" className="staff-section">
      <h2 id="hours-heading">Weekly hours</h2>
      <p className="muted">
        Local time in {d.timeZone}, 24-hour HH:MM (like 09:00 or 17:30; 24:00 is midnight). A day with no hours is a day off. Several
        intervals a day are fine (a lunch break is the gap between them); they must not overlap. To remove an interval, clear both its
        times. Saving replaces the whole week.
      </p>
      <ErrorSummary errors={errors} />
      <Form method="post" action={`/staff/practitioners/${d.practitioner.id}`} noValidate>
        <input type="hidden" name="intent" value="hours" />
        <div className="hours-grid">
          {d.hours.map((day) => {
            const prefix = `hours.${day.day}`;
            const rows = rowsFor(day.intervals, mine ? submittedRows(mine.values, prefix) : null);
            const dayError = errors[prefix];
            return (
              <fieldset key={day.day} className="day-fieldset">
                <legend>
                  {day.name}
                  {day.intervals.length === 0 ? <span className="muted day-off-note"> (day off)</span> : null}
                </legend>
                {dayError ? (
                  <p className="field-error" id={`field-${prefix.replace(/\./g, "-")}`}>
                    {dayError}
                  </p>
                ) : null}
                {rows.map((r, i) => (
                  <IntervalInputs key={i} prefix={prefix} index={i} context={day.name} start={r.start} end={r.end} errors={errors} />
                ))}
              </fieldset>
            );
          })}
        </div>
        <p className="hint muted small">Need more intervals on a day? Save, and another empty row appears.</p>
        <button type="submit" className="button primary">
          Save weekly hours
        </button>
      </Form>
    </section>
  );
}

function ServicesForm({ d, result }: { d: LoaderData; result: ActionData }) {
  const mine = result?.intent === "services" ? result : null;
  const errors: Record<string, string> = mine?.errors ?? {};
  const chosen = new Set(mine ? mine.serviceIds : d.serviceIds);
  return (
    <section aria-labelledby="services-heading" className="staff-section">
      <h2 id="services-heading">Services offered</h2>
      <ErrorSummary errors={errors} />
      {d.services.length === 0 ? (
        <p className="notice">
          The clinic has no services yet. <Link to="/staff/services/new">Add a service</Link>.
        </p>
      ) : (
        <Form method="post" action={`/staff/practitioners/${d.practitioner.id}`} noValidate>
          <input type="hidden" name="intent" value="services" />
          <fieldset aria-describedby={errors.serviceIds ? "field-serviceIds-error" : undefined} id="field-serviceIds">
            <legend>Clients can book {d.practitioner.name} for</legend>
            {errors.serviceIds ? (
              <p className="field-error" id="field-serviceIds-error">
                {errors.serviceIds}
              </p>
            ) : null}
            {d.services.map((s) => (
              <div key={s.id} className="field check-field">
                <label className="check-label">
                  <input type="checkbox" name="serviceIds" value={s.id} defaultChecked={chosen.has(s.id)} className="check-input" />
                  {s.name}
                  {s.active ? null : <span className="muted">&nbsp;(inactive service)</span>}
                </label>
              </div>
            ))}
          </fieldset>
          <button type="submit" className="button primary">
            Save services
          </button>
        </Form>
      )}
    </section>
  );
}

function ExceptionsSection({ d, result }: { d: LoaderData; result: ActionData }) {
  const mine = result?.intent === "exception" ? result : null;
  const errors: Record<string, string> = mine?.errors ?? {};
  const v = mine?.values;
  const mode = v?.mode ?? "closed";
  const rows = rowsFor([], mine ? submittedRows(mine.values, "intervals") : null);
  return (
    <section aria-labelledby="exceptions-heading" className="staff-section">
      <h2 id="exceptions-heading">Date exceptions</h2>
      <p className="muted">
        A date with other hours than usual, or closed all day (a holiday). It replaces the weekly hours for that date.
      </p>
      {d.exceptions.length === 0 ? (
        <p>No date exceptions from the last 30 days on.</p>
      ) : (
        <ul className="service-list">
          {d.exceptions.map((e) => (
            <li key={e.id} className="service-card">
              <div>
                <p className="summary-title">{e.dateLabel}</p>
                <p>{e.hours}</p>
                {e.note ? <p className="muted small">{e.note}</p> : null}
              </div>
              {d.canEdit ? (
                <Form method="post" action={`/staff/practitioners/${d.practitioner.id}`}>
                  <input type="hidden" name="intent" value="delete-exception" />
                  <input type="hidden" name="exceptionId" value={e.id} />
                  <button type="submit" className="button small secondary">
                    Remove<span className="visually-hidden"> the exception on {e.dateLabel}</span>
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {d.canEdit ? (
        <>
          <h3 id="add-exception-heading">Add or change a date</h3>
          <ErrorSummary errors={errors} />
          <Form
            method="post"
            action={`/staff/practitioners/${d.practitioner.id}`}
            noValidate
            className="stack narrow-block"
            aria-labelledby="add-exception-heading"
          >
            <input type="hidden" name="intent" value="exception" />
            <TextField
              name="date"
              label="Date"
              type="date"
              value={v?.date}
              error={errors.date}
              hint="An existing entry for the same date is replaced."
              required
            />
            <fieldset>
              <legend>On this date</legend>
              <div className="field">
                <label className="check-label">
                  <input type="radio" name="mode" value="closed" defaultChecked={mode === "closed"} className="check-input" />
                  Closed all day
                </label>
                <label className="check-label">
                  <input type="radio" name="mode" value="hours" defaultChecked={mode === "hours"} className="check-input" />
                  Working these hours (HH:MM; ignored when closed):
                </label>
              </div>
              {rows.map((r, i) => (
                <IntervalInputs key={i} prefix="intervals" index={i} context="exception" start={r.start} end={r.end} errors={errors} />
              ))}
            </fieldset>
            <TextField name="note" label="Note" value={v?.note} error={errors.note} hint="For staff, like “Statutory holiday”." />
            <button type="submit" className="button primary">
              Save date exception
            </button>
          </Form>
        </>
      ) : null}
    </section>
  );
}

function TimeOffSection({ d, result }: { d: LoaderData; result: ActionData }) {
  const mine = result?.intent === "timeoff" ? result : null;
  const errors: Record<string, string> = mine?.errors ?? {};
  const v = mine?.values;
  return (
    <section aria-labelledby="timeoff-heading" className="staff-section">
      <h2 id="timeoff-heading">Time off</h2>
      <p className="muted">Vacation, appointments, training: no bookings between the start and the end. Times are local to {d.timeZone}.</p>
      {d.timeOff.length === 0 ? (
        <p>No time off from the last 30 days on.</p>
      ) : (
        <ul className="service-list">
          {d.timeOff.map((t) => (
            <li key={t.id} className="service-card">
              <div>
                <p>
                  <strong>{t.from}</strong> to <strong>{t.to}</strong>
                </p>
                {t.reason ? <p className="muted small">{t.reason}</p> : null}
              </div>
              {d.canEdit ? (
                <Form method="post" action={`/staff/practitioners/${d.practitioner.id}`}>
                  <input type="hidden" name="intent" value="delete-timeoff" />
                  <input type="hidden" name="timeOffId" value={t.id} />
                  <button type="submit" className="button small secondary">
                    Remove<span className="visually-hidden"> time off from {t.from}</span>
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {d.canEdit ? (
        <>
          <h3 id="add-timeoff-heading">Add time off</h3>
          <ErrorSummary errors={errors} />
          <Form
            method="post"
            action={`/staff/practitioners/${d.practitioner.id}`}
            noValidate
            className="stack narrow-block"
            aria-labelledby="add-timeoff-heading"
          >
            <input type="hidden" name="intent" value="timeoff" />
            <TextField
              name="start"
              label="From"
              type="datetime-local"
              value={v?.start}
              error={errors.start}
              hint="Date and time, like 2027-07-05 09:00."
              required
            />
            <TextField
              name="end"
              label="Until"
              type="datetime-local"
              value={v?.end}
              error={errors.end}
              hint="When they are back."
              required
            />
            <TextField name="reason" label="Reason" value={v?.reason} error={errors.reason} hint="For staff only." />
            <button type="submit" className="button primary">
              Save time off
            </button>
          </Form>
        </>
      ) : null}
    </section>
  );
}

function ReadOnlyOverview({ d }: { d: LoaderData }) {
  const offered = d.services.filter((s) => d.serviceIds.includes(s.id));
  return (
    <>
      <section aria-labelledby="details-heading">
        <h2 id="details-heading">Details</h2>
        <dl className="summary-card details">
          <div>
            <dt>Name</dt>
            <dd>{d.practitioner.name}</dd>
          </div>
          <div>
            <dt>Title</dt>
            <dd>{d.practitioner.title || "—"}</dd>
          </div>
          <div>
            <dt>Title in French</dt>
            {d.practitioner.titleFr ? <dd lang="fr">{d.practitioner.titleFr}</dd> : <dd>—</dd>}
          </div>
          <div>
            <dt>Status</dt>
            <dd>{d.practitioner.active ? "Active: clients can book them" : "Inactive"}</dd>
          </div>
        </dl>
      </section>
      <section aria-labelledby="hours-heading" className="staff-section">
        <h2 id="hours-heading">Weekly hours</h2>
        <p className="muted small">Local time in {d.timeZone}.</p>
        <dl className="summary-card details">
          {d.hours.map((day) => (
            <div key={day.day}>
              <dt>{day.name}</dt>
              <dd>{day.intervals.length ? day.intervals.map((i) => `${i.start}–${i.end}`).join(", ") : "Day off"}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section aria-labelledby="services-heading" className="staff-section">
        <h2 id="services-heading">Services offered</h2>
        {offered.length ? (
          <ul>
            {offered.map((s) => (
              <li key={s.id}>{s.name}</li>
            ))}
          </ul>
        ) : (
          <p>None yet.</p>
        )}
      </section>
    </>
  );
}

export default function PractitionerPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const location = useLocation();
  return (
    <div className="page">
      <p className="small">
        <Link to="/staff/practitioners">← All practitioners</Link>
      </p>
      <h1>
        {d.practitioner.name}
        {d.practitioner.active ? null : <span className="muted"> (inactive)</span>}
      </h1>
      {d.saved && !result ? (
        <div className="success" role="status">
          <p>{d.saved}</p>
        </div>
      ) : null}
      {d.overlap > 0 && !result ? (
        <div className="alert" role="status">
          <p>
            {d.overlap === 1 ? "1 booked appointment falls" : `${d.overlap} booked appointments fall`} inside this time off. Time off does
            not cancel them: move or cancel them from the <Link to="/staff">calendar</Link>.
          </p>
        </div>
      ) : null}
      {d.canEdit ? null : <p className="notice">Your role can see this practitioner's setup but not change it; ask an owner or manager.</p>}
      <nav aria-label="On this page" className="small">
        <ul className="nav-list">
          <li>
            <a href="#details-heading">Details</a>
          </li>
          <li>
            <a href="#hours-heading">Weekly hours</a>
          </li>
          <li>
            <a href="#services-heading">Services</a>
          </li>
          <li>
            <a href="#exceptions-heading">Date exceptions</a>
          </li>
          <li>
            <a href="#timeoff-heading">Time off</a>
          </li>
        </ul>
      </nav>
      {/* A new location (after a save) remounts the forms with the saved values. */}
      <div key={location.key}>
        {d.canEdit ? (
          <>
            <DetailsForm d={d} result={result} />
            <HoursForm d={d} result={result} />
            <ServicesForm d={d} result={result} />
          </>
        ) : (
          <ReadOnlyOverview d={d} />
        )}
        <ExceptionsSection d={d} result={result} />
        <TimeOffSection d={d} result={result} />
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <StaffError backTo="/staff/practitioners" backLabel="Back to practitioners" />;
}
