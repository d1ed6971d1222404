// Holding a time while a person types, and everything done to a booking
// afterwards: look it up, cancel it, move it. A client proves access with the
// manage token; staff by their role (schedule.view to look, schedule.edit to change).
import { and, eq, inArray, ne } from "drizzle-orm";
import { Temporal } from "temporal-polyfill";
import type { Db, Tx } from "../db/open.ts";
import { appointments, clients, services, type StaffRole } from "../db/schema.ts";
import { NotFoundError } from "../kernel/errors.ts";
import { isUuid } from "../kernel/ids.ts";
import { hashToken, newToken } from "../kernel/tokens.ts";
import { composeBookingMessage } from "../notifications/booking-messages.ts";
import { enqueueMessage } from "../notifications/outbox.ts";
import { syncAppointmentReminder } from "../notifications/reminders.ts";
import { checkSlot, nearestAlternatives } from "./availability.ts";
import type { KeyRing } from "../privacy/keyring.ts";
import { lockPlan } from "../plans/record/read.ts";
import { planSeriesFacts } from "../plans/record/series-facts.ts";
import {
  checkEligibility,
  emailBookingRefusal,
  locationLine,
  practitionerName,
  purgeExpiredHolds,
  retryable,
  type AuditActor,
} from "./book-appointment.ts";
import type { Clinic, Service } from "./clinic.ts";
import {
  constraintViolation,
  EXCLUSION_VIOLATION,
  isTransientConflict,
  NotBookableOnlineError,
  NotEligibleError,
  PlanWindowError,
  SlotUnavailableError,
} from "./errors.ts";
import type { Slot } from "./slots.ts";
import { localDateOf, toOffsetIso } from "./time.ts";
import { recordAuditEvent } from "../audit/audit-log.ts";
import { requirePermission } from "../kernel/access.ts";

/** A client with the manage token, or staff: reading needs `schedule.view`, changing needs `schedule.edit`. */
export type Access = { token: string } | { staff: { role: StaffRole } };

export interface BookingView {
  id: string;
  status: "booked" | "cancelled" | "completed" | "no-show";
  serviceId: string;
  serviceName: string;
  /** The service's French name; empty when the clinic entered none. */
  serviceNameFr: string;
  practitionerId: string;
  practitionerName: string;
  start: string;
  end: string;
  startMs: number;
  endMs: number;
  /** For the server only (the API's answer names no client): whether the request's portal session is this booking's client. */
  clientId: string | null;
  clientName: string;
  lateCancellation: boolean;
  /** Cancelling now would be inside the clinic's cancellation window. */
  insideCancellationWindow: boolean;
  cancellationWindowMinutes: number;
  changeable: boolean;
}

type Row = typeof appointments.$inferSelect;

async function findAppointment(tx: Tx | Db, clinic: Clinic, id: string, access: Access, forUpdate = false): Promise<Row> {
  // forUpdate: the caller is about to change the appointment.
  if ("staff" in access)
    requirePermission(access.staff, forUpdate ? "schedule.edit" : "schedule.view", forUpdate ? "change appointments" : "see appointments");
  if (!isUuid(id)) throw new NotFoundError("The booking");
  const base = tx
    .select()
    .from(appointments)
    .where(and(eq(appointments.id, id), eq(appointments.organizationId, clinic.organizationId)));
  const [row] = forUpdate ? await base.for("update") : await base;
  // A wrong token and a missing booking look the same from outside.
  if (!row || row.status === "held") throw new NotFoundError("The booking");
  if ("token" in access && (!row.manageTokenHash || row.manageTokenHash !== hashToken(access.token))) {
    throw new NotFoundError("The booking");
  }
  return row;
}

async function toView(tx: Tx | Db, clinic: Clinic, row: Row, now: number): Promise<BookingView> {
  const tz = clinic.location.timeZone;
  const [service] = await tx
    .select({ name: services.name, nameFr: services.nameFr })
    .from(services)
    .where(and(eq(services.organizationId, row.organizationId), eq(services.id, row.serviceId)));
  const [client] = row.clientId
    ? await tx
        .select({ name: clients.name })
        .from(clients)
        .where(and(eq(clients.organizationId, row.organizationId), eq(clients.id, row.clientId)))
    : [];
  const windowMs = clinic.settings.cancellationWindowMinutes * 60_000;
  return {
    id: row.id,
    status: row.status as BookingView["status"],
    serviceId: row.serviceId,
    serviceName: service?.name ?? "",
    serviceNameFr: service?.nameFr ?? "",
    practitionerId: row.practitionerId,
    practitionerName: await practitionerName(tx, row.practitionerId),
    start: toOffsetIso(row.startsAt.getTime(), tz),
    end: toOffsetIso(row.endsAt.getTime(), tz),
    startMs: row.startsAt.getTime(),
    endMs: row.endsAt.getTime(),
    clientId: row.clientId,
    // The name typed for this booking when it differs from the stored one (an anonymous booking under a known
    // address): whoever holds the link reads what was booked, never the name of the address's owner.
    clientName: row.bookedName ?? client?.name ?? "",
    lateCancellation: row.lateCancellation,
    insideCancellationWindow: row.startsAt.getTime() - now < windowMs,
    cancellationWindowMinutes: clinic.settings.cancellationWindowMinutes,
    changeable: row.status === "booked" && row.startsAt.getTime() > now,
  };
}

export async function getBooking(db: Db, clinic: Clinic, id: string, access: Access, now: number): Promise<BookingView> {
  const row = await findAppointment(db, clinic, id, access);
  return toView(db, clinic, row, now);
}

async function notify(
  tx: Tx,
  clinic: Clinic,
  row: Row,
  kind: "booking-cancelled" | "booking-rescheduled",
  manageUrl: string | null,
  now: number,
) {
  if (!row.clientId) return;
  const [client] = await tx
    .select()
    .from(clients)
    .where(and(eq(clients.organizationId, row.organizationId), eq(clients.id, row.clientId)));
  const [service] = await tx
    .select({ name: services.name, nameFr: services.nameFr })
    .from(services)
    .where(and(eq(services.organizationId, row.organizationId), eq(services.id, row.serviceId)));
  if (!client || !service) return;
  await enqueueMessage(tx, {
    organizationId: clinic.organizationId,
    appointmentId: row.id,
    kind,
    message: composeBookingMessage({
      kind,
      appointmentId: row.id,
      sequence: row.sequence,
      clinicName: clinic.name,
      clinicPhone: clinic.location.phone,
      clinicEmail: clinic.location.email,
      locationLine: locationLine(clinic),
      timeZone: clinic.location.timeZone,
      serviceName: service.name,
      serviceNameFr: service.nameFr,
      practitionerName: await practitionerName(tx, row.practitionerId),
      clientName: client.name,
      clientEmail: client.email,
      start: row.startsAt.getTime(),
      end: row.endsAt.getTime(),
      manageUrl,
      cancellationWindowHours: Math.round(clinic.settings.cancellationWindowMinutes / 60),
      now,
      locale: client.preferredLocale,
    }),
  });
}

/**
 * Writes a change to a booking as a new version of its calendar entry (the
 * sequence the calendar files carry) and audits it in the same transaction.
 */
async function changeBooking(
  tx: Tx,
  o: { clinic: Clinic; actor: AuditActor; now: number },
  row: Row,
  change: Partial<typeof appointments.$inferInsert>,
  audit: { action: "appointment.cancel" | "appointment.reschedule"; details: Record<string, unknown> },
): Promise<Row> {
  const [updated] = await tx
    .update(appointments)
    .set({ ...change, sequence: row.sequence + 1, updatedAt: new Date(o.now) })
    .where(eq(appointments.id, row.id))
    .returning();
  // The reminder moves with the appointment, or is cancelled with it and every other pending job of it (docs/reminders.md).
  await syncAppointmentReminder(tx, { organizationId: o.clinic.organizationId, appointmentId: row.id, now: o.now });
  await recordAuditEvent(tx, {
    organizationId: o.clinic.organizationId,
    actor: { type: o.actor.type, id: o.actor.id },
    action: audit.action,
    entityType: "appointment",
    entityId: row.id,
    details: audit.details,
  });
  return updated!;
}

export async function cancelBooking(
  db: Db,
  o: {
    clinic: Clinic;
    id: string;
    access: Access;
    now: number;
    actor: AuditActor;
    /** Who asked: a cancellation the clinic makes itself is never the client's late cancellation. */
    requestedBy?: "client" | "clinic";
  },
): Promise<{ id: string; status: "cancelled"; lateCancellation: boolean }> {
  return db.transaction(async (tx) => {
    const row = await findAppointment(tx, o.clinic, o.id, o.access, true);
    if (row.status === "cancelled") return { id: row.id, status: "cancelled" as const, lateCancellation: row.lateCancellation };
    // A client who has checked in is at the clinic: their appointment goes on to its end or is undone there, not cancelled.
    if (row.status !== "booked" || row.arrivedAt) throw new NotFoundError("A booking that can still be cancelled");
    const late =
      (o.requestedBy ?? "client") === "client" && row.startsAt.getTime() - o.now < o.clinic.settings.cancellationWindowMinutes * 60_000;
    const updated = await changeBooking(
      tx,
      o,
      row,
      { status: "cancelled", lateCancellation: late, cancelledAt: new Date(o.now), cancelledBy: o.actor.type },
      { action: "appointment.cancel", details: { lateCancellation: late, requestedBy: o.requestedBy ?? "client" } },
    );
    await notify(tx, o.clinic, updated, "booking-cancelled", null, o.now);
    return { id: row.id, status: "cancelled" as const, lateCancellation: late };
  });
}

/**
 * Moves a booking in one statement: the row's times change only if the new
 * time is free, so the old time is never released without the new one taken.
 */
export interface RescheduleOptions {
  clinic: Clinic;
  id: string;
  access: Access;
  start: number;
  practitionerId?: string;
  now: number;
  actor: AuditActor;
  baseUrl: string;
  /** Reads the client's screening when a treatment moves to another date. */
  keyRing: KeyRing;
  /** The caller (booking a plan's series) checks the intervals of the whole series itself. */
  planWindowChecked?: boolean;
  /**
   * The client signed in to their portal, when the request carries their
   * session. A token alone does not say who holds it (whoever booked under
   * the client's address has one): a refusal by the screening then gets the
   * neutral answer and the reason goes by e-mail to the address on file.
   */
  signedInClientId?: string | null;
}

/**
 * Moves one booking inside the caller's transaction, with every check of
 * rescheduleBooking but no retry: the sessions of a series move together or
 * not at all.
 */
export async function rescheduleWithin(tx: Tx, o: RescheduleOptions): Promise<BookingView> {
  await purgeExpiredHolds(tx, o.clinic.organizationId, o.now);
  // A plan session: the plan's lock first (as booking its series does), then the appointment's, so the two never wait on each other.
  if (isUuid(o.id)) {
    const [plan] = await tx
      .select({ planId: appointments.planId })
      .from(appointments)
      .where(and(eq(appointments.id, o.id), eq(appointments.organizationId, o.clinic.organizationId)));
    if (plan?.planId) await lockPlan(tx, { organizationId: o.clinic.organizationId, planId: plan.planId });
  }
  const row = await findAppointment(tx, o.clinic, o.id, o.access, true);
  if (row.status !== "booked" || row.arrivedAt || row.startsAt.getTime() <= o.now)
    throw new NotFoundError("A booking that can still be moved");
  const { service, query } = await rescheduleQuery(tx, o, row);
  const slot = await checkSlot(tx, query, o.start);
  if (!slot) throw new SlotUnavailableError(await nearestAlternatives(tx, query, o.start));
  // A treatment moved to another day must still be allowed by the client's screening on that day
  // (a move within its day changes nothing the screening decides).
  const movesToAnotherDay =
    localDateOf(slot.start, o.clinic.location.timeZone) !== localDateOf(row.startsAt.getTime(), o.clinic.location.timeZone);
  if ((service!.kind === "treatment" || service!.requiresEligibility) && row.clientId && movesToAnotherDay) {
    await checkEligibility(
      tx,
      {
        clinic: o.clinic,
        keyRing: o.keyRing,
        now: o.now,
        source: "online",
        // A plan session keeps the plan's interval; its own row is not "the last session".
        plan: row.planId && row.planSession ? { planId: row.planId, session: row.planSession } : undefined,
        appointmentId: row.id,
      },
      row.clientId,
      slot.start,
    );
  }
  if (row.planId && row.planSession && movesToAnotherDay && !o.planWindowChecked) {
    await checkPlanWindow(tx, o.clinic, { planId: row.planId, session: row.planSession, id: row.id }, slot.start);
  }
  const updated = await changeBooking(
    tx,
    o,
    row,
    {
      startsAt: new Date(slot.start),
      endsAt: new Date(slot.end),
      blockedFrom: new Date(slot.start - service!.bufferBeforeMinutes * 60_000),
      blockedUntil: new Date(slot.end + service!.bufferAfterMinutes * 60_000),
      practitionerId: slot.practitionerId,
      roomId: slot.roomId,
    },
    {
      action: "appointment.reschedule",
      details: {
        from: toOffsetIso(row.startsAt.getTime(), o.clinic.location.timeZone),
        to: toOffsetIso(slot.start, o.clinic.location.timeZone),
      },
    },
  );
  // A client who moved it themselves keeps their link; otherwise the e-mail needs a working one.
  const manageUrl =
    "token" in o.access
      ? `${o.baseUrl.replace(/\/$/, "")}/manage/${row.id}?token=${o.access.token}`
      : await freshManageUrl(tx, row.id, o.baseUrl);
  await notify(tx, o.clinic, updated, "booking-rescheduled", manageUrl, o.now);
  return toView(tx, o.clinic, updated, o.now);
}

/** Where a booking may move to: its service's times, with the practitioner asked for (else its own), itself not in the way. */
async function rescheduleQuery(tx: Tx | Db, o: { clinic: Clinic; practitionerId?: string; now: number }, row: Row) {
  const [service] = await tx
    .select()
    .from(services)
    .where(and(eq(services.organizationId, row.organizationId), eq(services.id, row.serviceId)));
  const query = {
    clinic: o.clinic,
    service: service as Service,
    practitionerId: o.practitionerId ?? row.practitionerId,
    now: o.now,
    ignoreAppointmentId: row.id,
  };
  return { service, query };
}

/**
 * The time a client picked to move their booking to, looked at before they
 * confirm: free or not, and if not, the nearest free times. Nothing is held
 * (the booking keeps its own time meanwhile); rescheduleBooking checks again,
 * so a time taken between the two steps is refused then, with alternatives.
 */
export async function checkRescheduleSlot(
  db: Db,
  o: { clinic: Clinic; id: string; access: Access; start: number; practitionerId?: string; now: number },
): Promise<{ slot: (Slot & { practitionerName: string }) | null; alternatives: Slot[] }> {
  const row = await findAppointment(db, o.clinic, o.id, o.access);
  const { query } = await rescheduleQuery(db, o, row);
  const slot = await checkSlot(db, query, o.start);
  return { slot, alternatives: slot ? [] : await nearestAlternatives(db, query, o.start) };
}

export async function rescheduleBooking(db: Db, o: RescheduleOptions): Promise<BookingView> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.transaction((tx) => rescheduleWithin(tx, o));
    } catch (error) {
      if (isTransientConflict(error) && attempt < 20) continue;
      const violation = constraintViolation(error);
      // The room is our choice: a lost race for it is tried again with another.
      if (violation?.code === EXCLUSION_VIOLATION && violation.constraint === "appointments_no_room_overlap" && attempt < 20) continue;
      if (error instanceof NotEligibleError && "token" in o.access) {
        const row = await findAppointment(db, o.clinic, o.id, o.access);
        if (row.clientId !== o.signedInClientId) {
          const [service] = await db
            .select()
            .from(services)
            .where(and(eq(services.organizationId, row.organizationId), eq(services.id, row.serviceId)));
          const [client] = row.clientId
            ? await db
                .select({ email: clients.email })
                .from(clients)
                .where(and(eq(clients.organizationId, row.organizationId), eq(clients.id, row.clientId)))
            : [];
          if (client) {
            await emailBookingRefusal(db, {
              clinic: o.clinic,
              service: service as Service,
              start: o.start,
              email: client.email,
              actor: o.actor,
              source: "manage",
              baseUrl: o.baseUrl,
              error,
            });
          }
          throw new NotBookableOnlineError();
        }
      }
      if (violation?.code === EXCLUSION_VIOLATION) {
        const row = await findAppointment(db, o.clinic, o.id, o.access);
        const [service] = await db
          .select()
          .from(services)
          .where(and(eq(services.organizationId, row.organizationId), eq(services.id, row.serviceId)));
        throw new SlotUnavailableError(
          await nearestAlternatives(
            db,
            {
              clinic: o.clinic,
              service: service!,
              practitionerId: o.practitionerId ?? row.practitionerId,
              now: o.now,
              ignoreAppointmentId: row.id,
            },
            o.start,
          ),
        );
      }
      throw error;
    }
  }
}

/**
 * A plan session moved on its own (manage link, API, appointment page) must
 * stay inside its interval window with the plan's other live sessions.
 */
/**
 * The days a plan session may move to, in the clinic's zone: the plan's
 * interval from the nearest live session on each side. Null ends are open;
 * null for an appointment that is not a plan session (or a plan gone).
 */
async function planSessionWindow(
  tx: Tx | Db,
  clinic: Clinic,
  s: { planId: string; session: number; id: string },
): Promise<{ earliest: string | null; latest: string | null } | null> {
  const facts = await planSeriesFacts(tx, { organizationId: clinic.organizationId, planId: s.planId });
  if (!facts) return null;
  const tz = clinic.location.timeZone;
  const others = await tx
    .select({ session: appointments.planSession, startsAt: appointments.startsAt })
    .from(appointments)
    .where(
      and(
        eq(appointments.organizationId, clinic.organizationId),
        eq(appointments.planId, s.planId),
        inArray(appointments.status, ["booked", "completed"]),
        ne(appointments.id, s.id),
      ),
    );
  let earliest: Temporal.PlainDate | null = null;
  let latest: Temporal.PlainDate | null = null;
  // Only the nearest live session on each side: the series page checks pairs the same way, and a pair booked
  // outside its window with a reason must not leave this one with an impossible range.
  const before = others.filter((x) => x.session !== null && x.session < s.session).sort((a, b) => b.session! - a.session!)[0];
  const after = others.filter((x) => x.session !== null && x.session > s.session).sort((a, b) => a.session! - b.session!)[0];
  for (const other of [before, after]) {
    if (!other?.session) continue;
    const gaps = Math.abs(s.session - other.session);
    const at = Temporal.PlainDate.from(localDateOf(other.startsAt.getTime(), tz));
    // Before this session: it must come min..max days per gap later; after it: that much earlier.
    const sign = other.session < s.session ? 1 : -1;
    const a = at.add({ days: sign * facts.intervalMinDays * gaps });
    const b = at.add({ days: sign * facts.intervalMaxDays * gaps });
    const [lo, hi] = sign > 0 ? [a, b] : [b, a];
    if (!earliest || Temporal.PlainDate.compare(lo, earliest) > 0) earliest = lo;
    if (!latest || Temporal.PlainDate.compare(hi, latest) < 0) latest = hi;
  }
  return { earliest: earliest?.toString() ?? null, latest: latest?.toString() ?? null };
}

async function checkPlanWindow(tx: Tx, clinic: Clinic, s: { planId: string; session: number; id: string }, start: number): Promise<void> {
  const w = await planSessionWindow(tx, clinic, s);
  if (!w) return;
  const date = localDateOf(start, clinic.location.timeZone);
  const tooEarly = w.earliest !== null && date < w.earliest;
  const tooLate = w.latest !== null && date > w.latest;
  if (tooEarly || tooLate) throw new PlanWindowError(s.session, w.earliest, w.latest);
}

/**
 * The days a booking may move to by its manage link when it is a plan session
 * (the picker offers only those); null for any other booking. The caller has
 * already found the booking with its token.
 */
export async function moveWindowOf(
  db: Db,
  clinic: Clinic,
  bookingId: string,
): Promise<{ earliest: string | null; latest: string | null } | null> {
  if (!isUuid(bookingId)) return null;
  const [row] = await db
    .select({ planId: appointments.planId, session: appointments.planSession })
    .from(appointments)
    .where(and(eq(appointments.id, bookingId), eq(appointments.organizationId, clinic.organizationId)));
  if (!row?.planId || !row.session) return null;
  return planSessionWindow(db, clinic, { planId: row.planId, session: row.session, id: bookingId });
}

/** Staff moves send the client a new link, since the old one was never stored in clear. */
async function freshManageUrl(tx: Tx, id: string, baseUrl: string): Promise<string> {
  const token = newToken();
  await tx
    .update(appointments)
    .set({ manageTokenHash: hashToken(token) })
    .where(eq(appointments.id, id));
  return `${baseUrl.replace(/\/$/, "")}/manage/${id}?token=${token}`;
}

export interface HoldResult {
  id: string;
  token: string;
  expiresAt: number;
  practitionerId: string;
}

/** Keeps a time for the person filling in their details; it blocks exactly like a booking. */
export async function holdSlot(
  db: Db,
  o: { clinic: Clinic; service: Service; start: number; practitionerId?: string; now: number },
): Promise<HoldResult> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.transaction(async (tx) => {
        await purgeExpiredHolds(tx, o.clinic.organizationId, o.now);
        const query = { clinic: o.clinic, service: o.service, practitionerId: o.practitionerId, now: o.now };
        const slot = await checkSlot(tx, query, o.start);
        if (!slot) throw new SlotUnavailableError(await nearestAlternatives(tx, query, o.start));
        const token = newToken();
        const expiresAt = o.now + o.clinic.settings.holdMinutes * 60_000;
        const [row] = await tx
          .insert(appointments)
          .values({
            organizationId: o.clinic.organizationId,
            locationId: o.clinic.location.id,
            serviceId: o.service.id,
            practitionerId: slot.practitionerId,
            roomId: slot.roomId,
            status: "held",
            startsAt: new Date(slot.start),
            endsAt: new Date(slot.end),
            blockedFrom: new Date(slot.start - o.service.bufferBeforeMinutes * 60_000),
            blockedUntil: new Date(slot.end + o.service.bufferAfterMinutes * 60_000),
            holdExpiresAt: new Date(expiresAt),
            holdTokenHash: hashToken(token),
            source: "online",
            // The minimum notice is counted from here when the hold is confirmed.
            createdAt: new Date(o.now),
          })
          .returning({ id: appointments.id });
        return { id: row!.id, token, expiresAt, practitionerId: slot.practitionerId };
      });
    } catch (error) {
      if (isTransientConflict(error) && attempt < 20) continue;
      const violation = constraintViolation(error);
      if (violation?.code === EXCLUSION_VIOLATION && retryable(violation, o.practitionerId) && attempt < 20) continue;
      if (constraintViolation(error)?.code === EXCLUSION_VIOLATION) {
        throw new SlotUnavailableError(
          await nearestAlternatives(db, { clinic: o.clinic, service: o.service, practitionerId: o.practitionerId, now: o.now }, o.start),
        );
      }
      throw error;
    }
  }
}

/** A person who goes back and picks another time gives up the hold at once. */
export async function releaseHold(db: Db, clinic: Clinic, hold: { id: string; token: string }): Promise<void> {
  if (!isUuid(hold.id)) return;
  await db
    .delete(appointments)
    .where(
      and(
        eq(appointments.id, hold.id),
        eq(appointments.organizationId, clinic.organizationId),
        eq(appointments.status, "held"),
        eq(appointments.holdTokenHash, hashToken(hold.token)),
      ),
    );
}
