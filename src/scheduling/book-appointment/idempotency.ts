// Idempotency-Key: an API caller that sends a booking twice with one key gets
// the first answer again, manage link included, instead of a second booking.
import { and, eq, sql } from "drizzle-orm";
import type { Tx } from "../../db/open.ts";
import { idempotencyKeys } from "../../db/schema.ts";
import { IdempotencyMismatchError } from "../errors.ts";
import { manageUrlFor, type BookAppointmentOptions, type BookingResult } from "./options.ts";

type IdempotencyKey = NonNullable<BookAppointmentOptions["idempotency"]>;
type Caller = Pick<BookAppointmentOptions, "clinic" | "keyRing" | "baseUrl">;

// Two-key advisory locks, apart from the migration runner's and the portal's.
const IDEMPOTENCY_LOCK_SPACE = 727276;

export const idempotencyTokenContext = (organizationId: string, key: string) =>
  `idempotency_keys.manage_token_encrypted/${organizationId}/${key}`;

/**
 * The answer already given for this key, or null when it is new. A body that
 * differs from the first request's is refused.
 */
export async function previousAnswer(tx: Tx, o: Caller, idempotency: IdempotencyKey): Promise<BookingResult | null> {
  const organizationId = o.clinic.organizationId;
  // Requests carrying one key wait for each other here, so a retry that
  // arrives while the first is still booking replays its answer once it
  // commits instead of finding its own slot taken.
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${IDEMPOTENCY_LOCK_SPACE}, hashtext(${`${organizationId}:${idempotency.key}`}))`);
  const [previous] = await tx
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.organizationId, organizationId), eq(idempotencyKeys.key, idempotency.key)));
  if (!previous) return null;
  if (previous.requestHash !== idempotency.requestHash) throw new IdempotencyMismatchError();
  return replayedBooking(previous, o);
}

/** Keeps the answer for a later request with the same key, in the booking's transaction. */
export async function rememberAnswer(tx: Tx, o: Caller, idempotency: IdempotencyKey, booking: BookingResult, token: string): Promise<void> {
  const organizationId = o.clinic.organizationId;
  // The answer without the manage link's token; the token itself encrypted, for a replay.
  const { manageUrl: _withToken, ...stored } = booking;
  await tx.insert(idempotencyKeys).values({
    organizationId,
    key: idempotency.key,
    requestHash: idempotency.requestHash,
    statusCode: 201,
    response: stored,
    manageTokenEncrypted: o.keyRing.encrypt(token, idempotencyTokenContext(organizationId, idempotency.key)),
  });
}

function replayedBooking(previous: typeof idempotencyKeys.$inferSelect, o: Caller): BookingResult {
  const stored = previous.response as Omit<BookingResult, "manageUrl">;
  const token = previous.manageTokenEncrypted
    ? o.keyRing.decrypt(previous.manageTokenEncrypted, idempotencyTokenContext(previous.organizationId, previous.key))
    : null;
  return { ...stored, manageUrl: token ? manageUrlFor(o.baseUrl, stored.id, token) : "" };
}
