// The series planner: every session of an accepted treatment plan proposed at
// once, each inside its interval window after the one before. It asks the slot
// engine for availability and never decides on its own what is free, so a
// proposed session is always a slot the booking page would offer too.
import { Temporal } from "temporal-polyfill";
import type { Slot } from "../scheduling/slots.ts";
import { addDays, isValidPlainDate, localDateOf, todayIn } from "../scheduling/time.ts";

export const MAX_SERIES_SESSIONS = 24;
/** Longer than any protocol's interval; it keeps date arithmetic on absurd input from overflowing. */
export const MAX_INTERVAL_DAYS = 365;

export interface FixedSession extends Slot {
  /** 0-based position in the series. */
  index: number;
}

export interface SeriesRequest {
  timeZone: string;
  /** 1..MAX_SERIES_SESSIONS. */
  sessions: number;
  /** Whole local calendar days between the dates of consecutive sessions. */
  intervalMinDays: number;
  intervalMaxDays: number;
  /** Local YYYY-MM-DD: the earliest eligible date. No session is proposed before it. */
  earliestDate: string;
  /**
   * Sessions the person fixed: booked ones that stay, or one they moved. They
   * keep their time; the sessions around them are planned to fit. Index order
   * must be time order.
   */
  fixed?: FixedSession[];
  /** Only this practitioner; otherwise anyone the `slots` function offers. */
  practitionerId?: string | null;
  /** Local wall time "HH:MM" the client prefers; otherwise the previous session's time of day, otherwise the earliest. */
  preferredTime?: string | null;
  /** The same `now` and `horizonDays` the slot engine was given: they tell a window that has passed or is not open yet from a full one. */
  now: number;
  horizonDays: number;
  /** Names for the messages; an id without one reads "the chosen practitioner". */
  practitionerNames?: Record<string, string>;
  /** The availability engine over inclusive local dates (computeSlots bound to loaded calendars). */
  slots(from: string, to: string): Slot[];
}

export type UnplacedReason =
  /** Nothing free in the window: every practitioner asked for is booked, away or closed. */
  | "fully-booked"
  /** The window (or the part of it that is still free) lies past the booking horizon. */
  | "beyond-horizon"
  /** The window ends before the earliest eligible date. */
  | "before-eligibility"
  /** The window ended before today (the series was paused); someone has to choose a date. */
  | "window-passed"
  /** A later fixed session leaves no room for this one at the minimum interval. */
  | "between-fixed"
  /** The previous session has no date, so this one has nothing to count from. */
  | "after-unplaced";

export type PlannedSession = {
  index: number;
  /**
   * Local dates the interval allows: [previous + min, previous + max]; for the
   * first session [earliestDate, earliestDate + max]. After an unplaced session
   * it is the range any placement of that one would lead to.
   */
  windowFrom: string;
  windowTo: string;
} & (
  | {
      status: "proposed" | "fixed";
      slot: Slot;
      /** Only a fixed session can be outside: the caller asks the person for a reason. */
      outsideWindow: boolean;
      /** A fixed session from today on that is before the earliest eligible date; the series is then not complete. */
      beforeEligibility: boolean;
      /** What is wrong with a flagged session, in plain words; null when nothing is. */
      message: string | null;
    }
  | { status: "unplaced"; reason: UnplacedReason; message: string }
);

export interface SeriesPlan {
  sessions: PlannedSession[];
  /** Every session has a slot and none is before the earliest eligible date. */
  complete: boolean;
}

/** Input the planner cannot plan from; a caller turns it into a 4xx. */
export class SeriesInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SeriesInputError";
  }
}

const WALL_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
/** Days of availability asked for at once while looking for a session's first free day. */
const SEARCH_CHUNK_DAYS = 7;
const WEEKDAY_NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

interface Pin {
  slot: Slot;
  status: "proposed" | "fixed";
}

/**
 * Proposes every session of a series. Sessions are placed in order: each on the
 * earliest local date of its window that has a free slot, at the time of day
 * closest to the preferred one, with the previous session's practitioner when
 * two are equally close.
 *
 * Throws SeriesInputError for input that cannot be planned (counts, dates,
 * fixed sessions out of order). Everything about the calendar — a full window,
 * the horizon, a fixed session outside its window or before eligibility — is
 * reported per session instead, so one problem never hides the others.
 */
export function planSeries(req: SeriesRequest): SeriesPlan {
  validateSeriesRequest(req);
  const pins = new Map<number, Pin>((req.fixed ?? []).map((f) => [f.index, { slot: slotOf(f), status: "fixed" }]));
  return plan(req, pins);
}

/**
 * The series after the person moved one session to `moved`: the sessions
 * before it stay as they are planned now, the moved one is fixed, later fixed
 * ones (booked sessions that stay) keep their time, and the rest re-flow from
 * the moved one. Throws SeriesInputError when the move would put the session
 * before an earlier one.
 */
export function reflow(req: SeriesRequest, movedIndex: number, moved: Slot): SeriesPlan {
  validateSeriesRequest(req);
  if (!Number.isInteger(movedIndex) || movedIndex < 0 || movedIndex >= req.sessions) {
    throw new SeriesInputError(`There is no session ${movedIndex + 1} in a series of ${req.sessions}`);
  }
  const before = planSeries(req).sessions;
  const pins = new Map<number, Pin>();
  for (const s of before.slice(0, movedIndex)) if (s.status !== "unplaced") pins.set(s.index, { slot: s.slot, status: s.status });
  pins.set(movedIndex, { slot: slotOf(moved), status: "fixed" });
  for (const f of req.fixed ?? []) if (f.index > movedIndex) pins.set(f.index, { slot: slotOf(f), status: "fixed" });
  assertPinsInOrder(pins, req.timeZone);
  return plan(req, pins);
}

function plan(req: SeriesRequest, pins: Map<number, Pin>): SeriesPlan {
  const tz = req.timeZone;
  const today = todayIn(tz, req.now);
  const lastBookable = addDays(today, req.horizonDays);
  const preferredMinute = req.preferredTime ? wallMinuteOf(req.preferredTime) : null;
  const pinnedIndexes = [...pins.keys()].sort((a, b) => a - b);
  const sessions: PlannedSession[] = [];

  for (let k = 0; k < req.sessions; k++) {
    const prev = sessions[k - 1];
    const prevSlot = prev && prev.status !== "unplaced" ? prev.slot : null;
    let windowFrom: string;
    let windowTo: string;
    if (prev === undefined) {
      windowFrom = req.earliestDate;
      windowTo = addDays(req.earliestDate, req.intervalMaxDays);
    } else if (prevSlot !== null) {
      const prevDate = localDateOf(prevSlot.start, tz);
      windowFrom = addDays(prevDate, req.intervalMinDays);
      windowTo = addDays(prevDate, req.intervalMaxDays);
    } else {
      windowFrom = addDays(prev.windowFrom, req.intervalMinDays);
      windowTo = addDays(prev.windowTo, req.intervalMaxDays);
    }
    const n = k + 1;

    const pin = pins.get(k);
    if (pin !== undefined) {
      const date = localDateOf(pin.slot.start, tz);
      // The first session has no interval to keep; only eligibility binds it.
      const outsideWindow = k > 0 && (date < windowFrom || date > windowTo);
      // Sessions already held are history: an eligibility date set later does not undo them.
      const beforeEligibility = date < req.earliestDate && date >= today;
      const problems: string[] = [];
      if (outsideWindow) {
        const days = prevSlot ? Temporal.PlainDate.from(localDateOf(prevSlot.start, tz)).until(date).days : null;
        problems.push(
          days !== null
            ? `Session ${n} on ${formatDate(date)} is ${days} days after session ${k}; the plan allows ${req.intervalMinDays} to ${req.intervalMaxDays}.`
            : `Session ${n} on ${formatDate(date)} is outside ${formatSpan(windowFrom, windowTo)}, where it would fall after session ${k}.`,
        );
      }
      if (beforeEligibility) {
        problems.push(`Session ${n} on ${formatDate(date)} is before the earliest eligible date, ${formatDate(req.earliestDate)}.`);
      }
      sessions.push({
        index: k,
        windowFrom,
        windowTo,
        status: pin.status,
        slot: pin.slot,
        outsideWindow,
        beforeEligibility,
        message: problems.length > 0 ? problems.join(" ") : null,
      });
      continue;
    }

    const unplaced = (reason: UnplacedReason, message: string): void => {
      sessions.push({ index: k, windowFrom, windowTo, status: "unplaced", reason, message });
    };
    if (prev !== undefined && prevSlot === null) {
      unplaced("after-unplaced", `Session ${n}: waits until session ${k} has a date.`);
      continue;
    }
    if (windowTo < req.earliestDate) {
      unplaced(
        "before-eligibility",
        `Session ${n}: its window (${formatSpan(windowFrom, windowTo)}) ends before the earliest eligible date, ${formatDate(req.earliestDate)}.`,
      );
      continue;
    }
    if (windowTo < today) {
      unplaced("window-passed", `Session ${n}: its window (${formatSpan(windowFrom, windowTo)}) has passed; choose a date for it by hand.`);
      continue;
    }
    const lo = maxDate(windowFrom, req.earliestDate, today);
    if (lo > lastBookable) {
      unplaced(
        "beyond-horizon",
        `Session ${n}: its window (${formatSpan(windowFrom, windowTo)}) is past the booking horizon; the calendar is open up to ${formatDate(lastBookable)}.`,
      );
      continue;
    }

    // A later fixed session bounds this one: the sessions up to it need at
    // least the minimum interval each (a hard limit), and should keep the fixed
    // one inside its window if the calendar allows (a preference).
    const nextIndex = pinnedIndexes.find((i) => i > k);
    const next = nextIndex === undefined ? null : { index: nextIndex, slot: pins.get(nextIndex)!.slot };
    const openTo = minDate(windowTo, lastBookable);
    let hi = openTo;
    let softFrom: string | null = null;
    if (next !== null) {
      const nextDate = localDateOf(next.slot.start, tz);
      const gaps = next.index - k;
      hi = minDate(openTo, addDays(nextDate, -gaps * req.intervalMinDays));
      softFrom = addDays(nextDate, -gaps * req.intervalMaxDays);
      if (lo > hi) {
        const after = prevSlot ? ` after session ${k} on ${formatDate(localDateOf(prevSlot.start, tz))}` : "";
        unplaced(
          "between-fixed",
          `Session ${n}: does not fit${after} and before session ${next.index + 1} on ${formatDate(nextDate)} with at least ${req.intervalMinDays} days between sessions.`,
        );
        continue;
      }
    }

    const usable = (s: Slot): boolean =>
      (!req.practitionerId || s.practitionerId === req.practitionerId) &&
      (prevSlot === null || s.start >= prevSlot.end) &&
      (next === null || s.end <= next.slot.start);
    // Days from softFrom on keep the next fixed session inside its window; only
    // when they are all full does the session take an earlier day.
    const preferLate = softFrom !== null && softFrom > lo && softFrom <= hi;
    let pool = preferLate ? firstDaysWithSlots(req, softFrom!, hi, usable) : [];
    if (pool.length === 0) pool = firstDaysWithSlots(req, lo, preferLate ? addDays(softFrom!, -1) : hi, usable);
    if (pool.length === 0) {
      const who = practitionerPhrase(req);
      if (windowTo > lastBookable && hi === lastBookable) {
        unplaced(
          "beyond-horizon",
          `Session ${n}: nothing free ${formatBetween(lo, hi)} ${who}, and the calendar is not open after ${formatDate(lastBookable)} yet.`,
        );
      } else {
        unplaced(
          "fully-booked",
          `Session ${n}: nothing free ${formatBetween(lo, hi)} ${who} — ${req.practitionerId ? "fully booked or away" : "all fully booked or away"}.`,
        );
      }
      continue;
    }

    const anchorMinute = preferredMinute ?? (prevSlot ? minuteOfDay(prevSlot.start, tz) : null);
    const slot = pickOnFirstDay(pool, tz, anchorMinute, prevSlot?.practitionerId ?? null);
    sessions.push({
      index: k,
      windowFrom,
      windowTo,
      status: "proposed",
      slot,
      outsideWindow: false,
      beforeEligibility: false,
      message: null,
    });
  }

  const complete = sessions.every((s) => s.status !== "unplaced" && !s.beforeEligibility);
  return { sessions, complete };
}

/**
 * The usable slots of the first few days from `from` that have any, or none.
 * Only the earliest day with a slot matters, so the window is asked for a
 * week at a time: an open calendar is answered by its first week, and a
 * five-week first window no longer costs five weeks of slot computation.
 */
function firstDaysWithSlots(req: SeriesRequest, from: string, to: string, usable: (s: Slot) => boolean): Slot[] {
  for (let chunkFrom = from; chunkFrom <= to; chunkFrom = addDays(chunkFrom, SEARCH_CHUNK_DAYS)) {
    const found = req.slots(chunkFrom, minDate(addDays(chunkFrom, SEARCH_CHUNK_DAYS - 1), to)).filter(usable);
    if (found.length > 0) return found;
  }
  return [];
}

/**
 * The best slot on the earliest local date in `pool` (sorted by start):
 * closest on the wall clock to `anchorMinute` (clients keep a regular time,
 * and 10:00 stays 10:00 across a DST change), then the previous practitioner,
 * then the earlier start. Without an anchor, the earliest.
 */
function pickOnFirstDay(pool: Slot[], tz: string, anchorMinute: number | null, practitionerId: string | null): Slot {
  const dayEnd = startOfDay(addDays(localDateOf(pool[0]!.start, tz), 1), tz);
  let best = pool[0]!;
  let bestKey: [number, number] | null = null;
  for (const slot of pool) {
    if (slot.start >= dayEnd) break;
    const key: [number, number] = [
      anchorMinute === null ? 0 : Math.abs(minuteOfDay(slot.start, tz) - anchorMinute),
      slot.practitionerId === practitionerId ? 0 : 1,
    ];
    // Strictly better only, so among equals the earlier start (pool order) stays.
    if (bestKey === null || key[0] < bestKey[0] || (key[0] === bestKey[0] && key[1] < bestKey[1])) {
      best = slot;
      bestKey = key;
    }
  }
  return best;
}

/** Throws SeriesInputError for input `planSeries` would refuse; lets a caller refuse before it loads calendars. */
export function validateSeriesRequest(req: Omit<SeriesRequest, "slots">): void {
  try {
    Temporal.Instant.fromEpochMilliseconds(0).toZonedDateTimeISO(req.timeZone);
  } catch {
    throw new SeriesInputError(`Unknown time zone ${String(req.timeZone)}`);
  }
  if (!Number.isInteger(req.sessions) || req.sessions < 1 || req.sessions > MAX_SERIES_SESSIONS) {
    throw new SeriesInputError(`A series has 1 to ${MAX_SERIES_SESSIONS} sessions`);
  }
  if (!Number.isInteger(req.intervalMinDays) || !Number.isInteger(req.intervalMaxDays) || req.intervalMinDays < 0) {
    throw new SeriesInputError("Intervals are whole days, not negative");
  }
  if (req.intervalMaxDays < req.intervalMinDays) throw new SeriesInputError("The longest interval is shorter than the shortest");
  if (req.intervalMaxDays > MAX_INTERVAL_DAYS) throw new SeriesInputError(`An interval is at most ${MAX_INTERVAL_DAYS} days`);
  if (!isValidPlainDate(req.earliestDate)) throw new SeriesInputError(`${String(req.earliestDate)} is not a date`);
  if (req.preferredTime != null && wallMinuteOf(req.preferredTime) === null) {
    throw new SeriesInputError(`${String(req.preferredTime)} is not a time of day (HH:MM)`);
  }
  if (!Number.isFinite(req.now) || !Number.isSafeInteger(req.horizonDays) || req.horizonDays < 0) {
    throw new SeriesInputError("now and horizonDays must be given");
  }
  const pins = new Map<number, Pin>();
  for (const f of req.fixed ?? []) {
    if (!Number.isInteger(f.index) || f.index < 0 || f.index >= req.sessions) {
      throw new SeriesInputError(`There is no session ${f.index + 1} in a series of ${req.sessions}`);
    }
    if (pins.has(f.index)) throw new SeriesInputError(`Session ${f.index + 1} is fixed twice`);
    pins.set(f.index, { slot: slotOf(f), status: "fixed" });
  }
  assertPinsInOrder(pins, req.timeZone);
}

function assertPinsInOrder(pins: Map<number, Pin>, tz: string): void {
  const ordered = [...pins.entries()].sort((a, b) => a[0] - b[0]);
  for (const [index, { slot }] of ordered) {
    if (!Number.isSafeInteger(slot.start) || !Number.isSafeInteger(slot.end) || slot.end <= slot.start) {
      throw new SeriesInputError(`Session ${index + 1} has no valid time`);
    }
  }
  for (let i = 1; i < ordered.length; i++) {
    const [earlierIndex, earlier] = ordered[i - 1]!;
    const [laterIndex, later] = ordered[i]!;
    if (later.slot.start < earlier.slot.end) {
      throw new SeriesInputError(
        `Session ${laterIndex + 1} (${formatDate(localDateOf(later.slot.start, tz))}) cannot come before session ${earlierIndex + 1} (${formatDate(localDateOf(earlier.slot.start, tz))})`,
      );
    }
  }
}

function slotOf(s: Slot): Slot {
  return { start: s.start, end: s.end, practitionerId: s.practitionerId, roomId: s.roomId };
}

function practitionerPhrase(req: SeriesRequest): string {
  if (!req.practitionerId) return "with any practitioner";
  return `with ${req.practitionerNames?.[req.practitionerId] ?? "the chosen practitioner"}`;
}

function wallMinuteOf(time: string): number | null {
  const match = typeof time === "string" ? WALL_TIME.exec(time) : null;
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

function minuteOfDay(epochMs: number, tz: string): number {
  const z = Temporal.Instant.fromEpochMilliseconds(epochMs).toZonedDateTimeISO(tz);
  return z.hour * 60 + z.minute;
}

/** Where a local date begins; not always 00:00 in zones whose DST jump is at midnight. */
function startOfDay(date: string, tz: string): number {
  return Temporal.PlainDate.from(date).toZonedDateTime({ timeZone: tz }).epochMilliseconds;
}

// YYYY-MM-DD compares correctly as text for four-digit years.
function maxDate(...dates: string[]): string {
  return dates.reduce((a, b) => (b > a ? b : a));
}
function minDate(...dates: string[]): string {
  return dates.reduce((a, b) => (b < a ? b : a));
}

/** "Tue 12 Jan 2027": fixed English, so messages do not depend on the server's locale data. */
function formatDate(date: string, withYear = true): string {
  const d = Temporal.PlainDate.from(date);
  return `${WEEKDAY_NAMES[d.dayOfWeek - 1]} ${d.day} ${MONTH_NAMES[d.month - 1]}${withYear ? ` ${d.year}` : ""}`;
}

/** "Tue 12 Jan – Tue 26 Jan 2027", the year once when both share it. */
function formatSpan(from: string, to: string): string {
  return `${formatDate(from, from.slice(0, 4) !== to.slice(0, 4))} – ${formatDate(to)}`;
}

/** "between Tue 12 Jan and Tue 26 Jan 2027", or "on Tue 12 Jan 2027" for one day. */
function formatBetween(from: string, to: string): string {
  if (from === to) return `on ${formatDate(from)}`;
  return `between ${formatDate(from, from.slice(0, 4) !== to.slice(0, 4))} and ${formatDate(to)}`;
}
