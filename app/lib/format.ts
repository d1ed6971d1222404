import { Temporal } from "temporal-polyfill";

const LOCALE = "en-CA";

export function formatMoney(cents: number | null, currency: string): string {
  if (cents === null) return "Price on request";
  if (cents === 0) return "Free";
  return new Intl.NumberFormat(LOCALE, { style: "currency", currency, minimumFractionDigits: cents % 100 === 0 ? 0 : 2 }).format(
    cents / 100,
  );
}

export function zoned(epochMs: number, timeZone: string) {
  return Temporal.Instant.fromEpochMilliseconds(epochMs).toZonedDateTimeISO(timeZone);
}

/** A plan session's window, in words, from PlanWindowError's dates. */
export function planWindowText(e: { session: number; earliest: string | null; latest: string | null }): string {
  const from = e.earliest ? formatDateLong(e.earliest) : null;
  const to = e.latest ? formatDateLong(e.latest) : null;
  const range = from && to ? `between ${from} and ${to}` : from ? `on or after ${from}` : to ? `on or before ${to}` : "where it is";
  return `It is session ${e.session} of a treatment plan, so it needs to stay ${range} to keep the right time between sessions. Please call the clinic to move it further.`;
}

export function formatTime(epochMs: number, timeZone: string): string {
  return zoned(epochMs, timeZone).toLocaleString(LOCALE, { hour: "numeric", minute: "2-digit" });
}

export function formatDateLong(date: string): string {
  return Temporal.PlainDate.from(date).toLocaleString(LOCALE, { weekday: "long", month: "long", day: "numeric", year: "numeric" });
}

export function formatDateShort(date: string): { weekday: string; day: string } {
  const d = Temporal.PlainDate.from(date);
  return {
    weekday: d.toLocaleString(LOCALE, { weekday: "short" }),
    day: d.toLocaleString(LOCALE, { month: "short", day: "numeric" }),
  };
}

export function formatDateTime(epochMs: number, timeZone: string): string {
  return zoned(epochMs, timeZone).toLocaleString(LOCALE, {
    weekday: "long",
    month: "long",
    day: "numeric",
    year: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZoneName: "short",
  });
}

export function formatDuration(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m ? `${h} h ${m} min` : `${h} h`;
}
