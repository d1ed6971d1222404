import { Temporal } from "temporal-polyfill";
import { isPlausibleInstant } from "../kernel/dates.ts";

// Strict on purpose: a timestamp without an offset means a different instant in
// every clinic's zone, so the API only accepts values that pin down one instant.
// Bracketed zone annotations are rejected too, so a value never carries two
// possibly conflicting claims about its zone.
const OFFSET_ISO =
  /^\d{4}-(?:0[1-9]|1[0-2])-\d{2}T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;
const PLAIN_DATE = /^\d{4}-\d{2}-\d{2}$/;
const WALL_TIME = /^(?:[01]\d|2[0-3]):[0-5]\d$/;

const QUARTER_HOUR = 15 * 60_000;
/** UTC offset (ms) per zone and quarter hour; null where the offset changes inside the quarter. */
const offsets = new Map<string, number | null>();
const MAX_OFFSETS = 100_000;

function exactOffsetMs(epochMs: number, timeZone: string): number {
  return Temporal.Instant.fromEpochMilliseconds(epochMs).toZonedDateTimeISO(timeZone).offsetNanoseconds / 1e6;
}

/**
 * The zone's UTC offset at an instant, in ms. Every page of free times formats
 * hundreds of instants, so the offset is kept per zone and quarter hour (the
 * offset at both ends of the quarter; a quarter in which it changes is never
 * kept and always computed exactly). The same as Temporal's, only cheaper.
 */
export function offsetMsAt(epochMs: number, timeZone: string): number {
  const quarter = Math.floor(epochMs / QUARTER_HOUR);
  const key = `${timeZone}|${quarter}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    const first = exactOffsetMs(quarter * QUARTER_HOUR, timeZone);
    offset = first === exactOffsetMs((quarter + 1) * QUARTER_HOUR - 1, timeZone) ? first : null;
    if (offsets.size >= MAX_OFFSETS) offsets.clear();
    offsets.set(key, offset);
  }
  return offset ?? exactOffsetMs(epochMs, timeZone);
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** The wall-clock fields of an instant in a zone (a Date read through its UTC getters). */
function wallClock(epochMs: number, timeZone: string): Date {
  return new Date(epochMs + offsetMsAt(epochMs, timeZone));
}

/** `2027-03-15T10:00:00-04:00`: whole seconds, numeric offset, no zone name. */
export function toOffsetIso(epochMs: number, timeZone: string): string {
  const offset = offsetMsAt(epochMs, timeZone);
  const wall = new Date(epochMs + offset);
  const minutes = Math.round(Math.abs(offset) / 60_000);
  return (
    `${pad(wall.getUTCFullYear(), 4)}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}` +
    `T${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}:${pad(wall.getUTCSeconds())}` +
    `${offset < 0 ? "-" : "+"}${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`
  );
}

/** Epoch ms of an ISO timestamp that carries `Z` or a numeric offset; null for anything else. */
export function parseOffsetIso(value: string): number | null {
  if (typeof value !== "string" || !OFFSET_ISO.test(value)) return null;
  try {
    const ms = Temporal.Instant.from(value).epochMilliseconds;
    // Year 0 or 9999 exists on no calendar a clinic books in, and the database refuses some of them.
    return isPlausibleInstant(ms) ? ms : null;
  } catch {
    // The pattern admits impossible calendar dates such as Feb 30.
    return null;
  }
}

/** The calendar date (YYYY-MM-DD) that `epochMs` falls on in `timeZone`. */
export function localDateOf(epochMs: number, timeZone: string): string {
  const wall = wallClock(epochMs, timeZone);
  return `${pad(wall.getUTCFullYear(), 4)}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}`;
}

/** True only for `YYYY-MM-DD` naming a date that exists. */
export function isValidPlainDate(s: string): boolean {
  if (typeof s !== "string" || !PLAIN_DATE.test(s)) return false;
  try {
    Temporal.PlainDate.from(s);
    return true;
  } catch {
    return false;
  }
}

/** Calendar arithmetic on a valid YYYY-MM-DD; DST never affects it. */
export function addDays(date: string, n: number): string {
  return Temporal.PlainDate.from(date).add({ days: n }).toString();
}

/** The clinic's calendar date at `nowMs`, which is what "today" means to a client. */
export function todayIn(timeZone: string, nowMs: number): string {
  return localDateOf(nowMs, timeZone);
}

/**
 * The instant a wall-clock time happens on a local date.
 *
 * Returns null when the time is skipped by a DST jump (or the input is
 * malformed): a booking for "02:30" on a spring-forward day must be refused,
 * not quietly moved to 03:30. A repeated time resolves to its first occurrence.
 */
export function localDateTimeToEpoch(date: string, time: string, timeZone: string): number | null {
  if (!isValidPlainDate(date)) return null;
  if (typeof time !== "string" || !WALL_TIME.test(time)) return null;
  const wall = Temporal.PlainDateTime.from(`${date}T${time}`);
  const zoned = wall.toZonedDateTime(timeZone, { disambiguation: "earlier" });
  // In a gap, every disambiguation lands on some other wall-clock time.
  if (!zoned.toPlainDateTime().equals(wall)) return null;
  return zoned.epochMilliseconds;
}
