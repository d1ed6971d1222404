// Who may reach a client's health record, decided in one place.
//
// Every read and write of the health tables (health-tables.ts) is decided here
// from the permission table (PHIPA's need-to-know: the care team routinely,
// the owner and other practitioners only by breaking the glass with a stated
// reason, never another clinic, never past the client's lock), and every
// refusal is written to audit_events in the same transaction. The record's
// notes, its screenings (src/screening/record/) and its plans
// (src/plans/record/) all call withAccess(); this module imports none of them,
// so it sits at the bottom of the graph.
import { and, desc, eq, gte, inArray, isNotNull, ne, or } from "drizzle-orm";
import type { AuditAction } from "../audit/actions.ts";
import { recordAuditEvent, staffActor, type AuditActor } from "../audit/audit-log.ts";
import type { StaffSession } from "../auth/auth.ts";
import { healthAccess, type HealthAccess } from "../auth/permissions.ts";
import type { Db, DbOrTx, Tx } from "../db/open.ts";
import { appointments, auditEvents, clients } from "../db/schema.ts";
import { DomainError } from "../kernel/errors.ts";
import { isUuid } from "../kernel/ids.ts";
import { clientRecordLocks } from "./health-tables.ts";
import { BREAK_GLASS_MINUTES } from "./limits.ts";
import { actorCan, can, type Action, type Actor } from "../kernel/access.ts";

export const HEALTH_RECORD = "health-record";
export const HEALTH_ACTIONS = {
  view: "health-record.view",
  edit: "health-record.edit",
  print: "health-record.print",
  export: "health-record.export",
  breakGlass: "health-record.break-glass",
  denied: "health-record.denied",
  lock: "health-record.lock",
  unlock: "health-record.unlock",
  correctionRequest: "health-record.correction-request",
} as const;

export type HealthPurpose = "view" | "print" | "export";
export type DenialReason = "not-found" | "other-organization" | "locked" | "role" | "break-glass-required";

/** The signed-in client reading their own record in the portal (actor "client"). */
export interface ClientActor {
  clientId: string;
  organizationId: string;
}

// ---------------------------------------------------------------------------
// Errors the routes turn into answers. Their messages are shown as they are:
// not kernel NotFoundErrors, so problemOf() adds no "may have been removed" hint.

/** The client is not one of this organization's (unknown id, or another clinic's). Audited. */
export class HealthRecordNotFoundError extends DomainError {
  constructor() {
    super("not-found", "There is no client with this address in your clinic.");
    this.name = "HealthRecordNotFoundError";
  }
}

/** Refused by the rules. Audited. Another clinic's record is "not found", never "forbidden". */
export class HealthAccessDeniedError extends DomainError {
  readonly reason: DenialReason;
  constructor(reason: DenialReason) {
    super(
      reason === "other-organization" || reason === "not-found" ? "not-found" : "forbidden",
      reason === "locked"
        ? "The client has locked their health record to other staff members."
        : reason === "break-glass-required"
          ? "You are not on this client's care team. Give a reason (break the glass) to open the record."
          : reason === "role"
            ? "Health information is not available to your role."
            : "There is no client with this address in your clinic.",
    );
    this.name = "HealthAccessDeniedError";
    this.reason = reason;
  }
}

// ---------------------------------------------------------------------------
// The decision

export interface LockRow {
  allowedUserIds: string[];
  lockedByUserId: string;
  lockedAt: Date;
}

export type Decision =
  | { found: false; reason: "not-found" | "other-organization" }
  | {
      found: true;
      access: HealthAccess;
      careTeam: boolean;
      lock: LockRow | null;
      /** When a break-the-glass access of this staff member to this record ends, if one is running. */
      breakGlassUntil: number | null;
    };

/**
 * A practitioner is on the care team when their practitioner has a
 * non-cancelled appointment with the client, past or future, that the client
 * or the clinic stands behind: booked by staff, booked or confirmed by the
 * client signed in to their portal, or done. A booking anyone could make by
 * typing the client's address never widens who reads their record
 * (docs/decisions/0018-who-widens-the-care-team.md).
 */
async function isCareTeam(tx: DbOrTx, staff: Actor, clientId: string): Promise<boolean> {
  if (!staff.practitionerId) return false;
  const [row] = await tx
    .select({ id: appointments.id })
    .from(appointments)
    .where(
      and(
        eq(appointments.organizationId, staff.organizationId),
        eq(appointments.clientId, clientId),
        eq(appointments.practitionerId, staff.practitionerId),
        ne(appointments.status, "cancelled"),
        ne(appointments.status, "held"),
        or(eq(appointments.source, "staff"), isNotNull(appointments.clientConfirmedAt), eq(appointments.status, "completed")),
      ),
    )
    .limit(1);
  return Boolean(row);
}

/** The client's consent directive (their lock), if they have one. */
export async function readLock(db: DbOrTx, organizationId: string, clientId: string): Promise<LockRow | null> {
  const [lock] = await db
    .select({
      allowedUserIds: clientRecordLocks.allowedUserIds,
      lockedByUserId: clientRecordLocks.lockedByUserId,
      lockedAt: clientRecordLocks.lockedAt,
    })
    .from(clientRecordLocks)
    .where(and(eq(clientRecordLocks.clientId, clientId), eq(clientRecordLocks.organizationId, organizationId)))
    .limit(1);
  return lock ?? null;
}

/** What the permission table says about this staff member and this client right now (reads, never audits). */
export async function decide(tx: DbOrTx, staff: Actor, clientId: string, now: number): Promise<Decision> {
  if (!isUuid(clientId)) return { found: false, reason: "not-found" };
  const [client] = await tx.select({ organizationId: clients.organizationId }).from(clients).where(eq(clients.id, clientId)).limit(1);
  if (!client) return { found: false, reason: "not-found" };
  // The permission table decides, including "another organization: never".
  const outside = healthAccess(staff, { organizationId: client.organizationId, careTeam: false, lockedToUserIds: null });
  if (outside.kind === "denied" && outside.reason === "other-organization") return { found: false, reason: "other-organization" };

  const lock = await readLock(tx, staff.organizationId, clientId);
  const careTeam = await isCareTeam(tx, staff, clientId);
  const access = healthAccess(staff, { organizationId: client.organizationId, careTeam, lockedToUserIds: lock?.allowedUserIds ?? null });
  let breakGlassUntil: number | null = null;
  if (access.kind === "break-glass") {
    const windowMs = BREAK_GLASS_MINUTES * 60_000;
    const [last] = await tx
      .select({ at: auditEvents.at })
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.organizationId, staff.organizationId),
          eq(auditEvents.actorType, "staff"),
          eq(auditEvents.actorId, staff.userId),
          eq(auditEvents.action, HEALTH_ACTIONS.breakGlass),
          eq(auditEvents.entityType, HEALTH_RECORD),
          eq(auditEvents.entityId, clientId),
          gte(auditEvents.at, new Date(now - windowMs)),
        ),
      )
      .orderBy(desc(auditEvents.at))
      .limit(1);
    if (last) breakGlassUntil = last.at.getTime() + windowMs;
  }
  return { found: true, access, careTeam, lock, breakGlassUntil };
}

/** How this staff member reaches the record right now, or why they cannot. */
export function effective(
  d: Extract<Decision, { found: true }>,
):
  | { ok: true; via: "care-team" | "lock-list" | "break-glass" }
  | { ok: false; reason: "locked" | "role" | "break-glass-required" | "other-organization" } {
  if (d.access.kind === "allowed") return { ok: true, via: d.lock ? "lock-list" : "care-team" };
  if (d.access.kind === "break-glass")
    return d.breakGlassUntil ? { ok: true, via: "break-glass" } : { ok: false, reason: "break-glass-required" };
  return { ok: false, reason: d.access.reason };
}

/**
 * Whether the client locked their record to named staff other than this one.
 * Scheduling views that carry a hint of the record (a plan's sessions) honour
 * the lock too; no content is read.
 */
export async function lockedAgainst(db: DbOrTx, staff: { userId: string; organizationId: string }, clientId: string): Promise<boolean> {
  if (!isUuid(clientId)) return false;
  const lock = await readLock(db, staff.organizationId, clientId);
  return Boolean(lock && !lock.allowedUserIds.includes(staff.userId));
}

/** Of these clients, the ones whose record is locked to named staff other than this one. */
export async function clientsLockedAgainst(
  db: DbOrTx,
  staff: { userId: string; organizationId: string },
  clientIds: readonly string[],
): Promise<Set<string>> {
  const ids = [...new Set(clientIds.filter((id) => isUuid(id)))];
  if (ids.length === 0) return new Set();
  const locks = await db
    .select({ clientId: clientRecordLocks.clientId, allowed: clientRecordLocks.allowedUserIds })
    .from(clientRecordLocks)
    .where(and(eq(clientRecordLocks.organizationId, staff.organizationId), inArray(clientRecordLocks.clientId, ids)));
  return new Set(locks.filter((l) => !l.allowed.includes(staff.userId)).map((l) => l.clientId));
}

/** Writes one access to, or change of, a client's record to audit_events (never health text in `details`). */
async function auditHealthRecord(
  db: DbOrTx,
  organizationId: string,
  actor: AuditActor,
  clientId: string,
  action: AuditAction,
  details: Record<string, unknown>,
  requestId?: string,
): Promise<void> {
  await recordAuditEvent(db, { organizationId, actor, action, entityType: HEALTH_RECORD, entityId: clientId, details, requestId });
}

/**
 * A staff member's access to, or change of, the client's record, audited. A
 * page reads a record in several parts (notes, screenings, plans, photos):
 * their views in one request make one row, the first part's (docs/health-records.md).
 * Every change, print, export and refusal keeps its own row.
 */
export function auditStaffHealth(
  db: DbOrTx,
  staff: Actor,
  clientId: string,
  action: AuditAction,
  details: Record<string, unknown>,
): Promise<void> {
  const once = action === HEALTH_ACTIONS.view ? staff.requestId : undefined;
  return auditHealthRecord(db, staff.organizationId, staffActor(staff), clientId, action, details, once);
}

/** The signed-in client's own access to, or request about, their record, audited. */
export function auditClientHealth(db: DbOrTx, client: ClientActor, action: AuditAction, details: Record<string, unknown>): Promise<void> {
  return auditHealthRecord(db, client.organizationId, { type: "client", id: client.clientId }, client.clientId, action, details);
}

/** Writes the refusal (committed on its own) and returns the error to throw. */
export async function refuse(db: DbOrTx, staff: Actor, clientId: string, reason: DenialReason, attempted: string): Promise<Error> {
  // An id typed into a URL may be anything; keep it short.
  await auditStaffHealth(db, staff, clientId.slice(0, 64), HEALTH_ACTIONS.denied, { denied: reason, attempted, role: staff.role });
  return reason === "not-found" || reason === "other-organization" ? new HealthRecordNotFoundError() : new HealthAccessDeniedError(reason);
}

/**
 * Whether this staff member may do `action` on this record: their role may,
 * or they are linked to a practitioner and reach the record as that
 * practitioner does (the care team, or a lock that names them). An owner who
 * treats but opened a client outside their care by breaking the glass reads,
 * and changes nothing.
 */
export function mayOnRecord(staff: Actor, action: Action, d: Pick<Extract<Decision, { found: true }>, "careTeam" | "lock">): boolean {
  if (can(staff.role, action)) return true;
  return actorCan(staff, action) && (d.careTeam || (d.lock?.allowedUserIds.includes(staff.userId) ?? false));
}

/** A requirement for withAccess() on top of reaching the record: this staff member may do `action` there (mayOnRecord). */
export const roleMay =
  (staff: Actor, action: Action) =>
  (d: Extract<Decision, { found: true }>): DenialReason | null =>
    mayOnRecord(staff, action, d) ? null : "role";

/**
 * Runs `work` inside one transaction after deciding access there. A refusal
 * is audited in that same transaction, which then commits, and the error is
 * thrown afterwards, so refused attempts are always on record.
 */
export async function withAccess<T>(
  db: Db,
  o: {
    staff: Actor;
    clientId: string;
    now: number;
    attempted: string;
    require?: (d: Extract<Decision, { found: true }>) => DenialReason | null;
  },
  work: (tx: Tx, d: Extract<Decision, { found: true }>, via: "care-team" | "lock-list" | "break-glass") => Promise<T>,
): Promise<T> {
  const outcome = await db.transaction(async (tx) => {
    const d = await decide(tx, o.staff, o.clientId, o.now);
    if (!d.found) return { refused: await refuse(tx, o.staff, o.clientId, d.reason, o.attempted) };
    const e = effective(d);
    if (!e.ok) return { refused: await refuse(tx, o.staff, o.clientId, e.reason, o.attempted) };
    const extra = o.require?.(d);
    if (extra) return { refused: await refuse(tx, o.staff, o.clientId, extra, o.attempted) };
    return { value: await work(tx, d, e.via) };
  });
  if ("refused" in outcome) throw outcome.refused;
  return outcome.value;
}
