// The clock, the calendars and the request the slot engine's tests build on:
// a clinic in Toronto (so daylight saving time is exercised), practitioners
// working 9 to 5 on weekdays, and a request every test adjusts.
import type { Busy, PractitionerCalendar, Slot, SlotRequest, WeeklyHours } from "./slots.ts";
import { localDateTimeToEpoch, toOffsetIso } from "./time.ts";

export const TZ = "America/Toronto";
export const MIN = 60_000;
export const MONDAY = "2027-03-15";
export const SPRING_FORWARD = "2027-03-14";
export const FALL_BACK = "2027-11-07";

export function at(date: string, time: string): number {
  const ms = localDateTimeToEpoch(date, time, TZ);
  if (ms === null) throw new Error(`${date} ${time} does not exist in ${TZ}`);
  return ms;
}
export const busy = (date: string, start: string, end: string): Busy => ({ start: at(date, start), end: at(date, end) });
export const iso = (ms: number): string => toOffsetIso(ms, TZ);
export const wall = (ms: number): string => iso(ms).slice(11, 16);
export const dayOf = (ms: number): string => iso(ms).slice(0, 10);
export const walls = (slots: Slot[]): string[] => slots.map((s) => wall(s.start));

/** "HH:MM" from `first` to `last` inclusive, every `step` minutes. */
export function grid(first: string, last: string, step = 15): string[] {
  const toMin = (t: string): number => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));
  const out: string[] = [];
  for (let m = toMin(first); m <= toMin(last); m += step) {
    out.push(`${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`);
  }
  return out;
}

export const NINE_TO_FIVE = [{ start: "09:00", end: "17:00" }];
export const WEEKDAYS: WeeklyHours = { 1: NINE_TO_FIVE, 2: NINE_TO_FIVE, 3: NINE_TO_FIVE, 4: NINE_TO_FIVE, 5: NINE_TO_FIVE };

export function practitioner(id: string, overrides: Partial<PractitionerCalendar> = {}): PractitionerCalendar {
  return { id, weeklyHours: WEEKDAYS, exceptions: [], timeOff: [], busy: [], ...overrides };
}

export function request(overrides: Partial<SlotRequest> = {}): SlotRequest {
  return {
    timeZone: TZ,
    durationMinutes: 60,
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    minimumNoticeMinutes: 0,
    horizonDays: 365,
    stepMinutes: 15,
    from: MONDAY,
    to: MONDAY,
    now: at("2027-03-01", "08:00"),
    practitioners: [practitioner("ana")],
    rooms: null,
    ...overrides,
  };
}
