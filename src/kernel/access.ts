// Who is acting and what their role may do, as one table. Domain functions
// check it with requirePermission() before they read or change anything;
// pages only use can() to decide what to show. Health information follows
// PHIPA's need-to-know: routine access is for the practitioners who care for
// the client, everyone else reaches a record only by "breaking the glass"
// with a stated reason (src/auth/permissions.ts), and every access is audited.
import { ForbiddenError } from "./errors.ts";

export type StaffRole = "owner" | "manager" | "practitioner" | "front-desk";

/**
 * The one caller type of the domains: a signed-in staff member of one clinic.
 * A domain function takes the fields it reads (`Pick<Actor, …>`), so a test
 * or a job can act without a whole session.
 */
export interface Actor {
  userId: string;
  name: string;
  role: StaffRole;
  organizationId: string;
  /** The practitioner this staff member is, when they are one. */
  practitionerId: string | null;
  /**
   * The request they act in (a new id per web request). Reads of one health
   * record in one request are audited as one view; without it (a job, a test)
   * each read is audited on its own.
   */
  requestId?: string;
}

/** The fields most checks read: who, in which clinic, with which role. */
export type StaffActor = Pick<Actor, "userId" | "role" | "organizationId">;

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
  "consent.edit",
] as const;

export type Action = (typeof ACTIONS)[number];

/** Routine health access: the practitioners who care for the client (everyone else breaks the glass). */
const ROUTINE_HEALTH_ACCESS: readonly Action[] = ["health.view", "health.edit"];

/**
 * role → actions. "health.*" for a practitioner is limited further to their own clients (see healthAccess).
 * The publishing desk: the front desk, managers and the owner write drafts and upload images
 * (content.edit); managers and the owner publish (content.publish); only the owner may publish
 * over the quality guard's objection, with a reason (content.override).
 * The owner alone publishes a new version of a consent form (consent.edit).
 * Each role's list is written out: a new action is given to no role until someone decides who may do it.
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
    "consent.edit",
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
  practitioner: ["schedule.view", "clients.view", ...ROUTINE_HEALTH_ACCESS],
  "front-desk": ["schedule.view", "schedule.edit", "clients.view", "content.edit"],
};

export function can(role: StaffRole, action: Action): boolean {
  return PERMISSIONS[role].includes(action);
}

/**
 * What this staff member may do: their role's actions and, for anyone linked
 * to a practitioner (an owner or a manager who also treats, say), a
 * practitioner's routine health access. Which clients that reaches is the
 * care team's question (src/auth/permissions.ts, healthAccess).
 */
export function actorCan(actor: Pick<Actor, "role" | "practitionerId">, action: Action): boolean {
  return can(actor.role, action) || (actor.practitionerId !== null && ROUTINE_HEALTH_ACCESS.includes(action));
}

export function requirePermission(staff: { role: StaffRole }, action: Action, doing: string): void {
  if (!can(staff.role, action)) throw new ForbiddenError(doing);
}
