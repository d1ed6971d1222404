// What every staff change to a plan shares: it needs `health.edit` on top of
// access to the record, and it is audited as a change of the record (the
// content itself never goes into the audit details).
import type { Tx } from "../../db/open.ts";
import { HEALTH_ACTIONS, auditStaffHealth, roleMay } from "../../privacy/access.ts";
import type { Actor } from "../../kernel/access.ts";

/** The extra requirement withAccess() checks before a change: the role may edit health information. */
export const mayEdit = (staff: Actor) => roleMay(staff, "health.edit");

export async function auditPlanChange(tx: Tx, staff: Actor, clientId: string, details: Record<string, unknown>): Promise<void> {
  await auditStaffHealth(tx, staff, clientId, HEALTH_ACTIONS.edit, { ...details, role: staff.role });
}
