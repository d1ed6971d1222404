import { z } from "zod";
import { manageUrlFor } from "../../src/scheduling/book-appointment.ts";
import type { Clinic } from "../../src/scheduling/clinic.ts";
import type { BookingView } from "../../src/scheduling/manage-booking.ts";
import {
  ClientOverlapError,
  IdempotencyMismatchError,
  NotEligibleError,
  PlanWindowError,
  notEligibleMessage,
  NotFoundError,
  publicIneligibility,
  SlotUnavailableError,
} from "../../src/scheduling/errors.ts";
import { formatDateLong, planWindowText } from "./format.ts";
import { parseOffsetIso, toOffsetIso } from "../../src/scheduling/time.ts";
import { problem } from "./problem.ts";

export const OffsetDateTime = z
  .string({ error: "Required, as an ISO 8601 date-time with offset" })
  .refine((v) => parseOffsetIso(v) !== null, "Must be an ISO 8601 date-time with its UTC offset, e.g. 2027-03-15T10:00:00-04:00");

/** Domain errors to problem+json; anything else is a real fault and is rethrown. */
export function bookingProblem(error: unknown, clinic: Clinic): Response {
  const tz = clinic.location.timeZone;
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
