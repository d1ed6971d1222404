import { z } from "zod";
import { getStaffSession } from "../../src/auth/auth.ts";
import { getClientSession } from "../../src/clients/portal.ts";
import { clientIp, readSessionCookie } from "../../src/clients/portal-http.ts";
import { manageUrlFor, normalizeEmail, type AuditActor } from "../../src/scheduling/book-appointment.ts";
import { DEFAULT_REQUEST_LIMITS, RateLimitedError, takeRequestSlots, type LimitScope } from "../../src/scheduling/request-limits.ts";
import type { AppServices } from "../context.ts";
import type { Clinic } from "../../src/scheduling/clinic.ts";
import type { BookingView } from "../../src/scheduling/manage-booking.ts";
import {
  ClientOverlapError,
  IdempotencyMismatchError,
  NotBookableOnlineError,
  NotEligibleError,
  PlanWindowError,
  notEligibleMessage,
  publicIneligibility,
  SlotUnavailableError,
} from "../../src/scheduling/errors.ts";
import { formatDateLong, planWindowText } from "./format.ts";
import { parseOffsetIso, toOffsetIso } from "../../src/scheduling/time.ts";
import { problem } from "./problem.ts";
import { NotFoundError } from "../../src/kernel/errors.ts";
import { can } from "../../src/kernel/access.ts";

export const OffsetDateTime = z
  .string({ error: "Required, as an ISO 8601 date-time with offset" })
  .refine((v) => parseOffsetIso(v) !== null, "Must be an ISO 8601 date-time with its UTC offset, e.g. 2027-03-15T10:00:00-04:00");

/** The one answer a caller who is not the client gets for every refusal that concerns the client. */
export const NOT_BOOKABLE_ONLINE = {
  title: "This appointment can't be booked online for you yet",
  detail: "We have e-mailed you what to do.",
} as const;

/** Domain errors to problem+json; anything else is a real fault and is rethrown. */
export function bookingProblem(error: unknown, clinic: Clinic): Response {
  const tz = clinic.location.timeZone;
  if (error instanceof RateLimitedError) {
    return problem(
      "rate-limited",
      429,
      "Too many requests",
      { detail: "Please wait a little and try again.", retryAfterSeconds: error.retryAfterSeconds },
      { "Retry-After": String(error.retryAfterSeconds) },
    );
  }
  if (error instanceof NotBookableOnlineError) {
    // Whatever the cause (the screening, another appointment of theirs): the same answer, no reason, no date.
    return problem("not-eligible", 409, NOT_BOOKABLE_ONLINE.title, { detail: NOT_BOOKABLE_ONLINE.detail, alternatives: [] });
  }
  if (error instanceof SlotUnavailableError) {
    return problem("slot-unavailable", 409, "That time is not available", {
      detail: "The time is taken or not offered. The nearest free times are listed.",
      alternatives: error.alternatives.map((s) => ({
        start: toOffsetIso(s.start, tz),
        end: toOffsetIso(s.end, tz),
        practitionerId: s.practitionerId,
      })),
    });
  }
  if (error instanceof ClientOverlapError) {
    return problem("client-overlap", 409, "The client already has an appointment at that time");
  }
  if (error instanceof IdempotencyMismatchError) {
    return problem("idempotency-key-reuse", 422, "This Idempotency-Key was used with a different request body", {
      errors: { "Idempotency-Key": "Already used with a different request body" },
    });
  }
  if (error instanceof NotFoundError) {
    return problem("not-found", 404, "No such booking, or the token does not match");
  }
  if (error instanceof PlanWindowError) {
    return problem(
      "outside-plan-window",
      409,
      "This appointment is a session of a treatment plan and must stay inside its interval window",
      {
        detail: planWindowText(error),
        earliestDate: error.earliest,
        latestDate: error.latest,
        alternatives: [],
      },
    );
  }
  if (error instanceof NotEligibleError) {
    // The general reason and the date only: the screening's reasons stay in the health record.
    return problem("not-eligible", 409, "The client's screening does not allow a treatment on that date", {
      detail: notEligibleMessage(error, error.earliestDate ? formatDateLong(error.earliestDate) : null),
      reason: publicIneligibility(error),
      earliestDate: error.earliestDate,
      alternatives: [],
    });
  }
  throw error;
}

/** A booking as the contract shows it to the holder of its token. */
export function bookingJson(b: BookingView, baseUrl: string, token: string) {
  return {
    id: b.id,
    status: b.status,
    serviceId: b.serviceId,
    practitionerId: b.practitionerId,
    start: b.start,
    end: b.end,
    manageUrl: manageUrlFor(baseUrl, b.id, token),
    lateCancellation: b.lateCancellation,
  };
}

/**
 * Who is booking: staff who may book (signed in, with schedule.edit), or the
 * client, when the request carries their portal session and the address typed
 * is theirs — they see the reasons and dates of a refusal, and their booking
 * counts for the care team; anyone else is the public.
 */
export async function bookingActor(services: AppServices, request: Request, email: string): Promise<AuditActor> {
  if (request.headers.get("cookie")) {
    const staff = await getStaffSession(services.auth, services.db, request.headers, services.organizationId);
    if (staff && can(staff.role, "schedule.edit")) return { type: "staff", id: staff.userId };
  }
  const token = readSessionCookie(request.headers);
  if (!token) return { type: "public", id: null };
  const session = await getClientSession(services.db, { organizationId: services.organizationId, token, now: services.now() });
  if (session && normalizeEmail(session.email) === normalizeEmail(email)) return { type: "client", id: session.clientId };
  return { type: "public", id: null };
}

/** The client whose portal session the request carries, if any: a manage link alone does not say who holds it. */
export async function signedInClientId(services: AppServices, request: Request): Promise<string | null> {
  const token = readSessionCookie(request.headers);
  if (!token) return null;
  return (await getClientSession(services.db, { organizationId: services.organizationId, token, now: services.now() }))?.clientId ?? null;
}

/** Counts an anonymous request against the limits for its IP address (and e-mail); throws RateLimitedError when one is full. */
export async function limitAnonymous(
  services: AppServices,
  request: Request,
  scopes: { ip: LimitScope; email?: { scope: LimitScope; address: string } },
): Promise<void> {
  await takeRequestSlots(services.db, {
    organizationId: services.organizationId,
    limits: services.requestLimits ?? DEFAULT_REQUEST_LIMITS,
    now: services.now(),
    subjects: [
      { scope: scopes.ip, subject: clientIp(request.headers) },
      ...(scopes.email ? [{ scope: scopes.email.scope, subject: normalizeEmail(scopes.email.address) }] : []),
    ],
  });
}
