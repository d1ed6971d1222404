// Audit rows for staff accounts. The same shape every domain writes into
// audit_events; pass the transaction of the change where there is one.
import type { DbOrTx } from "../db/open.ts";
import { auditEvents } from "../db/schema.ts";

export type AccountAuditAction =
  | "staff.invite"
  | "staff.invite.revoke"
  | "staff.join"
  | "staff.role.change"
  | "staff.remove"
  | "staff.sessions.revoke"
  | "staff.session.revoke"
  | "staff.sign-in"
  | "staff.password.change"
  | "staff.two-factor.enable"
  | "staff.two-factor.disable"
  | "staff.two-factor.backup-codes";

export async function auditAccountEvent(
  db: DbOrTx,
  event: {
    organizationId: string;
    actorId: string | null;
    action: AccountAuditAction;
    entityType: "staff_member" | "staff_invitation" | "session";
    entityId: string | null;
    details?: Record<string, unknown>;
  },
): Promise<void> {
  await db.insert(auditEvents).values({
    organizationId: event.organizationId,
    actorType: event.actorId ? "staff" : "system",
    actorId: event.actorId,
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId,
    details: event.details ?? {},
  });
}
