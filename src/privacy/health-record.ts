// The health record, and the only way in or out of it.
//
// Every read and write of the health tables (health-tables.ts) goes through a
// function here; health-record-boundary.test.ts fails when any other file
// imports them or names them in SQL. Each function decides with healthAccess()
// from the permission table (PHIPA's need-to-know: the care team routinely,
// the owner and other practitioners only by breaking the glass with a stated
// reason, never another clinic, never past the client's lock) and writes an
// audit_events row in the same transaction as what it audits: views, changes,
// prints, exports, break-the-glass accesses and refusals.
//
// Health text is encrypted before it reaches the database (keyring.ts) and is
// never put in logs, URLs, page titles, e-mails or audit details.
import { randomUUID } from "node:crypto";
import { and, asc, count, desc, eq, gte, inArray, isNotNull, ne, or, sql } from "drizzle-orm";
import { recordAuditEvent, accessLogForRecord, type AccessLogEntry } from "../audit/audit-log.ts";
import type { StaffSession } from "../auth/auth.ts";
import { BREAK_GLASS_ROLES, can, healthAccess, type HealthAccess } from "../auth/permissions.ts";
import { rowsOf, type Db, type DbOrTx, type Tx } from "../db/open.ts";
import { appointments, auditEvents, authUsers, clients, idempotencyKeys, staffMembers, type StaffRole } from "../db/schema.ts";
import { clientAppointments, clientContact, type ClientAppointment, type ClientContactDetails } from "./client-directory.ts";
import {
  clientHealthNotes,
  clientRecordLocks,
  ENCRYPTED_COLUMNS,
  recordCorrectionRequests,
  type CorrectionStatus,
} from "./health-tables.ts";
import { HealthInputError } from "./input-error.ts";
import { isPlainText, TEXT_CONTROL_MESSAGE } from "../kernel/text.ts";
import { DecryptionError, keyIdOfCiphertext, MissingKeyError, type KeyRing } from "./keyring.ts";
import { reencryptReminders } from "./eligibility-reminders.ts";
import { plansForExport, reencryptPlanData, type PlanView } from "./plan-record.ts";
import { reencryptScreeningData, screeningsForExport, type ScreeningView } from "./screening-record.ts";
import {
  BREAK_GLASS_MINUTES,
  BREAK_GLASS_REASON_MAX,
  BREAK_GLASS_REASON_MIN,
  CORRECTION_MAX_CHARS,
  CORRECTION_MIN_CHARS,
  NOTE_MAX_CHARS,
} from "./limits.ts";

/** Who records a client's consent directive (lock / unlock): the clinic's custodian. */
export const LOCK_ROLES: readonly StaffRole[] = ["owner"];

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

export type HealthStaff = Pick<StaffSession, "userId" | "name" | "role" | "organizationId" | "practitionerId">;
export type HealthPurpose = "view" | "print" | "export";
export type DenialReason = "not-found" | "other-organization" | "locked" | "role" | "break-glass-required";

// ---------------------------------------------------------------------------
// Errors the routes turn into answers

/** The client is not one of this organization's (unknown id, or another clinic's). Audited. */
export class HealthRecordNotFoundError extends Error {
  constructor() {
    super("There is no client with this address in your clinic.");
    this.name = "HealthRecordNotFoundError";
  }
}

/** Refused by the rules. Audited. */
export class HealthAccessDeniedError extends Error {
  readonly reason: DenialReason;
  constructor(reason: DenialReason) {
    super(
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

// Kept in its own module so modules this one imports can extend it.
export { HealthInputError } from "./input-error.ts";

/** What a route should answer for an error from this module, or null for a real failure (500). */
export function classifyHealthError(error: unknown): { status: 403 | 404 | 422; message: string; errors?: Record<string, string> } | null {
  if (error instanceof HealthRecordNotFoundError) return { status: 404, message: error.message };
  if (error instanceof HealthAccessDeniedError)
    return { status: error.reason === "other-organization" || error.reason === "not-found" ? 404 : 403, message: error.message };
  if (error instanceof HealthInputError) return { status: 422, message: error.message, errors: error.errors };
  return null;
}

// ---------------------------------------------------------------------------
// Encryption contexts: a ciphertext only decrypts in the row it was written for.

const noteContext = (r: { organizationId: string; clientId: string; id: string }) =>
  `client_health_notes.body_encrypted/${r.organizationId}/${r.clientId}/${r.id}`;
const correctionContext = (r: { organizationId: string; clientId: string; id: string }) =>
  `record_correction_requests.body_encrypted/${r.organizationId}/${r.clientId}/${r.id}`;

function tryDecrypt(keyRing: KeyRing, value: string, context: string): { body: string | null; damaged: boolean } {
  try {
    return { body: keyRing.decrypt(value, context), damaged: false };
  } catch (error) {
    if (error instanceof DecryptionError || error instanceof MissingKeyError) return { body: null, damaged: true };
    throw error;
  }
}

// ---------------------------------------------------------------------------
// The decision

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface LockRow {
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
async function isCareTeam(tx: DbOrTx, staff: HealthStaff, clientId: string): Promise<boolean> {
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

async function decide(tx: DbOrTx, staff: HealthStaff, clientId: string, now: number): Promise<Decision> {
  if (!UUID.test(clientId)) return { found: false, reason: "not-found" };
  const [client] = await tx.select({ organizationId: clients.organizationId }).from(clients).where(eq(clients.id, clientId)).limit(1);
  if (!client) return { found: false, reason: "not-found" };
  // The permission table decides, including "another organization: never".
  const outside = healthAccess(staff, { organizationId: client.organizationId, careTeam: false, lockedToUserIds: null });
  if (outside.kind === "denied" && outside.reason === "other-organization") return { found: false, reason: "other-organization" };

  const [lock] = await tx
    .select({
      allowedUserIds: clientRecordLocks.allowedUserIds,
      lockedByUserId: clientRecordLocks.lockedByUserId,
      lockedAt: clientRecordLocks.lockedAt,
    })
    .from(clientRecordLocks)
    .where(and(eq(clientRecordLocks.clientId, clientId), eq(clientRecordLocks.organizationId, staff.organizationId)))
    .limit(1);
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
  return { found: true, access, careTeam, lock: lock ?? null, breakGlassUntil };
}

/** How this staff member reaches the record right now, or why they cannot. */
function effective(
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
  if (!UUID.test(clientId)) return false;
  const [lock] = await db
    .select({ allowed: clientRecordLocks.allowedUserIds })
    .from(clientRecordLocks)
    .where(and(eq(clientRecordLocks.clientId, clientId), eq(clientRecordLocks.organizationId, staff.organizationId)))
    .limit(1);
  return Boolean(lock && !lock.allowed.includes(staff.userId));
}

/** Of these clients, the ones whose record is locked to named staff other than this one. */
export async function clientsLockedAgainst(
  db: DbOrTx,
  staff: { userId: string; organizationId: string },
  clientIds: readonly string[],
): Promise<Set<string>> {
  const ids = [...new Set(clientIds.filter((id) => UUID.test(id)))];
  if (ids.length === 0) return new Set();
  const locks = await db
    .select({ clientId: clientRecordLocks.clientId, allowed: clientRecordLocks.allowedUserIds })
    .from(clientRecordLocks)
    .where(and(eq(clientRecordLocks.organizationId, staff.organizationId), inArray(clientRecordLocks.clientId, ids)));
  return new Set(locks.filter((l) => !l.allowed.includes(staff.userId)).map((l) => l.clientId));
}

export function staffActor(staff: HealthStaff) {
  return { type: "staff" as const, id: staff.userId };
}

/** Writes the refusal (committed on its own) and returns the error to throw. */
async function refuse(db: DbOrTx, staff: HealthStaff, clientId: string, reason: DenialReason, attempted: string): Promise<Error> {
  await recordAuditEvent(db, {
    organizationId: staff.organizationId,
    actor: staffActor(staff),
    action: HEALTH_ACTIONS.denied,
    entityType: HEALTH_RECORD,
    // An id typed into a URL may be anything; keep it short.
    entityId: clientId.slice(0, 64),
    details: { denied: reason, attempted, role: staff.role },
  });
  return reason === "not-found" || reason === "other-organization" ? new HealthRecordNotFoundError() : new HealthAccessDeniedError(reason);
}

/**
 * Runs `work` inside one transaction after deciding access there. A refusal
 * is audited in that same transaction, which then commits, and the error is
 * thrown afterwards, so refused attempts are always on record.
 */
export async function withAccess<T>(
  db: Db,
  o: {
    staff: HealthStaff;
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

// ---------------------------------------------------------------------------
// What a staff page may show before opening the record (no health content)

export interface LockInfo {
  allowed: { userId: string; name: string; role: StaffRole | null }[];
  lockedAt: number;
  lockedByName: string | null;
}

export interface HealthAccessSummary {
  /** allowed: open it; break-glass-active: opened with a reason, still running; break-glass: may open with a reason; denied: never. */
  kind: "allowed" | "break-glass-active" | "break-glass" | "denied";
  denied: "locked" | "role" | null;
  careTeam: boolean;
  canEdit: boolean;
  canLock: boolean;
  breakGlassUntil: number | null;
  lock: LockInfo | null;
  openCorrections: number;
}

async function lockInfo(db: DbOrTx, organizationId: string, lock: LockRow | null): Promise<LockInfo | null> {
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

/**
 * How the signed-in staff member may reach a client's health record, without
 * reading it (so without an audit row). An id that is not a client of their
 * organization is refused and audited, like any other attempt.
 */
export async function describeHealthAccess(
  db: Db,
  o: { staff: HealthStaff; clientId: string; now?: number },
): Promise<HealthAccessSummary> {
  const now = o.now ?? Date.now();
  const d = await decide(db, o.staff, o.clientId, now);
  if (!d.found) throw await refuse(db, o.staff, o.clientId, d.reason, "open");
  const e = effective(d);
  const [open] = await db
    .select({ n: count() })
    .from(recordCorrectionRequests)
    .where(
      and(
        eq(recordCorrectionRequests.organizationId, o.staff.organizationId),
        eq(recordCorrectionRequests.clientId, o.clientId),
        eq(recordCorrectionRequests.status, "open"),
      ),
    );
  return {
    kind: e.ok
      ? e.via === "break-glass"
        ? "break-glass-active"
        : "allowed"
      : e.reason === "break-glass-required"
        ? "break-glass"
        : "denied",
    denied: !e.ok && (e.reason === "locked" || e.reason === "role") ? e.reason : null,
    careTeam: d.careTeam,
    canEdit: e.ok && can(o.staff.role, "health.edit"),
    canLock: LOCK_ROLES.includes(o.staff.role),
    breakGlassUntil: d.breakGlassUntil,
    lock: await lockInfo(db, o.staff.organizationId, d.lock),
    openCorrections: open?.n ?? 0,
  };
}

// ---------------------------------------------------------------------------
// Reading the record (staff)

export interface HealthNoteView {
  id: string;
  createdAt: number;
  authorName: string | null;
  /** Null when the stored value failed its integrity check (then `damaged`). */
  body: string | null;
  damaged: boolean;
}

export interface CorrectionView {
  id: string;
  createdAt: number;
  status: CorrectionStatus;
  resolvedAt: number | null;
  resolvedByName: string | null;
  body: string | null;
  damaged: boolean;
}

export interface StaffHealthRecord {
  clientId: string;
  via: "care-team" | "lock-list" | "break-glass";
  notes: HealthNoteView[];
  corrections: CorrectionView[];
}

async function readNotes(tx: DbOrTx, keyRing: KeyRing, organizationId: string, clientId: string): Promise<HealthNoteView[]> {
  const rows = await tx
    .select({
      id: clientHealthNotes.id,
      organizationId: clientHealthNotes.organizationId,
      clientId: clientHealthNotes.clientId,
      createdAt: clientHealthNotes.createdAt,
      bodyEncrypted: clientHealthNotes.bodyEncrypted,
      authorName: authUsers.name,
    })
    .from(clientHealthNotes)
    .leftJoin(authUsers, eq(authUsers.id, clientHealthNotes.authorUserId))
    .where(and(eq(clientHealthNotes.organizationId, organizationId), eq(clientHealthNotes.clientId, clientId)))
    .orderBy(desc(clientHealthNotes.createdAt), desc(clientHealthNotes.id));
  return rows.map((r) => ({
    id: r.id,
    createdAt: r.createdAt.getTime(),
    authorName: r.authorName ?? null,
    ...tryDecrypt(keyRing, r.bodyEncrypted, noteContext(r)),
  }));
}

async function readCorrections(tx: DbOrTx, keyRing: KeyRing, organizationId: string, clientId: string): Promise<CorrectionView[]> {
  const rows = await tx
    .select({
      id: recordCorrectionRequests.id,
      organizationId: recordCorrectionRequests.organizationId,
      clientId: recordCorrectionRequests.clientId,
      createdAt: recordCorrectionRequests.createdAt,
      status: recordCorrectionRequests.status,
      resolvedAt: recordCorrectionRequests.resolvedAt,
      bodyEncrypted: recordCorrectionRequests.bodyEncrypted,
      resolvedByName: authUsers.name,
    })
    .from(recordCorrectionRequests)
    .leftJoin(authUsers, eq(authUsers.id, recordCorrectionRequests.resolvedByUserId))
    .where(and(eq(recordCorrectionRequests.organizationId, organizationId), eq(recordCorrectionRequests.clientId, clientId)))
    .orderBy(desc(recordCorrectionRequests.createdAt), desc(recordCorrectionRequests.id));
  return rows.map((r) => ({
    id: r.id,
    createdAt: r.createdAt.getTime(),
    status: r.status,
    resolvedAt: r.resolvedAt ? r.resolvedAt.getTime() : null,
    resolvedByName: r.resolvedByName ?? null,
    ...tryDecrypt(keyRing, r.bodyEncrypted, correctionContext(r)),
  }));
}

/**
 * Opens a client's health record for the signed-in staff member: for the care
 * team (or the staff named in the client's lock), or within a running
 * break-the-glass access. Audited as a view, print or export; a refusal is
 * audited as `health-record.denied` and thrown.
 */
export async function viewHealthRecord(
  db: Db,
  o: { staff: HealthStaff; keyRing: KeyRing; clientId: string; purpose?: HealthPurpose; now?: number },
): Promise<StaffHealthRecord> {
  const purpose = o.purpose ?? "view";
  const now = o.now ?? Date.now();
  return withAccess(
    db,
    {
      staff: o.staff,
      clientId: o.clientId,
      now,
      attempted: purpose,
      require: () => (purpose === "export" && !can(o.staff.role, "health.export") ? "role" : null),
    },
    async (tx, _d, via) => {
      const notes = await readNotes(tx, o.keyRing, o.staff.organizationId, o.clientId);
      const corrections = await readCorrections(tx, o.keyRing, o.staff.organizationId, o.clientId);
      if (purpose === "export" && [...notes, ...corrections].some((n) => n.damaged)) {
        throw new DecryptionError("a stored note failed its integrity check, so no export was made");
      }
      await recordAuditEvent(tx, {
        organizationId: o.staff.organizationId,
        actor: staffActor(o.staff),
        action: HEALTH_ACTIONS[purpose],
        entityType: HEALTH_RECORD,
        entityId: o.clientId,
        details: { role: o.staff.role, access: via, notes: notes.length },
      });
      return { clientId: o.clientId, via, notes, corrections };
    },
  );
}

/**
 * Breaks the glass: a staff member outside the care team (the owner, another
 * practitioner) opens the record for a stated reason. The reason is audited
 * and shown to the client; the access lasts BREAK_GLASS_MINUTES.
 */
export async function breakGlass(
  db: Db,
  o: { staff: HealthStaff; clientId: string; reason?: string; now?: number },
): Promise<{ until: number }> {
  const now = o.now ?? Date.now();
  const reason = (o.reason ?? "").replace(/\s+/g, " ").trim();
  if (reason.length < BREAK_GLASS_REASON_MIN) {
    throw new HealthInputError({ reason: `Say why you need this record, in at least ${BREAK_GLASS_REASON_MIN} characters.` });
  }
  if (reason.length > BREAK_GLASS_REASON_MAX) throw new HealthInputError({ reason: `Use at most ${BREAK_GLASS_REASON_MAX} characters.` });
  const outcome = await db.transaction(async (tx) => {
    const d = await decide(tx, o.staff, o.clientId, now);
    if (!d.found) return { refused: await refuse(tx, o.staff, o.clientId, d.reason, "break-glass") };
    if (d.access.kind === "denied") return { refused: await refuse(tx, o.staff, o.clientId, d.access.reason, "break-glass") };
    if (d.access.kind === "allowed") return { until: null };
    await recordAuditEvent(tx, {
      organizationId: o.staff.organizationId,
      actor: staffActor(o.staff),
      action: HEALTH_ACTIONS.breakGlass,
      entityType: HEALTH_RECORD,
      entityId: o.clientId,
      details: { kind: "break-glass", reason, role: o.staff.role, minutes: BREAK_GLASS_MINUTES },
    });
    return { until: now + BREAK_GLASS_MINUTES * 60_000 };
  });
  if ("refused" in outcome) throw outcome.refused;
  // Already allowed: nothing to break, nothing extra to audit.
  return { until: outcome.until ?? now };
}

// ---------------------------------------------------------------------------
// Changing the record (staff)

/** Adds a health note. Notes are never overwritten: a correction is a new note. */
export async function addHealthNote(
  db: Db,
  o: { staff: HealthStaff; keyRing: KeyRing; clientId: string; body?: string; now?: number },
): Promise<{ id: string }> {
  const body = (o.body ?? "").replace(/\r\n/g, "\n").trim();
  if (!body) throw new HealthInputError({ body: "Write the note first." });
  if (body.length > NOTE_MAX_CHARS) throw new HealthInputError({ body: `Use at most ${NOTE_MAX_CHARS} characters.` });
  const now = o.now ?? Date.now();
  return withAccess(
    db,
    { staff: o.staff, clientId: o.clientId, now, attempted: "edit", require: () => (can(o.staff.role, "health.edit") ? null : "role") },
    async (tx, _d, via) => {
      const id = randomUUID();
      const organizationId = o.staff.organizationId;
      await tx.insert(clientHealthNotes).values({
        id,
        organizationId,
        clientId: o.clientId,
        authorUserId: o.staff.userId,
        createdAt: new Date(now),
        bodyEncrypted: o.keyRing.encrypt(body, noteContext({ organizationId, clientId: o.clientId, id })),
      });
      await recordAuditEvent(tx, {
        organizationId,
        actor: staffActor(o.staff),
        action: HEALTH_ACTIONS.edit,
        entityType: HEALTH_RECORD,
        entityId: o.clientId,
        details: { change: "note-added", noteId: id, role: o.staff.role, access: via },
      });
      return { id };
    },
  );
}

/** Marks a client's correction request as made or refused (whoever may open the record). */
export async function resolveCorrectionRequest(
  db: Db,
  o: { staff: HealthStaff; clientId: string; requestId: string; status: "corrected" | "refused"; now?: number },
): Promise<void> {
  const now = o.now ?? Date.now();
  if (!UUID.test(o.requestId)) throw new HealthInputError({ requestId: "That correction request does not exist." });
  await withAccess(db, { staff: o.staff, clientId: o.clientId, now, attempted: "edit" }, async (tx, _d, via) => {
    const updated = await tx
      .update(recordCorrectionRequests)
      .set({ status: o.status, resolvedAt: new Date(now), resolvedByUserId: o.staff.userId })
      .where(
        and(
          eq(recordCorrectionRequests.id, o.requestId),
          eq(recordCorrectionRequests.clientId, o.clientId),
          eq(recordCorrectionRequests.organizationId, o.staff.organizationId),
          eq(recordCorrectionRequests.status, "open"),
        ),
      )
      .returning({ id: recordCorrectionRequests.id });
    if (updated.length === 0) throw new HealthInputError({ requestId: "That correction request is not open any more." });
    await recordAuditEvent(tx, {
      organizationId: o.staff.organizationId,
      actor: staffActor(o.staff),
      action: HEALTH_ACTIONS.edit,
      entityType: HEALTH_RECORD,
      entityId: o.clientId,
      details: { change: `correction-${o.status}`, requestId: o.requestId, role: o.staff.role, access: via },
    });
  });
}

// ---------------------------------------------------------------------------
// The client's consent directive: lock the record to named staff

/** Staff who may be named in a lock: the roles that can ever hold health information. */
export async function lockCandidates(db: DbOrTx, o: { staff: HealthStaff }): Promise<{ userId: string; name: string; role: StaffRole }[]> {
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
  o: { staff: HealthStaff; clientId: string; allowedUserIds: readonly string[]; clientRequested: boolean; now?: number },
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
    if (Object.keys(errors).length) return { invalid: new HealthInputError(errors) };
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
        target: clientRecordLocks.clientId,
        set: { allowedUserIds: wanted, lockedByUserId: o.staff.userId, lockedAt: new Date(now) },
      });
    await recordAuditEvent(tx, {
      organizationId: o.staff.organizationId,
      actor: staffActor(o.staff),
      action: HEALTH_ACTIONS.lock,
      entityType: HEALTH_RECORD,
      entityId: o.clientId,
      details: {
        role: o.staff.role,
        change: d.lock ? "lock-changed" : "locked-at-client-request",
        allowedUserIds: wanted,
        allowedNames: candidates.filter((c) => wanted.includes(c.userId)).map((c) => c.name),
      },
    });
    return {};
  });
  if ("refused" in outcome) throw outcome.refused;
  if ("invalid" in outcome) throw outcome.invalid;
}

/** Removes the lock, at the client's request. Owner only; audited. */
export async function unlockHealthRecord(
  db: Db,
  o: { staff: HealthStaff; clientId: string; clientRequested: boolean; now?: number },
): Promise<void> {
  const now = o.now ?? Date.now();
  const outcome = await db.transaction(async (tx) => {
    const d = await decide(tx, o.staff, o.clientId, now);
    if (!d.found) return { refused: await refuse(tx, o.staff, o.clientId, d.reason, "unlock") };
    if (!LOCK_ROLES.includes(o.staff.role)) return { refused: await refuse(tx, o.staff, o.clientId, "role", "unlock") };
    if (!o.clientRequested)
      return { invalid: new HealthInputError({ clientRequested: "Confirm that the client asked for the lock to be removed." }) };
    const removed = await tx
      .delete(clientRecordLocks)
      .where(and(eq(clientRecordLocks.clientId, o.clientId), eq(clientRecordLocks.organizationId, o.staff.organizationId)))
      .returning({ clientId: clientRecordLocks.clientId });
    if (removed.length) {
      await recordAuditEvent(tx, {
        organizationId: o.staff.organizationId,
        actor: staffActor(o.staff),
        action: HEALTH_ACTIONS.unlock,
        entityType: HEALTH_RECORD,
        entityId: o.clientId,
        details: { role: o.staff.role, change: "unlocked-at-client-request" },
      });
    }
    return {};
  });
  if ("refused" in outcome) throw outcome.refused;
  if ("invalid" in outcome) throw outcome.invalid;
}

// ---------------------------------------------------------------------------
// The client's own record (portal): PHIPA's right of access and correction

export interface ClientActor {
  clientId: string;
  organizationId: string;
}

export interface ClientRecord {
  generatedAt: number;
  contact: ClientContactDetails;
  appointments: ClientAppointment[];
  notes: HealthNoteView[];
  corrections: CorrectionView[];
  lock: { allowedNames: string[]; lockedAt: number } | null;
  accessLog: AccessLogEntry[];
  /** Screenings: answers, results and practitioners' reviews. */
  screenings: ScreeningView[];
  /** Treatment plans as they were offered to and signed by the client (drafts are the practitioner's work in progress). */
  plans: PlanView[];
}

/**
 * Everything the clinic holds about the signed-in client, decrypted, with who
 * has looked at it. Audited as the client's own view or export (actor
 * "client"); an export refuses to go out with a note that failed its check.
 */
export async function clientOwnRecord(
  db: Db,
  o: { client: ClientActor; keyRing: KeyRing; purpose?: "view" | "export"; format?: "json" | "fhir"; now?: number },
): Promise<ClientRecord> {
  const purpose = o.purpose ?? "view";
  const now = o.now ?? Date.now();
  const { organizationId, clientId } = o.client;
  return db.transaction(async (tx) => {
    const record = await assembleRecord(tx, o.keyRing, organizationId, clientId, now, purpose);
    await recordAuditEvent(tx, {
      organizationId,
      actor: { type: "client", id: clientId },
      action: purpose === "export" ? HEALTH_ACTIONS.export : HEALTH_ACTIONS.view,
      entityType: HEALTH_RECORD,
      entityId: clientId,
      details: purpose === "export" ? { format: o.format ?? "json", notes: record.notes.length } : { notes: record.notes.length },
    });
    return record;
  });
}

/**
 * The client's whole record for a staff member with `health.export` (the
 * owner, as the clinic's custodian: answering an access request by mail, a
 * transfer to another provider). Only within the access rules — the care
 * team, the client's lock list, or a running break-the-glass access — and
 * audited as an export with its format in the same transaction.
 */
export async function exportHealthRecordForStaff(
  db: Db,
  o: { staff: HealthStaff; keyRing: KeyRing; clientId: string; format: "json" | "fhir"; now?: number },
): Promise<ClientRecord> {
  const now = o.now ?? Date.now();
  return withAccess(
    db,
    {
      staff: o.staff,
      clientId: o.clientId,
      now,
      attempted: "export",
      require: () => (can(o.staff.role, "health.export") ? null : "role"),
    },
    async (tx, _d, via) => {
      const record = await assembleRecord(tx, o.keyRing, o.staff.organizationId, o.clientId, now, "export");
      await recordAuditEvent(tx, {
        organizationId: o.staff.organizationId,
        actor: staffActor(o.staff),
        action: HEALTH_ACTIONS.export,
        entityType: HEALTH_RECORD,
        entityId: o.clientId,
        details: { role: o.staff.role, access: via, format: o.format, notes: record.notes.length },
      });
      return record;
    },
  );
}

/** Everything held about one client, decrypted; an export refuses to go out with a value that failed its check. */
async function assembleRecord(
  tx: DbOrTx,
  keyRing: KeyRing,
  organizationId: string,
  clientId: string,
  now: number,
  purpose: "view" | "export",
): Promise<ClientRecord> {
  const contact = await clientContact(tx, organizationId, clientId);
  if (!contact) throw new HealthRecordNotFoundError();
  const notes = await readNotes(tx, keyRing, organizationId, clientId);
  const corrections = await readCorrections(tx, keyRing, organizationId, clientId);
  if (purpose === "export" && [...notes, ...corrections].some((n) => n.damaged)) {
    throw new DecryptionError("a stored note failed its integrity check, so no export was made");
  }
  const [lock] = await tx
    .select({
      allowedUserIds: clientRecordLocks.allowedUserIds,
      lockedByUserId: clientRecordLocks.lockedByUserId,
      lockedAt: clientRecordLocks.lockedAt,
    })
    .from(clientRecordLocks)
    .where(and(eq(clientRecordLocks.clientId, clientId), eq(clientRecordLocks.organizationId, organizationId)))
    .limit(1);
  const info = await lockInfo(tx, organizationId, lock ?? null);
  return {
    generatedAt: now,
    contact,
    appointments: await clientAppointments(tx, organizationId, clientId),
    notes,
    corrections,
    lock: info ? { allowedNames: info.allowed.map((a) => a.name), lockedAt: info.lockedAt } : null,
    accessLog: await accessLogForRecord(tx, { organizationId, clientId }),
    screenings: await screeningsForExport(tx, keyRing, organizationId, clientId),
    plans: await plansForExport(tx, keyRing, organizationId, clientId),
  };
}

/** Stores the client's request to correct their record (text encrypted). Audited. */
export async function requestCorrection(
  db: Db,
  o: { client: ClientActor; keyRing: KeyRing; body?: string; now?: number },
): Promise<{ id: string }> {
  const body = (o.body ?? "").replace(/\r\n/g, "\n").trim();
  if (body.length < CORRECTION_MIN_CHARS) {
    throw new HealthInputError({ body: `Say what is wrong and what it should say (at least ${CORRECTION_MIN_CHARS} characters).` });
  }
  if (body.length > CORRECTION_MAX_CHARS) throw new HealthInputError({ body: `Use at most ${CORRECTION_MAX_CHARS} characters.` });
  if (!isPlainText(body)) throw new HealthInputError({ body: TEXT_CONTROL_MESSAGE });
  const now = o.now ?? Date.now();
  const { organizationId, clientId } = o.client;
  return db.transaction(async (tx) => {
    const contact = await clientContact(tx, organizationId, clientId);
    if (!contact) throw new HealthRecordNotFoundError();
    const id = randomUUID();
    await tx.insert(recordCorrectionRequests).values({
      id,
      organizationId,
      clientId,
      createdAt: new Date(now),
      bodyEncrypted: o.keyRing.encrypt(body, correctionContext({ organizationId, clientId, id })),
    });
    await recordAuditEvent(tx, {
      organizationId,
      actor: { type: "client", id: clientId },
      action: HEALTH_ACTIONS.correctionRequest,
      entityType: HEALTH_RECORD,
      entityId: clientId,
      details: { requestId: id },
    });
    return { id };
  });
}

// ---------------------------------------------------------------------------
// Exports: JSON and a FHIR R4 Bundle

export function toJsonExport(record: ClientRecord, clinicName: string) {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    format: "dermaplan-client-record",
    version: 1,
    generatedAt: iso(record.generatedAt),
    clinic: clinicName,
    client: {
      id: record.contact.id,
      name: record.contact.name,
      email: record.contact.email,
      phone: record.contact.phone,
      since: iso(record.contact.createdAt),
    },
    appointments: record.appointments.map((a) => ({
      id: a.id,
      status: a.status,
      start: iso(a.startMs),
      end: iso(a.endMs),
      service: a.serviceName,
      practitioner: a.practitionerName,
    })),
    healthNotes: record.notes.map((n) => ({ id: n.id, writtenAt: iso(n.createdAt), author: n.authorName, text: n.body })),
    correctionRequests: record.corrections.map((c) => ({
      id: c.id,
      askedAt: iso(c.createdAt),
      status: c.status,
      answeredAt: iso(c.resolvedAt),
      text: c.body,
    })),
    lock: record.lock ? { allowedStaff: record.lock.allowedNames, since: iso(record.lock.lockedAt) } : null,
    screenings: record.screenings.map((s) => ({
      id: s.id,
      source: s.source,
      madeAt: iso(s.createdAt),
      asOf: s.asOf,
      rulesVersion: s.rulesVersion,
      questionnaire: s.questionnaire,
      answers: s.answers?.intake ?? null,
      questionnaireResponse: s.answers?.response ?? null,
      note: s.answers?.note ?? null,
      result: s.result
        ? {
            outcome: s.result.outcome,
            earliestDate: s.result.earliestDate,
            reasons: s.result.reasons.map((r) => ({ rule: r.ruleId, outcome: r.outcome, until: r.until, explanation: r.clientMessage })),
          }
        : null,
      reviews: s.reviews.map((v) => ({ decision: v.decision, by: v.by, at: iso(v.at), note: v.note })),
    })),
    treatmentPlans: record.plans.map((p) => ({
      id: p.id,
      createdAt: iso(p.createdAt),
      versions: p.versions.map((v) => ({
        version: v.version,
        status: v.status,
        offeredAt: iso(v.proposedAt),
        contentSha256: v.contentSha256,
        plan: v.draft,
        signature: v.acceptance
          ? {
              signedName: v.acceptance.signedName,
              signedAt: iso(v.acceptance.signedAt),
              ip: v.acceptance.ip,
              contentSha256: v.acceptance.contentSha256,
            }
          : null,
      })),
      sessions: p.sessions.map((x) => ({ session: x.session, appointmentId: x.appointmentId, start: iso(x.start), status: x.status })),
    })),
    accessLog: record.accessLog.map((e) => ({
      at: iso(e.at),
      who: e.actorType === "client" ? "you" : e.actorName,
      role: e.actorRole,
      action: e.action,
      reason: e.reason,
    })),
  };
}

const FHIR_APPOINTMENT_STATUS: Record<ClientAppointment["status"], string> = {
  booked: "booked",
  cancelled: "cancelled",
  completed: "fulfilled",
  "no-show": "noshow",
};

/**
 * The record as a FHIR R4 Bundle of type "collection": a Patient, an
 * Appointment per appointment, an Observation (with the text as valueString)
 * per health note and a Task per correction request. Entries reference each
 * other by urn:uuid full URLs.
 */
export function toFhirBundle(record: ClientRecord, clinicName: string) {
  const iso = (ms: number) => new Date(ms).toISOString();
  const patientRef = `urn:uuid:${record.contact.id}`;
  const c = record.contact;
  const telecom = [{ system: "email", value: c.email, use: "home" }, ...(c.phone ? [{ system: "phone", value: c.phone }] : [])];
  const entries: { fullUrl: string; resource: Record<string, unknown> & { resourceType: string } }[] = [
    {
      fullUrl: patientRef,
      resource: { resourceType: "Patient", id: c.id, active: true, name: [{ text: c.name }], telecom },
    },
    ...record.appointments.map((a) => ({
      fullUrl: `urn:uuid:${a.id}`,
      resource: {
        resourceType: "Appointment",
        id: a.id,
        status: FHIR_APPOINTMENT_STATUS[a.status],
        serviceType: [{ text: a.serviceName }],
        description: a.serviceName,
        start: iso(a.startMs),
        end: iso(a.endMs),
        participant: [
          { actor: { reference: patientRef, display: c.name }, status: "accepted" },
          { actor: { display: a.practitionerName }, status: "accepted" },
        ],
      },
    })),
    ...record.notes.map((n) => ({
      fullUrl: `urn:uuid:${n.id}`,
      resource: {
        resourceType: "Observation",
        id: n.id,
        status: "final",
        code: { text: "Practitioner's health note" },
        subject: { reference: patientRef },
        issued: iso(n.createdAt),
        effectiveDateTime: iso(n.createdAt),
        ...(n.authorName ? { performer: [{ display: n.authorName }] } : {}),
        valueString: n.body ?? "",
      },
    })),
    ...record.corrections.map((r) => ({
      fullUrl: `urn:uuid:${r.id}`,
      resource: {
        resourceType: "Task",
        id: r.id,
        status: r.status === "open" ? "requested" : r.status === "corrected" ? "completed" : "rejected",
        intent: "order",
        code: { text: "Request to correct the record" },
        description: r.body ?? "",
        for: { reference: patientRef },
        authoredOn: iso(r.createdAt),
        ...(r.resolvedAt ? { lastModified: iso(r.resolvedAt) } : {}),
      },
    })),
    // Intake answers as the QuestionnaireResponse they were given in.
    ...record.screenings.flatMap((s) =>
      s.answers?.response && s.answers.response.resourceType === "QuestionnaireResponse"
        ? [
            {
              fullUrl: `urn:uuid:${s.id}`,
              resource: {
                ...(s.answers.response as Record<string, unknown>),
                resourceType: "QuestionnaireResponse",
                id: s.id,
                subject: { reference: patientRef },
                authored: iso(s.createdAt),
              },
            },
          ]
        : [],
    ),
    // Each plan as a CarePlan: the version in force (or the one offered), an activity per zone.
    ...record.plans.flatMap((p) => {
      const v = p.accepted ?? p.versions[0];
      if (!v?.draft) return [];
      const d = v.draft;
      return [
        {
          fullUrl: `urn:uuid:${p.id}`,
          resource: {
            resourceType: "CarePlan",
            id: p.id,
            status: v.status === "accepted" ? "active" : "draft",
            intent: v.status === "accepted" ? "plan" : "proposal",
            title: "Microneedling treatment plan",
            description: `${d.sessions} sessions, ${d.intervalMinDays}–${d.intervalMaxDays} days apart (version ${v.version}, SHA-256 ${v.contentSha256})`,
            subject: { reference: patientRef },
            created: iso(v.createdAt),
            ...(d.noteToClient ? { note: [{ text: d.noteToClient }] } : {}),
            activity: d.zones.map((z) => ({
              detail: {
                status: "scheduled",
                description: `${z.zone}: ${z.indication}, ${z.depthMinMm}–${z.depthMaxMm} mm`,
              },
            })),
          },
        },
      ];
    }),
  ];
  return {
    resourceType: "Bundle",
    type: "collection",
    timestamp: iso(record.generatedAt),
    meta: { tag: [{ display: `Exported from ${clinicName} by Dermaplan` }] },
    entry: entries,
  };
}

// ---------------------------------------------------------------------------
// Key maintenance: the start-up check and rotation (ciphertext only)

/** How many stored values name each key ("unrecognised" for values not in our format). */
export async function encryptedValueCounts(db: DbOrTx): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const { table, column } of ENCRYPTED_COLUMNS) {
    const result = await db.execute(
      sql`SELECT split_part(${sql.identifier(column)}, ':', 2) AS key_id, count(*)::int AS n FROM ${sql.identifier(table)} GROUP BY 1`,
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

const ROTATION_BATCH = 500;

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
    const byOrganization: Record<string, number> = {};
    const bump = (org: string) => (byOrganization[org] = (byOrganization[org] ?? 0) + 1);
    const decryptOrStop = (value: string, context: string, what: string) => {
      try {
        return o.keyRing.decrypt(value, context);
      } catch (error) {
        if (error instanceof DecryptionError || error instanceof MissingKeyError) {
          throw new Error(`Key rotation stopped and changed nothing: ${what} cannot be decrypted. ${error.message}`);
        }
        throw error;
      }
    };
    let notes = 0;
    for (;;) {
      const rows = await tx
        .select()
        .from(clientHealthNotes)
        .where(sql`split_part(${clientHealthNotes.bodyEncrypted}, ':', 2) <> ${active}`)
        .orderBy(asc(clientHealthNotes.id))
        .limit(ROTATION_BATCH)
        .for("update");
      if (rows.length === 0) break;
      for (const r of rows) {
        const plain = decryptOrStop(r.bodyEncrypted, noteContext(r), `health note ${r.id}`);
        await tx
          .update(clientHealthNotes)
          .set({ bodyEncrypted: o.keyRing.encrypt(plain, noteContext(r)) })
          .where(eq(clientHealthNotes.id, r.id));
        bump(r.organizationId);
        notes++;
      }
    }
    let corrections = 0;
    for (;;) {
      const rows = await tx
        .select()
        .from(recordCorrectionRequests)
        .where(sql`split_part(${recordCorrectionRequests.bodyEncrypted}, ':', 2) <> ${active}`)
        .orderBy(asc(recordCorrectionRequests.id))
        .limit(ROTATION_BATCH)
        .for("update");
      if (rows.length === 0) break;
      for (const r of rows) {
        const plain = decryptOrStop(r.bodyEncrypted, correctionContext(r), `correction request ${r.id}`);
        await tx
          .update(recordCorrectionRequests)
          .set({ bodyEncrypted: o.keyRing.encrypt(plain, correctionContext(r)) })
          .where(eq(recordCorrectionRequests.id, r.id));
        bump(r.organizationId);
        corrections++;
      }
    }
    // Replayed bookings' manage-link tokens: kept under the same keys, so they move too.
    const replays = await tx
      .select()
      .from(idempotencyKeys)
      .where(
        sql`${idempotencyKeys.manageTokenEncrypted} IS NOT NULL AND split_part(${idempotencyKeys.manageTokenEncrypted}, ':', 2) <> ${active}`,
      )
      .for("update");
    for (const r of replays) {
      const context = `idempotency_keys.manage_token_encrypted/${r.organizationId}/${r.key}`;
      const plain = decryptOrStop(r.manageTokenEncrypted!, context, `a stored booking answer (${r.key.slice(0, 8)}…)`);
      await tx
        .update(idempotencyKeys)
        .set({ manageTokenEncrypted: o.keyRing.encrypt(plain, context) })
        .where(and(eq(idempotencyKeys.organizationId, r.organizationId), eq(idempotencyKeys.key, r.key)));
    }
    const screenings =
      (await reencryptScreeningData(tx, o.keyRing, decryptOrStop, bump)) +
      (await reencryptReminders(tx, o.keyRing, decryptOrStop, bump)) +
      (await reencryptPlanData(tx, o.keyRing, decryptOrStop, bump));
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
