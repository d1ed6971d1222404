// The client portal: passwordless sign-in by an e-mailed link, client
// sessions, and what a signed-in client may see and do. Every query names the
// organization and, once signed in, the client: an id from a form or a URL is
// never enough on its own. Link tokens and session ids are stored as SHA-256
// hashes only, so a copy of the database signs nobody in.
import { and, asc, eq, gt, isNull, lt, ne, sql } from "drizzle-orm";
import { recordAuditEvent } from "../audit/audit-log.ts";
import type { Db, Tx } from "../db/open.ts";
import { appointments, clients, practitioners, services } from "../db/schema.ts";
import { linkIn } from "../notifications/booking-messages.ts";
import { enqueueMessage } from "../notifications/outbox.ts";
import { normalizeEmail } from "../scheduling/book-appointment.ts";
import { clientLocaleOf, isClientLocale, type ClientLocale } from "./locale.ts";
import { portalReturnPath } from "./return-path.ts";
import { composeSignInMessage } from "./portal-messages.ts";
import { clientLoginRequests, clientLoginTokens, clientSessions, type LoginRequestOutcome } from "./tables.ts";

import { LOGIN_LINK_TTL_MS } from "./portal-limits.ts";
import { NotFoundError } from "../kernel/errors.ts";
import { isUuid } from "../kernel/ids.ts";
import { hashToken, newToken } from "../kernel/tokens.ts";
import { PRACTITIONER_OF_APPOINTMENT, SERVICE_OF_APPOINTMENT } from "../scheduling/appointment-joins.ts";

export { LOGIN_LINK_TTL_MS };
/** At most this many links per e-mail address, and per IP address, in LOGIN_LIMIT_WINDOW_MS. */
export const LOGIN_LIMIT_PER_EMAIL = 5;
export const LOGIN_LIMIT_PER_IP = 5;
export const LOGIN_LIMIT_WINDOW_MS = 60 * 60_000;
/** A session ends this long after sign-in, however active. */
export const SESSION_ABSOLUTE_MS = 30 * 24 * 60 * 60_000;
/** A session ends after this long without a request. */
export const SESSION_IDLE_MS = 7 * 24 * 60 * 60_000;
/** last_seen_at is written at most this often, so reading a page is not always a write. */
export const SESSION_TOUCH_MS = 60_000;
/** Request rows, spent links and dead sessions older than this are deleted. */
export const PORTAL_RECORD_RETENTION_MS = 24 * 60 * 60_000;

// newToken(): 32 random bytes in base64url.
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;
// Two-key advisory locks live apart from the migration runner's one-key lock.
const THROTTLE_LOCK_SPACE = 727275;

/** What the portal layout puts in the request context (app/context.ts ClientSession). */
export interface PortalSession {
  clientId: string;
  organizationId: string;
  name: string;
  email: string;
  sessionId: string;
}

/** A short, stable, non-reversible reference to an e-mail address for logs. */
export function emailRef(email: string): string {
  return hashToken(`email:${normalizeEmail(email)}`).slice(0, 12);
}

function emailHash(email: string): string {
  return hashToken(`email:${normalizeEmail(email)}`);
}

function ipHash(ip: string): string {
  return hashToken(`ip:${ip}`);
}

/**
 * The link in the sign-in e-mail. `next`, where the client was going in the
 * account (already checked by portalReturnPath), rides in the link: the
 * sign-in page checks it again before going there.
 */
export function signInLinkFor(baseUrl: string, token: string, next?: string | null): string {
  const link = `${baseUrl.replace(/\/$/, "")}/portal/verify?token=${token}`;
  return next ? `${link}&next=${encodeURIComponent(next)}` : link;
}

export interface RequestSignInLinkOptions {
  organizationId: string;
  email: string;
  /** The requester's address; null when the server could not tell (then only the e-mail limit applies). */
  ip: string | null;
  now: number;
  baseUrl: string;
  clinic: { name: string; phone: string };
  /** The account page to land on after signing in (a path under /portal); /portal when not given. */
  next?: string | null;
}

export interface SignInLinkRequest {
  /** For logs and tests only: the person asking always gets the same answer. */
  outcome: LoginRequestOutcome;
  emailRef: string;
}

/** Audits what a client did to their own account, as that client. */
async function auditClientEvent(
  tx: Tx,
  organizationId: string,
  clientId: string,
  action: "client.sign-in" | "client.sign-out" | "client.language",
  details: Record<string, unknown>,
): Promise<void> {
  await recordAuditEvent(tx, {
    organizationId,
    actor: { type: "client", id: clientId },
    action,
    entityType: "client",
    entityId: clientId,
    details,
  });
}

/**
 * Records a request for a sign-in link and, when the address belongs to a
 * client of this organization and neither limit is reached, stores a new
 * link token and queues the e-mail in the same transaction. Throttled and
 * unknown addresses are answered exactly like known ones by the caller.
 */
export async function requestSignInLink(db: Db, o: RequestSignInLinkOptions): Promise<SignInLinkRequest> {
  const normalized = normalizeEmail(o.email);
  const eHash = emailHash(normalized);
  const iHash = o.ip ? ipHash(o.ip) : null;
  const now = new Date(o.now);
  const windowStart = new Date(o.now - LOGIN_LIMIT_WINDOW_MS);
  const outcome = await db.transaction(async (tx): Promise<LoginRequestOutcome> => {
    // Count and insert under a lock, so concurrent requests cannot all slip under the limit.
    // Always the e-mail lock before the IP lock: no two transactions wait on each other.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${THROTTLE_LOCK_SPACE}, hashtext(${eHash}))`);
    if (iHash) await tx.execute(sql`SELECT pg_advisory_xact_lock(${THROTTLE_LOCK_SPACE}, hashtext(${iHash}))`);
    await purgeOldRecords(tx, o.organizationId, o.now);

    const counted = (column: typeof clientLoginRequests.emailHash | typeof clientLoginRequests.ipHash, value: string) =>
      tx
        .select({ n: sql<number>`count(*)::int` })
        .from(clientLoginRequests)
        .where(
          and(
            eq(clientLoginRequests.organizationId, o.organizationId),
            eq(column, value),
            gt(clientLoginRequests.createdAt, windowStart),
            ne(clientLoginRequests.outcome, "throttled"),
          ),
        );
    const [byEmail] = await counted(clientLoginRequests.emailHash, eHash);
    const [byIp] = iHash ? await counted(clientLoginRequests.ipHash, iHash) : [{ n: 0 }];
    const record = (outcome: LoginRequestOutcome) =>
      tx.insert(clientLoginRequests).values({ organizationId: o.organizationId, emailHash: eHash, ipHash: iHash, outcome, createdAt: now });

    if ((byEmail?.n ?? 0) >= LOGIN_LIMIT_PER_EMAIL || (byIp?.n ?? 0) >= LOGIN_LIMIT_PER_IP) {
      await record("throttled");
      return "throttled";
    }
    const [client] = await tx
      .select({ id: clients.id, email: clients.email, locale: clients.preferredLocale })
      .from(clients)
      .where(and(eq(clients.organizationId, o.organizationId), eq(clients.emailNormalized, normalized)))
      .limit(1);
    if (!client) {
      await record("unknown");
      return "unknown";
    }
    const token = newToken();
    await tx.insert(clientLoginTokens).values({
      organizationId: o.organizationId,
      clientId: client.id,
      tokenHash: hashToken(token),
      createdAt: now,
      expiresAt: new Date(o.now + LOGIN_LINK_TTL_MS),
    });
    await enqueueMessage(tx, {
      organizationId: o.organizationId,
      appointmentId: null,
      kind: "portal-sign-in",
      // In the client's language, and the link opens the sign-in page in it too.
      message: composeSignInMessage({
        to: client.email,
        clinicName: o.clinic.name,
        clinicPhone: o.clinic.phone,
        link: linkIn(signInLinkFor(o.baseUrl, token, portalReturnPath(o.next)), clientLocaleOf(client.locale)),
        validMinutes: Math.round(LOGIN_LINK_TTL_MS / 60_000),
        locale: clientLocaleOf(client.locale),
      }),
    });
    await record("sent");
    return "sent";
  });
  return { outcome, emailRef: eHash.slice(0, 12) };
}

async function purgeOldRecords(tx: Tx, organizationId: string, now: number): Promise<void> {
  const before = new Date(now - PORTAL_RECORD_RETENTION_MS);
  await tx
    .delete(clientLoginRequests)
    .where(and(eq(clientLoginRequests.organizationId, organizationId), lt(clientLoginRequests.createdAt, before)));
  await tx
    .delete(clientLoginTokens)
    .where(and(eq(clientLoginTokens.organizationId, organizationId), lt(clientLoginTokens.expiresAt, before)));
}

export type LinkState = "valid" | "expired" | "used" | "unknown";

/** What a link would do, without spending it: mail scanners open links, so only a POST signs in. */
export async function checkSignInLink(db: Db | Tx, o: { organizationId: string; token: string; now: number }): Promise<LinkState> {
  if (!TOKEN_SHAPE.test(o.token)) return "unknown";
  const [row] = await db
    .select({ usedAt: clientLoginTokens.usedAt, expiresAt: clientLoginTokens.expiresAt })
    .from(clientLoginTokens)
    .where(and(eq(clientLoginTokens.organizationId, o.organizationId), eq(clientLoginTokens.tokenHash, hashToken(o.token))))
    .limit(1);
  if (!row) return "unknown";
  if (row.usedAt) return "used";
  if (row.expiresAt.getTime() <= o.now) return "expired";
  return "valid";
}

export type SignInResult =
  | { ok: true; sessionToken: string; sessionId: string; clientId: string; expiresAt: number }
  | { ok: false; reason: Exclude<LinkState, "valid"> };

/**
 * Spends a sign-in link and opens a session. The link is claimed by one
 * UPDATE … WHERE used_at IS NULL AND expires_at > now, so of two concurrent
 * attempts exactly one wins. Other unspent links of the client die with it.
 */
export async function signInWithLink(
  db: Db,
  o: { organizationId: string; token: string; now: number; replacesSessionToken?: string | null },
): Promise<SignInResult> {
  if (!TOKEN_SHAPE.test(o.token)) return { ok: false, reason: "unknown" };
  const now = new Date(o.now);
  return db.transaction(async (tx): Promise<SignInResult> => {
    const [claimed] = await tx
      .update(clientLoginTokens)
      .set({ usedAt: now })
      .where(
        and(
          eq(clientLoginTokens.organizationId, o.organizationId),
          eq(clientLoginTokens.tokenHash, hashToken(o.token)),
          isNull(clientLoginTokens.usedAt),
          gt(clientLoginTokens.expiresAt, now),
        ),
      )
      .returning({ clientId: clientLoginTokens.clientId });
    if (!claimed) {
      const state = await checkSignInLink(tx, o);
      return { ok: false, reason: state === "valid" ? "used" : state };
    }
    await tx
      .update(clientLoginTokens)
      .set({ usedAt: now })
      .where(and(eq(clientLoginTokens.clientId, claimed.clientId), isNull(clientLoginTokens.usedAt)));
    // A session cookie already in this browser (perhaps someone else's, on a shared device) ends here.
    if (o.replacesSessionToken) {
      await tx
        .delete(clientSessions)
        .where(and(eq(clientSessions.organizationId, o.organizationId), eq(clientSessions.tokenHash, hashToken(o.replacesSessionToken))));
    }
    await tx
      .delete(clientSessions)
      .where(
        and(
          eq(clientSessions.organizationId, o.organizationId),
          lt(clientSessions.expiresAt, new Date(o.now - PORTAL_RECORD_RETENTION_MS)),
        ),
      );
    const sessionToken = newToken();
    const expiresAt = o.now + SESSION_ABSOLUTE_MS;
    const [session] = await tx
      .insert(clientSessions)
      .values({
        organizationId: o.organizationId,
        clientId: claimed.clientId,
        tokenHash: hashToken(sessionToken),
        createdAt: now,
        lastSeenAt: now,
        expiresAt: new Date(expiresAt),
      })
      .returning({ id: clientSessions.id });
    await auditClientEvent(tx, o.organizationId, claimed.clientId, "client.sign-in", { sessionId: session!.id, method: "email-link" });
    return { ok: true, sessionToken, sessionId: session!.id, clientId: claimed.clientId, expiresAt };
  });
}

/**
 * The signed-in client for a session cookie, or null when the session is
 * unknown, of another organization, revoked, past its absolute or idle limit,
 * or its client is gone. A valid session's last_seen_at moves forward.
 */
export async function getClientSession(db: Db, o: { organizationId: string; token: string; now: number }): Promise<PortalSession | null> {
  return (await getClientSessionWithLocale(db, o))?.session ?? null;
}

/** getClientSession(), with the language the client reads their account and e-mails in (one query). */
export async function getClientSessionWithLocale(
  db: Db,
  o: { organizationId: string; token: string; now: number },
): Promise<{ session: PortalSession; locale: ClientLocale } | null> {
  if (!TOKEN_SHAPE.test(o.token)) return null;
  const [row] = await db
    .select({
      id: clientSessions.id,
      clientId: clientSessions.clientId,
      lastSeenAt: clientSessions.lastSeenAt,
      name: clients.name,
      email: clients.email,
      locale: clients.preferredLocale,
    })
    .from(clientSessions)
    .innerJoin(clients, and(eq(clients.id, clientSessions.clientId), eq(clients.organizationId, clientSessions.organizationId)))
    .where(
      and(
        eq(clientSessions.organizationId, o.organizationId),
        eq(clientSessions.tokenHash, hashToken(o.token)),
        isNull(clientSessions.revokedAt),
        gt(clientSessions.expiresAt, new Date(o.now)),
        gt(clientSessions.lastSeenAt, new Date(o.now - SESSION_IDLE_MS)),
      ),
    )
    .limit(1);
  if (!row) return null;
  if (o.now - row.lastSeenAt.getTime() >= SESSION_TOUCH_MS) {
    await db
      .update(clientSessions)
      .set({ lastSeenAt: new Date(o.now) })
      .where(eq(clientSessions.id, row.id));
  }
  return {
    session: { clientId: row.clientId, organizationId: o.organizationId, name: row.name, email: row.email, sessionId: row.id },
    locale: clientLocaleOf(row.locale),
  };
}

/** Sign-out: the session row is deleted, so the cookie is worthless even if it was copied. */
export async function endClientSession(db: Db, o: { organizationId: string; token: string }): Promise<boolean> {
  if (!TOKEN_SHAPE.test(o.token)) return false;
  return db.transaction(async (tx) => {
    const [gone] = await tx
      .delete(clientSessions)
      .where(and(eq(clientSessions.organizationId, o.organizationId), eq(clientSessions.tokenHash, hashToken(o.token))))
      .returning({ id: clientSessions.id, clientId: clientSessions.clientId });
    if (!gone) return false;
    await auditClientEvent(tx, o.organizationId, gone.clientId, "client.sign-out", { sessionId: gone.id });
    return true;
  });
}

/**
 * Ends every session of a client at once (a changed e-mail address, a lost
 * phone, a closed account). Answers how many were open.
 */
export async function revokeClientSessions(
  db: Db,
  o: { organizationId: string; clientId: string; now: number; actor: { type: "staff" | "client" | "system"; id: string | null } },
): Promise<number> {
  if (!isUuid(o.clientId)) return 0;
  return db.transaction(async (tx) => {
    const revoked = await tx
      .update(clientSessions)
      .set({ revokedAt: new Date(o.now) })
      .where(
        and(eq(clientSessions.organizationId, o.organizationId), eq(clientSessions.clientId, o.clientId), isNull(clientSessions.revokedAt)),
      )
      .returning({ id: clientSessions.id });
    await tx
      .update(clientLoginTokens)
      .set({ usedAt: new Date(o.now) })
      .where(
        and(
          eq(clientLoginTokens.organizationId, o.organizationId),
          eq(clientLoginTokens.clientId, o.clientId),
          isNull(clientLoginTokens.usedAt),
        ),
      );
    await recordAuditEvent(tx, {
      organizationId: o.organizationId,
      actor: { type: o.actor.type, id: o.actor.id },
      action: "client.sessions-revoke",
      entityType: "client",
      entityId: o.clientId,
      details: { sessions: revoked.length },
    });
    return revoked.length;
  });
}

export interface PortalAppointment {
  id: string;
  serviceName: string;
  /** The service's French name; empty when the clinic entered none. */
  serviceNameFr: string;
  practitionerName: string;
  startMs: number;
  endMs: number;
  status: "booked" | "cancelled" | "completed" | "no-show";
  lateCancellation: boolean;
  /** Booked and still ahead: the client may move or cancel it. */
  changeable: boolean;
  /**
   * Booked without signing in and not yet confirmed by the client: until it
   * is, its practitioner does not read the client's health record routinely.
   */
  awaitingConfirmation: boolean;
}

/** The client's own appointments: upcoming (booked, ahead, soonest first) and the rest (latest first). */
export async function listClientAppointments(
  db: Db,
  o: { organizationId: string; clientId: string; now: number },
): Promise<{ upcoming: PortalAppointment[]; past: PortalAppointment[] }> {
  const rows = await db
    .select({
      id: appointments.id,
      serviceName: services.name,
      serviceNameFr: services.nameFr,
      practitionerName: practitioners.name,
      startsAt: appointments.startsAt,
      endsAt: appointments.endsAt,
      status: appointments.status,
      lateCancellation: appointments.lateCancellation,
      clientConfirmedAt: appointments.clientConfirmedAt,
    })
    .from(appointments)
    .innerJoin(services, SERVICE_OF_APPOINTMENT)
    .innerJoin(practitioners, PRACTITIONER_OF_APPOINTMENT)
    .where(and(eq(appointments.organizationId, o.organizationId), eq(appointments.clientId, o.clientId), ne(appointments.status, "held")))
    .orderBy(asc(appointments.startsAt));
  const all: PortalAppointment[] = rows.map((r) => ({
    id: r.id,
    serviceName: r.serviceName,
    serviceNameFr: r.serviceNameFr,
    practitionerName: r.practitionerName,
    startMs: r.startsAt.getTime(),
    endMs: r.endsAt.getTime(),
    status: r.status as PortalAppointment["status"],
    lateCancellation: r.lateCancellation,
    changeable: r.status === "booked" && r.startsAt.getTime() > o.now,
    awaitingConfirmation: r.status === "booked" && r.startsAt.getTime() > o.now && r.clientConfirmedAt === null,
  }));
  return { upcoming: all.filter((a) => a.changeable), past: all.filter((a) => !a.changeable).reverse() };
}

/**
 * A fresh manage link for one of the signed-in client's upcoming
 * appointments. The old token is stored only hashed and cannot be shown
 * again, so a new one replaces it (the link in the confirmation e-mail stops
 * working); the change is audited.
 */
export async function issueManageToken(
  db: Db,
  o: { organizationId: string; clientId: string; appointmentId: string; now: number; sessionId: string },
): Promise<{ appointmentId: string; token: string }> {
  if (!isUuid(o.appointmentId)) throw new NotFoundError("The appointment");
  const token = newToken();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(appointments)
      .set({ manageTokenHash: hashToken(token) })
      .where(
        and(
          eq(appointments.id, o.appointmentId),
          eq(appointments.organizationId, o.organizationId),
          eq(appointments.clientId, o.clientId),
          eq(appointments.status, "booked"),
          gt(appointments.startsAt, new Date(o.now)),
        ),
      )
      .returning({ id: appointments.id });
    if (!row) throw new NotFoundError("The appointment");
    await recordAuditEvent(tx, {
      organizationId: o.organizationId,
      actor: { type: "client", id: o.clientId },
      action: "appointment.manage-link",
      entityType: "appointment",
      entityId: row.id,
      details: { via: "portal", sessionId: o.sessionId },
    });
    return { appointmentId: row.id, token };
  });
}

/** The language a client reads their account and e-mails in. English for an unknown client. */
export async function getClientLocale(db: Db | Tx, o: { organizationId: string; clientId: string }): Promise<ClientLocale> {
  if (!isUuid(o.clientId)) return "en";
  const [row] = await db
    .select({ locale: clients.preferredLocale })
    .from(clients)
    .where(and(eq(clients.organizationId, o.organizationId), eq(clients.id, o.clientId)))
    .limit(1);
  return clientLocaleOf(row?.locale);
}

export class ClientLocaleError extends Error {
  constructor() {
    super("Choose English or French.");
    this.name = "ClientLocaleError";
  }
}

/**
 * The signed-in client chooses the language of their account and e-mails
 * (the portal's language switch). A change is audited as the client's own
 * (`client.language`); choosing the language already set writes nothing.
 * Answers whether it changed.
 */
export async function setClientLocale(
  db: Db,
  o: { organizationId: string; clientId: string; locale: unknown; sessionId: string },
): Promise<boolean> {
  if (!isClientLocale(o.locale)) throw new ClientLocaleError();
  const locale = o.locale;
  if (!isUuid(o.clientId)) throw new NotFoundError("The client");
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select({ locale: clients.preferredLocale })
      .from(clients)
      .where(and(eq(clients.organizationId, o.organizationId), eq(clients.id, o.clientId)))
      .for("update");
    if (!current) throw new NotFoundError("The client");
    if (current.locale === locale) return false;
    await tx
      .update(clients)
      .set({ preferredLocale: locale })
      .where(and(eq(clients.organizationId, o.organizationId), eq(clients.id, o.clientId)));
    await auditClientEvent(tx, o.organizationId, o.clientId, "client.language", {
      from: current.locale,
      to: locale,
      via: "portal",
      sessionId: o.sessionId,
    });
    return true;
  });
}
