// The client's consent directive: the record locked to named staff. Set and
// removed by the clinic's custodian at the client's request, audited with the
// names; access.ts reads the lock when it decides.
import { and, asc, eq, inArray } from "drizzle-orm";
import { BREAK_GLASS_ROLES } from "../auth/permissions.ts";
import type { Db, DbOrTx } from "../db/open.ts";
import { authUsers, staffMembers, type StaffRole } from "../db/schema.ts";
import { FieldError } from "../kernel/errors.ts";
import { decide, HEALTH_ACTIONS, refuse, type LockRow, auditStaffHealth } from "./access.ts";
import { clientRecordLocks } from "./health-tables.ts";
import type { Actor } from "../kernel/access.ts";

/** Who records a client's consent directive (lock / unlock): the clinic's custodian. */
export const LOCK_ROLES: readonly StaffRole[] = ["owner"];

export interface LockInfo {
  allowed: { userId: string; name: string; role: StaffRole | null }[];
  lockedAt: number;
  lockedByName: string | null;
}

/** The lock with the names of the staff it names (a former staff member stays named as one). */
export async function lockInfo(db: DbOrTx, organizationId: string, lock: LockRow | null): Promise<LockInfo | null> {
  if (!lock) return null;
  const ids = [...new Set([...lock.allowedUserIds, lock.lockedByUserId])];
  const people = await db
    .select({ userId: authUsers.id, name: authUsers.name, role: staffMembers.role })
    .from(authUsers)
    .leftJoin(staffMembers, and(eq(staffMembers.userId, authUsers.id), eq(staffMembers.organizationId, organizationId)))
    .where(inArray(authUsers.id, ids));
  const byId = new Map(people.map((p) => [p.userId, p]));
  return {
    allowed: lock.allowedUserIds.map((id) => ({
      userId: id,
      name: byId.get(id)?.name ?? "A former staff member",
      role: byId.get(id)?.role ?? null,
    })),
    lockedAt: lock.lockedAt.getTime(),
    lockedByName: byId.get(lock.lockedByUserId)?.name ?? null,
  };
}

/** Staff who may be named in a lock: the roles that can ever hold health information. */
export async function lockCandidates(db: DbOrTx, o: { staff: Actor }): Promise<{ userId: string; name: string; role: StaffRole }[]> {
  return db
    .select({ userId: staffMembers.userId, name: authUsers.name, role: staffMembers.role })
    .from(staffMembers)
    .innerJoin(authUsers, eq(authUsers.id, staffMembers.userId))
    .where(and(eq(staffMembers.organizationId, o.staff.organizationId), inArray(staffMembers.role, [...BREAK_GLASS_ROLES])))
    .orderBy(asc(authUsers.name));
}

/** Locks (or re-locks) the record to the named staff, at the client's request. Owner only; audited. */
export async function lockHealthRecord(
  db: Db,
  o: { staff: Actor; clientId: string; allowedUserIds: readonly string[]; clientRequested: boolean; now?: number },
): Promise<void> {
  const now = o.now ?? Date.now();
  const errors: Record<string, string> = {};
  if (!o.clientRequested) errors.clientRequested = "A lock is the client's choice: confirm that the client asked for it.";
  const wanted = [...new Set(o.allowedUserIds)];
  if (wanted.length === 0) errors.allowed = "Choose at least one staff member who may open the record.";
  const candidates = await lockCandidates(db, o);
  const known = new Set(candidates.map((c) => c.userId));
  if (wanted.some((id) => !known.has(id))) errors.allowed = "Choose only practitioners and owners of this clinic.";
  const outcome = await db.transaction(async (tx) => {
    const d = await decide(tx, o.staff, o.clientId, now);
    if (!d.found) return { refused: await refuse(tx, o.staff, o.clientId, d.reason, "lock") };
    if (!LOCK_ROLES.includes(o.staff.role)) return { refused: await refuse(tx, o.staff, o.clientId, "role", "lock") };
    if (Object.keys(errors).length) return { invalid: new FieldError(errors) };
    await tx
      .insert(clientRecordLocks)
      .values({
        clientId: o.clientId,
        organizationId: o.staff.organizationId,
        allowedUserIds: wanted,
        lockedByUserId: o.staff.userId,
        lockedAt: new Date(now),
      })
      .onConflictDoUpdate({
        target: [clientRecordLocks.organizationId, clientRecordLocks.clientId],
        set: { allowedUserIds: wanted, lockedByUserId: o.staff.userId, lockedAt: new Date(now) },
      });
    await auditStaffHealth(tx, o.staff, o.clientId, HEALTH_ACTIONS.lock, {
      role: o.staff.role,
      change: d.lock ? "lock-changed" : "locked-at-client-request",
      allowedUserIds: wanted,
      allowedNames: candidates.filter((c) => wanted.includes(c.userId)).map((c) => c.name),
    });
    return {};
  });
  if ("refused" in outcome) throw outcome.refused;
  if ("invalid" in outcome) throw outcome.invalid;
}

/** Removes the lock, at the client's request. Owner only; audited. */
export async function unlockHealthRecord(
  db: Db,
  o: { staff: Actor; clientId: string; clientRequested: boolean; now?: number },
): Promise<void> {
  const now = o.now ?? Date.now();
  const outcome = await db.transaction(async (tx) => {
    const d = await decide(tx, o.staff, o.clientId, now);
    if (!d.found) return { refused: await refuse(tx, o.staff, o.clientId, d.reason, "unlock") };
    if (!LOCK_ROLES.includes(o.staff.role)) return { refused: await refuse(tx, o.staff, o.clientId, "role", "unlock") };
    if (!o.clientRequested)
      return { invalid: new FieldError({ clientRequested: "Confirm that the client asked for the lock to be removed." }) };
    const removed = await tx
      .delete(clientRecordLocks)
      .where(and(eq(clientRecordLocks.clientId, o.clientId), eq(clientRecordLocks.organizationId, o.staff.organizationId)))
      .returning({ clientId: clientRecordLocks.clientId });
    if (removed.length) {
      await auditStaffHealth(tx, o.staff, o.clientId, HEALTH_ACTIONS.unlock, { role: o.staff.role, change: "unlocked-at-client-request" });
    }
    return {};
  });
  if ("refused" in outcome) throw outcome.refused;
  if ("invalid" in outcome) throw outcome.invalid;
}
