// The clinic's opening hours as the public pages state them: for each weekday,
// the union of the weekly hours of every active practitioner. Hours are
// wall-clock times in the clinic's own zone, so a DST change does not move them;
// one-off exceptions and time off are left out (they are not "opening hours").
import { and, asc, eq } from "drizzle-orm";
import type { DbOrTx } from "../../src/db/open.ts";
import { practitionerHours, practitioners } from "../../src/db/schema.ts";
import type { LocalInterval, Weekday, WeeklyHours } from "../../src/scheduling/slots.ts";

export const WEEKDAYS: readonly Weekday[] = [1, 2, 3, 4, 5, 6, 7];

/** Every weekday, Monday first; an empty list means closed that day. */
export type OpeningHours = Readonly<Record<Weekday, readonly LocalInterval[]>>;

/** Sorted, with overlapping or touching intervals joined ("09:00–12:00" + "12:00–17:00" → "09:00–17:00"). */
export function mergeIntervals(intervals: readonly LocalInterval[]): LocalInterval[] {
  const sorted = intervals.filter((i) => i.start < i.end).sort((a, b) => a.start.localeCompare(b.start) || a.end.localeCompare(b.end));
  const merged: LocalInterval[] = [];
  for (const interval of sorted) {
    const last = merged.at(-1);
    if (last && interval.start <= last.end) {
      if (interval.end > last.end) last.end = interval.end;
    } else {
      merged.push({ start: interval.start, end: interval.end });
    }
  }
  return merged;
}

/** The clinic is open on a weekday whenever at least one practitioner works then. */
export function unionOfWeeklyHours(weeks: readonly WeeklyHours[]): OpeningHours {
  const hours = {} as Record<Weekday, LocalInterval[]>;
  for (const day of WEEKDAYS) hours[day] = mergeIntervals(weeks.flatMap((week) => week[day] ?? []));
  return hours;
}

/** The opening hours from the database: active practitioners of this organization only. */
export async function loadOpeningHours(db: DbOrTx, organizationId: string): Promise<OpeningHours> {
  const rows = await db
    .select({
      practitionerId: practitionerHours.practitionerId,
      weekday: practitionerHours.weekday,
      start: practitionerHours.startTime,
      end: practitionerHours.endTime,
    })
    .from(practitionerHours)
    .innerJoin(
      practitioners,
      and(eq(practitioners.id, practitionerHours.practitionerId), eq(practitioners.organizationId, practitionerHours.organizationId)),
    )
    .where(and(eq(practitionerHours.organizationId, organizationId), eq(practitioners.active, true)))
    .orderBy(asc(practitionerHours.weekday), asc(practitionerHours.startTime));
  const byPractitioner = new Map<string, WeeklyHours>();
  for (const row of rows) {
    if (!WEEKDAYS.includes(row.weekday as Weekday)) continue;
    const week = byPractitioner.get(row.practitionerId) ?? {};
    (week[row.weekday as Weekday] ??= []).push({ start: row.start, end: row.end });
    byPractitioner.set(row.practitionerId, week);
  }
  return unionOfWeeklyHours([...byPractitioner.values()]);
}
