// The HTTP application the server process runs (server/app.ts over the
// production build), served in the test process over a test database, so a
// browser test can have staff of any role signed in without going through the
// sign-in pages, and can reach the database the app writes to. Sessions are
// real better-auth sessions from the same sign-in functions the login page
// calls, with two-factor codes for the roles that require them.
import { mkdtempSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import pino from "pino";
import type { BrowserContext } from "playwright-core";
import { createHttpApp, loadServerBuild } from "../server/app.ts";
import { signInWithPassword, type AccountContext } from "../src/auth/sign-in.ts";
import { cookiesFrom, createAccountsFixture, OWNER_PASSWORD, STAFF_PASSWORD, type AccountsFixture } from "../src/auth/test-fixtures.ts";
import { totpCode } from "../src/auth/test-totp.ts";
import { confirmTwoFactorEnrolment } from "../src/auth/two-factor.ts";
import { authUsers, staffMembers, type StaffRole } from "../src/db/schema.ts";
import { createMailTransport, startOutboxWorker, type OutboxWorker } from "../src/notifications/outbox.ts";
import { createKeyRing, generateDataKey, type KeyRing } from "../src/privacy/keyring.ts";
import type { RequestLimits } from "../src/scheduling/request-limits.ts";
import { freePort, markSensitive } from "./server.ts";

export interface InProcessClinic {
  f: AccountsFixture;
  keyRing: KeyRing;
  url: string;
  dataDir: string;
  /** The owner's session cookie (two-factor enrolled on the way). */
  ownerCookie(): Promise<string>;
  /** A new staff member of this role, signed in; a practitioner may be linked to a practitioner of the clinic. */
  addSignedInStaff(
    role: StaffRole,
    options?: { practitionerId?: string; name?: string },
  ): Promise<{ userId: string; email: string; cookie: string }>;
  /** Puts a session cookie ("name=value; …") into a browser context for this app. */
  useCookie(context: BrowserContext, cookie: string): Promise<void>;
  close(): Promise<void>;
}

async function userIdFor(f: AccountsFixture, email: string): Promise<string> {
  const [row] = await f.database.db.select({ id: authUsers.id }).from(authUsers).where(eq(authUsers.email, email));
  return row!.id;
}

/** Signs in with a password and, when the role requires it, enrols two-factor with a fresh secret. */
export async function enrolAndSignIn(f: AccountsFixture, ctx: AccountContext, email: string, password: string): Promise<string> {
  const first = await signInWithPassword(ctx, { email, password });
  if (first.kind === "signed-in") return cookiesFrom(first.setCookies);
  if (first.kind !== "enrol") throw new Error(`sign-in of ${email}: ${first.kind}`);
  const cookie = cookiesFrom(first.setCookies);
  const secret = first.enrolment.secret.replace(/ /g, "");
  markSensitive(secret);
  const headers = new Headers(ctx.headers);
  headers.set("cookie", cookie);
  const confirmed = await confirmTwoFactorEnrolment({ ...ctx, headers }, { userId: await userIdFor(f, email), code: totpCode(secret) });
  if (confirmed.kind !== "enabled") throw new Error(`two-factor enrolment of ${email}: ${confirmed.kind}`);
  return cookiesFrom(confirmed.setCookies, cookie);
}

/** Limits the suites do not reach: they book far more from 127.0.0.1 than a person would. */
export const GENEROUS_LIMITS: RequestLimits = {
  holdsPerIp: { max: 100_000, windowMs: 3_600_000 },
  bookingsPerIp: { max: 100_000, windowMs: 3_600_000 },
  bookingsPerEmail: { max: 100_000, windowMs: 3_600_000 },
};

export async function startInProcessClinic(options: { requestLimits?: RequestLimits } = {}): Promise<InProcessClinic> {
  markSensitive(STAFF_PASSWORD);
  const f = await createAccountsFixture();
  const { db } = f.database;
  const keyRing = createKeyRing([generateDataKey()]);
  const dataDir = mkdtempSync(join(tmpdir(), "dermaplan-inproc-"));
  const logFile = process.env.DERMAPLAN_E2E_DIR ? join(process.env.DERMAPLAN_E2E_DIR, "logs", `in-process-${Date.now()}.log`) : null;
  const logger = pino({ level: "info" }, logFile ? pino.destination({ dest: logFile, sync: true }) : pino.destination("/dev/null"));
  const transport = createMailTransport({ dataDir });
  const outbox: OutboxWorker = startOutboxWorker({ db, transport, from: "Dermaplan <no-reply@demo.dermaplan.test>", onError: () => {} });
  const build = await loadServerBuild();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const http = await new Promise<Server>((resolveListen) => {
    const started: Server = createHttpApp({
      build,
      services: {
        db,
        auth: f.auth,
        outbox,
        logger,
        keyRing,
        organizationId: f.organizationId,
        baseUrl: url,
        mailDescription: transport.describe,
        now: () => Date.now(),
        requestLimits: options.requestLimits ?? GENEROUS_LIMITS,
      },
      allowedOrigins: [url],
    }).listen(port, "127.0.0.1", () => resolveListen(started));
  });
  const ctx = f.ctx({ ip: "127.0.0.1" });
  let owner: string | null = null;
  return {
    f,
    keyRing,
    url,
    dataDir,
    async ownerCookie() {
      owner ??= await enrolAndSignIn(f, ctx, f.ownerEmail, OWNER_PASSWORD);
      return owner;
    },
    async addSignedInStaff(role, options = {}) {
      const staff = await f.addStaff(role, { name: options.name });
      if (options.practitionerId) {
        await db.update(staffMembers).set({ practitionerId: options.practitionerId }).where(eq(staffMembers.userId, staff.userId));
      }
      return { ...staff, cookie: await enrolAndSignIn(f, ctx, staff.email, STAFF_PASSWORD) };
    },
    async useCookie(context, cookie) {
      const cookies = cookie
        .split("; ")
        .map((c) => c.split("="))
        .map(([name, ...rest]) => ({ name: name!, value: rest.join("="), url }));
      await context.addCookies(cookies);
    },
    async close() {
      await new Promise<void>((r) => http.close(() => r()));
      await outbox.stop();
      await f.database.close();
    },
  };
}
