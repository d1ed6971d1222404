// Staff invitations. An owner or manager invites an e-mail address with a role;
// the address gets a link /invite/<token> that works once, for
// INVITATION_TTL_MS. Only the token's SHA-256 is stored. Accepting creates the
// account (or, for someone who already has one, adds this clinic to it) and
// the staff membership in one transaction with its audit row.
import { randomUUID } from "node:crypto";
import { hashToken, newToken } from "../kernel/tokens.ts";
import { hashPassword, verifyPassword } from "better-auth/crypto";
import { and, asc, desc, eq, gt, isNull, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import type { Db, DbOrTx } from "../db/open.ts";
import { authAccounts, authSessions, locations, organizations, practitioners, staffMembers, type StaffRole } from "../db/schema.ts";
import { enqueueMessage } from "../notifications/outbox.ts";
import type { ComposedMessage } from "../notifications/booking-messages.ts";
import { DomainError, FieldError, ForbiddenError, NotFoundError, zodFieldErrors } from "../kernel/errors.ts";
import { newPasswordFieldsFor, PASSWORD_MESSAGES, usesContextWords } from "./password-policy.ts";
import { requirePermission, type StaffActor } from "../kernel/access.ts";
import { authTwoFactors, authUsersWithTwoFactor, staffInvitations } from "./tables.ts";
import { checkPractitionerLink, practitionerChoiceSchema, requireTeamRule, roleSchema, STAFF_ROLE_LABELS } from "./team.ts";
import { beginAttempt, emailHash, noteAttemptUser, succeedAttempt } from "./throttle.ts";
import { isPlainLine, LINE_CONTROL_MESSAGE } from "../kernel/text.ts";
import { recordAuditEvent, staffOrSystem } from "../audit/audit-log.ts";

/** How long an invitation link works. */
export const INVITATION_TTL_MS = 7 * 24 * 60 * 60_000;
export const INVITATION_MESSAGE_KIND = "staff-invitation";
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** An invitation's token is stored as every other link token is: its SHA-256. */
export const hashInvitationToken = hashToken;

export function invitationLink(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/$/, "")}/invite/${token}`;
}

/** Replaces invitation tokens in a text by "…", for showing an invitation e-mail to someone who must not use it. */
export function redactInvitationLinks(text: string): string {
  return text.replace(/(\/invite\/)[A-Za-z0-9_-]{43}/g, "$1…");
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

export interface ClinicContact {
  name: string;
  phone: string;
  email: string;
  timeZone: string;
}

export async function loadClinicContact(db: DbOrTx, organizationId: string): Promise<ClinicContact | null> {
  const [row] = await db
    .select({ name: organizations.name, phone: locations.phone, email: locations.email, timeZone: locations.timeZone })
    .from(organizations)
    .innerJoin(locations, eq(locations.organizationId, organizations.id))
    .where(eq(organizations.id, organizationId))
    .orderBy(asc(locations.createdAt))
    .limit(1);
  return row ?? null;
}

/** When an invitation stops working, in the clinic's zone with the zone's name: the e-mail and the invitation page say it the same way. */
export function formatInvitationExpiry(at: number, timeZone: string): string {
  return new Date(at).toLocaleString("en-CA", {
    timeZone,
    weekday: "long",
    month: "long",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZoneName: "short",
  });
}

/**
 * A person's name to put in a sentence, or null when there is none to use: an
 * empty name, or one that only says a role ("Clinic owner"), which would read
 * "ask Clinic owner, the clinic's owner".
 */
function personalName(name: string | null | undefined): string | null {
  const n = name?.trim() ?? "";
  return n && !/^(the )?(clinic('s)? )?(owner|manager)$/i.test(n) ? n : null;
}

/**
 * Whom an invitee asks for a new link: the owner who invited them ("Maja
 * Kowalska, the clinic's owner"), or the manager who did and the owner
 * ("Sam Lee or Maja Kowalska, the clinic's owner"); "the clinic's owner" when
 * no name is known.
 */
export function askForNewLink(inviter: { name: string; role: StaffRole }, ownerName: string | null): string {
  const owner = personalName(inviter.role === "owner" ? inviter.name : ownerName);
  const theOwner = owner ? `${owner}, the clinic's owner,` : "the clinic's owner";
  const other = inviter.role === "owner" ? null : personalName(inviter.name);
  return other ? `${other} or ${theOwner}` : theOwner;
}

export function composeInvitationMessage(m: {
  to: string;
  clinic: ClinicContact;
  inviterName: string;
  /** The inviter's role, and the name of the clinic's owner when the inviter is not one: who to ask for a new link. */
  inviterRole: StaffRole;
  ownerName: string | null;
  role: StaffRole;
  link: string;
  expiresAt: number;
}): ComposedMessage {
  const role = STAFF_ROLE_LABELS[m.role].toLowerCase();
  const until = formatInvitationExpiry(m.expiresAt, m.clinic.timeZone);
  const ask = askForNewLink({ name: m.inviterName, role: m.inviterRole }, m.ownerName);
  const inviter = m.inviterName.trim() || "The clinic";
  const subject = `You are invited to ${m.clinic.name}'s staff pages on Dermaplan`;
  const lines = [
    "Hello,",
    "",
    `${inviter} invited you to join ${m.clinic.name} on Dermaplan as ${role}.`,
    "",
    "To accept, open this link, then choose your password:",
    m.link,
    "",
    `The link works once, until ${until}. If it has expired, ask ${ask} for a new one.`,
    "",
    "If you did not expect this invitation, you can ignore this e-mail: nothing happens until the link is used.",
    "",
    m.clinic.name,
    m.clinic.phone,
  ];
  const html = [
    "<p>Hello,</p>",
    `<p>${escapeHtml(inviter)} invited you to join ${escapeHtml(m.clinic.name)} on Dermaplan as ${escapeHtml(role)}.</p>`,
    `<p><a href="${escapeHtml(m.link)}">Accept the invitation and choose your password</a></p>`,
    `<p>The link works once, until ${escapeHtml(until)}. If it has expired, ask ${escapeHtml(ask)} for a new one.</p>`,
    "<p>If you did not expect this invitation, you can ignore this e-mail: nothing happens until the link is used.</p>",
    `<p>${escapeHtml(m.clinic.name)}<br>${escapeHtml(m.clinic.phone)}</p>`,
  ].join("\n");
  return { to: m.to, subject, text: lines.join("\n"), html, ics: null };
}

const emailSchema = z
  .string({ error: "Enter the e-mail address to send the invitation to." })
  .trim()
  .min(1, "Enter the e-mail address to send the invitation to.")
  .max(254, "That e-mail address is too long.")
  .pipe(z.email("Enter an e-mail address like name@example.com."));

const InviteSchema = z.object({ email: emailSchema, role: roleSchema, practitionerId: practitionerChoiceSchema });

export interface InviteResult {
  invitationId: string;
  email: string;
  expiresAt: number;
  /** The link that was e-mailed. Secret: never log it. */
  link: string;
}

/** The name of the clinic's longest-standing owner, for an invitation a manager sends. */
async function firstOwnerName(db: DbOrTx, organizationId: string): Promise<string | null> {
  const owners = await db
    .select({ name: authUsersWithTwoFactor.name })
    .from(staffMembers)
    .innerJoin(authUsersWithTwoFactor, eq(authUsersWithTwoFactor.id, staffMembers.userId))
    .where(and(eq(staffMembers.organizationId, organizationId), eq(staffMembers.role, "owner")))
    .orderBy(asc(staffMembers.createdAt));
  return owners.map((o) => personalName(o.name)).find((n) => n !== null) ?? null;
}

/** Creates an invitation and its e-mail (sent by the outbox after commit). An open invitation to the same address is replaced. */
export async function inviteStaff(
  db: Db,
  input: {
    staff: StaffActor & { name: string };
    organizationId: string;
    input: { email?: unknown; role?: unknown; practitionerId?: unknown };
    baseUrl: string;
    now: number;
  },
): Promise<InviteResult> {
  if (input.staff.organizationId !== input.organizationId) throw new ForbiddenError("invite staff to another clinic");
  requirePermission(input.staff, "staff.manage", "manage staff accounts");
  const parsed = InviteSchema.safeParse(input.input);
  if (!parsed.success) throw new FieldError(zodFieldErrors(parsed.error.issues));
  const { role } = parsed.data;
  const email = parsed.data.email.toLowerCase();
  requireTeamRule(input.staff, { kind: "invite", role });
  const token = newToken();
  const link = invitationLink(input.baseUrl, token);
  const expiresAt = input.now + INVITATION_TTL_MS;
  const clinic = await loadClinicContact(db, input.organizationId);
  if (!clinic) throw new Error("The clinic has no location to name in the invitation");
  const ownerName = input.staff.role === "owner" ? null : await firstOwnerName(db, input.organizationId);
  try {
    return await db.transaction(async (tx) => {
      const practitionerId = await checkPractitionerLink(tx, input.organizationId, role, parsed.data.practitionerId);
      const [already] = await tx
        .select({ userId: staffMembers.userId })
        .from(staffMembers)
        .innerJoin(authUsersWithTwoFactor, eq(authUsersWithTwoFactor.id, staffMembers.userId))
        .where(and(eq(staffMembers.organizationId, input.organizationId), eq(sql`lower(${authUsersWithTwoFactor.email})`, email)))
        .limit(1);
      if (already) throw new FieldError({ email: `${email} already has access to this clinic. Change their role in the list instead.` });
      const replaced = await tx
        .update(staffInvitations)
        .set({ revokedAt: new Date(input.now), revokedBy: input.staff.userId })
        .where(
          and(
            eq(staffInvitations.organizationId, input.organizationId),
            eq(staffInvitations.emailNormalized, email),
            isNull(staffInvitations.acceptedAt),
            isNull(staffInvitations.revokedAt),
          ),
        )
        .returning({ id: staffInvitations.id, role: staffInvitations.role });
      if (replaced.some((r) => r.role === "owner")) requireTeamRule(input.staff, { kind: "revoke-invitation", role: "owner" });
      const [row] = await tx
        .insert(staffInvitations)
        .values({
          organizationId: input.organizationId,
          email: parsed.data.email,
          emailNormalized: email,
          role,
          practitionerId,
          tokenHash: hashInvitationToken(token),
          invitedBy: input.staff.userId,
          createdAt: new Date(input.now),
          expiresAt: new Date(expiresAt),
        })
        .returning({ id: staffInvitations.id });
      await enqueueMessage(tx, {
        organizationId: input.organizationId,
        appointmentId: null,
        kind: INVITATION_MESSAGE_KIND,
        message: composeInvitationMessage({
          to: parsed.data.email,
          clinic,
          inviterName: input.staff.name,
          inviterRole: input.staff.role,
          ownerName,
          role,
          link,
          expiresAt,
        }),
      });
      await recordAuditEvent(tx, {
        organizationId: input.organizationId,
        actor: staffOrSystem(input.staff.userId),
        action: "staff.invite",
        entityType: "staff_invitation",
        entityId: row!.id,
        details: { email, role, practitionerId, expiresAt: new Date(expiresAt).toISOString(), replaces: replaced.map((r) => r.id) },
      });
      return { invitationId: row!.id, email, expiresAt, link };
    });
  } catch (error) {
    // Two invitations to one address at the same moment: the partial unique index refuses the second.
    if (
      (error as { code?: string; cause?: { code?: string } }).code === "23505" ||
      (error as { cause?: { code?: string } }).cause?.code === "23505"
    ) {
      throw new FieldError({ email: "An invitation to this address was sent at the same moment. Reload the page to see it." });
    }
    throw error;
  }
}

export interface OpenInvitation {
  id: string;
  email: string;
  role: StaffRole;
  practitionerName: string | null;
  invitedByName: string | null;
  createdAt: number;
  expiresAt: number;
  expired: boolean;
}

/** Invitations not yet accepted or withdrawn, newest first, expired ones marked. */
export async function listOpenInvitations(
  db: DbOrTx,
  input: { staff: StaffActor; organizationId: string; now: number },
): Promise<OpenInvitation[]> {
  if (input.staff.organizationId !== input.organizationId) throw new ForbiddenError("see another clinic's staff");
  requirePermission(input.staff, "staff.manage", "see invitations");
  const inviter = alias(authUsersWithTwoFactor, "inviter");
  const rows = await db
    .select({
      id: staffInvitations.id,
      email: staffInvitations.email,
      role: staffInvitations.role,
      practitionerName: practitioners.name,
      invitedByName: inviter.name,
      createdAt: staffInvitations.createdAt,
      expiresAt: staffInvitations.expiresAt,
    })
    .from(staffInvitations)
    .leftJoin(practitioners, eq(practitioners.id, staffInvitations.practitionerId))
    .leftJoin(inviter, eq(inviter.id, staffInvitations.invitedBy))
    .where(
      and(
        eq(staffInvitations.organizationId, input.organizationId),
        isNull(staffInvitations.acceptedAt),
        isNull(staffInvitations.revokedAt),
      ),
    )
    .orderBy(desc(staffInvitations.createdAt));
  return rows.map((r) => ({
    ...r,
    createdAt: r.createdAt.getTime(),
    expiresAt: r.expiresAt.getTime(),
    expired: r.expiresAt.getTime() <= input.now,
  }));
}

/** Withdraws an open invitation: its link stops working. */
export async function revokeInvitation(
  db: Db,
  input: { staff: StaffActor; organizationId: string; invitationId: string; now: number },
): Promise<void> {
  if (input.staff.organizationId !== input.organizationId) throw new ForbiddenError("change another clinic's staff");
  requirePermission(input.staff, "staff.manage", "manage staff accounts");
  if (!/^[0-9a-f-]{36}$/i.test(input.invitationId)) throw new NotFoundError("That invitation");
  await db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(staffInvitations)
      .where(and(eq(staffInvitations.id, input.invitationId), eq(staffInvitations.organizationId, input.organizationId)))
      .for("update")
      .limit(1);
    if (!row) throw new NotFoundError("That invitation");
    requireTeamRule(input.staff, { kind: "revoke-invitation", role: row.role });
    if (row.acceptedAt)
      throw new FieldError({ form: `${row.email} has already accepted this invitation. Remove their access in the list instead.` });
    if (row.revokedAt) return;
    await tx
      .update(staffInvitations)
      .set({ revokedAt: new Date(input.now), revokedBy: input.staff.userId })
      .where(eq(staffInvitations.id, row.id));
    await recordAuditEvent(tx, {
      organizationId: input.organizationId,
      actor: staffOrSystem(input.staff.userId),
      action: "staff.invite.revoke",
      entityType: "staff_invitation",
      entityId: row.id,
      details: { email: row.emailNormalized, role: row.role },
    });
  });
}

export type InvitationStatus = "open" | "expired" | "used" | "revoked" | "unknown";

export type InvitationView =
  | {
      status: "open";
      invitationId: string;
      organizationId: string;
      email: string;
      role: StaffRole;
      expiresAt: number;
      clinic: ClinicContact;
      /** "new": choose a name and password. "existing": the address already has a Dermaplan account in use; confirm its password. */
      account: "new" | "existing";
    }
  | { status: Exclude<InvitationStatus, "open">; clinic: ClinicContact | null };

/** The invitation was used, revoked or has expired: a conflict with its state, not bad input. */
export class InvitationUnavailableError extends DomainError {
  readonly invitationStatus: Exclude<InvitationStatus, "open">;
  constructor(status: Exclude<InvitationStatus, "open">) {
    super("conflict", `The invitation is ${status}`);
    this.name = "InvitationUnavailableError";
    this.invitationStatus = status;
  }
}

async function existingAccount(db: DbOrTx, email: string): Promise<{ userId: string; hasMembership: boolean } | null> {
  const [user] = await db
    .select({ id: authUsersWithTwoFactor.id })
    .from(authUsersWithTwoFactor)
    .where(eq(sql`lower(${authUsersWithTwoFactor.email})`, email))
    .limit(1);
  if (!user) return null;
  const [member] = await db.select({ id: staffMembers.id }).from(staffMembers).where(eq(staffMembers.userId, user.id)).limit(1);
  return { userId: user.id, hasMembership: Boolean(member) };
}

/** What the invitation page shows for a token. Never throws for a bad token. */
export async function inspectInvitation(db: DbOrTx, input: { token: string; now: number }): Promise<InvitationView> {
  if (!TOKEN_PATTERN.test(input.token)) return { status: "unknown", clinic: null };
  const [row] = await db
    .select()
    .from(staffInvitations)
    .where(eq(staffInvitations.tokenHash, hashInvitationToken(input.token)))
    .limit(1);
  if (!row) return { status: "unknown", clinic: null };
  const clinic = await loadClinicContact(db, row.organizationId);
  if (row.acceptedAt) return { status: "used", clinic };
  if (row.revokedAt) return { status: "revoked", clinic };
  if (row.expiresAt.getTime() <= input.now) return { status: "expired", clinic };
  if (!clinic) return { status: "unknown", clinic: null };
  const account = await existingAccount(db, row.emailNormalized);
  return {
    status: "open",
    invitationId: row.id,
    organizationId: row.organizationId,
    email: row.emailNormalized,
    role: row.role,
    expiresAt: row.expiresAt.getTime(),
    clinic,
    account: account?.hasMembership ? "existing" : "new",
  };
}

const NameSchema = z
  .string({ error: "Enter your name as your colleagues know it." })
  .refine(isPlainLine, LINE_CONTROL_MESSAGE)
  .trim()
  .min(1, "Enter your name as your colleagues know it.")
  .max(100, "Use at most 100 characters for your name.");

/**
 * A new account's name and password. The password may not contain the
 * invited address, the clinic's name, the product's name, nor the name typed
 * beside it.
 */
function newAccountSchema(context: { email: string; clinicName: string }) {
  return z
    .object({ name: NameSchema })
    .and(newPasswordFieldsFor(context))
    .superRefine((value, ctx) => {
      if (typeof value.password !== "string" || typeof value.name !== "string") return;
      // The address and the clinic's name were checked with the password itself; the name comes with it.
      if (!usesContextWords(value.password, context) && usesContextWords(value.password, { name: value.name }))
        ctx.addIssue({ code: "custom", path: ["password"], message: PASSWORD_MESSAGES.personal });
    });
}
const ExistingAccountSchema = z.object({ currentPassword: z.string({ error: "Enter your password." }).min(1, "Enter your password.") });

export interface AcceptResult {
  userId: string;
  email: string;
  organizationId: string;
  role: StaffRole;
}

/**
 * Accepts an invitation: creates the account with the chosen password (or,
 * for an address whose account is in use at another clinic, checks its
 * password) and the membership, in one transaction with the audit row. The
 * invitation is claimed inside that transaction, so it works exactly once.
 */
export async function acceptInvitation(
  db: Db,
  input: {
    token: string;
    input: { name?: unknown; password?: unknown; confirmPassword?: unknown; currentPassword?: unknown };
    now: number;
    ip: string | null;
  },
): Promise<AcceptResult> {
  const view = await inspectInvitation(db, { token: input.token, now: input.now });
  if (view.status !== "open") throw new InvitationUnavailableError(view.status);
  const existing = await existingAccount(db, view.email);

  let name: string | null = null;
  let passwordHash: string | null = null;
  if (existing?.hasMembership) {
    const parsed = ExistingAccountSchema.safeParse(input.input);
    if (!parsed.success) throw new FieldError(zodFieldErrors(parsed.error.issues));
    // A password check: counted like a sign-in, so a leaked link cannot be used to guess it.
    const key = { step: "password" as const, emailHash: emailHash(view.email), ip: input.ip };
    const attempt = await beginAttempt(db, key, input.now);
    if (!attempt.allowed) {
      throw new FieldError({
        currentPassword: `Too many wrong passwords. Try again in ${Math.ceil(attempt.retryAfterSeconds / 60)} minutes.`,
      });
    }
    const [account] = await db
      .select({ password: authAccounts.password })
      .from(authAccounts)
      .where(and(eq(authAccounts.userId, existing.userId), eq(authAccounts.providerId, "credential")))
      .limit(1);
    if (!account?.password || !(await verifyPassword({ hash: account.password, password: parsed.data.currentPassword }))) {
      await noteAttemptUser(db, attempt.attemptId, existing.userId);
      throw new FieldError({ currentPassword: "That is not the password of your Dermaplan account. Check it and try again." });
    }
    await succeedAttempt(db, attempt.attemptId, key);
  } else {
    const parsed = newAccountSchema({ email: view.email, clinicName: view.clinic.name }).safeParse(input.input);
    if (!parsed.success) throw new FieldError(zodFieldErrors(parsed.error.issues));
    name = parsed.data.name;
    passwordHash = await hashPassword(parsed.data.password);
  }

  return db.transaction(async (tx) => {
    const [claimed] = await tx
      .update(staffInvitations)
      .set({ acceptedAt: new Date(input.now) })
      .where(
        and(
          eq(staffInvitations.id, view.invitationId),
          isNull(staffInvitations.acceptedAt),
          isNull(staffInvitations.revokedAt),
          gt(staffInvitations.expiresAt, new Date(input.now)),
        ),
      )
      .returning();
    if (!claimed) {
      const [now] = await tx.select().from(staffInvitations).where(eq(staffInvitations.id, view.invitationId)).limit(1);
      throw new InvitationUnavailableError(now?.acceptedAt ? "used" : now?.revokedAt ? "revoked" : "expired");
    }
    let userId: string;
    const user = await existingAccount(tx, view.email);
    if (user && user.hasMembership) {
      userId = user.userId;
    } else if (user) {
      // An account left over from earlier work (access removed everywhere): it starts again with
      // the new name and password and without its old second factor, as a new account would.
      userId = user.userId;
      await tx
        .update(authUsersWithTwoFactor)
        .set({ name: name!, emailVerified: true, twoFactorEnabled: false, updatedAt: new Date(input.now) })
        .where(eq(authUsersWithTwoFactor.id, userId));
      await tx.delete(authTwoFactors).where(eq(authTwoFactors.userId, userId));
      const updated = await tx
        .update(authAccounts)
        .set({ password: passwordHash!, updatedAt: new Date(input.now) })
        .where(and(eq(authAccounts.userId, userId), eq(authAccounts.providerId, "credential")))
        .returning({ id: authAccounts.id });
      if (updated.length === 0) {
        await tx
          .insert(authAccounts)
          .values({ id: randomUUID(), accountId: userId, providerId: "credential", userId, password: passwordHash! });
      }
      await tx.delete(authSessions).where(eq(authSessions.userId, userId));
    } else {
      userId = randomUUID();
      // The link reached this address, which verifies it.
      await tx.insert(authUsersWithTwoFactor).values({ id: userId, name: name!, email: view.email, emailVerified: true });
      await tx
        .insert(authAccounts)
        .values({ id: randomUUID(), accountId: userId, providerId: "credential", userId, password: passwordHash! });
    }
    const [member] = await tx
      .select({ id: staffMembers.id })
      .from(staffMembers)
      .where(and(eq(staffMembers.organizationId, claimed.organizationId), eq(staffMembers.userId, userId)))
      .limit(1);
    if (member) throw new InvitationUnavailableError("used");
    // The practitioner may have been removed since the invitation was sent.
    const practitionerId = claimed.practitionerId
      ? ((
          await tx
            .select({ id: practitioners.id })
            .from(practitioners)
            .where(and(eq(practitioners.id, claimed.practitionerId), eq(practitioners.organizationId, claimed.organizationId)))
            .limit(1)
        )[0]?.id ?? null)
      : null;
    await tx.insert(staffMembers).values({ organizationId: claimed.organizationId, userId, role: claimed.role, practitionerId });
    await tx.update(staffInvitations).set({ acceptedBy: userId }).where(eq(staffInvitations.id, claimed.id));
    await recordAuditEvent(tx, {
      organizationId: claimed.organizationId,
      actor: staffOrSystem(userId),
      action: "staff.join",
      entityType: "staff_member",
      entityId: userId,
      details: {
        invitationId: claimed.id,
        role: claimed.role,
        practitionerId,
        invitedBy: claimed.invitedBy,
        existingAccount: Boolean(user),
      },
    });
    return { userId, email: view.email, organizationId: claimed.organizationId, role: claimed.role };
  });
}
