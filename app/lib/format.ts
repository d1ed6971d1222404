import { Temporal } from "temporal-polyfill";
import { INTL_LOCALE, type Locale } from "../i18n/locales.ts";

/**
 * The language to format in: a site language ("en", "fr") or its BCP 47 tag
 * ("en-CA", "fr-CA"). Every function defaults to English (en-CA), which is
 * what staff screens use.
 */
export type FormatLocale = Locale | "en-CA" | "fr-CA";

function intl(locale: FormatLocale): string {
  return locale === "en" || locale === "fr" ? INTL_LOCALE[locale] : locale;
}

// The two words a price can be instead of a number. They live here rather than
// in the message catalogs because this module also ships in the staff
// screens' bundles, which should not carry every public message.
const PRICE_WORDS: Readonly<Record<string, { free: string; onRequest: string }>> = {
  "en-CA": { free: "Free", onRequest: "Price on request" },
  "fr-CA": { free: "Gratuit", onRequest: "Prix sur demande" },
};

/** "$299" in English, "299 $" in French; whole dollars without cents. */
export function formatMoney(cents: number | null, currency: string, locale: FormatLocale = "en"): string {
  const tag = intl(locale);
  const words = PRICE_WORDS[tag] ?? PRICE_WORDS["en-CA"]!;
  if (cents === null) return words.onRequest;
  if (cents === 0) return words.free;
  return new Intl.NumberFormat(tag, { style: "currency", currency, minimumFractionDigits: cents % 100 === 0 ? 0 : 2 }).format(cents / 100);
}

export function zoned(epochMs: number, timeZone: string) {
  return Temporal.Instant.fromEpochMilliseconds(epochMs).toZonedDateTimeISO(timeZone);
}

/** A plan session's window, in words, from PlanWindowError's dates. */
export function planWindowText(e: { session: number; earliest: string | null; latest: string | null }): string {
  const from = e.earliest ? formatDateLong(e.earliest) : null;
  const to = e.latest ? formatDateLong(e.latest) : null;
  const range =
    from && to && from === to
      ? `on ${from}`
      : from && to
        ? `between ${from} and ${to}`
        : from
          ? `on or after ${from}`
          : to
            ? `on or before ${to}`
            : "where it is";
  return `It is session ${e.session} of a treatment plan, so it needs to stay ${range} to keep the right time between sessions. Please call the clinic to move it further.`;
}

/** "2:30 p.m." in English, "14 h 30" in French. */
export function formatTime(epochMs: number, timeZone: string, locale: FormatLocale = "en"): string {
  return formatter(intl(locale), { hour: "numeric", minute: "2-digit", timeZone }).format(epochMs);
}

// A page of free times formats hundreds of times and dates; making an
// Intl.DateTimeFormat is most of the cost of each, so one is kept per language,
// zone and style (a handful in all). Temporal's toLocaleString makes a new one every call.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tag: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${tag}|${JSON.stringify(options)}`;
  let kept = formatters.get(key);
  if (!kept) {
    if (formatters.size >= 500) formatters.clear();
    kept = new Intl.DateTimeFormat(tag, options);
    formatters.set(key, kept);
  }
  return kept;
}

/** A calendar date's noon in UTC, to format with timeZone "UTC": the date itself, whatever the zone. */
function utcDate(date: string): number {
  const d = Temporal.PlainDate.from(date);
  return Date.UTC(d.year, d.month - 1, d.day, 12);
}

/** A wall-clock "HH:MM" (opening hours, a working day) in the language's style; "24:00" is midnight. */
export function formatLocalTime(hhmm: string, locale: FormatLocale = "en"): string {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!m) throw new Error(`Not a local time: ${hhmm}`);
  const time = Temporal.PlainTime.from({ hour: Number(m[1]) % 24, minute: Number(m[2]) });
  return time.toLocaleString(intl(locale), { hour: "numeric", minute: "2-digit" });
}

export function formatDateLong(date: string, locale: FormatLocale = "en"): string {
  return Temporal.PlainDate.from(date).toLocaleString(intl(locale), { weekday: "long", month: "long", day: "numeric", year: "numeric" });
}

/** "March 1, 2027" in English, "1 mars 2027" in French: a day without its weekday. */
export function formatDateMedium(date: string, locale: FormatLocale = "en"): string {
  return Temporal.PlainDate.from(date).toLocaleString(intl(locale), { month: "long", day: "numeric", year: "numeric" });
}

export function formatDateShort(date: string, locale: FormatLocale = "en"): { weekday: string; day: string } {
  const at = utcDate(date);
  return {
    weekday: formatter(intl(locale), { weekday: "short", timeZone: "UTC" }).format(at),
    day: formatter(intl(locale), { month: "short", day: "numeric", timeZone: "UTC" }).format(at),
  };
}

export function formatDateTime(epochMs: number, timeZone: string, locale: FormatLocale = "en"): string {
  return zoned(epochMs, timeZone).toLocaleString(intl(locale), {
    weekday: "long",
    month: "long",
    day: "numeric",
    year: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZoneName: "short",
  });
}

/** "Tue, Dec 8, 2:00 p.m." in English, "mar. 8 déc., 14 h 00" in French: two times side by side in one sentence. */
export function formatDateTimeShort(epochMs: number, timeZone: string, locale: FormatLocale = "en"): string {
  return zoned(epochMs, timeZone).toLocaleString(intl(locale), {
    weekday: "short",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
  });
}

/** "30 min", "1 h", "1 h 30 min": the same in English and French, so the language is accepted for symmetry only. */
export function formatDuration(minutes: number, _locale: FormatLocale = "en"): string {
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m ? `${h} h ${m} min` : `${h} h`;
}

/** A phone number as a `tel:` link: digits only, and a North American ten-digit number gets its +1. */
export function telHref(phone: string): string {
  const digits = phone.replace(/[^0-9+]/g, "");
  return `tel:${/^\d{10}$/.test(digits) ? `+1${digits}` : digits}`;
}
