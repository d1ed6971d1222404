// The series planner (series.ts) over in-memory calendars: intervals and the
// earliest date, daylight saving time, a busy calendar pushing a session later
// inside its window, practitioners, and a session that cannot be placed.
// Reflow, history, refused input and invariants are series-reflow.test.ts.
import { describe, expect, it } from "vitest";
import type { Busy, RoomCalendar } from "../scheduling/slots.ts";
import { toOffsetIso } from "../scheduling/time.ts";
import { planSeries } from "./series.ts";
import {
  at,
  busy,
  DAY,
  daysBetween,
  iso,
  lines,
  MIN,
  NINE_TO_FIVE,
  placed,
  practitioner,
  request,
  session,
  TZ,
} from "./series-test-fixtures.ts";

describe("planSeries: intervals and the earliest eligible date", () => {
  it("proposes every session at once, each inside its window after the previous one", () => {
    const plan = planSeries(request({ preferredTime: "10:00" }));
    expect(lines(plan)).toEqual([
      "2027-01-11T10:00-05:00 alex proposed",
      "2027-02-08T10:00-05:00 alex proposed",
      "2027-03-08T10:00-05:00 alex proposed",
      "2027-04-05T10:00-04:00 alex proposed",
    ]);
    expect(plan.complete).toBe(true);
    expect(plan.sessions.map((s) => [s.windowFrom, s.windowTo])).toEqual([
      ["2027-01-11", "2027-02-22"],
      ["2027-02-08", "2027-02-22"],
      ["2027-03-08", "2027-03-22"],
      ["2027-04-05", "2027-04-19"],
    ]);
    for (const s of plan.sessions) expect(placed(s)).toMatchObject({ outsideWindow: false, beforeEligibility: false, message: null });
  });

  it("never proposes anything before the earliest eligible date, though earlier days are free", () => {
    const plan = planSeries(request({ earliestDate: "2027-01-13", sessions: 2 }));
    // No preferred time and nothing before: the earliest slot, then that time again.
    expect(lines(plan)).toEqual(["2027-01-13T09:00-05:00 alex proposed", "2027-02-10T09:00-05:00 alex proposed"]);
    expect(session(plan, 1)).toMatchObject({ windowFrom: "2027-01-13", windowTo: "2027-02-24" });
  });

  it("starts no earlier than the engine allows when the earliest date is today (minimum notice)", () => {
    const now = at("2027-01-11", "08:00");
    const plan = planSeries(request({ now, sessions: 1, minimumNoticeMinutes: 120 }));
    expect(lines(plan)).toEqual(["2027-01-11T10:00-05:00 alex proposed"]);
  });

  it("with an interval of exactly one week, lands every week", () => {
    const plan = planSeries(request({ sessions: 5, intervalMinDays: 7, intervalMaxDays: 7, preferredTime: "15:30" }));
    const slots = plan.sessions.map((s) => placed(s).slot);
    for (let i = 1; i < slots.length; i++) expect(daysBetween(slots[i - 1]!, slots[i]!)).toBe(7);
  });
});

describe("planSeries: daylight saving time in Toronto", () => {
  it("keeps the previous session's 10:00 across spring-forward (2027-03-14), though 7 × 24 h would say 11:00", () => {
    const calendars = [practitioner("alex", { busy: [busy("2027-03-08", "09:00", "10:00")] })];
    const plan = planSeries(request({ calendars, earliestDate: "2027-03-08", sessions: 3, intervalMinDays: 7, intervalMaxDays: 14 }));
    expect(lines(plan)).toEqual([
      "2027-03-08T10:00-05:00 alex proposed",
      "2027-03-15T10:00-04:00 alex proposed",
      "2027-03-22T10:00-04:00 alex proposed",
    ]);
    const [first, second] = plan.sessions.map((s) => placed(s).slot);
    expect(second!.start - first!.start).toBe(7 * DAY - 60 * MIN);
  });

  it("keeps 10:00 across fall-back (2027-11-07), though 7 × 24 h would say 09:00", () => {
    const plan = planSeries(
      request({ earliestDate: "2027-11-01", sessions: 3, intervalMinDays: 7, intervalMaxDays: 14, preferredTime: "10:00" }),
    );
    expect(lines(plan)).toEqual([
      "2027-11-01T10:00-04:00 alex proposed",
      "2027-11-08T10:00-05:00 alex proposed",
      "2027-11-15T10:00-05:00 alex proposed",
    ]);
  });

  it.each([
    { label: "spring-forward", earliest: "2027-02-28", dates: ["2027-02-28", "2027-03-07", "2027-03-14", "2027-03-21"] },
    { label: "fall-back", earliest: "2027-10-24", dates: ["2027-10-24", "2027-10-31", "2027-11-07", "2027-11-14"] },
  ])("puts a weekly Sunday session on the $label day itself at 10:00 local", ({ earliest, dates }) => {
    const calendars = [practitioner("alex", { weeklyHours: { 7: NINE_TO_FIVE } })];
    const plan = planSeries(request({ calendars, earliestDate: earliest, intervalMinDays: 7, intervalMaxDays: 7, preferredTime: "10:00" }));
    expect(plan.sessions.map((s) => toOffsetIso(placed(s).slot.start, TZ).slice(0, 16))).toEqual(dates.map((d) => `${d}T10:00`));
  });
});

describe("planSeries: the calendar pushes a session later inside its window", () => {
  it.each([
    { label: "a day of time off", change: { timeOff: [busy("2027-02-08", "00:00", "23:59")] } },
    { label: "a holiday (a special date without hours)", change: { exceptions: [{ date: "2027-02-08", intervals: [] }] } },
  ])("$label moves the session to the next working day and the rest follow it", ({ change }) => {
    const plan = planSeries(request({ calendars: [practitioner("alex", change)], sessions: 3, preferredTime: "10:00" }));
    expect(lines(plan)).toEqual([
      "2027-01-11T10:00-05:00 alex proposed",
      "2027-02-09T10:00-05:00 alex proposed",
      "2027-03-09T10:00-05:00 alex proposed",
    ]);
    expect(session(plan, 3)).toMatchObject({ windowFrom: "2027-03-09", windowTo: "2027-03-23" });
  });

  it("a week away moves the session past the week", () => {
    const calendars = [practitioner("alex", { timeOff: [{ start: at("2027-02-06", "00:00"), end: at("2027-02-15", "00:00") }] })];
    const plan = planSeries(request({ calendars, sessions: 2, preferredTime: "10:00" }));
    expect(lines(plan)[1]).toBe("2027-02-15T10:00-05:00 alex proposed");
  });

  it("avoids a booking at the regular time, taking the closest time that day", () => {
    const calendars = [practitioner("alex", { busy: [busy("2027-02-08", "09:00", "11:00")] })];
    const plan = planSeries(request({ calendars, sessions: 3, preferredTime: "10:00" }));
    expect(lines(plan).slice(1)).toEqual(["2027-02-08T11:00-05:00 alex proposed", "2027-03-08T10:00-05:00 alex proposed"]);
  });

  it("without a preferred time, follows the previous session's time of day", () => {
    const calendars = [practitioner("alex", { busy: [busy("2027-01-11", "09:00", "14:00")] })];
    const plan = planSeries(request({ calendars, sessions: 3 }));
    expect(lines(plan)).toEqual([
      "2027-01-11T14:00-05:00 alex proposed",
      "2027-02-08T14:00-05:00 alex proposed",
      "2027-03-08T14:00-05:00 alex proposed",
    ]);
  });

  it("needs a free room: takes the other room, or the closest time when both are taken", () => {
    const rooms: RoomCalendar[] = [
      { id: "r1", busy: [busy("2027-02-08", "10:00", "11:00"), busy("2027-03-08", "09:00", "11:00")] },
      { id: "r2", busy: [busy("2027-03-08", "09:30", "11:30")] },
    ];
    const plan = planSeries(request({ rooms, sessions: 3, preferredTime: "10:00" }));
    expect(plan.sessions.map((s) => `${iso(placed(s).slot.start)} ${placed(s).slot.roomId}`)).toEqual([
      "2027-01-11T10:00-05:00 r1",
      "2027-02-08T10:00-05:00 r2",
      "2027-03-08T11:00-05:00 r1",
    ]);
  });
});

describe("planSeries: practitioners", () => {
  it("keeps the previous session's practitioner when several are free at the same time", () => {
    const calendars = [practitioner("alex", { busy: [busy("2027-01-11", "10:00", "11:00")] }), practitioner("sam")];
    const plan = planSeries(request({ calendars, sessions: 3, preferredTime: "10:00" }));
    expect(lines(plan)).toEqual([
      "2027-01-11T10:00-05:00 sam proposed",
      "2027-02-08T10:00-05:00 sam proposed",
      "2027-03-08T10:00-05:00 sam proposed",
    ]);
  });

  it("keeps the client's regular time before the practitioner when 'anyone' was chosen", () => {
    const calendars = [practitioner("alex", { busy: [busy("2027-02-08", "10:00", "11:00")] }), practitioner("sam")];
    const plan = planSeries(request({ calendars, sessions: 3, preferredTime: "10:00" }));
    expect(lines(plan)).toEqual([
      "2027-01-11T10:00-05:00 alex proposed",
      "2027-02-08T10:00-05:00 sam proposed",
      "2027-03-08T10:00-05:00 sam proposed",
    ]);
  });

  it("offers only the chosen practitioner, even when someone else is free earlier", () => {
    const calendars = [practitioner("alex"), practitioner("sam", { weeklyHours: { 3: NINE_TO_FIVE } })];
    const plan = planSeries(request({ calendars, practitionerId: "sam", sessions: 2, preferredTime: "10:00" }));
    expect(lines(plan)).toEqual(["2027-01-13T10:00-05:00 sam proposed", "2027-02-10T10:00-05:00 sam proposed"]);
  });
});

describe("planSeries: a session that cannot be placed", () => {
  const fullFortnight = busy("2027-02-08", "00:00", "23:59");

  it("names the session, the dates and the practitioner, and leaves the later ones after-unplaced", () => {
    const blocked: Busy = { start: fullFortnight.start, end: at("2027-02-23", "00:00") };
    const plan = planSeries(request({ calendars: [practitioner("alex", { busy: [blocked] })], practitionerId: "alex", sessions: 5 }));
    expect(lines(plan)).toEqual([
      "2027-01-11T09:00-05:00 alex proposed",
      "unplaced fully-booked",
      "unplaced after-unplaced",
      "unplaced after-unplaced",
      "unplaced after-unplaced",
    ]);
    expect(session(plan, 2)).toMatchObject({
      status: "unplaced",
      reason: "fully-booked",
      message: "Session 2: nothing free between Mon 8 Feb and Mon 22 Feb 2027 with Alex — fully booked or away.",
    });
    expect(session(plan, 3)).toMatchObject({ message: "Session 3: waits until session 2 has a date." });
    // Where session 3 would fall, whichever day of its window session 2 ends up on.
    expect(session(plan, 3)).toMatchObject({ windowFrom: "2027-03-08", windowTo: "2027-04-05" });
    expect(plan.complete).toBe(false);
  });

  it("says when every practitioner is booked", () => {
    const blocked: Busy = { start: at("2027-01-11", "00:00"), end: at("2027-02-23", "00:00") };
    const calendars = [practitioner("alex", { busy: [blocked] }), practitioner("sam", { busy: [blocked] })];
    const plan = planSeries(request({ calendars, sessions: 2 }));
    expect(session(plan, 1)).toMatchObject({
      reason: "fully-booked",
      message: "Session 1: nothing free between Mon 11 Jan and Mon 22 Feb 2027 with any practitioner — all fully booked or away.",
    });
  });

  it("reports a window past the booking horizon as such, not as fully booked", () => {
    // Horizon 60 days from Mon 4 Jan: bookable up to Fri 5 Mar.
    const plan = planSeries(request({ horizonDays: 60, sessions: 3, preferredTime: "10:00" }));
    expect(lines(plan)).toEqual([
      "2027-01-11T10:00-05:00 alex proposed",
      "2027-02-08T10:00-05:00 alex proposed",
      "unplaced beyond-horizon",
    ]);
    expect(session(plan, 3)).toMatchObject({
      message:
        "Session 3: its window (Mon 8 Mar – Mon 22 Mar 2027) is past the booking horizon; the calendar is open up to Fri 5 Mar 2027.",
    });
  });

  it("reports a window that is full up to the horizon as beyond the horizon", () => {
    const blocked: Busy = { start: at("2027-02-08", "00:00"), end: at("2027-02-14", "00:00") };
    const plan = planSeries(
      request({ calendars: [practitioner("alex", { busy: [blocked] })], practitionerId: "alex", horizonDays: 40, sessions: 2 }),
    );
    expect(session(plan, 2)).toMatchObject({
      reason: "beyond-horizon",
      message:
        "Session 2: nothing free between Mon 8 Feb and Sat 13 Feb 2027 with Alex, and the calendar is not open after Sat 13 Feb 2027 yet.",
    });
  });
});
