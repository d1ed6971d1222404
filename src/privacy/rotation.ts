// The loop of a key rotation, written once. Every part of the health data
// (the record's notes, screenings, plans and photos, reminders, replayed
// bookings) lists its own tables and contexts and hands each one to
// reencryptRows(), inside the one transaction of reencryptHealthData
// (key-rotation.ts): either every value moves to the active key or none does.
import { sql, type AnyColumn, type SQL } from "drizzle-orm";
import type { Tx } from "../db/open.ts";
import { type KeyRing, isUnreadable } from "./keyring.ts";

/** Rows are read this many at a time, so a large table is never held in memory at once. */
export const ROTATION_BATCH = 500;

export interface Rotation {
  readonly tx: Tx;
  readonly keyRing: KeyRing;
  /** Rows re-encrypted so far, per organization, for each organization's audit row. */
  readonly byOrganization: Record<string, number>;
  /** SQL: the column holds a value that is not under the active key. */
  stale(column: AnyColumn): SQL;
  /**
   * The value decrypted and encrypted again (under the active key) in the same
   * context. A value that cannot be decrypted stops the whole rotation, so
   * nothing changes, and the error names `what`.
   */
  reencrypt(value: string, context: string, what: string): string;
}

export function startRotation(tx: Tx, keyRing: KeyRing): Rotation {
  const active = keyRing.activeKeyId;
  return {
    tx,
    keyRing,
    byOrganization: {},
    stale: (column) => sql`split_part(${column}, ':', 2) <> ${active}`,
    reencrypt(value, context, what) {
      let plain: string;
      try {
        plain = keyRing.decrypt(value, context);
      } catch (error) {
        if (isUnreadable(error)) {
          throw new Error(`Key rotation stopped and changed nothing: ${what} cannot be decrypted. ${error.message}`);
        }
        throw error;
      }
      return keyRing.encrypt(plain, context);
    },
  };
}

/**
 * Moves rows to the active key until none is left: `next` reads at most
 * `limit` rows that still hold a stale value, locked FOR UPDATE, and `write`
 * stores one row's values through rotation.reencrypt(). A written row is no
 * longer stale (encrypt always uses the active key), so each batch reads new
 * rows and the loop ends. Returns how many rows moved.
 */
export async function reencryptRows<Row extends { organizationId: string }>(
  rotation: Rotation,
  next: (limit: number) => Promise<Row[]>,
  write: (row: Row) => Promise<void>,
): Promise<number> {
  let n = 0;
  for (;;) {
    const rows = await next(ROTATION_BATCH);
    if (rows.length === 0) return n;
    for (const row of rows) {
      await write(row);
      rotation.byOrganization[row.organizationId] = (rotation.byOrganization[row.organizationId] ?? 0) + 1;
      n++;
    }
  }
}
