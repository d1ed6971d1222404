import { data, Form, Link, useLoaderData } from "react-router";
import { Temporal } from "temporal-polyfill";
import type { Route } from "./+types/calendar";
import css from "./calendar.css?url";
import {
  listAppointments,
  listWorkingHours,
  type CalendarAppointment,
  type TimeOffBlock,
  type WorkingDay,
} from "../../../src/scheduling/calendar.ts";
import { listPractitioners, loadClinic } from "../../../src/scheduling/clinic.ts";
import type { LocalInterval } from "../../../src/scheduling/slots.ts";
import { addDays, localDateOf, todayIn } from "../../../src/scheduling/time.ts";
import { DATE_RANGE_MESSAGE, isPlausiblePlainDate } from "../../../src/kernel/dates.ts";
import { can } from "../../../src/auth/permissions.ts";
import { clientsLockedAgainst } from "../../../src/privacy/health-record.ts";
import { StaffError } from "../../components/StaffError.tsx";
import { getServices, getStaff } from "../../context.ts";
import { formatDateLong, formatTime, zoned } from "../../lib/format.ts";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: css }];

export const meta: Route.MetaFunction = () => [{ title: "Calendar — Dermaplan staff" }, { name: "robots", content: "noindex" }];

const LOCALE = "en-CA";
type View = "day" | "week";

interface Item {
  id: string;
  time: string;
  client: string;
  service: string;
  practitioner: string;
  /** "Cancelled", "Cancelled (late)", "Completed", "No-show"; empty when booked. */
  badge: string;
  cancelled: boolean;
}

interface Cell {
  working: boolean;
  off: boolean;
  items: Item[];
}

interface Column {
  key: string;
  label: string;
  detail: string;
  today: boolean;
}

interface AgendaGroup {
  key: string;
  heading: string;
  hours: string;
  notes: string[];
  items: Item[];
  cancelled: Item[];
}

// ---- formatting -----------------------------------------------------------

function wallLabel(time: string): string {
  if (time === "24:00") return "midnight";
  return Temporal.PlainTime.from(time).toLocaleString(LOCALE, { hour: "numeric", minute: "2-digit" });
}

function hourLabel(hour: number): string {
  return Temporal.PlainTime.from({ hour }).toLocaleString(LOCALE, { hour: "numeric" });
}

function intervalsLabel(intervals: LocalInterval[]): string {
  return intervals.map((i) => `${wallLabel(i.start)}–${wallLabel(i.end)}`).join(", ");
}

function shortDate(date: string): string {
  return Temporal.PlainDate.from(date).toLocaleString(LOCALE, { weekday: "short", month: "short", day: "numeric" });
}

function minutesOf(time: string): number {
  const [h, m] = time.split(":").map(Number);
  return h! * 60 + m!;
}

function startOfDay(date: string, timeZone: string): number {
  return Temporal.PlainDate.from(date).toZonedDateTime({ timeZone }).epochMilliseconds;
}

function hourStart(date: string, hour: number, timeZone: string): number {
  if (hour >= 24) return startOfDay(addDays(date, 1), timeZone);
  return Temporal.PlainDate.from(date).toZonedDateTime({ timeZone, plainTime: { hour } }).epochMilliseconds;
}

/** "9:00–9:30 a.m.", or "11:30 a.m.–12:30 p.m." across noon. */
function timeRange(startMs: number, endMs: number, timeZone: string): string {
  const start = formatTime(startMs, timeZone);
  const end = formatTime(endMs, timeZone);
  const suffix = /\s*[ap]\.m\.$/i;
  const s = start.match(suffix)?.[0];
  const e = end.match(suffix)?.[0];
  return s && e && s.trim() === e.trim() && localDateOf(startMs, timeZone) === localDateOf(endMs, timeZone)
    ? `${start.replace(suffix, "")}–${end}`
    : `${start}–${end}`;
}

function statusBadge(a: CalendarAppointment): string {
  if (a.status === "cancelled") return a.lateCancellation ? "Cancelled (late)" : "Cancelled";
  if (a.status === "completed") return "Completed";
  if (a.status === "no-show") return "No-show";
  return "";
}

function toItem(a: CalendarAppointment, timeZone: string): Item {
  return {
    id: a.id,
    time: timeRange(a.startMs, a.endMs, timeZone),
    client: a.clientName || "(no name)",
    service: a.planSession ? `${a.serviceName} · plan session ${a.planSession}` : a.serviceName,
    practitioner: a.practitionerName,
    badge: statusBadge(a),
    cancelled: a.status === "cancelled",
  };
}

function timeOffLabel(t: TimeOffBlock, date: string, timeZone: string): string {
  const startDate = localDateOf(t.startMs, timeZone);
  const endDate = localDateOf(t.endMs - 1, timeZone);
  if (startDate <= date && endDate >= date && (startDate < date || endDate > date)) {
    const from = startDate < date ? "start of day" : formatTime(t.startMs, timeZone);
    const to = endDate > date ? "end of day" : formatTime(t.endMs, timeZone);
    return `Time off, ${from} to ${to}`;
  }
  return `Time off, ${formatTime(t.startMs, timeZone)}–${formatTime(t.endMs, timeZone)}`;
}

// ---- loader ----------------------------------------------------------------

function calendarHref(view: View, date: string, practitioner: string): string {
  const q = new URLSearchParams();
  if (view === "week") q.set("view", "week");
  q.set("date", date);
  if (practitioner) q.set("practitioner", practitioner);
  return `/staff?${q.toString()}`;
}

export async function loader({ context, request }: Route.LoaderArgs) {
  const services = getServices(context);
  const clinic = await loadClinic(services.db, services.organizationId);
  const tz = clinic.location.timeZone;
  const today = todayIn(tz, services.now());
  const url = new URL(request.url);
  const view: View = url.searchParams.get("view") === "week" ? "week" : "day";
  const asked = url.searchParams.get("date") ?? "";
  // No date (or an empty one): today. A date that is not one, or one the calendar cannot show (year 0, year 9999): refused, saying why.
  if (asked !== "" && !isPlausiblePlainDate(asked)) {
    throw data(`There is no calendar for that date. ${DATE_RANGE_MESSAGE}`, { status: 400 });
  }
  const date = asked || today;

  const everyone = await listPractitioners(services.db, clinic.organizationId, { includeInactive: true });
  const askedPractitioner = url.searchParams.get("practitioner") ?? "";
  const practitionerFilter = everyone.some((p) => p.id === askedPractitioner) ? askedPractitioner : "";

  const plain = Temporal.PlainDate.from(date);
  const from = view === "week" ? plain.subtract({ days: plain.dayOfWeek - 1 }).toString() : date;
  const to = view === "week" ? addDays(from, 6) : date;
  const rangeStart = startOfDay(from, tz);
  const rangeEnd = startOfDay(addDays(to, 1), tz);
  const dates = Array.from({ length: view === "week" ? 7 : 1 }, (_, i) => addDays(from, i));

  const listed = await listAppointments(services.db, {
    organizationId: clinic.organizationId,
    from: rangeStart,
    to: rangeEnd,
    practitionerIds: practitionerFilter ? [practitionerFilter] : undefined,
  });
  // A client's lock on their record hides even that an appointment belongs to a treatment plan.
  const locked = await clientsLockedAgainst(
    services.db,
    getStaff(context),
    listed.map((a) => a.clientId ?? ""),
  );
  const appointments = listed.map((a) => (a.clientId && locked.has(a.clientId) ? { ...a, planSession: null } : a));

  // Active practitioners always; an inactive one only when they still have appointments here.
  const shown = everyone.filter((p) =>
    practitionerFilter ? p.id === practitionerFilter : p.active || appointments.some((a) => a.practitionerId === p.id),
  );
  const hours = await listWorkingHours(services.db, {
    organizationId: clinic.organizationId,
    practitionerIds: shown.map((p) => p.id),
    from,
    to,
    rangeStartMs: rangeStart,
    rangeEndMs: rangeEnd,
  });
  const workingOn = (id: string, d: string): WorkingDay | undefined => hours.days.find((w) => w.practitionerId === id && w.date === d);

  const dayOf = (a: CalendarAppointment) => {
    const d = localDateOf(Math.max(a.startMs, rangeStart), tz);
    return d < from ? from : d;
  };
  const hourOf = (a: CalendarAppointment) => (a.startMs < startOfDay(dayOf(a), tz) ? 0 : zoned(a.startMs, tz).hour);

  // Rows: from the earliest working hour or appointment to the latest, at least 9 to 5.
  let firstHour = 24;
  let lastHour = 0;
  for (const w of hours.days) {
    for (const i of w.intervals) {
      firstHour = Math.min(firstHour, Math.floor(minutesOf(i.start) / 60));
      lastHour = Math.max(lastHour, Math.ceil(minutesOf(i.end) / 60));
    }
  }
  for (const a of appointments) {
    firstHour = Math.min(firstHour, hourOf(a));
    const endDay = localDateOf(a.endMs - 1, tz);
    lastHour = Math.max(lastHour, endDay > dayOf(a) ? 24 : Math.ceil((zoned(a.endMs, tz).hour * 60 + zoned(a.endMs, tz).minute) / 60));
  }
  if (firstHour > lastHour) {
    firstHour = 9;
    lastHour = 17;
  }
  firstHour = Math.min(firstHour, 9);
  lastHour = Math.max(lastHour, 17, firstHour + 1);
  const rowHours = Array.from({ length: lastHour - firstHour }, (_, i) => firstHour + i);

  const worksDuring = (w: WorkingDay | undefined, hour: number) =>
    !!w && w.intervals.some((i) => minutesOf(i.start) < (hour + 1) * 60 && minutesOf(i.end) > hour * 60);
  const offDuring = (id: string, d: string, hour: number) => {
    const s = hourStart(d, hour, tz);
    const e = hourStart(d, hour + 1, tz);
    return hours.timeOff.some((t) => t.practitionerId === id && t.startMs < e && t.endMs > s);
  };
  const hoursText = (id: string, d: string) => {
    const w = workingOn(id, d);
    if (!w || w.intervals.length === 0) return w?.exception ? "Not working (changed hours)" : "Not working";
    return `${intervalsLabel(w.intervals)}${w.exception ? " (changed hours)" : ""}`;
  };
  const offNotes = (id: string, d: string) =>
    hours.timeOff
      .filter((t) => t.practitionerId === id && t.startMs < startOfDay(addDays(d, 1), tz) && t.endMs > startOfDay(d, tz))
      .map((t) => timeOffLabel(t, d, tz));

  let columns: Column[];
  let rows: { hour: number; label: string; cells: Cell[] }[];
  let agenda: AgendaGroup[];

  if (view === "day") {
    columns = shown.map((p) => ({
      key: p.id,
      label: p.name,
      detail: hoursText(p.id, date) + (offNotes(p.id, date).length ? `; ${offNotes(p.id, date).join("; ")}` : ""),
      today: false,
    }));
    rows = rowHours.map((hour) => ({
      hour,
      label: hourLabel(hour),
      cells: shown.map((p) => ({
        working: worksDuring(workingOn(p.id, date), hour),
        off: offDuring(p.id, date, hour),
        items: appointments.filter((a) => a.practitionerId === p.id && hourOf(a) === hour).map((a) => toItem(a, tz)),
      })),
    }));
    agenda = shown.map((p) => {
      const mine = appointments.filter((a) => a.practitionerId === p.id);
      return {
        key: p.id,
        heading: p.name,
        hours: hoursText(p.id, date),
        notes: offNotes(p.id, date),
        items: mine.filter((a) => a.status !== "cancelled").map((a) => toItem(a, tz)),
        cancelled: mine.filter((a) => a.status === "cancelled").map((a) => toItem(a, tz)),
      };
    });
  } else {
    columns = dates.map((d) => {
      const working = shown.filter((p) => (workingOn(p.id, d)?.intervals.length ?? 0) > 0).length;
      return {
        key: d,
        label: shortDate(d),
        detail: working === 0 ? "Nobody working" : shown.length === 1 ? hoursText(shown[0]!.id, d) : `${working} working`,
        today: d === today,
      };
    });
    rows = rowHours.map((hour) => ({
      hour,
      label: hourLabel(hour),
      cells: dates.map((d) => ({
        working: shown.some((p) => worksDuring(workingOn(p.id, d), hour) && !offDuring(p.id, d, hour)),
        off:
          shown.length > 0 &&
          shown.every((p) => !worksDuring(workingOn(p.id, d), hour) || offDuring(p.id, d, hour)) &&
          shown.some((p) => offDuring(p.id, d, hour)),
        items: appointments.filter((a) => dayOf(a) === d && hourOf(a) === hour).map((a) => toItem(a, tz)),
      })),
    }));
    agenda = dates.map((d) => {
      const mine = appointments.filter((a) => dayOf(a) === d);
      const working = shown
        .filter((p) => (workingOn(p.id, d)?.intervals.length ?? 0) > 0)
        .map((p) => `${p.name} ${intervalsLabel(workingOn(p.id, d)!.intervals)}`);
      return {
        key: d,
        heading: `${formatDateLong(d)}${d === today ? " (today)" : ""}`,
        hours: working.length ? working.join("; ") : "Nobody working",
        notes: shown.flatMap((p) => offNotes(p.id, d).map((n) => `${p.name}: ${n}`)),
        items: mine.filter((a) => a.status !== "cancelled").map((a) => toItem(a, tz)),
        cancelled: mine.filter((a) => a.status === "cancelled").map((a) => toItem(a, tz)),
      };
    });
  }

  const weekHours = view === "week" ? shown.map((p) => ({ id: p.id, name: p.name, days: dates.map((d) => hoursText(p.id, d)) })) : [];

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
    newHref: can(getStaff(context).role, "schedule.edit") ? `/staff/appointments/new?date=${date < today ? today : date}` : null,
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

// ---- view ------------------------------------------------------------------

function AppointmentLink({ item, showPractitioner }: { item: Item; showPractitioner: boolean }) {
  const body = (
    <>
      <span className="appt-time">{item.time}</span>
      <span className="appt-client">{item.client}</span>
      <span className="appt-service">{item.service}</span>
      {showPractitioner ? <span className="appt-practitioner">with {item.practitioner}</span> : null}
    </>
  );
  return (
    <Link
      to={`/staff/appointments/${item.id}`}
      className={`appt${item.cancelled ? " appt-cancelled" : ""}${item.badge && !item.cancelled ? " appt-done" : ""}`}
    >
      {item.badge ? <span className="appt-badge">{item.badge}</span> : null}
      {item.cancelled ? <s>{body}</s> : body}
    </Link>
  );
}

function Agenda({ groups, week }: { groups: AgendaGroup[]; week: boolean }) {
  return (
    <div className="cal-agenda">
      {groups.map((g) => {
        const id = `agenda-${g.key}`;
        return (
          <section key={g.key} className="agenda-group" aria-labelledby={id}>
            <h3 id={id}>{g.heading}</h3>
            <p className="agenda-hours">
              <span className="visually-hidden">Working hours: </span>
              {g.hours}
            </p>
            {g.notes.length ? (
              <ul className="agenda-notes">
                {g.notes.map((n) => (
                  <li key={n}>{n}</li>
                ))}
              </ul>
            ) : null}
            {g.items.length ? (
              <ol className="agenda-list">
                {g.items.map((item) => (
                  <li key={item.id}>
                    <AppointmentLink item={item} showPractitioner={week} />
                  </li>
                ))}
              </ol>
            ) : (
              <p className="muted">No appointments.</p>
            )}
            {g.cancelled.length ? (
              <>
                <h4 className="agenda-cancelled-heading">Cancelled</h4>
                <ul className="agenda-list agenda-cancelled">
                  {g.cancelled.map((item) => (
                    <li key={item.id}>
                      <AppointmentLink item={item} showPractitioner={week} />
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </section>
        );
      })}
    </div>
  );
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
            {d.practitioners.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
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

          <div className="cal-grid table-scroll" tabIndex={0} role="region" aria-labelledby="cal-grid-caption">
            <table className={`cal-table${week ? " cal-week" : ""}`}>
              <caption id="cal-grid-caption" className="visually-hidden">
                {week ? `Appointments by day and hour, ${d.rangeText}` : `Appointments by practitioner and hour, ${d.heading}`}. Shaded
                cells are working hours.
              </caption>
              <thead>
                <tr>
                  <th scope="col" className="cal-hour-col">
                    <span className="visually-hidden">Hour</span>
                  </th>
                  {d.columns.map((c) => (
                    <th key={c.key} scope="col" className={c.today ? "cal-col-today" : undefined}>
                      <span className="cal-col-label">
                        {c.label}
                        {c.today ? <span className="cal-today-tag"> (today)</span> : null}
                      </span>
                      <span className="cal-col-detail">{c.detail}</span>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {d.rows.map((r) => (
                  <tr key={r.hour}>
                    <th scope="row" className="cal-hour">
                      {r.label}
                    </th>
                    {r.cells.map((c, i) => (
                      <td key={d.columns[i]!.key} className={`cal-cell${c.working ? " is-working" : ""}${c.off ? " is-off" : ""}`}>
                        {c.items.length ? (
                          <ul className="cal-items">
                            {c.items.map((item) => (
                              <li key={item.id}>
                                <AppointmentLink item={item} showPractitioner={week && d.practitionerFilter === ""} />
                              </li>
                            ))}
                          </ul>
                        ) : null}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="cal-legend muted small" aria-hidden="true">
            <span className="swatch is-working" /> Working hours <span className="swatch is-off" /> Time off <span className="swatch" /> Not
            working
          </p>

          {week ? (
            <section className="cal-week-hours">
              <h2 id="week-hours-heading">Working hours this week</h2>
              <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="week-hours-heading">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Practitioner</th>
                      {d.columns.map((c) => (
                        <th key={c.key} scope="col">
                          {c.label}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {d.weekHours.map((p) => (
                      <tr key={p.id}>
                        <th scope="row">{p.name}</th>
                        {p.days.map((text, i) => (
                          <td key={d.dates[i]}>{text}</td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          ) : null}
        </>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <StaffError backTo="/staff" backLabel="Back to today's calendar" />;
}
