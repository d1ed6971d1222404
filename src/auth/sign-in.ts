// Staff sign-in: the password step, the code step, and what each answers.
// better-auth checks passwords and codes and keeps sessions; this module adds
// throttling (src/auth/throttle.ts), the clinic membership check, enrolment of
// owners and managers who have no second factor yet, logs and audit rows.
//
// Results carry the Set-Cookie headers better-auth produced; the page passes
// them on with its response.
import { and, eq } from "drizzle-orm";
import type { Db } from "../db/open.ts";
import { authSessions, staffMembers, type StaffRole } from "../db/schema.ts";
import { pendingTwoFactorUserId, roleRequiresTwoFactor } from "./auth.ts";
import { authUsersWithTwoFactor } from "./tables.ts";
import { beginAttempt, discardAttempt, emailHash, noteAttemptUser, succeedAttempt, type AttemptKey } from "./throttle.ts";
import { startTwoFactorEnrolment, type Enrolment } from "./two-factor.ts";

import { headersWithCookies, readAuthResponse, type AccountContext, type AuthCallResult } from "./account-context.ts";
import { recordAuditEvent, staffOrSystem } from "../audit/audit-log.ts";

// The account context is sign-in's to hand out: pages import it from here.
export {
  accountContext,
  headersWithCookies,
  readAuthResponse,
  type AccountContext,
  type AccountLogger,
  type AuthCallResult,
} from "./account-context.ts";

export async function findMembership(db: Db, userId: string, organizationId: string): Promise<{ role: StaffRole } | null> {
  const [member] = await db
    .select({ role: staffMembers.role })
    .from(staffMembers)
    .where(and(eq(staffMembers.userId, userId), eq(staffMembers.organizationId, organizationId)))
    .limit(1);
  return member ?? null;
}

async function userIdByEmail(db: Db, email: string): Promise<string | null> {
  const [user] = await db
    .select({ id: authUsersWithTwoFactor.id })
    .from(authUsersWithTwoFactor)
    .where(eq(authUsersWithTwoFactor.email, email))
    .limit(1);
  return user?.id ?? null;
}

export type PasswordSignInResult =
  | { kind: "throttled"; retryAfterSeconds: number }
  | { kind: "invalid" }
  /** Right password, but no staff membership in this clinic: no session is kept. */
  | { kind: "no-access" }
  /** Right password; the code step follows at /login/two-factor. */
  | { kind: "code-required"; setCookies: string[] }
  /** Right password of an owner or manager without two-factor: a new key to set up, and a session that opens nothing else. */
  | { kind: "enrol"; setCookies: string[]; enrolment: Enrolment }
  | { kind: "signed-in"; setCookies: string[]; userId: string };

export async function signInWithPassword(ctx: AccountContext, input: { email: string; password: string }): Promise<PasswordSignInResult> {
  const email = input.email.trim().toLowerCase();
  const hash = emailHash(email);
  const key: AttemptKey = { step: "password", emailHash: hash, ip: ctx.ip };
  const attempt = await beginAttempt(ctx.db, key, ctx.now);
  if (!attempt.allowed) {
    ctx.logger.warn(
      { event: "staff.sign-in.throttled", step: "password", emailHash: hash, ip: ctx.ip, retryAfterSeconds: attempt.retryAfterSeconds },
      "staff sign-in refused: too many failures",
    );
    return { kind: "throttled", retryAfterSeconds: attempt.retryAfterSeconds };
  }
  let result: AuthCallResult;
  try {
    result = await readAuthResponse(
      await ctx.auth.api.signInEmail({
        body: { email, password: input.password, rememberMe: true },
        headers: ctx.headers,
        asResponse: true,
      }),
    );
    if (result.status >= 500) throw new Error(`sign-in answered ${result.status}`);
  } catch (error) {
    await discardAttempt(ctx.db, attempt.attemptId);
    throw error;
  }
  if (!result.ok) {
    const userId = await userIdByEmail(ctx.db, email);
    if (userId) await noteAttemptUser(ctx.db, attempt.attemptId, userId);
    // Never the password, never the address itself.
    ctx.logger.warn(
      { event: "staff.sign-in.failed", step: "password", emailHash: hash, userId, ip: ctx.ip, code: result.code },
      "staff sign-in failed",
    );
    return { kind: "invalid" };
  }
  await succeedAttempt(ctx.db, attempt.attemptId, key);
  if (result.body.twoFactorRedirect === true) return { kind: "code-required", setCookies: result.setCookies };

  const user = result.body.user as { id: string; email: string } | undefined;
  const token = typeof result.body.token === "string" ? result.body.token : null;
  if (!user) throw new Error("better-auth signed in without a user");
  const member = await findMembership(ctx.db, user.id, ctx.organizationId);
  if (!member) {
    if (token) await ctx.db.delete(authSessions).where(eq(authSessions.token, token));
    ctx.logger.warn(
      { event: "staff.sign-in.no-access", userId: user.id, ip: ctx.ip },
      "sign-in of an account without access to this clinic",
    );
    return { kind: "no-access" };
  }
  if (roleRequiresTwoFactor(member.role)) {
    // better-auth would have asked for a code if two-factor were on: set it up now, with the password just checked.
    const sessionHeaders = headersWithCookies(ctx.headers, result.setCookies);
    const started = await startTwoFactorEnrolment(
      { ...ctx, headers: sessionHeaders },
      { userId: user.id, email, password: input.password },
    );
    if (started.kind !== "started") throw new Error(`two-factor enrolment could not start: ${started.kind}`);
    return { kind: "enrol", setCookies: [...result.setCookies, ...started.setCookies], enrolment: started.enrolment };
  }
  await recordAuditEvent(ctx.db, {
    organizationId: ctx.organizationId,
    actor: staffOrSystem(user.id),
    action: "staff.sign-in",
    entityType: "staff_member",
    entityId: user.id,
    details: { method: "password" },
  });
  return { kind: "signed-in", setCookies: result.setCookies, userId: user.id };
}

export type CodeSignInResult =
  | { kind: "throttled"; retryAfterSeconds: number }
  /** No open code step (never started, expired after ten minutes, or already used): sign in again. */
  | { kind: "expired" }
  | { kind: "invalid" }
  /** Five wrong codes for this sign-in: it is closed, start again. */
  | { kind: "too-many" }
  /** better-auth locked the second factor after repeated failures across sign-ins. */
  | { kind: "locked" }
  | { kind: "no-access" }
  | { kind: "signed-in"; setCookies: string[]; userId: string };

/** The code step: a 6-digit code from the authenticator app, or one of the backup codes. */
export async function signInWithCode(
  ctx: AccountContext,
  input: { code: string; method: "totp" | "backup-code" },
): Promise<CodeSignInResult> {
  const userId = await pendingTwoFactorUserId(ctx.auth, ctx.db, ctx.headers, ctx.now);
  if (!userId) return { kind: "expired" };
  const key: AttemptKey = { step: "two-factor", userId, ip: ctx.ip };
  const attempt = await beginAttempt(ctx.db, key, ctx.now);
  if (!attempt.allowed) {
    ctx.logger.warn(
      { event: "staff.sign-in.throttled", step: "two-factor", userId, ip: ctx.ip, retryAfterSeconds: attempt.retryAfterSeconds },
      "staff sign-in refused: too many failures",
    );
    return { kind: "throttled", retryAfterSeconds: attempt.retryAfterSeconds };
  }
  let result: AuthCallResult;
  try {
    const call =
      input.method === "totp"
        ? ctx.auth.api.verifyTOTP({ body: { code: input.code }, headers: ctx.headers, asResponse: true })
        : ctx.auth.api.verifyBackupCode({ body: { code: input.code }, headers: ctx.headers, asResponse: true });
    result = await readAuthResponse(await call);
    if (result.status >= 500) throw new Error(`code check answered ${result.status}`);
  } catch (error) {
    await discardAttempt(ctx.db, attempt.attemptId);
    throw error;
  }
  if (!result.ok) {
    if (result.code === "INVALID_TWO_FACTOR_COOKIE" || result.code === "TOTP_NOT_ENABLED" || result.code === "BACKUP_CODES_NOT_ENABLED") {
      await discardAttempt(ctx.db, attempt.attemptId);
      return { kind: "expired" };
    }
    ctx.logger.warn(
      { event: "staff.sign-in.failed", step: "two-factor", method: input.method, userId, ip: ctx.ip, code: result.code },
      "staff sign-in failed",
    );
    if (result.code === "TOO_MANY_ATTEMPTS_REQUEST_NEW_CODE") return { kind: "too-many" };
    if (result.code === "ACCOUNT_TEMPORARILY_LOCKED") return { kind: "locked" };
    return { kind: "invalid" };
  }
  await succeedAttempt(ctx.db, attempt.attemptId, key);
  const token = typeof result.body.token === "string" ? result.body.token : null;
  const member = await findMembership(ctx.db, userId, ctx.organizationId);
  if (!member) {
    if (token) await ctx.db.delete(authSessions).where(eq(authSessions.token, token));
    ctx.logger.warn({ event: "staff.sign-in.no-access", userId, ip: ctx.ip }, "sign-in of an account without access to this clinic");
    return { kind: "no-access" };
  }
  await recordAuditEvent(ctx.db, {
    organizationId: ctx.organizationId,
    actor: staffOrSystem(userId),
    action: "staff.sign-in",
    entityType: "staff_member",
    entityId: userId,
    details: { method: input.method === "totp" ? "password+totp" : "password+backup-code" },
  });
  return { kind: "signed-in", setCookies: result.setCookies, userId };
}
