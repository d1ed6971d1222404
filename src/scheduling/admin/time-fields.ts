// Times typed into the working-hours and time-off forms: wall-clock times
// ("9:00", "0900"), rows of intervals for a day, and local date-times in the
// clinic's zone. Every problem becomes a message keyed by the form field.
import { Temporal } from "temporal-polyfill";
import type { LocalInterval, Weekday } from "../slots.ts";
import { isValidPlainDate } from "../time.ts";

const TIME = /^(\d{1,2}):?(\d{2})$/;

/** "9:00", "0900" → "09:00"; null when it is not a wall-clock time. "24:00" only as an end. */
export function normalizeWallTime(value: string, allowMidnightEnd = false): string | null {
  const m = TIME.exec(value.trim());
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (min > 59) return null;
  if (h > 23 && !(allowMidnightEnd && h === 24 && min === 0)) return null;
  return `${String(h).padStart(2, "0")}:${m[2]}`;
}

export interface IntervalRow {
  start?: string;
  end?: string;
}

const MAX_INTERVALS_PER_DAY = 12;

/**
 * Validates rows of "HH:MM" intervals. Blank rows are ignored. Errors go to
 * `${prefix}.${row}.start|end`; the result is sorted by start.
 */
export function checkIntervals(rows: readonly IntervalRow[], prefix: string, errors: Record<string, string>): LocalInterval[] {
  const filled: { index: number; start: string; end: string }[] = [];
  rows.forEach((row, index) => {
    const rawStart = String(row.start ?? "").trim();
    const rawEnd = String(row.end ?? "").trim();
    if (rawStart === "" && rawEnd === "") return;
    const key = `${prefix}.${index}`;
    const start = rawStart === "" ? null : normalizeWallTime(rawStart);
    const end = rawEnd === "" ? null : normalizeWallTime(rawEnd, true);
    let ok = true;
    if (rawStart === "") {
      errors[`${key}.start`] ??= "Enter a start time, or clear the end time too.";
      ok = false;
    } else if (start === null) {
      errors[`${key}.start`] ??= `“${rawStart}” is not a time. Use 24-hour HH:MM, like 09:00.`;
      ok = false;
    }
    if (rawEnd === "") {
      errors[`${key}.end`] ??= "Enter an end time, or clear the start time too.";
      ok = false;
    } else if (end === null) {
      errors[`${key}.end`] ??= `“${rawEnd}” is not a time. Use 24-hour HH:MM, like 17:00 (24:00 for midnight).`;
      ok = false;
    }
    if (!ok || start === null || end === null) return;
    if (end <= start) {
      errors[`${key}.end`] ??= `The end must be after the start (${start}).`;
      return;
    }
    filled.push({ index, start, end });
  });
  if (filled.length > MAX_INTERVALS_PER_DAY) {
    errors[prefix] ??= `At most ${MAX_INTERVALS_PER_DAY} intervals a day.`;
  }
  filled.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  for (let i = 1; i < filled.length; i++) {
    const prev = filled[i - 1]!;
    const cur = filled[i]!;
    // Half-open intervals: 09:00–12:00 and 12:00–17:00 touch but do not overlap.
    if (cur.start < prev.end) {
      errors[`${prefix}.${cur.index}.start`] ??=
        `${cur.start}–${cur.end} overlaps ${prev.start}–${prev.end}. Intervals on one day must not overlap.`;
    }
  }
  return filled.map(({ start, end }) => ({ start, end }));
}

/**
 * Reads rows named `${prefix}.<row>.start` / `.end` from a submitted form.
 * Framework-free: FormData is the web platform's.
 */
export function intervalRowsFromForm(form: FormData, prefix: string): IntervalRow[] {
  const rows: IntervalRow[] = [];
  const pattern = new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\.(\\d{1,2})\\.(start|end)$`);
  for (const [name, value] of form.entries()) {
    const m = pattern.exec(name);
    if (!m || typeof value !== "string") continue;
    const index = Number(m[1]);
    rows[index] ??= {};
    rows[index]![m[2] as "start" | "end"] = value;
  }
  // Holes (a row index never submitted) read as blank rows.
  return Array.from(rows, (r) => r ?? {});
}

export const WEEKDAYS: readonly { day: Weekday; name: string }[] = [
  { day: 1, name: "Monday" },
  { day: 2, name: "Tuesday" },
  { day: 3, name: "Wednesday" },
  { day: 4, name: "Thursday" },
  { day: 5, name: "Friday" },
  { day: 6, name: "Saturday" },
  { day: 7, name: "Sunday" },
];

/** `YYYY-MM-DDTHH:MM` (as a datetime-local field sends it) in `timeZone` → epoch ms, or a field error. */
export function localDateTimeField(value: unknown, timeZone: string, field: string, errors: Record<string, string>): number | null {
  const raw = typeof value === "string" ? value.trim() : "";
  if (raw === "") {
    errors[field] ??= "Enter a date and time, like 2027-03-14 09:30.";
    return null;
  }
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{1,2}:\d{2})(?::00(?:\.0+)?)?$/.exec(raw);
  const time = m ? normalizeWallTime(m[2]!) : null;
  if (!m || !time) {
    errors[field] ??= `“${raw}” is not a date and time. Use YYYY-MM-DD HH:MM, like 2027-03-14 09:30.`;
    return null;
  }
  const date = m[1]!;
  if (!isValidPlainDate(date)) {
    errors[field] ??= `${date} is not a date on the calendar.`;
    return null;
  }
  const wall = Temporal.PlainDateTime.from(`${date}T${time}`);
  const earlier = wall.toZonedDateTime(timeZone, { disambiguation: "earlier" });
  if (earlier.toPlainDateTime().equals(wall)) return earlier.epochMilliseconds;
  // A wall time skipped by a DST jump is refused, never moved to another hour.
  const jump = earlier.getTimeZoneTransition("next");
  if (jump) {
    const gapNs = jump.offsetNanoseconds - earlier.offsetNanoseconds;
    const to = jump.toPlainTime();
    const from = to.subtract({ nanoseconds: gapNs });
    const hhmm = (t: Temporal.PlainTime) => t.toString({ smallestUnit: "minute" });
    errors[field] ??=
      `${time} does not exist on ${date} in ${timeZone}: the clocks jump from ${hhmm(from)} to ${hhmm(to)} that night. Choose a time outside the skipped hour.`;
  } else {
    errors[field] ??= `${time} does not exist on ${date} in ${timeZone}. Choose another time.`;
  }
  return null;
}
