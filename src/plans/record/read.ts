// Reading a plan as it is stored: every version (decrypted, and checked
// against the hash the client signs), its signature and its sessions. These
// run inside an access the caller has decided and audits (withAccess, or the
// client's own transaction); they write nothing themselves.
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../db/open.ts";
import { appointments, authUsers, clients, practitioners } from "../../db/schema.ts";
import { isUuid } from "../../kernel/ids.ts";
import { HealthRecordNotFoundError } from "../../privacy/access.ts";
import { treatmentPlanAcceptances, treatmentPlans, treatmentPlanVersions, type PlanVersionStatus } from "../../privacy/health-tables.ts";
import { type KeyRing, isUnreadable } from "../../privacy/keyring.ts";
import type { PlanDraft } from "../types.ts";
import { contentContext, contentSha256 } from "./content.ts";
import { PRACTITIONER_OF_APPOINTMENT } from "../../scheduling/appointment-joins.ts";

export interface PlanVersionView {
  planId: string;
  version: number;
  status: PlanVersionStatus;
  /** null when the stored content failed its integrity check. */
  draft: PlanDraft | null;
  damaged: boolean;
  contentSha256: string;
  createdAt: number;
  updatedAt: number;
  proposedAt: number | null;
  createdBy: string;
  acceptance: { signedName: string; signedAt: number; ip: string | null; contentSha256: string } | null;
}

export interface PlanSession {
  appointmentId: string;
  session: number;
  start: number;
  end: number;
  status: string;
  practitionerName: string;
}

export interface PlanView {
  id: string;
  clientId: string;
  clientName: string;
  createdAt: number;
  /** Newest first. */
  versions: PlanVersionView[];
  /** The version being edited or waiting for the client, if any. */
  open: PlanVersionView | null;
  /** The version in force (signed by the client), if any. */
  accepted: PlanVersionView | null;
  sessions: PlanSession[];
  /** Of the accepted version's package: sessions done, booked and still to book. */
  package: { total: number; completed: number; booked: number; left: number } | null;
}

export interface PlanSummary {
  id: string;
  createdAt: number;
  latestVersion: number;
  status: PlanVersionStatus;
  acceptedVersion: number | null;
  sessions: number;
}

/** One plan with its versions (only those in `only`, when given), signature and sessions; an unknown plan is "not found". */
export async function readPlan(
  tx: DbOrTx,
  keyRing: KeyRing,
  organizationId: string,
  planId: string,
  only?: PlanVersionStatus[],
): Promise<PlanView> {
  const [plan] = await tx
    .select({ plan: treatmentPlans, clientName: clients.name })
    .from(treatmentPlans)
    .innerJoin(clients, eq(clients.id, treatmentPlans.clientId))
    .where(and(eq(treatmentPlans.id, planId), eq(treatmentPlans.organizationId, organizationId)))
    .limit(1);
  if (!plan) throw new HealthRecordNotFoundError();
  const rows = await tx
    .select({ v: treatmentPlanVersions, by: authUsers.name })
    .from(treatmentPlanVersions)
    .leftJoin(authUsers, eq(authUsers.id, treatmentPlanVersions.createdByUserId))
    .where(
      and(
        eq(treatmentPlanVersions.planId, planId),
        eq(treatmentPlanVersions.organizationId, organizationId),
        only ? inArray(treatmentPlanVersions.status, only) : undefined,
      ),
    )
    .orderBy(desc(treatmentPlanVersions.version));
  const acceptances = await tx
    .select()
    .from(treatmentPlanAcceptances)
    .where(and(eq(treatmentPlanAcceptances.planId, planId), eq(treatmentPlanAcceptances.organizationId, organizationId)));
  const versions: PlanVersionView[] = rows.map(({ v, by }) => {
    let draft: PlanDraft | null = null;
    let damaged = false;
    try {
      const text = keyRing.decrypt(v.contentEncrypted, contentContext(v));
      draft = JSON.parse(text) as PlanDraft;
      // The stored hash is what a client signs; content that no longer matches it is not shown as if it did.
      if (contentSha256(draft) !== v.contentSha256) {
        draft = null;
        damaged = true;
      }
    } catch (error) {
      if (!(isUnreadable(error) || error instanceof SyntaxError)) throw error;
      damaged = true;
    }
    const a = acceptances.find((x) => x.version === v.version);
    return {
      planId,
      version: v.version,
      status: v.status,
      draft,
      damaged,
      contentSha256: v.contentSha256,
      createdAt: v.createdAt.getTime(),
      updatedAt: v.updatedAt.getTime(),
      proposedAt: v.proposedAt?.getTime() ?? null,
      createdBy: by ?? "A former staff member",
      acceptance: a ? { signedName: a.signedName, signedAt: a.signedAt.getTime(), ip: a.ip, contentSha256: a.contentSha256 } : null,
    };
  });
  const sessionRows = await tx
    .select({
      id: appointments.id,
      session: appointments.planSession,
      start: appointments.startsAt,
      end: appointments.endsAt,
      status: appointments.status,
      practitionerName: practitioners.name,
    })
    .from(appointments)
    .innerJoin(practitioners, PRACTITIONER_OF_APPOINTMENT)
    .where(and(eq(appointments.planId, planId), eq(appointments.organizationId, organizationId)))
    .orderBy(asc(appointments.planSession), asc(appointments.startsAt));
  const sessions = sessionRows.map((r) => ({
    appointmentId: r.id,
    session: r.session ?? 0,
    start: r.start.getTime(),
    end: r.end.getTime(),
    status: r.status,
    practitionerName: r.practitionerName,
  }));
  const accepted = versions.find((v) => v.status === "accepted") ?? null;
  const open = versions.find((v) => v.status === "draft" || v.status === "proposed") ?? null;
  let pkg: PlanView["package"] = null;
  if (accepted?.draft) {
    const completed = sessions.filter((s) => s.status === "completed").length;
    const booked = sessions.filter((s) => s.status === "booked").length;
    const total = accepted.draft.sessions;
    pkg = { total, completed, booked, left: Math.max(0, total - completed - booked) };
  }
  return {
    id: planId,
    clientId: plan.plan.clientId,
    clientName: plan.clientName,
    createdAt: plan.plan.createdAt.getTime(),
    versions,
    open,
    accepted,
    sessions,
    package: pkg,
  };
}

/**
 * Takes the plan's row lock for the rest of the transaction, so saving,
 * offering, signing and booking a series of one plan happen one at a time.
 */
export async function lockPlan(tx: DbOrTx, o: { organizationId: string; planId: string }): Promise<void> {
  if (!isUuid(o.planId)) throw new HealthRecordNotFoundError();
  const [row] = await tx
    .select({ id: treatmentPlans.id })
    .from(treatmentPlans)
    .where(and(eq(treatmentPlans.id, o.planId), eq(treatmentPlans.organizationId, o.organizationId)))
    .for("update");
  if (!row) throw new HealthRecordNotFoundError();
}

/** The client a plan belongs to, in this organization; an unknown plan is "not found". */
export async function planClientId(db: DbOrTx, organizationId: string, planId: string): Promise<string> {
  if (!isUuid(planId)) throw new HealthRecordNotFoundError();
  const [row] = await db
    .select({ clientId: treatmentPlans.clientId })
    .from(treatmentPlans)
    .where(and(eq(treatmentPlans.id, planId), eq(treatmentPlans.organizationId, organizationId)))
    .limit(1);
  if (!row) throw new HealthRecordNotFoundError();
  return row.clientId;
}

/** The client's plans for their record and its exports (JSON / FHIR), in the caller's audited transaction: every version offered to them. */
export async function plansForExport(tx: DbOrTx, keyRing: KeyRing, organizationId: string, clientId: string): Promise<PlanView[]> {
  const ids = await tx
    .select({ id: treatmentPlans.id })
    .from(treatmentPlans)
    .where(and(eq(treatmentPlans.organizationId, organizationId), eq(treatmentPlans.clientId, clientId)))
    .orderBy(asc(treatmentPlans.createdAt));
  const plans: PlanView[] = [];
  for (const { id } of ids) {
    const plan = await readPlan(tx, keyRing, organizationId, id, ["proposed", "accepted", "superseded"]);
    if (plan.versions.length > 0) plans.push(plan);
  }
  return plans;
}
