import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, authSessions, staffMembers, type StaffRole } from "../db/schema.ts";
import { testDatabaseKind } from "../db/testing.ts";
import { getSignInState } from "./auth.ts";
import { listOwnSessions, revokeOtherOwnSessions, revokeOwnSession, describeUserAgent } from "./sessions.ts";
import { signInWithPassword } from "./sign-in.ts";
import { changeStaffRole, listTeamMembers, removeStaffMember, revokeStaffSessions, teamRuleViolation, type TeamAction } from "./team.ts";
import {
  cookiesFrom,
  createAccountsFixture,
  STAFF_PASSWORD,
  userIdOf,
  type AccountsFixture,
  unlinkedPractitioner,
} from "./test-fixtures.ts";
import { ForbiddenError, NotFoundError } from "../kernel/errors.ts";

let f: AccountsFixture;
let ownerId: string;
beforeAll(async () => {
  f = await createAccountsFixture();
  ownerId = await userIdOf(f, f.ownerEmail);
});
afterAll(async () => {
  await f?.database.close();
});

const actor = (userId: string, role: StaffRole) => ({ userId, role, organizationId: f.organizationId });
/** A team action's who and whom: `by`, acting in `role`, on the member `userId` of the test clinic. */
const acting = (by: string, role: StaffRole, userId: string) => ({ staff: actor(by, role), organizationId: f.organizationId, userId });

async function signIn(email: string, ip = "203.0.113.9"): Promise<string> {
  const r = await signInWithPassword(f.ctx({ ip }), { email, password: STAFF_PASSWORD });
  if (r.kind !== "signed-in") throw new Error(r.kind);
  return cookiesFrom(r.setCookies);
}

describe("team rules (pure)", () => {
  const me = { userId: "me", role: "manager" as StaffRole };
  const someone = (role: StaffRole) => ({ userId: "them", role });
  const cases: [StaffRole, TeamAction, boolean][] = [
    ["owner", { kind: "invite", role: "owner" }, true],
    ["manager", { kind: "invite", role: "owner" }, false],
    ["manager", { kind: "invite", role: "manager" }, true],
    ["practitioner", { kind: "invite", role: "front-desk" }, false],
    ["front-desk", { kind: "invite", role: "front-desk" }, false],
    ["manager", { kind: "change-role", target: someone("front-desk"), role: "practitioner" }, true],
    ["manager", { kind: "change-role", target: someone("front-desk"), role: "owner" }, false],
    ["manager", { kind: "change-role", target: someone("owner"), role: "manager" }, false],
    ["owner", { kind: "change-role", target: someone("owner"), role: "manager" }, true],
    ["manager", { kind: "change-role", target: { userId: "me", role: "manager" }, role: "practitioner" }, false],
    ["manager", { kind: "remove", target: someone("practitioner") }, true],
    ["manager", { kind: "remove", target: someone("owner") }, false],
    ["owner", { kind: "remove", target: { userId: "me", role: "owner" } }, false],
    ["manager", { kind: "revoke-sessions", target: someone("owner") }, false],
    ["owner", { kind: "revoke-sessions", target: someone("owner") }, true],
    ["front-desk", { kind: "revoke-sessions", target: someone("practitioner") }, false],
  ];
  it.each(cases)("%s: %j → allowed %s", (role, action, allowed) => {
    expect(teamRuleViolation({ ...me, role }, action) === null).toBe(allowed);
  });
});

describe(`team on ${testDatabaseKind}`, () => {
  it("lists the team with roles, two-factor and sessions; the owner's two-factor is marked required", async () => {
    const desk = await f.addStaff("front-desk", { name: "Dee Desk" });
    await signIn(desk.email);
    const team = await listTeamMembers(f.database.db, {
      staff: actor(ownerId, "owner"),
      organizationId: f.organizationId,
      now: Date.now(),
    });
    expect(team[0]).toMatchObject({ role: "owner", twoFactorRequired: true, twoFactorEnabled: false, isSelf: true });
    expect(team.find((m) => m.userId === desk.userId)).toMatchObject({
      role: "front-desk",
      name: "Dee Desk",
      activeSessions: 1,
      twoFactorRequired: false,
    });
  });

  it("changes a role, links a practitioner, and audits before and after", async () => {
    const member = await f.addStaff("front-desk");
    const p = await unlinkedPractitioner(f);
    const manager = await f.addStaff("manager");
    const r = await changeStaffRole(f.database.db, {
      ...acting(manager.userId, "manager", member.userId),
      input: { role: "practitioner", practitionerId: p!.id },
    });
    expect(r.changed).toBe(true);
    const [row] = await f.database.db.select().from(staffMembers).where(eq(staffMembers.userId, member.userId));
    expect(row).toMatchObject({ role: "practitioner", practitionerId: p!.id });
    const [audit] = await f.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "staff.role.change"), eq(auditEvents.entityId, member.userId)));
    expect(audit!.details).toEqual({
      before: { role: "front-desk", practitionerId: null },
      after: { role: "practitioner", practitionerId: p!.id },
    });
    // Another role keeps the link when the change names it (an owner who treats), and drops it when it does not.
    await changeStaffRole(f.database.db, { ...acting(ownerId, "owner", member.userId), input: { role: "manager", practitionerId: p!.id } });
    const [kept] = await f.database.db.select().from(staffMembers).where(eq(staffMembers.userId, member.userId));
    expect(kept).toMatchObject({ role: "manager", practitionerId: p!.id });
    // The front desk is never linked; a practitioner already linked to someone is not linked again.
    await expect(
      changeStaffRole(f.database.db, { ...acting(ownerId, "owner", member.userId), input: { role: "front-desk", practitionerId: p!.id } }),
    ).rejects.toMatchObject({ errors: { practitionerId: expect.stringContaining("The front desk is not linked") } });
    const other = await f.addStaff("manager");
    await expect(
      changeStaffRole(f.database.db, { ...acting(ownerId, "owner", other.userId), input: { role: "manager", practitionerId: p!.id } }),
    ).rejects.toMatchObject({ errors: { practitionerId: expect.stringContaining("already linked") } });
    await changeStaffRole(f.database.db, { ...acting(ownerId, "owner", member.userId), input: { role: "front-desk" } });
    const [after] = await f.database.db.select().from(staffMembers).where(eq(staffMembers.userId, member.userId));
    expect(after).toMatchObject({ role: "front-desk", practitionerId: null });
  });

  it("refuses a manager acting on an owner, anyone changing their own role, and other roles altogether", async () => {
    const manager = await f.addStaff("manager");
    const desk = await f.addStaff("front-desk");
    await expect(
      changeStaffRole(f.database.db, { ...acting(manager.userId, "manager", ownerId), input: { role: "manager" } }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      changeStaffRole(f.database.db, { ...acting(manager.userId, "manager", manager.userId), input: { role: "owner" } }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(removeStaffMember(f.database.db, acting(desk.userId, "front-desk", manager.userId))).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(revokeStaffSessions(f.database.db, acting(manager.userId, "manager", ownerId))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(removeStaffMember(f.database.db, acting(ownerId, "owner", "00000000-0000-0000-0000-000000000000"))).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it("keeps the clinic with an owner: the last owner cannot be demoted, and two owners cannot demote each other at once", async () => {
    const second = await f.addStaff("owner");
    const [a, b] = await Promise.allSettled([
      changeStaffRole(f.database.db, { ...acting(ownerId, "owner", second.userId), input: { role: "manager" } }),
      changeStaffRole(f.database.db, { ...acting(second.userId, "owner", ownerId), input: { role: "manager" } }),
    ]);
    expect([a, b].filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const owners = await f.database.db
      .select()
      .from(staffMembers)
      .where(and(eq(staffMembers.organizationId, f.organizationId), eq(staffMembers.role, "owner")));
    expect(owners).toHaveLength(1);
    // Put things back for the other tests.
    const remaining = owners[0]!.userId;
    const demoted = remaining === ownerId ? second.userId : ownerId;
    await changeStaffRole(f.database.db, { ...acting(remaining, "owner", demoted), input: { role: "owner" } });
    await changeStaffRole(f.database.db, { ...acting(ownerId, "owner", second.userId), input: { role: "front-desk" } });
  });

  it("removing access deletes the membership and ends every session at its next request", async () => {
    const desk = await f.addStaff("front-desk");
    const cookie = await signIn(desk.email);
    await signIn(desk.email, "203.0.113.10");
    const r = await removeStaffMember(f.database.db, acting(ownerId, "owner", desk.userId));
    expect(r.sessionsEnded).toBe(2);
    expect(await getSignInState(f.auth, f.database.db, new Headers({ cookie }), f.organizationId)).toEqual({
      kind: "signed-out",
      staleSession: true,
    });
    expect(await f.database.db.select().from(staffMembers).where(eq(staffMembers.userId, desk.userId))).toHaveLength(0);
    expect((await signInWithPassword(f.ctx(), { email: desk.email, password: STAFF_PASSWORD })).kind).toBe("no-access");
  });

  it("a manager signs a practitioner out everywhere; they keep their access and sign in again", async () => {
    const manager = await f.addStaff("manager");
    const practitioner = await f.addStaff("practitioner");
    const cookie = await signIn(practitioner.email);
    const r = await revokeStaffSessions(f.database.db, acting(manager.userId, "manager", practitioner.userId));
    expect(r.sessionsEnded).toBe(1);
    expect((await getSignInState(f.auth, f.database.db, new Headers({ cookie }), f.organizationId)).kind).toBe("signed-out");
    expect(await signIn(practitioner.email)).toContain("session_token");
  });
});

describe(`own sessions on ${testDatabaseKind}`, () => {
  it("lists where you are signed in, marks this session, and signs out one or all others", async () => {
    const me = await f.addStaff("practitioner");
    const here = await signIn(me.email, "203.0.113.50");
    await signIn(me.email, "203.0.113.51");
    await signIn(me.email, "203.0.113.52");
    const staff = await f.staffSession(here);
    const sessions = await listOwnSessions(f.database.db, { staff, now: Date.now() });
    expect(sessions).toHaveLength(3);
    expect(sessions.filter((s) => s.current)).toHaveLength(1);
    expect(sessions.find((s) => s.current)!.ipAddress).toBe("203.0.113.50");
    expect(sessions[0]!.device).toBe("Firefox on Linux");

    const other = sessions.find((s) => !s.current)!;
    expect(await revokeOwnSession(f.database.db, { staff, sessionId: other.id })).toEqual({ current: false });
    await expect(revokeOwnSession(f.database.db, { staff, sessionId: other.id })).rejects.toBeInstanceOf(NotFoundError);
    expect(await revokeOtherOwnSessions(f.database.db, { staff })).toBe(1);
    expect(await listOwnSessions(f.database.db, { staff, now: Date.now() })).toHaveLength(1);

    // Someone else's session id is not yours to end.
    const someone = await f.addStaff("front-desk");
    await signIn(someone.email);
    const [theirs] = await f.database.db.select().from(authSessions).where(eq(authSessions.userId, someone.userId));
    await expect(revokeOwnSession(f.database.db, { staff, sessionId: theirs!.id })).rejects.toBeInstanceOf(NotFoundError);

    expect(await revokeOwnSession(f.database.db, { staff, sessionId: staff.sessionId })).toEqual({ current: true });
    expect((await getSignInState(f.auth, f.database.db, new Headers({ cookie: here }), f.organizationId)).kind).toBe("signed-out");
  });

  it("names browsers and systems from user agents", () => {
    expect(
      describeUserAgent(
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
      ),
    ).toBe("Safari on iOS");
    expect(
      describeUserAgent(
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36 Edg/124.0",
      ),
    ).toBe("Edge on Windows");
    expect(
      describeUserAgent("Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36"),
    ).toBe("Chrome on Android");
    expect(describeUserAgent(null)).toBe("Unknown browser");
  });
});
