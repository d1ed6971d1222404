// The whole record of one client, decrypted: PHIPA's right of access in the
// client's portal, and the custodian's export of it. It gathers every part —
// contact and appointments, notes and corrections, the lock, who looked,
// screenings, plans, session charts and check-ins — so it is the one
// health-record module that imports the screening and plan storage (they
// import access.ts, never this).
import { accessLogForRecord, type AccessLogEntry } from "../audit/audit-log.ts";
import type { Db, DbOrTx } from "../db/open.ts";
import { chartsForExport, type ChartView } from "../plans/record/chart-read.ts";
import { checkinsForExport, type CheckinExportView } from "../plans/record/checkins.ts";
import { plansForExport, type PlanView } from "../plans/record/read.ts";
import { screeningsForExport, type ScreeningView } from "../screening/record/read.ts";
import {
  HEALTH_ACTIONS,
  HealthRecordNotFoundError,
  withAccess,
  type ClientActor,
  auditStaffHealth,
  auditClientHealth,
  readLock,
  roleMay,
} from "./access.ts";
import { clientAppointments, clientContact, type ClientAppointment, type ClientContactDetails } from "./client-directory.ts";
import { readNotesAndCorrections, type CorrectionView, type HealthNoteView } from "./health-notes.ts";
import type { KeyRing } from "./keyring.ts";
import { lockInfo } from "./record-lock.ts";
import type { Actor } from "../kernel/access.ts";
import { consentSignaturesOf, type ConsentSignatureView } from "../consent/consent.ts";

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
  /** Signed session charts with their addenda, oldest first (drafts are the practitioner's work in progress); `chart` is null when damaged. */
  charts: ChartView[];
  /** The check-ins the client answered after a session, oldest first, with any follow-up and its closing note; `answers` is null when damaged. */
  checkins: CheckinExportView[];
  /** The consents the client signed (procedure and photographs), with any withdrawal. */
  consents: ConsentSignatureView[];
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
    await auditClientHealth(
      tx,
      o.client,
      purpose === "export" ? HEALTH_ACTIONS.export : HEALTH_ACTIONS.view,
      purpose === "export" ? { format: o.format ?? "json", notes: record.notes.length } : { notes: record.notes.length },
    );
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
    { staff: o.staff, clientId: o.clientId, now, attempted: "export", require: roleMay(o.staff, "health.export") },
    async (tx, _d, via) => {
      const record = await assembleRecord(tx, o.keyRing, o.staff.organizationId, o.clientId, now, "export");
      await auditStaffHealth(tx, o.staff, o.clientId, HEALTH_ACTIONS.export, {
        role: o.staff.role,
        access: via,
        format: o.format,
        notes: record.notes.length,
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
  const { notes, corrections } = await readNotesAndCorrections(tx, keyRing, organizationId, clientId, purpose);
  const info = await lockInfo(tx, organizationId, await readLock(tx, organizationId, clientId));
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
    charts: await chartsForExport(tx, keyRing, organizationId, clientId),
    checkins: await checkinsForExport(tx, keyRing, organizationId, clientId),
    consents: await consentSignaturesOf(tx, organizationId, clientId),
  };
}
