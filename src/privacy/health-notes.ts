// The practitioners' health notes and the client's correction requests, as
// staff read them: decrypted for whoever may open the record (access.ts),
// audited as a view, print or export. Notes are never overwritten: a
// correction is a new note. Health text never goes into logs or audit details.
import { randomUUID } from "node:crypto";
import { and, desc, eq } from "drizzle-orm";
import type { Db, DbOrTx } from "../db/open.ts";
import { authUsers } from "../db/schema.ts";
import { FieldError } from "../kernel/errors.ts";
import { HEALTH_ACTIONS, withAccess, type HealthPurpose, auditStaffHealth, roleMay } from "./access.ts";
import { clientHealthNotes, recordCorrectionRequests, type CorrectionStatus } from "./health-tables.ts";
import { DecryptionError, type KeyRing, isUnreadable } from "./keyring.ts";
import { NOTE_MAX_CHARS } from "./limits.ts";
import type { Actor } from "../kernel/access.ts";

// Encryption contexts: a ciphertext only decrypts in the row it was written for.
export const noteContext = (r: { organizationId: string; clientId: string; id: string }) =>
  `client_health_notes.body_encrypted/${r.organizationId}/${r.clientId}/${r.id}`;
export const correctionContext = (r: { organizationId: string; clientId: string; id: string }) =>
  `record_correction_requests.body_encrypted/${r.organizationId}/${r.clientId}/${r.id}`;

function tryDecrypt(keyRing: KeyRing, value: string, context: string): { body: string | null; damaged: boolean } {
  try {
    return { body: keyRing.decrypt(value, context), damaged: false };
  } catch (error) {
    if (isUnreadable(error)) return { body: null, damaged: true };
    throw error;
  }
}

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

/** The client's notes, newest first, decrypted (in the caller's access and audit). */
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

/** The client's correction requests, newest first, decrypted (in the caller's access and audit). */
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

/** The client's notes and correction requests, decrypted; an export refuses to go out with one that failed its check. */
export async function readNotesAndCorrections(
  tx: DbOrTx,
  keyRing: KeyRing,
  organizationId: string,
  clientId: string,
  purpose: HealthPurpose,
): Promise<{ notes: HealthNoteView[]; corrections: CorrectionView[] }> {
  const notes = await readNotes(tx, keyRing, organizationId, clientId);
  const corrections = await readCorrections(tx, keyRing, organizationId, clientId);
  if (purpose === "export" && [...notes, ...corrections].some((n) => n.damaged)) {
    throw new DecryptionError("a stored note failed its integrity check, so no export was made");
  }
  return { notes, corrections };
}

/**
 * Opens a client's health record for the signed-in staff member: for the care
 * team (or the staff named in the client's lock), or within a running
 * break-the-glass access. Audited as a view, print or export; a refusal is
 * audited as `health-record.denied` and thrown.
 */
export async function viewHealthRecord(
  db: Db,
  o: { staff: Actor; keyRing: KeyRing; clientId: string; purpose?: HealthPurpose; now?: number },
): Promise<StaffHealthRecord> {
  const purpose = o.purpose ?? "view";
  const now = o.now ?? Date.now();
  // An export needs health.export on top of access to the record.
  const require = purpose === "export" ? roleMay(o.staff, "health.export") : undefined;
  return withAccess(db, { staff: o.staff, clientId: o.clientId, now, attempted: purpose, require }, async (tx, _d, via) => {
    const { notes, corrections } = await readNotesAndCorrections(tx, o.keyRing, o.staff.organizationId, o.clientId, purpose);
    await auditStaffHealth(tx, o.staff, o.clientId, HEALTH_ACTIONS[purpose], { role: o.staff.role, access: via, notes: notes.length });
    return { clientId: o.clientId, via, notes, corrections };
  });
}

/** Adds a health note. Notes are never overwritten: a correction is a new note. */
export async function addHealthNote(
  db: Db,
  o: { staff: Actor; keyRing: KeyRing; clientId: string; body?: string; now?: number },
): Promise<{ id: string }> {
  const body = (o.body ?? "").replace(/\r\n/g, "\n").trim();
  if (!body) throw new FieldError({ body: "Write the note first." });
  if (body.length > NOTE_MAX_CHARS) throw new FieldError({ body: `Use at most ${NOTE_MAX_CHARS} characters.` });
  const now = o.now ?? Date.now();
  return withAccess(
    db,
    { staff: o.staff, clientId: o.clientId, now, attempted: "edit", require: roleMay(o.staff, "health.edit") },
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
      await auditStaffHealth(tx, o.staff, o.clientId, HEALTH_ACTIONS.edit, {
        change: "note-added",
        noteId: id,
        role: o.staff.role,
        access: via,
      });
      return { id };
    },
  );
}
