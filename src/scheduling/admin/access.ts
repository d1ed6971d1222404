// Who may use the staff administration: every staff role of the clinic sees
// its setup, owner and manager change it. Every function in this folder
// checks this first, before it reads anything.
import { can, requirePermission, type StaffActor } from "../../kernel/access.ts";
import { ForbiddenError } from "../../kernel/errors.ts";

export type { StaffActor };

export interface AdminScope {
  staff: StaffActor;
  organizationId: string;
}

/** Owner and manager change the clinic's setup; everyone else sees it read-only. */
export function canEditClinic(staff: Pick<StaffActor, "role">): boolean {
  return can(staff.role, "settings.manage");
}

export function requireView(scope: AdminScope): void {
  // The session is already scoped to one organization; a mismatch is a caller bug or an attack.
  if (scope.staff.organizationId !== scope.organizationId) throw new ForbiddenError("see another clinic's records");
}

export function requireEdit(scope: AdminScope, action: string): void {
  requireView(scope);
  requirePermission(scope.staff, "settings.manage", action);
}
