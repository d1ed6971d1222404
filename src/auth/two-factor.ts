// TOTP two-factor sign-in for staff: set up (with the password), confirm with
// a first code, backup codes, turn off. better-auth's twoFactor plugin keeps
// the encrypted secret and codes; this module adds the role rule (owners and
// managers may not turn it off), throttling of password and code checks, logs
// and audit rows.
import type { StaffSession } from "./auth.ts";
import { roleRequiresTwoFactor, TOTP_ISSUER } from "./auth.ts";
import { headersWithCookies, readAuthResponse, type AccountContext, type AuthCallResult } from "./account-context.ts";
import { beginAttempt, discardAttempt, emailHash, noteAttemptUser, succeedAttempt, type AttemptKey } from "./throttle.ts";
import { recordAuditEvent, staffOrSystem } from "../audit/audit-log.ts";
import { ForbiddenError } from "../kernel/errors.ts";

/** What a person needs to add the account to an authenticator app. */
export interface Enrolment {
  /** otpauth://totp/… — what a QR code would carry; phones open it in the authenticator app. */
  otpauthUri: string;
  /** The same key in base32, in groups of four, for typing into the app. */
  secret: string;
}

const BASE32 = /^[A-Z2-7]+=*$/;

/** Checks an otpauth URI (ours, or one sent back by a form) and reads its key. null if it is not a TOTP URI. */
export function enrolmentFromUri(uri: string): Enrolment | null {
  if (!uri.startsWith("otpauth://totp/") || uri.length > 500) return null;
  let secret: string | null;
  try {
    secret = new URL(uri).searchParams.get("secret");
  } catch {
    return null;
  }
  if (!secret || !BASE32.test(secret)) return null;
  return { otpauthUri: uri, secret: secret.replace(/=+$/, "").replace(/(.{4})(?=.)/g, "$1 ") };
}

type PasswordChecked =
  { kind: "throttled"; retryAfterSeconds: number } | { kind: "wrong-password" } | { kind: "checked"; result: AuthCallResult };

/**
 * Runs a better-auth call that checks the user's password, counting a wrong
 * one like a failed sign-in (same limit, same e-mail key).
 */
export async function withPasswordCheck(
  ctx: AccountContext,
  user: { userId: string; email: string },
  call: () => Promise<Response>,
): Promise<PasswordChecked> {
  const key: AttemptKey = { step: "password", emailHash: emailHash(user.email), ip: ctx.ip };
  const attempt = await beginAttempt(ctx.db, key, ctx.now);
  if (!attempt.allowed) {
    ctx.logger.warn(
      { event: "staff.password-check.throttled", userId: user.userId, ip: ctx.ip, retryAfterSeconds: attempt.retryAfterSeconds },
      "password check refused: too many failures",
    );
    return { kind: "throttled", retryAfterSeconds: attempt.retryAfterSeconds };
  }
  let result: AuthCallResult;
  try {
    result = await readAuthResponse(await call());
    if (result.status >= 500) throw new Error(`password check answered ${result.status}`);
  } catch (error) {
    await discardAttempt(ctx.db, attempt.attemptId);
    throw error;
  }
  if (result.code === "INVALID_PASSWORD" || result.code === "INVALID_EMAIL_OR_PASSWORD") {
    await noteAttemptUser(ctx.db, attempt.attemptId, user.userId);
    ctx.logger.warn({ event: "staff.password-check.failed", userId: user.userId, ip: ctx.ip }, "wrong password on an account page");
    return { kind: "wrong-password" };
  }
  if (result.ok) await succeedAttempt(ctx.db, attempt.attemptId, key);
  else await discardAttempt(ctx.db, attempt.attemptId);
  return { kind: "checked", result };
}

export type StartEnrolmentResult =
  | { kind: "started"; enrolment: Enrolment; setCookies: string[] }
  | { kind: "wrong-password" }
  | { kind: "throttled"; retryAfterSeconds: number }
  | { kind: "already-on" };

/**
 * Creates a new key for the signed-in user (headers carry their session). It
 * does nothing until confirmed with a code; starting again replaces the key.
 */
export async function startTwoFactorEnrolment(
  ctx: AccountContext,
  input: { userId: string; email: string; password: string },
): Promise<StartEnrolmentResult> {
  const checked = await withPasswordCheck(ctx, input, () =>
    ctx.auth.api.enableTwoFactor({ body: { password: input.password, issuer: TOTP_ISSUER }, headers: ctx.headers, asResponse: true }),
  );
  if (checked.kind !== "checked") return checked;
  const { result } = checked;
  if (result.code === "TOTP_ALREADY_ENABLED") return { kind: "already-on" };
  if (!result.ok) throw new Error(`two-factor set-up answered ${result.status} ${result.code ?? ""}`);
  const enrolment = typeof result.body.totpURI === "string" ? enrolmentFromUri(result.body.totpURI) : null;
  if (!enrolment) throw new Error("two-factor set-up returned no usable key");
  return { kind: "started", enrolment, setCookies: result.setCookies };
}

export type ConfirmEnrolmentResult =
  | { kind: "enabled"; backupCodes: string[]; setCookies: string[] }
  | { kind: "invalid" }
  | { kind: "throttled"; retryAfterSeconds: number }
  /** No key waiting for confirmation (e.g. set up in another tab since): start again. */
  | { kind: "not-started" };

/** The first correct code turns two-factor on; better-auth replaces the session (new cookie). Returns the backup codes, to show once. */
export async function confirmTwoFactorEnrolment(
  ctx: AccountContext,
  input: { userId: string; code: string },
): Promise<ConfirmEnrolmentResult> {
  const key: AttemptKey = { step: "two-factor", userId: input.userId, ip: ctx.ip };
  const attempt = await beginAttempt(ctx.db, key, ctx.now);
  if (!attempt.allowed) return { kind: "throttled", retryAfterSeconds: attempt.retryAfterSeconds };
  let result: AuthCallResult;
  try {
    result = await readAuthResponse(await ctx.auth.api.verifyTOTP({ body: { code: input.code }, headers: ctx.headers, asResponse: true }));
    if (result.status >= 500) throw new Error(`code check answered ${result.status}`);
  } catch (error) {
    await discardAttempt(ctx.db, attempt.attemptId);
    throw error;
  }
  if (!result.ok) {
    if (result.code === "INVALID_CODE") {
      ctx.logger.warn(
        { event: "staff.two-factor.setup-code-failed", userId: input.userId, ip: ctx.ip },
        "wrong code while setting up two-factor",
      );
      return { kind: "invalid" };
    }
    await discardAttempt(ctx.db, attempt.attemptId);
    return { kind: "not-started" };
  }
  await succeedAttempt(ctx.db, attempt.attemptId, key);
  const codes = (await ctx.auth.api.viewBackupCodes({ body: { userId: input.userId } })) as { backupCodes?: string[] };
  await recordAuditEvent(ctx.db, {
    organizationId: ctx.organizationId,
    actor: staffOrSystem(input.userId),
    action: "staff.two-factor.enable",
    entityType: "staff_member",
    entityId: input.userId,
  });
  return { kind: "enabled", backupCodes: codes.backupCodes ?? [], setCookies: result.setCookies };
}

export type PasswordActionResult<T> =
  { kind: "wrong-password" } | { kind: "throttled"; retryAfterSeconds: number } | ({ kind: "done" } & T);

/** Turns two-factor off. Owners and managers may not: their role requires it. */
export async function disableTwoFactor(
  ctx: AccountContext,
  input: { staff: Pick<StaffSession, "userId" | "email" | "role" | "organizationId">; password: string },
): Promise<PasswordActionResult<{ setCookies: string[] }>> {
  if (roleRequiresTwoFactor(input.staff.role)) throw new ForbiddenError("turn off two-factor sign-in: owners and managers must use it");
  return turnTwoFactorOff(ctx, input);
}

/** Turns two-factor off once the password is checked, and audits it (`details` say why). */
async function turnTwoFactorOff(
  ctx: AccountContext,
  input: { staff: Pick<StaffSession, "userId" | "email" | "role" | "organizationId">; password: string },
  details?: Record<string, unknown>,
): Promise<PasswordActionResult<{ setCookies: string[] }>> {
  const checked = await withPasswordCheck(ctx, input.staff, () =>
    ctx.auth.api.disableTwoFactor({ body: { password: input.password }, headers: ctx.headers, asResponse: true }),
  );
  if (checked.kind !== "checked") return checked;
  if (!checked.result.ok) throw new Error(`turning two-factor off answered ${checked.result.status} ${checked.result.code ?? ""}`);
  await recordAuditEvent(ctx.db, {
    organizationId: input.staff.organizationId,
    actor: staffOrSystem(input.staff.userId),
    action: "staff.two-factor.disable",
    entityType: "staff_member",
    entityId: input.staff.userId,
    details,
  });
  return { kind: "done", setCookies: checked.result.setCookies };
}

/**
 * A new key for a new phone: the old one stops working at once and the new
 * one needs confirming. For owners and managers, their staff pages stay closed
 * until they confirm it (they are sent to enrolment).
 */
export async function replaceTwoFactorKey(
  ctx: AccountContext,
  input: { staff: Pick<StaffSession, "userId" | "email" | "role" | "organizationId">; password: string },
): Promise<PasswordActionResult<{ enrolment: Enrolment; setCookies: string[] }>> {
  const disabled = await turnTwoFactorOff(ctx, input, { replacing: true });
  if (disabled.kind !== "done") return disabled;
  const afterDisable = disabled.setCookies;
  const started = await startTwoFactorEnrolment(
    { ...ctx, headers: headersWithCookies(ctx.headers, afterDisable) },
    { userId: input.staff.userId, email: input.staff.email, password: input.password },
  );
  if (started.kind !== "started") throw new Error(`a new key could not be made: ${started.kind}`);
  return { kind: "done", enrolment: started.enrolment, setCookies: [...afterDisable, ...started.setCookies] };
}

/** Ten new backup codes; the old ones stop working. */
export async function regenerateBackupCodes(
  ctx: AccountContext,
  input: { staff: Pick<StaffSession, "userId" | "email" | "organizationId">; password: string },
): Promise<PasswordActionResult<{ backupCodes: string[] }>> {
  const checked = await withPasswordCheck(ctx, input.staff, () =>
    ctx.auth.api.generateBackupCodes({ body: { password: input.password }, headers: ctx.headers, asResponse: true }),
  );
  if (checked.kind !== "checked") return checked;
  const codes = checked.result.body.backupCodes;
  if (!checked.result.ok || !Array.isArray(codes))
    throw new Error(`new backup codes answered ${checked.result.status} ${checked.result.code ?? ""}`);
  await recordAuditEvent(ctx.db, {
    organizationId: input.staff.organizationId,
    actor: staffOrSystem(input.staff.userId),
    action: "staff.two-factor.backup-codes",
    entityType: "staff_member",
    entityId: input.staff.userId,
  });
  return { kind: "done", backupCodes: codes.map(String) };
}
