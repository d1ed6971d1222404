import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, authSessions, deskHandovers } from "../db/schema.ts";
import { testDatabaseKind } from "../db/testing.ts";
import { DomainError, FieldError, NotFoundError } from "../kernel/errors.ts";
import { NAME_MISMATCH_MESSAGE } from "../kernel/signature-name.ts";
import { addAppointment, addClient, addOrganization, addStaff, db, f, org, useHealthTestbed } from "../privacy/test-fixtures.ts";
import { consentStanding, currentConsentForm } from "./consent.ts";
import {
  DESK_HANDOVER_MS,
  DeskHandoverEndedError,
  DeskHandoverRefusedError,
  handOverForConsent,
  readDeskHandover,
  returnDeskHandover,
  signAtDesk,
  type DeskHandoverKey,
} from "./desk-handover.ts";
import { consentSignatures } from "./tables.ts";
import { signCurrentConsent } from "./test-fixtures.ts";

useHealthTestbed();

// 10:00 in Toronto; each appointment of the file starts at its own time that day.
const NOW = Date.parse("2027-03-16T14:00:00Z");
let slot = 0;
const today = () => new Date(NOW - 60 * 60_000 + slot++ * 20 * 60_000);

async function signedIn(role: "front-desk" | "practitioner" | "owner" | "manager", practitionerId: string | null = null) {
  const staff = await addStaff(db, { organizationId: org, role, practitionerId });
  const sessionId = randomUUID();
  await db.insert(authSessions).values({ id: sessionId, token: randomUUID(), userId: staff.userId, expiresAt: new Date(NOW + 86_400_000) });
  return { ...staff, sessionId };
}

const sessionExists = async (id: string) => (await db.select().from(authSessions).where(eq(authSessions.id, id))).length === 1;

async function treatmentToday(name = "Hélène Côté", o: { start?: Date; status?: "booked" | "cancelled" } = {}) {
  const client = await addClient(db, org, name);
  const appointment = await addAppointment(f, {
    clientId: client.id,
    practitionerId: f.practitioners[0]!.id,
    slug: "microneedling-face",
    start: o.start ?? today(),
    minutes: 10,
    status: o.status,
  });
  return { client, appointment };
}

async function sha() {
  return (await currentConsentForm(db, org, "procedure", "en"))!.contentSha256;
}

const sign = async (key: DeskHandoverKey, more: Partial<Parameters<typeof signAtDesk>[1]> = {}) =>
  signAtDesk(db, {
    organizationId: org,
    key,
    contentSha256: await sha(),
    locale: "fr",
    signedName: "Hélène Côté",
    agree: true,
    ip: "203.0.113.9",
    now: NOW + 60_000,
    ...more,
  });

const signaturesOf = (clientId: string) => db.select().from(consentSignatures).where(eq(consentSignatures.clientId, clientId));

describe(`handing the tablet to a client at the desk (${testDatabaseKind})`, () => {
  it("opens the client's signing for twenty minutes, ends the staff member's session and audits it without the client's name", async () => {
    const desk = await signedIn("front-desk");
    const { client, appointment } = await treatmentToday();
    const handed = await handOverForConsent(db, { staff: desk, appointmentId: appointment.id, now: NOW });
    expect(handed.appointmentId).toBe(appointment.id);
    expect(handed.expiresAt).toBe(NOW + DESK_HANDOVER_MS);
    expect(handed.key.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await sessionExists(desk.sessionId)).toBe(false);

    // Only the token's hash is stored.
    const [row] = await db.select().from(deskHandovers).where(eq(deskHandovers.id, handed.key.id));
    expect(row).toMatchObject({ organizationId: org, clientId: client.id, appointmentId: appointment.id, staffUserId: desk.userId });
    expect(row!.tokenSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(handed.key.token);

    expect(await readDeskHandover(db, { organizationId: org, key: handed.key, now: NOW + 60_000 })).toMatchObject({
      state: "open",
      clientId: client.id,
      clientName: "Hélène Côté",
      appointmentId: appointment.id,
      staffUserId: desk.userId,
    });
    const events = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "consent.desk-handover"), eq(auditEvents.entityId, client.id)));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorType: "staff", actorId: desk.userId, entityType: "client" });
    expect(events[0]!.details).toEqual({ kind: "procedure", appointmentId: appointment.id, sessionEnded: true });
    expect(JSON.stringify(events[0]!.details)).not.toContain("Hélène");
  });

  it("records the signature with channel desk and the staff member who handed over, then signs no more", async () => {
    const desk = await signedIn("front-desk");
    const { client, appointment } = await treatmentToday();
    const { key } = await handOverForConsent(db, { staff: desk, appointmentId: appointment.id, now: NOW });

    // Someone else's name is refused and the tablet stays open for another try.
    await expect(sign(key, { signedName: "Someone Else" })).rejects.toMatchObject({
      errors: { signedName: NAME_MISMATCH_MESSAGE },
    });
    await expect(sign(key, { agree: false })).rejects.toBeInstanceOf(FieldError);
    expect(await signaturesOf(client.id)).toHaveLength(0);
    expect((await readDeskHandover(db, { organizationId: org, key, now: NOW + 60_000 }))?.state).toBe("open");

    const signed = await sign(key, { signedName: "helene cote" });
    expect(signed).toMatchObject({ version: 1, appointmentId: appointment.id });
    const [signature] = await signaturesOf(client.id);
    expect(signature).toMatchObject({
      kind: "procedure",
      channel: "desk",
      deskUserId: desk.userId,
      locale: "fr",
      signedName: "helene cote",
      ip: "203.0.113.9",
      contentSha256: await sha(),
    });
    expect((await consentStanding(db, org, client.id)).procedure?.current).toBe(true);
    expect(await readDeskHandover(db, { organizationId: org, key, now: NOW + 120_000 })).toEqual({
      state: "signed",
      appointmentId: appointment.id,
    });
    const signedEvents = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "consent.sign"), eq(auditEvents.entityId, client.id)));
    expect(signedEvents.map((e) => e.details)).toEqual([{ kind: "procedure", version: 1, channel: "desk" }]);

    // Used once: the same key signs nothing more, and hands nothing back.
    await expect(sign(key)).rejects.toBeInstanceOf(DeskHandoverEndedError);
    expect(await returnDeskHandover(db, { organizationId: org, key, now: NOW + 180_000 })).toEqual({
      state: "signed",
      appointmentId: appointment.id,
    });
    expect(await signaturesOf(client.id)).toHaveLength(1);
  });

  it("lapses after twenty minutes: nothing can be signed with it", async () => {
    const desk = await signedIn("front-desk");
    const { client, appointment } = await treatmentToday();
    const { key } = await handOverForConsent(db, { staff: desk, appointmentId: appointment.id, now: NOW });
    const lapse = NOW + DESK_HANDOVER_MS;
    expect((await readDeskHandover(db, { organizationId: org, key, now: lapse - 1 }))?.state).toBe("open");
    expect(await readDeskHandover(db, { organizationId: org, key, now: lapse })).toEqual({
      state: "expired",
      appointmentId: appointment.id,
    });
    await expect(sign(key, { now: lapse })).rejects.toBeInstanceOf(DeskHandoverEndedError);
    expect(await signaturesOf(client.id)).toHaveLength(0);
  });

  it("handed back without a signature: ended for good, and audited", async () => {
    const desk = await signedIn("front-desk");
    const { client, appointment } = await treatmentToday();
    const { key } = await handOverForConsent(db, { staff: desk, appointmentId: appointment.id, now: NOW });
    expect(await returnDeskHandover(db, { organizationId: org, key, now: NOW + 60_000 })).toEqual({
      state: "returned",
      appointmentId: appointment.id,
    });
    await expect(sign(key)).rejects.toBeInstanceOf(DeskHandoverEndedError);
    expect(await signaturesOf(client.id)).toHaveLength(0);
    const returned = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "consent.desk-return"), eq(auditEvents.entityId, client.id)));
    expect(returned).toHaveLength(1);
  });

  it("opens nothing with a wrong token, an unknown id, or in another clinic", async () => {
    const desk = await signedIn("front-desk");
    const { client, appointment } = await treatmentToday();
    const { key } = await handOverForConsent(db, { staff: desk, appointmentId: appointment.id, now: NOW });
    const other = await addOrganization(db);
    const wrongToken = { id: key.id, token: "A".repeat(43) };
    for (const [organizationId, k] of [
      [org, wrongToken],
      [org, { id: randomUUID(), token: key.token }],
      [org, { id: "not-a-uuid", token: key.token }],
      [other.organizationId, key],
    ] as const) {
      expect(await readDeskHandover(db, { organizationId, key: k, now: NOW })).toBeNull();
      await expect(sign(k, { organizationId })).rejects.toBeInstanceOf(DeskHandoverEndedError);
      expect(await returnDeskHandover(db, { organizationId, key: k, now: NOW })).toBeNull();
    }
    expect(await signaturesOf(client.id)).toHaveLength(0);
    // The real key still works.
    expect((await readDeskHandover(db, { organizationId: org, key, now: NOW }))?.state).toBe("open");
  });

  it("is refused to staff of another clinic, to a practitioner of another's appointment, off the day, and once signed; the session stays", async () => {
    const { appointment } = await treatmentToday();
    const other = await addOrganization(db);
    const outsider = await addStaff(db, { organizationId: other.organizationId, role: "front-desk" });
    await expect(
      handOverForConsent(db, { staff: { ...outsider, sessionId: randomUUID() }, appointmentId: appointment.id, now: NOW }),
    ).rejects.toBeInstanceOf(NotFoundError);

    const stranger = await signedIn("practitioner", f.practitioners[1]!.id);
    await expect(handOverForConsent(db, { staff: stranger, appointmentId: appointment.id, now: NOW })).rejects.toMatchObject({
      code: "forbidden",
    });
    expect(await sessionExists(stranger.sessionId)).toBe(true);

    const desk = await signedIn("front-desk");
    await expect(handOverForConsent(db, { staff: desk, appointmentId: appointment.id, now: NOW + 86_400_000 })).rejects.toBeInstanceOf(
      DeskHandoverRefusedError,
    );

    const cancelled = await treatmentToday("Cancelled Client", { status: "cancelled" });
    await expect(handOverForConsent(db, { staff: desk, appointmentId: cancelled.appointment.id, now: NOW })).rejects.toBeInstanceOf(
      DeskHandoverRefusedError,
    );

    const signedAlready = await treatmentToday("Signed Already");
    await signCurrentConsent(db, { organizationId: org, clientId: signedAlready.client.id, name: "Signed Already", now: NOW - 86_400_000 });
    await expect(handOverForConsent(db, { staff: desk, appointmentId: signedAlready.appointment.id, now: NOW })).rejects.toBeInstanceOf(
      DeskHandoverRefusedError,
    );

    await expect(handOverForConsent(db, { staff: desk, appointmentId: "nope", now: NOW })).rejects.toBeInstanceOf(NotFoundError);
    expect(await sessionExists(desk.sessionId)).toBe(true);
    expect(await db.select().from(deskHandovers).where(eq(deskHandovers.appointmentId, appointment.id))).toHaveLength(0);
  });

  it("the appointment's own practitioner may hand over, like the desk", async () => {
    const own = await signedIn("practitioner", f.practitioners[0]!.id);
    const { appointment } = await treatmentToday();
    const handed = await handOverForConsent(db, { staff: own, appointmentId: appointment.id, now: NOW });
    expect(handed.appointmentId).toBe(appointment.id);
    expect(await sessionExists(own.sessionId)).toBe(false);
  });

  it("each refusal is a domain error the pages turn into an answer", () => {
    expect(new DeskHandoverRefusedError("x")).toBeInstanceOf(DomainError);
    expect(new DeskHandoverEndedError(null)).toBeInstanceOf(DomainError);
  });
});
