// The client's sessions in their portal: a completed treatment shows its
// areas and what to expect once its chart is signed, and nothing of the
// chart before; staff-only parts of a chart (depths, reasons, lots, the
// reactions' text, the note for next time) never come out; another client's
// sessions never appear; the next booked treatment is reported; each read is
// audited as the client's own view.
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents } from "../../db/schema.ts";
import type { ClientActor } from "../../privacy/access.ts";
import { addAppointment } from "../../privacy/test-fixtures.ts";
import { takeDayStep } from "../../scheduling/appointment-day.ts";
import { chart, startedSession, supplies } from "./chart-test-fixtures.ts";
import { saveChart, signChart } from "./chart.ts";
import { clientSessions } from "./session-history.ts";
import { f, practitioner, usePlanTestbed } from "./test-fixtures.ts";

usePlanTestbed();

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const actor = (clientId: string): ClientActor => ({ organizationId: f.clinic.organizationId, clientId });

/** A started session, charted with `draft` (saved, and signed unless `sign` is false), then completed. */
async function chartedSession(
  o: { sign?: boolean; draft?: (lots: Awaited<ReturnType<typeof supplies>>) => ReturnType<typeof chart> } = {},
) {
  const db = f.database.db;
  const s = await startedSession();
  const lots = await supplies(s.today);
  const base = { staff: practitioner, keyRing: f.keyRing, appointmentId: s.appointmentId, now: s.at };
  const { contentSha256 } = await saveChart(db, { ...base, draft: (o.draft ?? chart)(lots), basedOn: null });
  if (o.sign !== false) await signChart(db, { ...base, basedOn: contentSha256, now: s.at + 1 });
  await takeDayStep(db, { actor: practitioner, appointmentId: s.appointmentId, step: "complete", keyRing: f.keyRing, now: s.at + HOUR });
  return s;
}

async function viewsBy(clientId: string) {
  const rows = await f.database.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, "health-record.view"), eq(auditEvents.entityId, clientId), eq(auditEvents.actorType, "client")));
  return rows;
}

describe("the client's sessions", () => {
  it("show a completed session with a signed chart: its areas and what to expect, never the staff's notes", async () => {
    const s = await chartedSession({
      draft: (lots) =>
        chart(lots, {
          areas: [
            {
              zone: "cheek-left",
              depthMm: 1.25,
              passes: 3,
              technique: "crosshatch",
              endpoint: "pinpoint-bleeding",
              depthReason: "Deep rolling scars tolerated well before.",
            },
            { zone: "cheek-right", depthMm: 0.75, passes: 2, technique: "linear", endpoint: "mild-erythema" },
          ],
          reactions: [{ kind: "swelling", action: "Cold compress for ten minutes; settled." }],
          nextTime: "Try 1.5 mm on the left cheek if it heals well.",
        }),
    });
    const history = await clientSessions(f.database.db, { client: actor(s.clientId), keyRing: f.keyRing, now: s.at + 2 * HOUR });
    expect(history.sessions).toEqual([
      {
        appointmentId: s.appointmentId,
        startMs: s.at,
        serviceName: f.services["microneedling-face"]!.name,
        serviceNameFr: expect.any(String),
        practitionerName: expect.any(String),
        notes: "signed",
        areas: ["cheek-left", "cheek-right"],
        expectations: ["redness", "pinpoint-marks", "dryness", "reaction-charted", "call-us"],
      },
    ]);
    // The completed consultation the client also had is not a treatment session.
    const text = JSON.stringify(history);
    for (const staffOnly of ["rolling scars", "Cold compress", "1.5 mm", "1.25", "crosshatch", "Pen A6", "swelling"]) {
      expect(text).not.toContain(staffOnly);
    }
    expect(history.next).toBeNull();
  });

  it("show a session whose chart is not signed, or has none, without areas; newest first", async () => {
    const db = f.database.db;
    const s = await chartedSession({ sign: false });
    // An earlier completed treatment of the same client, never charted.
    const earlier = await addAppointment(f, {
      clientId: s.clientId,
      practitionerId: practitioner.practitionerId!,
      start: new Date(s.at - 30 * DAY),
      slug: "microneedling-face",
      minutes: 60,
      status: "completed",
    });
    const history = await clientSessions(db, { client: actor(s.clientId), keyRing: f.keyRing, now: s.at + 2 * HOUR });
    expect(history.sessions.map((x) => [x.appointmentId, x.notes, x.areas, x.expectations])).toEqual([
      [s.appointmentId, "pending", [], []],
      [earlier.id, "pending", [], []],
    ]);
    expect(JSON.stringify(history)).not.toContain("cheek");
  });

  it("never show another client's sessions, and audit each read once as the client's own view", async () => {
    const db = f.database.db;
    const mine = await chartedSession();
    const theirs = await chartedSession();
    const before = (await viewsBy(mine.clientId)).length;
    const history = await clientSessions(db, { client: actor(mine.clientId), keyRing: f.keyRing, now: theirs.at + 2 * HOUR });
    expect(history.sessions.map((x) => x.appointmentId)).toEqual([mine.appointmentId]);
    const views = await viewsBy(mine.clientId);
    expect(views.length).toBe(before + 1);
    expect(views.at(-1)).toMatchObject({
      actorType: "client",
      actorId: mine.clientId,
      entityType: "health-record",
      entityId: mine.clientId,
      details: { part: "sessions" },
    });
    // The other client's read was not written against this one.
    expect((await viewsBy(theirs.clientId)).some((v) => (v.details as { part?: string }).part === "sessions")).toBe(false);

    // Another clinic's id for the same client finds nothing, and writes no view.
    const stranger = await clientSessions(db, {
      client: { organizationId: "00000000-0000-4000-8000-000000000000", clientId: mine.clientId },
      keyRing: f.keyRing,
      now: theirs.at,
    });
    expect(stranger).toEqual({ sessions: [], next: null });
    expect((await viewsBy(mine.clientId)).length).toBe(before + 1);
  });

  it("report the next booked treatment, not a consultation, a cancelled one or one already past", async () => {
    const db = f.database.db;
    const s = await chartedSession();
    const book = (days: number, o: { slug?: string; status?: "booked" | "cancelled" } = {}) =>
      addAppointment(f, {
        clientId: s.clientId,
        practitionerId: practitioner.practitionerId!,
        start: new Date(s.at + days * DAY),
        slug: o.slug ?? "microneedling-face",
        minutes: 60,
        status: o.status ?? "booked",
      });
    await book(2, { slug: "consultation" });
    await book(3, { status: "cancelled" });
    const next = await book(28);
    await book(56);
    const now = s.at + 2 * HOUR;
    const history = await clientSessions(db, { client: actor(s.clientId), keyRing: f.keyRing, now });
    expect(history.next).toEqual({
      appointmentId: next.id,
      startMs: s.at + 28 * DAY,
      serviceName: f.services["microneedling-face"]!.name,
      serviceNameFr: expect.any(String),
    });
    // Once that day has passed, the next one is the one after.
    const later = await clientSessions(db, { client: actor(s.clientId), keyRing: f.keyRing, now: s.at + 30 * DAY });
    expect(later.next?.startMs).toBe(s.at + 56 * DAY);
  });

  it("write nothing for a client with no completed treatment", async () => {
    const s = await startedSession();
    const before = (await viewsBy(s.clientId)).length;
    const history = await clientSessions(f.database.db, { client: actor(s.clientId), keyRing: f.keyRing, now: s.at - HOUR });
    // The session in progress is not completed yet; it is the next one only while still ahead.
    expect(history.sessions).toEqual([]);
    expect(history.next?.appointmentId).toBe(s.appointmentId);
    expect((await viewsBy(s.clientId)).length).toBe(before);
  });
});
