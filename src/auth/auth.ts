import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { twoFactor } from "better-auth/plugins/two-factor";
import { and, eq, gt } from "drizzle-orm";
import type { Db } from "../db/open.ts";
import { authAccounts, authSessions, authVerifications, staffMembers, type StaffRole } from "../db/schema.ts";
import { safeError } from "../kernel/log.ts";
import { BACKUP_CODE_COUNT, generateBackupCodes } from "./backup-codes.ts";
import { CLIENT_IP_HEADER } from "./client-ip.ts";
import { authTwoFactors, authUsersWithTwoFactor } from "./tables.ts";

export interface AuthOptions {
  secret: string;
  baseURL: string;
  /** Other origins the same server answers on (localhost and 127.0.0.1 are one machine). */
  trustedOrigins?: string[];
}

/** Name shown in authenticator apps next to the account. */
export const TOTP_ISSUER = "Dermaplan";
/** How long the "password was right, now the code" step stays open. */
export const TWO_FACTOR_CHALLENGE_SECONDS = 10 * 60;

/**
 * better-auth endpoints that are not answered over HTTP at /api/auth/*. Staff
 * sign in, set passwords and manage two-factor only through the pages in
 * app/routes, which add what better-auth does not: the password policy,
 * throttling in the database, role rules, audit rows. The server calls these
 * endpoints directly (auth.api.*), which this list does not affect.
 */
export const DISABLED_AUTH_PATHS = [
  "/sign-in/email",
  "/sign-in/social",
  "/sign-up/email",
  "/link-social",
  "/unlink-account",
  "/list-accounts",
  "/account-info",
  "/refresh-token",
  "/get-access-token",
  "/change-email",
  "/change-password",
  "/verify-password",
  "/verify-email",
  "/send-verification-email",
  "/request-password-reset",
  "/reset-password",
  "/update-user",
  "/update-session",
  "/delete-user",
  "/delete-user/callback",
  "/list-sessions",
  "/revoke-session",
  "/revoke-sessions",
  "/revoke-other-sessions",
  "/two-factor/enable",
  "/two-factor/disable",
  "/two-factor/get-totp-uri",
  "/two-factor/verify-totp",
  "/two-factor/send-otp",
  "/two-factor/verify-otp",
  "/two-factor/verify-backup-code",
  "/two-factor/generate-backup-codes",
];

export function createAuth(db: Db, options: AuthOptions) {
  return betterAuth({
    appName: TOTP_ISSUER,
    secret: options.secret,
    baseURL: options.baseURL,
    basePath: "/api/auth",
    trustedOrigins: options.trustedOrigins ?? [],
    database: drizzleAdapter(db, {
      provider: "pg",
      schema: {
        user: authUsersWithTwoFactor,
        session: authSessions,
        account: authAccounts,
        verification: authVerifications,
        twoFactor: authTwoFactors,
      },
    }),
    // Staff accounts are created by the clinic (the demo owner at first start,
    // invitations later), never by self sign-up.
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 12, maxPasswordLength: 128 },
    session: { expiresIn: 60 * 60 * 12, updateAge: 60 * 60 },
    disabledPaths: DISABLED_AUTH_PATHS,
    plugins: [
      twoFactor({
        issuer: TOTP_ISSUER,
        twoFactorCookieMaxAge: TWO_FACTOR_CHALLENGE_SECONDS,
        // Codes without look-alike characters, 59 bits each (backup-codes.ts).
        backupCodeOptions: { amount: BACKUP_CODE_COUNT, customBackupCodesGenerate: generateBackupCodes },
      }),
    ],
    advanced: {
      database: { generateId: () => crypto.randomUUID() },
      useSecureCookies: options.baseURL.startsWith("https://"),
      // Recorded on each session (shown on the account page).
      ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER, "x-forwarded-for"] },
    },
    telemetry: { enabled: false },
    // better-auth's own log lines: its message, and any error by name and codes only (a failed
    // query's message lists its parameters, e-mail addresses among them; src/kernel/log.ts).
    logger: {
      level: "warn",
      log: (level, message, ...args) => {
        const errors = args
          .filter((a) => a instanceof Error || (a !== null && typeof a === "object" && "code" in a))
          .map((a) => safeError(a));
        process.stderr.write(
          `${JSON.stringify({ level: level === "error" ? 50 : level === "warn" ? 40 : 30, source: "better-auth", msg: String(message).slice(0, 300), ...(errors.length ? { err: errors } : {}) })}\n`,
        );
      },
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;

export interface StaffSession {
  userId: string;
  name: string;
  email: string;
  organizationId: string;
  role: StaffRole;
  practitionerId: string | null;
  /** The better-auth session id (auth_sessions.id) of this request. */
  sessionId: string;
  twoFactorEnabled: boolean;
  /** This request, new each time the session is read: a record viewed several times in it is audited once (Actor). */
  requestId?: string;
}

/** Roles that must sign in with a second factor: they manage staff, settings and the audit log. */
export const TWO_FACTOR_REQUIRED_ROLES: readonly StaffRole[] = ["owner", "manager"];

export function roleRequiresTwoFactor(role: StaffRole): boolean {
  return TWO_FACTOR_REQUIRED_ROLES.includes(role);
}

/** True when this staff member may not use staff pages until they set up two-factor sign-in. */
export function staffNeedsTwoFactorEnrolment(staff: { role: StaffRole; twoFactorEnabled: boolean }): boolean {
  return roleRequiresTwoFactor(staff.role) && !staff.twoFactorEnabled;
}

export type SignInState =
  /** No session. staleSession: the browser still sent a session cookie, so a session ended (revoked or expired). */
  | { kind: "signed-out"; staleSession: boolean }
  /** A valid session of someone who is not staff of this organization. */
  | { kind: "no-access"; userId: string; sessionId: string }
  /** Password was right, but the role needs two-factor and it is not set up yet: only enrolment is open. */
  | { kind: "needs-enrolment"; userId: string; name: string; email: string; role: StaffRole; sessionId: string }
  | { kind: "staff"; staff: StaffSession };

export function parseCookies(headers: Headers): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (headers.get("cookie") ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq < 1) continue;
    const name = part.slice(0, eq).trim();
    if (!cookies.has(name)) cookies.set(name, part.slice(eq + 1).trim());
  }
  return cookies;
}

export async function sessionCookieName(auth: Auth): Promise<string> {
  return (await auth.$context).authCookies.sessionToken.name;
}

/** A Set-Cookie value that removes a cookie better-auth set (used to drop a dead session's cookie). */
export async function expiredSessionCookie(auth: Auth): Promise<string> {
  const context = await auth.$context;
  const cookie = context.authCookies.sessionToken;
  return `${cookie.name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${cookie.attributes.secure ? "; Secure" : ""}`;
}

/** Where this request stands: signed out, half signed in (enrolment pending), or a staff member of the organization. */
export async function getSignInState(auth: Auth, db: Db, headers: Headers, organizationId: string): Promise<SignInState> {
  const session = await auth.api.getSession({ headers });
  if (!session) {
    const name = await sessionCookieName(auth);
    return { kind: "signed-out", staleSession: Boolean(parseCookies(headers).get(name)) };
  }
  const [member] = await db
    .select()
    .from(staffMembers)
    .where(and(eq(staffMembers.userId, session.user.id), eq(staffMembers.organizationId, organizationId)))
    .limit(1);
  if (!member) return { kind: "no-access", userId: session.user.id, sessionId: session.session.id };
  const twoFactorEnabled = session.user.twoFactorEnabled === true;
  if (staffNeedsTwoFactorEnrolment({ role: member.role, twoFactorEnabled })) {
    return {
      kind: "needs-enrolment",
      userId: session.user.id,
      name: session.user.name,
      email: session.user.email,
      role: member.role,
      sessionId: session.session.id,
    };
  }
  return {
    kind: "staff",
    staff: {
      userId: session.user.id,
      name: session.user.name,
      email: session.user.email,
      organizationId: member.organizationId,
      role: member.role,
      practitionerId: member.practitionerId,
      sessionId: session.session.id,
      twoFactorEnabled,
      requestId: randomUUID(),
    },
  };
}

/**
 * The signed-in staff member for this request, scoped to one organization, or
 * null. An owner or manager who has not set up two-factor sign-in yet gets
 * null too, so no staff page or API opens for them until they do (the sign-in
 * page then sends them to enrolment).
 */
export async function getStaffSession(auth: Auth, db: Db, headers: Headers, organizationId: string): Promise<StaffSession | null> {
  const state = await getSignInState(auth, db, headers, organizationId);
  return state.kind === "staff" ? state.staff : null;
}

/** Whether the browser sent better-auth's "two factor" cookie at all (valid or not). */
export async function hasTwoFactorCookie(auth: Auth, headers: Headers): Promise<boolean> {
  const context = await auth.$context;
  return Boolean(parseCookies(headers).get(context.createAuthCookie("two_factor").name));
}

/**
 * The user whose sign-in waits for a code: better-auth's signed "two factor"
 * cookie names a verification row holding the user id. null when there is no
 * such cookie, its signature is wrong, or the challenge has expired.
 */
export async function pendingTwoFactorUserId(auth: Auth, db: Db, headers: Headers, now: number): Promise<string | null> {
  const context = await auth.$context;
  const raw = parseCookies(headers).get(context.createAuthCookie("two_factor").name);
  if (!raw) return null;
  let value: string;
  try {
    value = decodeURIComponent(raw);
  } catch {
    return null;
  }
  const dot = value.lastIndexOf(".");
  if (dot < 1) return null;
  const identifier = value.slice(0, dot);
  const signature = Buffer.from(value.slice(dot + 1), "base64");
  const expected = createHmac("sha256", context.secret).update(identifier).digest();
  if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) return null;
  const [row] = await db
    .select({ value: authVerifications.value })
    .from(authVerifications)
    .where(and(eq(authVerifications.identifier, identifier), gt(authVerifications.expiresAt, new Date(now))))
    .limit(1);
  return row?.value ?? null;
}

/** The "name=value" pairs of Set-Cookie headers as a Cookie header, to call better-auth again with a session it just created. */
export function cookieHeaderFromSetCookies(setCookies: readonly string[], base?: string | null): string {
  const jar = new Map<string, string>();
  for (const part of (base ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0) jar.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  for (const header of setCookies) {
    const pair = header.split(";")[0] ?? "";
    const eq = pair.indexOf("=");
    if (eq < 1) continue;
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    if (value === "" || /max-age=0/i.test(header)) jar.delete(name);
    else jar.set(name, value);
  }
  return [...jar].map(([n, v]) => `${n}=${v}`).join("; ");
}
