import { Temporal } from "temporal-polyfill";
import { describe, expect, it } from "vitest";
import type { CalendarAppointment, TimeOffBlock, WorkingDay } from "../../src/scheduling/calendar.ts";
import { hoursLessTimeOff } from "../../src/scheduling/slots.ts";
import { calendarAppointment } from "./calendar-test-fixtures.ts";
import { calendarGrid, calendarRange, placeColumn, shortDate, shownPractitioners, type CalendarGridInput } from "./calendar-grid.ts";

const TZ = "America/Toronto";
const HOUR = 3_600_000;

/** The instant of a wall-clock time in Toronto ("2026-03-08T10:00"). */
const at = (local: string) => Temporal.ZonedDateTime.from(`${local}[${TZ}]`).epochMilliseconds;

const ANA = { id: "p-ana", name: "Ana Roy" };
const BEN = { id: "p-ben", name: "Ben Diallo" };

function appointment(id: string, start: string, end: string, more: Partial<CalendarAppointment> = {}): CalendarAppointment {
  return calendarAppointment({ id, startMs: at(start), endMs: at(end), practitionerId: ANA.id, practitionerName: ANA.name, ...more });
}

const works = (practitionerId: string, date: string, start = "09:00", end = "17:00", exception = false): WorkingDay => ({
  practitionerId,
  date,
  intervals: [{ start, end }],
  scheduled: [{ start, end }],
  exception,
});

let offs = 0;
/** Time off of a practitioner between two Toronto wall-clock times. */
const off = (practitionerId: string, start: string, end: string): TimeOffBlock => ({
  id: `off-${++offs}`,
  practitionerId,
  startMs: at(start),
  endMs: at(end),
});

/** The grid, its days' hours with their time off taken out as listWorkingHours does. */
function grid(over: Partial<CalendarGridInput>) {
  const hours = over.hours ?? { days: [], timeOff: [] };
  const days = hours.days.map((w) => ({
    ...w,
    intervals: hoursLessTimeOff(
      w.date,
      w.scheduled,
      hours.timeOff.filter((t) => t.practitionerId === w.practitionerId).map((t) => ({ start: t.startMs, end: t.endMs })),
      TZ,
    ),
  }));
  return calendarGrid({
    view: "day",
    date: "2026-06-10",
    today: "2026-06-10",
    timeZone: TZ,
    practitioners: [ANA],
    appointments: [],
    ...over,
    hours: { days, timeOff: hours.timeOff },
  });
}

/** The ids in each cell of one row, column by column. */
const idsAt = (g: ReturnType<typeof grid>, hour: number) => g.rows.find((r) => r.hour === hour)?.cells.map((c) => c.items.map((i) => i.id));

describe("the range a calendar view shows", () => {
  it("is the day itself in day view, from local midnight to the next", () => {
    const r = calendarRange("day", "2026-06-10", TZ);
    expect(r).toMatchObject({ from: "2026-06-10", to: "2026-06-10", dates: ["2026-06-10"] });
    expect(r.rangeStartMs).toBe(at("2026-06-10T00:00"));
    expect(r.rangeEndMs - r.rangeStartMs).toBe(24 * HOUR);
  });

  it("is Monday to Sunday in week view, whichever day is asked for", () => {
    for (const date of ["2026-06-08", "2026-06-10", "2026-06-14"]) {
      const r = calendarRange("week", date, TZ);
      expect(r.dates).toEqual(["2026-06-08", "2026-06-09", "2026-06-10", "2026-06-11", "2026-06-12", "2026-06-13", "2026-06-14"]);
      expect(r.from).toBe("2026-06-08");
      expect(r.to).toBe("2026-06-14");
    }
  });

  it("is an hour shorter in the week the clocks go forward, and an hour longer when they go back", () => {
    const spring = calendarRange("week", "2026-03-05", TZ);
    expect(spring.rangeStartMs).toBe(at("2026-03-02T00:00"));
    expect(spring.rangeEndMs).toBe(at("2026-03-09T00:00"));
    expect(spring.rangeEndMs - spring.rangeStartMs).toBe(167 * HOUR);
    const autumn = calendarRange("week", "2026-11-01", TZ);
    expect(autumn.from).toBe("2026-10-26");
    expect(autumn.rangeEndMs - autumn.rangeStartMs).toBe(169 * HOUR);
  });
});

describe("the practitioners shown", () => {
  const everyone = [
    { ...ANA, active: true },
    { ...BEN, active: false },
    { id: "p-cy", name: "Cy", active: false },
  ];

  it("are the active ones, and an inactive one only while they still have appointments", () => {
    expect(shownPractitioners(everyone, "", []).map((p) => p.id)).toEqual([ANA.id]);
    expect(shownPractitioners(everyone, "", [{ practitionerId: BEN.id }]).map((p) => p.id)).toEqual([ANA.id, BEN.id]);
  });

  it("are only the one chosen in the filter, active or not", () => {
    expect(shownPractitioners(everyone, "p-cy", []).map((p) => p.id)).toEqual(["p-cy"]);
  });
});

describe("the rows of hours", () => {
  const hoursOf = (g: ReturnType<typeof grid>) => g.rows.map((r) => r.hour);

  it("run from 9 to 5 when nobody works and nothing is booked", () => {
    const g = grid({});
    expect(hoursOf(g)).toEqual([9, 10, 11, 12, 13, 14, 15, 16]);
    expect(g.rows.map((r) => r.label)).toEqual(["9 a.m.", "10 a.m.", "11 a.m.", "12 p.m.", "1 p.m.", "2 p.m.", "3 p.m.", "4 p.m."]);
  });

  it("widen to the earliest and latest working hour, a part hour counting whole", () => {
    const g = grid({ hours: { days: [works(ANA.id, "2026-06-10", "07:30", "19:15")], timeOff: [] } });
    expect(hoursOf(g)).toEqual([7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
  });

  it("never shrink below 9 to 5 for short hours", () => {
    const g = grid({ hours: { days: [works(ANA.id, "2026-06-10", "11:00", "14:00")], timeOff: [] } });
    expect(hoursOf(g)).toEqual([9, 10, 11, 12, 13, 14, 15, 16]);
  });

  it("widen to an appointment outside the hours, through midnight when it runs into the next day", () => {
    const early = grid({ appointments: [appointment("early", "2026-06-10T06:15", "2026-06-10T07:00")] });
    expect(hoursOf(early)[0]).toBe(6);
    const late = grid({ appointments: [appointment("late", "2026-06-10T22:30", "2026-06-11T00:30")] });
    expect(hoursOf(late).at(-1)).toBe(23);
    expect(idsAt(late, 22)).toEqual([["late"]]);
    // Ending at midnight exactly, it still has its row.
    const toMidnight = grid({ appointments: [appointment("to-midnight", "2026-06-10T23:00", "2026-06-11T00:00")] });
    expect(hoursOf(toMidnight).at(-1)).toBe(23);
    expect(idsAt(toMidnight, 23)).toEqual([["to-midnight"]]);
  });
});

describe("the day view", () => {
  const day = grid({
    practitioners: [ANA, BEN],
    appointments: [
      appointment("a-9", "2026-06-10T09:00", "2026-06-10T09:30"),
      appointment("a-930", "2026-06-10T09:30", "2026-06-10T10:00", { clientName: "", planSession: 2, dayState: "arrived" }),
      appointment("b-1130", "2026-06-10T11:30", "2026-06-10T12:30", {
        practitionerId: BEN.id,
        practitionerName: BEN.name,
        status: "cancelled",
        lateCancellation: true,
      }),
      appointment("b-14", "2026-06-10T14:00", "2026-06-10T15:00", { practitionerId: BEN.id, status: "completed", dayState: "completed" }),
    ],
    hours: {
      days: [works(ANA.id, "2026-06-10"), works(BEN.id, "2026-06-10", "10:00", "18:00", true)],
      timeOff: [off(ANA.id, "2026-06-10T12:00", "2026-06-10T13:30")],
    },
  });

  it("has a column per practitioner with their hours less time off, changed hours and time off", () => {
    expect(day.columns).toEqual([
      {
        key: ANA.id,
        label: ANA.name,
        detail: "9:00 a.m.–12:00 p.m., 1:30 p.m.–5:00 p.m. (partly off); Time off, 12:00 p.m.–1:30 p.m.",
        today: false,
      },
      { key: BEN.id, label: BEN.name, detail: "10:00 a.m.–6:00 p.m. (changed hours)", today: false },
    ]);
  });

  it("puts each appointment in its practitioner's column, in the hour it starts", () => {
    expect(idsAt(day, 9)).toEqual([["a-9", "a-930"], []]);
    expect(idsAt(day, 11)).toEqual([[], ["b-1130"]]);
    expect(idsAt(day, 14)).toEqual([[], ["b-14"]]);
    expect(day.rows.flatMap((r) => r.cells.flatMap((c) => c.items))).toHaveLength(4);
  });

  it("shades the hours each practitioner works, and draws their time off as a block from its start to its end", () => {
    const cell = (hour: number, column: number) => day.rows.find((r) => r.hour === hour)!.cells[column]!;
    expect(cell(9, 0)).toMatchObject({ working: true, timeOff: [] });
    expect(cell(9, 1)).toMatchObject({ working: false, timeOff: [] });
    // 12:00–1:30 off: the 12 o'clock hour is not worked, the 1 o'clock hour is from 1:30.
    expect(cell(12, 0).working).toBe(false);
    expect(cell(12, 0).timeOff).toEqual([
      { key: expect.stringMatching(/-12$/), label: "Time off, 12:00 p.m.–1:30 p.m.", place: { at: 0, length: 60, lane: 0, lanes: 1 } },
    ]);
    expect(cell(13, 0).working).toBe(true);
    expect(cell(13, 0).timeOff).toEqual([
      { key: expect.stringMatching(/-13$/), label: "", place: { at: 0, length: 30, lane: 0, lanes: 1 } },
    ]);
    expect(cell(14, 0)).toMatchObject({ working: true, timeOff: [] });
    expect(cell(17, 1)).toMatchObject({ working: true, timeOff: [] });
  });

  it("words each appointment: its times, client, service and status", () => {
    const items = day.rows.flatMap((r) => r.cells.flatMap((c) => c.items));
    expect(items.find((i) => i.id === "a-9")).toEqual({
      id: "a-9",
      time: "9:00–9:30 a.m.",
      client: "Zoe Tremblay",
      service: "Microneedling",
      practitioner: ANA.name,
      badge: "",
      cancelled: false,
      here: false,
      over: false,
      clash: false,
      // At 9:00 for 30 minutes: the top half of the 9 o'clock row.
      place: { at: 0, length: 30, lane: 0, lanes: 1 },
    });
    // Checked in: the badge says so and the block stands out (the client is in the clinic).
    expect(items.find((i) => i.id === "a-930")).toMatchObject({
      client: "(no name)",
      service: "Microneedling · plan session 2",
      badge: "Checked in",
      here: true,
      over: false,
      // 9:30 for 30 minutes: the lower half of the same row, not a row of its own.
      place: { at: 30, length: 30, lane: 0, lanes: 1 },
    });
    expect(items.find((i) => i.id === "b-1130")).toMatchObject({
      time: "11:30 a.m.–12:30 p.m.",
      badge: "Cancelled (late)",
      cancelled: true,
    });
    expect(items.find((i) => i.id === "b-14")).toMatchObject({ badge: "Completed", cancelled: false, here: false, over: true });
  });

  it("lists the same in the agenda, the cancelled ones apart", () => {
    expect(day.agenda.map((g) => [g.heading, g.hours, g.notes, g.items.map((i) => i.id), g.cancelled.map((i) => i.id)])).toEqual([
      [ANA.name, "9:00 a.m.–12:00 p.m., 1:30 p.m.–5:00 p.m. (partly off)", ["Time off, 12:00 p.m.–1:30 p.m."], ["a-9", "a-930"], []],
      [BEN.name, "10:00 a.m.–6:00 p.m. (changed hours)", [], ["b-14"], ["b-1130"]],
    ]);
    expect(day.weekHours).toEqual([]);
  });

  it("says when someone is not working, and when a date exception took the day off", () => {
    const g = grid({
      practitioners: [ANA, BEN],
      hours: { days: [{ ...works(BEN.id, "2026-06-10"), intervals: [], scheduled: [], exception: true }], timeOff: [] },
    });
    expect(g.columns.map((c) => c.detail)).toEqual(["Not working", "Not working (changed hours)"]);
  });

  it("words time off that began before the day or ends after it", () => {
    const g = grid({
      hours: { days: [], timeOff: [off(ANA.id, "2026-06-09T15:00", "2026-06-10T11:00")] },
    });
    expect(g.agenda[0]!.notes).toEqual(["Time off, start of day to 11:00 a.m."]);
  });
});

describe("the week view", () => {
  const week = grid({
    view: "week",
    date: "2026-06-10",
    today: "2026-06-11",
    practitioners: [ANA, BEN],
    appointments: [
      // Started on the Sunday before the week: shown on its first day, in its first row.
      appointment("overnight", "2026-06-07T23:00", "2026-06-08T01:00"),
      appointment("wed-10", "2026-06-10T10:15", "2026-06-10T11:00"),
      appointment("wed-10-ben", "2026-06-10T10:00", "2026-06-10T10:30", { practitionerId: BEN.id, practitionerName: BEN.name }),
      appointment("fri-cancelled", "2026-06-12T15:00", "2026-06-12T16:00", { status: "cancelled" }),
    ],
    hours: {
      days: [works(ANA.id, "2026-06-10"), works(BEN.id, "2026-06-10", "12:00", "16:00"), works(BEN.id, "2026-06-11")],
      timeOff: [off(BEN.id, "2026-06-11T09:00", "2026-06-11T17:00")],
    },
  });

  it("has a column per day, today marked, saying who works: not someone off all day", () => {
    expect(week.columns.map((c) => [c.key, c.label, c.detail, c.today])).toEqual([
      ["2026-06-08", "Mon, Jun 8", "Nobody working", false],
      ["2026-06-09", "Tue, Jun 9", "Nobody working", false],
      ["2026-06-10", "Wed, Jun 10", "2 working", false],
      ["2026-06-11", "Thu, Jun 11", "Nobody working", true],
      ["2026-06-12", "Fri, Jun 12", "Nobody working", false],
      ["2026-06-13", "Sat, Jun 13", "Nobody working", false],
      ["2026-06-14", "Sun, Jun 14", "Nobody working", false],
    ]);
    expect(shortDate("2026-06-08")).toBe("Mon, Jun 8");
  });

  it("puts each appointment under its day, in the hour it starts", () => {
    expect(idsAt(week, 0)).toEqual([["overnight"], [], [], [], [], [], []]);
    expect(idsAt(week, 10)).toEqual([[], [], ["wed-10", "wed-10-ben"], [], [], [], []]);
    expect(idsAt(week, 15)).toEqual([[], [], [], [], ["fri-cancelled"], [], []]);
    expect(week.rows.map((r) => r.hour)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
  });

  it("shades an hour when anyone works it, and draws each practitioner's time off in the day, named", () => {
    const cell = (hour: number, day: number) => week.rows.find((r) => r.hour === hour)!.cells[day]!;
    expect(cell(10, 2)).toMatchObject({ working: true, timeOff: [] });
    expect(cell(10, 3).working).toBe(false);
    expect(cell(9, 3).timeOff.map((o) => [o.label, o.place])).toEqual([
      // Ben's lane is the second of two, whoever else is off: Ana's half still shows whether she works.
      ["Ben Diallo: Time off, 9:00 a.m.–5:00 p.m.", { at: 0, length: 60, lane: 1, lanes: 2 }],
    ]);
    expect(cell(16, 3).timeOff.map((o) => o.label)).toEqual([""]);
    expect(cell(10, 0)).toMatchObject({ working: false, timeOff: [] });
  });

  it("groups the agenda by day, with who works and who is off", () => {
    const wed = week.agenda[2]!;
    expect(wed.heading).toBe("Wednesday, June 10, 2026");
    expect(wed.hours).toBe("Ana Roy 9:00 a.m.–5:00 p.m.; Ben Diallo 12:00 p.m.–4:00 p.m.");
    // Ben is off all Thursday: not among those working.
    expect(week.agenda[3]!.hours).toBe("Nobody working");
    expect(wed.items.map((i) => [i.id, i.practitioner])).toEqual([
      ["wed-10", ANA.name],
      ["wed-10-ben", BEN.name],
    ]);
    const thu = week.agenda[3]!;
    expect(thu.heading).toBe("Thursday, June 11, 2026 (today)");
    expect(thu.notes).toEqual(["Ben Diallo: Time off, 9:00 a.m.–5:00 p.m."]);
    expect(week.agenda[0]!.items.map((i) => i.id)).toEqual(["overnight"]);
    expect(week.agenda[4]!.cancelled.map((i) => i.id)).toEqual(["fri-cancelled"]);
    expect(week.agenda[5]!.hours).toBe("Nobody working");
  });

  it("sums up each practitioner's hours, day by day, time off taken out", () => {
    expect(week.weekHours.map((p) => [p.name, p.days[2], p.days[3], p.days[0]])).toEqual([
      [ANA.name, "9:00 a.m.–5:00 p.m.", "Not working", "Not working"],
      [BEN.name, "12:00 p.m.–4:00 p.m.", "Not working (time off)", "Not working"],
    ]);
  });

  it("gives the one practitioner's hours as each day's detail when only they are shown", () => {
    const g = grid({ view: "week", practitioners: [ANA], hours: { days: [works(ANA.id, "2026-06-10")], timeOff: [] } });
    expect(g.columns[2]!.detail).toBe("9:00 a.m.–5:00 p.m.");
  });
});

describe("a week the clocks change in Toronto", () => {
  const sundayOff = off(ANA.id, "2026-03-08T03:00", "2026-03-08T12:00");
  const spring = grid({
    view: "week",
    date: "2026-03-05",
    today: "2026-03-05",
    appointments: [
      appointment("sat-10", "2026-03-07T10:00", "2026-03-07T11:00"),
      // Before the clocks go forward at 2 a.m., and after.
      appointment("sun-1", "2026-03-08T01:15", "2026-03-08T01:45"),
      appointment("sun-10", "2026-03-08T10:00", "2026-03-08T11:00"),
    ],
    hours: { days: [works(ANA.id, "2026-03-07"), works(ANA.id, "2026-03-08")], timeOff: [sundayOff] },
  });

  it("places appointments by their local hour on both sides of the change", () => {
    expect(idsAt(spring, 10)).toEqual([[], [], [], [], [], ["sat-10"], ["sun-10"]]);
    expect(idsAt(spring, 1)).toEqual([[], [], [], [], [], [], ["sun-1"]]);
    expect(spring.rows.map((r) => r.hour)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
    const sun10 = spring.agenda[6]!.items.find((i) => i.id === "sun-10")!;
    expect(sun10.time).toBe("10:00–11:00 a.m.");
  });

  it("draws time off at its local hours on the short day, where 2 a.m. never happens", () => {
    const sunday = (hour: number) => spring.rows.find((r) => r.hour === hour)!.cells[6]!;
    expect(sunday(1).timeOff).toEqual([]);
    expect(sunday(2).timeOff).toEqual([]);
    expect(sunday(3)).toMatchObject({ working: false, timeOff: [{ label: "Time off, 3:00 a.m.–12:00 p.m." }] });
    expect(sunday(11)).toMatchObject({ working: false, timeOff: [{ label: "", place: { at: 0, length: 60 } }] });
    expect(sunday(12)).toMatchObject({ working: true, timeOff: [] });
    expect(spring.agenda[6]!.notes).toEqual(["Ana Roy: Time off, 3:00 a.m.–12:00 p.m."]);
    expect(spring.columns[6]!.detail).toBe("12:00 p.m.–5:00 p.m. (partly off)");
  });

  it("puts both of the repeated 1 a.m. hours in one row on the day the clocks go back", () => {
    const firstOne = Temporal.ZonedDateTime.from("2026-11-01T01:30[America/Toronto]", { disambiguation: "earlier" }).epochMilliseconds;
    const secondOne = firstOne + HOUR;
    const g = grid({
      date: "2026-11-01",
      today: "2026-11-01",
      appointments: [
        { ...appointment("first", "2026-11-01T09:00", "2026-11-01T09:30"), startMs: firstOne, endMs: firstOne + HOUR / 2 },
        { ...appointment("second", "2026-11-01T09:00", "2026-11-01T09:30"), startMs: secondOne, endMs: secondOne + HOUR / 2 },
      ],
    });
    expect(g.rows[0]!.hour).toBe(1);
    expect(idsAt(g, 1)).toEqual([["first", "second"]]);
    expect(idsAt(g, 2)).toEqual([[]]);
  });
});

describe("time off in the calendar", () => {
  /** Both practitioners work 9 to 5 every day of the week from `monday`. */
  const everyDay = (monday: string) =>
    Array.from({ length: 7 }, (_, i) => Temporal.PlainDate.from(monday).add({ days: i }).toString()).flatMap((d) => [
      works(ANA.id, d),
      works(BEN.id, d),
    ]);
  const ben = { practitionerId: BEN.id, practitionerName: BEN.name };

  describe("the week the clocks go forward (8 to 14 March 2027)", () => {
    const week = grid({
      view: "week",
      date: "2027-03-10",
      today: "2027-03-10",
      practitioners: [ANA, BEN],
      appointments: [
        appointment("fri-ana", "2027-03-12T10:00", "2027-03-12T10:30"),
        appointment("fri-ana-cancelled", "2027-03-12T11:00", "2027-03-12T11:30", { status: "cancelled" }),
        appointment("sun-ben", "2027-03-14T10:00", "2027-03-14T10:30", ben),
        // Ends as Ben's time off ends: no clash.
        appointment("sun-ben-after", "2027-03-14T11:00", "2027-03-14T11:30", ben),
      ],
      hours: {
        days: everyDay("2027-03-08"),
        timeOff: [
          // Ana all Friday; Ben from Saturday 3 p.m. through the night the clocks go forward to Sunday 11 a.m.
          off(ANA.id, "2027-03-12T00:00", "2027-03-13T00:00"),
          off(BEN.id, "2027-03-13T15:00", "2027-03-14T11:00"),
        ],
      },
    });
    const items = week.agenda.flatMap((g) => [...g.items, ...g.cancelled]);

    it("counts only who works: someone off all day is not working, someone partly off still is", () => {
      expect(week.columns.map((c) => c.detail)).toEqual([
        "2 working",
        "2 working",
        "2 working",
        "2 working",
        "1 working",
        "2 working",
        "2 working",
      ]);
      expect(week.agenda[4]!.hours).toBe("Ben Diallo 9:00 a.m.–5:00 p.m.");
    });

    it("states each practitioner's hours less their time off in the week's table", () => {
      expect(week.weekHours.map((p) => [p.name, p.days[4], p.days[5], p.days[6]])).toEqual([
        [ANA.name, "Not working (time off)", "9:00 a.m.–5:00 p.m.", "9:00 a.m.–5:00 p.m."],
        [BEN.name, "9:00 a.m.–5:00 p.m.", "9:00 a.m.–3:00 p.m. (partly off)", "11:00 a.m.–5:00 p.m. (partly off)"],
      ]);
    });

    it("flags a booking inside its practitioner's time off, not a cancelled one, nor one that only touches it", () => {
      expect(Object.fromEntries(items.map((i) => [i.id, i.clash]))).toEqual({
        "fri-ana": true,
        "fri-ana-cancelled": false,
        "sun-ben": true,
        "sun-ben-after": false,
      });
      const inGrid = week.rows.flatMap((r) => r.cells.flatMap((c) => c.items)).find((i) => i.id === "sun-ben")!;
      expect(inGrid.clash).toBe(true);
    });

    it("draws each block in its day, named, on both sides of the change", () => {
      const cell = (hour: number, day: number) => week.rows.find((r) => r.hour === hour)!.cells[day]!;
      expect(cell(9, 4).timeOff.map((o) => o.label)).toEqual(["Ana Roy: Time off all day"]);
      expect(cell(15, 5).timeOff.map((o) => o.label)).toEqual(["Ben Diallo: Time off, 3:00 p.m. to end of day"]);
      // Sunday: from the grid's first row (9 a.m.) to 11 a.m.
      expect(cell(9, 6).timeOff.map((o) => [o.label, o.place.at, o.place.length])).toEqual([
        ["Ben Diallo: Time off, start of day to 11:00 a.m.", 0, 60],
      ]);
      expect(cell(10, 6).timeOff.map((o) => [o.label, o.place.length])).toEqual([["", 60]]);
      expect(cell(11, 6).timeOff).toEqual([]);
      expect(cell(11, 6).working).toBe(true);
    });
  });

  describe("the week the clocks go back (26 October to 1 November 2026)", () => {
    const week = grid({
      view: "week",
      date: "2026-11-01",
      today: "2026-10-28",
      practitioners: [ANA, BEN],
      appointments: [appointment("sun-ana", "2026-11-01T09:30", "2026-11-01T10:00")],
      hours: {
        days: everyDay("2026-10-26"),
        // Ana from Saturday evening through the long night to 10:30 Sunday; Ben all Sunday and the Monday after.
        timeOff: [off(ANA.id, "2026-10-31T18:00", "2026-11-01T10:30"), off(BEN.id, "2026-11-01T00:00", "2026-11-03T00:00")],
      },
    });

    it("counts and states Sunday's hours with the time off taken out", () => {
      expect(week.columns.map((c) => c.detail)).toEqual([
        "2 working",
        "2 working",
        "2 working",
        "2 working",
        "2 working",
        "2 working",
        "1 working",
      ]);
      expect(week.weekHours.map((p) => p.days[6])).toEqual(["10:30 a.m.–5:00 p.m. (partly off)", "Not working (time off)"]);
      expect(week.agenda[6]!.hours).toBe("Ana Roy 10:30 a.m.–5:00 p.m. (partly off)");
      expect(week.agenda[6]!.notes).toEqual(["Ana Roy: Time off, start of day to 10:30 a.m.", "Ben Diallo: Time off all day"]);
    });

    it("puts two practitioners off at once side by side, and flags the booking inside", () => {
      const nine = week.rows.find((r) => r.hour === 9)!.cells[6]!;
      expect(nine.timeOff.map((o) => [o.label, o.place.lane, o.place.lanes])).toEqual([
        ["Ana Roy: Time off, start of day to 10:30 a.m.", 0, 2],
        ["Ben Diallo: Time off all day", 1, 2],
      ]);
      const ten = week.rows.find((r) => r.hour === 10)!.cells[6]!;
      expect(ten.timeOff.map((o) => [o.place.at, o.place.length])).toEqual([
        [0, 30],
        [0, 60],
      ]);
      expect(week.agenda[6]!.items.map((i) => [i.id, i.clash])).toEqual([["sun-ana", true]]);
    });
  });

  it("in day view, draws the block in the practitioner's column, at its minutes", () => {
    const day = grid({
      date: "2027-03-14",
      today: "2027-03-14",
      practitioners: [ANA, BEN],
      hours: { days: everyDay("2027-03-08"), timeOff: [off(BEN.id, "2027-03-14T13:20", "2027-03-14T14:05")] },
    });
    const cell = (hour: number) => day.rows.find((r) => r.hour === hour)!.cells;
    expect(cell(13).map((c) => c.timeOff.map((o) => [o.label, o.place.at, o.place.length]))).toEqual([
      [],
      [["Time off, 1:20 p.m.–2:05 p.m.", 20, 40]],
    ]);
    expect(cell(14)[1]!.timeOff.map((o) => [o.label, o.place.at, o.place.length])).toEqual([["", 0, 5]]);
    expect(day.columns[1]!.detail).toBe("9:00 a.m.–1:20 p.m., 2:05 p.m.–5:00 p.m. (partly off); Time off, 1:20 p.m.–2:05 p.m.");
  });
});

describe("placing appointments at their real start and length", () => {
  const span = (id: string, start: string, end: string) => {
    const [sh, sm] = start.split(":").map(Number);
    const [eh, em] = end.split(":").map(Number);
    return { id, startMin: sh! * 60 + sm!, endMin: eh! * 60 + em! };
  };
  const placed = (spans: ReturnType<typeof span>[], gridEnd = 17 * 60) => Object.fromEntries(placeColumn(spans, gridEnd));

  it("draws each from its start for its length, rounded to 5 minutes, at least 15 minutes tall", () => {
    expect(placed([span("a", "09:00", "09:30"), span("b", "10:07", "10:52"), span("c", "11:00", "11:02")])).toEqual({
      a: { startMin: 540, length: 30, lane: 0, lanes: 1 },
      b: { startMin: 605, length: 45, lane: 0, lanes: 1 },
      c: { startMin: 660, length: 15, lane: 0, lanes: 1 },
    });
  });

  it("puts overlapping ones side by side, and only those", () => {
    const p = placed([span("a", "09:00", "10:00"), span("b", "09:30", "10:30"), span("c", "09:45", "10:15"), span("d", "10:30", "11:00")]);
    expect([p.a, p.b, p.c].map((x) => [x!.lane, x!.lanes])).toEqual([
      [0, 3],
      [1, 3],
      [2, 3],
    ]);
    // After the group ends, the full width again.
    expect([p.d!.lane, p.d!.lanes]).toEqual([0, 1]);
    // A lane freed inside a group is used again.
    const q = placed([span("a", "09:00", "09:30"), span("b", "09:00", "10:00"), span("c", "09:30", "10:00")]);
    expect([q.a, q.b, q.c].map((x) => x!.lane)).toEqual([1, 0, 1]);
    // At the same time, what still happens takes the first lane and a cancelled booking steps aside.
    const r = Object.fromEntries(
      placeColumn([{ ...span("gone", "11:15", "11:45"), cancelled: true }, span("on", "11:15", "11:45")], 17 * 60),
    );
    expect([r.on!.lane, r.gone!.lane]).toEqual([0, 1]);
  });

  it("stops at the grid's end and at four hours", () => {
    expect(placed([span("late", "16:30", "18:00")]).late).toMatchObject({ startMin: 990, length: 30 });
    expect(placed([span("long", "08:00", "16:00")], 24 * 60).long).toMatchObject({ length: 240 });
  });

  it("in the grid, a 30-minute consultation fills half an hour, not the whole row, on the day clocks go forward too", () => {
    // 8 March 2026: 2:00 → 3:00 in Toronto. A 9:15–9:45 appointment still sits at 15 past for 30 minutes.
    const g = calendarGrid({
      view: "day",
      date: "2026-03-08",
      today: "2026-03-08",
      timeZone: TZ,
      practitioners: [ANA],
      appointments: [appointment("dst", "2026-03-08T09:15", "2026-03-08T09:45")],
      hours: { days: [works(ANA.id, "2026-03-08")], timeOff: [] },
    });
    const item = g.rows.find((r) => r.hour === 9)!.cells[0]!.items[0]!;
    expect(item.place).toEqual({ at: 15, length: 30, lane: 0, lanes: 1 });
    // 9:58 rounds to 10:00 but stays in its own row, at its last step (there is no "60 minutes past").
    const late = calendarGrid({
      view: "day",
      date: "2026-03-09",
      today: "2026-03-09",
      timeZone: TZ,
      practitioners: [ANA],
      appointments: [appointment("958", "2026-03-09T09:58", "2026-03-09T10:28")],
      hours: { days: [works(ANA.id, "2026-03-09")], timeOff: [] },
    });
    expect(late.rows.find((r) => r.hour === 9)!.cells[0]!.items[0]!.place.at).toBe(55);
  });
});
