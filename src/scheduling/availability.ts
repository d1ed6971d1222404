// Loads what the slot engine needs from the database. The public booking
// pages, the API, the staff calendar and the booking action all come through
// here, so what is shown and what is accepted are the same computation.
import { and, asc, eq, gt, inArray, isNotNull, lt, ne, or, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/open.ts";
import {
  appointments,
  practitionerExceptions,
  practitionerHours,
  practitionerServices,
  practitioners,
  rooms,
  timeOff,
} from "../db/schema.ts";
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
  /** An appointment being moved or a hold being confirmed does not block itself. */
  ignoreAppointmentId?: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

async function loadCalendars(db: DbOrTx, q: CalendarQuery): Promise<Omit<SlotRequest, "from" | "to">> {
  const { clinic, service } = q;
  const orgId = clinic.organizationId;
  const tz = clinic.location.timeZone;
  // Buffers and DST reach past the local day; a day either side covers both.
  const rangeStart = new Date((localDateTimeToEpoch(q.from, "00:00", tz) ?? Date.parse(`${q.from}T00:00:00Z`)) - DAY_MS);
  const rangeEnd = new Date((localDateTimeToEpoch(addDays(q.to, 1), "00:00", tz) ?? Date.parse(`${q.to}T00:00:00Z`)) + DAY_MS);
  const now = new Date(q.now);

  const offering = await db
    .select({ id: practitioners.id })
    .from(practitioners)
    .innerJoin(practitionerServices, eq(practitionerServices.practitionerId, practitioners.id))
    .where(
      and(
        eq(practitioners.organizationId, orgId),
        eq(practitioners.active, true),
        eq(practitionerServices.serviceId, service.id),
        q.practitionerId ? eq(practitioners.id, q.practitionerId) : undefined,
      ),
    )
    .orderBy(asc(practitioners.sortOrder), asc(practitioners.name));
  const ids = offering.map((p) => p.id);

  const liveAppointment = and(
    eq(appointments.organizationId, orgId),
    ne(appointments.status, "cancelled"),
    // An expired hold no longer blocks; the booking transaction deletes it.
    or(ne(appointments.status, "held"), gt(appointments.holdExpiresAt, now)),
    lt(appointments.blockedFrom, rangeEnd),
    gt(appointments.blockedUntil, rangeStart),
    q.ignoreAppointmentId ? ne(appointments.id, q.ignoreAppointmentId) : undefined,
  );

  // One query at a time: a transaction's single connection cannot run them in parallel.
  const hours = await (ids.length ? db.select().from(practitionerHours).where(inArray(practitionerHours.practitionerId, ids)) : []);
  const exceptions = await (ids.length
      ? db
          .select()
          .from(practitionerExceptions)
          .where(
            and(
              inArray(practitionerExceptions.practitionerId, ids),
              sql`${practitionerExceptions.date} BETWEEN ${addDays(q.from, -1)} AND ${addDays(q.to, 1)}`,
            ),
          )
      : []);
  const offs = await (ids.length
      ? db
          .select()
          .from(timeOff)
          .where(and(inArray(timeOff.practitionerId, ids), lt(timeOff.startsAt, rangeEnd), gt(timeOff.endsAt, rangeStart)))
      : []);
  const busy = await (ids.length
      ? db
          .select({
            practitionerId: appointments.practitionerId,
            start: appointments.blockedFrom,
            end: appointments.blockedUntil,
          })
          .from(appointments)
          .where(and(liveAppointment, inArray(appointments.practitionerId, ids)))
      : []);
  const roomRows = await (service.requiresRoom
      ? db
          .select({ id: rooms.id })
          .from(rooms)
          .where(and(eq(rooms.organizationId, orgId), eq(rooms.locationId, clinic.location.id), eq(rooms.active, true)))
          .orderBy(asc(rooms.sortOrder), asc(rooms.name))
      : []);
  const roomBusy = await (service.requiresRoom
      ? db
          .select({ roomId: appointments.roomId, start: appointments.blockedFrom, end: appointments.blockedUntil })
          .from(appointments)
          .where(and(liveAppointment, isNotNull(appointments.roomId)))
      : []);

  const byPractitioner = new Map<string, PractitionerCalendar>(
    ids.map((id) => [id, { id, weeklyHours: {}, exceptions: [], timeOff: [], busy: [] }]),
  );
  for (const h of hours) {
    const cal = byPractitioner.get(h.practitionerId)!;
    (cal.weeklyHours[h.weekday as Weekday] ??= []).push({ start: h.startTime, end: h.endTime });
  }
  for (const e of exceptions) byPractitioner.get(e.practitionerId)!.exceptions.push({ date: e.date, intervals: e.intervals });
  for (const t of offs) byPractitioner.get(t.practitionerId)!.timeOff.push(toBusy(t.startsAt, t.endsAt));
  for (const b of busy) byPractitioner.get(b.practitionerId)?.busy.push(toBusy(b.start, b.end));

  let roomCalendars: RoomCalendar[] | null = null;
  if (service.requiresRoom) {
    const byRoom = new Map<string, RoomCalendar>(roomRows.map((r) => [r.id, { id: r.id, busy: [] as Busy[] }]));
    for (const b of roomBusy) if (b.roomId) byRoom.get(b.roomId)?.busy.push(toBusy(b.start, b.end));
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
    now: q.now,
    practitioners: ids.map((id) => byPractitioner.get(id)!),
    rooms: roomCalendars,
  };
}

function toBusy(start: Date, end: Date): Busy {
  return { start: start.getTime(), end: end.getTime() };
}

export async function getAvailability(db: DbOrTx, q: CalendarQuery): Promise<Slot[]> {
  const base = await loadCalendars(db, q);
  return computeSlots({ ...base, from: q.from, to: q.to });
}

/** The free slot at exactly `start`, or null: the same rules as getAvailability. */
export async function checkSlot(
  db: DbOrTx,
  q: Omit<CalendarQuery, "from" | "to">,
  start: number,
): Promise<Slot | null> {
  const day = localDateOf(start, q.clinic.location.timeZone);
  const base = await loadCalendars(db, { ...q, from: day, to: day });
  return findSlot(base, start, q.practitionerId);
}

/** Up to three free times nearest to `target`, looked for within a week either side. */
export async function nearestAlternatives(
  db: DbOrTx,
  q: Omit<CalendarQuery, "from" | "to">,
  target: number,
): Promise<Slot[]> {
  const day = localDateOf(target, q.clinic.location.timeZone);
  const slots = await getAvailability(db, { ...q, from: addDays(day, -7), to: addDays(day, 7) });
  return nearestSlots(slots, target, 3);
}
