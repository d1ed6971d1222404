// Loads what the slot engine needs from the database. The public booking
// pages, the API, the staff calendar and the booking action all come through
// here, so what is shown and what is accepted are the same computation.
import { sql } from "drizzle-orm";
import { rowsOf, type DbOrTx } from "../db/open.ts";
import { isUuid } from "../kernel/ids.ts";
import type { Clinic, Service } from "./clinic.ts";
import {
  computeSlots,
  findSlot,
  nearestSlots,
  type Busy,
  type PractitionerCalendar,
  type RoomCalendar,
  type Slot,
  type SlotRequest,
  type Weekday,
} from "./slots.ts";
import { addDays, localDateOf, localDateTimeToEpoch } from "./time.ts";

export interface CalendarQuery {
  clinic: Clinic;
  service: Service;
  /** Only this practitioner; otherwise everyone who offers the service. */
  practitionerId?: string;
  /** Inclusive local dates. */
  from: string;
  to: string;
  now: number;
  /**
   * The instant the minimum notice is counted from, when not `now`: a time
   * held in good time stays bookable while the person types their details.
   */
  noticeFrom?: number;
  /** An appointment being moved or a hold being confirmed does not block itself. */
  ignoreAppointmentId?: string;
  /** Several appointments that do not block, e.g. a treatment plan's own sessions while its series is re-planned. */
  ignoreAppointmentIds?: string[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

interface CalendarRows {
  practitioners: { id: string; name: string }[];
  hours: { p: string; w: number; s: string; e: string }[];
  exceptions: { p: string; d: string; i: { start: string; end: string }[] }[];
  time_off: { p: string; s: number; e: number }[];
  busy: { p: string; s: number; e: number }[];
  rooms: { id: string }[];
  room_busy: { r: string; s: number; e: number }[];
}

/**
 * Everything the slot engine needs, in one statement: availability is asked
 * for on every page view and inside every booking transaction, and on the
 * embedded database each round trip costs more than the query itself.
 */
async function loadCalendars(db: DbOrTx, q: CalendarQuery): Promise<Omit<SlotRequest, "from" | "to"> & { names: Map<string, string> }> {
  const { clinic, service } = q;
  const orgId = clinic.organizationId;
  const tz = clinic.location.timeZone;
  // Buffers and DST reach past the local day; a day either side covers both.
  const rangeStart = new Date((localDateTimeToEpoch(q.from, "00:00", tz) ?? Date.parse(`${q.from}T00:00:00Z`)) - DAY_MS).toISOString();
  const rangeEnd = new Date(
    (localDateTimeToEpoch(addDays(q.to, 1), "00:00", tz) ?? Date.parse(`${q.to}T00:00:00Z`)) + DAY_MS,
  ).toISOString();
  const now = new Date(q.now).toISOString();
  const onlyPractitioner = q.practitionerId ?? null;
  const ignore = q.ignoreAppointmentId ?? null;
  // A PostgreSQL array literal as one parameter: drizzle expands a JS array into
  // a parenthesised list, which `<> ALL(...)` cannot take. Only uuids go in, since
  // an element such as NULL would make `<> ALL` unknown and hide every booking.
  const ignoreIds = q.ignoreAppointmentIds ?? [];
  if (!ignoreIds.every(isUuid)) throw new RangeError("ignoreAppointmentIds must be uuids");
  const ignoreMany = ignoreIds.length > 0 ? `{${ignoreIds.join(",")}}` : null;
  const ms = (column: string) => sql.raw(`(extract(epoch from ${column}) * 1000)::float8`);

  const result = await db.execute(sql`
    WITH p AS (
      SELECT pr.id, pr.name, pr.sort_order FROM practitioners pr
      JOIN practitioner_services ps ON ps.practitioner_id = pr.id AND ps.service_id = ${service.id}
      WHERE pr.organization_id = ${orgId} AND pr.active
        AND (${onlyPractitioner}::uuid IS NULL OR pr.id = ${onlyPractitioner}::uuid)
    ),
    live AS (
      -- An expired hold no longer blocks; the booking transaction deletes it.
      SELECT practitioner_id, room_id, blocked_from, blocked_until FROM appointments
      WHERE organization_id = ${orgId} AND status <> 'cancelled'
        AND (status <> 'held' OR hold_expires_at > ${now}::timestamptz)
        -- The same test as blocked_from < end AND blocked_until > start (a blocked range is never empty),
        -- written as the exclusion constraint's range so its GiST index finds only the week's rows.
        AND tstzrange(blocked_from, blocked_until, '[)') && tstzrange(${rangeStart}::timestamptz, ${rangeEnd}::timestamptz, '[)')
        AND (${ignore}::uuid IS NULL OR id <> ${ignore}::uuid)
        AND (${ignoreMany}::uuid[] IS NULL OR id <> ALL(${ignoreMany}::uuid[]))
    )
    SELECT
      (SELECT coalesce(json_agg(json_build_object('id', id, 'name', name) ORDER BY sort_order, name), '[]') FROM p) AS practitioners,
      (SELECT coalesce(json_agg(json_build_object('p', practitioner_id, 'w', weekday, 's', start_time, 'e', end_time)), '[]')
         FROM practitioner_hours WHERE practitioner_id IN (SELECT id FROM p)) AS hours,
      (SELECT coalesce(json_agg(json_build_object('p', practitioner_id, 'd', date::text, 'i', intervals)), '[]')
         FROM practitioner_exceptions WHERE practitioner_id IN (SELECT id FROM p)
           AND date BETWEEN ${addDays(q.from, -1)}::date AND ${addDays(q.to, 1)}::date) AS exceptions,
      (SELECT coalesce(json_agg(json_build_object('p', practitioner_id, 's', ${ms("starts_at")}, 'e', ${ms("ends_at")})), '[]')
         FROM time_off WHERE practitioner_id IN (SELECT id FROM p)
           AND starts_at < ${rangeEnd}::timestamptz AND ends_at > ${rangeStart}::timestamptz) AS time_off,
      (SELECT coalesce(json_agg(json_build_object('p', practitioner_id, 's', ${ms("blocked_from")}, 'e', ${ms("blocked_until")})), '[]')
         FROM live WHERE practitioner_id IN (SELECT id FROM p)) AS busy,
      (SELECT coalesce(json_agg(json_build_object('id', id) ORDER BY sort_order, name), '[]')
         FROM rooms WHERE ${service.requiresRoom} AND organization_id = ${orgId} AND location_id = ${clinic.location.id} AND active) AS rooms,
      (SELECT coalesce(json_agg(json_build_object('r', room_id, 's', ${ms("blocked_from")}, 'e', ${ms("blocked_until")})), '[]')
         FROM live WHERE ${service.requiresRoom} AND room_id IS NOT NULL) AS room_busy
  `);
  const row = parseJsonColumns(rowsOf<Record<string, unknown>>(result)[0]!) as unknown as CalendarRows;

  const ids = row.practitioners.map((p) => p.id);
  const byPractitioner = new Map<string, PractitionerCalendar>(
    ids.map((id) => [id, { id, weeklyHours: {}, exceptions: [], timeOff: [], busy: [] }]),
  );
  for (const h of row.hours) (byPractitioner.get(h.p)!.weeklyHours[h.w as Weekday] ??= []).push({ start: h.s, end: h.e });
  for (const e of row.exceptions) byPractitioner.get(e.p)!.exceptions.push({ date: e.d, intervals: e.i });
  for (const t of row.time_off) byPractitioner.get(t.p)!.timeOff.push({ start: t.s, end: t.e });
  for (const b of row.busy) byPractitioner.get(b.p)!.busy.push({ start: b.s, end: b.e });

  let roomCalendars: RoomCalendar[] | null = null;
  if (service.requiresRoom) {
    const byRoom = new Map<string, RoomCalendar>(row.rooms.map((r) => [r.id, { id: r.id, busy: [] as Busy[] }]));
    for (const b of row.room_busy) byRoom.get(b.r)?.busy.push({ start: b.s, end: b.e });
    roomCalendars = [...byRoom.values()];
  }

  return {
    timeZone: tz,
    durationMinutes: service.durationMinutes,
    bufferBeforeMinutes: service.bufferBeforeMinutes,
    bufferAfterMinutes: service.bufferAfterMinutes,
    minimumNoticeMinutes: clinic.settings.minimumNoticeMinutes,
    horizonDays: clinic.settings.horizonDays,
    stepMinutes: clinic.settings.slotStepMinutes,
    now: q.noticeFrom ?? q.now,
    practitioners: ids.map((id) => byPractitioner.get(id)!),
    rooms: roomCalendars,
    names: new Map(row.practitioners.map((p) => [p.id, p.name])),
  };
}

/**
 * The loaded calendars without a date range, so one load can feed many
 * `computeSlots` calls in memory (the series planner asks about one window per
 * session). Only what lies within `q.from`..`q.to` was loaded: slots asked for
 * outside that range would look free.
 */
export async function loadSlotCalendars(
  db: DbOrTx,
  q: CalendarQuery,
): Promise<Omit<SlotRequest, "from" | "to"> & { names: Map<string, string> }> {
  return loadCalendars(db, q);
}

/** node-postgres parses json columns; PGlite may hand them back as text. */
function parseJsonColumns(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === "string" ? JSON.parse(v) : v]));
}

export async function getAvailability(db: DbOrTx, q: CalendarQuery): Promise<Slot[]> {
  const { names: _names, ...base } = await loadCalendars(db, q);
  return computeSlots({ ...base, from: q.from, to: q.to });
}

/** The free slot at exactly `start`, or null: the same rules as getAvailability. */
export async function checkSlot(
  db: DbOrTx,
  q: Omit<CalendarQuery, "from" | "to">,
  start: number,
): Promise<(Slot & { practitionerName: string }) | null> {
  const day = localDateOf(start, q.clinic.location.timeZone);
  const { names, ...base } = await loadCalendars(db, { ...q, from: day, to: day });
  const slot = findSlot(base, start, q.practitionerId);
  return slot ? { ...slot, practitionerName: names.get(slot.practitionerId) ?? "" } : null;
}

/** Up to three free times nearest to `target`, looked for within a week either side. */
export async function nearestAlternatives(db: DbOrTx, q: Omit<CalendarQuery, "from" | "to">, target: number): Promise<Slot[]> {
  const day = localDateOf(target, q.clinic.location.timeZone);
  const slots = await getAvailability(db, { ...q, from: addDays(day, -7), to: addDays(day, 7) });
  return nearestSlots(slots, target, 3);
}
