// Key maintenance: the start-up check (every key the stored values name is in
// the key ring) and rotation (every value moves to the active key). Both work
// on ciphertext only; nothing is logged or shown but counts and row ids.
import { and, asc, eq, isNotNull, sql } from "drizzle-orm";
import { recordAuditEvent } from "../audit/audit-log.ts";
import { rowsOf, type Db, type DbOrTx } from "../db/open.ts";
import { idempotencyKeys } from "../db/schema.ts";
import { reencryptPlanData } from "../plans/record/key-rotation.ts";
import { reencryptScreeningData } from "../screening/record/key-rotation.ts";
import { reencryptReminders } from "./eligibility-reminders.ts";
import { correctionContext, noteContext } from "./health-notes.ts";
import { clientHealthNotes, ENCRYPTED_COLUMNS, recordCorrectionRequests } from "./health-tables.ts";
import { keyIdOfCiphertext, type KeyRing } from "./keyring.ts";
import { reencryptRows, startRotation } from "./rotation.ts";

/** How many stored values name each key ("unrecognised" for values not in our format). */
export async function encryptedValueCounts(db: DbOrTx): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const { table, column } of ENCRYPTED_COLUMNS) {
    const result = await db.execute(
      // A nullable column's empty rows (an open follow-up has no note yet) hold no value under any key.
      sql`SELECT split_part(${sql.identifier(column)}, ':', 2) AS key_id, count(*)::int AS n FROM ${sql.identifier(table)}
        WHERE ${sql.identifier(column)} IS NOT NULL GROUP BY 1`,
    );
    for (const r of rowsOf<{ key_id: string; n: number }>(result)) {
      const id = keyIdOfCiphertext(`v1:${r.key_id}:a:b:c`) ? r.key_id : "unrecognised";
      counts.set(id, (counts.get(id) ?? 0) + Number(r.n));
    }
  }
  return counts;
}

/** Keys that stored values name but the key ring lacks: the server must not start with any. */
export async function missingDataKeys(db: DbOrTx, keyRing: KeyRing): Promise<{ keyId: string; values: number }[]> {
  const counts = await encryptedValueCounts(db);
  return [...counts].filter(([id]) => id !== "unrecognised" && !keyRing.has(id)).map(([keyId, values]) => ({ keyId, values }));
}

/**
 * Re-encrypts every stored value that is not under the key ring's active key,
 * in one transaction: either all of them move or none does. A value that fails
 * to decrypt stops the rotation (nothing changes) and names the row.
 */
export async function reencryptHealthData(
  db: Db,
  o: { keyRing: KeyRing; now?: number },
): Promise<{ notes: number; corrections: number; screenings: number; byOrganization: Record<string, number> }> {
  const active = o.keyRing.activeKeyId;
  return db.transaction(async (tx) => {
    const rotation = startRotation(tx, o.keyRing);
    const notes = await reencryptRows(
      rotation,
      (limit) =>
        tx
          .select()
          .from(clientHealthNotes)
          .where(rotation.stale(clientHealthNotes.bodyEncrypted))
          .orderBy(asc(clientHealthNotes.id))
          .limit(limit)
          .for("update"),
      async (r) => {
        await tx
          .update(clientHealthNotes)
          .set({ bodyEncrypted: rotation.reencrypt(r.bodyEncrypted, noteContext(r), `health note ${r.id}`) })
          .where(and(eq(clientHealthNotes.organizationId, r.organizationId), eq(clientHealthNotes.id, r.id)));
      },
    );
    const corrections = await reencryptRows(
      rotation,
      (limit) =>
        tx
          .select()
          .from(recordCorrectionRequests)
          .where(rotation.stale(recordCorrectionRequests.bodyEncrypted))
          .orderBy(asc(recordCorrectionRequests.id))
          .limit(limit)
          .for("update"),
      async (r) => {
        await tx
          .update(recordCorrectionRequests)
          .set({ bodyEncrypted: rotation.reencrypt(r.bodyEncrypted, correctionContext(r), `correction request ${r.id}`) })
          .where(and(eq(recordCorrectionRequests.organizationId, r.organizationId), eq(recordCorrectionRequests.id, r.id)));
      },
    );
    // Replayed bookings' manage-link tokens: kept under the same keys, so they move too. They are not
    // health data, so their rotation keeps its own tally, left out of the organizations' audit counts.
    const replays = startRotation(tx, o.keyRing);
    await reencryptRows(
      replays,
      (limit) =>
        tx
          .select()
          .from(idempotencyKeys)
          .where(and(isNotNull(idempotencyKeys.manageTokenEncrypted), replays.stale(idempotencyKeys.manageTokenEncrypted)))
          .orderBy(asc(idempotencyKeys.organizationId), asc(idempotencyKeys.key))
          .limit(limit)
          .for("update"),
      async (r) => {
        const context = `idempotency_keys.manage_token_encrypted/${r.organizationId}/${r.key}`;
        await tx
          .update(idempotencyKeys)
          .set({
            manageTokenEncrypted: replays.reencrypt(r.manageTokenEncrypted!, context, `a stored booking answer (${r.key.slice(0, 8)}…)`),
          })
          .where(and(eq(idempotencyKeys.organizationId, r.organizationId), eq(idempotencyKeys.key, r.key)));
      },
    );
    const screenings =
      (await reencryptScreeningData(rotation)) + (await reencryptReminders(rotation)) + (await reencryptPlanData(rotation));
    const byOrganization = rotation.byOrganization;
    for (const [organizationId, n] of Object.entries(byOrganization)) {
      await recordAuditEvent(tx, {
        organizationId,
        actor: { type: "system", id: null },
        action: "data-key.rotate",
        entityType: "data-key",
        entityId: active,
        details: { reencrypted: n },
      });
    }
    return { notes, corrections, screenings, byOrganization };
  });
}
