import { Temporal } from "temporal-polyfill";
import { isValidPlainDate, localDateOf, todayIn } from "./time.ts";

export const DEFAULT_SLOT_RULES: Omit<SlotRules, "timeZone" | "durationMinutes" | "bufferBeforeMinutes" | "bufferAfterMinutes"> =
  Object.freeze({
    minimumNoticeMinutes: 120,
    horizonDays: 180,
    stepMinutes: 15,
  });

/** Wall-clock "HH:MM" range, end exclusive; "24:00" closes at the next midnight. */
export interface LocalInterval {
  start: string;
  end: string;
}
/** ISO weekday, 1 = Monday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;
export type WeeklyHours = Partial<Record<Weekday, LocalInterval[]>>;
/** Replaces the weekly hours on one local date; no intervals means closed that day. */
export interface DateException {
  date: string;
  intervals: LocalInterval[];
}
/** Blocked instants `[start, end)` in epoch ms, buffers already included. */
export interface Busy {
  start: number;
  end: number;
}
export interface PractitionerCalendar {
  id: string;
  weeklyHours: WeeklyHours;
  exceptions: DateException[];
  timeOff: Busy[];
  busy: Busy[];
}
export interface RoomCalendar {
  id: string;
  busy: Busy[];
}
export interface SlotRules {
  timeZone: string;
  durationMinutes: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  minimumNoticeMinutes: number;
  horizonDays: number;
  stepMinutes: number;
}
export interface SlotRequest extends SlotRules {
  /** Inclusive local dates (YYYY-MM-DD) in `timeZone`. */
  from: string;
  to: string;
  now: number;
  practitioners: PractitionerCalendar[];
  /** null when the service needs no room. */
  rooms: RoomCalendar[] | null;
}
export interface Slot {
  start: number;
  end: number;
  practitionerId: string;
  roomId: string | null;
}

const MINUTE_MS = 60_000;
const DAY_MINUTES = 24 * 60;
const WALL_TIME = /^(\d{2}):(\d{2})$/;

/**
 * Every bookable (start, practitioner) pair on the local dates `from`..`to`,
 * ordered by start and then by the practitioners' input order.
 *
 * This is the single source of truth for availability: `findSlot` is built on
 * it, so what a client is shown and what a booking is allowed to take cannot
 * drift apart.
 */
export function computeSlots(req: SlotRequest): Slot[] {
  assertRules(req);
  if (!isValidPlainDate(req.from) || !isValidPlainDate(req.to)) return [];
  const from = Temporal.PlainDate.from(req.from);
  const to = Temporal.PlainDate.from(req.to);
  if (Temporal.PlainDate.compare(from, to) > 0) return [];
  if (req.rooms !== null && req.rooms.length === 0) return [];

  // Every slot lies on the local date whose hours produced it, so dates before
  // today can only hold past starts and dates past the horizon are all out of
  // range; clamping keeps an absurdly wide request cheap.
  const today = Temporal.PlainDate.from(todayIn(req.timeZone, req.now));
  const lastBookable = today.add({ days: req.horizonDays });
  const first = Temporal.PlainDate.compare(from, today) > 0 ? from : today;
  const last = Temporal.PlainDate.compare(to, lastBookable) < 0 ? to : lastBookable;
  if (Temporal.PlainDate.compare(first, last) > 0) return [];

  const durationMs = req.durationMinutes * MINUTE_MS;
  const stepMs = req.stepMinutes * MINUTE_MS;
  const beforeMs = req.bufferBeforeMinutes * MINUTE_MS;
  const afterMs = req.bufferAfterMinutes * MINUTE_MS;
  const earliestStart = req.now + req.minimumNoticeMinutes * MINUTE_MS;
  const toInstant = instantResolver(req.timeZone);

  const practitioners = req.practitioners.map((p) => ({
    id: p.id,
    weeklyHours: p.weeklyHours,
    exceptions: exceptionsByDate(p.exceptions),
    blocked: mergeRanges([...p.busy, ...p.timeOff]),
    // Overlapping working intervals must not yield the same start twice.
    taken: new Set<number>(),
  }));
  const rooms = req.rooms?.map((r) => ({ id: r.id, blocked: mergeRanges(r.busy) })) ?? null;

  const found: { slot: Slot; order: number }[] = [];
  for (let day = first; Temporal.PlainDate.compare(day, last) <= 0; day = day.add({ days: 1 })) {
    const date = day.toString();
    const weekday = day.dayOfWeek as Weekday;
    practitioners.forEach((p, order) => {
      const intervals = p.exceptions.get(date) ?? p.weeklyHours[weekday] ?? [];
      for (const interval of intervals) {
        const { startMinute, endMinute } = parseInterval(interval);
        const open = toInstant(date, startMinute);
        const close = toInstant(date, endMinute);
        // Candidates stay on the interval's step grid even when notice cuts in
        // mid-interval, so the offered times don't depend on the current minute.
        let start = open;
        if (start < earliestStart) start = open + Math.ceil((earliestStart - open) / stepMs) * stepMs;
        for (; start + durationMs <= close; start += stepMs) {
          if (p.taken.has(start)) continue;
          const blockStart = start - beforeMs;
          const blockEnd = start + durationMs + afterMs;
          if (overlapsAny(p.blocked, blockStart, blockEnd)) continue;
          let roomId: string | null = null;
          if (rooms !== null) {
            const room = rooms.find((r) => !overlapsAny(r.blocked, blockStart, blockEnd));
            if (room === undefined) continue;
            roomId = room.id;
          }
          p.taken.add(start);
          found.push({ slot: { start, end: start + durationMs, practitionerId: p.id, roomId }, order });
        }
      }
    });
  }

  found.sort((a, b) => a.slot.start - b.slot.start || a.order - b.order);
  return found.map((f) => f.slot);
}

/**
 * The slot a booking for `start` would get, or null if that time may not be
 * booked. Without `practitionerId`, the first free practitioner in input order.
 */
export function findSlot(req: Omit<SlotRequest, "from" | "to">, start: number, practitionerId?: string): Slot | null {
  if (!Number.isSafeInteger(start)) return null;
  const date = localDateOf(start, req.timeZone);
  // Availability of one practitioner never depends on another (rooms are
  // checked per slot), so narrowing the list changes nothing but the cost.
  const practitioners = practitionerId === undefined ? req.practitioners : req.practitioners.filter((p) => p.id === practitionerId);
  const slots = computeSlots({ ...req, practitioners, from: date, to: date });
  return slots.find((s) => s.start === start) ?? null;
}

/**
 * Up to `count` alternatives to offer when `target` is taken: the distinct
 * start times closest to it (earlier wins a tie), in chronological order. For
 * a start shared by several practitioners the first slot listed is kept.
 */
export function nearestSlots(slots: Slot[], target: number, count = 3): Slot[] {
  const byStart = new Map<number, Slot>();
  for (const slot of slots) if (!byStart.has(slot.start)) byStart.set(slot.start, slot);
  return [...byStart.values()]
    .sort((a, b) => Math.abs(a.start - target) - Math.abs(b.start - target) || a.start - b.start)
    .slice(0, Math.max(0, count))
    .sort((a, b) => a.start - b.start);
}

/**
 * The wall-clock hours worked on a local date once time off is taken out of
 * that date's hours (its weekly hours or its date exception): what the staff
 * calendar states, on the same reading of the hours as `computeSlots` (a
 * boundary the clocks skip is the moment of the jump; a repeated one is its
 * first occurrence). A piece keeps its hour's own words where time off does
 * not cut it ("24:00" stays "24:00"); where time off cuts it, the cut is the
 * local time of the time off's start or end, to the minute, inside the piece.
 * Empty when time off takes the whole day's hours.
 */
export function hoursLessTimeOff(
  date: string,
  intervals: readonly LocalInterval[],
  timeOff: readonly Busy[],
  timeZone: string,
): LocalInterval[] {
  const toInstant = instantResolver(timeZone);
  const off = mergeRanges([...timeOff]);
  /** The local "HH:MM" of an instant, a part minute rounded up or down (always into the time off). */
  const wall = (ms: number, up: boolean) => {
    const z = Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(timeZone);
    const cut = up && (z.second > 0 || z.millisecond > 0) ? z.add({ minutes: 1 }) : z;
    return `${String(cut.hour).padStart(2, "0")}:${String(cut.minute).padStart(2, "0")}`;
  };
  // Stryker disable next-line ArrayDeclaration: equivalent, the filter at the end drops an entry that is not an interval.
  const left: LocalInterval[] = [];
  for (const interval of intervals) {
    const { startMinute, endMinute } = parseInterval(interval);
    const open = toInstant(date, startMinute);
    const close = toInstant(date, endMinute);
    let from = open;
    let fromWords = interval.start;
    for (const r of off) {
      if (r.end <= from || r.start >= close) continue;
      // Stryker disable next-line EqualityOperator: equivalent for >=, a piece from `from` to itself is empty and the filter drops it (< and <= are killed without it).
      if (r.start > from) left.push({ start: fromWords, end: wall(r.start, false) });
      from = r.end;
      fromWords = wall(r.end, true);
    }
    if (from < close) left.push({ start: fromWords, end: interval.end });
  }
  // A cut inside one minute, or across the repeated hour of a fall-back night, leaves nothing to work.
  return left.filter((i) => i.start < i.end);
}

function assertRules(rules: SlotRules): void {
  const positive = ["durationMinutes", "stepMinutes"] as const;
  const nonNegative = ["bufferBeforeMinutes", "bufferAfterMinutes", "minimumNoticeMinutes"] as const;
  // A zero or NaN step would never advance; a broken rule should fail loudly
  // rather than read as "fully booked".
  for (const key of positive) {
    if (!Number.isFinite(rules[key]) || rules[key] <= 0) throw new RangeError(`${key} must be positive`);
  }
  for (const key of nonNegative) {
    if (!Number.isFinite(rules[key]) || rules[key] < 0) throw new RangeError(`${key} must not be negative`);
  }
  if (!Number.isSafeInteger(rules.horizonDays) || rules.horizonDays < 0) {
    throw new RangeError("horizonDays must be a whole number of days");
  }
}

function parseWallMinute(value: string): number | null {
  const match = WALL_TIME.exec(value);
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (minutes > 59 || hours > 24 || (hours === 24 && minutes !== 0)) return null;
  return hours * 60 + minutes;
}

function parseInterval(interval: LocalInterval): { startMinute: number; endMinute: number } {
  const startMinute = parseWallMinute(interval.start);
  const endMinute = parseWallMinute(interval.end);
  // Hours are validated when saved; a bad one here is corrupt data, and
  // guessing what it meant could double-book someone.
  if (startMinute === null || endMinute === null || startMinute >= endMinute || startMinute >= DAY_MINUTES) {
    throw new RangeError(`invalid working interval ${interval.start}-${interval.end}`);
  }
  return { startMinute, endMinute };
}

function exceptionsByDate(exceptions: DateException[]): Map<string, LocalInterval[]> {
  const byDate = new Map<string, LocalInterval[]>();
  // The first entry for a date wins, so a stray duplicate cannot widen the hours.
  for (const e of exceptions) if (!byDate.has(e.date)) byDate.set(e.date, e.intervals);
  return byDate;
}

/**
 * Wall-clock boundary to instant, memoised per call because every
 * practitioner tends to share the same opening times. A boundary skipped by
 * DST becomes the moment of the jump (an 02:30 start or end on spring-forward
 * day means 03:00, when the clock first reads past 02:30), and a repeated one
 * takes its first occurrence. Temporal's "compatible" would push 02:30 to
 * 03:30 instead, quietly lengthening or shortening the working day.
 */
function instantResolver(timeZone: string): (date: string, minuteOfDay: number) => number {
  const cache = new Map<string, number>();
  return (date, minuteOfDay) => {
    const key = `${date}/${minuteOfDay}`;
    let instant = cache.get(key);
    if (instant === undefined) {
      const day = Temporal.PlainDate.from(date);
      const wall =
        minuteOfDay === DAY_MINUTES
          ? day.add({ days: 1 }).toPlainDateTime()
          : day.toPlainDateTime({ hour: Math.floor(minuteOfDay / 60), minute: minuteOfDay % 60 });
      const zoned = wall.toZonedDateTime(timeZone, { disambiguation: "earlier" });
      const jump = zoned.toPlainDateTime().equals(wall) ? null : zoned.getTimeZoneTransition("next");
      instant = (jump ?? zoned).epochMilliseconds;
      // Stryker disable next-line CallExpression: equivalent, the cache only saves work; every boundary resolves the same without it.
      cache.set(key, instant);
    }
    return instant;
  };
}

/** Sorted, disjoint ranges; empty or malformed ones block nothing and are dropped. */
function mergeRanges(ranges: Busy[]): Busy[] {
  const sorted = ranges.filter((r) => r.end > r.start).sort((a, b) => a.start - b.start);
  // Stryker disable next-line ArrayDeclaration: equivalent, an entry that is not a range never merges and is never found by overlapsAny (its end is undefined), so it blocks nothing.
  const merged: Busy[] = [];
  for (const r of sorted) {
    const tail = merged[merged.length - 1];
    // Touching ranges merge too: no half-open range can overlap the union
    // without overlapping one of the parts.
    if (tail !== undefined && r.start <= tail.end) tail.end = Math.max(tail.end, r.end);
    else merged.push({ start: r.start, end: r.end });
  }
  return merged;
}

/** Whether `[start, end)` overlaps any range of a `mergeRanges` result; touching is fine. */
function overlapsAny(merged: Busy[], start: number, end: number): boolean {
  // Merged ranges have increasing ends, so find the first one ending after `start`.
  let lo = 0;
  let hi = merged.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (merged[mid]!.end > start) hi = mid;
    else lo = mid + 1;
  }
  const candidate = merged[lo];
  return candidate !== undefined && candidate.start < end;
}
