import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, authSessions, staffMembers } from "../db/schema.ts";
import { testDatabaseKind } from "../db/testing.ts";
import { getSignInState, getStaffSession, staffNeedsTwoFactorEnrolment } from "./auth.ts";
import { normalizeBackupCode } from "./backup-codes.ts";
import { signInWithCode, signInWithPassword } from "./sign-in.ts";
import { authTwoFactors } from "./tables.ts";
import { cookiesFrom, createAccountsFixture, OWNER_PASSWORD, STAFF_PASSWORD, type AccountsFixture } from "./test-fixtures.ts";
import { totpCode, wrongCode } from "./test-totp.ts";
import { confirmTwoFactorEnrolment, disableTwoFactor, regenerateBackupCodes, startTwoFactorEnrolment } from "./two-factor.ts";
import { ForbiddenError } from "../kernel/errors.ts";

let f: AccountsFixture;
beforeAll(async () => {
  f = await createAccountsFixture();
});
afterAll(async () => {
  await f?.database.close();
});

async function auditCount(action: string): Promise<number> {
  return (
    await f.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.organizationId, f.organizationId), eq(auditEvents.action, action)))
  ).length;
}

describe(`staff sign-in on ${testDatabaseKind}`, () => {
  let ownerSecret = "";

  it("sends an owner without two-factor to enrolment, and their session opens no staff page until they confirm a code", async () => {
    const result = await signInWithPassword(f.ctx(), { email: f.ownerEmail, password: OWNER_PASSWORD });
    expect(result.kind).toBe("enrol");
    if (result.kind !== "enrol") return;
    expect(result.enrolment.otpauthUri).toMatch(/^otpauth:\/\/totp\/Dermaplan:owner%40demo\.dermaplan\.test\?secret=[A-Z2-7]+/);
    expect(result.enrolment.secret).toMatch(/^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/);
    ownerSecret = result.enrolment.secret.replace(/ /g, "");
    const cookie = cookiesFrom(result.setCookies);
    const state = await getSignInState(f.auth, f.database.db, new Headers({ cookie }), f.organizationId);
    expect(state.kind).toBe("needs-enrolment");
    expect(await getStaffSession(f.auth, f.database.db, new Headers({ cookie }), f.organizationId)).toBeNull();

    const wrong = await confirmTwoFactorEnrolment(f.ctx({ cookie }), {
      userId: state.kind === "needs-enrolment" ? state.userId : "",
      code: wrongCode(ownerSecret),
    });
    expect(wrong.kind).toBe("invalid");
    const userId = state.kind === "needs-enrolment" ? state.userId : "";
    const confirmed = await confirmTwoFactorEnrolment(f.ctx({ cookie }), { userId, code: totpCode(ownerSecret) });
    expect(confirmed.kind).toBe("enabled");
    if (confirmed.kind !== "enabled") return;
    expect(confirmed.backupCodes).toHaveLength(10);
    // Our generator, not better-auth's mixed-case default: no look-alike characters.
    for (const c of confirmed.backupCodes) expect(c).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
    // better-auth replaces the session when two-factor goes on.
    const after = cookiesFrom(confirmed.setCookies, cookie);
    const staff = await f.staffSession(after);
    expect(staff.role).toBe("owner");
    expect(staff.twoFactorEnabled).toBe(true);
    expect(await auditCount("staff.two-factor.enable")).toBe(1);
  });

  it("asks for the code after a right password once two-factor is on; a wrong code is refused, the right one signs in", async () => {
    const first = await signInWithPassword(f.ctx(), { email: f.ownerEmail.toUpperCase(), password: OWNER_PASSWORD });
    expect(first.kind).toBe("code-required");
    if (first.kind !== "code-required") return;
    const cookie = cookiesFrom(first.setCookies);
    // The half-done sign-in is no session.
    expect((await getSignInState(f.auth, f.database.db, new Headers({ cookie }), f.organizationId)).kind).toBe("signed-out");

    const wrong = await signInWithCode(f.ctx({ cookie }), { code: wrongCode(ownerSecret), method: "totp" });
    expect(wrong.kind).toBe("invalid");
    expect(f.logs.some((l) => l.level === "warn" && l.details.step === "two-factor" && typeof l.details.userId === "string")).toBe(true);

    const right = await signInWithCode(f.ctx({ cookie }), { code: totpCode(ownerSecret), method: "totp" });
    expect(right.kind).toBe("signed-in");
    if (right.kind !== "signed-in") return;
    const staff = await f.staffSession(cookiesFrom(right.setCookies, cookie));
    expect(staff.email).toBe(f.ownerEmail);
  });

  it("signs in with a backup code, once", async () => {
    const first = await signInWithPassword(f.ctx(), { email: f.ownerEmail, password: OWNER_PASSWORD });
    if (first.kind !== "code-required") throw new Error(first.kind);
    const cookie = cookiesFrom(first.setCookies);
    const owner = await (async () => {
      const r = await signInWithCode(f.ctx({ cookie }), { code: totpCode(ownerSecret), method: "totp" });
      if (r.kind !== "signed-in") throw new Error(r.kind);
      return f.staffSession(cookiesFrom(r.setCookies, cookie));
    })();
    const sessionCookie = await (async () => {
      const again = await signInWithPassword(f.ctx(), { email: f.ownerEmail, password: OWNER_PASSWORD });
      if (again.kind !== "code-required") throw new Error(again.kind);
      return cookiesFrom(again.setCookies);
    })();
    const codes = await regenerateBackupCodes(f.ctx({ cookie: await ownerCookie() }), { staff: owner, password: OWNER_PASSWORD });
    if (codes.kind !== "done") throw new Error(codes.kind);
    const code = codes.backupCodes[0]!;
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
    // Typed back from paper in lower case with spaces, it is the stored code again.
    const typed = normalizeBackupCode(code.toLowerCase().replace(/-/g, " "));
    expect(typed).toBe(code);
    const used = await signInWithCode(f.ctx({ cookie: sessionCookie }), { code: typed!, method: "backup-code" });
    expect(used.kind).toBe("signed-in");
    const next = await signInWithPassword(f.ctx(), { email: f.ownerEmail, password: OWNER_PASSWORD });
    if (next.kind !== "code-required") throw new Error(next.kind);
    const reused = await signInWithCode(f.ctx({ cookie: cookiesFrom(next.setCookies) }), { code, method: "backup-code" });
    expect(reused.kind).toBe("invalid");
  });

  async function ownerCookie(): Promise<string> {
    const first = await signInWithPassword(f.ctx(), { email: f.ownerEmail, password: OWNER_PASSWORD });
    if (first.kind !== "code-required") throw new Error(first.kind);
    const cookie = cookiesFrom(first.setCookies);
    const r = await signInWithCode(f.ctx({ cookie }), { code: totpCode(ownerSecret), method: "totp" });
    if (r.kind !== "signed-in") throw new Error(r.kind);
    return cookiesFrom(r.setCookies, cookie);
  }

  it("throttles the code step after five wrong codes, per user, with the seconds to wait", async () => {
    const manager = await f.addStaff("manager");
    const enrol = await signInWithPassword(f.ctx(), { email: manager.email, password: STAFF_PASSWORD });
    if (enrol.kind !== "enrol") throw new Error(enrol.kind);
    const secret = enrol.enrolment.secret.replace(/ /g, "");
    const on = await confirmTwoFactorEnrolment(f.ctx({ cookie: cookiesFrom(enrol.setCookies) }), {
      userId: manager.userId,
      code: totpCode(secret),
    });
    expect(on.kind).toBe("enabled");

    const now = Date.now();
    const signIn = async () => {
      const r = await signInWithPassword(f.ctx(), { email: manager.email, password: STAFF_PASSWORD });
      if (r.kind !== "code-required") throw new Error(r.kind);
      return cookiesFrom(r.setCookies);
    };
    let cookie = await signIn();
    const kinds: string[] = [];
    for (let i = 0; i < 5; i++) {
      // From five addresses: the limit is per user as well as per address.
      const r = await signInWithCode(f.ctx({ cookie, ip: `198.51.100.${30 + i}`, now: now + i }), {
        code: wrongCode(secret),
        method: "totp",
      });
      kinds.push(r.kind);
    }
    expect(kinds).toEqual(["invalid", "invalid", "invalid", "invalid", "invalid"]);
    cookie = await signIn();
    const refused = await signInWithCode(f.ctx({ cookie, ip: "198.51.100.99", now: now + 10 }), { code: totpCode(secret), method: "totp" });
    expect(refused).toEqual({ kind: "throttled", retryAfterSeconds: 15 * 60 });
    // Fifteen minutes on, the limit is lifted (this code step itself has expired by then: it lasts ten).
    const later = await signInWithCode(f.ctx({ cookie, now: now + 15 * 60_000 + 1000 }), { code: totpCode(secret), method: "totp" });
    expect(later.kind).toBe("expired");
  });

  it("signs a front-desk member in with the password alone, and offers them two-factor without requiring it", async () => {
    const desk = await f.addStaff("front-desk");
    const result = await signInWithPassword(f.ctx(), { email: desk.email, password: STAFF_PASSWORD });
    expect(result.kind).toBe("signed-in");
    if (result.kind !== "signed-in") return;
    const cookie = cookiesFrom(result.setCookies);
    const staff = await f.staffSession(cookie);
    expect(staffNeedsTwoFactorEnrolment(staff)).toBe(false);

    const wrongPassword = await startTwoFactorEnrolment(f.ctx({ cookie }), {
      userId: staff.userId,
      email: staff.email,
      password: "not my password at all",
    });
    expect(wrongPassword.kind).toBe("wrong-password");
    const started = await startTwoFactorEnrolment(f.ctx({ cookie }), {
      userId: staff.userId,
      email: staff.email,
      password: STAFF_PASSWORD,
    });
    if (started.kind !== "started") throw new Error(started.kind);
    const secret = started.enrolment.secret.replace(/ /g, "");
    const on = await confirmTwoFactorEnrolment(f.ctx({ cookie }), { userId: staff.userId, code: totpCode(secret) });
    if (on.kind !== "enabled") throw new Error(on.kind);
    const onCookie = cookiesFrom(on.setCookies, cookie);
    const off = await disableTwoFactor(f.ctx({ cookie: onCookie }), { staff, password: STAFF_PASSWORD });
    expect(off.kind).toBe("done");
    expect(await f.database.db.select().from(authTwoFactors).where(eq(authTwoFactors.userId, staff.userId))).toHaveLength(0);
  });

  it("does not let an owner or manager turn two-factor off", async () => {
    const cookie = await ownerCookie();
    const owner = await f.staffSession(cookie);
    await expect(disableTwoFactor(f.ctx({ cookie }), { staff: owner, password: OWNER_PASSWORD })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("refuses an account without access to this clinic after a right password, and keeps no session", async () => {
    const gone = await f.addStaff("practitioner");
    await f.database.db.delete(staffMembers).where(eq(staffMembers.userId, gone.userId));
    const result = await signInWithPassword(f.ctx(), { email: gone.email, password: STAFF_PASSWORD });
    expect(result.kind).toBe("no-access");
    expect(await f.database.db.select().from(authSessions).where(eq(authSessions.userId, gone.userId))).toHaveLength(0);
  });

  it("ends a revoked session at its next request and says the browser had one", async () => {
    const desk = await f.addStaff("front-desk");
    const result = await signInWithPassword(f.ctx(), { email: desk.email, password: STAFF_PASSWORD });
    if (result.kind !== "signed-in") throw new Error(result.kind);
    const cookie = cookiesFrom(result.setCookies);
    await f.staffSession(cookie);
    await f.database.db.delete(authSessions).where(eq(authSessions.userId, desk.userId));
    const state = await getSignInState(f.auth, f.database.db, new Headers({ cookie }), f.organizationId);
    expect(state).toEqual({ kind: "signed-out", staleSession: true });
    expect(await getSignInState(f.auth, f.database.db, new Headers(), f.organizationId)).toEqual({
      kind: "signed-out",
      staleSession: false,
    });
  });

  it("answers 404 for better-auth's own sign-in, password and two-factor endpoints over HTTP, and still for get-session", async () => {
    for (const path of ["/sign-in/email", "/change-password", "/two-factor/enable", "/two-factor/verify-totp", "/revoke-sessions"]) {
      const response = await f.auth.handler(
        new Request(`http://localhost:3000/api/auth${path}`, {
          method: "POST",
          headers: { "content-type": "application/json", origin: "http://localhost:3000" },
          body: JSON.stringify({ email: f.ownerEmail, password: OWNER_PASSWORD }),
        }),
      );
      expect(response.status, path).toBe(404);
    }
    const session = await f.auth.handler(new Request("http://localhost:3000/api/auth/get-session"));
    expect(session.status).toBe(200);
  });
});
