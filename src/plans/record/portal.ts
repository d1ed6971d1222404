// The client's side of their plans, in the portal: what was offered to them
// or signed (audited as the client's own view), the statuses for the home
// page (nothing decrypted), and the signature itself.
import { and, desc, eq, inArray } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/open.ts";
import { clients } from "../../db/schema.ts";
import { FieldError } from "../../kernel/errors.ts";
import { NAME_MISMATCH_MESSAGE, signatureNameMatches } from "../../kernel/signature-name.ts";
import { isPlainLine, LINE_CONTROL_MESSAGE } from "../../kernel/text.ts";
import { HEALTH_ACTIONS, HealthRecordNotFoundError, type ClientActor, auditClientHealth } from "../../privacy/access.ts";
import { treatmentPlanAcceptances, treatmentPlans, treatmentPlanVersions } from "../../privacy/health-tables.ts";
import { type KeyRing, isUnreadable } from "../../privacy/keyring.ts";
import { SIGNED_NAME_MAX, SIGNED_NAME_MIN } from "../limits.ts";
import type { PlanDraft } from "../types.ts";
import { validatePlan } from "../validate.ts";
import { contentContext } from "./content.ts";
import { limitsOf, loadContext } from "./context.ts";
import { PlanChangedError } from "./errors.ts";
import { lockPlan, planClientId, plansForExport, readPlan, type PlanView } from "./read.ts";

/** The client's plans that were offered to them or that they signed. Audited as the client's own view. */
export async function clientPlans(db: Db, o: { client: ClientActor; keyRing: KeyRing; now?: number }): Promise<PlanView[]> {
  const { organizationId, clientId } = o.client;
  return db.transaction(async (tx) => {
    const plans = (await plansForExport(tx, o.keyRing, organizationId, clientId)).reverse();
    if (plans.length > 0) {
      await auditClientHealth(tx, o.client, HEALTH_ACTIONS.view, { part: "plans" });
    }
    return plans;
  });
}

/**
 * Which of the client's plans wait for their signature or are in force — no
 * content, nothing decrypted, so not an access to the record (portal home).
 */
export async function clientPlanStatuses(
  db: DbOrTx,
  o: { client: ClientActor },
): Promise<{ planId: string; version: number; status: "proposed" | "accepted"; at: number }[]> {
  const rows = await db
    .select({
      planId: treatmentPlanVersions.planId,
      version: treatmentPlanVersions.version,
      status: treatmentPlanVersions.status,
      proposedAt: treatmentPlanVersions.proposedAt,
      updatedAt: treatmentPlanVersions.updatedAt,
    })
    .from(treatmentPlanVersions)
    .innerJoin(treatmentPlans, eq(treatmentPlans.id, treatmentPlanVersions.planId))
    .where(
      and(
        eq(treatmentPlans.organizationId, o.client.organizationId),
        eq(treatmentPlans.clientId, o.client.clientId),
        inArray(treatmentPlanVersions.status, ["proposed", "accepted"]),
      ),
    )
    .orderBy(desc(treatmentPlanVersions.updatedAt));
  return rows.map((r) => ({
    planId: r.planId,
    version: r.version,
    status: r.status as "proposed" | "accepted",
    at: (r.proposedAt ?? r.updatedAt).getTime(),
  }));
}

/** One of the client's own plans, for the portal page or its PDF. */
export async function clientPlan(
  db: Db,
  o: { client: ClientActor; keyRing: KeyRing; planId: string; purpose?: "view" | "export" },
): Promise<PlanView> {
  const { organizationId, clientId } = o.client;
  return db.transaction(async (tx) => {
    const owner = await planClientId(tx, organizationId, o.planId).catch(() => null);
    if (owner !== clientId) throw new HealthRecordNotFoundError();
    const plan = await readPlan(tx, o.keyRing, organizationId, o.planId, ["proposed", "accepted", "superseded"]);
    if (plan.versions.length === 0) throw new HealthRecordNotFoundError();
    await auditClientHealth(tx, o.client, o.purpose === "export" ? HEALTH_ACTIONS.export : HEALTH_ACTIONS.view, {
      part: "plan",
      planId: o.planId,
      ...(o.purpose === "export" ? { format: "pdf" } : {}),
    });
    return plan;
  });
}

/**
 * The client signs one proposed version: their typed name, the consent box,
 * the time, their IP and the SHA-256 of exactly the content they were shown
 * (sent back from the page, so a plan changed in between is refused). The
 * version in force before it is superseded.
 */
export async function acceptPlan(
  db: Db,
  o: {
    client: ClientActor;
    keyRing: KeyRing;
    planId: string;
    version: number;
    contentSha256: string;
    signedName: string;
    consent: boolean;
    ip: string | null;
    now?: number;
  },
): Promise<void> {
  const now = o.now ?? Date.now();
  const signedName = o.signedName.replace(/\s+/g, " ").trim();
  const errors: Record<string, string> = {};
  // Checked on what was typed: a line break or a NUL byte is refused, not folded into a space.
  if (!isPlainLine(o.signedName)) errors.signedName = LINE_CONTROL_MESSAGE;
  else if (signedName.length < SIGNED_NAME_MIN) errors.signedName = "Type your full name to sign.";
  else if (signedName.length > SIGNED_NAME_MAX) errors.signedName = `Use at most ${SIGNED_NAME_MAX} characters.`;
  if (!o.consent) errors.consent = "Tick the box to say you agree to this plan.";
  if (Object.keys(errors).length > 0) throw new FieldError(errors);
  const { organizationId, clientId } = o.client;
  await db.transaction(async (tx) => {
    const owner = await planClientId(tx, organizationId, o.planId).catch(() => null);
    if (owner !== clientId) throw new HealthRecordNotFoundError();
    if (!Number.isInteger(o.version) || o.version < 1 || o.version > 1000) throw new PlanChangedError();
    // The typed name is the signature's tie to the person: it must be the client's (decision 0028).
    const [person] = await tx
      .select({ name: clients.name })
      .from(clients)
      .where(and(eq(clients.id, clientId), eq(clients.organizationId, organizationId)));
    if (!person || !signatureNameMatches(signedName, person.name)) throw new FieldError({ signedName: NAME_MISMATCH_MESSAGE });
    await lockPlan(tx, { organizationId, planId: o.planId });
    const [row] = await tx
      .select()
      .from(treatmentPlanVersions)
      .where(and(eq(treatmentPlanVersions.planId, o.planId), eq(treatmentPlanVersions.version, o.version)));
    if (!row || row.status !== "proposed" || row.contentSha256 !== o.contentSha256) throw new PlanChangedError();
    // The limits as they are now: a screening recorded since the plan was offered (an allergy, say) may rule part of it out.
    let content: PlanDraft;
    try {
      content = JSON.parse(o.keyRing.decrypt(row.contentEncrypted, contentContext(row))) as PlanDraft;
    } catch (error) {
      if (isUnreadable(error) || error instanceof SyntaxError) throw new PlanChangedError();
      throw error;
    }
    const ctx = await loadContext(tx, o.keyRing, organizationId, clientId);
    const violations = validatePlan(content, {
      ...limitsOf(ctx),
      // A version offered before plans recorded the numbing product and the glide is signed as it was offered.
      storedBeforeNumbingDetail: content.glideId === undefined,
    });
    if (violations.length > 0) {
      throw new FieldError({
        plan: "Something has changed since this plan was written, and your practitioner needs to look at it again before you sign. Please contact the clinic.",
      });
    }
    await tx
      .update(treatmentPlanVersions)
      .set({ status: "superseded", updatedAt: new Date(now) })
      .where(and(eq(treatmentPlanVersions.planId, o.planId), eq(treatmentPlanVersions.status, "accepted")));
    await tx
      .update(treatmentPlanVersions)
      .set({ status: "accepted", updatedAt: new Date(now) })
      .where(and(eq(treatmentPlanVersions.planId, o.planId), eq(treatmentPlanVersions.version, o.version)));
    await tx.insert(treatmentPlanAcceptances).values({
      planId: o.planId,
      version: o.version,
      organizationId,
      clientId,
      signedName,
      consent: true,
      signedAt: new Date(now),
      ip: o.ip ? o.ip.slice(0, 64) : null,
      contentSha256: row.contentSha256,
    });
    await auditClientHealth(tx, o.client, "treatment-plan.accept", {
      planId: o.planId,
      version: o.version,
      contentSha256: row.contentSha256,
    });
  });
}
