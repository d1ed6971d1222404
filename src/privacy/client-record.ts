// The whole record of one client, decrypted: PHIPA's right of access in the
// client's portal, and the custodian's export of it. It gathers every part —
// contact and appointments, notes and corrections, the lock, who looked,
// screenings and plans — so it is the one health-record module that imports
// the screening and plan storage (they import access.ts, never this).
import { and, eq } from "drizzle-orm";
import { accessLogForRecord, recordAuditEvent, type AccessLogEntry } from "../audit/audit-log.ts";
import type { Db, DbOrTx } from "../db/open.ts";
import { plansForExport, type PlanView } from "../plans/record/read.ts";
import { screeningsForExport, type ScreeningView } from "../screening/record/read.ts";
import { HEALTH_ACTIONS, HEALTH_RECORD, HealthRecordNotFoundError, staffActor, withAccess, type ClientActor } from "./access.ts";
import { clientAppointments, clientContact, type ClientAppointment, type ClientContactDetails } from "./client-directory.ts";
import { readCorrections, readNotes, type CorrectionView, type HealthNoteView } from "./health-notes.ts";
import { clientRecordLocks } from "./health-tables.ts";
import { DecryptionError, type KeyRing } from "./keyring.ts";
import { lockInfo } from "./record-lock.ts";
import type { Actor } from "../kernel/access.ts";
import { can } from "../kernel/access.ts";

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
  o: { staff: Actor; keyRing: KeyRing; clientId: string; format: "json" | "fhir"; now?: number },
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
