// Accounts for integration tests: the demo clinic, a real better-auth over the
// test database, and staff in every role.
import { randomBytes, randomUUID } from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import { desc, eq } from "drizzle-orm";
import type { Database } from "../db/open.ts";
import { DEMO_OWNER_EMAIL, loadDemoClinic } from "../db/demo.ts";
import { authAccounts, practitioners, staffMembers, type StaffRole } from "../db/schema.ts";
import { createTestDatabase } from "../db/testing.ts";
import { createAuth, getSignInState, type Auth, type StaffSession } from "./auth.ts";
import type { AccountContext } from "./account-context.ts";
import { authUsersWithTwoFactor } from "./tables.ts";

export const OWNER_PASSWORD = "correct horse battery staple";
export const STAFF_PASSWORD = "violet tractor pebble lantern";
export const BASE_URL = "http://localhost:3000";

export interface LoggedLine {
  level: "warn" | "info";
  details: Record<string, unknown>;
  message: string;
}

export interface AccountsFixture {
  database: Database;
  auth: Auth;
  organizationId: string;
  ownerEmail: string;
  logs: LoggedLine[];
  /** An AccountContext for a request carrying these cookies. */
  ctx(options?: { cookie?: string; ip?: string | null; now?: number }): AccountContext;
  addStaff(
    role: StaffRole,
    options?: { email?: string; name?: string; twoFactorEnabled?: boolean },
  ): Promise<{ userId: string; email: string }>;
  staffSession(cookie: string): Promise<StaffSession>;
}

let counter = 0;

export async function createAccountsFixture(): Promise<AccountsFixture> {
  const database = await createTestDatabase();
  const { organizationId } = await loadDemoClinic(database.db, { ownerPassword: OWNER_PASSWORD });
  const auth = createAuth(database.db, { secret: randomBytes(32).toString("base64url"), baseURL: BASE_URL });
  const logs: LoggedLine[] = [];
  const logger = {
    warn: (details: Record<string, unknown>, message: string) => logs.push({ level: "warn", details, message }),
    info: (details: Record<string, unknown>, message: string) => logs.push({ level: "info", details, message }),
  };
  const fixture: AccountsFixture = {
    database,
    auth,
    organizationId,
    ownerEmail: DEMO_OWNER_EMAIL,
    logs,
    ctx(options = {}) {
      const headers = new Headers({ "user-agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0" });
      if (options.cookie) headers.set("cookie", options.cookie);
      const ip = options.ip === undefined ? "203.0.113.7" : options.ip;
      if (ip) headers.set("x-forwarded-for", ip);
      return {
        auth,
        db: database.db,
        logger,
        organizationId,
        headers,
        ip,
        now: options.now ?? Date.now(),
      };
    },
    async addStaff(role, options = {}) {
      counter++;
      const email = options.email ?? `${role}${counter}@example.test`;
      const userId = randomUUID();
      await database.db.insert(authUsersWithTwoFactor).values({
        id: userId,
        name: options.name ?? `${role} ${counter}`,
        email,
        emailVerified: true,
        twoFactorEnabled: options.twoFactorEnabled ?? false,
      });
      await database.db
        .insert(authAccounts)
        .values({ id: randomUUID(), accountId: userId, providerId: "credential", userId, password: await hashPassword(STAFF_PASSWORD) });
      await database.db.insert(staffMembers).values({ organizationId, userId, role });
      return { userId, email };
    },
    async staffSession(cookie) {
      const state = await getSignInState(auth, database.db, new Headers({ cookie }), organizationId);
      if (state.kind !== "staff") throw new Error(`expected a staff session, got ${state.kind}`);
      return state.staff;
    },
  };
  return fixture;
}

export async function userIdOf(fixture: AccountsFixture, email: string): Promise<string> {
  const [row] = await fixture.database.db
    .select({ id: authUsersWithTwoFactor.id })
    .from(authUsersWithTwoFactor)
    .where(eq(authUsersWithTwoFactor.email, email));
  if (!row) throw new Error(`no user ${email}`);
  return row.id;
}

/** The cookie header a browser would send after these Set-Cookie headers. */
export function cookiesFrom(setCookies: readonly string[], previous = ""): string {
  const jar = new Map<string, string>();
  for (const part of previous.split(";")) {
    const i = part.indexOf("=");
    if (i > 0) jar.set(part.slice(0, i).trim(), part.slice(i + 1).trim());
  }
  for (const header of setCookies) {
    const pair = header.split(";")[0]!;
    const i = pair.indexOf("=");
    const name = pair.slice(0, i).trim();
    const value = pair.slice(i + 1).trim();
    if (!value || /max-age=0/i.test(header)) jar.delete(name);
    else jar.set(name, value);
  }
  return [...jar].map(([n, v]) => `${n}=${v}`).join("; ");
}

/** A practitioner of the fixture's clinic that no team member is linked to (the demo's first is its owner's). */
export async function unlinkedPractitioner(f: AccountsFixture) {
  const [p] = await f.database.db
    .select()
    .from(practitioners)
    .where(eq(practitioners.organizationId, f.organizationId))
    .orderBy(desc(practitioners.sortOrder))
    .limit(1);
  return p;
}
