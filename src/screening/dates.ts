import { Temporal } from "temporal-polyfill";
import type { PlainDate } from "./types.ts";

// Screening works on calendar dates only: a waiting period ends on a day in the
// clinic's zone, never at an instant, so no time zone or DST enters here.

/** The shape of a PlainDate; whether the day exists is a separate question. */
export const PLAIN_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** A waiting period: whole calendar months, or whole days. */
export type Period = { readonly months: number } | { readonly days: number };

/** `YYYY-MM-DD` naming a real date, or null. */
export function readPlainDate(value: string): Temporal.PlainDate | null {
  if (!PLAIN_DATE_PATTERN.test(value)) return null;
  try {
    return Temporal.PlainDate.from(value);
  } catch {
    // The pattern admits days the calendar does not have, such as 2027-02-30.
    return null;
  }
}

/** Like readPlainDate, for values that were already validated: a bad one is a programming error. */
export function plainDate(value: PlainDate): Temporal.PlainDate {
  const date = readPlainDate(value);
  if (date === null) throw new RangeError("Expected a calendar date written YYYY-MM-DD");
  return date;
}

/**
 * Months are calendar months clamped to the end of the month
 * (2026-08-31 + 6 months = 2027-02-28), which is Temporal's default overflow.
 */
export function addPeriod(date: Temporal.PlainDate, period: Period): Temporal.PlainDate {
  return "months" in period ? date.add({ months: period.months }) : date.add({ days: period.days });
}

/** "6 months", "1 month", "14 days": how messages name a period. */
export function periodText(period: Period): string {
  if ("months" in period) return `${period.months} ${period.months === 1 ? "month" : "months"}`;
  return `${period.days} ${period.days === 1 ? "day" : "days"}`;
}

/** ISO 8601 duration, for the rules fingerprint and for documentation. */
export function periodIso(period: Period): string {
  return "months" in period ? `P${period.months}M` : `P${period.days}D`;
}

/**
 * Completed years from `birth` to `on`, counted on the calendar. Someone born on
 * 29 February completes a year on 1 March in common years (Temporal's rule: the
 * anniversary has not been reached on 28 February).
 */
export function ageOn(birth: Temporal.PlainDate, on: Temporal.PlainDate): number {
  return birth.until(on, { largestUnit: "years" }).years;
}

export function isAfter(a: Temporal.PlainDate, b: Temporal.PlainDate): boolean {
  return Temporal.PlainDate.compare(a, b) > 0;
}

export function latest(dates: readonly Temporal.PlainDate[]): Temporal.PlainDate | null {
  let best: Temporal.PlainDate | null = null;
  for (const d of dates) if (best === null || isAfter(d, best)) best = d;
  return best;
}

export const MONTH_NAMES = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
] as const;

/** 1–12 from "3", "03", "March" or "mar" (how people type a month into a form); null otherwise. */
export function monthNumber(text: string): number | null {
  if (/^\d{1,2}$/.test(text)) {
    const n = Number(text);
    return n >= 1 && n <= 12 ? n : null;
  }
  const word = text.toLowerCase().replace(/\.$/, "");
  if (word.length < 3) return null;
  const index = MONTH_NAMES.findIndex((m) => m.startsWith(word));
  return index === -1 ? null : index + 1;
}
