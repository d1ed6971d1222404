// Booking one appointment, in one transaction: the time, the client, the
// screening gate, the audit rows and the confirmation e-mail. The steps that
// stand on their own (finding the client, the screening gate, the refusal
// e-mail, Idempotency-Key replays) live in ./book-appointment/; this file
// runs them and is what other modules import.
import { randomUUID } from "node:crypto";
import { and, eq, lte, type SQLWrapper } from "drizzle-orm";
import { asOneStatement } from "../db/statements.ts";
import { scheduleJobStatement } from "../jobs/jobs.ts";
import type { Db, Tx } from "../db/open.ts";
import { appointments, practitioners } from "../db/schema.ts";
import { hashToken, newToken } from "../kernel/tokens.ts";
import { composeBookingMessage } from "../notifications/booking-messages.ts";
import { outboxInsert } from "../notifications/outbox.ts";
import { getReminderSettings, reminderJob, syncAppointmentReminder } from "../notifications/reminders.ts";
import { claimCarriedSelfCheck } from "../screening/record/self-check.ts";
import { loadClinicRules } from "../screening/clinic-rules.ts";
import { checkSlot, nearestAlternatives } from "./availability.ts";
import { checkEligibility } from "./book-appointment/eligibility.ts";
import { previousAnswer, rememberAnswer } from "./book-appointment/idempotency.ts";
import { isTrustedBooking, manageUrlFor, type BookAppointmentOptions, type BookingResult } from "./book-appointment/options.ts";
import { emailBookingRefusal } from "./book-appointment/refusal-email.ts";
import { resolveClient } from "./book-appointment/resolve-client.ts";
import type { Clinic } from "./clinic.ts";
import {
  ClientOverlapError,
  constraintViolation,
  EXCLUSION_VIOLATION,
  isTransientConflict,
  NotBookableOnlineError,
  NotEligibleError,
  SlotUnavailableError,
  UNIQUE_VIOLATION,
} from "./errors.ts";
import { todayIn, toOffsetIso } from "./time.ts";
import { auditEventInsert } from "../audit/audit-log.ts";
import { ForbiddenError } from "../kernel/errors.ts";
import { requirePermission } from "../kernel/access.ts";

export { checkEligibility, ELIGIBILITY_OVERRIDE_REASON_MIN } from "./book-appointment/eligibility.ts";
export { idempotencyTokenContext } from "./book-appointment/idempotency.ts";
export {
  isTrustedBooking,
  manageUrlFor,
  type AuditActor,
  type BookAppointmentOptions,
  type BookingResult,
  type ClientDetails,
  type ExistingClient,
} from "./book-appointment/options.ts";
export { emailBookingRefusal } from "./book-appointment/refusal-email.ts";
export { normalizeEmail } from "./book-appointment/resolve-client.ts";

/** Holds whose time ran out stop blocking; they are removed before anything new is written. */
export async function purgeExpiredHolds(tx: Tx, organizationId: string, now: number): Promise<void> {
  await tx
    .delete(appointments)
    .where(
      and(eq(appointments.organizationId, organizationId), eq(appointments.status, "held"), lte(appointments.holdExpiresAt, new Date(now))),
    );
}

export async function practitionerName(tx: Tx | Db, organizationId: string, practitionerId: string): Promise<string> {
  const [p] = await tx
    .select({ name: practitioners.name })
    .from(practitioners)
    .where(and(eq(practitioners.organizationId, organizationId), eq(practitioners.id, practitionerId)));
  return p?.name ?? "our practitioner";
}

export function locationLine(clinic: Clinic): string {
  const l = clinic.location;
  return [l.street, l.city, l.region, l.postalCode].filter((part) => part.trim() !== "").join(", ");
}

/**
 * Whether a lost race may be tried again: the room is always our choice, and
 * so is the practitioner when the person did not name one. The retry sees the
 * winner's row and picks another room or practitioner, or finds none.
 */
export function retryable(violation: { constraint?: string }, namedPractitioner: string | undefined): boolean {
  return (
    violation.constraint === "appointments_no_room_overlap" ||
    (!namedPractitioner && violation.constraint !== "appointments_no_client_overlap")
  );
}

/**
 * Books one appointment. The slot engine decides whether the time may be
 * taken, and the database's exclusion constraints refuse any overlap that
 * slipped past a concurrent check; a lost race is answered with the nearest
 * free times.
 */
export async function bookAppointment(db: Db, o: BookAppointmentOptions): Promise<{ booking: BookingResult; replayed: boolean }> {
  checkCaller(o);
  try {
    return await bookWithRetries(db, o);
  } catch (error) {
    if (!isTrustedBooking(o) && "email" in o.client && (error instanceof NotEligibleError || error instanceof ClientOverlapError)) {
      await emailBookingRefusal(db, {
        clinic: o.clinic,
        service: o.service,
        start: o.start,
        email: o.client.email,
        locale: o.locale,
        actor: o.actor,
        source: o.source,
        baseUrl: o.baseUrl,
        error,
      });
      throw new NotBookableOnlineError();
    }
    throw error;
  }
}

async function bookWithRetries(db: Db, o: BookAppointmentOptions): Promise<{ booking: BookingResult; replayed: boolean }> {
  // A retry runs the whole check again and sees the winner of the lost race,
  // so "any practitioner" moves on to someone still free.
  for (let attempt = 0; ; attempt++) {
    try {
      // Read committed, whatever the server's default: a retry waiting on the
      // Idempotency-Key lock must see the first request's row once it commits.
      return await db.transaction((tx) => bookOnce(tx, o), { isolationLevel: "read committed" });
    } catch (error) {
      if (isTransientConflict(error) && attempt < 20) continue;
      const violation = constraintViolation(error);
      if (violation?.code === EXCLUSION_VIOLATION) {
        if (violation.constraint === "appointments_no_client_overlap") throw new ClientOverlapError();
        if (retryable(violation, o.practitionerId) && attempt < 20) continue;
        throw new SlotUnavailableError(
          await nearestAlternatives(db, { clinic: o.clinic, service: o.service, practitionerId: o.practitionerId, now: o.now }, o.start),
        );
      }
      // Two requests with one Idempotency-Key: the loser replays the winner's answer.
      if (violation?.code === UNIQUE_VIOLATION && o.idempotency && attempt < 3) continue;
      throw error;
    }
  }
}

/**
 * One booking inside the caller's transaction, with every check of
 * bookAppointment (slot, eligibility, audit, confirmation) but no retry: a
 * series of sessions is booked all together or not at all.
 */
export async function bookWithin(tx: Tx, o: BookAppointmentOptions): Promise<{ booking: BookingResult; replayed: boolean }> {
  checkCaller(o);
  return bookOnce(tx, o);
}

/** Staff book with schedule.edit; only they name a stored client by id (the client picker), everyone else types their details. */
function checkCaller(o: BookAppointmentOptions): void {
  if (o.source === "staff") {
    if (!o.staff) throw new ForbiddenError("book appointments");
    requirePermission(o.staff, "schedule.edit", "book appointments");
  } else if ("id" in o.client) {
    throw new ForbiddenError("book for a client chosen from the clinic's list");
  }
}

async function bookOnce(tx: Tx, o: BookAppointmentOptions): Promise<{ booking: BookingResult; replayed: boolean }> {
  const { clinic, service } = o;
  const organizationId = clinic.organizationId;
  const tz = clinic.location.timeZone;

  if (o.idempotency) {
    const previous = await previousAnswer(tx, o, o.idempotency);
    if (previous) return { booking: previous, replayed: true };
  }

  await purgeExpiredHolds(tx, organizationId, o.now);

  let hold: typeof appointments.$inferSelect | undefined;
  if (o.hold) {
    [hold] = await tx
      .select()
      .from(appointments)
      .where(
        and(
          eq(appointments.id, o.hold.id),
          eq(appointments.organizationId, organizationId),
          eq(appointments.status, "held"),
          eq(appointments.holdTokenHash, hashToken(o.hold.token)),
          eq(appointments.serviceId, service.id),
        ),
      );
    if (hold && hold.startsAt.getTime() !== o.start) hold = undefined;
  }

  const query = {
    clinic,
    service,
    practitionerId: hold?.practitionerId ?? o.practitionerId,
    now: o.now,
    // A time held in good time keeps its place while the details are typed, even past the notice boundary.
    noticeFrom: hold ? Math.min(o.now, hold.createdAt.getTime()) : undefined,
    ignoreAppointmentId: hold?.id,
  };
  // A hold never books a time that has begun.
  const slot = hold && o.start <= o.now ? null : await checkSlot(tx, query, o.start);
  // The other times offered are those bookable now, by anyone.
  if (!slot) throw new SlotUnavailableError(await nearestAlternatives(tx, { ...query, noticeFrom: undefined }, o.start));

  const trusted = isTrustedBooking(o);
  const resolved = await resolveClient(tx, organizationId, o.client, o.locale, trusted);
  const { id: clientId, locale } = resolved;
  if (o.selfCheckToken) {
    await claimCarriedSelfCheck(tx, {
      organizationId,
      keyRing: o.keyRing,
      token: o.selfCheckToken,
      clientId,
      mode: trusted || resolved.created ? "screening" : "await-client",
      rules: await loadClinicRules(tx, organizationId),
      today: todayIn(tz, o.now),
      now: o.now,
    });
  }
  const overridden =
    service.kind === "treatment" || service.requiresEligibility ? await checkEligibility(tx, o, clientId, slot.start) : null;
  const token = newToken();
  const values = {
    organizationId,
    locationId: clinic.location.id,
    serviceId: service.id,
    practitionerId: slot.practitionerId,
    roomId: slot.roomId,
    clientId,
    status: "booked" as const,
    startsAt: new Date(slot.start),
    endsAt: new Date(slot.end),
    blockedFrom: new Date(slot.start - service.bufferBeforeMinutes * 60_000),
    blockedUntil: new Date(slot.end + service.bufferAfterMinutes * 60_000),
    holdExpiresAt: null,
    holdTokenHash: null,
    manageTokenHash: hashToken(token),
    source: o.source,
    planId: o.plan?.planId ?? null,
    planSession: o.plan?.session ?? null,
    // Only a booking by staff or by the signed-in client puts the practitioner on the care team at once.
    clientConfirmedAt: trusted ? new Date(o.now) : null,
    ...resolved.typed,
    updatedAt: new Date(o.now),
  };
  // The id is chosen here, so the appointment, its audit rows, its e-mail and
  // its reminder are written together in one statement (src/db/statements.ts).
  const id = hold?.id ?? randomUUID();
  const booking: BookingResult = {
    id,
    status: "booked",
    serviceId: service.id,
    practitionerId: slot.practitionerId,
    start: toOffsetIso(slot.start, tz),
    end: toOffsetIso(slot.end, tz),
    manageUrl: manageUrlFor(o.baseUrl, id, token),
  };

  const writes: SQLWrapper[] = [
    hold
      ? tx
          .update(appointments)
          .set(values)
          .where(and(eq(appointments.organizationId, hold.organizationId), eq(appointments.id, hold.id)))
      : tx.insert(appointments).values({ ...values, id }),
    auditEventInsert(tx, {
      organizationId,
      actor: o.actor,
      action: "appointment.book",
      entityType: "appointment",
      entityId: id,
      details: {
        source: o.source,
        serviceId: service.id,
        practitionerId: slot.practitionerId,
        start: booking.start,
        ...(o.plan ? { planId: o.plan.planId, planSession: o.plan.session } : {}),
        ...(o.locale ? { locale: o.locale } : {}),
        ...(resolved.typed.bookedName || resolved.typed.bookedPhone || resolved.typed.bookedLocale ? { typedDetailsKept: true } : {}),
      },
    }),
  ];
  if (overridden) {
    // Who booked against the screening, and why; the screening's reasons stay in the health record.
    writes.push(
      auditEventInsert(tx, {
        organizationId,
        actor: o.actor,
        action: "appointment.eligibility-override",
        entityType: "appointment",
        entityId: id,
        details: {
          clientId,
          refused: overridden.reason,
          earliestDate: overridden.earliestDate,
          reason: o.eligibilityOverride!.reason.trim(),
        },
      }),
    );
  }
  const confirmation = await outboxInsert(tx, {
    organizationId,
    appointmentId: id,
    kind: "booking-confirmed",
    clinicEmail: clinic.location.email,
    message: composeBookingMessage({
      kind: "booking-confirmed",
      appointmentId: id,
      sequence: 0,
      clinicName: clinic.name,
      clinicPhone: clinic.location.phone,
      clinicEmail: clinic.location.email,
      locationLine: locationLine(clinic),
      timeZone: tz,
      serviceName: service.name,
      serviceNameFr: service.nameFr,
      practitionerName: slot.practitionerName,
      // The stored name and address: what an anonymous request typed never reaches someone else's mailbox.
      clientName: resolved.name,
      clientEmail: resolved.email,
      start: slot.start,
      end: slot.end,
      manageUrl: booking.manageUrl,
      intakeUrl: `${o.baseUrl.replace(/\/$/, "")}/portal/intake`,
      cancellationWindowHours: Math.round(clinic.settings.cancellationWindowMinutes / 60),
      now: o.now,
      locale,
    }),
  });
  writes.push(confirmation.insert);
  // The reminder before the appointment (docs/reminders.md), with the settings as the process keeps them.
  const settings = o.facts
    ? await o.facts.fact("reminder-settings", () => getReminderSettings(tx, organizationId))
    : await getReminderSettings(tx, organizationId);
  const reminder = reminderJob({
    organizationId,
    appointmentId: id,
    start: slot.start,
    clientId,
    hoursBefore: settings.hoursBefore,
    now: o.now,
  });
  if (reminder) writes.push(scheduleJobStatement(reminder));
  await tx.execute(asOneStatement(writes));
  // Too close for a reminder: whatever was pending for it is cancelled, as for any appointment.
  if (!reminder) {
    await syncAppointmentReminder(tx, {
      organizationId,
      appointmentId: id,
      now: o.now,
      appointment: { status: values.status, startsAt: values.startsAt, clientId },
      settings,
    });
  }

  if (o.idempotency) await rememberAnswer(tx, o, o.idempotency, booking, token);
  return { booking, replayed: false };
}
