import { Temporal } from "temporal-polyfill";

export interface IcsEvent {
  /** Stable per appointment, e.g. `${appointmentId}@dermaplan`, so updates replace the entry. */
  uid: string;
  /** Bump on every reschedule or cancellation; clients ignore messages with a stale sequence. */
  sequence: number;
  method: "REQUEST" | "CANCEL";
  /** Epoch ms. */
  start: number;
  /** Epoch ms, later than `start`. */
  end: number;
  /** IANA zone of the location, e.g. America/Toronto. */
  timeZone: string;
  summary: string;
  description?: string;
  location?: string;
  url?: string;
  organizer: { name: string; email: string };
  attendee?: { name: string; email: string };
  /** DTSTAMP, epoch ms. */
  now: number;
  /** The language of SUMMARY, DESCRIPTION and LOCATION (RFC 5545 LANGUAGE, e.g. "fr-CA"); left out when not given. */
  language?: string;
}

const PRODID = "-//Dermaplan//Appointments//EN";
const CRLF = "\r\n";
const MAX_LINE_OCTETS = 75;
// Exactly 24 hours: `-P1D` is a nominal day and would fire 23 or 25 hours
// before an appointment on the day after a DST change.
const ALARM_TRIGGER = "-PT24H";

// RFC 5545 CONTROL (every C0 character except HTAB, plus DEL), and lone
// surrogates, which have no UTF-8 encoding. Line breaks are handled before this.
const FORBIDDEN_IN_TEXT = /[\u0000-\u0008\u000A-\u001F\u007F]|\p{Cs}/gu;
const LINE_BREAK = /\r\n|\r|\n/g;
// Characters a bare param-value may not contain (RFC 5545 SAFE-CHAR).
const NEEDS_QUOTES = /[;:,]/;
// A BCP 47 tag in the shape RFC 5545's LANGUAGE parameter takes (letters, digits, hyphens).
const LANGUAGE_TAG = /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/;
// URIs are not escaped in iCalendar, so anything that could end the content
// line or split the address must be refused rather than written.
const EMAIL = /^[^\s\p{Cc}\p{Cs}@"<>]+@[^\s\p{Cc}\p{Cs}@"<>]+$/u;

/** An RFC 5545 calendar (METHOD REQUEST or CANCEL) with one event and the VTIMEZONE it needs. */
export function buildIcs(event: IcsEvent): string {
  if (!Number.isSafeInteger(event.sequence) || event.sequence < 0) {
    throw new RangeError(`sequence must be a non-negative integer, got ${event.sequence}`);
  }
  if (event.uid.trim() === "") throw new RangeError("uid must not be empty");
  if (!(event.end > event.start)) {
    throw new RangeError("end must be later than start (RFC 5545 forbids an empty or negative DTEND)");
  }

  const start = Temporal.Instant.fromEpochMilliseconds(event.start).toZonedDateTimeISO(event.timeZone);
  const end = Temporal.Instant.fromEpochMilliseconds(event.end).toZonedDateTimeISO(event.timeZone);
  // Temporal case-normalises the name; DTSTART's TZID must match VTIMEZONE's byte for byte.
  const tzid = start.timeZoneId;
  const tzParam = `TZID=${paramValue(tzid)}`;
  const stamp = Temporal.Instant.fromEpochMilliseconds(event.now).toZonedDateTimeISO("UTC");
  if (event.language !== undefined && !LANGUAGE_TAG.test(event.language)) {
    throw new RangeError(`language must be a language tag such as fr-CA, got ${JSON.stringify(event.language)}`);
  }
  const lang = event.language === undefined ? "" : `;LANGUAGE=${event.language}`;

  const lines: string[] = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    `PRODID:${PRODID}`,
    "CALSCALE:GREGORIAN",
    `METHOD:${event.method}`,
    ...vtimezone(start, end),
    "BEGIN:VEVENT",
    `UID:${escapeText(event.uid)}`,
    `SEQUENCE:${event.sequence}`,
    `DTSTAMP:${formatDateTime(stamp.toPlainDateTime())}Z`,
    `DTSTART;${tzParam}:${formatDateTime(start.toPlainDateTime())}`,
    `DTEND;${tzParam}:${formatDateTime(end.toPlainDateTime())}`,
    `SUMMARY${lang}:${escapeText(event.summary)}`,
  ];
  if (event.description !== undefined) lines.push(`DESCRIPTION${lang}:${escapeText(event.description)}`);
  if (event.location !== undefined) lines.push(`LOCATION${lang}:${escapeText(event.location)}`);
  if (event.url !== undefined) lines.push(`URL:${uri(event.url)}`);
  lines.push(`ORGANIZER;CN=${paramValue(event.organizer.name)}:${mailto(event.organizer.email)}`);
  if (event.attendee !== undefined) {
    lines.push(`ATTENDEE;CN=${paramValue(event.attendee.name)}:${mailto(event.attendee.email)}`);
  }
  lines.push(`STATUS:${event.method === "CANCEL" ? "CANCELLED" : "CONFIRMED"}`);
  if (event.method === "REQUEST") {
    lines.push(
      "BEGIN:VALARM",
      "ACTION:DISPLAY",
      `DESCRIPTION${lang}:${escapeText(event.summary)}`,
      `TRIGGER:${ALARM_TRIGGER}`,
      "END:VALARM",
    );
  }
  lines.push("END:VEVENT", "END:VCALENDAR");

  return lines.map(foldLine).join(CRLF) + CRLF;
}

/**
 * Concrete observances instead of RRULEs: a rule guessed from one year is wrong
 * as soon as a zone changes its rules, while the transitions Temporal reports are
 * the ones the event will actually live under. Coverage runs from the observance
 * in force on 1 January of the start's year to the end of the end's year, so
 * every DATE-TIME in the event resolves without extrapolation.
 */
function vtimezone(start: Temporal.ZonedDateTime, end: Temporal.ZonedDateTime): string[] {
  const zone = start.timeZoneId;
  const rangeStart = Temporal.PlainDate.from({ year: start.year, month: 1, day: 1 }).toZonedDateTime(zone);
  const rangeEnd = Temporal.PlainDate.from({ year: end.year + 1, month: 1, day: 1 }).toZonedDateTime(zone);

  const lines = ["BEGIN:VTIMEZONE", `TZID:${escapeText(zone)}`];
  // `previous` is strictly before its receiver; the nanosecond keeps a
  // transition falling exactly on rangeStart as the observance in force.
  const inForce = rangeStart.add({ nanoseconds: 1 }).getTimeZoneTransition("previous");
  if (inForce === null) {
    // No recorded transition yet (UTC, Etc/*, fixed offsets): one observance
    // whose onset is the start of the range keeps the event covered.
    const offset = formatOffset(rangeStart.offsetNanoseconds);
    lines.push(
      "BEGIN:STANDARD",
      `DTSTART:${formatDateTime(rangeStart.toPlainDateTime())}`,
      `TZOFFSETFROM:${offset}`,
      `TZOFFSETTO:${offset}`,
      "END:STANDARD",
    );
  } else {
    lines.push(...observance(inForce));
  }
  for (
    let t = rangeStart.getTimeZoneTransition("next");
    t !== null && Temporal.ZonedDateTime.compare(t, rangeEnd) < 0;
    t = t.getTimeZoneTransition("next")
  ) {
    lines.push(...observance(t));
  }
  lines.push("END:VTIMEZONE");
  return lines;
}

function observance(transition: Temporal.ZonedDateTime): string[] {
  const from = transition.subtract({ nanoseconds: 1 }).offsetNanoseconds;
  const to = transition.offsetNanoseconds;
  const next = transition.getTimeZoneTransition("next");
  // Temporal exposes offsets, not DST flags. An observance that sits above the
  // offsets on both sides of it is summer time; a permanent change (such as
  // Regina's in 1960) has no later transition and stays STANDARD.
  const kind = next !== null && to > from && to > next.offsetNanoseconds ? "DAYLIGHT" : "STANDARD";
  // RFC 5545 gives an onset as wall-clock time under the offset being left.
  const onset = Temporal.Instant.fromEpochNanoseconds(transition.epochNanoseconds + BigInt(from))
    .toZonedDateTimeISO("UTC")
    .toPlainDateTime();
  return [
    `BEGIN:${kind}`,
    `DTSTART:${formatDateTime(onset)}`,
    `TZOFFSETFROM:${formatOffset(from)}`,
    `TZOFFSETTO:${formatOffset(to)}`,
    `END:${kind}`,
  ];
}

function formatDateTime(dt: Temporal.PlainDateTime): string {
  return (
    pad(dt.year, 4) + pad(dt.month, 2) + pad(dt.day, 2) + "T" + pad(dt.hour, 2) + pad(dt.minute, 2) + pad(dt.second, 2)
  );
}

/** ±HHMM, with seconds only when the zone has them (local mean time in old tzdata). */
function formatOffset(offsetNanoseconds: number): string {
  // RFC 5545 forbids -0000, so zero takes the plus sign.
  const sign = offsetNanoseconds < 0 ? "-" : "+";
  const total = Math.trunc(Math.abs(offsetNanoseconds) / 1e9);
  const hours = Math.trunc(total / 3600);
  const minutes = Math.trunc((total % 3600) / 60);
  const seconds = total % 60;
  return sign + pad(hours, 2) + pad(minutes, 2) + (seconds === 0 ? "" : pad(seconds, 2));
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

function escapeText(value: string): string {
  return value
    .replace(/[\\;,]/g, (c) => `\\${c}`)
    .replace(LINE_BREAK, "\\n")
    .replace(FORBIDDEN_IN_TEXT, "");
}

/**
 * Quoted only when SAFE-CHAR does not suffice. A quoted-string cannot hold a
 * DQUOTE or a line break at all, so those use RFC 6868 caret encoding.
 */
function paramValue(value: string): string {
  const encoded = value
    .replace(/\^/g, "^^")
    .replace(LINE_BREAK, "^n")
    .replace(/"/g, "^'")
    .replace(FORBIDDEN_IN_TEXT, "");
  return NEEDS_QUOTES.test(encoded) ? `"${encoded}"` : encoded;
}

function mailto(email: string): string {
  if (!EMAIL.test(email)) throw new RangeError(`not a usable e-mail address: ${JSON.stringify(email)}`);
  return `mailto:${email}`;
}

function uri(value: string): string {
  try {
    // The WHATWG serialisation percent-encodes spaces and drops raw line
    // breaks, so the value can neither end the content line nor be misread.
    return new URL(value).href;
  } catch (cause) {
    throw new RangeError(`not an absolute URL: ${JSON.stringify(value)}`, { cause });
  }
}

/**
 * Folds at 75 octets of UTF-8, counting the leading space of continuation
 * lines, and only between code points so no multi-byte character is split.
 */
function foldLine(line: string): string {
  let out = "";
  let octets = 0;
  for (const ch of line) {
    const size = utf8Length(ch.codePointAt(0) ?? 0);
    if (octets + size > MAX_LINE_OCTETS) {
      out += CRLF + " ";
      octets = 1;
    }
    out += ch;
    octets += size;
  }
  return out;
}

function utf8Length(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return 3;
  return 4;
}
