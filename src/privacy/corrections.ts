// PHIPA's right of correction: the client asks, in their portal, for their
// record to be corrected (the text encrypted), and whoever may open the record
// marks the request as made or refused. Both steps are audited; the staff
// read the requests with the notes (health-notes.ts).
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Db } from "../db/open.ts";
import { FieldError } from "../kernel/errors.ts";
import { isUuid } from "../kernel/ids.ts";
import { isPlainText, TEXT_CONTROL_MESSAGE } from "../kernel/text.ts";
import { HEALTH_ACTIONS, HealthRecordNotFoundError, withAccess, type ClientActor, auditStaffHealth, auditClientHealth } from "./access.ts";
import { clientContact } from "./client-directory.ts";
import { correctionContext } from "./health-notes.ts";
import { recordCorrectionRequests } from "./health-tables.ts";
import type { KeyRing } from "./keyring.ts";
import { CORRECTION_MAX_CHARS, CORRECTION_MIN_CHARS } from "./limits.ts";
import type { Actor } from "../kernel/access.ts";

/** Stores the client's request to correct their record (text encrypted). Audited. */
export async function requestCorrection(
  db: Db,
  o: { client: ClientActor; keyRing: KeyRing; body?: string; now?: number },
): Promise<{ id: string }> {
  const body = (o.body ?? "").replace(/\r\n/g, "\n").trim();
  if (body.length < CORRECTION_MIN_CHARS) {
    throw new FieldError({ body: `Say what is wrong and what it should say (at least ${CORRECTION_MIN_CHARS} characters).` });
  }
  if (body.length > CORRECTION_MAX_CHARS) throw new FieldError({ body: `Use at most ${CORRECTION_MAX_CHARS} characters.` });
  if (!isPlainText(body)) throw new FieldError({ body: TEXT_CONTROL_MESSAGE });
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
    await auditClientHealth(tx, o.client, HEALTH_ACTIONS.correctionRequest, { requestId: id });
    return { id };
  });
}

/** Marks a client's correction request as made or refused (whoever may open the record). */
export async function resolveCorrectionRequest(
  db: Db,
  o: { staff: Actor; clientId: string; requestId: string; status: "corrected" | "refused"; now?: number },
): Promise<void> {
  const now = o.now ?? Date.now();
  if (!isUuid(o.requestId)) throw new FieldError({ requestId: "That correction request does not exist." });
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
    if (updated.length === 0) throw new FieldError({ requestId: "That correction request is not open any more." });
    await auditStaffHealth(tx, o.staff, o.clientId, HEALTH_ACTIONS.edit, {
      change: `correction-${o.status}`,
      requestId: o.requestId,
      role: o.staff.role,
      access: via,
    });
  });
}
