import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeSlots, type Busy, type PractitionerCalendar, type RoomCalendar, type Slot, type WeeklyHours } from "../scheduling/slots.ts";
import { localDateOf, localDateTimeToEpoch, toOffsetIso } from "../scheduling/time.ts";
import { planSeries, reflow, SeriesInputError, type PlannedSession, type SeriesPlan, type SeriesRequest } from "./series.ts";

const TZ = "America/Toronto";
const MIN = 60_000;
const DAY = 24 * 60 * MIN;

function at(date: string, time: string): number {
  const ms = localDateTimeToEpoch(date, time, TZ);
  if (ms === null) throw new Error(`${date} ${time} does not exist in ${TZ}`);
  return ms;
}
const busy = (date: string, start: string, end: string): Busy => ({ start: at(date, start), end: at(date, end) });
const iso = (ms: number): string => toOffsetIso(ms, TZ).slice(0, 16) + toOffsetIso(ms, TZ).slice(19);
const slotAt = (date: string, time: string, practitionerId = "alex", roomId: string | null = null): Slot => ({
  start: at(date, time),
  end: at(date, time) + 60 * MIN,
  practitionerId,
  roomId,
});

const NINE_TO_FIVE = [{ start: "09:00", end: "17:00" }];
const WEEKDAYS: WeeklyHours = { 1: NINE_TO_FIVE, 2: NINE_TO_FIVE, 3: NINE_TO_FIVE, 4: NINE_TO_FIVE, 5: NINE_TO_FIVE };
const NOW = at("2027-01-04", "08:00");

function practitioner(id: string, overrides: Partial<PractitionerCalendar> = {}): PractitionerCalendar {
  return { id, weeklyHours: WEEKDAYS, exceptions: [], timeOff: [], busy: [], ...overrides };
}

interface Setup {
  calendars?: PractitionerCalendar[];
  rooms?: RoomCalendar[] | null;
}

/** A request whose `slots` is the real engine over in-memory calendars, as the database layer binds it. */
function request(overrides: Partial<SeriesRequest> & Setup = {}): SeriesRequest {
  const { calendars = [practitioner("alex")], rooms = null, ...rest } = overrides;
  const now = rest.now ?? NOW;
  const horizonDays = rest.horizonDays ?? 365;
  return {
    timeZone: TZ,
    sessions: 4,
    intervalMinDays: 28,
    intervalMaxDays: 42,
    earliestDate: "2027-01-11",
    practitionerId: null,
    practitionerNames: { alex: "Alex", sam: "Sam" },
    now,
    horizonDays,
    slots: (from, to) =>
      computeSlots({
        timeZone: TZ,
        durationMinutes: 60,
        bufferBeforeMinutes: 0,
        bufferAfterMinutes: 0,
        minimumNoticeMinutes: 0,
        horizonDays,
        stepMinutes: 15,
        from,
        to,
        now,
        practitioners: calendars,
        rooms,
      }),
    ...rest,
  };
}

/** "2027-03-15T10:00-04:00 alex proposed", or "unplaced fully-booked". */
function lines(plan: SeriesPlan): string[] {
  return plan.sessions.map((s) =>
    s.status === "unplaced"
      ? `unplaced ${s.reason}`
      : `${iso(s.slot.start)} ${s.slot.practitionerId} ${s.status}${s.outsideWindow ? " outside" : ""}`,
  );
}
const session = (plan: SeriesPlan, n: number): PlannedSession => plan.sessions[n - 1]!;
const placed = (s: PlannedSession): Extract<PlannedSession, { slot: Slot }> => {
  if (s.status === "unplaced") throw new Error(`session ${s.index + 1} is unplaced: ${s.message}`);
  return s;
};
const daysBetween = (a: Slot, b: Slot): number =>
  Math.round((Date.parse(localDateOf(b.start, TZ)) - Date.parse(localDateOf(a.start, TZ))) / DAY);

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
    const plan = planSeries(
      request({
        now,
        sessions: 1,
        slots: (from, to) =>
          computeSlots({
            timeZone: TZ,
            durationMinutes: 60,
            bufferBeforeMinutes: 0,
            bufferAfterMinutes: 0,
            minimumNoticeMinutes: 120,
            horizonDays: 365,
            stepMinutes: 15,
            from,
            to,
            now,
            practitioners: [practitioner("alex")],
            rooms: null,
          }),
      }),
    );
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
