// Writing a screening: the answers are screened by the engine under the
// clinic's rules, both stored encrypted, and the change is audited with its
// source in the caller's transaction.
import { recordAuditEvent } from "../../audit/audit-log.ts";
import type { DbOrTx } from "../../db/open.ts";
import { HEALTH_ACTIONS, HEALTH_RECORD } from "../../privacy/access.ts";
import { clientScreenings, type ScreeningSource } from "../../privacy/health-tables.ts";
import type { KeyRing } from "../../privacy/keyring.ts";
import { screen } from "../engine.ts";
import type { EffectiveRules } from "../effective-rules.ts";
import { answersContext, resultContext, type StoredAnswers } from "./encryption.ts";

/** Stores one screening of a client (answers and the engine's result, encrypted). Audited as a change of the record. */
export async function insertScreening(
  tx: DbOrTx,
  o: {
    organizationId: string;
    keyRing: KeyRing;
    clientId: string;
    source: ScreeningSource;
    answers: StoredAnswers;
    rules: EffectiveRules;
    createdBy: { type: "client" | "staff" | "public"; id: string | null };
    appointmentId?: string | null;
    questionnaire?: string | null;
    now: number;
  },
): Promise<string> {
  const result = screen(o.answers.intake, o.rules);
  const id = crypto.randomUUID();
  const ctx = { organizationId: o.organizationId, clientId: o.clientId, id };
  await tx.insert(clientScreenings).values({
    id,
    organizationId: o.organizationId,
    clientId: o.clientId,
    source: o.source,
    appointmentId: o.appointmentId ?? null,
    questionnaire: o.questionnaire ?? null,
    rulesVersion: result.rulesVersion,
    asOf: o.answers.intake.asOf,
    createdAt: new Date(o.now),
    createdByType: o.createdBy.type,
    createdById: o.createdBy.id,
    answersEncrypted: o.keyRing.encrypt(JSON.stringify(o.answers), answersContext(ctx)),
    resultEncrypted: o.keyRing.encrypt(JSON.stringify(result), resultContext(ctx)),
  });
  await recordAuditEvent(tx, {
    organizationId: o.organizationId,
    actor: o.createdBy,
    action: HEALTH_ACTIONS.edit,
    entityType: HEALTH_RECORD,
    entityId: o.clientId,
    details: { kind: "screening", source: o.source, screeningId: id, rulesVersion: result.rulesVersion },
  });
  return id;
}
