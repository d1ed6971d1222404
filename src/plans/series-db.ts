// The series planner on the clinic's live calendars: one calendar load for the
// whole range the series can reach, then every session window is computed in
// memory by the same slot engine the booking page uses.
import type { DbOrTx } from "../db/open.ts";
import { loadSlotCalendars } from "../scheduling/availability.ts";
import { listPractitioners, type Clinic, type Service } from "../scheduling/clinic.ts";
import { computeSlots } from "../scheduling/slots.ts";
import { addDays, localDateOf, todayIn } from "../scheduling/time.ts";
import { planSeries, reflow, SeriesInputError, validateSeriesRequest, type SeriesPlan, type SeriesRequest } from "./series.ts";

export interface ProposeSeriesOptions {
  clinic: Clinic;
  /** The treatment service every session is booked as. */
  service: Service;
  /** Only this practitioner; null or absent for whoever offers the service. */
  practitionerId?: string | null;
  sessions: number;
  intervalMinDays: number;
  intervalMaxDays: number;
  /** Local YYYY-MM-DD in the clinic's zone. */
  earliestDate: string;
  /** Sessions that keep their time (booked ones that stay, one the person moved); the end follows from the service. */
  fixed?: { index: number; start: number; practitionerId: string; roomId: string | null }[];
  /** Re-flow after the person moved this session to `fixed`'s entry of the same index: the ones before it stay as planned. */
  movedIndex?: number;
  preferredTime?: string | null;
  now: number;
  /** The plan's own booked sessions when re-flowing, so they do not block the times they already hold. */
  ignoreAppointmentIds?: string[];
}

export type ProposedSeries = SeriesPlan & {
  /** Every practitioner id the sessions mention, with the name to show. */
  practitionerNames: Record<string, string>;
};

export async function proposeSeries(db: DbOrTx, o: ProposeSeriesOptions): Promise<ProposedSeries> {
  const tz = o.clinic.location.timeZone;
  const durationMs = o.service.durationMinutes * 60_000;
  const fixed = (o.fixed ?? []).map((f) => ({ ...f, end: f.start + durationMs }));
  const input: Omit<SeriesRequest, "slots"> = {
    timeZone: tz,
    sessions: o.sessions,
    intervalMinDays: o.intervalMinDays,
    intervalMaxDays: o.intervalMaxDays,
    earliestDate: o.earliestDate,
    fixed,
    practitionerId: o.practitionerId ?? null,
    preferredTime: o.preferredTime ?? null,
    now: o.now,
    horizonDays: o.clinic.settings.horizonDays,
  };
  // Before the load: bad input costs nothing, and the range below may assume sane numbers.
  validateSeriesRequest(input);

  // Each session lies at most intervalMaxDays after the previous one (the
  // first within intervalMaxDays of the earliest date), and a fixed session
  // restarts that count, so no window ends later than the latest of those
  // anchors plus sessions × intervalMaxDays. Past the horizon the engine
  // offers nothing anyway, so the range stops there.
  const today = todayIn(tz, o.now);
  const lastBookable = addDays(today, o.clinic.settings.horizonDays);
  let anchor = o.earliestDate;
  for (const f of fixed) {
    const date = localDateOf(f.start, tz);
    if (date > anchor) anchor = date;
  }
  const from = o.earliestDate > today ? o.earliestDate : today;
  const reach = addDays(anchor, o.sessions * o.intervalMaxDays);
  const to = [reach, lastBookable].reduce((a, b) => (b < a ? b : a));
  const loadTo = to < from ? from : to;

  const { names, ...base } = await loadSlotCalendars(db, {
    clinic: o.clinic,
    service: o.service,
    practitionerId: o.practitionerId ?? undefined,
    from,
    to: loadTo,
    now: o.now,
    ignoreAppointmentIds: o.ignoreAppointmentIds,
  });

  const request: SeriesRequest = {
    ...input,
    practitionerNames: Object.fromEntries(names),
    // Clamped to what was loaded: outside it the calendars are empty and every
    // time would look free. The planner never asks outside it (see above).
    slots: (a, b) => computeSlots({ ...base, from: a < from ? from : a, to: b > loadTo ? loadTo : b }),
  };

  let plan: SeriesPlan;
  if (o.movedIndex === undefined) {
    plan = planSeries(request);
  } else {
    const moved = fixed.find((f) => f.index === o.movedIndex);
    if (moved === undefined) throw new SeriesInputError(`Session ${o.movedIndex + 1} was moved but no new time was given`);
    plan = reflow({ ...request, fixed: fixed.filter((f) => f !== moved) }, o.movedIndex, moved);
  }

  const practitionerNames: Record<string, string> = Object.fromEntries(names);
  const mentioned = plan.sessions.flatMap((s) => (s.status === "unplaced" ? [] : [s.slot.practitionerId]));
  // A booked session may be with someone outside the loaded set (another
  // practitioner, or one who no longer offers the service); a second small
  // read only then.
  if (mentioned.some((id) => !(id in practitionerNames))) {
    for (const p of await listPractitioners(db, o.clinic.organizationId, { includeInactive: true })) {
      if (mentioned.includes(p.id)) practitionerNames[p.id] = p.name;
    }
  }
  return { ...plan, practitionerNames };
}
