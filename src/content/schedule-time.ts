// A publication time typed in the clinic's local time (America/Toronto), read
// with Temporal. A time that does not exist (the hour skipped when clocks spring
// forward) is refused with the reason, never moved silently; a time that
// happens twice (the hour repeated in the fall) means its first occurrence.
import { Temporal } from "temporal-polyfill";

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^(?:[01]\d|2[0-3]):[0-5]\d$/;

export type ScheduleTimeResult = { ok: true; epochMs: number } | { ok: false; field: "scheduleDate" | "scheduleTime"; message: string };

function spoken(date: Temporal.PlainDate): string {
  return date.toLocaleString("en-CA", { month: "long", day: "numeric", year: "numeric" });
}

function clock(time: Temporal.PlainTime): string {
  return time.toLocaleString("en-CA", { hour: "numeric", minute: "2-digit" });
}

export function parseScheduleTime(date: string, time: string, timeZone: string, now: number): ScheduleTimeResult {
  const d = date.trim();
  const t = time.trim();
  if (!DATE.test(d)) return { ok: false, field: "scheduleDate", message: "Enter the date to publish, for example 2027-03-15." };
  let day: Temporal.PlainDate;
  try {
    day = Temporal.PlainDate.from(d, { overflow: "reject" });
  } catch {
    return { ok: false, field: "scheduleDate", message: `${d} is not a date on the calendar.` };
  }
  if (!TIME.test(t)) return { ok: false, field: "scheduleTime", message: "Enter the time to publish, for example 09:00." };
  const wall = day.toPlainDateTime(Temporal.PlainTime.from(t));
  const zoned = wall.toZonedDateTime(timeZone, { disambiguation: "earlier" });
  if (!zoned.toPlainDateTime().equals(wall)) {
    // In a gap: find the jump that skipped this wall time, to name it.
    const transition = zoned.getTimeZoneTransition("next");
    let jump = "";
    if (transition) {
      const gapNs = transition.offsetNanoseconds - transition.subtract({ nanoseconds: 1 }).offsetNanoseconds;
      const from = transition.toPlainDateTime().subtract({ nanoseconds: gapNs });
      jump = ` from ${clock(from.toPlainTime())} to ${clock(transition.toPlainTime())}`;
    }
    return {
      ok: false,
      field: "scheduleTime",
      message: `${clock(wall.toPlainTime())} does not exist on ${spoken(day)}: clocks jump ahead${jump} that night for daylight saving time. Choose another time.`,
    };
  }
  if (zoned.epochMilliseconds <= now)
    return { ok: false, field: "scheduleTime", message: "That time has already passed. Choose a time in the future, or publish now." };
  return { ok: true, epochMs: zoned.epochMilliseconds };
}
