// Booking the series of an accepted plan: every session inside its window in
// one go, moves that re-flow the later ones, the screening's first date, and
// the rest of a series once its first session has taken place.
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { appointments, auditEvents, outboxMessages } from "../db/schema.ts";
import { screenClient } from "../privacy/screening-test-fixtures.ts";
import { addAppointment } from "../privacy/test-fixtures.ts";
import { getAvailability } from "../scheduling/availability.ts";
import { PlanWindowError } from "../scheduling/errors.ts";
import { moveWindowOf, rescheduleBooking } from "../scheduling/manage-booking.ts";
import { planSeriesFacts } from "./record/series-facts.ts";
import { addDays, localDateTimeToEpoch, todayIn } from "../scheduling/time.ts";
import { viewPlanForStaff } from "./record/staff-view.ts";
import { acceptedPlan, careClient, clientEmail, desk, f, NOW, owner, practitioner, usePlanTestbed } from "./record/test-fixtures.ts";
import { bookSeries, seriesPage } from "./series-booking.ts";
import { ForbiddenError } from "../kernel/errors.ts";

usePlanTestbed();

/** The series page of a plan as the owner sees it, and the slot it proposes for each session. */
async function proposal(planId: string, now = NOW) {
  const page = await seriesPage(f.database.db, { staff: owner, clinic: f.clinic, keyRing: f.keyRing, planId, now });
  return { page, slots: page.proposal!.sessions.map((x) => (x.status === "unplaced" ? null : x.slot)!) };
}

/** Books sessions of the plan from its series page, as the owner unless `more` says otherwise. */
function book(planId: string, choices: Parameters<typeof bookSeries>[1]["choices"], more: Partial<Parameters<typeof bookSeries>[1]> = {}) {
  return bookSeries(f.database.db, {
    staff: owner,
    clinic: f.clinic,
    keyRing: f.keyRing,
    planId,
    choices,
    now: NOW,
    baseUrl: "http://x",
    ...more,
  });
}

describe("plans: the series", () => {
  it("proposes every session inside its window and books them all in one go; the package counts them", async () => {
    const { planId } = await acceptedPlan({ practitionerId: f.practitioners[0]!.id, sessions: 3 });
    const page = (await proposal(planId)).page;
    expect(page.proposal!.complete).toBe(true);
    const placed = page.proposal!.sessions.map((s) => (s.status === "unplaced" ? null : s.slot));
    expect(placed.every(Boolean)).toBe(true);
    const outbox = (await f.database.db.select().from(outboxMessages)).length;
    // The desk books; a practitioner may not (schedule.edit).
    const choices = placed.map((slot, i) => ({ session: i + 1, start: slot!.start, practitionerId: slot!.practitionerId }));
    await expect(book(planId, choices, { staff: practitioner })).rejects.toBeInstanceOf(ForbiddenError);
    const result = await book(planId, choices, { staff: desk });
    expect(result).toEqual({ booked: 3, moved: 0 });
    const rows = await f.database.db.select().from(appointments).where(eq(appointments.planId, planId));
    expect(rows.map((r) => r.planSession).sort()).toEqual([1, 2, 3]);
    expect((await f.database.db.select().from(outboxMessages)).length).toBe(outbox + 3);
    const { plan } = await viewPlanForStaff(f.database.db, { staff: practitioner, keyRing: f.keyRing, planId });
    expect(plan.package).toEqual({ total: 3, completed: 0, booked: 3, left: 0 });
  });

  it("moving a session re-flows the later ones; outside its window it needs a reason; a conflict books nothing", async () => {
    const { planId } = await acceptedPlan({ practitionerId: f.practitioners[0]!.id, sessions: 3 });
    const db = f.database.db;
    const first = (await proposal(planId)).page;
    const s = first.proposal!.sessions.map((x) => (x.status === "unplaced" ? null : x.slot!));
    const tz = f.clinic.location.timeZone;
    const day2 = addDays(todayIn(tz, s[1]!.start), 7);
    // Move session 2 a week later, at 10:00 on a weekday the practitioner works.
    let date = day2;
    while (![1, 2, 3, 4, 5].includes(new Date(`${date}T12:00:00Z`).getUTCDay())) date = addDays(date, 1);
    const moved = await seriesPage(db, {
      staff: owner,
      clinic: f.clinic,
      keyRing: f.keyRing,
      planId,
      now: NOW,
      move: { session: 2, date, time: "10:00", practitionerId: f.practitioners[0]!.id },
    });
    const m = moved.proposal!.sessions;
    expect(m[1]!.status).toBe("fixed");
    expect(m[2]!.status).toBe("proposed");
    const third = m[2]!.status === "unplaced" ? null : m[2]!.slot;
    expect(third!.start).toBeGreaterThan(s[2]!.start);

    const s2 = localDateTimeToEpoch(date, "10:00", tz)!;
    const at = (days: number) => localDateTimeToEpoch(addDays(date, days), "10:00", tz)!;
    const choices = [
      { session: 1, start: s[0]!.start, practitionerId: s[0]!.practitionerId },
      { session: 2, start: s2, practitionerId: f.practitioners[0]!.id },
      { session: 3, start: at(50), practitionerId: f.practitioners[0]!.id },
    ];
    const attempt = (c: { session: number; start: number; practitionerId: string; outsideWindowReason?: string }[], allowPartial = false) =>
      bookSeries(db, {
        staff: owner,
        clinic: f.clinic,
        keyRing: f.keyRing,
        planId,
        choices: c,
        allowPartial,
        now: NOW,
        baseUrl: "http://x",
      }).then(
        () => ({ errors: {} as Record<string, string> }),
        (e: { errors: Record<string, string> }) => e,
      );
    // Beyond the window (50 days after session 2, the plan allows 28–42): only with a reason.
    expect((await attempt(choices)).errors["reason-3"]).toMatch(/interval.window/);
    // Closer than the minimum: refused even with a reason; so is a session before the one it follows.
    const reason = "Client away for three weeks in the spring";
    const soon = await attempt([choices[0]!, choices[1]!, { ...choices[2]!, start: at(7), outsideWindowReason: reason }]);
    expect(soon.errors["session-3"]).toMatch(/at least 28 .*interval.minimum/);
    const before = await attempt([choices[0]!, choices[1]!, { ...choices[2]!, start: at(-3), outsideWindowReason: reason }]);
    expect(before.errors["session-3"]).toMatch(/interval.order/);
    // Sessions 1 and 3 with none between: two intervals, so at least 56 days.
    const skipped = await attempt([choices[0]!, { ...choices[2]!, start: s[0]!.start + 2 * 86_400_000 }], true);
    expect(skipped.errors["session-3"]).toMatch(/interval.minimum/);
    // Leaving a session out needs the person's say-so.
    expect((await attempt([choices[0]!, choices[1]!])).errors["confirmPartial"]).toMatch(/Session 3 has no time/);
    expect(await db.select().from(appointments).where(eq(appointments.planId, planId))).toEqual([]);

    // A conflict in session 3's time: nothing at all is booked.
    // Written straight at that time: a time taken from the clock could meet another of the file's appointments.
    await addAppointment(f, {
      clientId: (await careClient()).toString(),
      practitionerId: f.practitioners[0]!.id,
      start: new Date(third!.start),
      minutes: (third!.end - third!.start) / 60_000,
    });
    const conflict = await book(planId, [
      choices[0]!,
      choices[1]!,
      { session: 3, start: third!.start, practitionerId: third!.practitionerId },
    ]).catch((e) => e);
    expect(Object.keys(conflict.errors)).toContain("session-3");
    expect(await db.select().from(appointments).where(eq(appointments.planId, planId))).toEqual([]);
  });

  it("starts no earlier than the client's screening allows", async () => {
    const tz = f.clinic.location.timeZone;
    const today = todayIn(tz, NOW);
    // Stopped isotretinoin three months ago: treatment from six months after stopping.
    const stopped = addDays(today, -90);
    const { planId } = await acceptedPlan({}, { medications: { isotretinoin: { status: "stopped", stoppedOn: stopped } } });
    const page = (await proposal(planId)).page;
    expect("earliestDate" in page.eligibility).toBe(true);
    const earliest = (page.eligibility as { earliestDate: string }).earliestDate;
    expect(earliest > today).toBe(true);
    for (const s of page.proposal!.sessions) if (s.status !== "unplaced") expect(todayIn(tz, s.slot.start) >= earliest).toBe(true);
    const [row] = await f.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "treatment-plan.accept")))
      .limit(1);
    expect(row).toBeDefined();
  });
});

describe("plans: what is offered is what is signed, and stays safe", () => {
  it("keeps a booked session inside its window when it is moved on its own", async () => {
    const db = f.database.db;
    const { planId } = await acceptedPlan({ sessions: 2, practitionerId: f.practitioners[0]!.id });
    const { slots } = await proposal(planId);
    await book(
      planId,
      slots.map((slot, i) => ({ session: i + 1, start: slot.start, practitionerId: slot.practitionerId })),
    );
    const [second] = await db
      .select()
      .from(appointments)
      .where(and(eq(appointments.planId, planId), eq(appointments.planSession, 2)));
    // Five days after session 1: refused, whoever moves it (here the desk's own move on the appointment page).
    const service = f.services["microneedling-face"]!;
    const free = await getAvailability(db, {
      clinic: f.clinic,
      service,
      practitionerId: f.practitioners[0]!.id,
      from: addDays(todayIn(f.clinic.location.timeZone, slots[0]!.start), 5),
      to: addDays(todayIn(f.clinic.location.timeZone, slots[0]!.start), 9),
      now: NOW,
    });
    const move = (start: number) =>
      rescheduleBooking(db, {
        clinic: f.clinic,
        id: second!.id,
        access: { staff: { role: "owner" } },
        start,
        now: NOW,
        actor: { type: "staff", id: owner.userId },
        baseUrl: "http://x",
        keyRing: f.keyRing,
      });
    await expect(move(free[0]!.start)).rejects.toBeInstanceOf(PlanWindowError);
    const [still] = await db.select().from(appointments).where(eq(appointments.id, second!.id));
    expect(still!.startsAt.getTime()).toBe(second!.startsAt.getTime());
    // The client's manage page offers only the days that window allows: the plan's interval after session 1.
    const facts = await planSeriesFacts(db, { organizationId: f.clinic.organizationId, planId });
    const firstDay = todayIn(f.clinic.location.timeZone, slots[0]!.start);
    expect(await moveWindowOf(db, f.clinic, second!.id)).toEqual({
      earliest: addDays(firstDay, facts!.intervalMinDays),
      latest: addDays(firstDay, facts!.intervalMaxDays),
    });
    // Session 1 seen from session 2: that much earlier.
    const [first] = await db
      .select()
      .from(appointments)
      .where(and(eq(appointments.planId, planId), eq(appointments.planSession, 1)));
    const secondDay = todayIn(f.clinic.location.timeZone, second!.startsAt.getTime());
    expect(await moveWindowOf(db, f.clinic, first!.id)).toEqual({
      earliest: addDays(secondDay, -facts!.intervalMaxDays),
      latest: addDays(secondDay, -facts!.intervalMinDays),
    });
  });
});

describe("plans: after the first sessions", () => {
  it("books the rest of a series once its first session has taken place", async () => {
    const db = f.database.db;
    const { planId, clientId } = await acceptedPlan({ practitionerId: f.practitioners[0]!.id, sessions: 3 });
    const { slots } = await proposal(planId);
    await book(planId, [{ session: 1, start: slots[0]!.start, practitionerId: slots[0]!.practitionerId }], { allowPartial: true });
    // A month and a day later session 1 is done; the page posts it back as it is, with the two still to book.
    const later = slots[0]!.start + 31 * 86_400_000;
    await db
      .update(appointments)
      .set({ status: "completed" })
      .where(and(eq(appointments.planId, planId), eq(appointments.planSession, 1)));
    // The day-of check at that session screened the client again, so the screening is current.
    await screenClient(db, f.keyRing, {
      organizationId: f.clinic.organizationId,
      email: await clientEmail(clientId),
      asOf: todayIn(f.clinic.location.timeZone, later),
      now: later,
    });
    const { slots: rest } = await proposal(planId, later);
    const result = await book(
      planId,
      rest.map((slot, i) => ({ session: i + 1, start: slot.start, practitionerId: slot.practitionerId })),
      { now: later },
    );
    expect(result).toEqual({ booked: 2, moved: 0 });
  });
});
