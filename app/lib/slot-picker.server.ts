import type { DbOrTx } from "../../src/db/open.ts";
import { getAvailability } from "../../src/scheduling/availability.ts";
import type { Clinic, Service } from "../../src/scheduling/clinic.ts";
import { addDays, isValidPlainDate, localDateOf, todayIn } from "../../src/scheduling/time.ts";
import { formatTime, zoned, type FormatLocale } from "./format.ts";

export interface PickerSlot {
  start: string; // ISO with offset, what the form posts back
  /** The time in the page's language: "2:30 p.m.", « 14 h 30 ». */
  label: string;
  practitionerId: string;
}

export interface PickerDay {
  date: string;
  count: number;
}

export interface SlotPickerData {
  days: PickerDay[];
  weekStart: string;
  prevWeek: string | null;
  nextWeek: string | null;
  selectedDate: string | null;
  /** `name` identifies the part of the day; the picker shows it in the page's language. */
  groups: { name: "Morning" | "Afternoon" | "Evening"; slots: PickerSlot[] }[];
  /** When this week has nothing free: the first later day that has. */
  nextAvailableDate: string | null;
  timeZone: string;
}

const WEEK = 7;

export async function slotPickerData(
  db: DbOrTx,
  o: {
    clinic: Clinic;
    service: Service;
    practitionerId?: string;
    date?: string | null;
    week?: string | null;
    now: number;
    ignoreAppointmentId?: string;
    /** The language of the time labels; English when not given (staff screens). */
    locale?: FormatLocale;
    /** Only these days (a plan session's window, local dates; null ends are open). */
    window?: { earliest: string | null; latest: string | null } | null;
  },
): Promise<SlotPickerData> {
  const tz = o.clinic.location.timeZone;
  const now = todayIn(tz, o.now);
  const horizon = addDays(now, o.clinic.settings.horizonDays);
  // The first and last day offered: the booking horizon, narrowed to the window when there is one.
  const today = o.window?.earliest && o.window.earliest > now ? o.window.earliest : now;
  const lastDay = o.window?.latest && o.window.latest < horizon ? o.window.latest : horizon;
  let weekStart = o.week && isValidPlainDate(o.week) ? o.week : o.date && isValidPlainDate(o.date) ? o.date : today;
  if (weekStart < today) weekStart = today;
  if (weekStart > lastDay) weekStart = lastDay;
  const weekEnd = addDays(weekStart, WEEK - 1);
  const slots = await getAvailability(db, {
    clinic: o.clinic,
    service: o.service,
    practitionerId: o.practitionerId,
    from: weekStart,
    to: weekEnd < lastDay ? weekEnd : lastDay,
    now: o.now,
    ignoreAppointmentId: o.ignoreAppointmentId,
  });
  const byDay = new Map<string, typeof slots>();
  for (const s of slots) {
    const day = localDateOf(s.start, tz);
    if (!byDay.has(day)) byDay.set(day, []);
    byDay.get(day)!.push(s);
  }
  const days: PickerDay[] = Array.from({ length: WEEK }, (_, i) => addDays(weekStart, i))
    .filter((d) => d <= lastDay)
    .map((date) => ({ date, count: new Set((byDay.get(date) ?? []).map((s) => s.start)).size }));
  const requested = o.date && isValidPlainDate(o.date) && o.date >= weekStart && o.date <= weekEnd && o.date <= lastDay ? o.date : null;
  const selectedDate = requested ?? days.find((d) => d.count > 0)?.date ?? null;

  // One time per start: with "anyone", the engine's first free practitioner takes it.
  const seen = new Set<number>();
  const groups: SlotPickerData["groups"] = [
    { name: "Morning", slots: [] },
    { name: "Afternoon", slots: [] },
    { name: "Evening", slots: [] },
  ];
  for (const s of selectedDate ? (byDay.get(selectedDate) ?? []) : []) {
    if (seen.has(s.start)) continue;
    seen.add(s.start);
    const hour = zoned(s.start, tz).hour;
    const group = hour < 12 ? groups[0]! : hour < 17 ? groups[1]! : groups[2]!;
    group.slots.push({
      start: zoned(s.start, tz).toString({ timeZoneName: "never", smallestUnit: "second" }),
      label: formatTime(s.start, tz, o.locale),
      practitionerId: s.practitionerId,
    });
  }

  let nextAvailableDate: string | null = null;
  if (slots.length === 0 && weekEnd < lastDay) {
    const later = await getAvailability(db, {
      clinic: o.clinic,
      service: o.service,
      practitionerId: o.practitionerId,
      from: addDays(weekEnd, 1),
      to: addDays(weekEnd, 62) < lastDay ? addDays(weekEnd, 62) : lastDay,
      now: o.now,
      ignoreAppointmentId: o.ignoreAppointmentId,
    });
    nextAvailableDate = later[0] ? localDateOf(later[0].start, tz) : null;
  }

  return {
    days,
    weekStart,
    prevWeek: weekStart > today ? (addDays(weekStart, -WEEK) < today ? today : addDays(weekStart, -WEEK)) : null,
    nextWeek: addDays(weekStart, WEEK) <= lastDay ? addDays(weekStart, WEEK) : null,
    selectedDate,
    groups: groups.filter((g) => g.slots.length > 0),
    nextAvailableDate,
    timeZone: tz,
  };
}
