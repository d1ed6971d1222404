// A staff member's own sessions: where they are signed in, and signing any of
// them out. Sessions live in auth_sessions (better-auth), which is read on
// every request, so a deleted row ends that session at its next request.
import { and, desc, eq, gt, ne } from "drizzle-orm";
import type { DbOrTx } from "../db/open.ts";
import { authSessions } from "../db/schema.ts";
import type { StaffSession } from "./auth.ts";
import { NotFoundError } from "../kernel/errors.ts";
import { recordAuditEvent, staffOrSystem } from "../audit/audit-log.ts";

export interface SessionListItem {
  id: string;
  /** "Firefox on Android", or "Unknown browser" */
  device: string;
  userAgent: string | null;
  ipAddress: string | null;
  createdAt: number;
  /** When the session was last extended; better-auth does that at most once an hour. */
  lastSeenAt: number;
  current: boolean;
}

/** A short name for a browser and system from a user agent string; good enough to recognise a device. */
export function describeUserAgent(userAgent: string | null): string {
  if (!userAgent) return "Unknown browser";
  const ua = userAgent;
  const browser = /Edg\//.test(ua)
    ? "Edge"
    : /OPR\/|Opera/.test(ua)
      ? "Opera"
      : /Firefox\/|FxiOS\//.test(ua)
        ? "Firefox"
        : /Chrome\/|CriOS\/|Chromium\//.test(ua)
          ? "Chrome"
          : /Safari\//.test(ua)
            ? "Safari"
            : null;
  const system = /iPhone|iPad|iPod/.test(ua)
    ? "iOS"
    : /Android/.test(ua)
      ? "Android"
      : /Windows/.test(ua)
        ? "Windows"
        : /Mac OS X|Macintosh/.test(ua)
          ? "macOS"
          : /CrOS/.test(ua)
            ? "ChromeOS"
            : /Linux/.test(ua)
              ? "Linux"
              : null;
  if (browser && system) return `${browser} on ${system}`;
  return browser ?? (system ? `A browser on ${system}` : "Unknown browser");
}

export async function listOwnSessions(
  db: DbOrTx,
  input: { staff: Pick<StaffSession, "userId" | "sessionId">; now: number },
): Promise<SessionListItem[]> {
  const rows = await db
    .select()
    .from(authSessions)
    .where(and(eq(authSessions.userId, input.staff.userId), gt(authSessions.expiresAt, new Date(input.now))))
    .orderBy(desc(authSessions.updatedAt));
  return rows.map((s) => ({
    id: s.id,
    device: describeUserAgent(s.userAgent),
    userAgent: s.userAgent,
    ipAddress: s.ipAddress,
    createdAt: s.createdAt.getTime(),
    lastSeenAt: s.updatedAt.getTime(),
    current: s.id === input.staff.sessionId,
  }));
}

/** Audits signing out one's own sessions (`details`: which ones). */
async function auditSessionRevoke(
  tx: DbOrTx,
  staff: Pick<StaffSession, "userId" | "organizationId">,
  details: { current: boolean } | { others: number },
): Promise<void> {
  await recordAuditEvent(tx, {
    organizationId: staff.organizationId,
    actor: staffOrSystem(staff.userId),
    action: "staff.session.revoke",
    entityType: "session",
    entityId: null,
    details,
  });
}

/** Signs one of your own sessions out. Answers whether it was the current one (then the page signs you out too). */
export async function revokeOwnSession(
  db: DbOrTx,
  input: { staff: Pick<StaffSession, "userId" | "sessionId" | "organizationId">; sessionId: string },
): Promise<{ current: boolean }> {
  return db.transaction(async (tx) => {
    const deleted = await tx
      .delete(authSessions)
      .where(and(eq(authSessions.id, input.sessionId), eq(authSessions.userId, input.staff.userId)))
      .returning({ id: authSessions.id });
    if (deleted.length === 0) throw new NotFoundError("That session");
    const current = input.sessionId === input.staff.sessionId;
    await auditSessionRevoke(tx, input.staff, { current });
    return { current };
  });
}

/** Signs out every session of yours except this one. Answers how many ended. */
export async function revokeOtherOwnSessions(
  db: DbOrTx,
  input: { staff: Pick<StaffSession, "userId" | "sessionId" | "organizationId"> },
): Promise<number> {
  return db.transaction(async (tx) => {
    const deleted = await tx
      .delete(authSessions)
      .where(and(eq(authSessions.userId, input.staff.userId), ne(authSessions.id, input.staff.sessionId)))
      .returning({ id: authSessions.id });
    if (deleted.length > 0) {
      await auditSessionRevoke(tx, input.staff, { others: deleted.length });
    }
    return deleted.length;
  });
}
