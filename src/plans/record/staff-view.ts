// The staff chart's reads of plans: the list, one plan with what the editor
// needs, and a new plan's context. Each is decided by withAccess() and
// audited as a view (or print) of the record.
import { and, desc, eq } from "drizzle-orm";
import type { Db } from "../../db/open.ts";
import { HEALTH_ACTIONS, withAccess, auditStaffHealth } from "../../privacy/access.ts";
import { treatmentPlans, treatmentPlanVersions } from "../../privacy/health-tables.ts";
import type { KeyRing } from "../../privacy/keyring.ts";
import { loadContext, type PlanContext } from "./context.ts";
import { planClientId, readPlan, type PlanSummary, type PlanView } from "./read.ts";
import { mayEdit } from "./staff-edit.ts";
import type { Actor } from "../../kernel/access.ts";

/** A client's plans for the staff chart: status and counts only. Audited as a view of the record. */
export async function listPlansForStaff(db: Db, o: { staff: Actor; clientId: string; now?: number }): Promise<PlanSummary[]> {
  const now = o.now ?? Date.now();
  return withAccess(db, { staff: o.staff, clientId: o.clientId, now, attempted: "view" }, async (tx, _d, via) => {
    const rows = await tx
      .select({
        id: treatmentPlans.id,
        createdAt: treatmentPlans.createdAt,
        version: treatmentPlanVersions.version,
        status: treatmentPlanVersions.status,
        sessions: treatmentPlanVersions.sessions,
      })
      .from(treatmentPlans)
      .innerJoin(treatmentPlanVersions, eq(treatmentPlanVersions.planId, treatmentPlans.id))
      .where(and(eq(treatmentPlans.organizationId, o.staff.organizationId), eq(treatmentPlans.clientId, o.clientId)))
      .orderBy(desc(treatmentPlans.createdAt), desc(treatmentPlanVersions.version));
    const byPlan = new Map<string, PlanSummary>();
    for (const r of rows) {
      const s = byPlan.get(r.id);
      if (!s)
        byPlan.set(r.id, {
          id: r.id,
          createdAt: r.createdAt.getTime(),
          latestVersion: r.version,
          status: r.status,
          acceptedVersion: r.status === "accepted" ? r.version : null,
          sessions: r.sessions,
        });
      else if (r.status === "accepted") s.acceptedVersion = r.version;
    }
    await auditStaffHealth(tx, o.staff, o.clientId, HEALTH_ACTIONS.view, { part: "plans", role: o.staff.role, access: via });
    return [...byPlan.values()];
  });
}

/** One plan with every version, its signature and its sessions, plus what the editor needs. Audited as a view. */
export async function viewPlanForStaff(
  db: Db,
  o: { staff: Actor; keyRing: KeyRing; planId: string; purpose?: "view" | "print"; now?: number },
): Promise<{ plan: PlanView; context: PlanContext }> {
  const now = o.now ?? Date.now();
  const clientId = await planClientId(db, o.staff.organizationId, o.planId);
  return withAccess(db, { staff: o.staff, clientId, now, attempted: o.purpose ?? "view" }, async (tx, _d, via) => {
    const plan = await readPlan(tx, o.keyRing, o.staff.organizationId, o.planId);
    const context = await loadContext(tx, o.keyRing, o.staff.organizationId, clientId);
    await auditStaffHealth(tx, o.staff, clientId, o.purpose === "print" ? HEALTH_ACTIONS.print : HEALTH_ACTIONS.view, {
      part: "plan",
      planId: o.planId,
      role: o.staff.role,
      access: via,
    });
    return { plan, context };
  });
}

/** What the editor needs to start a new plan for a client. Audited as a view (it reads the screening). */
export async function newPlanContext(db: Db, o: { staff: Actor; keyRing: KeyRing; clientId: string; now?: number }): Promise<PlanContext> {
  const now = o.now ?? Date.now();
  return withAccess(
    db,
    { staff: o.staff, clientId: o.clientId, now, attempted: "edit", require: mayEdit(o.staff) },
    async (tx, _d, via) => {
      const context = await loadContext(tx, o.keyRing, o.staff.organizationId, o.clientId);
      await auditStaffHealth(tx, o.staff, o.clientId, HEALTH_ACTIONS.view, { part: "plan-context", role: o.staff.role, access: via });
      return context;
    },
  );
}
