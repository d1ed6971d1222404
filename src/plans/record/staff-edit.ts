// What every staff change to a plan shares: it needs `health.edit` on top of
// access to the record, and it is audited as a change of the record (the
// content itself never goes into the audit details).
import { recordAuditEvent } from "../../audit/audit-log.ts";
import type { Tx } from "../../db/open.ts";
import { HEALTH_ACTIONS, HEALTH_RECORD, staffActor } from "../../privacy/access.ts";
import type { Actor } from "../../kernel/access.ts";
import { can } from "../../kernel/access.ts";

/** The extra requirement withAccess() checks before a change: the role may edit health information. */
export const mayEdit = (staff: Actor) => () => (can(staff.role, "health.edit") ? null : ("role" as const));

export async function auditPlanChange(tx: Tx, staff: Actor, clientId: string, details: Record<string, unknown>): Promise<void> {
  await recordAuditEvent(tx, {
    organizationId: staff.organizationId,
    actor: staffActor(staff),
    action: HEALTH_ACTIONS.edit,
    entityType: HEALTH_RECORD,
    entityId: clientId,
    details: { ...details, role: staff.role },
  });
}
