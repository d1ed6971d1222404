import { and, desc, eq, sql } from "drizzle-orm";
import { getTableConfig, PgTable } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import { rowsOf } from "../db/open.ts";
import { appointments, auditEvents, clients, organizations, outboxMessages } from "../db/schema.ts";
import { testDatabaseKind } from "../db/testing.ts";
import { bookAppointment } from "../scheduling/book-appointment.ts";
import { cancelBooking, getBooking } from "../scheduling/manage-booking.ts";
import { useClinicFixture, weekdayHours, type ClinicFixture } from "../scheduling/test-fixtures.ts";
import { parseOffsetIso } from "../scheduling/time.ts";
import {
  checkSignInLink,
  emailRef,
  endClientSession,
  getClientSession,
  issueManageToken,
  listClientAppointments,
  LOGIN_LIMIT_PER_EMAIL,
  LOGIN_LIMIT_PER_IP,
  LOGIN_LIMIT_WINDOW_MS,
  LOGIN_LINK_TTL_MS,
  revokeClientSessions,
  SESSION_ABSOLUTE_MS,
  SESSION_IDLE_MS,
  signInWithLink,
  type RequestSignInLinkOptions,
} from "./portal.ts";
import { askSignInLink } from "./test-fixtures.ts";
import { clearedSessionCookie, clientIp, isSecureRequest, readSessionCookie, sessionCookie } from "./portal-http.ts";
import * as tables from "./tables.ts";
import { clientLoginRequests, clientLoginTokens, clientSessions } from "./tables.ts";
import { NotFoundError } from "../kernel/errors.ts";
import { hashToken, newToken } from "../kernel/tokens.ts";

const NOW = Date.parse("2027-03-10T12:00:00Z");
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const BASE = "http://localhost:3000";
let f: ClinicFixture;
let org: string;
let otherOrg: string;
let counter = 0;

useClinicFixture(async (made) => {
  f = made;
  org = f.clinic.organizationId;
  const [other] = await f.database.db.insert(organizations).values({ slug: "other-spa", name: "Other Spa" }).returning();
  otherOrg = other!.id;
});

const db = () => f.database.db;

/** A free weekday time of the first practitioner (Mon–Fri 9–17), from 29 March 2027 on, one per call. */
const nextSlot = weekdayHours(Date.UTC(2027, 2, 29));

/** A client of the demo clinic with one upcoming booking; e-mail unique per call. */
async function bookedClient(start = nextSlot(), practitioner = 0) {
  counter++;
  const email = `portal${counter}@example.test`;
  const { booking } = await bookAppointment(db(), {
    clinic: f.clinic,
    keyRing: f.keyRing,
    service: f.services["consultation"]!,
    start: parseOffsetIso(start)!,
    practitionerId: f.practitioners[practitioner]!.id,
    client: { name: `Portal Client ${counter}`, email, phone: "519-555-0100" },
    source: "api",
    now: NOW,
    baseUrl: BASE,
    actor: { type: "public", id: null },
  });
  const [client] = await db()
    .select()
    .from(clients)
    .where(and(eq(clients.organizationId, org), eq(clients.emailNormalized, email)));
  const manageToken = new URL(booking.manageUrl).searchParams.get("token")!;
  return { email, clientId: client!.id, appointmentId: booking.id, manageToken, name: client!.name };
}

function ask(email: string, overrides: Partial<RequestSignInLinkOptions> = {}) {
  return askSignInLink(f, email, { now: NOW, baseUrl: BASE, ...overrides });
}

async function sentLinks(to: string) {
  return db()
    .select()
    .from(outboxMessages)
    .where(and(eq(outboxMessages.kind, "portal-sign-in"), eq(outboxMessages.toAddress, to)))
    .orderBy(desc(outboxMessages.createdAt));
}

/** The token in the newest sign-in e-mail to this address. */
async function latestToken(to: string): Promise<string> {
  const [message] = await sentLinks(to);
  const match = /\/portal\/verify\?token=([A-Za-z0-9_-]+)/.exec(message!.bodyText);
  return match![1]!;
}

async function signedIn(email: string, now = NOW) {
  await ask(email, { now });
  const result = await signInWithLink(db(), { organizationId: org, token: await latestToken(email), now });
  if (!result.ok) throw new Error(`sign-in failed: ${result.reason}`);
  return result;
}

describe(`client portal tables on ${testDatabaseKind}`, () => {
  it("names only columns the migration creates, with matching nullability", async () => {
    const columns = rowsOf<{ table_name: string; column_name: string; is_nullable: string }>(
      await db().execute(sql`SELECT table_name, column_name, is_nullable FROM information_schema.columns WHERE table_schema = 'public'`),
    );
    const actual = new Map(columns.map((c) => [`${c.table_name}.${c.column_name}`, c.is_nullable === "YES"]));
    const defined = (Object.values(tables) as unknown[]).filter((v): v is PgTable => v instanceof PgTable);
    expect(defined).toHaveLength(3);
    for (const table of defined) {
      const config = getTableConfig(table);
      for (const column of config.columns) {
        const key = `${config.name}.${column.name}`;
        expect(actual.has(key), `${key} exists`).toBe(true);
        expect(actual.get(key), `${key} nullable`).toBe(!column.notNull && !column.primary);
      }
    }
  });
});

describe(`sign-in links on ${testDatabaseKind}`, () => {
  it("e-mails a link to a client, keeping only the token's hash, and says nothing about bookings or health", async () => {
    const c = await bookedClient();
    const result = await ask(`  ${c.email.toUpperCase()} `);
    expect(result.outcome).toBe("sent");
    expect(result.emailRef).toBe(emailRef(c.email));
    expect(result.emailRef).not.toContain(c.email);
    const [message] = await sentLinks(c.email);
    expect(message!.subject).toBe(`Your sign-in link — ${f.clinic.name}`);
    expect(message!.appointmentId).toBeNull();
    expect(message!.ics).toBeNull();
    for (const body of [message!.bodyText, message!.bodyHtml]) {
      expect(body).toContain(`${BASE}/portal/verify?token=`);
      expect(body).not.toContain(c.name);
      expect(body).not.toMatch(/consultation|appointment|microneedling|treatment|health/i);
    }
    const token = await latestToken(c.email);
    const stored = await db().select().from(clientLoginTokens).where(eq(clientLoginTokens.clientId, c.clientId));
    expect(stored).toHaveLength(1);
    expect(stored[0]!.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(stored[0]!.expiresAt.getTime() - stored[0]!.createdAt.getTime()).toBe(LOGIN_LINK_TTL_MS);
    // The request log keeps no address in clear.
    const requests = await db().select().from(clientLoginRequests).where(eq(clientLoginRequests.organizationId, org));
    expect(JSON.stringify(requests)).not.toContain(c.email);
  });

  it("carries the account page the client was going to in the link, and nothing off the account", async () => {
    const c = await bookedClient();
    await ask(c.email, { next: "/portal/intake" });
    const [toIntake] = await sentLinks(c.email);
    expect(toIntake!.bodyText).toMatch(/\/portal\/verify\?token=[A-Za-z0-9_-]{43}&next=%2Fportal%2Fintake\b/);
    for (const hostile of ["//evil.example", "/\\evil.example", "https://evil.example/portal", "/portal/../staff"]) await ask(c.email, { next: hostile });
    const sent = await sentLinks(c.email);
    expect(sent).toHaveLength(5);
    expect(sent.filter((m) => m.bodyText.includes("next="))).toHaveLength(1);
  });

  it("sends nothing for an address that is not a client's, and records the request the same way", async () => {
    const result = await ask("nobody-here@example.test");
    expect(result.outcome).toBe("unknown");
    expect(await sentLinks("nobody-here@example.test")).toHaveLength(0);
  });

  it("works for 15 minutes and no longer", async () => {
    const c = await bookedClient();
    await ask(c.email);
    const token = await latestToken(c.email);
    expect(await checkSignInLink(db(), { organizationId: org, token, now: NOW + LOGIN_LINK_TTL_MS - 1 })).toBe("valid");
    expect(await checkSignInLink(db(), { organizationId: org, token, now: NOW + LOGIN_LINK_TTL_MS })).toBe("expired");
    expect(await signInWithLink(db(), { organizationId: org, token, now: NOW + LOGIN_LINK_TTL_MS })).toEqual({
      ok: false,
      reason: "expired",
    });
    expect((await signInWithLink(db(), { organizationId: org, token, now: NOW + LOGIN_LINK_TTL_MS - 1 })).ok).toBe(true);
  });

  it("works once: looking does not spend it, signing in does, and of concurrent attempts exactly one wins", async () => {
    const c = await bookedClient();
    await ask(c.email);
    const token = await latestToken(c.email);
    for (let i = 0; i < 3; i++) expect(await checkSignInLink(db(), { organizationId: org, token, now: NOW })).toBe("valid");
    const attempts = await Promise.all(Array.from({ length: 8 }, () => signInWithLink(db(), { organizationId: org, token, now: NOW })));
    expect(attempts.filter((a) => a.ok)).toHaveLength(1);
    for (const a of attempts.filter((x) => !x.ok)) expect(a).toEqual({ ok: false, reason: "used" });
    expect(await checkSignInLink(db(), { organizationId: org, token, now: NOW })).toBe("used");
    expect(await signInWithLink(db(), { organizationId: org, token, now: NOW + MINUTE })).toEqual({ ok: false, reason: "used" });
    const sessions = await db().select().from(clientSessions).where(eq(clientSessions.clientId, c.clientId));
    expect(sessions).toHaveLength(1);
    const [audit] = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "client.sign-in"), eq(auditEvents.entityId, c.clientId)));
    expect(audit).toMatchObject({ actorType: "client", actorId: c.clientId, organizationId: org });
  });

  it("spends the client's other unused links when one is used", async () => {
    const c = await bookedClient();
    await ask(c.email);
    const first = await latestToken(c.email);
    await ask(c.email, { now: NOW + 1000 });
    const second = await latestToken(c.email);
    expect(second).not.toBe(first);
    expect((await signInWithLink(db(), { organizationId: org, token: second, now: NOW + 2000 })).ok).toBe(true);
    expect(await signInWithLink(db(), { organizationId: org, token: first, now: NOW + 3000 })).toEqual({ ok: false, reason: "used" });
  });

  it("refuses unknown and malformed tokens, and a token of another clinic", async () => {
    expect(await signInWithLink(db(), { organizationId: org, token: newToken(), now: NOW })).toEqual({ ok: false, reason: "unknown" });
    for (const junk of ["", "short", "x".repeat(500), "'; DROP TABLE clients; --"]) {
      expect(await checkSignInLink(db(), { organizationId: org, token: junk, now: NOW })).toBe("unknown");
      expect(await signInWithLink(db(), { organizationId: org, token: junk, now: NOW })).toEqual({ ok: false, reason: "unknown" });
    }
    const c = await bookedClient();
    await ask(c.email);
    const token = await latestToken(c.email);
    expect(await checkSignInLink(db(), { organizationId: otherOrg, token, now: NOW })).toBe("unknown");
    expect(await signInWithLink(db(), { organizationId: otherOrg, token, now: NOW })).toEqual({ ok: false, reason: "unknown" });
    expect(await checkSignInLink(db(), { organizationId: org, token, now: NOW })).toBe("valid");
  });

  it("answers only for this clinic's clients: the same address at another clinic is that clinic's client", async () => {
    const c = await bookedClient();
    const [theirs] = await db()
      .insert(clients)
      .values({ organizationId: otherOrg, name: "Elsewhere", email: c.email, emailNormalized: c.email })
      .returning();
    await ask(c.email, { organizationId: otherOrg });
    const token = await latestToken(c.email);
    const [issued] = await db()
      .select()
      .from(clientLoginTokens)
      .where(eq(clientLoginTokens.tokenHash, hashToken(token)));
    expect(issued).toMatchObject({ organizationId: otherOrg, clientId: theirs!.id });
    expect(await signInWithLink(db(), { organizationId: org, token, now: NOW })).toEqual({ ok: false, reason: "unknown" });
  });
});

describe(`throttling on ${testDatabaseKind}`, () => {
  it(`sends at most ${LOGIN_LIMIT_PER_EMAIL} links per address per hour, then answers alike but sends nothing`, async () => {
    const c = await bookedClient();
    const t0 = NOW + 2 * DAY;
    for (let i = 0; i < LOGIN_LIMIT_PER_EMAIL; i++) {
      expect((await ask(c.email, { now: t0 + i * MINUTE, ip: `10.0.0.${i}` })).outcome).toBe("sent");
    }
    expect((await ask(c.email, { now: t0 + 10 * MINUTE, ip: "10.0.1.1" })).outcome).toBe("throttled");
    expect((await ask(c.email.toUpperCase(), { now: t0 + 20 * MINUTE })).outcome).toBe("throttled");
    expect(await sentLinks(c.email)).toHaveLength(LOGIN_LIMIT_PER_EMAIL);
    // An hour after the first link, one more may go.
    expect((await ask(c.email, { now: t0 + LOGIN_LIMIT_WINDOW_MS + 1 })).outcome).toBe("sent");
    expect((await ask(c.email, { now: t0 + LOGIN_LIMIT_WINDOW_MS + 2 })).outcome).toBe("throttled");
    expect(await sentLinks(c.email)).toHaveLength(LOGIN_LIMIT_PER_EMAIL + 1);
  });

  it(`counts every request from one IP address, known or not, up to ${LOGIN_LIMIT_PER_IP} an hour`, async () => {
    const c = await bookedClient();
    const t0 = NOW + 3 * DAY;
    const ip = "203.0.113.9";
    for (let i = 0; i < LOGIN_LIMIT_PER_IP; i++) {
      expect((await ask(`probe${i}@example.test`, { now: t0 + i, ip })).outcome).toBe("unknown");
    }
    expect((await ask(c.email, { now: t0 + 10, ip })).outcome).toBe("throttled");
    expect(await sentLinks(c.email)).toHaveLength(0);
    // Another address is not held back by this one.
    expect((await ask(c.email, { now: t0 + 20, ip: "203.0.113.10" })).outcome).toBe("sent");
    const rows = await db().select().from(clientLoginRequests).where(eq(clientLoginRequests.organizationId, org));
    expect(JSON.stringify(rows)).not.toContain(ip);
  });

  it("holds the limit under concurrent requests", async () => {
    const c = await bookedClient();
    const t0 = NOW + 4 * DAY;
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => ask(c.email, { now: t0 + i })));
    expect(results.filter((r) => r.outcome === "sent")).toHaveLength(LOGIN_LIMIT_PER_EMAIL);
    expect(await sentLinks(c.email)).toHaveLength(LOGIN_LIMIT_PER_EMAIL);
  });
});

describe(`client sessions on ${testDatabaseKind}`, () => {
  it("stores only the session id's hash and resolves the signed-in client", async () => {
    const c = await bookedClient();
    const s = await signedIn(c.email);
    const [row] = await db().select().from(clientSessions).where(eq(clientSessions.id, s.sessionId));
    expect(row!.tokenHash).toBe(hashToken(s.sessionToken));
    expect(row!.expiresAt.getTime()).toBe(NOW + SESSION_ABSOLUTE_MS);
    expect(await getClientSession(db(), { organizationId: org, token: s.sessionToken, now: NOW + MINUTE })).toEqual({
      clientId: c.clientId,
      organizationId: org,
      name: c.name,
      email: c.email,
      sessionId: s.sessionId,
    });
    expect(await getClientSession(db(), { organizationId: otherOrg, token: s.sessionToken, now: NOW + MINUTE })).toBeNull();
    expect(await getClientSession(db(), { organizationId: org, token: newToken(), now: NOW })).toBeNull();
    expect(await getClientSession(db(), { organizationId: org, token: "junk", now: NOW })).toBeNull();
  });

  it(`ends after ${SESSION_IDLE_MS / DAY} idle days, and activity keeps it going`, async () => {
    const c = await bookedClient();
    const s = await signedIn(c.email);
    const token = s.sessionToken;
    // Each visit moves last-seen forward.
    expect(await getClientSession(db(), { organizationId: org, token, now: NOW + SESSION_IDLE_MS - MINUTE })).not.toBeNull();
    expect(await getClientSession(db(), { organizationId: org, token, now: NOW + 2 * SESSION_IDLE_MS - 2 * MINUTE })).not.toBeNull();
    // Then a week of silence.
    expect(await getClientSession(db(), { organizationId: org, token, now: NOW + 3 * SESSION_IDLE_MS - 2 * MINUTE })).toBeNull();
  });

  it(`ends ${SESSION_ABSOLUTE_MS / DAY} days after sign-in however active`, async () => {
    const c = await bookedClient();
    const s = await signedIn(c.email);
    for (let day = 5; day < 30; day += 5) {
      expect(await getClientSession(db(), { organizationId: org, token: s.sessionToken, now: NOW + day * DAY })).not.toBeNull();
    }
    expect(await getClientSession(db(), { organizationId: org, token: s.sessionToken, now: NOW + SESSION_ABSOLUTE_MS - 1 })).not.toBeNull();
    expect(await getClientSession(db(), { organizationId: org, token: s.sessionToken, now: NOW + SESSION_ABSOLUTE_MS })).toBeNull();
  });

  it("ends on sign-out (the row is deleted) and on revocation of all of a client's sessions", async () => {
    const c = await bookedClient();
    const a = await signedIn(c.email);
    const b = await signedIn(c.email, NOW + MINUTE);
    expect(await endClientSession(db(), { organizationId: org, token: a.sessionToken })).toBe(true);
    expect(await getClientSession(db(), { organizationId: org, token: a.sessionToken, now: NOW + 2 * MINUTE })).toBeNull();
    expect(await db().select().from(clientSessions).where(eq(clientSessions.id, a.sessionId))).toHaveLength(0);
    expect(await endClientSession(db(), { organizationId: org, token: a.sessionToken })).toBe(false);
    expect(await getClientSession(db(), { organizationId: org, token: b.sessionToken, now: NOW + 2 * MINUTE })).not.toBeNull();

    await ask(c.email, { now: NOW + 3 * MINUTE });
    const pending = await latestToken(c.email);
    const revoked = await revokeClientSessions(db(), {
      organizationId: org,
      clientId: c.clientId,
      now: NOW + 4 * MINUTE,
      actor: { type: "staff", id: "someone" },
    });
    expect(revoked).toBe(1);
    expect(await getClientSession(db(), { organizationId: org, token: b.sessionToken, now: NOW + 5 * MINUTE })).toBeNull();
    // A link sent before the revocation no longer signs in either.
    expect(await signInWithLink(db(), { organizationId: org, token: pending, now: NOW + 5 * MINUTE })).toEqual({
      ok: false,
      reason: "used",
    });
  });

  it("replaces a session already in the browser when someone signs in there", async () => {
    const c = await bookedClient();
    const d = await bookedClient();
    const first = await signedIn(c.email);
    await ask(d.email);
    const second = await signInWithLink(db(), {
      organizationId: org,
      token: await latestToken(d.email),
      now: NOW + MINUTE,
      replacesSessionToken: first.sessionToken,
    });
    expect(second.ok).toBe(true);
    expect(await getClientSession(db(), { organizationId: org, token: first.sessionToken, now: NOW + 2 * MINUTE })).toBeNull();
  });

  it("ends when the client no longer exists", async () => {
    counter++;
    const email = `gone${counter}@example.test`;
    const [client] = await db()
      .insert(clients)
      .values({ organizationId: org, name: "Gone Soon", email, emailNormalized: email })
      .returning();
    const s = await signedIn(email);
    await db().delete(clients).where(eq(clients.id, client!.id));
    expect(await getClientSession(db(), { organizationId: org, token: s.sessionToken, now: NOW + MINUTE })).toBeNull();
  });
});

describe(`a client's appointments on ${testDatabaseKind}`, () => {
  it("lists only the signed-in client's own appointments, upcoming apart from the rest", async () => {
    const a = await bookedClient("2027-03-18T11:00:00-04:00", 0);
    const b = await bookedClient("2027-03-18T11:00:00-04:00", 1);
    const later = await bookAppointment(db(), {
      clinic: f.clinic,
      keyRing: f.keyRing,
      service: f.services["consultation"]!,
      start: parseOffsetIso("2027-03-18T14:00:00-04:00")!,
      client: { name: a.name, email: a.email },
      source: "api",
      now: NOW,
      baseUrl: BASE,
      actor: { type: "public", id: null },
    });
    // Cancelled with less than a day's notice: a late cancellation.
    await cancelBooking(db(), {
      clinic: f.clinic,
      id: later.booking.id,
      access: { staff: { role: "front-desk" } },
      now: Date.parse("2027-03-18T09:00:00-04:00"),
      actor: { type: "client", id: null },
    });
    const mine = await listClientAppointments(db(), { organizationId: org, clientId: a.clientId, now: NOW });
    expect(mine.upcoming.map((x) => x.id)).toEqual([a.appointmentId]);
    expect(mine.upcoming[0]).toMatchObject({
      serviceName: f.services["consultation"]!.name,
      practitionerName: f.practitioners[0]!.name,
      status: "booked",
      changeable: true,
    });
    expect(mine.past.map((x) => x.id)).toEqual([later.booking.id]);
    expect(mine.past[0]).toMatchObject({ status: "cancelled", lateCancellation: true, changeable: false });

    const theirs = await listClientAppointments(db(), { organizationId: org, clientId: b.clientId, now: NOW });
    expect(theirs.upcoming.map((x) => x.id)).toEqual([b.appointmentId]);
    expect(theirs.past).toEqual([]);
    // Another clinic's portal sees nothing of either.
    expect(await listClientAppointments(db(), { organizationId: otherOrg, clientId: a.clientId, now: NOW })).toEqual({
      upcoming: [],
      past: [],
    });
    // Once the time has passed, the booking is no longer upcoming.
    const afterwards = await listClientAppointments(db(), {
      organizationId: org,
      clientId: a.clientId,
      now: Date.parse("2027-03-19T12:00:00Z"),
    });
    expect(afterwards.upcoming).toEqual([]);
    expect(afterwards.past.map((x) => x.id)).toEqual([later.booking.id, a.appointmentId]);
  });

  it("issues a fresh manage link for the client's own upcoming appointment, audited, and never for another's", async () => {
    const a = await bookedClient("2027-03-19T10:00:00-04:00", 0);
    const b = await bookedClient("2027-03-19T10:00:00-04:00", 1);
    const session = await signedIn(a.email);
    const [before] = await db().select().from(appointments).where(eq(appointments.id, b.appointmentId));

    await expect(
      issueManageToken(db(), {
        organizationId: org,
        clientId: a.clientId,
        appointmentId: b.appointmentId,
        now: NOW,
        sessionId: session.sessionId,
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
    const [after] = await db().select().from(appointments).where(eq(appointments.id, b.appointmentId));
    expect(after!.manageTokenHash).toBe(before!.manageTokenHash);
    // B's own e-mailed link still works; nothing of B's changed.
    expect((await getBooking(db(), f.clinic, b.appointmentId, { token: b.manageToken }, NOW)).id).toBe(b.appointmentId);
    for (const junk of ["", "not-a-uuid", "00000000-0000-0000-0000-000000000000"]) {
      await expect(
        issueManageToken(db(), { organizationId: org, clientId: a.clientId, appointmentId: junk, now: NOW, sessionId: session.sessionId }),
      ).rejects.toBeInstanceOf(NotFoundError);
    }
    await expect(
      issueManageToken(db(), {
        organizationId: otherOrg,
        clientId: a.clientId,
        appointmentId: a.appointmentId,
        now: NOW,
        sessionId: session.sessionId,
      }),
    ).rejects.toBeInstanceOf(NotFoundError);

    const issued = await issueManageToken(db(), {
      organizationId: org,
      clientId: a.clientId,
      appointmentId: a.appointmentId,
      now: NOW,
      sessionId: session.sessionId,
    });
    expect(issued.appointmentId).toBe(a.appointmentId);
    expect((await getBooking(db(), f.clinic, a.appointmentId, { token: issued.token }, NOW)).id).toBe(a.appointmentId);
    // The old link was replaced: its token is not stored anywhere to check against.
    await expect(getBooking(db(), f.clinic, a.appointmentId, { token: a.manageToken }, NOW)).rejects.toBeInstanceOf(NotFoundError);
    const audits = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "appointment.manage-link"), eq(auditEvents.entityId, a.appointmentId)));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorType: "client", actorId: a.clientId, details: { via: "portal", sessionId: session.sessionId } });
    expect(JSON.stringify(audits)).not.toContain(issued.token);
  });

  it("issues no manage link for a cancelled or past appointment", async () => {
    const a = await bookedClient("2027-03-22T10:00:00-04:00", 0);
    const later = Date.parse("2027-03-23T12:00:00Z");
    await expect(
      issueManageToken(db(), { organizationId: org, clientId: a.clientId, appointmentId: a.appointmentId, now: later, sessionId: "s" }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await cancelBooking(db(), {
      clinic: f.clinic,
      id: a.appointmentId,
      access: { token: a.manageToken },
      now: NOW,
      actor: { type: "client", id: null },
    });
    await expect(
      issueManageToken(db(), { organizationId: org, clientId: a.clientId, appointmentId: a.appointmentId, now: NOW, sessionId: "s" }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("the session cookie", () => {
  it("is HttpOnly, SameSite=Lax, Path=/, and Secure over https", () => {
    expect(sessionCookie("abc", false)).toBe(`dp_client=abc; Max-Age=${SESSION_ABSOLUTE_MS / 1000}; Path=/; HttpOnly; SameSite=Lax`);
    expect(sessionCookie("abc", true)).toMatch(/; Secure$/);
    expect(clearedSessionCookie(false)).toMatch(/^dp_client=; Max-Age=0;/);
    expect(isSecureRequest("http://127.0.0.1:3000/portal/verify", "https://spa.example")).toBe(true);
    expect(isSecureRequest("https://spa.example/portal/verify", "http://localhost:3000")).toBe(true);
    expect(isSecureRequest("http://127.0.0.1:3000/portal/verify", "http://localhost:3000")).toBe(false);
  });

  it("is read from among other cookies", () => {
    expect(readSessionCookie(new Headers({ Cookie: "a=1; dp_client=tok-en_1; b=2" }))).toBe("tok-en_1");
    expect(readSessionCookie(new Headers({ Cookie: "xdp_client=nope" }))).toBeNull();
    expect(readSessionCookie(new Headers({ Cookie: "dp_client=" }))).toBeNull();
    expect(readSessionCookie(new Headers())).toBeNull();
    expect(clientIp(new Headers({ "X-Dermaplan-Client-Ip": " 192.0.2.1 " }))).toBe("192.0.2.1");
    expect(clientIp(new Headers({ "X-Dermaplan-Client-Ip": "::ffff:192.0.2.1" }))).toBe("192.0.2.1");
    expect(clientIp(new Headers({ "X-Dermaplan-Client-Ip": "not an address" }))).toBeNull();
    expect(clientIp(new Headers({ "X-Forwarded-For": "192.0.2.1" }))).toBeNull();
    expect(clientIp(new Headers())).toBeNull();
  });
});
