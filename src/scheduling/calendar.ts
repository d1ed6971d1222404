// What the staff calendar reads: appointments in a time range with the names
// staff need to recognise them, and the hours each practitioner works. Every
// query is scoped to one organization.
import { and, asc, eq, gt, inArray, lt, sql } from "drizzle-orm";
import { Temporal } from "temporal-polyfill";
import type { DbOrTx } from "../db/open.ts";
import { appointments, clients, practitionerExceptions, practitionerHours, practitioners, rooms, services, timeOff } from "../db/schema.ts";
import { isUuid } from "../kernel/ids.ts";
import { hoursLessTimeOff, type LocalInterval, type Weekday } from "./slots.ts";
import { addDays, isValidPlainDate } from "./time.ts";
import { PRACTITIONER_OF_APPOINTMENT, SERVICE_OF_APPOINTMENT } from "./appointment-joins.ts";
import { dayStateOf, type DayState } from "./appointment-day.ts";

/** The statuses a calendar shows; holds are someone still typing, not an appointment. */
export const CALENDAR_STATUSES = ["booked", "completed", "no-show", "cancelled"] as const;
export type CalendarStatus = (typeof CALENDAR_STATUSES)[number];

export interface CalendarAppointment {
  id: string;
  status: CalendarStatus;
  startMs: number;
  endMs: number;
  serviceId: string;
  serviceName: string;
  practitionerId: string;
  practitionerName: string;
  roomId: string | null;
  roomName: string | null;
  clientId: string | null;
  clientName: string;
  clientEmail: string;
  clientPhone: string | null;
  source: "online" | "staff" | "api";
  lateCancellation: boolean;
  cancelledAt: number | null;
  createdAt: number;
  /** A session of a treatment plan's series (1-based), or null. */
  planSession: number | null;
  /** The treatment plan of that series, or null. */
  planId: string | null;
  /** When the client confirmed a booking made without signing in (staff bookings: when booked); null: not yet. */
  clientConfirmedAt: number | null;
  /** What a booking made without signing in typed that differs from the client's stored details; null: nothing. */
  typed: { name: string | null; phone: string | null; locale: "en" | "fr" | null } | null;
  /** A consultation or a treatment (needles): a treatment is started and completed only by its practitioner. */
  serviceKind: "consultation" | "treatment";
  /** The appointment's day (epoch ms, null until it happens): arrival, start and end of the session, a no-show marked. */
  arrivedAt: number | null;
  startedAt: number | null;
  completedAt: number | null;
  noShowAt: number | null;
  /** Where it stands on its day: booked, arrived, in session, completed, no-show or cancelled. */
  dayState: DayState;
}

export interface ListAppointmentsQuery {
  organizationId: string;
  /** Epoch ms, inclusive. */
  from: number;
  /** Epoch ms, exclusive. */
  to: number;
  /** Only these practitioners; an empty list matches nothing. */
  practitionerIds?: string[];
}

function selectAppointments(db: DbOrTx) {
  return (
    db
      .select({
        id: appointments.id,
        status: appointments.status,
        startsAt: appointments.startsAt,
        endsAt: appointments.endsAt,
        serviceId: appointments.serviceId,
        serviceName: services.name,
        practitionerId: appointments.practitionerId,
        practitionerName: practitioners.name,
        roomId: appointments.roomId,
        roomName: rooms.name,
        clientId: appointments.clientId,
        clientName: clients.name,
        clientEmail: clients.email,
        clientPhone: clients.phone,
        source: appointments.source,
        lateCancellation: appointments.lateCancellation,
        cancelledAt: appointments.cancelledAt,
        createdAt: appointments.createdAt,
        planSession: appointments.planSession,
        planId: appointments.planId,
        clientConfirmedAt: appointments.clientConfirmedAt,
        bookedName: appointments.bookedName,
        bookedPhone: appointments.bookedPhone,
        bookedLocale: appointments.bookedLocale,
        serviceKind: services.kind,
        arrivedAt: appointments.arrivedAt,
        startedAt: appointments.startedAt,
        completedAt: appointments.completedAt,
        noShowAt: appointments.noShowAt,
      })
      .from(appointments)
      // Joins repeat the organization so a row can never pick up another clinic's names.
      .innerJoin(services, SERVICE_OF_APPOINTMENT)
      .innerJoin(practitioners, PRACTITIONER_OF_APPOINTMENT)
      .leftJoin(clients, and(eq(clients.id, appointments.clientId), eq(clients.organizationId, appointments.organizationId)))
      .leftJoin(rooms, and(eq(rooms.id, appointments.roomId), eq(rooms.organizationId, appointments.organizationId)))
  );
}

type SelectedRow = Awaited<ReturnType<ReturnType<typeof selectAppointments>["where"]>>[number];

function toCalendarAppointment(r: SelectedRow): CalendarAppointment {
  return {
    id: r.id,
    status: r.status as CalendarStatus,
    startMs: r.startsAt.getTime(),
    endMs: r.endsAt.getTime(),
    serviceId: r.serviceId,
    serviceName: r.serviceName,
    practitionerId: r.practitionerId,
    practitionerName: r.practitionerName,
    roomId: r.roomId,
    roomName: r.roomName ?? null,
    clientId: r.clientId,
    clientName: r.clientName ?? "",
    clientEmail: r.clientEmail ?? "",
    clientPhone: r.clientPhone ?? null,
    source: r.source,
    planSession: r.planSession ?? null,
    planId: r.planId ?? null,
    clientConfirmedAt: r.clientConfirmedAt ? r.clientConfirmedAt.getTime() : null,
    typed:
      r.bookedName || r.bookedPhone || r.bookedLocale
        ? { name: r.bookedName ?? null, phone: r.bookedPhone ?? null, locale: r.bookedLocale ?? null }
        : null,
    lateCancellation: r.lateCancellation,
    cancelledAt: r.cancelledAt ? r.cancelledAt.getTime() : null,
    createdAt: r.createdAt.getTime(),
    serviceKind: r.serviceKind,
    arrivedAt: r.arrivedAt?.getTime() ?? null,
    startedAt: r.startedAt?.getTime() ?? null,
    completedAt: r.completedAt?.getTime() ?? null,
    noShowAt: r.noShowAt?.getTime() ?? null,
    dayState: dayStateOf({ status: r.status, arrivedAt: r.arrivedAt?.getTime() ?? null, startedAt: r.startedAt?.getTime() ?? null }),
  };
}

/**
 * Appointments (booked, completed, no-show and cancelled; never holds) that
 * overlap `[from, to)`, ordered by start and then by the practitioners' order.
 */
export async function listAppointments(db: DbOrTx, q: ListAppointmentsQuery): Promise<CalendarAppointment[]> {
  if (q.practitionerIds && q.practitionerIds.length === 0) return [];
  if (!(q.to > q.from)) return [];
  const ids = q.practitionerIds?.filter(isUuid);
  if (ids && ids.length === 0) return [];
  const rows = await selectAppointments(db)
    .where(
      and(
        eq(appointments.organizationId, q.organizationId),
        inArray(appointments.status, [...CALENDAR_STATUSES]),
        lt(appointments.startsAt, new Date(q.to)),
        gt(appointments.endsAt, new Date(q.from)),
        ids ? inArray(appointments.practitionerId, ids) : undefined,
      ),
    )
    .orderBy(asc(appointments.startsAt), asc(practitioners.sortOrder), asc(practitioners.name), asc(appointments.id));
  return rows.map(toCalendarAppointment);
}

/** One appointment of this organization, or null for an unknown id, a hold or another clinic's id. */
export async function getAppointment(db: DbOrTx, organizationId: string, id: string): Promise<CalendarAppointment | null> {
  if (!isUuid(id)) return null;
  const [row] = await selectAppointments(db)
    .where(
      and(eq(appointments.id, id), eq(appointments.organizationId, organizationId), inArray(appointments.status, [...CALENDAR_STATUSES])),
    )
    .limit(1);
  return row ? toCalendarAppointment(row) : null;
}

export interface WorkingDay {
  practitionerId: string;
  /** Local date YYYY-MM-DD. */
  date: string;
  /** The wall-clock hours worked, in order, time off taken out; empty when not working. */
  intervals: LocalInterval[];
  /** The hours of the date before time off (its weekly hours, or its date exception), in order. */
  scheduled: LocalInterval[];
  /** True when a date exception replaced the weekly hours. */
  exception: boolean;
}

export interface TimeOffBlock {
  id: string;
  practitionerId: string;
  startMs: number;
  endMs: number;
}

/**
 * Each practitioner's working hours on the local dates `from`..`to`
 * (inclusive), with date exceptions applied and time off taken out
 * (hoursLessTimeOff), and their time off overlapping `[rangeStartMs,
 * rangeEndMs)`. The same rules the slot engine uses.
 */
export async function listWorkingHours(
  db: DbOrTx,
  q: {
    organizationId: string;
    practitionerIds: string[];
    from: string;
    to: string;
    rangeStartMs: number;
    rangeEndMs: number;
    /** The clinic's zone, which the hours are local to. */
    timeZone: string;
  },
): Promise<{ days: WorkingDay[]; timeOff: TimeOffBlock[] }> {
  const ids = q.practitionerIds.filter(isUuid);
  if (ids.length === 0 || !isValidPlainDate(q.from) || !isValidPlainDate(q.to) || q.from > q.to) return { days: [], timeOff: [] };
  const hours = await db
    .select()
    .from(practitionerHours)
    .where(and(eq(practitionerHours.organizationId, q.organizationId), inArray(practitionerHours.practitionerId, ids)));
  const exceptions = await db
    .select()
    .from(practitionerExceptions)
    .where(
      and(
        eq(practitionerExceptions.organizationId, q.organizationId),
        inArray(practitionerExceptions.practitionerId, ids),
        sql`${practitionerExceptions.date} BETWEEN ${q.from} AND ${q.to}`,
      ),
    );
  const offs = await db
    .select()
    .from(timeOff)
    .where(
      and(
        eq(timeOff.organizationId, q.organizationId),
        inArray(timeOff.practitionerId, ids),
        lt(timeOff.startsAt, new Date(q.rangeEndMs)),
        gt(timeOff.endsAt, new Date(q.rangeStartMs)),
      ),
    )
    .orderBy(asc(timeOff.startsAt));

  const weekly = new Map<string, Partial<Record<Weekday, LocalInterval[]>>>();
  for (const h of hours) {
    const byDay = weekly.get(h.practitionerId) ?? {};
    (byDay[h.weekday as Weekday] ??= []).push({ start: h.startTime, end: h.endTime });
    weekly.set(h.practitionerId, byDay);
  }
  const exceptionFor = new Map(exceptions.map((e) => [`${e.practitionerId}|${e.date}`, e.intervals]));

  const blocks = offs.map((t) => ({
    id: t.id,
    practitionerId: t.practitionerId,
    startMs: t.startsAt.getTime(),
    endMs: t.endsAt.getTime(),
  }));
  const offOf = new Map(
    ids.map((id) => [id, blocks.filter((b) => b.practitionerId === id).map((b) => ({ start: b.startMs, end: b.endMs }))]),
  );

  const days: WorkingDay[] = [];
  for (let date = q.from; date <= q.to; date = addDays(date, 1)) {
    const weekday = Temporal.PlainDate.from(date).dayOfWeek as Weekday;
    for (const id of ids) {
      const replaced = exceptionFor.get(`${id}|${date}`);
      const scheduled = [...(replaced ?? weekly.get(id)?.[weekday] ?? [])].sort((a, b) => a.start.localeCompare(b.start));
      const intervals = hoursLessTimeOff(date, scheduled, offOf.get(id)!, q.timeZone);
      days.push({ practitionerId: id, date, intervals, scheduled, exception: replaced !== undefined });
    }
  }
  return { days, timeOff: blocks };
}
