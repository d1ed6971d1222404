import { inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { appointments, clients, practitionerExceptions, timeOff } from "../db/schema.ts";
import { testDatabaseKind } from "../db/testing.ts";
import { getAvailability } from "../scheduling/availability.ts";
import { useClinicFixture, type ClinicFixture } from "../scheduling/test-fixtures.ts";
import { parseOffsetIso, toOffsetIso } from "../scheduling/time.ts";
import { SeriesInputError } from "./series.ts";
import { proposeSeries, type ProposeSeriesOptions, type ProposedSeries } from "./series-db.ts";

// Wed 10 Mar 2027, 07:00 in Toronto. The demo clinic: Maja works Mon–Fri
// 09:00–17:00, Elena Tue–Fri from 10 or 11 and Saturdays; the face treatment
// takes 60 minutes plus 15 minutes' buffer after, in one of two rooms.
const NOW = Date.parse("2027-03-10T12:00:00Z");
const TZ = "America/Toronto";
const at = (iso: string) => parseOffsetIso(iso)!;
let f: ClinicFixture;
let maja: string;
let elena: string;
let clientId: string;

function options(overrides: Partial<ProposeSeriesOptions> = {}): ProposeSeriesOptions {
  return {
    clinic: f.clinic,
    service: f.services["microneedling-face"]!,
    sessions: 6,
    intervalMinDays: 28,
    intervalMaxDays: 42,
    earliestDate: "2027-03-15",
    preferredTime: "10:00",
    now: NOW,
    ...overrides,
  };
}

function lines(plan: ProposedSeries): string[] {
  return plan.sessions.map((s) =>
    s.status === "unplaced"
      ? `unplaced ${s.reason}`
      : `${toOffsetIso(s.slot.start, TZ).slice(0, 16)} ${plan.practitionerNames[s.slot.practitionerId]}${s.slot.roomId ? "" : " (no room)"}${s.status === "fixed" ? " fixed" : ""}`,
  );
}

/** A booked appointment blocking its time plus the service's 15-minute buffer, as the booking action stores it. */
async function book(practitionerId: string, startIso: string): Promise<string> {
  const start = at(startIso);
  const [row] = await f.database.db
    .insert(appointments)
    .values({
      organizationId: f.clinic.organizationId,
      locationId: f.clinic.location.id,
      serviceId: f.services["microneedling-face"]!.id,
      practitionerId,
      clientId,
      status: "booked",
      startsAt: new Date(start),
      endsAt: new Date(start + 60 * 60_000),
      blockedFrom: new Date(start),
      blockedUntil: new Date(start + 75 * 60_000),
    })
    .returning({ id: appointments.id });
  return row!.id;
}

useClinicFixture(async (made) => {
  f = made;
  [maja, elena] = f.practitioners.map((p) => p.id) as [string, string];
  const [client] = await f.database.db
    .insert(clients)
    .values({
      organizationId: f.clinic.organizationId,
      name: "Series Client",
      email: "series@example.test",
      emailNormalized: "series@example.test",
    })
    .returning();
  clientId = client!.id;
});

describe(`series planner on ${testDatabaseKind}`, () => {
  it("proposes all six sessions at the client's time with the chosen practitioner, each with a room", async () => {
    const plan = await proposeSeries(f.database.db, options({ practitionerId: maja }));
    expect(lines(plan)).toEqual([
      "2027-03-15T10:00 Maja Kowalska",
      "2027-04-12T10:00 Maja Kowalska",
      "2027-05-10T10:00 Maja Kowalska",
      "2027-06-07T10:00 Maja Kowalska",
      "2027-07-05T10:00 Maja Kowalska",
      "2027-08-02T10:00 Maja Kowalska",
    ]);
    expect(plan.complete).toBe(true);
  });

  it("steps around bookings, but not around the plan's own sessions it is told to ignore", async () => {
    const own = [await book(maja, "2027-03-15T10:00:00-04:00"), await book(maja, "2027-04-12T10:00:00-04:00")];
    const other = await book(maja, "2027-05-10T10:00:00-04:00");
    try {
      const blocked = await proposeSeries(f.database.db, options({ practitionerId: maja, sessions: 3 }));
      // 09:00 would run into the 10:00 booking; 11:15 is the first start clear of it and its buffer.
      expect(lines(blocked)).toEqual([
        "2027-03-15T11:15 Maja Kowalska",
        "2027-04-12T11:15 Maja Kowalska",
        "2027-05-10T11:15 Maja Kowalska",
      ]);

      const replanned = await proposeSeries(f.database.db, options({ practitionerId: maja, sessions: 3, ignoreAppointmentIds: own }));
      expect(lines(replanned)).toEqual([
        "2027-03-15T10:00 Maja Kowalska",
        "2027-04-12T10:00 Maja Kowalska",
        "2027-05-10T11:15 Maja Kowalska",
      ]);
    } finally {
      await f.database.db.delete(appointments).where(inArray(appointments.id, [...own, other]));
    }
  });

  it("moves a session past time off and a closed day, keeping the regular time over the practitioner", async () => {
    const [away] = await f.database.db
      .insert(timeOff)
      .values({
        organizationId: f.clinic.organizationId,
        practitionerId: maja,
        startsAt: new Date(at("2027-04-12T00:00:00-04:00")),
        endsAt: new Date(at("2027-04-13T00:00:00-04:00")),
      })
      .returning();
    const [closed] = await f.database.db
      .insert(practitionerExceptions)
      .values({ organizationId: f.clinic.organizationId, practitionerId: maja, date: "2027-04-13", intervals: [] })
      .returning();
    try {
      const plan = await proposeSeries(f.database.db, options({ sessions: 3 }));
      // Mon 12 Apr: Maja away, Elena off. Tue 13 Apr: Maja's closed day, Elena from 11:00.
      // Tue 11 May: both free, and Maja's 10:00 is the client's time.
      expect(lines(plan)).toEqual(["2027-03-15T10:00 Maja Kowalska", "2027-04-13T11:00 Elena Marchetti", "2027-05-11T10:00 Maja Kowalska"]);
      expect(plan.sessions[1]).toMatchObject({ windowFrom: "2027-04-12", windowTo: "2027-04-26" });
    } finally {
      await f.database.db.delete(timeOff).where(inArray(timeOff.id, [away!.id]));
      await f.database.db.delete(practitionerExceptions).where(inArray(practitionerExceptions.id, [closed!.id]));
    }
  });

  it("proposes only what the booking page offers", async () => {
    const plan = await proposeSeries(f.database.db, options({ sessions: 4 }));
    for (const s of plan.sessions) {
      if (s.status === "unplaced") throw new Error(s.message);
      const day = toOffsetIso(s.slot.start, TZ).slice(0, 10);
      const offered = await getAvailability(f.database.db, {
        clinic: f.clinic,
        service: f.services["microneedling-face"]!,
        from: day,
        to: day,
        now: NOW,
      });
      expect(offered).toContainEqual(s.slot);
    }
  });

  it("re-flows after a move: earlier sessions stay, later ones follow the moved one's time", async () => {
    const moved = { index: 1, start: at("2027-04-19T14:00:00-04:00"), practitionerId: maja, roomId: null };
    const plan = await proposeSeries(
      f.database.db,
      options({ practitionerId: maja, sessions: 4, preferredTime: null, fixed: [moved], movedIndex: 1 }),
    );
    expect(lines(plan)).toEqual([
      "2027-03-15T09:00 Maja Kowalska",
      "2027-04-19T14:00 Maja Kowalska (no room) fixed",
      "2027-05-17T14:00 Maja Kowalska",
      "2027-06-14T14:00 Maja Kowalska",
    ]);
  });

  it("names a fixed session's practitioner even when the series is planned with someone else", async () => {
    const held = { index: 0, start: at("2027-03-16T12:00:00-04:00"), practitionerId: elena, roomId: null };
    const plan = await proposeSeries(f.database.db, options({ practitionerId: maja, sessions: 2, fixed: [held] }));
    expect(lines(plan)).toEqual(["2027-03-16T12:00 Elena Marchetti (no room) fixed", "2027-04-13T10:00 Maja Kowalska"]);
  });

  it("says which session cannot be placed, by the practitioner's name", async () => {
    const plan = await proposeSeries(
      f.database.db,
      options({ practitionerId: elena, sessions: 3, intervalMinDays: 6, intervalMaxDays: 6 }),
    );
    // Elena starts at 11:00 on Tuesdays and never works Mondays; six days after a Tuesday is a Monday.
    expect(lines(plan)).toEqual(["2027-03-16T11:00 Elena Marchetti", "unplaced fully-booked", "unplaced after-unplaced"]);
    expect(plan.sessions[1]).toMatchObject({
      message: "Session 2: nothing free on Mon 22 Mar 2027 with Elena Marchetti — fully booked or away.",
    });
  });

  it("refuses bad input before it reads the calendars", async () => {
    await expect(proposeSeries(f.database.db, options({ sessions: 0 }))).rejects.toBeInstanceOf(SeriesInputError);
    await expect(proposeSeries(f.database.db, options({ intervalMaxDays: 5, intervalMinDays: 6 }))).rejects.toBeInstanceOf(
      SeriesInputError,
    );
  });

  it("refuses an ignored appointment id that is not a uuid rather than unblocking everything", async () => {
    await expect(proposeSeries(f.database.db, options({ ignoreAppointmentIds: ["NULL"] }))).rejects.toBeInstanceOf(RangeError);
  });
});
