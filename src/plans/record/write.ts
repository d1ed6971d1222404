// Writing plans: a practitioner with access to the record starts a plan and
// saves its changes. Every draft is checked against the clinic's limits and
// the client's screening (context.ts) before it is stored, encrypted.
import { randomUUID } from "node:crypto";
import { and, desc, eq } from "drizzle-orm";
import type { Db } from "../../db/open.ts";
import { HealthRecordNotFoundError, withAccess } from "../../privacy/access.ts";
import { treatmentPlans, treatmentPlanVersions } from "../../privacy/health-tables.ts";
import type { KeyRing } from "../../privacy/keyring.ts";
import type { PlanDraft } from "../types.ts";
import { depthReasonRuleIds } from "../validate.ts";
import { canonicalJson, contentContext, contentSha256, editableSha } from "./content.ts";
import { checked, loadContext } from "./context.ts";
import { PlanChangedError } from "./errors.ts";
import { lockPlan, planClientId } from "./read.ts";
import { auditPlanChange, mayEdit } from "./staff-edit.ts";
import type { Actor } from "../../kernel/access.ts";

/** The version's scheduling and price columns, kept in clear beside the encrypted content. */
export function versionValues(draft: PlanDraft) {
  return {
    serviceId: draft.serviceId,
    practitionerId: draft.practitionerId,
    sessions: draft.sessions,
    intervalMinDays: draft.intervalMinDays,
    intervalMaxDays: draft.intervalMaxDays,
    pricePerSessionCents: draft.pricePerSessionCents,
    packagePriceCents: draft.packagePriceCents,
    currency: draft.currency,
  };
}

/** Starts a plan for a client as a draft (version 1). Refused with the rule that refused it. */
export async function createPlan(
  db: Db,
  o: { staff: Actor; keyRing: KeyRing; clientId: string; draft: PlanDraft; now?: number },
): Promise<{ planId: string; version: number }> {
  const now = o.now ?? Date.now();
  return withAccess(
    db,
    { staff: o.staff, clientId: o.clientId, now, attempted: "edit", require: mayEdit(o.staff) },
    async (tx, _d, via) => {
      const organizationId = o.staff.organizationId;
      const ctx = await loadContext(tx, o.keyRing, organizationId, o.clientId);
      const draft = checked(o.draft, ctx);
      // Which zones go past their band with a stated reason: the rule ids only, the reasons stay in the encrypted plan.
      const depthReasons = depthReasonRuleIds(draft, ctx.clinicMaxima);
      const planId = randomUUID();
      await tx.insert(treatmentPlans).values({
        id: planId,
        organizationId,
        clientId: o.clientId,
        createdByUserId: o.staff.userId,
        createdAt: new Date(now),
      });
      await tx.insert(treatmentPlanVersions).values({
        planId,
        version: 1,
        organizationId,
        status: "draft",
        contentEncrypted: o.keyRing.encrypt(canonicalJson(draft), contentContext({ organizationId, planId, version: 1 })),
        contentSha256: contentSha256(draft),
        ...versionValues(draft),
        createdByUserId: o.staff.userId,
        createdAt: new Date(now),
        updatedAt: new Date(now),
      });
      await auditPlanChange(tx, o.staff, o.clientId, { change: "plan-created", planId, version: 1, access: via, depthReasons });
      return { planId, version: 1 };
    },
  );
}

/**
 * Saves the practitioner's changes. A draft is changed in place; a proposal
 * the client has not signed goes back to draft (it leaves the portal until
 * proposed again); once a version is accepted, a change is a new version and
 * the accepted one stays in force until the client signs the new one.
 * `basedOn` is the version and hash the editor loaded: a plan changed by
 * someone else meanwhile is refused rather than overwritten.
 */
export async function savePlan(
  db: Db,
  o: {
    staff: Actor;
    keyRing: KeyRing;
    planId: string;
    draft: PlanDraft;
    basedOn: { version: number; contentSha256: string };
    now?: number;
  },
): Promise<{ version: number; changed: boolean }> {
  const now = o.now ?? Date.now();
  const organizationId = o.staff.organizationId;
  const clientId = await planClientId(db, organizationId, o.planId);
  return withAccess(db, { staff: o.staff, clientId, now, attempted: "edit", require: mayEdit(o.staff) }, async (tx, _d, via) => {
    await lockPlan(tx, { organizationId, planId: o.planId });
    const [latest] = await tx
      .select()
      .from(treatmentPlanVersions)
      .where(and(eq(treatmentPlanVersions.planId, o.planId), eq(treatmentPlanVersions.organizationId, organizationId)))
      .orderBy(desc(treatmentPlanVersions.version))
      .limit(1);
    if (!latest) throw new HealthRecordNotFoundError();
    if (latest.version !== o.basedOn.version || latest.contentSha256 !== o.basedOn.contentSha256) throw new PlanChangedError();
    const ctx = await loadContext(tx, o.keyRing, organizationId, clientId);
    const draft = checked(o.draft, ctx);
    const depthReasons = depthReasonRuleIds(draft, ctx.clinicMaxima);
    const sha = contentSha256(draft);
    // An offered or signed version also holds the client's words (clientCopy); the editor's content never does.
    if (sha === latest.contentSha256 || sha === editableSha(o.keyRing, latest)) return { version: latest.version, changed: false };
    if (latest.status === "draft" || latest.status === "proposed") {
      await tx
        .update(treatmentPlanVersions)
        .set({
          status: "draft",
          proposedAt: null,
          contentEncrypted: o.keyRing.encrypt(
            canonicalJson(draft),
            contentContext({ organizationId, planId: o.planId, version: latest.version }),
          ),
          contentSha256: sha,
          ...versionValues(draft),
          updatedAt: new Date(now),
        })
        .where(and(eq(treatmentPlanVersions.planId, o.planId), eq(treatmentPlanVersions.version, latest.version)));
      await auditPlanChange(tx, o.staff, clientId, {
        change: latest.status === "proposed" ? "plan-proposal-withdrawn-and-changed" : "plan-changed",
        planId: o.planId,
        version: latest.version,
        access: via,
        depthReasons,
      });
      return { version: latest.version, changed: true };
    }
    // Accepted (or superseded): the signed version stays as it was signed.
    const version = latest.version + 1;
    await tx.insert(treatmentPlanVersions).values({
      planId: o.planId,
      version,
      organizationId,
      status: "draft",
      contentEncrypted: o.keyRing.encrypt(canonicalJson(draft), contentContext({ organizationId, planId: o.planId, version })),
      contentSha256: sha,
      ...versionValues(draft),
      createdByUserId: o.staff.userId,
      createdAt: new Date(now),
      updatedAt: new Date(now),
    });
    await auditPlanChange(tx, o.staff, clientId, { change: "plan-new-version", planId: o.planId, version, access: via, depthReasons });
    return { version, changed: true };
  });
}
