// The rules beyond the role table (src/kernel/access.ts): who may open a
// client's health record and who may clear a "not suitable" screening. Health
// information follows PHIPA's need-to-know: routine access is for the
// practitioners who care for the client, everyone else reaches a record only
// by "breaking the glass" with a stated reason, and every access is audited.
import { can, type StaffRole } from "../kernel/access.ts";

/**
 * Clearing a "not suitable" screening (with the physician's written
 * clearance) is the owner's, or the medical director's: a practitioner the
 * owner marked as such (staff_members.medical_director), whatever the role
 * table says (decision 0021).
 */
export function canClearNotSuitable(staff: { role: StaffRole; medicalDirector: boolean }): boolean {
  return can(staff.role, "screening.clear-not-suitable") || (staff.medicalDirector && staff.role === "practitioner");
}

export type HealthAccess =
  /** Within the rules: audited as an ordinary view or change. */
  | { kind: "allowed" }
  /** Outside the rules but possible with a stated reason, audited as a break-the-glass access. */
  | { kind: "break-glass" }
  /** Never: another organization, or a record locked to other named staff. */
  | { kind: "denied"; reason: "other-organization" | "locked" | "role" };

/** Roles that may break the glass: the clinic's custodian and its clinicians, never the desk. */
export const BREAK_GLASS_ROLES: readonly StaffRole[] = ["owner", "practitioner"];

/**
 * Whether a staff member may open a client's health record.
 * - another organization's staff: never;
 * - a record the client locked to named staff (consent directive): only those staff;
 * - a practitioner booked with or who has treated the client: yes, and so is
 *   anyone of another role linked to that practitioner;
 * - the owner and other practitioners: only by breaking the glass, with a reason;
 * - managers and front desk: never (schedule and contact details only).
 */
export function healthAccess(
  staff: { role: StaffRole; organizationId: string; userId: string },
  record: { organizationId: string; careTeam: boolean; lockedToUserIds: readonly string[] | null },
): HealthAccess {
  if (staff.organizationId !== record.organizationId) return { kind: "denied", reason: "other-organization" };
  if (record.lockedToUserIds && !record.lockedToUserIds.includes(staff.userId)) return { kind: "denied", reason: "locked" };
  if (record.lockedToUserIds?.includes(staff.userId)) return { kind: "allowed" };
  // The care team is the practitioners who treat the client, whatever else their role (an owner who treats is one).
  if (record.careTeam) return { kind: "allowed" };
  if (BREAK_GLASS_ROLES.includes(staff.role)) return { kind: "break-glass" };
  return { kind: "denied", reason: "role" };
}
