// Dates a person could mean. A date that exists on the calendar can still be
// absurd — year 0, year 9999 — and such dates break what comes after them:
// PostgreSQL has no year 0, a day after 9999-12-31 no longer prints as
// YYYY-MM-DD. Every date typed into a form, a query or an API body is held to
// this range before anything computes with it.
import { Temporal } from "temporal-polyfill";

export const EARLIEST_YEAR = 1900;
export const LATEST_YEAR = 2199;

/** The message for a date outside the range. */
export const DATE_RANGE_MESSAGE = `Enter a date between ${EARLIEST_YEAR} and ${LATEST_YEAR}, like 2027-03-15.`;

/** `YYYY-MM-DD` naming a date that exists, in the years 1900 to 2199. */
export function isPlausiblePlainDate(value: string): boolean {
  if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const year = Number(value.slice(0, 4));
  if (year < EARLIEST_YEAR || year > LATEST_YEAR) return false;
  try {
    Temporal.PlainDate.from(value, { overflow: "reject" });
    return true;
  } catch {
    return false;
  }
}

/** An instant (epoch ms) in the years 1900 to 2199 (UTC). */
export function isPlausibleInstant(epochMs: number): boolean {
  if (!Number.isFinite(epochMs)) return false;
  const year = new Date(epochMs).getUTCFullYear();
  return year >= EARLIEST_YEAR && year <= LATEST_YEAR;
}

/**
 * Each field whose value is written as a date (or a date and time, such as
 * "2027-03-15T09:00") in a year outside 1900–2199, with DATE_RANGE_MESSAGE;
 * null when there is none. Other mistakes (not a date, Feb 30) are left to the
 * field's own validation, which words them.
 */
export function outOfRangeDateErrors(fields: Readonly<Record<string, string>>): Record<string, string> | null {
  const errors: Record<string, string> = {};
  for (const [name, value] of Object.entries(fields)) {
    const m = /^([+-]?\d{4,6})-\d{2}-\d{2}/.exec(value.trim());
    if (!m) continue;
    const year = Number(m[1]);
    if (!/^\d{4}$/.test(m[1]!) || year < EARLIEST_YEAR || year > LATEST_YEAR) errors[name] = DATE_RANGE_MESSAGE;
  }
  return Object.keys(errors).length ? errors : null;
}
