import { data, Form, Link, useLoaderData } from "react-router";
import type { Route } from "./+types/calendar";
import css from "./calendar.css?url";
import placesCss from "./calendar-places.css?url";
import { listAppointments, listWorkingHours } from "../../../src/scheduling/calendar.ts";
import { listPractitioners, loadClinic } from "../../../src/scheduling/clinic.ts";
import { addDays, todayIn } from "../../../src/scheduling/time.ts";
import { DATE_RANGE_MESSAGE, isPlausiblePlainDate } from "../../../src/kernel/dates.ts";
import { clientsLockedAgainst } from "../../../src/privacy/access.ts";
import { Agenda } from "../../components/calendar/Agenda.tsx";
import { HourGrid } from "../../components/calendar/HourGrid.tsx";
import { WeekHours } from "../../components/calendar/WeekHours.tsx";
import { OptionList } from "../../components/ContactFields.tsx";
import { StaffError } from "../../components/StaffError.tsx";
import { calendarGrid, calendarRange, shortDate, shownPractitioners, type CalendarView } from "../../lib/calendar-grid.ts";
import { formatDateLong } from "../../lib/format.ts";
import { can } from "../../../src/kernel/access.ts";
import { staffRequest } from "../../lib/staff-route.server.ts";

export const links: Route.LinksFunction = () => [
  { rel: "stylesheet", href: css },
  { rel: "stylesheet", href: placesCss },
];

export const meta: Route.MetaFunction = () => [{ title: "Calendar — Dermaplan staff" }, { name: "robots", content: "noindex" }];

function calendarHref(view: CalendarView, date: string, practitioner: string): string {
  const q = new URLSearchParams();
  if (view === "week") q.set("view", "week");
  q.set("date", date);
  if (practitioner) q.set("practitioner", practitioner);
  return `/staff?${q.toString()}`;
}

export async function loader({ context, request }: Route.LoaderArgs) {
  const { services, staff } = staffRequest(context);
  const clinic = await loadClinic(services.db, services.organizationId);
  const tz = clinic.location.timeZone;
  const today = todayIn(tz, services.now());
  const url = new URL(request.url);
  const view: CalendarView = url.searchParams.get("view") === "week" ? "week" : "day";
  const asked = url.searchParams.get("date") ?? "";
  // No date (or an empty one): today. A date that is not one, or one the calendar cannot show (year 0, year 9999): refused, saying why.
  if (asked !== "" && !isPlausiblePlainDate(asked)) {
    throw data(`There is no calendar for that date. ${DATE_RANGE_MESSAGE}`, { status: 400 });
  }
  const date = asked || today;

  const everyone = await listPractitioners(services.db, clinic.organizationId, { includeInactive: true });
  const askedPractitioner = url.searchParams.get("practitioner") ?? "";
  const practitionerFilter = everyone.some((p) => p.id === askedPractitioner) ? askedPractitioner : "";

  const { from, to, dates, rangeStartMs: rangeStart, rangeEndMs: rangeEnd } = calendarRange(view, date, tz);

  const listed = await listAppointments(services.db, {
    organizationId: clinic.organizationId,
    from: rangeStart,
    to: rangeEnd,
    practitionerIds: practitionerFilter ? [practitionerFilter] : undefined,
  });
  // A client's lock on their record hides even that an appointment belongs to a treatment plan.
  const locked = await clientsLockedAgainst(
    services.db,
    staff,
    listed.map((a) => a.clientId ?? ""),
  );
  const appointments = listed.map((a) => (a.clientId && locked.has(a.clientId) ? { ...a, planSession: null } : a));

  const shown = shownPractitioners(everyone, practitionerFilter, appointments);
  const hours = await listWorkingHours(services.db, {
    organizationId: clinic.organizationId,
    practitionerIds: shown.map((p) => p.id),
    from,
    to,
    rangeStartMs: rangeStart,
    rangeEndMs: rangeEnd,
    timeZone: tz,
  });
  const { columns, rows, agenda, weekHours } = calendarGrid({
    view,
    date,
    today,
    timeZone: tz,
    practitioners: shown,
    appointments,
    hours,
  });

  const step = view === "week" ? 7 : 1;
  return {
    view,
    date,
    today,
    isToday: view === "week" ? today >= from && today <= to : date === today,
    timeZone: tz,
    heading: view === "week" ? `Week of ${formatDateLong(from)}` : formatDateLong(date),
    rangeText: view === "week" ? `${formatDateLong(from)} to ${formatDateLong(to)}` : "",
    prev: calendarHref(view, addDays(view === "week" ? from : date, -step), practitionerFilter),
    next: calendarHref(view, addDays(view === "week" ? from : date, step), practitionerFilter),
    todayHref: calendarHref(view, today, practitionerFilter),
    dayHref: calendarHref(
      "day",
      view === "week" && !(today >= from && today <= to) ? from : view === "week" ? today : date,
      practitionerFilter,
    ),
    weekHref: calendarHref("week", date, practitionerFilter),
    dayLinks: view === "week" ? dates.map((d) => ({ date: d, label: shortDate(d), href: calendarHref("day", d, practitionerFilter) })) : [],
    // Only for the roles that book; practitioners see their schedule.
    newHref: can(staff.role, "schedule.edit") ? `/staff/appointments/new?date=${date < today ? today : date}` : null,
    practitioners: everyone.filter((p) => p.active || p.id === practitionerFilter).map((p) => ({ id: p.id, name: p.name })),
    practitionerFilter,
    columns,
    rows,
    agenda,
    weekHours,
    dates,
    counts: {
      booked: appointments.filter((a) => a.status !== "cancelled").length,
      cancelled: appointments.filter((a) => a.status === "cancelled").length,
    },
  };
}

export default function Calendar() {
  const d = useLoaderData<typeof loader>();
  const week = d.view === "week";
  const unit = week ? "week" : "day";
  const noColumns = d.columns.length === 0;

  return (
    <div className="calendar">
      <div className="cal-top">
        <h1>Calendar</h1>
        {d.newHref ? (
          <Link to={d.newHref} className="button primary">
            New appointment
          </Link>
        ) : null}
      </div>

      <div className="cal-toolbar">
        <nav aria-label={`Change ${unit}`} className="cal-nav">
          <Link to={d.prev} className="button secondary small">
            <span aria-hidden="true">←</span>
            <span>
              Previous<span className="cal-unit"> {unit}</span>
            </span>
          </Link>
          <Link to={d.todayHref} className="button secondary small" aria-current={d.isToday ? "date" : undefined}>
            Today
          </Link>
          <Link to={d.next} className="button secondary small">
            <span>
              Next<span className="cal-unit"> {unit}</span>
            </span>
            <span aria-hidden="true">→</span>
          </Link>
        </nav>
        <nav aria-label="Calendar view" className="cal-views">
          <Link to={d.dayHref} className={`button small${week ? " secondary" : " primary"}`} aria-current={week ? undefined : "page"}>
            Day
          </Link>
          <Link to={d.weekHref} className={`button small${week ? " primary" : " secondary"}`} aria-current={week ? "page" : undefined}>
            Week
          </Link>
        </nav>
      </div>

      <Form method="get" action="/staff" className="filter cal-filter">
        {week ? <input type="hidden" name="view" value="week" /> : null}
        <div className="cal-filter-field">
          <label htmlFor="cal-date">Go to date</label>
          <input id="cal-date" type="date" name="date" defaultValue={d.date} key={d.date} />
        </div>
        <div className="cal-filter-field">
          <label htmlFor="cal-practitioner">Practitioner</label>
          <select id="cal-practitioner" name="practitioner" defaultValue={d.practitionerFilter} key={d.practitionerFilter}>
            <option value="">Everyone</option>
            <OptionList options={d.practitioners.map((p) => ({ value: p.id, label: p.name }))} />
          </select>
        </div>
        <button type="submit" className="button">
          Show
        </button>
      </Form>

      <h2 className="cal-heading">
        {d.heading}
        {d.isToday && !week ? <span className="cal-today-tag"> (today)</span> : null}
      </h2>
      <p className="muted cal-summary">
        {d.rangeText ? `${d.rangeText}. ` : ""}
        {d.counts.booked === 1 ? "1 appointment" : `${d.counts.booked} appointments`}
        {d.counts.cancelled ? `, ${d.counts.cancelled} cancelled` : ""}. Times are {d.timeZone.replace(/_/g, " ")} time.
      </p>

      {week ? (
        <nav aria-label="Days of this week" className="cal-daylinks">
          <ul>
            {d.dayLinks.map((l) => (
              <li key={l.date}>
                <Link to={l.href} aria-current={l.date === d.today ? "date" : undefined}>
                  {l.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}

      {noColumns ? (
        <p className="notice">No practitioners to show. Add one under Practitioners.</p>
      ) : (
        <>
          <Agenda groups={d.agenda} week={week} />

          <HourGrid
            columns={d.columns}
            rows={d.rows}
            week={week}
            caption={week ? `Appointments by day and hour, ${d.rangeText}` : `Appointments by practitioner and hour, ${d.heading}`}
            showPractitioner={week && d.practitionerFilter === ""}
          />

          {week ? <WeekHours columns={d.columns} weekHours={d.weekHours} dates={d.dates} /> : null}
        </>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <StaffError backTo="/staff" backLabel="Back to today's calendar" />;
}
