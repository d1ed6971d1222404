// The clinic's team: who has a staff account, in which role; changing roles,
// removing access, signing someone out everywhere. Owners and managers manage
// staff (`staff.manage`); only an owner may act on an owner or make one; nobody
// changes or removes their own access; a clinic always keeps an owner. Every
// change is audited in its own transaction.
import { and, asc, count, eq, gt, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx, Tx } from "../db/open.ts";
import { authSessions, practitioners, staffMembers, type StaffRole } from "../db/schema.ts";
import type { StaffSession } from "./auth.ts";
import { roleRequiresTwoFactor } from "./auth.ts";
import { FieldError, ForbiddenError, NotFoundError, zodFieldErrors } from "../kernel/errors.ts";
import type { AuditAction } from "../audit/actions.ts";
import { recordAuditEvent, staffOrSystem, staffActor } from "../audit/audit-log.ts";
import { can, requirePermission, type StaffActor } from "../kernel/access.ts";
import { canClearNotSuitable } from "./permissions.ts";
import { authUsersWithTwoFactor } from "./tables.ts";

export const STAFF_ROLES = ["owner", "manager", "practitioner", "front-desk"] as const satisfies readonly StaffRole[];

export const STAFF_ROLE_LABELS: Record<StaffRole, string> = {
  owner: "Owner",
  manager: "Manager",
  practitioner: "Practitioner",
  "front-desk": "Front desk",
};

export type TeamAction =
  | { kind: "invite"; role: StaffRole }
  | { kind: "revoke-invitation"; role: StaffRole }
  | { kind: "change-role"; target: { userId: string; role: StaffRole }; role: StaffRole }
  | { kind: "remove"; target: { userId: string; role: StaffRole } }
  | { kind: "revoke-sessions"; target: { userId: string; role: StaffRole } };

/**
 * What the actor may not do here, phrased to finish "Your role does not allow
 * you to …", or null when allowed. Pure: the database checks (same clinic,
 * last owner) come on top in the functions below.
 */
export function teamRuleViolation(actor: Pick<StaffActor, "userId" | "role">, action: TeamAction): string | null {
  if (!can(actor.role, "staff.manage")) return "manage staff accounts";
  const isOwner = actor.role === "owner";
  switch (action.kind) {
    case "invite":
      return action.role === "owner" && !isOwner ? "invite an owner (only an owner can)" : null;
    case "revoke-invitation":
      return action.role === "owner" && !isOwner ? "withdraw an owner's invitation (only an owner can)" : null;
    case "change-role":
      if (action.target.userId === actor.userId) return "change your own role (another owner or manager can)";
      if ((action.target.role === "owner" || action.role === "owner") && !isOwner)
        return "change an owner's role or make someone an owner (only an owner can)";
      return null;
    case "remove":
      if (action.target.userId === actor.userId) return "remove your own access (another owner or manager can)";
      if (action.target.role === "owner" && !isOwner) return "remove an owner (only an owner can)";
      return null;
    case "revoke-sessions":
      if (action.target.role === "owner" && !isOwner && action.target.userId !== actor.userId)
        return "sign out an owner (only an owner can)";
      return null;
  }
}

export function requireTeamRule(actor: StaffActor, action: TeamAction): void {
  const violation = teamRuleViolation(actor, action);
  if (violation) throw new ForbiddenError(violation);
}

function requireSameClinic(actor: StaffActor, organizationId: string): void {
  if (actor.organizationId !== organizationId) throw new ForbiddenError("see another clinic's staff");
}

/** The caller manages this clinic's staff: it is their own clinic, and they have `staff.manage`. */
function requireStaffManager({ staff, organizationId }: { staff: StaffActor; organizationId: string }): void {
  requireSameClinic(staff, organizationId);
  requirePermission(staff, "staff.manage", "manage staff accounts");
}

export interface TeamMember {
  userId: string;
  name: string;
  email: string;
  role: StaffRole;
  practitionerId: string | null;
  practitionerName: string | null;
  /** The clinic's medical director (decision 0021): may clear a "not suitable" screening. */
  medicalDirector: boolean;
  twoFactorEnabled: boolean;
  twoFactorRequired: boolean;
  activeSessions: number;
  joinedAt: number;
  isSelf: boolean;
}

export async function listTeamMembers(
  db: DbOrTx,
  input: { staff: StaffActor; organizationId: string; now: number },
): Promise<TeamMember[]> {
  requireSameClinic(input.staff, input.organizationId);
  const rows = await db
    .select({
      userId: staffMembers.userId,
      role: staffMembers.role,
      practitionerId: staffMembers.practitionerId,
      medicalDirector: staffMembers.medicalDirector,
      joinedAt: staffMembers.createdAt,
      name: authUsersWithTwoFactor.name,
      email: authUsersWithTwoFactor.email,
      twoFactorEnabled: authUsersWithTwoFactor.twoFactorEnabled,
      practitionerName: practitioners.name,
    })
    .from(staffMembers)
    .innerJoin(authUsersWithTwoFactor, eq(authUsersWithTwoFactor.id, staffMembers.userId))
    .leftJoin(practitioners, eq(practitioners.id, staffMembers.practitionerId))
    .where(eq(staffMembers.organizationId, input.organizationId))
    .orderBy(
      sql`array_position(ARRAY['owner','manager','practitioner','front-desk']::text[], ${staffMembers.role})`,
      asc(authUsersWithTwoFactor.name),
    );
  const ids = rows.map((r) => r.userId);
  const sessions = ids.length
    ? await db
        .select({ userId: authSessions.userId, n: count() })
        .from(authSessions)
        .where(and(inArray(authSessions.userId, ids), gt(authSessions.expiresAt, new Date(input.now))))
        .groupBy(authSessions.userId)
    : [];
  const sessionCount = new Map(sessions.map((s) => [s.userId, Number(s.n)]));
  return rows.map((r) => ({
    ...r,
    joinedAt: r.joinedAt.getTime(),
    twoFactorRequired: roleRequiresTwoFactor(r.role),
    activeSessions: sessionCount.get(r.userId) ?? 0,
    isSelf: r.userId === input.staff.userId,
  }));
}

export async function listPractitionerChoices(db: DbOrTx, organizationId: string): Promise<{ id: string; name: string }[]> {
  return db
    .select({ id: practitioners.id, name: practitioners.name })
    .from(practitioners)
    .where(and(eq(practitioners.organizationId, organizationId), eq(practitioners.active, true)))
    .orderBy(asc(practitioners.sortOrder), asc(practitioners.name));
}

export const roleSchema = z.enum(STAFF_ROLES, { error: "Choose a role." });

/** "" or absent means none; anything else must be one of this clinic's practitioners (checked in the database). */
export const practitionerChoiceSchema = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() ? v.trim() : null))
  .refine((v) => v === null || /^[0-9a-f-]{36}$/i.test(v), "Choose a practitioner from the list.");

/**
 * The practitioner row to link, or null. Anyone who treats clients may be
 * linked — a practitioner, or an owner or manager who also holds the pen (and
 * is then on the care team of that practitioner's clients,
 * src/auth/permissions.ts) — but not the front desk, and a practitioner is
 * one person: a row already linked to another member is refused.
 */
export async function checkPractitionerLink(
  db: DbOrTx,
  organizationId: string,
  role: StaffRole,
  practitionerId: string | null,
  memberUserId?: string,
): Promise<string | null> {
  if (!practitionerId) return null;
  if (role === "front-desk")
    throw new FieldError({
      practitionerId:
        "The front desk is not linked to a practitioner. Choose “No link”, or the practitioner, manager or owner role for someone who treats clients.",
    });
  const [taken] = await db
    .select({ userId: staffMembers.userId })
    .from(staffMembers)
    .where(and(eq(staffMembers.organizationId, organizationId), eq(staffMembers.practitionerId, practitionerId)))
    .limit(1);
  if (taken && taken.userId !== memberUserId)
    throw new FieldError({ practitionerId: "Another team member is already linked to this practitioner. Choose another, or “No link”." });
  const [row] = await db
    .select({ id: practitioners.id })
    .from(practitioners)
    .where(and(eq(practitioners.id, practitionerId), eq(practitioners.organizationId, organizationId)))
    .limit(1);
  if (!row) throw new FieldError({ practitionerId: "Choose a practitioner from the list." });
  return row.id;
}

async function lockMember(tx: Tx, organizationId: string, userId: string) {
  const [member] = await tx
    .select()
    .from(staffMembers)
    .where(and(eq(staffMembers.organizationId, organizationId), eq(staffMembers.userId, userId)))
    .for("update")
    .limit(1);
  if (!member) throw new NotFoundError("That staff member");
  return member;
}

/**
 * Runs `work` in one transaction on the member `input.userId` (locked), once
 * the caller manages this clinic's staff and the team rules let them do `kind`
 * to that member.
 */
async function withMember<T>(
  db: DbOrTx,
  input: { staff: StaffActor; organizationId: string; userId: string },
  kind: "remove" | "revoke-sessions",
  work: (tx: Tx, member: Awaited<ReturnType<typeof lockMember>>) => Promise<T>,
): Promise<T> {
  requireStaffManager(input);
  return db.transaction(async (tx) => {
    const member = await lockMember(tx, input.organizationId, input.userId);
    requireTeamRule(input.staff, { kind, target: member });
    return work(tx, member);
  });
}

/** Ends every session of a staff member at once; how many there were. */
async function endSessions(tx: Tx, userId: string): Promise<number> {
  const ended = await tx.delete(authSessions).where(eq(authSessions.userId, userId)).returning({ id: authSessions.id });
  return ended.length;
}

/** Audits a change to a team member, in the transaction that made it, as the staff member who made it. */
async function auditMemberChange(
  tx: Tx,
  input: { staff: StaffActor; organizationId: string },
  member: { userId: string },
  action: AuditAction,
  details: Record<string, unknown>,
): Promise<void> {
  await recordAuditEvent(tx, {
    organizationId: input.organizationId,
    actor: staffOrSystem(input.staff.userId),
    action,
    entityType: "staff_member",
    entityId: member.userId,
    details,
  });
}

/** Refuses to leave the clinic without an owner. Locks the owners' rows so two owners cannot demote each other at once. */
async function requireAnotherOwner(tx: Tx, organizationId: string, leavingUserId: string): Promise<void> {
  const owners = await tx
    .select({ userId: staffMembers.userId })
    .from(staffMembers)
    .where(and(eq(staffMembers.organizationId, organizationId), eq(staffMembers.role, "owner")))
    .for("update");
  if (!owners.some((o) => o.userId !== leavingUserId)) {
    throw new ForbiddenError("leave the clinic without an owner: make someone else an owner first");
  }
}

const ChangeRoleSchema = z.object({ role: roleSchema, practitionerId: practitionerChoiceSchema });

export async function changeStaffRole(
  db: DbOrTx,
  input: { staff: StaffActor; organizationId: string; userId: string; input: { role?: unknown; practitionerId?: unknown } },
): Promise<{ changed: boolean }> {
  requireStaffManager(input);
  const parsed = ChangeRoleSchema.safeParse(input.input);
  if (!parsed.success) throw new FieldError(zodFieldErrors(parsed.error.issues));
  const { role } = parsed.data;
  return db.transaction(async (tx) => {
    const member = await lockMember(tx, input.organizationId, input.userId);
    requireTeamRule(input.staff, { kind: "change-role", target: member, role });
    const practitionerId = await checkPractitionerLink(tx, input.organizationId, role, parsed.data.practitionerId, member.userId);
    if (member.role === role && member.practitionerId === practitionerId) return { changed: false };
    if (member.role === "owner" && role !== "owner") await requireAnotherOwner(tx, input.organizationId, member.userId);
    // The medical director is a practitioner: another role ends it (recorded in the same audit row).
    const medicalDirector = member.medicalDirector && role === "practitioner";
    await tx.update(staffMembers).set({ role, practitionerId, medicalDirector }).where(eq(staffMembers.id, member.id));
    await auditMemberChange(tx, input, member, "staff.role.change", {
      before: { role: member.role, practitionerId: member.practitionerId },
      after: { role, practitionerId },
      ...(member.medicalDirector && !medicalDirector ? { medicalDirectorEnded: true } : {}),
    });
    return { changed: true };
  });
}

/** Whether this staff member may clear a "not suitable" screening: the owner, or the medical director (read fresh, never from a session). */
export async function mayClearNotSuitable(db: DbOrTx, staff: Pick<StaffActor, "userId" | "role" | "organizationId">): Promise<boolean> {
  const [row] = await db
    .select({ medicalDirector: staffMembers.medicalDirector })
    .from(staffMembers)
    .where(and(eq(staffMembers.organizationId, staff.organizationId), eq(staffMembers.userId, staff.userId)))
    .limit(1);
  return canClearNotSuitable({ role: staff.role, medicalDirector: row?.medicalDirector ?? false });
}

/**
 * Marks a practitioner as the clinic's medical director, or ends it. The
 * owner's alone (`screening.clear-not-suitable`); a clinic has at most one,
 * so another must be unmarked first. Audited as `staff.medical-director.change`.
 */
export async function setMedicalDirector(
  db: DbOrTx,
  input: { staff: StaffActor; organizationId: string; userId: string; medicalDirector: boolean },
): Promise<{ changed: boolean }> {
  requireSameClinic(input.staff, input.organizationId);
  if (!can(input.staff.role, "screening.clear-not-suitable"))
    throw new ForbiddenError("name the clinic's medical director (only an owner can)");
  return db.transaction(async (tx) => {
    const member = await lockMember(tx, input.organizationId, input.userId);
    if (member.medicalDirector === input.medicalDirector) return { changed: false };
    if (input.medicalDirector) {
      if (member.role !== "practitioner")
        throw new FieldError({
          medicalDirector: "The medical director must be a practitioner: give them the practitioner role first.",
        });
      const [current] = await tx
        .select({ userId: staffMembers.userId })
        .from(staffMembers)
        .where(and(eq(staffMembers.organizationId, input.organizationId), eq(staffMembers.medicalDirector, true)))
        .for("update")
        .limit(1);
      if (current)
        throw new FieldError({
          medicalDirector: "The clinic already has a medical director: end that first, then name the new one.",
        });
    }
    await tx.update(staffMembers).set({ medicalDirector: input.medicalDirector }).where(eq(staffMembers.id, member.id));
    await recordAuditEvent(tx, {
      organizationId: input.organizationId,
      actor: staffActor(input.staff),
      action: "staff.medical-director.change",
      entityType: "staff_member",
      entityId: member.userId,
      details: { before: { medicalDirector: member.medicalDirector }, after: { medicalDirector: input.medicalDirector } },
    });
    return { changed: true };
  });
}

/** Removes someone's access to this clinic and ends all their sessions at once. Their account stays for the audit trail. */
export async function removeStaffMember(
  db: DbOrTx,
  input: { staff: StaffActor; organizationId: string; userId: string },
): Promise<{ sessionsEnded: number }> {
  return withMember(db, input, "remove", async (tx, member) => {
    if (member.role === "owner") await requireAnotherOwner(tx, input.organizationId, member.userId);
    await tx.delete(staffMembers).where(eq(staffMembers.id, member.id));
    const sessionsEnded = await endSessions(tx, member.userId);
    await auditMemberChange(tx, input, member, "staff.remove", { role: member.role, sessionsEnded });
    return { sessionsEnded };
  });
}

/** Ends every session of a staff member (a lost phone, a shared computer); they sign in again. */
export async function revokeStaffSessions(
  db: DbOrTx,
  input: { staff: StaffActor; organizationId: string; userId: string },
): Promise<{ sessionsEnded: number }> {
  return withMember(db, input, "revoke-sessions", async (tx, member) => {
    const sessionsEnded = await endSessions(tx, member.userId);
    await auditMemberChange(tx, input, member, "staff.sessions.revoke", { sessionsEnded });
    return { sessionsEnded };
  });
}
