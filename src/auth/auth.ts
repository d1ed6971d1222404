import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { and, eq } from "drizzle-orm";
import type { Db } from "../db/open.ts";
import { authAccounts, authSessions, authUsers, authVerifications, staffMembers, type StaffRole } from "../db/schema.ts";

export interface AuthOptions {
  secret: string;
  baseURL: string;
  /** Other origins the same server answers on (localhost and 127.0.0.1 are one machine). */
  trustedOrigins?: string[];
}

export function createAuth(db: Db, options: AuthOptions) {
  return betterAuth({
    secret: options.secret,
    baseURL: options.baseURL,
    basePath: "/api/auth",
    trustedOrigins: options.trustedOrigins ?? [],
    database: drizzleAdapter(db, {
      provider: "pg",
      schema: { user: authUsers, session: authSessions, account: authAccounts, verification: authVerifications },
    }),
    // Staff accounts are created by the clinic (the demo owner at first start,
    // invitations later), never by self sign-up.
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 12 },
    session: { expiresIn: 60 * 60 * 12, updateAge: 60 * 60 },
    advanced: {
      database: { generateId: () => crypto.randomUUID() },
      useSecureCookies: options.baseURL.startsWith("https://"),
    },
    telemetry: { enabled: false },
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
}

/** The signed-in staff member for this request, scoped to one organization, or null. */
export async function getStaffSession(auth: Auth, db: Db, headers: Headers, organizationId: string): Promise<StaffSession | null> {
  const session = await auth.api.getSession({ headers });
  if (!session) return null;
  const [member] = await db
    .select()
    .from(staffMembers)
    .where(and(eq(staffMembers.userId, session.user.id), eq(staffMembers.organizationId, organizationId)))
    .limit(1);
  if (!member) return null;
  return {
    userId: session.user.id,
    name: session.user.name,
    email: session.user.email,
    organizationId: member.organizationId,
    role: member.role,
    practitionerId: member.practitionerId,
  };
}
