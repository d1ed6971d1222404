// The series planner (series.ts) after the first proposal: moving a session
// and re-flowing the later ones, sessions already fixed, the client's
// eligibility and history, input it refuses, and invariants over random
// calendars.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Slot } from "../scheduling/slots.ts";
import { localDateOf } from "../scheduling/time.ts";
import { planSeries, reflow, SeriesInputError, type SeriesRequest } from "./series.ts";
import { at, busy, DAY, daysBetween, lines, MIN, practitioner, request, session, slotAt, TZ } from "./series-test-fixtures.ts";

describe("reflow and fixed sessions", () => {
  it("moving session 2 later keeps session 1 and moves 3..N after it, at the moved session's time", () => {
    const req = request({ sessions: 4 });
    expect(lines(planSeries(req))).toEqual([
      "2027-01-11T09:00-05:00 alex proposed",
      "2027-02-08T09:00-05:00 alex proposed",
      "2027-03-08T09:00-05:00 alex proposed",
      "2027-04-05T09:00-04:00 alex proposed",
    ]);
    const plan = reflow(req, 1, slotAt("2027-02-15", "14:00"));
    expect(lines(plan)).toEqual([
      "2027-01-11T09:00-05:00 alex proposed",
      "2027-02-15T14:00-05:00 alex fixed",
      "2027-03-15T14:00-04:00 alex proposed",
      "2027-04-12T14:00-04:00 alex proposed",
    ]);
    expect(plan.complete).toBe(true);
  });

  it("keeps a moved session outside its window, flagged with how far off it is, and re-flows from it", () => {
    const plan = reflow(request({ sessions: 3, preferredTime: "10:00" }), 1, slotAt("2027-03-01", "10:00"));
    expect(lines(plan)).toEqual([
      "2027-01-11T10:00-05:00 alex proposed",
      "2027-03-01T10:00-05:00 alex fixed outside",
      "2027-03-29T10:00-04:00 alex proposed",
    ]);
    expect(session(plan, 2)).toMatchObject({
      windowFrom: "2027-02-08",
      windowTo: "2027-02-22",
      message: "Session 2 on Mon 1 Mar 2027 is 49 days after session 1; the plan allows 28 to 42.",
    });
    // Outside the window is the person's call, recorded with a reason; the series is still bookable.
    expect(plan.complete).toBe(true);
  });

  it("refuses a move before an earlier session", () => {
    const req = request({ sessions: 3, preferredTime: "10:00" });
    expect(() => reflow(req, 2, slotAt("2027-02-01", "10:00"))).toThrow(SeriesInputError);
    expect(() => reflow(req, 3, slotAt("2027-05-03", "10:00"))).toThrow(SeriesInputError);
  });

  it("keeps later booked sessions where they are and fits the ones between them", () => {
    // Sessions 1 and 3 are booked 84 days apart: session 2 goes late enough that 3 stays within 42 days of it.
    const fixed = [
      { index: 0, ...slotAt("2027-01-11", "10:00") },
      { index: 2, ...slotAt("2027-04-05", "10:00") },
    ];
    const plan = planSeries(request({ sessions: 4, fixed }));
    expect(lines(plan)).toEqual([
      "2027-01-11T10:00-05:00 alex fixed",
      "2027-02-22T10:00-05:00 alex proposed",
      "2027-04-05T10:00-04:00 alex fixed",
      "2027-05-03T10:00-04:00 alex proposed",
    ]);
  });

  it("when that day is taken, places the session in its own window and flags the booked one after it", () => {
    const fixed = [
      { index: 0, ...slotAt("2027-01-11", "10:00") },
      { index: 2, ...slotAt("2027-04-05", "10:00") },
    ];
    const calendars = [practitioner("alex", { exceptions: [{ date: "2027-02-22", intervals: [] }] })];
    const plan = planSeries(request({ calendars, sessions: 3, fixed }));
    expect(lines(plan)).toEqual([
      "2027-01-11T10:00-05:00 alex fixed",
      "2027-02-08T10:00-05:00 alex proposed",
      "2027-04-05T10:00-04:00 alex fixed outside",
    ]);
  });

  it("says when fixed sessions leave no room for the one between them", () => {
    const fixed = [
      { index: 0, ...slotAt("2027-01-11", "10:00") },
      { index: 2, ...slotAt("2027-02-15", "10:00") },
    ];
    const plan = planSeries(request({ sessions: 3, fixed }));
    expect(session(plan, 2)).toMatchObject({
      reason: "between-fixed",
      message:
        "Session 2: does not fit after session 1 on Mon 11 Jan 2027 and before session 3 on Mon 15 Feb 2027 with at least 28 days between sessions.",
    });
    expect(session(plan, 3)).toMatchObject({ status: "fixed", outsideWindow: true });
    expect(plan.complete).toBe(false);
  });
});

describe("planSeries: eligibility and history", () => {
  it("reports a fixed session before the earliest eligible date as a violation, without throwing", () => {
    const plan = planSeries(request({ earliestDate: "2027-01-20", sessions: 2, fixed: [{ index: 0, ...slotAt("2027-01-12", "10:00") }] }));
    expect(session(plan, 1)).toMatchObject({
      status: "fixed",
      beforeEligibility: true,
      message: "Session 1 on Tue 12 Jan 2027 is before the earliest eligible date, Wed 20 Jan 2027.",
    });
    expect(lines(plan)[1]).toBe("2027-02-09T10:00-05:00 alex proposed");
    expect(plan.complete).toBe(false);
  });

  it("does not hold a later eligibility date against a session already held, and waits for the date", () => {
    // Held on 11 Jan; a new wait found on 20 Jan runs to 15 Feb, inside session 2's window.
    const plan = planSeries(
      request({
        now: at("2027-01-20", "08:00"),
        earliestDate: "2027-02-15",
        sessions: 2,
        fixed: [{ index: 0, ...slotAt("2027-01-11", "10:00") }],
      }),
    );
    expect(lines(plan)).toEqual(["2027-01-11T10:00-05:00 alex fixed", "2027-02-15T10:00-05:00 alex proposed"]);
    expect(plan.complete).toBe(true);
  });

  it("says so when the eligibility date is after the whole window", () => {
    const plan = planSeries(
      request({
        now: at("2027-01-20", "08:00"),
        earliestDate: "2027-03-15",
        sessions: 3,
        fixed: [{ index: 0, ...slotAt("2027-01-11", "10:00") }],
      }),
    );
    expect(lines(plan)).toEqual(["2027-01-11T10:00-05:00 alex fixed", "unplaced before-eligibility", "unplaced after-unplaced"]);
    expect(session(plan, 2)).toMatchObject({
      message: "Session 2: its window (Mon 8 Feb – Mon 22 Feb 2027) ends before the earliest eligible date, Mon 15 Mar 2027.",
    });
  });

  it("says so when a paused series' window has passed", () => {
    const plan = planSeries(
      request({
        now: at("2027-03-01", "08:00"),
        earliestDate: "2027-01-04",
        sessions: 2,
        fixed: [{ index: 0, ...slotAt("2027-01-11", "10:00") }],
      }),
    );
    expect(session(plan, 2)).toMatchObject({
      reason: "window-passed",
      message: "Session 2: its window (Mon 8 Feb – Mon 22 Feb 2027) has passed; choose a date for it by hand.",
    });
  });
});

describe("planSeries: input it refuses", () => {
  it.each<[string, Partial<SeriesRequest>]>([
    ["no sessions", { sessions: 0 }],
    ["too many sessions", { sessions: 25 }],
    ["a fractional count", { sessions: 2.5 }],
    ["max below min", { intervalMinDays: 30, intervalMaxDays: 20 }],
    ["a negative interval", { intervalMinDays: -1 }],
    ["an absurd interval", { intervalMaxDays: 10_000 }],
    ["a bad earliest date", { earliestDate: "2027-02-30" }],
    ["a bad preferred time", { preferredTime: "25:00" }],
    ["an unknown zone", { timeZone: "Mars/Olympus" }],
    ["a fixed index outside the series", { fixed: [{ index: 4, ...slotAt("2027-01-11", "10:00") }] }],
    [
      "one session fixed twice",
      {
        fixed: [
          { index: 0, ...slotAt("2027-01-11", "10:00") },
          { index: 0, ...slotAt("2027-01-12", "10:00") },
        ],
      },
    ],
    [
      "fixed sessions out of order",
      {
        fixed: [
          { index: 0, ...slotAt("2027-02-11", "10:00") },
          { index: 1, ...slotAt("2027-01-12", "10:00") },
        ],
      },
    ],
  ])("%s", (_label, change) => {
    expect(() => planSeries(request(change))).toThrow(SeriesInputError);
  });
});

describe("planSeries: invariants over random calendars", () => {
  it("proposes only slots the engine offers, in their windows, never before eligibility, in order", () => {
    const day = fc.integer({ min: 0, max: 200 });
    const block = fc.record({ day, hour: fc.integer({ min: 8, max: 17 }), hours: fc.integer({ min: 1, max: 30 }) });
    fc.assert(
      fc.property(
        fc.array(block, { maxLength: 40 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 21 }),
        fc.integer({ min: 0, max: 21 }),
        fc.integer({ min: 0, max: 30 }),
        (blocks, sessions, minDays, extraDays, startOffset) => {
          const first = at("2027-01-04", "00:00");
          const busyRanges = blocks.map((b) => ({
            start: first + b.day * DAY + b.hour * 60 * MIN,
            end: first + b.day * DAY + (b.hour + b.hours) * 60 * MIN,
          }));
          const calendars = [
            practitioner("alex", { busy: busyRanges }),
            practitioner("sam", { busy: busyRanges.filter((_, i) => i % 2 === 0) }),
          ];
          const earliestDate = localDateOf(first + startOffset * DAY + 12 * 60 * MIN, TZ);
          const req = request({
            calendars,
            sessions,
            intervalMinDays: minDays,
            intervalMaxDays: minDays + extraDays,
            earliestDate,
            horizonDays: 150,
          });
          const plan = planSeries(req);
          let previous: Slot | null = null;
          let broken = false;
          for (const s of plan.sessions) {
            if (s.status === "unplaced") {
              if (broken) expect(s.reason).toBe("after-unplaced");
              broken = true;
              previous = null;
              continue;
            }
            expect(broken).toBe(false);
            const date = localDateOf(s.slot.start, TZ);
            expect(date >= earliestDate).toBe(true);
            expect(date >= s.windowFrom && date <= s.windowTo).toBe(true);
            expect(req.slots(date, date)).toContainEqual(s.slot);
            if (previous) {
              expect(s.slot.start).toBeGreaterThanOrEqual(previous.end);
              const gap = daysBetween(previous, s.slot);
              expect(gap).toBeGreaterThanOrEqual(minDays);
              expect(gap).toBeLessThanOrEqual(minDays + extraDays);
            }
            previous = s.slot;
          }
          expect(plan.complete).toBe(!broken);
        },
      ),
      { numRuns: 60 },
    );
  });
});
