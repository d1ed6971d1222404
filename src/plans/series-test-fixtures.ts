// In-memory calendars and readers for the series planner's tests
// (series.test.ts, series-reflow.test.ts): a clinic in Toronto open weekdays
// nine to five, a request bound to the real slot engine, and plans as lines.
import { computeSlots, type Busy, type PractitionerCalendar, type RoomCalendar, type Slot, type WeeklyHours } from "../scheduling/slots.ts";
import { localDateOf, localDateTimeToEpoch, toOffsetIso } from "../scheduling/time.ts";
import type { PlannedSession, SeriesPlan, SeriesRequest } from "./series.ts";

export const TZ = "America/Toronto";
export const MIN = 60_000;
export const DAY = 24 * 60 * MIN;

export function at(date: string, time: string): number {
  const ms = localDateTimeToEpoch(date, time, TZ);
  if (ms === null) throw new Error(`${date} ${time} does not exist in ${TZ}`);
  return ms;
}
export const busy = (date: string, start: string, end: string): Busy => ({ start: at(date, start), end: at(date, end) });
export const iso = (ms: number): string => toOffsetIso(ms, TZ).slice(0, 16) + toOffsetIso(ms, TZ).slice(19);
export const slotAt = (date: string, time: string, practitionerId = "alex", roomId: string | null = null): Slot => ({
  start: at(date, time),
  end: at(date, time) + 60 * MIN,
  practitionerId,
  roomId,
});

export const NINE_TO_FIVE = [{ start: "09:00", end: "17:00" }];
export const WEEKDAYS: WeeklyHours = { 1: NINE_TO_FIVE, 2: NINE_TO_FIVE, 3: NINE_TO_FIVE, 4: NINE_TO_FIVE, 5: NINE_TO_FIVE };
export const NOW = at("2027-01-04", "08:00");

export function practitioner(id: string, overrides: Partial<PractitionerCalendar> = {}): PractitionerCalendar {
  return { id, weeklyHours: WEEKDAYS, exceptions: [], timeOff: [], busy: [], ...overrides };
}

export interface Setup {
  calendars?: PractitionerCalendar[];
  rooms?: RoomCalendar[] | null;
  /** The slot engine's minimum notice (none unless a test needs it). */
  minimumNoticeMinutes?: number;
}

/** A request whose `slots` is the real engine over in-memory calendars, as the database layer binds it. */
export function request(overrides: Partial<SeriesRequest> & Setup = {}): SeriesRequest {
  const { calendars = [practitioner("alex")], rooms = null, minimumNoticeMinutes = 0, ...rest } = overrides;
  const now = rest.now ?? NOW;
  const horizonDays = rest.horizonDays ?? 365;
  return {
    timeZone: TZ,
    sessions: 4,
    intervalMinDays: 28,
    intervalMaxDays: 42,
    earliestDate: "2027-01-11",
    practitionerId: null,
    practitionerNames: { alex: "Alex", sam: "Sam" },
    now,
    horizonDays,
    slots: (from, to) =>
      computeSlots({
        timeZone: TZ,
        durationMinutes: 60,
        bufferBeforeMinutes: 0,
        bufferAfterMinutes: 0,
        minimumNoticeMinutes,
        horizonDays,
        stepMinutes: 15,
        from,
        to,
        now,
        practitioners: calendars,
        rooms,
      }),
    ...rest,
  };
}

/** "2027-03-15T10:00-04:00 alex proposed", or "unplaced fully-booked". */
export function lines(plan: SeriesPlan): string[] {
  return plan.sessions.map((s) =>
    s.status === "unplaced"
      ? `unplaced ${s.reason}`
      : `${iso(s.slot.start)} ${s.slot.practitionerId} ${s.status}${s.outsideWindow ? " outside" : ""}`,
  );
}
export const session = (plan: SeriesPlan, n: number): PlannedSession => plan.sessions[n - 1]!;
export const placed = (s: PlannedSession): Extract<PlannedSession, { slot: Slot }> => {
  if (s.status === "unplaced") throw new Error(`session ${s.index + 1} is unplaced: ${s.message}`);
  return s;
};
export const daysBetween = (a: Slot, b: Slot): number =>
  Math.round((Date.parse(localDateOf(b.start, TZ)) - Date.parse(localDateOf(a.start, TZ))) / DAY);
