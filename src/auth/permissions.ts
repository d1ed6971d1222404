// Who may do what, as one table. Domain functions check it; pages only use it
// to decide what to show. Health information follows PHIPA's need-to-know:
// routine access is for the practitioners who care for the client, everyone
// else reaches a record only by "breaking the glass" with a stated reason,
// and every access is audited.
import type { StaffRole } from "../db/schema.ts";
import { ForbiddenError } from "./roles.ts";

export const ACTIONS = [
  "schedule.view",
  "schedule.edit",
  "clients.view",
  "health.view",
  "health.edit",
  "health.export",
  "services.manage",
  "settings.manage",
  "staff.manage",
  "audit.view",
  "screening.manage",
  "screening.override",
  "screening.clear-not-suitable",
  "plans.manage",
  "content.edit",
  "content.publish",
  "content.override",
] as const;

export type Action = (typeof ACTIONS)[number];

/**
 * role → actions. "health.*" for a practitioner is limited further to their own clients (see healthAccess).
 * The publishing desk: the front desk, managers and the owner write drafts and upload images
 * (content.edit); managers and the owner publish (content.publish); only the owner may publish
 * over the quality guard's objection, with a reason (content.override).
 */
export const PERMISSIONS: Readonly<Record<StaffRole, readonly Action[]>> = {
  owner: [
    "schedule.view",
    "schedule.edit",
    "clients.view",
    "health.export",
    "services.manage",
    "settings.manage",
    "staff.manage",
    "audit.view",
    "screening.manage",
    "screening.override",
    "screening.clear-not-suitable",
    "plans.manage",
    "content.edit",
    "content.publish",
    "content.override",
  ],
  manager: [
    "schedule.view",
    "schedule.edit",
    "clients.view",
    "services.manage",
    "settings.manage",
    "staff.manage",
    "audit.view",
    "content.edit",
    "content.publish",
  ],
  practitioner: ["schedule.view", "clients.view", "health.view", "health.edit"],
  "front-desk": ["schedule.view", "schedule.edit", "clients.view", "content.edit"],
};

export function can(role: StaffRole, action: Action): boolean {
  return PERMISSIONS[role].includes(action);
}

/**
 * Clearing a "not suitable" screening (with the physician's written
 * clearance) is the owner's, or the medical director's: a practitioner the
 * owner marked as such (staff_members.medical_director), whatever the role
 * table says (decision 0021).
 */
export function canClearNotSuitable(staff: { role: StaffRole; medicalDirector: boolean }): boolean {
  return can(staff.role, "screening.clear-not-suitable") || (staff.medicalDirector && staff.role === "practitioner");
}

export function requirePermission(staff: { role: StaffRole }, action: Action, doing: string): void {
  if (!can(staff.role, action)) throw new ForbiddenError(doing);
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
 * - a practitioner booked with or who has treated the client: yes;
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
  if (can(staff.role, "health.view") && record.careTeam) return { kind: "allowed" };
  if (BREAK_GLASS_ROLES.includes(staff.role)) return { kind: "break-glass" };
  return { kind: "denied", reason: "role" };
}
