import { createHash, randomBytes } from "node:crypto";
import { and, eq, lte, sql } from "drizzle-orm";
import { requirePermission } from "../auth/permissions.ts";
import type { ClientLocale } from "../clients/locale.ts";
import { ForbiddenError } from "../auth/roles.ts";
import type { Db, DbOrTx, Tx } from "../db/open.ts";
import { appointments, auditEvents, clients, idempotencyKeys, practitioners, type StaffRole } from "../db/schema.ts";
import { composeBookingMessage } from "../notifications/booking-messages.ts";
import { enqueueMessage } from "../notifications/outbox.ts";
import type { KeyRing } from "../privacy/keyring.ts";
import { claimCarriedSelfCheck, eligibilityFor } from "../privacy/screening-record.ts";
import { loadClinicRules } from "../screening/clinic-rules.ts";
import { checkSlot, nearestAlternatives } from "./availability.ts";
import type { Clinic, Service } from "./clinic.ts";
import {
  ClientOverlapError,
  constraintViolation,
  EXCLUSION_VIOLATION,
  FieldError,
  IdempotencyMismatchError,
  isTransientConflict,
  NotEligibleError,
  SlotUnavailableError,
  UNIQUE_VIOLATION,
} from "./errors.ts";
import { localDateOf, todayIn, toOffsetIso } from "./time.ts";

export interface ClientDetails {
  name: string;
  email: string;
  phone?: string | null;
}

export interface Actor {
  type: "staff" | "client" | "system" | "public";
  id: string | null;
}

export interface BookAppointmentOptions {
  clinic: Clinic;
  service: Service;
  start: number;
  /** Omitted: the first practitioner free at that start. */
  practitionerId?: string;
  client: ClientDetails;
  source: "online" | "staff" | "api";
  /** For source "staff": who books (needs `schedule.edit`). */
  staff?: { role: StaffRole; userId?: string };
  /** Reads the client's screening for a treatment, and stores carried self-check answers. */
  keyRing: KeyRing;
  /** The visitor's token for self-check answers carried into this booking: they become the client's screening. */
  selfCheckToken?: string;
  /** Staff only: book a treatment the screening does not allow on that date, for a stated reason (audited). */
  eligibilityOverride?: { reason: string };
  now: number;
  /** Where manage links point, e.g. https://spa.example */
  baseUrl: string;
  actor: Actor;
  /** A hold the person took when they picked the time; it becomes the booking. */
  hold?: { id: string; token: string };
  idempotency?: { key: string; requestHash: string };
  /** A session of a treatment plan's series. */
  plan?: { planId: string; session: number };
  /**
   * The language the person booked in (the booking page's, or the API's
   * `locale`): stored as the client's preferred language, which their e-mails
   * and account then use. Omitted (staff bookings): the client's stays as it was.
   */
  locale?: ClientLocale;
}

export interface BookingResult {
  id: string;
  status: "booked";
  serviceId: string;
  practitionerId: string;
  start: string;
  end: string;
  manageUrl: string;
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function newToken(): string {
  // 256 bits; the contract asks for at least 128.
  return randomBytes(32).toString("base64url");
}

export function manageUrlFor(baseUrl: string, appointmentId: string, token: string): string {
  return `${baseUrl.replace(/\/$/, "")}/manage/${appointmentId}?token=${token}`;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

async function upsertClient(
  tx: Tx,
  organizationId: string,
  client: ClientDetails,
  locale: ClientLocale | undefined,
): Promise<{ id: string; locale: ClientLocale }> {
  const emailNormalized = normalizeEmail(client.email);
  const [row] = await tx
    .insert(clients)
    .values({
      organizationId,
      name: client.name.trim(),
      email: client.email.trim(),
      emailNormalized,
      phone: client.phone?.trim() || null,
      ...(locale ? { preferredLocale: locale } : {}),
    })
    .onConflictDoUpdate({
      target: [clients.organizationId, clients.emailNormalized],
      set: {
        name: sql`excluded.name`,
        phone: sql`COALESCE(excluded.phone, ${clients.phone})`,
        // The language they booked in this time is the one they read now.
        ...(locale ? { preferredLocale: locale } : {}),
      },
    })
    .returning({ id: clients.id, locale: clients.preferredLocale });
  return { id: row!.id, locale: row!.locale === "fr" ? "fr" : "en" };
}

/** Holds whose time ran out stop blocking; they are removed before anything new is written. */
export async function purgeExpiredHolds(tx: Tx, organizationId: string, now: number): Promise<void> {
  await tx
    .delete(appointments)
    .where(
      and(eq(appointments.organizationId, organizationId), eq(appointments.status, "held"), lte(appointments.holdExpiresAt, new Date(now))),
    );
}

export async function practitionerName(tx: Tx | Db, practitionerId: string): Promise<string> {
  const [p] = await tx.select({ name: practitioners.name }).from(practitioners).where(eq(practitioners.id, practitionerId));
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
  if (o.source === "staff") {
    if (!o.staff) throw new ForbiddenError("book appointments");
    requirePermission(o.staff, "schedule.edit", "book appointments");
  }
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

// Two-key advisory locks, apart from the migration runner's and the portal's.
const IDEMPOTENCY_LOCK_SPACE = 727276;

export const ELIGIBILITY_OVERRIDE_REASON_MIN = 10;

/**
 * The booking gate for treatments: the client's screening must allow the
 * appointment's date (in the clinic's zone). Staff may book anyway with a
 * reason; that returns the refusal so it can be audited with the booking.
 */
export async function checkEligibility(
  tx: DbOrTx,
  o: Pick<BookAppointmentOptions, "clinic" | "keyRing" | "now" | "source" | "staff" | "eligibilityOverride">,
  clientId: string,
  start: number,
): Promise<NotEligibleError | null> {
  const eligibility = await eligibilityFor(tx, {
    organizationId: o.clinic.organizationId,
    keyRing: o.keyRing,
    clientId,
    date: localDateOf(start, o.clinic.location.timeZone),
    rules: await loadClinicRules(tx, o.clinic.organizationId),
    now: o.now,
    validDays: o.clinic.settings.screeningValidDays,
    timeZone: o.clinic.location.timeZone,
  });
  if (eligibility.allowed) return null;
  const refusal = new NotEligibleError(eligibility.reason, eligibility.earliestDate);
  if (!o.eligibilityOverride) throw refusal;
  if (o.source !== "staff" || !o.staff) throw refusal;
  // A clinical decision: the clinic's custodian only, never the desk or a manager.
  requirePermission(o.staff, "screening.override", "book a treatment against the client's screening");
  if (o.eligibilityOverride.reason.trim().length < ELIGIBILITY_OVERRIDE_REASON_MIN) {
    throw new FieldError({
      eligibilityOverrideReason: `Say why the treatment is booked against the screening (at least ${ELIGIBILITY_OVERRIDE_REASON_MIN} characters).`,
    });
  }
  return refusal;
}

/**
 * One booking inside the caller's transaction, with every check of
 * bookAppointment (slot, eligibility, audit, confirmation) but no retry: a
 * series of sessions is booked all together or not at all.
 */
export async function bookWithin(tx: Tx, o: BookAppointmentOptions): Promise<{ booking: BookingResult; replayed: boolean }> {
  if (o.source === "staff") {
    if (!o.staff) throw new ForbiddenError("book appointments");
    requirePermission(o.staff, "schedule.edit", "book appointments");
  }
  return bookOnce(tx, o);
}

async function bookOnce(tx: Tx, o: BookAppointmentOptions): Promise<{ booking: BookingResult; replayed: boolean }> {
  const { clinic, service } = o;
  const organizationId = clinic.organizationId;
  const tz = clinic.location.timeZone;

  if (o.idempotency) {
    // Requests carrying one key wait for each other here, so a retry that
    // arrives while the first is still booking replays its answer once it
    // commits instead of finding its own slot taken.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${IDEMPOTENCY_LOCK_SPACE}, hashtext(${`${organizationId}:${o.idempotency.key}`}))`);
    const [previous] = await tx
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.organizationId, organizationId), eq(idempotencyKeys.key, o.idempotency.key)));
    if (previous) {
      if (previous.requestHash !== o.idempotency.requestHash) throw new IdempotencyMismatchError();
      return { booking: previous.response as BookingResult, replayed: true };
    }
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
    ignoreAppointmentId: hold?.id,
  };
  const slot = await checkSlot(tx, query, o.start);
  if (!slot) throw new SlotUnavailableError(await nearestAlternatives(tx, query, o.start));

  const { id: clientId, locale } = await upsertClient(tx, organizationId, o.client, o.locale);
  if (o.selfCheckToken) {
    await claimCarriedSelfCheck(tx, {
      organizationId,
      keyRing: o.keyRing,
      token: o.selfCheckToken,
      clientId,
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
    updatedAt: new Date(o.now),
  };
  let id: string;
  if (hold) {
    await tx.update(appointments).set(values).where(eq(appointments.id, hold.id));
    id = hold.id;
  } else {
    const [row] = await tx.insert(appointments).values(values).returning({ id: appointments.id });
    id = row!.id;
  }

  const booking: BookingResult = {
    id,
    status: "booked",
    serviceId: service.id,
    practitionerId: slot.practitionerId,
    start: toOffsetIso(slot.start, tz),
    end: toOffsetIso(slot.end, tz),
    manageUrl: manageUrlFor(o.baseUrl, id, token),
  };

  await tx.insert(auditEvents).values({
    organizationId,
    actorType: o.actor.type,
    actorId: o.actor.id,
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
    },
  });
  if (overridden) {
    // Who booked against the screening, and why; the screening's reasons stay in the health record.
    await tx.insert(auditEvents).values({
      organizationId,
      actorType: o.actor.type,
      actorId: o.actor.id,
      action: "appointment.eligibility-override",
      entityType: "appointment",
      entityId: id,
      details: {
        clientId,
        refused: overridden.reason,
        earliestDate: overridden.earliestDate,
        reason: o.eligibilityOverride!.reason.trim(),
      },
    });
  }

  await enqueueMessage(tx, {
    organizationId,
    appointmentId: id,
    kind: "booking-confirmed",
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
      clientName: o.client.name.trim(),
      clientEmail: o.client.email.trim(),
      start: slot.start,
      end: slot.end,
      manageUrl: booking.manageUrl,
      intakeUrl: `${o.baseUrl.replace(/\/$/, "")}/portal/intake`,
      cancellationWindowHours: Math.round(clinic.settings.cancellationWindowMinutes / 60),
      now: o.now,
      locale,
    }),
  });

  if (o.idempotency) {
    await tx.insert(idempotencyKeys).values({
      organizationId,
      key: o.idempotency.key,
      requestHash: o.idempotency.requestHash,
      statusCode: 201,
      response: booking,
    });
  }
  return { booking, replayed: false };
}
