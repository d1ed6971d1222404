import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { appointments, auditEvents } from "../db/schema.ts";
import type { Actor, StaffRole } from "../kernel/access.ts";
import { DomainError } from "../kernel/errors.ts";
import { signCurrentConsent } from "../consent/test-fixtures.ts";
import { screenClient } from "../privacy/screening-test-fixtures.ts";
import { addAppointment, addClient, addOrganization, addStaff, db, f, keyRing, org, useHealthTestbed } from "../privacy/test-fixtures.ts";
import { recordDayOfScreening } from "../screening/record/day-of-screening.ts";
import { loadClinicRules } from "../screening/clinic-rules.ts";
import { applyDayOfChanges, type DayOfChanges } from "../screening/day-of.ts";
import { NO_DAY_OF_CHANGES } from "../screening/test-fixtures.ts";
import { checkDayStep, clientAttendance, dayStateOf, dayStepsFor, takeDayStep, type DayFacts, type DayStep } from "./appointment-day.ts";
import { cancelBooking } from "./manage-booking.ts";
import { parseOffsetIso } from "./time.ts";

useHealthTestbed();

const TZ = "America/Toronto";
// A Tuesday in March 2027 at 10:00 in Kitchener; "now" in each test is set from it.
const START = parseOffsetIso("2027-03-16T10:00:00-04:00")!;
const MIN = 60_000;

const facts = (o: Partial<DayFacts> = {}): DayFacts => ({
  status: "booked",
  startMs: START,
  arrivedAt: null,
  startedAt: null,
  practitionerId: "p-1",
  treatment: true,
  ...o,
});
const who = (role: StaffRole, practitionerId: string | null = null) => ({ role, practitionerId });

describe("the rules of an appointment's day", () => {
  it("moves booked → arrived → in session → completed, and a booked appointment to no-show", () => {
    expect(dayStateOf(facts())).toBe("booked");
    expect(dayStateOf(facts({ arrivedAt: START }))).toBe("arrived");
    expect(dayStateOf(facts({ arrivedAt: START, startedAt: START }))).toBe("in-session");
    expect(dayStateOf(facts({ status: "completed", arrivedAt: START, startedAt: START }))).toBe("completed");
    const own = who("practitioner", "p-1");
    expect(checkDayStep(facts(), own, "arrive", START - 30 * MIN, TZ)).toEqual({ ok: true, to: "arrived" });
    expect(checkDayStep(facts({ arrivedAt: START }), own, "start", START, TZ)).toEqual({ ok: true, to: "in-session" });
    expect(checkDayStep(facts({ arrivedAt: START, startedAt: START }), own, "complete", START, TZ)).toEqual({ ok: true, to: "completed" });
    expect(checkDayStep(facts(), own, "no-show", START + 15 * MIN, TZ)).toEqual({ ok: true, to: "no-show" });
    expect(checkDayStep(facts({ status: "no-show" }), own, "undo", START + 15 * MIN, TZ)).toEqual({ ok: true, to: "booked" });
    expect(checkDayStep(facts({ arrivedAt: START, startedAt: START }), own, "undo", START, TZ)).toEqual({ ok: true, to: "arrived" });
    expect(checkDayStep(facts({ arrivedAt: START }), own, "undo", START, TZ)).toEqual({ ok: true, to: "booked" });
  });

  it("refuses a step from the wrong state, with what the appointment is", () => {
    const own = who("practitioner", "p-1");
    const cases: [Partial<DayFacts>, DayStep, string][] = [
      [{}, "start", "You can't start the session: this appointment is booked."],
      [{}, "complete", "You can't complete the session: this appointment is booked."],
      [{ arrivedAt: START }, "arrive", "You can't check the client in: this appointment is checked in."],
      [{ arrivedAt: START }, "no-show", "You can't mark a no-show: this appointment is checked in."],
      [{ status: "completed" }, "undo", "You can't undo the last step: this appointment is completed."],
      [{ status: "cancelled" }, "arrive", "You can't check the client in: this appointment is cancelled."],
      [{ status: "no-show" }, "arrive", "You can't check the client in: this appointment is marked as a no-show."],
    ];
    for (const [o, step, message] of cases) {
      expect(checkDayStep(facts(o), own, step, START, TZ), `${step} from ${JSON.stringify(o)}`).toEqual({
        ok: false,
        code: "conflict",
        message,
      });
    }
  });

  it("checks a client in only on the appointment's day in the clinic's zone, and marks a no-show only once its time has begun", () => {
    const desk = who("front-desk");
    // 23:30 the evening before in Kitchener is already the 16th in UTC: still the wrong day.
    const eveningBefore = parseOffsetIso("2027-03-15T23:30:00-04:00")!;
    expect(checkDayStep(facts(), desk, "arrive", eveningBefore, TZ)).toMatchObject({ ok: false, code: "conflict" });
    expect(checkDayStep(facts(), desk, "arrive", parseOffsetIso("2027-03-16T00:05:00-04:00")!, TZ)).toMatchObject({ ok: true });
    expect(checkDayStep(facts(), desk, "arrive", parseOffsetIso("2027-03-17T00:05:00-04:00")!, TZ)).toMatchObject({ ok: false });
    expect(checkDayStep(facts(), desk, "no-show", START - 1, TZ)).toEqual({
      ok: false,
      code: "conflict",
      message: "A no-show can be marked once the appointment's time has begun.",
    });
    expect(checkDayStep(facts(), desk, "no-show", START, TZ)).toMatchObject({ ok: true });
  });

  it("on the Sunday clocks go forward, the day is still the clinic's day", () => {
    // 14 March 2027: 02:00 → 03:00 in Toronto. An 09:00 appointment; 00:30 that day is UTC-5, 23:30 is UTC-4.
    const start = parseOffsetIso("2027-03-14T09:00:00-04:00")!;
    const desk = who("front-desk");
    expect(checkDayStep(facts({ startMs: start }), desk, "arrive", parseOffsetIso("2027-03-14T00:30:00-05:00")!, TZ)).toMatchObject({
      ok: true,
    });
    expect(checkDayStep(facts({ startMs: start }), desk, "arrive", parseOffsetIso("2027-03-14T23:30:00-04:00")!, TZ)).toMatchObject({
      ok: true,
    });
    expect(checkDayStep(facts({ startMs: start }), desk, "arrive", parseOffsetIso("2027-03-13T23:59:00-05:00")!, TZ)).toMatchObject({
      ok: false,
    });
  });

  it("lets the desk and the appointment's practitioner take the day's steps; a treatment starts and ends only with its practitioner", () => {
    const at = START;
    const arrived = facts({ arrivedAt: START });
    const inSession = facts({ arrivedAt: START, startedAt: START });
    // Every role, linked to this appointment's practitioner or not.
    const table: [ReturnType<typeof who>, boolean, boolean][] = [
      // who, may check in/no-show/undo, may start/complete a treatment
      [who("owner"), true, false],
      [who("owner", "p-1"), true, true],
      [who("manager"), true, false],
      [who("manager", "p-1"), true, true],
      [who("front-desk"), true, false],
      [who("front-desk", "p-2"), true, false],
      [who("practitioner", "p-1"), true, true],
      [who("practitioner", "p-2"), false, false],
      [who("practitioner"), false, false],
    ];
    for (const [actor, desk, treats] of table) {
      const label = `${actor.role} linked to ${actor.practitionerId}`;
      expect(checkDayStep(facts(), actor, "arrive", at, TZ).ok, `${label} checks in`).toBe(desk);
      expect(checkDayStep(facts(), actor, "no-show", at, TZ).ok, `${label} marks a no-show`).toBe(desk);
      expect(checkDayStep(arrived, actor, "undo", at, TZ).ok, `${label} undoes`).toBe(desk);
      expect(checkDayStep(arrived, actor, "start", at, TZ).ok, `${label} starts a treatment`).toBe(treats);
      expect(checkDayStep(inSession, actor, "complete", at, TZ).ok, `${label} completes a treatment`).toBe(treats);
      // A consultation: the desk may start and end it too.
      expect(checkDayStep({ ...arrived, treatment: false }, actor, "start", at, TZ).ok, `${label} starts a consultation`).toBe(desk);
    }
    expect(checkDayStep(arrived, who("front-desk"), "start", at, TZ)).toEqual({
      ok: false,
      code: "forbidden",
      message: "Only the practitioner booked for this treatment can start the session.",
    });
    // Taking back a treatment's start is its practitioner's too.
    expect(checkDayStep(inSession, who("front-desk"), "undo", at, TZ).ok).toBe(false);
    expect(checkDayStep(inSession, who("practitioner", "p-1"), "undo", at, TZ).ok).toBe(true);
    expect(dayStepsFor(facts(), who("front-desk"), START + MIN, TZ)).toEqual(["arrive", "no-show"]);
    expect(dayStepsFor(arrived, who("practitioner", "p-1"), START, TZ)).toEqual(["start", "undo"]);
    expect(dayStepsFor(arrived, who("front-desk"), START, TZ)).toEqual(["undo"]);
  });
});

describe("taking the day's steps in the database", () => {
  let n = 0;
  /** An appointment on 16 March 2027 (hours apart, so they never overlap), booked by staff. */
  const appointment = (o: { clientId: string; practitionerId: string; slug?: string }) =>
    addAppointment(f, {
      ...o,
      start: new Date(START + n++ * 2 * 60 * MIN - 8 * 60 * MIN),
      minutes: 60,
      slug: o.slug ?? "microneedling-face",
    });
  const actorOf = (s: Awaited<ReturnType<typeof addStaff>>): Actor => s;
  const step = (actor: Actor, appointmentId: string, s: DayStep, now: number) =>
    takeDayStep(db, { actor, appointmentId, step: s, keyRing, now });
  const refusal = (p: Promise<unknown>) =>
    p.then(
      () => null,
      (e: unknown) => (e instanceof DomainError ? { code: e.code, message: e.message, type: e.name } : Promise.reject(e)),
    );

  it("checks in, starts after today's day-of check, completes: each time kept and audited", async () => {
    const practitionerId = f.practitioners[0]!.id;
    const practitioner = actorOf(await addStaff(db, { organizationId: org, role: "practitioner", practitionerId }));
    const desk = actorOf(await addStaff(db, { organizationId: org, role: "front-desk" }));
    const { clientId } = await screenClient(db, keyRing, {
      organizationId: org,
      email: `day-${Date.now()}@example.test`,
      asOf: "2027-03-10",
      now: START - 6 * 86_400_000,
    });
    const a = await appointment({ clientId, practitionerId });
    const now = a.startsAt.getTime() - 10 * MIN;

    expect(await step(desk, a.id, "arrive", now)).toEqual({ state: "arrived" });
    // The desk cannot start a treatment; the practitioner cannot before the client's consent, then before the day-of check.
    expect(await refusal(step(desk, a.id, "start", now))).toMatchObject({ code: "forbidden" });
    expect(await refusal(step(practitioner, a.id, "start", now))).toEqual({
      code: "conflict",
      type: "ConsentMissingError",
      message:
        "The client has not signed the consent to microneedling. They sign it in their account (Consent forms) or on the clinic's tablet before the treatment starts.",
    });
    await signCurrentConsent(db, { organizationId: org, clientId, name: "Screened Client", now });
    expect(await refusal(step(practitioner, a.id, "start", now))).toEqual({
      code: "conflict",
      type: "TreatmentNotClearedError",
      message: "Run the day-of check first: a treatment starts only after it, on the day.",
    });
    await dayOf(practitioner, clientId, a.id, NO_DAY_OF_CHANGES, now);
    expect(await step(practitioner, a.id, "start", now + MIN)).toEqual({ state: "in-session" });
    expect(await step(practitioner, a.id, "complete", now + 50 * MIN)).toEqual({ state: "completed" });

    const [row] = await db.select().from(appointments).where(eq(appointments.id, a.id));
    expect(row!.status).toBe("completed");
    expect([row!.arrivedAt?.getTime(), row!.startedAt?.getTime(), row!.completedAt?.getTime()]).toEqual([now, now + MIN, now + 50 * MIN]);
    const events = await db
      .select({ action: auditEvents.action, actorId: auditEvents.actorId, details: auditEvents.details })
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, "appointment"), eq(auditEvents.entityId, a.id)))
      .orderBy(auditEvents.id);
    expect(events).toEqual([
      { action: "appointment.arrive", actorId: desk.userId, details: { from: "booked", to: "arrived" } },
      { action: "appointment.start", actorId: practitioner.userId, details: { from: "arrived", to: "in-session" } },
      { action: "appointment.complete", actorId: practitioner.userId, details: { from: "in-session", to: "completed" } },
    ]);
  });

  it("refuses to start a treatment the day-of check does not allow today", async () => {
    const practitionerId = f.practitioners[0]!.id;
    const practitioner = actorOf(await addStaff(db, { organizationId: org, role: "practitioner", practitionerId }));
    const { clientId } = await screenClient(db, keyRing, {
      organizationId: org,
      email: `sunburn-${Date.now()}@example.test`,
      asOf: "2027-03-10",
      now: START - 6 * 86_400_000,
    });
    await signCurrentConsent(db, { organizationId: org, clientId, name: "Screened Client" });
    const a = await appointment({ clientId, practitionerId });
    const now = a.startsAt.getTime() - 5 * MIN;
    await step(practitioner, a.id, "arrive", now);
    await dayOf(practitioner, clientId, a.id, { ...NO_DAY_OF_CHANGES, skin: ["sunburn"] }, now);
    expect(await refusal(step(practitioner, a.id, "start", now))).toEqual({
      code: "conflict",
      type: "TreatmentNotClearedError",
      message: "The day-of check does not allow this treatment today. Open the client's screening to see why.",
    });
    const [row] = await db.select().from(appointments).where(eq(appointments.id, a.id));
    expect(row!.startedAt).toBeNull();
  });

  it("a day-of check of another day does not open today's session", async () => {
    const practitionerId = f.practitioners[0]!.id;
    const practitioner = actorOf(await addStaff(db, { organizationId: org, role: "practitioner", practitionerId }));
    const { clientId } = await screenClient(db, keyRing, {
      organizationId: org,
      email: `yesterday-${Date.now()}@example.test`,
      asOf: "2027-03-10",
      now: START - 6 * 86_400_000,
    });
    await signCurrentConsent(db, { organizationId: org, clientId, name: "Screened Client" });
    const a = await appointment({ clientId, practitionerId });
    const now = a.startsAt.getTime() - 5 * MIN;
    await dayOf(practitioner, clientId, a.id, NO_DAY_OF_CHANGES, now - 86_400_000);
    await step(practitioner, a.id, "arrive", now);
    expect(await refusal(step(practitioner, a.id, "start", now))).toMatchObject({ type: "TreatmentNotClearedError" });
  });

  it("counts no-shows and late cancellations on the client; an undone no-show no longer counts", async () => {
    const practitionerId = f.practitioners[1]!.id;
    const desk = actorOf(await addStaff(db, { organizationId: org, role: "front-desk" }));
    const client = await addClient(db, org);
    const missed = await appointment({ clientId: client.id, practitionerId, slug: "consultation" });
    const missedAgain = await appointment({ clientId: client.id, practitionerId, slug: "consultation" });
    const late = await appointment({ clientId: client.id, practitionerId, slug: "consultation" });
    expect(await clientAttendance(db, org, client.id)).toEqual({ noShows: 0, lateCancellations: 0 });
    await step(desk, missed.id, "no-show", missed.startsAt.getTime() + 20 * MIN);
    await step(desk, missedAgain.id, "no-show", missedAgain.startsAt.getTime() + 20 * MIN);
    await cancelBooking(db, {
      clinic: f.clinic,
      id: late.id,
      access: { staff: desk },
      now: late.startsAt.getTime() - 60 * MIN,
      actor: { type: "staff", id: desk.userId },
      requestedBy: "client",
    });
    expect(await clientAttendance(db, org, client.id)).toEqual({ noShows: 2, lateCancellations: 1 });
    await step(desk, missedAgain.id, "undo", missedAgain.startsAt.getTime() + 30 * MIN);
    expect(await clientAttendance(db, org, client.id)).toEqual({ noShows: 1, lateCancellations: 1 });
    const [row] = await db.select().from(appointments).where(eq(appointments.id, missedAgain.id));
    expect([row!.status, row!.noShowAt]).toEqual(["booked", null]);
  });

  it("a consultation is started and completed by the desk; a step taken twice is refused the second time", async () => {
    const desk = actorOf(await addStaff(db, { organizationId: org, role: "front-desk" }));
    const client = await addClient(db, org);
    const a = await appointment({ clientId: client.id, practitionerId: f.practitioners[1]!.id, slug: "consultation" });
    const now = a.startsAt.getTime();
    const both = await Promise.allSettled([step(desk, a.id, "arrive", now), step(desk, a.id, "arrive", now)]);
    expect(both.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    // Checked in: the client is here, so the booking can no longer be cancelled (it is undone, or goes on).
    const cancel = cancelBooking(db, {
      clinic: f.clinic,
      id: a.id,
      access: { staff: desk },
      now,
      actor: { type: "staff", id: desk.userId },
    });
    expect(await refusal(cancel)).toMatchObject({ code: "not-found" });
    expect(await step(desk, a.id, "start", now)).toEqual({ state: "in-session" });
    expect(await step(desk, a.id, "complete", now + 30 * MIN)).toEqual({ state: "completed" });
  });

  it("another clinic's appointment, an unknown one and a malformed id are not found", async () => {
    const other = await addOrganization(db);
    const outsider = actorOf(await addStaff(db, { organizationId: other.organizationId, role: "owner" }));
    const client = await addClient(db, org);
    const a = await appointment({ clientId: client.id, practitionerId: f.practitioners[1]!.id, slug: "consultation" });
    for (const id of [a.id, "00000000-0000-4000-8000-000000000000", "not-an-id"]) {
      expect(await refusal(step(outsider, id, "arrive", a.startsAt.getTime()))).toMatchObject({ code: "not-found" });
    }
    const [row] = await db.select().from(appointments).where(eq(appointments.id, a.id));
    expect(row!.arrivedAt).toBeNull();
  });

  async function dayOf(staff: Actor, clientId: string, appointmentId: string, changes: DayOfChanges, now: number) {
    const today = new Date(now).toLocaleDateString("en-CA", { timeZone: TZ });
    await recordDayOfScreening(db, {
      staff,
      keyRing,
      clientId,
      appointmentId,
      rules: await loadClinicRules(db, org),
      change: (latest) => applyDayOfChanges(latest!, changes, today),
      now,
    });
  }
});
