// The client's own screenings, in the portal: sending the intake (which
// confirms their upcoming appointments booked without signing in), the
// answers that pre-fill it, and the status on the home page.
import { and, desc, eq } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/open.ts";
import { HEALTH_ACTIONS, type ClientActor, auditClientHealth } from "../../privacy/access.ts";
import { clientScreenings, pendingSelfChecks, type ScreeningSource } from "../../privacy/health-tables.ts";
import type { KeyRing } from "../../privacy/keyring.ts";
import { confirmClientAppointments } from "../../scheduling/confirm-appointments.ts";
import { screen } from "../engine.ts";
import type { EffectiveRules } from "../effective-rules.ts";
import type { NormalizedIntake, ScreeningResult } from "../types.ts";
import { insertScreening } from "./insert.ts";
import { readScreenings, type ScreeningView } from "./read.ts";
import { awaitingSelfCheck } from "./self-check.ts";

/** Stores the client's intake (answers and questionnaire response) and its screening. Audited as the client's own change. */
export async function recordClientIntake(
  db: Db,
  o: {
    client: ClientActor;
    keyRing: KeyRing;
    intake: NormalizedIntake;
    response: Record<string, unknown>;
    questionnaire: string;
    rules: EffectiveRules;
    now?: number;
  },
): Promise<{ id: string; result: ScreeningResult }> {
  const now = o.now ?? Date.now();
  return db.transaction(async (tx) => {
    const id = await insertScreening(tx, {
      organizationId: o.client.organizationId,
      keyRing: o.keyRing,
      clientId: o.client.clientId,
      source: "intake",
      answers: { intake: o.intake, response: o.response },
      rules: o.rules,
      createdBy: { type: "client", id: o.client.clientId },
      questionnaire: o.questionnaire,
      now,
    });
    // The review screen says so: sending the intake confirms the client's upcoming appointments booked without signing in.
    await confirmClientAppointments(tx, { organizationId: o.client.organizationId, clientId: o.client.clientId, now, via: "intake" });
    // Answers carried from a self-check have been confirmed or corrected by this intake.
    await tx
      .delete(pendingSelfChecks)
      .where(and(eq(pendingSelfChecks.organizationId, o.client.organizationId), eq(pendingSelfChecks.clientId, o.client.clientId)));
    return { id, result: screen(o.intake, o.rules) };
  });
}

/**
 * Whether and when the client was last screened, and how — no answers, no
 * result, nothing decrypted (so it is not an access to the record's content
 * and writes no audit row). For the portal home page.
 */
export async function clientScreeningStatus(
  db: DbOrTx,
  o: { client: ClientActor },
): Promise<{ source: ScreeningSource; createdAt: number } | null> {
  const [row] = await db
    .select({ source: clientScreenings.source, createdAt: clientScreenings.createdAt })
    .from(clientScreenings)
    .where(and(eq(clientScreenings.organizationId, o.client.organizationId), eq(clientScreenings.clientId, o.client.clientId)))
    .orderBy(desc(clientScreenings.createdAt), desc(clientScreenings.id))
    .limit(1);
  return row ? { source: row.source, createdAt: row.createdAt.getTime() } : null;
}

/**
 * The client's latest answers (to pre-fill the intake), or null: self-check
 * answers carried into a booking and awaiting the client's confirmation when
 * they are newer than the latest screening. Audited as the client's own view.
 */
export async function clientLatestAnswers(
  db: Db,
  o: { client: ClientActor; keyRing: KeyRing; now?: number },
): Promise<ScreeningView | null> {
  return db.transaction(async (tx) => {
    const [stored] = await readScreenings(tx, o.keyRing, o.client.organizationId, o.client.clientId, 1);
    const awaiting = await awaitingSelfCheck(tx, {
      keyRing: o.keyRing,
      organizationId: o.client.organizationId,
      clientId: o.client.clientId,
      now: o.now ?? Date.now(),
    });
    const latest: ScreeningView | undefined =
      awaiting && (!stored || awaiting.createdAt > stored.createdAt)
        ? {
            id: "awaiting-confirmation",
            source: "self-check",
            appointmentId: null,
            questionnaire: null,
            rulesVersion: "",
            asOf: awaiting.intake.asOf,
            createdAt: awaiting.createdAt,
            answers: {
              intake: awaiting.intake,
              response: null,
              ...(awaiting.expectation ? { expectation: awaiting.expectation } : {}),
            },
            result: null,
            damaged: false,
            reviews: [],
          }
        : stored;
    if (!latest) return null;
    await auditClientHealth(tx, o.client, HEALTH_ACTIONS.view, { part: "screening", screeningId: latest.id });
    return latest;
  });
}
