// The clinic's tablet at the desk (docs/consent.md, "Signing at the desk";
// decision 0030): a staff member hands the tablet to a client so they sign
// their consent to microneedling there. Handing over ends the staff member's
// session in the same transaction, so the page the client holds opens nothing
// of staff; the handover opens one thing — signing that client's procedure
// consent, once, for twenty minutes — and staff get the tablet back only by
// signing in again.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { and, eq, gt, isNull } from "drizzle-orm";
import type { Db, Tx } from "../db/open.ts";
import { appointments, authSessions, clients, deskHandovers, locations } from "../db/schema.ts";
import { recordAuditEvent, staffActor } from "../audit/audit-log.ts";
import { can, type Actor } from "../kernel/access.ts";
import { DomainError, NotFoundError } from "../kernel/errors.ts";
import { isUuid } from "../kernel/ids.ts";
import { localDateOf, todayIn } from "../scheduling/time.ts";
import { consentStanding, signConsent } from "./consent.ts";

/** How long the client has to sign before the handover lapses. */
export const DESK_HANDOVER_MS = 20 * 60_000;

/** What the tablet's browser holds: the handover's id and its random token (only the token's hash is stored). */
export interface DeskHandoverKey {
  id: string;
  token: string;
}

/** Why a handover is refused: not on the appointment's day, not a booked appointment with a client, or signed already. */
export class DeskHandoverRefusedError extends DomainError {
  constructor(message: string) {
    super("conflict", message);
    this.name = "DeskHandoverRefusedError";
  }
}

const sha256 = (token: string) => createHash("sha256").update(token).digest("hex");

/**
 * Hands the tablet to the appointment's client: on the appointment's day, by
 * the desk (schedule.edit) or the appointment's own practitioner, while the
 * client's procedure consent is not signed in its version in force. Ends the
 * staff member's session (`sessionId`) and audits the handover, all in one
 * transaction. Answers the key the tablet's browser keeps.
 */
export async function handOverForConsent(
  db: Db,
  o: {
    staff: Pick<Actor, "userId" | "role" | "organizationId" | "practitionerId"> & { sessionId: string };
    appointmentId: string;
    now: number;
  },
): Promise<{ key: DeskHandoverKey; expiresAt: number; appointmentId: string }> {
  if (!isUuid(o.appointmentId)) throw new NotFoundError("An appointment");
  const organizationId = o.staff.organizationId;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ a: appointments, timeZone: locations.timeZone })
      .from(appointments)
      .innerJoin(locations, eq(locations.id, appointments.locationId))
      .where(and(eq(appointments.id, o.appointmentId), eq(appointments.organizationId, organizationId)))
      .limit(1);
    if (!row || row.a.status === "held") throw new NotFoundError("An appointment");
    const desk = can(o.staff.role, "schedule.edit");
    const own = o.staff.practitionerId !== null && o.staff.practitionerId === row.a.practitionerId;
    if (!desk && !own) {
      throw new DomainError("forbidden", "Your role does not allow you to hand the tablet over for another practitioner's appointment.");
    }
    if (!row.a.clientId) throw new DeskHandoverRefusedError("This appointment has no client to sign.");
    if (row.a.status !== "booked") throw new DeskHandoverRefusedError("The tablet is handed over for a booked appointment only.");
    if (localDateOf(row.a.startsAt.getTime(), row.timeZone) !== todayIn(row.timeZone, o.now)) {
      throw new DeskHandoverRefusedError("The tablet is handed over on the day of the appointment.");
    }
    const standing = await consentStanding(tx, organizationId, row.a.clientId);
    if (standing.procedure?.current) {
      throw new DeskHandoverRefusedError("The client has already signed the consent to microneedling in its version in force.");
    }
    const token = randomBytes(32).toString("base64url");
    const expiresAt = o.now + DESK_HANDOVER_MS;
    const [created] = await tx
      .insert(deskHandovers)
      .values({
        organizationId,
        clientId: row.a.clientId,
        appointmentId: row.a.id,
        staffUserId: o.staff.userId,
        tokenSha256: sha256(token),
        createdAt: new Date(o.now),
        expiresAt: new Date(expiresAt),
      })
      .returning({ id: deskHandovers.id });
    // The tablet leaves the staff member's hands: their session on it ends now.
    await tx.delete(authSessions).where(and(eq(authSessions.id, o.staff.sessionId), eq(authSessions.userId, o.staff.userId)));
    await recordAuditEvent(tx, {
      organizationId,
      actor: staffActor(o.staff),
      action: "consent.desk-handover",
      entityType: "client",
      entityId: row.a.clientId,
      details: { kind: "procedure", appointmentId: row.a.id, sessionEnded: true },
    });
    return { key: { id: created!.id, token }, expiresAt, appointmentId: row.a.id };
  });
}

export type DeskHandoverView =
  /** The tablet is the client's to sign on. */
  | {
      state: "open";
      appointmentId: string;
      organizationId: string;
      clientId: string;
      clientName: string;
      clientLocale: "en" | "fr";
      staffUserId: string;
      expiresAt: number;
    }
  /** Signed, handed back, or lapsed: only the way back to staff sign-in remains. */
  | { state: "signed" | "returned" | "expired"; appointmentId: string };

/**
 * The handover a tablet's key names in this clinic, as it stands now; null
 * when the key names none (unknown, mistyped, another clinic's, a wrong token).
 */
export async function readDeskHandover(
  db: Db,
  o: { organizationId: string; key: DeskHandoverKey; now: number },
): Promise<DeskHandoverView | null> {
  if (!isUuid(o.key.id)) return null;
  const [row] = await db
    .select({ h: deskHandovers, name: clients.name, locale: clients.preferredLocale })
    .from(deskHandovers)
    .innerJoin(clients, and(eq(clients.id, deskHandovers.clientId), eq(clients.organizationId, deskHandovers.organizationId)))
    .where(and(eq(deskHandovers.id, o.key.id), eq(deskHandovers.organizationId, o.organizationId)))
    .limit(1);
  if (!row || !tokenMatches(row.h.tokenSha256, o.key.token)) return null;
  return viewOf(row.h, row.name, row.locale, o.now);
}

function tokenMatches(storedSha256: string, token: string): boolean {
  const a = Buffer.from(storedSha256, "hex");
  const b = Buffer.from(sha256(token), "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}

function viewOf(h: typeof deskHandovers.$inferSelect, name: string, locale: "en" | "fr", now: number): DeskHandoverView {
  if (h.outcome) return { state: h.outcome, appointmentId: h.appointmentId };
  if (h.expiresAt.getTime() <= now) return { state: "expired", appointmentId: h.appointmentId };
  return {
    state: "open",
    appointmentId: h.appointmentId,
    organizationId: h.organizationId,
    clientId: h.clientId,
    clientName: name,
    clientLocale: locale,
    staffUserId: h.staffUserId,
    expiresAt: h.expiresAt.getTime(),
  };
}

/** The handover is no longer open (signed, handed back or lapsed): nothing can be signed with it. */
export class DeskHandoverEndedError extends DomainError {
  readonly view: DeskHandoverView | null;
  constructor(view: DeskHandoverView | null) {
    super("conflict", "This signing has ended. Please hand the tablet back to the clinic's staff.");
    this.name = "DeskHandoverEndedError";
    this.view = view;
  }
}

/** Locks the handover the key names, open or not; null when the key names none. */
async function lockHandover(tx: Tx, o: { organizationId: string; key: DeskHandoverKey }) {
  if (!isUuid(o.key.id)) return null;
  const [row] = await tx
    .select()
    .from(deskHandovers)
    .where(and(eq(deskHandovers.id, o.key.id), eq(deskHandovers.organizationId, o.organizationId)))
    .for("update")
    .limit(1);
  return row && tokenMatches(row.tokenSha256, o.key.token) ? row : null;
}

/**
 * The client signs their procedure consent on the tablet: with the handover
 * open, as signConsent takes it (their own name, the version they read),
 * recorded with channel "desk" and the staff member who handed the tablet
 * over. The handover then ends: it signs once. A refused signature (the name,
 * the box, a changed form) leaves the handover open for another try.
 */
export async function signAtDesk(
  db: Db,
  o: {
    organizationId: string;
    key: DeskHandoverKey;
    contentSha256: string;
    locale: "en" | "fr";
    signedName: string;
    agree: boolean;
    ip: string | null;
    now: number;
  },
): Promise<{ id: string; version: number; appointmentId: string }> {
  return db.transaction(async (tx) => {
    const h = await lockHandover(tx, o);
    if (!h || h.outcome || h.expiresAt.getTime() <= o.now) {
      throw new DeskHandoverEndedError(h ? viewOf(h, "", "en", o.now) : null);
    }
    const signed = await signConsent(tx, {
      client: { organizationId: h.organizationId, clientId: h.clientId },
      kind: "procedure",
      contentSha256: o.contentSha256,
      locale: o.locale,
      signedName: o.signedName,
      agree: o.agree,
      ip: o.ip,
      channel: "desk",
      deskUserId: h.staffUserId,
      now: o.now,
    });
    await tx
      .update(deskHandovers)
      .set({ endedAt: new Date(o.now), outcome: "signed" })
      .where(and(eq(deskHandovers.organizationId, h.organizationId), eq(deskHandovers.id, h.id), isNull(deskHandovers.endedAt)));
    return { ...signed, appointmentId: h.appointmentId };
  });
}

/**
 * The tablet goes back to staff without a signature ("Cancel — return the
 * tablet"): the handover ends and cannot be used again. Answers the
 * appointment, for the way back to staff sign-in; null when the key names no
 * handover. Ending one that already ended changes nothing.
 */
export async function returnDeskHandover(
  db: Db,
  o: { organizationId: string; key: DeskHandoverKey; now: number },
): Promise<DeskHandoverView | null> {
  return db.transaction(async (tx) => {
    const h = await lockHandover(tx, o);
    if (!h) return null;
    if (h.outcome || h.expiresAt.getTime() <= o.now) return viewOf(h, "", "en", o.now);
    await tx
      .update(deskHandovers)
      .set({ endedAt: new Date(o.now), outcome: "returned" })
      .where(
        and(
          eq(deskHandovers.organizationId, h.organizationId),
          eq(deskHandovers.id, h.id),
          isNull(deskHandovers.endedAt),
          gt(deskHandovers.expiresAt, new Date(o.now)),
        ),
      );
    await recordAuditEvent(tx, {
      organizationId: h.organizationId,
      actor: { type: "public", id: null },
      action: "consent.desk-return",
      entityType: "client",
      entityId: h.clientId,
      details: { kind: "procedure", appointmentId: h.appointmentId },
    });
    return { state: "returned", appointmentId: h.appointmentId };
  });
}
