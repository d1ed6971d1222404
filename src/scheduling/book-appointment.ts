import { createHash, randomBytes } from "node:crypto";
import { and, eq, lte, sql } from "drizzle-orm";
import { requirePermission } from "../auth/permissions.ts";
import type { ClientLocale } from "../clients/locale.ts";
import { ForbiddenError } from "../auth/roles.ts";
import type { Db, DbOrTx, Tx } from "../db/open.ts";
import { appointments, auditEvents, clients, idempotencyKeys, practitioners, type StaffRole } from "../db/schema.ts";
import { composeBookingMessage } from "../notifications/booking-messages.ts";
import { composeBookingRefused, type RefusalCause } from "../notifications/booking-refused.ts";
import { enqueueMessage } from "../notifications/outbox.ts";
import type { KeyRing } from "../privacy/keyring.ts";
import { planSeriesFacts } from "../privacy/plan-record.ts";
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
  NotBookableOnlineError,
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

/**
 * Who books. "public": nobody signed in — the booking page and the API for
 * anyone; such a booking changes nothing stored about a client who already
 * exists and widens nobody's access to their record. "client": the client
 * signed in to their portal, with their own address (id: their client id).
 */
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

interface ResolvedClient {
  id: string;
  /** The language the client's e-mails are written in. */
  locale: ClientLocale;
  /** The name and address e-mails use: the stored ones. */
  name: string;
  email: string;
  /** The booking created this client. */
  created: boolean;
  /** What an anonymous booking typed that differs from what is stored: kept on the booking only. */
  typed: { bookedName: string | null; bookedPhone: string | null; bookedLocale: ClientLocale | null };
}

const NOTHING_TYPED = { bookedName: null, bookedPhone: null, bookedLocale: null } as const;

/**
 * The client the booking is for. Staff and the client signed in as themselves
 * keep the client's details up to date; a booking made without signing in
 * creates a client for a new address and, for an address already known,
 * changes nothing stored: what it typed stays on that booking for staff to see
 * and adopt.
 */
async function resolveClient(
  tx: Tx,
  organizationId: string,
  client: ClientDetails,
  locale: ClientLocale | undefined,
  trusted: boolean,
): Promise<ResolvedClient> {
  const emailNormalized = normalizeEmail(client.email);
  const typedName = client.name.trim();
  const typedPhone = client.phone?.trim() || null;
  const values = {
    organizationId,
    name: typedName,
    email: client.email.trim(),
    emailNormalized,
    phone: typedPhone,
    ...(locale ? { preferredLocale: locale } : {}),
  };
  const asLocale = (l: string | null | undefined): ClientLocale => (l === "fr" ? "fr" : "en");
  if (trusted) {
    const [row] = await tx
      .insert(clients)
      .values(values)
      .onConflictDoUpdate({
        target: [clients.organizationId, clients.emailNormalized],
        set: {
          name: sql`excluded.name`,
          phone: sql`COALESCE(excluded.phone, ${clients.phone})`,
          // The language they booked in this time is the one they read now.
          ...(locale ? { preferredLocale: locale } : {}),
        },
      })
      .returning({ id: clients.id, locale: clients.preferredLocale, name: clients.name, email: clients.email });
    return { id: row!.id, locale: asLocale(row!.locale), name: row!.name, email: row!.email, created: false, typed: NOTHING_TYPED };
  }
  const [created] = await tx
    .insert(clients)
    .values(values)
    .onConflictDoNothing({ target: [clients.organizationId, clients.emailNormalized] })
    .returning({ id: clients.id, locale: clients.preferredLocale, name: clients.name, email: clients.email });
  if (created) {
    return {
      id: created.id,
      locale: asLocale(created.locale),
      name: created.name,
      email: created.email,
      created: true,
      typed: NOTHING_TYPED,
    };
  }
  const [stored] = await tx
    .select({ id: clients.id, locale: clients.preferredLocale, name: clients.name, email: clients.email, phone: clients.phone })
    .from(clients)
    .where(and(eq(clients.organizationId, organizationId), eq(clients.emailNormalized, emailNormalized)));
  return {
    id: stored!.id,
    locale: asLocale(stored!.locale),
    name: stored!.name,
    email: stored!.email,
    created: false,
    typed: {
      bookedName: typedName !== stored!.name ? typedName : null,
      bookedPhone: typedPhone && typedPhone !== stored!.phone ? typedPhone : null,
      bookedLocale: locale && locale !== stored!.locale ? locale : null,
    },
  };
}

/** Whether the caller is signed in as staff or as the client the booking is for. */
export function isTrustedBooking(o: Pick<BookAppointmentOptions, "source" | "actor">): boolean {
  return o.source === "staff" || o.actor.type === "staff" || o.actor.type === "client";
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
  try {
    return await bookWithRetries(db, o);
  } catch (error) {
    if (!isTrustedBooking(o) && (error instanceof NotEligibleError || error instanceof ClientOverlapError)) {
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
 * A booking made without signing in was refused for a reason that concerns
 * the client: what to do, and from when, goes by e-mail to the address on
 * file (or to the address typed, for someone who is not a client yet).
 */
export async function emailBookingRefusal(
  db: Db,
  o: {
    clinic: Clinic;
    service: Service;
    start: number;
    /** The address typed (or the appointment's client's): the stored one is used when the client exists. */
    email: string;
    locale?: ClientLocale;
    actor: Actor;
    source: string;
    baseUrl: string;
    error: NotEligibleError | ClientOverlapError;
  },
): Promise<void> {
  const { clinic, service, error } = o;
  const organizationId = clinic.organizationId;
  const [stored] = await db
    .select({ name: clients.name, email: clients.email, locale: clients.preferredLocale })
    .from(clients)
    .where(and(eq(clients.organizationId, organizationId), eq(clients.emailNormalized, normalizeEmail(o.email))));
  const cause: RefusalCause =
    error instanceof ClientOverlapError
      ? "client-overlap"
      : error.reason === "no-screening" || error.reason === "screening-expired"
        ? "screening-required"
        : error.reason === "deferred"
          ? "not-yet"
          : "needs-review";
  const base = o.baseUrl.replace(/\/$/, "");
  const message = composeBookingRefused({
    to: stored?.email ?? o.email.trim(),
    // A name typed by whoever made the request is never written to someone else's mailbox.
    clientName: stored?.name ?? null,
    clinicName: clinic.name,
    clinicPhone: clinic.location.phone,
    serviceName: service.name,
    serviceNameFr: service.nameFr,
    start: o.start,
    end: o.start + service.durationMinutes * 60_000,
    timeZone: clinic.location.timeZone,
    cause,
    earliestDate: error instanceof NotEligibleError ? error.earliestDate : null,
    intakeUrl: `${base}/portal/intake`,
    bookUrl: `${base}/book`,
    locale: stored ? (stored.locale === "fr" ? "fr" : "en") : (o.locale ?? "en"),
  });
  await db.transaction(async (tx) => {
    await enqueueMessage(tx, { organizationId, appointmentId: null, kind: "booking-refused", message });
    await tx.insert(auditEvents).values({
      organizationId,
      actorType: o.actor.type,
      actorId: o.actor.id,
      action: "appointment.refused-online",
      entityType: "service",
      entityId: service.id,
      details: { source: o.source, cause: cause === "client-overlap" ? "client-overlap" : "screening" },
    });
  });
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
  o: Pick<BookAppointmentOptions, "clinic" | "keyRing" | "now" | "source" | "staff" | "eligibilityOverride"> &
    Partial<Pick<BookAppointmentOptions, "plan">> & { appointmentId?: string },
  clientId: string,
  start: number,
): Promise<NotEligibleError | null> {
  // A session of a signed plan waits the plan's own interval after its last session, not the generic rule's.
  const facts = o.plan ? await planSeriesFacts(tx, { organizationId: o.clinic.organizationId, planId: o.plan.planId }) : null;
  const eligibility = await eligibilityFor(tx, {
    organizationId: o.clinic.organizationId,
    keyRing: o.keyRing,
    clientId,
    date: localDateOf(start, o.clinic.location.timeZone),
    rules: await loadClinicRules(tx, o.clinic.organizationId),
    now: o.now,
    validDays: o.clinic.settings.screeningValidDays,
    timeZone: o.clinic.location.timeZone,
    appointment: { id: o.appointmentId ?? null, plan: facts ? { planId: facts.planId, intervalMinDays: facts.intervalMinDays } : null },
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
      return { booking: replayedBooking(previous, o), replayed: true };
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
      ...(resolved.typed.bookedName || resolved.typed.bookedPhone || resolved.typed.bookedLocale ? { typedDetailsKept: true } : {}),
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

  if (o.idempotency) {
    // The answer without the manage link's token; the token itself encrypted, for a replay.
    const { manageUrl: _withToken, ...stored } = booking;
    await tx.insert(idempotencyKeys).values({
      organizationId,
      key: o.idempotency.key,
      requestHash: o.idempotency.requestHash,
      statusCode: 201,
      response: stored,
      manageTokenEncrypted: o.keyRing.encrypt(token, idempotencyTokenContext(organizationId, o.idempotency.key)),
    });
  }
  return { booking, replayed: false };
}

export const idempotencyTokenContext = (organizationId: string, key: string) =>
  `idempotency_keys.manage_token_encrypted/${organizationId}/${key}`;

function replayedBooking(previous: typeof idempotencyKeys.$inferSelect, o: BookAppointmentOptions): BookingResult {
  const stored = previous.response as Omit<BookingResult, "manageUrl">;
  const token = previous.manageTokenEncrypted
    ? o.keyRing.decrypt(previous.manageTokenEncrypted, idempotencyTokenContext(previous.organizationId, previous.key))
    : null;
  return { ...stored, manageUrl: token ? manageUrlFor(o.baseUrl, stored.id, token) : "" };
}
