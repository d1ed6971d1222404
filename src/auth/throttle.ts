// Failed sign-ins counted in the database, per account and per IP address, so
// the limit holds across app processes. After MAX_FAILURES failures within
// WINDOW_MS, that account (or address) is refused until the oldest of those
// failures is WINDOW_MS old.
//
// An attempt is written *before* the password or code is checked and deleted
// again when it succeeds, so a burst of parallel guesses cannot slip past the
// count: each one sees the ones written before it.
import { createHash } from "node:crypto";
import { and, desc, eq, gt, lt, ne, or, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../db/open.ts";
import { signInFailures, type SignInStep } from "./tables.ts";

export const THROTTLE = {
  maxFailures: 5,
  windowMs: 15 * 60_000,
  /** Rows older than this are deleted now and then. */
  keepMs: 24 * 60 * 60_000,
} as const;

/** SHA-256 of the trimmed, lower-cased address: what logs and the failure table keep instead of it. */
export function emailHash(email: string): string {
  return createHash("sha256").update(email.trim().toLowerCase()).digest("hex");
}

export interface AttemptKey {
  step: SignInStep;
  /** The password step is counted per e-mail typed (the account may not exist). */
  emailHash?: string | null;
  /** The code step is counted per user. */
  userId?: string | null;
  /** null when the address is unknown: then only the account is counted. */
  ip: string | null;
}

export type AttemptStart = { allowed: true; attemptId: number } | { allowed: false; retryAfterSeconds: number };

function accountCondition(key: AttemptKey): SQL | undefined {
  if (key.step === "password" && key.emailHash) return eq(signInFailures.emailHash, key.emailHash);
  if (key.userId) return eq(signInFailures.userId, key.userId);
  return undefined;
}

/** When the MAX_FAILURES-th most recent failure matching `where` leaves the window, or null if fewer. */
async function blockedUntil(db: DbOrTx, key: AttemptKey, where: SQL, exceptId: number, now: number): Promise<number | null> {
  const [row] = await db
    .select({ at: signInFailures.at })
    .from(signInFailures)
    .where(
      and(
        eq(signInFailures.step, key.step),
        where,
        ne(signInFailures.id, exceptId),
        gt(signInFailures.at, new Date(now - THROTTLE.windowMs)),
      ),
    )
    .orderBy(desc(signInFailures.at), desc(signInFailures.id))
    .offset(THROTTLE.maxFailures - 1)
    .limit(1);
  return row ? row.at.getTime() + THROTTLE.windowMs : null;
}

/**
 * Records an attempt and says whether it may go ahead. An allowed attempt
 * counts as a failure until succeedAttempt() removes it; a refused one is not
 * counted, so waiting out the window always works.
 */
export async function beginAttempt(db: DbOrTx, key: AttemptKey, now: number): Promise<AttemptStart> {
  const account = accountCondition(key);
  if (!account) throw new Error("A sign-in attempt needs an e-mail hash (password step) or a user id (code step).");
  const [row] = await db
    .insert(signInFailures)
    .values({ step: key.step, emailHash: key.emailHash ?? null, userId: key.userId ?? null, ip: key.ip, at: new Date(now) })
    .returning({ id: signInFailures.id });
  const attemptId = row!.id;
  const until = [await blockedUntil(db, key, account, attemptId, now)];
  if (key.ip) until.push(await blockedUntil(db, key, eq(signInFailures.ip, key.ip), attemptId, now));
  const latest = Math.max(...until.map((u) => u ?? 0));
  if (latest > now) {
    await db.delete(signInFailures).where(eq(signInFailures.id, attemptId));
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((latest - now) / 1000)) };
  }
  if (attemptId % 50 === 0) await pruneAttempts(db, now);
  return { allowed: true, attemptId };
}

/**
 * The attempt succeeded: it and the account's earlier failures at this step
 * stop counting. Failures from the same address against other accounts stay.
 */
export async function succeedAttempt(db: DbOrTx, attemptId: number, key: AttemptKey): Promise<void> {
  const account = accountCondition(key);
  await db
    .delete(signInFailures)
    .where(or(eq(signInFailures.id, attemptId), account ? and(eq(signInFailures.step, key.step), account) : undefined));
}

/** Adds the user id to a failed password attempt once it is known, for the log and the audit trail. */
export async function noteAttemptUser(db: DbOrTx, attemptId: number, userId: string): Promise<void> {
  await db.update(signInFailures).set({ userId }).where(eq(signInFailures.id, attemptId));
}

/** The attempt could not be judged (e.g. the database or mail failed): it does not count. */
export async function discardAttempt(db: DbOrTx, attemptId: number): Promise<void> {
  await db.delete(signInFailures).where(eq(signInFailures.id, attemptId));
}

export async function pruneAttempts(db: DbOrTx, now: number): Promise<void> {
  await db.delete(signInFailures).where(lt(signInFailures.at, new Date(now - THROTTLE.keepMs)));
}
