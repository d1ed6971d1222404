import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, authAccounts, organizations, outboxMessages, staffMembers } from "../db/schema.ts";
import { testDatabaseKind } from "../db/testing.ts";
import { FieldError, ForbiddenError } from "../kernel/errors.ts";
import {
  acceptInvitation,
  askForNewLink,
  hashInvitationToken,
  inspectInvitation,
  INVITATION_MESSAGE_KIND,
  INVITATION_TTL_MS,
  InvitationUnavailableError,
  inviteStaff,
  listOpenInvitations,
  redactInvitationLinks,
  revokeInvitation,
} from "./invitations.ts";
import { PASSWORD_MESSAGES } from "./password-policy.ts";
import { signInWithPassword } from "./sign-in.ts";
import { authTwoFactors, authUsersWithTwoFactor, staffInvitations } from "./tables.ts";
import { BASE_URL, createAccountsFixture, STAFF_PASSWORD, userIdOf, type AccountsFixture, unlinkedPractitioner } from "./test-fixtures.ts";

let f: AccountsFixture;
let owner: { userId: string; role: "owner"; organizationId: string; name: string };
let manager: { userId: string; role: "manager"; organizationId: string; name: string };
const NOW = Date.parse("2027-03-10T15:00:00Z");
const PASSWORD = "sunlit harbour copper maple";

beforeAll(async () => {
  f = await createAccountsFixture();
  owner = { userId: await userIdOf(f, f.ownerEmail), role: "owner", organizationId: f.organizationId, name: "Clinic owner" };
  const m = await f.addStaff("manager");
  manager = { userId: m.userId, role: "manager", organizationId: f.organizationId, name: "Mia Manager" };
});
afterAll(async () => {
  await f?.database.close();
});

function tokenOf(link: string): string {
  return link.split("/invite/")[1]!;
}

async function invite(
  email: string,
  role: string,
  by: typeof owner | typeof manager = owner,
  extra: Record<string, unknown> = {},
  now = NOW,
) {
  return inviteStaff(f.database.db, {
    staff: by,
    organizationId: f.organizationId,
    input: { email, role, ...extra },
    baseUrl: BASE_URL,
    now,
  });
}

describe(`staff invitations on ${testDatabaseKind}`, () => {
  it("e-mails a one-time link through the outbox, stores only the token's hash, and audits the invitation", async () => {
    const result = await invite("Dana.Desk@Example.test", "front-desk");
    expect(result.link).toMatch(new RegExp(`^${BASE_URL}/invite/[A-Za-z0-9_-]{43}$`));
    const token = tokenOf(result.link);
    const [row] = await f.database.db.select().from(staffInvitations).where(eq(staffInvitations.id, result.invitationId));
    expect(row!.tokenHash).toBe(hashInvitationToken(token));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row!.expiresAt.getTime() - NOW).toBe(INVITATION_TTL_MS);
    const [message] = await f.database.db.select().from(outboxMessages).where(eq(outboxMessages.kind, INVITATION_MESSAGE_KIND));
    expect(message!.toAddress).toBe("Dana.Desk@Example.test");
    expect(message!.bodyText).toContain(result.link);
    expect(message!.bodyHtml).toContain(result.link);
    expect(redactInvitationLinks(message!.bodyText)).not.toContain(token);
    const audit = await f.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "staff.invite"), eq(auditEvents.entityId, result.invitationId)));
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0]!.details)).not.toContain(token);
  });

  it("accepts once: creates the account, its password and the membership, audited; the link then says it was used", async () => {
    const { link } = await invite("newdesk@example.test", "front-desk");
    const token = tokenOf(link);
    expect((await inspectInvitation(f.database.db, { token, now: NOW + 1000 })).status).toBe("open");
    const joined = await acceptInvitation(f.database.db, {
      token,
      input: { name: "Nadia Desk", password: PASSWORD, confirmPassword: PASSWORD },
      now: NOW + 1000,
      ip: null,
    });
    expect(joined.role).toBe("front-desk");
    const [member] = await f.database.db.select().from(staffMembers).where(eq(staffMembers.userId, joined.userId));
    expect(member!.role).toBe("front-desk");
    const [account] = await f.database.db.select().from(authAccounts).where(eq(authAccounts.userId, joined.userId));
    expect(account!.password).toMatch(/^[0-9a-f]+:[0-9a-f]+$/);
    expect(account!.password).not.toContain(PASSWORD);
    expect(
      await f.database.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.action, "staff.join"), eq(auditEvents.actorId, joined.userId))),
    ).toHaveLength(1);

    expect((await inspectInvitation(f.database.db, { token, now: NOW + 2000 })).status).toBe("used");
    await expect(
      acceptInvitation(f.database.db, {
        token,
        input: { name: "Again", password: PASSWORD, confirmPassword: PASSWORD },
        now: NOW + 2000,
        ip: null,
      }),
    ).rejects.toMatchObject({ invitationStatus: "used" });

    // The new account signs in with the chosen password (real time: better-auth's own clock).
    const signedIn = await signInWithPassword(f.ctx(), { email: "newdesk@example.test", password: PASSWORD });
    expect(signedIn.kind).toBe("signed-in");
  });

  it("lets exactly one of several simultaneous acceptances through", async () => {
    const { link } = await invite("race@example.test", "practitioner");
    const token = tokenOf(link);
    const results = await Promise.allSettled(
      Array.from({ length: 4 }, (_, i) =>
        acceptInvitation(f.database.db, {
          token,
          input: { name: `Racer ${i}`, password: PASSWORD, confirmPassword: PASSWORD },
          now: NOW + 1000,
          ip: null,
        }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toBeInstanceOf(InvitationUnavailableError);
  });

  it("expires after 7 days", async () => {
    const { link } = await invite("late@example.test", "front-desk");
    const token = tokenOf(link);
    expect((await inspectInvitation(f.database.db, { token, now: NOW + INVITATION_TTL_MS - 1 })).status).toBe("open");
    const view = await inspectInvitation(f.database.db, { token, now: NOW + INVITATION_TTL_MS });
    expect(view.status).toBe("expired");
    expect(view.clinic?.name).toBe("Jolanta's European Spa");
    await expect(
      acceptInvitation(f.database.db, {
        token,
        input: { name: "Late", password: PASSWORD, confirmPassword: PASSWORD },
        now: NOW + INVITATION_TTL_MS + 1,
        ip: null,
      }),
    ).rejects.toMatchObject({ invitationStatus: "expired" });
  });

  it("answers 'unknown' for a token it never issued or a malformed one, without throwing", async () => {
    expect((await inspectInvitation(f.database.db, { token: "A".repeat(43), now: NOW })).status).toBe("unknown");
    expect((await inspectInvitation(f.database.db, { token: "../../etc/passwd", now: NOW })).status).toBe("unknown");
  });

  it("refuses a weak password at acceptance and keeps the invitation open", async () => {
    const { link } = await invite("weak@example.test", "front-desk");
    const token = tokenOf(link);
    const error = await acceptInvitation(f.database.db, {
      token,
      input: { name: "", password: "Password1234", confirmPassword: "Password1234" },
      now: NOW + 1,
      ip: null,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FieldError);
    expect((error as FieldError).errors).toEqual({
      name: "Enter your name as your colleagues know it.",
      password: PASSWORD_MESSAGES.common,
    });
    expect((await inspectInvitation(f.database.db, { token, now: NOW + 2 })).status).toBe("open");
  });

  it("replaces an open invitation to the same address, and a withdrawn link stops working", async () => {
    const first = await invite("twice@example.test", "front-desk");
    const second = await invite("twice@example.test", "practitioner");
    expect((await inspectInvitation(f.database.db, { token: tokenOf(first.link), now: NOW + 1 })).status).toBe("revoked");
    expect((await inspectInvitation(f.database.db, { token: tokenOf(second.link), now: NOW + 1 })).status).toBe("open");
    await revokeInvitation(f.database.db, {
      staff: owner,
      organizationId: f.organizationId,
      invitationId: second.invitationId,
      now: NOW + 2,
    });
    expect((await inspectInvitation(f.database.db, { token: tokenOf(second.link), now: NOW + 3 })).status).toBe("revoked");
    const open = await listOpenInvitations(f.database.db, { staff: owner, organizationId: f.organizationId, now: NOW + 3 });
    expect(open.map((i) => i.email)).not.toContain("twice@example.test");
  });

  it("applies the role rules: managers invite but not owners, other roles not at all", async () => {
    await expect(invite("boss@example.test", "owner", manager)).rejects.toBeInstanceOf(ForbiddenError);
    const byManager = await invite("helper@example.test", "manager", manager);
    expect(byManager.email).toBe("helper@example.test");
    const ownerInvite = await invite("co-owner@example.test", "owner", owner);
    await expect(
      revokeInvitation(f.database.db, {
        staff: manager,
        organizationId: f.organizationId,
        invitationId: ownerInvite.invitationId,
        now: NOW,
      }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    const desk = await f.addStaff("front-desk");
    const deskActor = { userId: desk.userId, role: "front-desk" as const, organizationId: f.organizationId, name: "Desk" };
    await expect(invite("x@example.test", "front-desk", deskActor as unknown as typeof owner)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      listOpenInvitations(f.database.db, { staff: deskActor, organizationId: f.organizationId, now: NOW }),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("refuses someone already on the team, a bad address, and a link to a practitioner the clinic does not have", async () => {
    await expect(invite(f.ownerEmail.toUpperCase(), "manager")).rejects.toMatchObject({
      errors: { email: expect.stringContaining("already has access") },
    });
    await expect(invite("not an address", "manager")).rejects.toMatchObject({
      errors: { email: "Enter an e-mail address like name@example.com." },
    });
    await expect(invite("someone@example.test", "boss")).rejects.toMatchObject({ errors: { role: "Choose a role." } });
    const p = await unlinkedPractitioner(f);
    await expect(
      invite("linked@example.test", "practitioner", owner, { practitionerId: "00000000-0000-4000-8000-000000000000" }),
    ).rejects.toMatchObject({ errors: { practitionerId: "Choose a practitioner from the list." } });
    // A manager who also treats clients is linked to a practitioner like anyone who treats.
    const linked = await invite("linked@example.test", "manager", owner, { practitionerId: p!.id });
    const joined = await acceptInvitation(f.database.db, {
      token: tokenOf(linked.link),
      input: { name: "Maja K", password: PASSWORD, confirmPassword: PASSWORD },
      now: NOW + 5,
      ip: null,
    });
    const [member] = await f.database.db.select().from(staffMembers).where(eq(staffMembers.userId, joined.userId));
    expect(member).toMatchObject({ role: "manager", practitionerId: p!.id });
  });

  it("adds the clinic to an account someone already uses, after checking that account's password", async () => {
    const existing = await f.addStaff("practitioner");
    // The same person is invited again as a manager (e.g. to a second clinic in the same database).
    await f.database.db
      .delete(staffMembers)
      .where(and(eq(staffMembers.userId, existing.userId), eq(staffMembers.organizationId, f.organizationId)));
    const [other] = await f.database.db.insert(organizations).values({ slug: "second-clinic", name: "Second clinic" }).returning();
    await f.database.db.insert(staffMembers).values({ organizationId: other!.id, userId: existing.userId, role: "practitioner" });
    const { link } = await invite(existing.email, "manager");
    const token = tokenOf(link);
    const view = await inspectInvitation(f.database.db, { token, now: NOW + 1 });
    expect(view.status === "open" && view.account).toBe("existing");
    await expect(
      acceptInvitation(f.database.db, { token, input: { currentPassword: "not the password" }, now: NOW + 1, ip: null }),
    ).rejects.toMatchObject({
      errors: { currentPassword: expect.stringContaining("not the password") },
    });
    const joined = await acceptInvitation(f.database.db, { token, input: { currentPassword: STAFF_PASSWORD }, now: NOW + 2, ip: null });
    expect(joined.userId).toBe(existing.userId);
  });

  it("gives someone whose access was removed a fresh start: new name and password, no old second factor", async () => {
    const former = await f.addStaff("manager", { twoFactorEnabled: true });
    await f.database.db
      .insert(authTwoFactors)
      .values({ id: `tf-${former.userId}`, userId: former.userId, secret: "x", backupCodes: "y", verified: true });
    await f.database.db.delete(staffMembers).where(eq(staffMembers.userId, former.userId));
    const { link } = await invite(former.email, "front-desk");
    const view = await inspectInvitation(f.database.db, { token: tokenOf(link), now: NOW + 1 });
    expect(view.status === "open" && view.account).toBe("new");
    const joined = await acceptInvitation(f.database.db, {
      token: tokenOf(link),
      input: { name: "Back Again", password: PASSWORD, confirmPassword: PASSWORD },
      now: NOW + 2,
      ip: null,
    });
    expect(joined.userId).toBe(former.userId);
    const [user] = await f.database.db.select().from(authUsersWithTwoFactor).where(eq(authUsersWithTwoFactor.id, former.userId));
    expect(user).toMatchObject({ name: "Back Again", twoFactorEnabled: false });
    expect(await f.database.db.select().from(authTwoFactors).where(eq(authTwoFactors.userId, former.userId))).toHaveLength(0);
    expect((await signInWithPassword(f.ctx(), { email: former.email, password: PASSWORD })).kind).toBe("signed-in");
  });

  // Last: it adds an owner with a real name, which the other tests' e-mails would then name.
  it("says whom to ask for a new link: the inviting owner by name, or the inviting manager and the owner", async () => {
    const expiredLine = async (email: string) => {
      const [message] = await f.database.db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, email));
      const text = message!.bodyText.split("\n").find((l) => l.includes("If it has expired"))!;
      expect(message!.bodyHtml).toContain(text.replace(/'/g, "&#39;"));
      return text.slice(text.indexOf("If it has expired"));
    };
    // The demo owner's name only says the role: no "ask Clinic owner or the clinic's owner".
    await invite("ask-1@example.test", "front-desk", owner);
    expect(await expiredLine("ask-1@example.test")).toBe("If it has expired, ask the clinic's owner for a new one.");
    await invite("ask-2@example.test", "front-desk", manager);
    expect(await expiredLine("ask-2@example.test")).toBe("If it has expired, ask Mia Manager or the clinic's owner for a new one.");

    const maja = await f.addStaff("owner", { name: "Maja Kowalska" });
    await invite("ask-3@example.test", "front-desk", { userId: maja.userId, role: "owner", organizationId: f.organizationId, name: "Maja Kowalska" });
    expect(await expiredLine("ask-3@example.test")).toBe("If it has expired, ask Maja Kowalska, the clinic's owner, for a new one.");
    await invite("ask-4@example.test", "front-desk", manager);
    expect(await expiredLine("ask-4@example.test")).toBe(
      "If it has expired, ask Mia Manager or Maja Kowalska, the clinic's owner, for a new one.",
    );
  });
});

describe("whom an invitation says to ask for a new link", () => {
  it("names the owner once, the manager besides, and falls back to the role without a name", () => {
    expect(askForNewLink({ name: "Maja Kowalska", role: "owner" }, null)).toBe("Maja Kowalska, the clinic's owner,");
    expect(askForNewLink({ name: "Clinic owner", role: "owner" }, null)).toBe("the clinic's owner");
    expect(askForNewLink({ name: "", role: "owner" }, "Someone Else")).toBe("the clinic's owner");
    expect(askForNewLink({ name: "Sam Lee", role: "manager" }, "Maja Kowalska")).toBe("Sam Lee or Maja Kowalska, the clinic's owner,");
    expect(askForNewLink({ name: "Sam Lee", role: "manager" }, null)).toBe("Sam Lee or the clinic's owner");
    expect(askForNewLink({ name: " ", role: "manager" }, "Maja Kowalska")).toBe("Maja Kowalska, the clinic's owner,");
    expect(askForNewLink({ name: "", role: "manager" }, null)).toBe("the clinic's owner");
  });
});
