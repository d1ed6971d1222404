import { Temporal } from "temporal-polyfill";
import { describe, expect, it } from "vitest";
import type { CalendarAppointment, TimeOffBlock, WorkingDay } from "../../src/scheduling/calendar.ts";
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
  exception,
});

function grid(over: Partial<CalendarGridInput>) {
  return calendarGrid({
    view: "day",
    date: "2026-06-10",
    today: "2026-06-10",
    timeZone: TZ,
    practitioners: [ANA],
    appointments: [],
    hours: { days: [], timeOff: [] },
    ...over,
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
      timeOff: [{ practitionerId: ANA.id, startMs: at("2026-06-10T12:00"), endMs: at("2026-06-10T13:30") }],
    },
  });

  it("has a column per practitioner with their hours, changed hours and time off", () => {
    expect(day.columns).toEqual([
      { key: ANA.id, label: ANA.name, detail: "9:00 a.m.–5:00 p.m.; Time off, 12:00 p.m.–1:30 p.m.", today: false },
      { key: BEN.id, label: BEN.name, detail: "10:00 a.m.–6:00 p.m. (changed hours)", today: false },
    ]);
  });

  it("puts each appointment in its practitioner's column, in the hour it starts", () => {
    expect(idsAt(day, 9)).toEqual([["a-9", "a-930"], []]);
    expect(idsAt(day, 11)).toEqual([[], ["b-1130"]]);
    expect(idsAt(day, 14)).toEqual([[], ["b-14"]]);
    expect(day.rows.flatMap((r) => r.cells.flatMap((c) => c.items))).toHaveLength(4);
  });

  it("shades the hours each practitioner works and those they have off", () => {
    const cell = (hour: number, column: number) => day.rows.find((r) => r.hour === hour)!.cells[column]!;
    expect(cell(9, 0)).toMatchObject({ working: true, off: false });
    expect(cell(9, 1)).toMatchObject({ working: false, off: false });
    expect(cell(12, 0)).toMatchObject({ working: true, off: true });
    expect(cell(13, 0)).toMatchObject({ working: true, off: true });
    expect(cell(14, 0)).toMatchObject({ working: true, off: false });
    expect(cell(17, 1)).toMatchObject({ working: true, off: false });
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
      [ANA.name, "9:00 a.m.–5:00 p.m.", ["Time off, 12:00 p.m.–1:30 p.m."], ["a-9", "a-930"], []],
      [BEN.name, "10:00 a.m.–6:00 p.m. (changed hours)", [], ["b-14"], ["b-1130"]],
    ]);
    expect(day.weekHours).toEqual([]);
  });

  it("says when someone is not working, and when a date exception took the day off", () => {
    const g = grid({
      practitioners: [ANA, BEN],
      hours: { days: [{ ...works(BEN.id, "2026-06-10"), intervals: [], exception: true }], timeOff: [] },
    });
    expect(g.columns.map((c) => c.detail)).toEqual(["Not working", "Not working (changed hours)"]);
  });

  it("words time off that began before the day or ends after it", () => {
    const g = grid({
      hours: { days: [], timeOff: [{ practitionerId: ANA.id, startMs: at("2026-06-09T15:00"), endMs: at("2026-06-10T11:00") }] },
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
      timeOff: [{ practitionerId: BEN.id, startMs: at("2026-06-11T09:00"), endMs: at("2026-06-11T17:00") }],
    },
  });

  it("has a column per day, today marked, saying who works", () => {
    expect(week.columns.map((c) => [c.key, c.label, c.detail, c.today])).toEqual([
      ["2026-06-08", "Mon, Jun 8", "Nobody working", false],
      ["2026-06-09", "Tue, Jun 9", "Nobody working", false],
      ["2026-06-10", "Wed, Jun 10", "2 working", false],
      ["2026-06-11", "Thu, Jun 11", "1 working", true],
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

  it("shades an hour when anyone works it, and as time off when everyone who works it is off", () => {
    const cell = (hour: number, day: number) => week.rows.find((r) => r.hour === hour)!.cells[day]!;
    expect(cell(10, 2)).toMatchObject({ working: true, off: false });
    expect(cell(10, 3)).toMatchObject({ working: false, off: true });
    expect(cell(10, 0)).toMatchObject({ working: false, off: false });
  });

  it("groups the agenda by day, with who works and who is off", () => {
    const wed = week.agenda[2]!;
    expect(wed.heading).toBe("Wednesday, June 10, 2026");
    expect(wed.hours).toBe("Ana Roy 9:00 a.m.–5:00 p.m.; Ben Diallo 12:00 p.m.–4:00 p.m.");
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

  it("sums up each practitioner's hours, day by day", () => {
    expect(week.weekHours.map((p) => [p.name, p.days[2], p.days[3], p.days[0]])).toEqual([
      [ANA.name, "9:00 a.m.–5:00 p.m.", "Not working", "Not working"],
      [BEN.name, "12:00 p.m.–4:00 p.m.", "9:00 a.m.–5:00 p.m.", "Not working"],
    ]);
  });

  it("gives the one practitioner's hours as each day's detail when only they are shown", () => {
    const g = grid({ view: "week", practitioners: [ANA], hours: { days: [works(ANA.id, "2026-06-10")], timeOff: [] } });
    expect(g.columns[2]!.detail).toBe("9:00 a.m.–5:00 p.m.");
  });
});

describe("a week the clocks change in Toronto", () => {
  const sundayOff: TimeOffBlock = { practitionerId: ANA.id, startMs: at("2026-03-08T03:00"), endMs: at("2026-03-08T12:00") };
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

  it("shades the local hours of time off on the short day, where 2 a.m. never happens", () => {
    const sunday = (hour: number) => spring.rows.find((r) => r.hour === hour)!.cells[6]!;
    expect(sunday(1).off).toBe(false);
    expect(sunday(2).off).toBe(false);
    expect(sunday(3)).toMatchObject({ working: false, off: true });
    expect(sunday(11)).toMatchObject({ working: false, off: true });
    expect(sunday(12)).toMatchObject({ working: true, off: false });
    expect(spring.agenda[6]!.notes).toEqual(["Ana Roy: Time off, 3:00 a.m.–12:00 p.m."]);
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
