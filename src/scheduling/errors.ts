import type { Slot } from "./slots.ts";

/** The asked-for time is not free (taken meanwhile, or never offered). */
export class SlotUnavailableError extends Error {
  readonly alternatives: Slot[];
  constructor(alternatives: Slot[]) {
    super("That time is no longer available");
    this.name = "SlotUnavailableError";
    this.alternatives = alternatives;
  }
}

/** The client already has an appointment overlapping this one. */
export class ClientOverlapError extends Error {
  constructor() {
    super("You already have an appointment at that time");
    this.name = "ClientOverlapError";
  }
}

export class NotFoundError extends Error {
  constructor(what: string) {
    super(`${what} was not found`);
    this.name = "NotFoundError";
  }
}

/** The same Idempotency-Key was sent with a different request body. */
export class IdempotencyMismatchError extends Error {
  constructor() {
    super("This Idempotency-Key was already used with a different request");
    this.name = "IdempotencyMismatchError";
  }
}

/** Field-level problems with input that passed the schema but not the clinic's rules. */
export class FieldError extends Error {
  readonly errors: Record<string, string>;
  constructor(errors: Record<string, string>) {
    super(Object.values(errors).join("; "));
    this.name = "FieldError";
    this.errors = errors;
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
