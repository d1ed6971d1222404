// The staff calendar's grid, agenda and week summary, computed from what the
// loader read: the practitioners shown, their appointments, working hours and
// time off. Pure (no database, no clock), so the layout — which day and hour an
// appointment lands in, which hours are shaded, what a DST day looks like — is
// tested on its own (calendar-grid.test.ts). Staff screens are English only.
import { Temporal } from "temporal-polyfill";
import type { CalendarAppointment, TimeOffBlock, WorkingDay } from "../../src/scheduling/calendar.ts";
import type { LocalInterval } from "../../src/scheduling/slots.ts";
import { addDays, localDateOf } from "../../src/scheduling/time.ts";
import { formatDateLong, formatTime, zoned } from "./format.ts";
import { DAY_STATE_TAG } from "./appointment-day.ts";

const LOCALE = "en-CA";

export type CalendarView = "day" | "week";

export interface CalendarItem {
  id: string;
  time: string;
  client: string;
  service: string;
  practitioner: string;
  /** "Checked in", "In session", "Completed", "No-show", "Cancelled", "Cancelled (late)"; empty when booked. */
  badge: string;
  cancelled: boolean;
  /** The client is in the clinic (checked in or in session): drawn so the desk sees it from across the room. */
  here: boolean;
  /** Completed or a no-show: over. */
  over: boolean;
  /** Booked inside its practitioner's time off: to be moved or cancelled. */
  clash: boolean;
}

/** Where an appointment sits in the hour grid: its real start and length, side by side with any it overlaps. */
export interface GridPlace {
  /** Minutes past the row's hour it starts at, in steps of 5. */
  at: number;
  /** Minutes it lasts on the grid, in steps of 5: at least 15 (to stay legible), at most to the grid's end. */
  length: number;
  /** Its lane among the appointments it overlaps in its column (0-based), and how many lanes they need. */
  lane: number;
  lanes: number;
}

/** The part of one time off that falls in one hour cell: the block is drawn a piece an hour, its words in its first piece. */
export interface TimeOffPiece {
  key: string;
  /** "Time off, 12:00 p.m.–1:30 p.m." (the practitioner's name first in week view), on the block's first piece; empty below it. */
  label: string;
  place: GridPlace;
}

export interface CalendarCell {
  /** Someone shown in the cell works some of this hour, time off taken out. */
  working: boolean;
  items: (CalendarItem & { place: GridPlace })[];
  timeOff: TimeOffPiece[];
}

export interface CalendarColumn {
  key: string;
  label: string;
  detail: string;
  today: boolean;
}

export interface CalendarRow {
  hour: number;
  label: string;
  cells: CalendarCell[];
}

export interface AgendaGroup {
  key: string;
  heading: string;
  hours: string;
  notes: string[];
  items: CalendarItem[];
  cancelled: CalendarItem[];
}

export interface WeekHoursRow {
  id: string;
  name: string;
  /** The practitioner's hours in words, one per date of the week. */
  days: string[];
}

export interface CalendarPractitioner {
  id: string;
  name: string;
  active: boolean;
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

/** "Mon, Mar 2": a week column's heading and its day link. */
export function shortDate(date: string): string {
  return Temporal.PlainDate.from(date).toLocaleString(LOCALE, { weekday: "short", month: "short", day: "numeric" });
}

function minutesOf(time: string): number {
  const [h, m] = time.split(":").map(Number);
  return h! * 60 + m!;
}

function startOfDay(date: string, timeZone: string): number {
  return Temporal.PlainDate.from(date).toZonedDateTime({ timeZone }).epochMilliseconds;
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

/** Where the appointment stands on its day, at a glance; empty while it is simply booked. */
function statusBadge(a: CalendarAppointment): string {
  if (a.status === "cancelled") return a.lateCancellation ? "Cancelled (late)" : "Cancelled";
  return a.dayState === "booked" ? "" : DAY_STATE_TAG[a.dayState];
}

function toItem(a: CalendarAppointment, timeZone: string, clash: boolean): CalendarItem {
  return {
    id: a.id,
    time: timeRange(a.startMs, a.endMs, timeZone),
    client: a.clientName || "(no name)",
    service: a.planSession ? `${a.serviceName} · plan session ${a.planSession}` : a.serviceName,
    practitioner: a.practitionerName,
    badge: statusBadge(a),
    cancelled: a.status === "cancelled",
    here: a.dayState === "arrived" || a.dayState === "in-session",
    over: a.dayState === "completed" || a.dayState === "no-show",
    clash,
  };
}

function timeOffLabel(t: TimeOffBlock, date: string, timeZone: string): string {
  const fromStart = t.startMs <= startOfDay(date, timeZone);
  const toEnd = t.endMs >= startOfDay(addDays(date, 1), timeZone);
  if (fromStart && toEnd) return "Time off all day";
  if (fromStart || toEnd) {
    return `Time off, ${fromStart ? "start of day" : formatTime(t.startMs, timeZone)} to ${toEnd ? "end of day" : formatTime(t.endMs, timeZone)}`;
  }
  return `Time off, ${formatTime(t.startMs, timeZone)}–${formatTime(t.endMs, timeZone)}`;
}

// ---- the range and the columns -----------------------------------------------

export interface CalendarRange {
  /** The first and last local dates shown (Monday to Sunday in week view). */
  from: string;
  to: string;
  dates: string[];
  /** The instants the range starts and ends at: local midnight, whatever the day's length. */
  rangeStartMs: number;
  rangeEndMs: number;
}

/** The dates a view of `date` shows: that day, or its week from Monday. */
export function calendarRange(view: CalendarView, date: string, timeZone: string): CalendarRange {
  const plain = Temporal.PlainDate.from(date);
  const from = view === "week" ? plain.subtract({ days: plain.dayOfWeek - 1 }).toString() : date;
  const to = view === "week" ? addDays(from, 6) : date;
  return {
    from,
    to,
    dates: Array.from({ length: view === "week" ? 7 : 1 }, (_, i) => addDays(from, i)),
    rangeStartMs: startOfDay(from, timeZone),
    rangeEndMs: startOfDay(addDays(to, 1), timeZone),
  };
}

/** Active practitioners always; an inactive one only when they still have appointments here. With a filter, that one only. */
export function shownPractitioners<P extends CalendarPractitioner>(
  everyone: readonly P[],
  practitionerFilter: string,
  appointments: readonly Pick<CalendarAppointment, "practitionerId">[],
): P[] {
  return everyone.filter((p) =>
    practitionerFilter ? p.id === practitionerFilter : p.active || appointments.some((a) => a.practitionerId === p.id),
  );
}

// ---- placing appointments ------------------------------------------------------

/** The longest block the grid draws (longer ones are cut at the grid's end anyway). */
export const MAX_GRID_MINUTES = 240;
const STEP = 5;

/**
 * Places one column's appointments: each at its start (rounded to 5 minutes)
 * for its length, and those that overlap on the grid side by side in lanes
 * (greedy: the first free lane, and every appointment of an overlapping group
 * gets the group's number of lanes).
 */
export function placeColumn(
  spans: readonly { id: string; startMin: number; endMin: number; cancelled?: boolean }[],
  gridEndMin: number,
): Map<string, { startMin: number; length: number; lane: number; lanes: number }> {
  const round = (m: number) => Math.round(m / STEP) * STEP;
  const drawn = spans
    .map((x) => {
      const startMin = round(x.startMin);
      const end = Math.min(Math.max(round(x.endMin), startMin + 15), gridEndMin, startMin + MAX_GRID_MINUTES);
      return { id: x.id, startMin, length: Math.max(end - startMin, 15), end: Math.max(end, startMin + 15), back: x.cancelled ? 1 : 0 };
    })
    // Earliest first; at the same start, what still happens before what was cancelled, then the longest.
    .sort((a, b) => a.startMin - b.startMin || a.back - b.back || b.end - a.end || a.id.localeCompare(b.id));
  const out = new Map<string, { startMin: number; length: number; lane: number; lanes: number }>();
  let group: { id: string; lane: number }[] = [];
  let groupEnd = -1;
  let laneEnds: number[] = [];
  const close = () => {
    const lanes = laneEnds.length;
    for (const g of group) out.set(g.id, { ...out.get(g.id)!, lanes });
    group = [];
    laneEnds = [];
  };
  for (const d of drawn) {
    if (d.startMin >= groupEnd) close();
    let lane = laneEnds.findIndex((end) => end <= d.startMin);
    if (lane === -1) lane = laneEnds.push(d.end) - 1;
    else laneEnds[lane] = d.end;
    group.push({ id: d.id, lane });
    groupEnd = Math.max(groupEnd, d.end);
    out.set(d.id, { startMin: d.startMin, length: d.length, lane, lanes: 1 });
  }
  close();
  return out;
}

// ---- the grid ---------------------------------------------------------------

export interface CalendarGridInput {
  view: CalendarView;
  /** The day shown, or any day of the week shown. */
  date: string;
  /** Today in the clinic's zone, marked in week view. */
  today: string;
  timeZone: string;
  /** The practitioners shown, in order: the day view's columns. */
  practitioners: readonly { id: string; name: string }[];
  appointments: readonly CalendarAppointment[];
  hours: { days: readonly WorkingDay[]; timeOff: readonly TimeOffBlock[] };
}

export interface CalendarGrid {
  columns: CalendarColumn[];
  rows: CalendarRow[];
  agenda: AgendaGroup[];
  /** Week view: each practitioner's hours per day; empty in day view. */
  weekHours: WeekHoursRow[];
}

/**
 * The hour-by-hour grid (a column per practitioner in day view, per date in
 * week view), the agenda that says the same in a list, and the week's hours.
 * An appointment sits in the row of the hour it starts, placed at its real
 * start and drawn for its length (placeColumn); one that started before the
 * range sits in the first day's first row.
 */
export function calendarGrid(input: CalendarGridInput): CalendarGrid {
  const { view, date, today, timeZone: tz, practitioners: shown, appointments, hours } = input;
  const { from, dates, rangeStartMs: rangeStart } = calendarRange(view, date, tz);
  const workingOn = (id: string, d: string): WorkingDay | undefined => hours.days.find((w) => w.practitionerId === id && w.date === d);
  const offOf = (id: string) => hours.timeOff.filter((t) => t.practitionerId === id);
  /** A booking inside its practitioner's time off is flagged until it is moved or cancelled. */
  const item = (a: CalendarAppointment) =>
    toItem(a, tz, a.status === "booked" && offOf(a.practitionerId).some((t) => t.startMs < a.endMs && t.endMs > a.startMs));

  const dayOf = (a: CalendarAppointment) => {
    const d = localDateOf(Math.max(a.startMs, rangeStart), tz);
    return d < from ? from : d;
  };
  const hourOf = (a: CalendarAppointment) => (a.startMs < startOfDay(dayOf(a), tz) ? 0 : zoned(a.startMs, tz).hour);

  // Rows: from the earliest working hour (time off or not) or appointment to the latest, at least 9 to 5.
  let firstHour = 24;
  let lastHour = 0;
  for (const w of hours.days) {
    for (const i of w.scheduled) {
      firstHour = Math.min(firstHour, Math.floor(minutesOf(i.start) / 60));
      lastHour = Math.max(lastHour, Math.ceil(minutesOf(i.end) / 60));
    }
  }
  for (const a of appointments) {
    firstHour = Math.min(firstHour, hourOf(a));
    // The last instant it covers, so one ending at midnight sits in the day's last hour, not in hour 0.
    const last = zoned(a.endMs - 1, tz);
    const endDay = localDateOf(a.endMs - 1, tz);
    lastHour = Math.max(lastHour, endDay > dayOf(a) ? 24 : Math.ceil((last.hour * 60 + last.minute + 1) / 60));
  }
  if (firstHour > lastHour) {
    firstHour = 9;
    lastHour = 17;
  }
  firstHour = Math.min(firstHour, 9);
  lastHour = Math.max(lastHour, 17, firstHour + 1);
  const rowHours = Array.from({ length: lastHour - firstHour }, (_, i) => firstHour + i);

  /** Minutes from the start of local date `d` to an instant, on that day's wall clock: 0 before the day, 24 hours from its end on. */
  const minutesInto = (d: string, ms: number) => {
    if (ms <= startOfDay(d, tz)) return 0;
    if (ms >= startOfDay(addDays(d, 1), tz)) return 24 * 60;
    const z = zoned(ms, tz);
    return z.hour * 60 + z.minute;
  };
  /** Places the appointments of one column, and words them for the grid. */
  const placedIn = (column: readonly CalendarAppointment[]) => {
    const places = placeColumn(
      column.map((a) => ({
        id: a.id,
        startMin: a.startMs < startOfDay(dayOf(a), tz) ? firstHour * 60 : minutesInto(dayOf(a), a.startMs),
        endMin: minutesInto(dayOf(a), a.endMs),
        cancelled: a.status === "cancelled",
      })),
      lastHour * 60,
    );
    return (hour: number) =>
      column
        .filter((a) => hourOf(a) === hour)
        .map((a) => {
          const p = places.get(a.id)!;
          // A start rounded up to the next hour (9:58 → 10:00) stays in its own row, at its last step.
          return {
            ...item(a),
            place: { at: Math.min(55, Math.max(0, p.startMin - hour * 60)), length: p.length, lane: p.lane, lanes: p.lanes },
          };
        });
  };
  /**
   * The time off of these practitioners on date `d`, cut into a piece per hour
   * row (at its real start and end, to 5 minutes), each practitioner in a lane
   * of their own, always the same (so a week column shows who is off and that
   * the others still work); the first piece of a block carries its words.
   */
  const timeOffIn = (people: readonly { id: string; name: string }[], d: string, named: boolean) => {
    const dayStart = startOfDay(d, tz);
    const dayEnd = startOfDay(addDays(d, 1), tz);
    const off = people.flatMap((p) =>
      offOf(p.id)
        .filter((t) => t.startMs < dayEnd && t.endMs > dayStart)
        .map((t) => ({ t, p })),
    );
    const byHour = new Map<number, TimeOffPiece[]>();
    for (const { t, p } of off) {
      const start = Math.max(minutesInto(d, t.startMs), firstHour * 60);
      const end = Math.min(minutesInto(d, t.endMs), lastHour * 60);
      let label = `${named ? `${p.name}: ` : ""}${timeOffLabel(t, d, tz)}`;
      for (const hour of rowHours) {
        const s = Math.max(start, hour * 60) - hour * 60;
        const e = Math.min(end, (hour + 1) * 60) - hour * 60;
        if (e <= s) continue;
        const at = Math.floor(s / STEP) * STEP;
        const length = Math.max(STEP, Math.min(60, Math.ceil(e / STEP) * STEP) - at);
        const pieces = byHour.get(hour) ?? [];
        pieces.push({ key: `${t.id}-${hour}`, label, place: { at, length, lane: people.indexOf(p), lanes: people.length } });
        byHour.set(hour, pieces);
        label = "";
      }
    }
    return (hour: number) => byHour.get(hour) ?? [];
  };

  const worksDuring = (w: WorkingDay | undefined, hour: number) =>
    !!w && w.intervals.some((i) => minutesOf(i.start) < (hour + 1) * 60 && minutesOf(i.end) > hour * 60);
  const isWorking = (id: string, d: string) => (workingOn(id, d)?.intervals.length ?? 0) > 0;
  const hoursText = (id: string, d: string) => {
    const w = workingOn(id, d);
    if (!w || w.scheduled.length === 0) return w?.exception ? "Not working (changed hours)" : "Not working";
    if (w.intervals.length === 0) return "Not working (time off)";
    const partly = intervalsLabel(w.intervals) !== intervalsLabel(w.scheduled);
    const why = [w.exception ? "changed hours" : "", partly ? "partly off" : ""].filter(Boolean).join(", ");
    return `${intervalsLabel(w.intervals)}${why ? ` (${why})` : ""}`;
  };
  const offNotes = (id: string, d: string) =>
    offOf(id)
      .filter((t) => t.startMs < startOfDay(addDays(d, 1), tz) && t.endMs > startOfDay(d, tz))
      .map((t) => timeOffLabel(t, d, tz));

  if (view === "day") {
    const columnItems = shown.map((p) => placedIn(appointments.filter((a) => a.practitionerId === p.id)));
    const columnOff = shown.map((p) => timeOffIn([p], date, false));
    return {
      columns: shown.map((p) => ({
        key: p.id,
        label: p.name,
        detail: hoursText(p.id, date) + (offNotes(p.id, date).length ? `; ${offNotes(p.id, date).join("; ")}` : ""),
        today: false,
      })),
      rows: rowHours.map((hour) => ({
        hour,
        label: hourLabel(hour),
        cells: shown.map((p, i) => ({
          working: worksDuring(workingOn(p.id, date), hour),
          items: columnItems[i]!(hour),
          timeOff: columnOff[i]!(hour),
        })),
      })),
      agenda: shown.map((p) => {
        const mine = appointments.filter((a) => a.practitionerId === p.id);
        return {
          key: p.id,
          heading: p.name,
          hours: hoursText(p.id, date),
          notes: offNotes(p.id, date),
          items: mine.filter((a) => a.status !== "cancelled").map(item),
          cancelled: mine.filter((a) => a.status === "cancelled").map(item),
        };
      }),
      weekHours: [],
    };
  }

  const dayItems = dates.map((d) => placedIn(appointments.filter((a) => dayOf(a) === d)));
  const dayOff = dates.map((d) => timeOffIn(shown, d, shown.length > 1));
  return {
    columns: dates.map((d) => {
      const working = shown.filter((p) => isWorking(p.id, d)).length;
      return {
        key: d,
        label: shortDate(d),
        detail: working === 0 ? "Nobody working" : shown.length === 1 ? hoursText(shown[0]!.id, d) : `${working} working`,
        today: d === today,
      };
    }),
    rows: rowHours.map((hour) => ({
      hour,
      label: hourLabel(hour),
      cells: dates.map((d, i) => ({
        working: shown.some((p) => worksDuring(workingOn(p.id, d), hour)),
        items: dayItems[i]!(hour),
        timeOff: dayOff[i]!(hour),
      })),
    })),
    agenda: dates.map((d) => {
      const mine = appointments.filter((a) => dayOf(a) === d);
      const working = shown.filter((p) => isWorking(p.id, d)).map((p) => `${p.name} ${hoursText(p.id, d)}`);
      return {
        key: d,
        heading: `${formatDateLong(d)}${d === today ? " (today)" : ""}`,
        hours: working.length ? working.join("; ") : "Nobody working",
        notes: shown.flatMap((p) => offNotes(p.id, d).map((n) => `${p.name}: ${n}`)),
        items: mine.filter((a) => a.status !== "cancelled").map(item),
        cancelled: mine.filter((a) => a.status === "cancelled").map(item),
      };
    }),
    weekHours: shown.map((p) => ({ id: p.id, name: p.name, days: dates.map((d) => hoursText(p.id, d)) })),
  };
}
