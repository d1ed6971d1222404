// Scheduling's refusals, and how a database refusal under them is recognised.
// Each refusal is a DomainError of the kernel, so its code gives its HTTP
// status; the classes stay apart because routes answer each one in its own
// words (alternatives for a taken time, a date for a refused treatment).
// Each names itself: the server bundle renames a class whose name another
// module also uses, and the name is what the logs show.
import { DomainError } from "../kernel/errors.ts";
import type { Slot } from "./slots.ts";

/** The asked-for time is not free (taken meanwhile, or never offered). */
export class SlotUnavailableError extends DomainError {
  readonly alternatives: Slot[];
  constructor(alternatives: Slot[]) {
    super("conflict", "That time is no longer available");
    this.name = "SlotUnavailableError";
    this.alternatives = alternatives;
  }
}

/** The client already has an appointment overlapping this one. */
export class ClientOverlapError extends DomainError {
  constructor() {
    super("conflict", "You already have an appointment at that time");
    this.name = "ClientOverlapError";
  }
}

/** The same Idempotency-Key was sent with a different request body. */
export class IdempotencyMismatchError extends DomainError {
  constructor() {
    super("invalid", "This Idempotency-Key was already used with a different request");
    this.name = "IdempotencyMismatchError";
  }
}

export interface ConstraintViolation {
  code: string;
  constraint: string | undefined;
}

/** Finds the PostgreSQL error under driver and ORM wrappers. */
export function constraintViolation(error: unknown): ConstraintViolation | null {
  let e: unknown = error;
  for (let depth = 0; e && depth < 5; depth++) {
    const candidate = e as { code?: unknown; constraint?: unknown; cause?: unknown };
    if (typeof candidate.code === "string" && /^[0-9A-Z]{5}$/.test(candidate.code)) {
      return { code: candidate.code, constraint: typeof candidate.constraint === "string" ? candidate.constraint : undefined };
    }
    e = candidate.cause;
  }
  return null;
}

export const EXCLUSION_VIOLATION = "23P01";
export const UNIQUE_VIOLATION = "23505";

/**
 * Concurrent inserts checked by two exclusion constraints can wait on each
 * other; PostgreSQL then aborts one of them. Running that transaction again is
 * always safe: it re-reads everything and sees the winner.
 */
export function isTransientConflict(error: unknown): boolean {
  const code = constraintViolation(error)?.code;
  return code === "40P01" || code === "40001";
}

/**
 * A session of a treatment plan moved where its interval window does not
 * allow it: too close to, or too far from, the sessions around it. Moves
 * outside the window are made on the plan's sessions page, with a reason.
 */
export class PlanWindowError extends DomainError {
  readonly session: number;
  readonly earliest: string | null;
  readonly latest: string | null;
  constructor(session: number, earliest: string | null, latest: string | null) {
    super("conflict", `Session ${session} of a treatment plan must stay inside its interval window`);
    this.name = "PlanWindowError";
    this.session = session;
    this.earliest = earliest;
    this.latest = latest;
  }
}

export type IneligibleReason =
  "no-screening" | "screening-expired" | "needs-review" | "not-suitable" | "deferred" | "awaiting-resolution" | "unreadable";

/**
 * A treatment the client's screening does not allow on that date. Carries
 * only why in general terms and the earliest date, never the screening's
 * reasons (those stay in the health record).
 */
export class NotEligibleError extends DomainError {
  readonly reason: IneligibleReason;
  readonly earliestDate: string | null;
  constructor(reason: IneligibleReason, earliestDate: string | null) {
    super("conflict", "The client's screening does not allow a treatment on that date");
    this.name = "NotEligibleError";
    this.reason = reason;
    this.earliestDate = earliestDate;
  }
}

/**
 * What a client (or anyone who typed their address) is told about a refused
 * treatment booking, in plain words. It never says why beyond "no screening
 * yet" or a date: the reasons stay in the health record.
 */
export function notEligibleMessage(e: NotEligibleError, earliestDateText: string | null): string {
  switch (e.reason) {
    case "no-screening":
      return "A treatment starts with a short health screening. Please complete the self-check and book a consultation first, or fill in your intake form if you have one.";
    case "screening-expired":
      return "Your health screening is more than a few weeks old. Please fill in your intake form again so we can check that nothing has changed.";
    case "deferred":
      if (earliestDateText)
        return `Based on your screening, a treatment can be booked from ${earliestDateText}. Please choose a date on or after that day.`;
      break;
    default:
      break;
  }
  return "Your screening needs to be looked at with you before a treatment can be booked. Please book a consultation, or call us.";
}

/** The refusal as an API caller sees it: no screening yet, or a date (or none) — never the clinical reason. */
export function publicIneligibility(e: NotEligibleError): "screening-required" | "not-yet" {
  return e.reason === "no-screening" || e.reason === "screening-expired" ? "screening-required" : "not-yet";
}

/**
 * What a caller who is not signed in as the client (nor as staff) is told
 * when a booking is refused for a reason that concerns the client — their
 * screening or another appointment of theirs. One answer for every such
 * cause; what to do and from when is e-mailed to the address on file.
 */
export class NotBookableOnlineError extends DomainError {
  constructor() {
    super("conflict", "This appointment can't be booked online for you yet; we have e-mailed you what to do");
    this.name = "NotBookableOnlineError";
  }
}
