import type { StaffRole } from "../db/schema.ts";
import type { StaffSession } from "./auth.ts";

/** Thrown by a domain function when the signed-in staff member's role may not do this. */
export class ForbiddenError extends Error {
  constructor(action: string) {
    super(`Your role does not allow you to ${action}.`);
    this.name = "ForbiddenError";
  }
}

export const CLINIC_ADMIN_ROLES: readonly StaffRole[] = ["owner", "manager"];

export function requireRole(staff: Pick<StaffSession, "role">, roles: readonly StaffRole[], action: string): void {
  if (!roles.includes(staff.role)) throw new ForbiddenError(action);
}
