// Limits on what anonymous visitors may take: holds and bookings per IP
// address and per e-mail address. Counted in the database, so a limit holds
// across server processes and restarts; the subject is stored only hashed and
// every count is forgotten once its window has passed.
import { createHash } from "node:crypto";
import { and, eq, gt, lt, or, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "../db/open.ts";
import { requestLimitHits } from "../db/schema.ts";
import { DomainError } from "../kernel/errors.ts";

export interface RequestLimit {
  /** At most this many within the window; 0 turns the limit off. */
  max: number;
  windowMs: number;
}

export interface RequestLimits {
  /** Times held on the booking page, per IP address. */
  holdsPerIp: RequestLimit;
  /** Bookings made without signing in (booking page and API), per IP address. */
  bookingsPerIp: RequestLimit;
  /** Bookings made without signing in, per e-mail address typed. */
  bookingsPerEmail: RequestLimit;
}

const MINUTE = 60_000;

/**
 * A person books a few appointments a day at most; a clinic's own widget
 * behind one address books more, and is given its own limits by setting
 * the environment (docs/operations.md).
 */
export const DEFAULT_REQUEST_LIMITS: RequestLimits = {
  holdsPerIp: { max: 10, windowMs: 10 * MINUTE },
  bookingsPerIp: { max: 20, windowMs: 60 * MINUTE },
  bookingsPerEmail: { max: 5, windowMs: 24 * 60 * MINUTE },
};

export type LimitScope = keyof RequestLimits;

/** Too many requests from this address or for this e-mail: try again after `retryAfterSeconds`. */
export class RateLimitedError extends DomainError {
  readonly retryAfterSeconds: number;
  readonly scope: LimitScope;
  constructor(scope: LimitScope, retryAfterSeconds: number) {
    super("rate-limited", "Too many requests; try again later");
    // Set here, not left to the class name, which the server bundle may rename.
    this.name = "RateLimitedError";
    this.scope = scope;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

// Advisory lock space of the limits, apart from the booking's and the migration runner's.
const LIMIT_LOCK_SPACE = 727277;

function subjectHash(scope: LimitScope, subject: string): string {
  return createHash("sha256").update(`${scope}\u0000${subject.trim().toLowerCase()}`).digest("base64url");
}

/** The advisory lock of one subject's count: a number from its key, so every request takes its locks in the same order. */
function lockOf(key: string): number {
  return createHash("sha256").update(key).digest().readInt32BE(0);
}

/**
 * Counts one request against its limits (a hold: its IP address; a booking:
 * its IP address and the e-mail address typed), or refuses it when one is
 * full. Requests for one subject wait for each other on a lock, so two
 * processes never both take the last place. One short transaction: one statement takes
 * every lock, one counts, one records. The limits are checked in the order
 * given; the first that is full refuses the request, and the request still
 * counts against those before it, as if each had been taken on its own.
 */
export async function takeRequestSlots(
  db: Db,
  o: { organizationId: string; subjects: { scope: LimitScope; subject: string | null }[]; limits: RequestLimits; now: number },
): Promise<void> {
  const wanted = o.subjects
    .filter((s): s is { scope: LimitScope; subject: string } => !!s.subject && o.limits[s.scope].max > 0)
    .map((s) => ({ scope: s.scope, hash: subjectHash(s.scope, s.subject), limit: o.limits[s.scope] }));
  if (wanted.length === 0) return;
  const refusal = await db.transaction(async (tx) => {
    // Always in ascending order of the lock, so two requests sharing subjects never wait on each other crosswise.
    const locks = [...new Set(wanted.map((w) => lockOf(`${o.organizationId}:${w.scope}:${w.hash}`)))].sort((a, b) => a - b);
    await tx.execute(
      sql`SELECT ${sql.join(
        locks.map((lock) => sql`pg_advisory_xact_lock(${LIMIT_LOCK_SPACE}, ${lock}::int)`),
        sql`, `,
      )}`,
    );
    const rows = await tx
      .select({
        scope: requestLimitHits.scope,
        subjectHash: requestLimitHits.subjectHash,
        n: sql<number>`count(*)::int`,
        oldest: sql<Date | string | null>`min(${requestLimitHits.at})`,
      })
      .from(requestLimitHits)
      .where(
        and(
          eq(requestLimitHits.organizationId, o.organizationId),
          or(
            ...wanted.map((w) =>
              and(
                eq(requestLimitHits.scope, w.scope),
                eq(requestLimitHits.subjectHash, w.hash),
                gt(requestLimitHits.at, new Date(o.now - w.limit.windowMs)),
              ),
            ),
          ),
        ),
      )
      .groupBy(requestLimitHits.scope, requestLimitHits.subjectHash);
    const full = wanted.findIndex((w) => {
      const row = rows.find((r) => r.scope === w.scope && r.subjectHash === w.hash);
      return Number(row?.n ?? 0) >= w.limit.max;
    });
    const counted = full === -1 ? wanted : wanted.slice(0, full);
    if (counted.length > 0) {
      await tx
        .insert(requestLimitHits)
        .values(counted.map((w) => ({ organizationId: o.organizationId, scope: w.scope, subjectHash: w.hash, at: new Date(o.now) })));
    }
    if (full === -1) return null;
    const w = wanted[full]!;
    const row = rows.find((r) => r.scope === w.scope && r.subjectHash === w.hash);
    const oldest = row?.oldest ? new Date(row.oldest).getTime() : o.now;
    return new RateLimitedError(w.scope, Math.max(1, Math.ceil((oldest + w.limit.windowMs - o.now) / 1000)));
  });
  // Thrown after the commit: the places taken before the full one stay counted.
  if (refusal) throw refusal;
}

/** Forgets counts older than every window (called now and then by the writers). */
export async function purgeRequestLimitHits(db: DbOrTx, limits: RequestLimits, now: number): Promise<void> {
  const longest = Math.max(...Object.values(limits).map((l: RequestLimit) => l.windowMs));
  await db.delete(requestLimitHits).where(lt(requestLimitHits.at, new Date(now - longest)));
}

/** Reads the limits from the environment: `RATE_LIMIT_HOLDS_PER_IP=10/10m` style values, or the defaults. */
export function requestLimitsFrom(values: {
  RATE_LIMIT_HOLDS_PER_IP?: string;
  RATE_LIMIT_BOOKINGS_PER_IP?: string;
  RATE_LIMIT_BOOKINGS_PER_EMAIL?: string;
}): RequestLimits {
  return {
    holdsPerIp: parseLimit(values.RATE_LIMIT_HOLDS_PER_IP) ?? DEFAULT_REQUEST_LIMITS.holdsPerIp,
    bookingsPerIp: parseLimit(values.RATE_LIMIT_BOOKINGS_PER_IP) ?? DEFAULT_REQUEST_LIMITS.bookingsPerIp,
    bookingsPerEmail: parseLimit(values.RATE_LIMIT_BOOKINGS_PER_EMAIL) ?? DEFAULT_REQUEST_LIMITS.bookingsPerEmail,
  };
}

export const LIMIT_PATTERN = /^(\d{1,6})\/(\d{1,5})(s|m|h|d)$/;
const UNIT_MS = { s: 1000, m: MINUTE, h: 60 * MINUTE, d: 24 * 60 * MINUTE } as const;

/** "10/10m" → 10 per 10 minutes; undefined → undefined. The env schema has already checked the shape. */
export function parseLimit(value: string | undefined): RequestLimit | undefined {
  if (value === undefined) return undefined;
  const m = LIMIT_PATTERN.exec(value.trim());
  if (!m) return undefined;
  return { max: Number(m[1]), windowMs: Number(m[2]) * UNIT_MS[m[3] as keyof typeof UNIT_MS] };
}
