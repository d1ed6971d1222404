// The slot engine's listing, computeSlots: working hours, busy ranges and
// buffers, notice and horizon, date exceptions, rooms, ordering, bad input,
// and daylight saving time. findSlot and nearestSlots: find-slot.test.ts.
import { describe, expect, it } from "vitest";
import {
  at,
  busy,
  dayOf,
  FALL_BACK,
  grid,
  iso,
  MIN,
  MONDAY,
  NINE_TO_FIVE,
  practitioner,
  request,
  SPRING_FORWARD,
  wall,
  walls,
} from "./slot-test-helpers.ts";
import { computeSlots, DEFAULT_SLOT_RULES, findSlot, type PractitionerCalendar } from "./slots.ts";

describe("DEFAULT_SLOT_RULES", () => {
  it("has the product defaults", () => {
    expect(DEFAULT_SLOT_RULES).toEqual({ minimumNoticeMinutes: 120, horizonDays: 180, stepMinutes: 15 });
  });
});

describe("computeSlots: working hours and stepping", () => {
  it("offers every step whose whole service fits inside the hours", () => {
    const slots = computeSlots(request());
    expect(walls(slots)).toEqual(grid("09:00", "16:00"));
    for (const s of slots) {
      expect(s.end - s.start).toBe(60 * MIN);
      expect(s).toMatchObject({ practitionerId: "ana", roomId: null });
    }
    expect(iso(slots[0]!.start)).toBe("2027-03-15T09:00:00-04:00");
  });

  it("steps from the interval's own start, not from the top of the hour", () => {
    const p = practitioner("ana", { weeklyHours: { 1: [{ start: "09:10", end: "12:00" }] } });
    const slots = computeSlots(request({ practitioners: [p], stepMinutes: 30, durationMinutes: 45 }));
    expect(walls(slots)).toEqual(["09:10", "09:40", "10:10", "10:40", "11:10"]);
  });

  it("re-anchors the grid on each interval of the day", () => {
    const hours = [
      { start: "09:00", end: "10:00" },
      { start: "10:10", end: "11:30" },
    ];
    const p = practitioner("ana", { weeklyHours: { 1: hours } });
    const slots = computeSlots(request({ practitioners: [p], stepMinutes: 30, durationMinutes: 30 }));
    expect(walls(slots)).toEqual(["09:00", "09:30", "10:10", "10:40"]);
  });

  it("does not use a step longer than the service to fill the gap", () => {
    const p = practitioner("ana", { weeklyHours: { 1: [{ start: "09:00", end: "11:00" }] } });
    const slots = computeSlots(request({ practitioners: [p], stepMinutes: 60, durationMinutes: 30 }));
    expect(walls(slots)).toEqual(["09:00", "10:00"]);
  });

  it("lists a start once even when working intervals overlap", () => {
    const hours = [
      { start: "09:00", end: "11:00" },
      { start: "10:00", end: "12:00" },
    ];
    const p = practitioner("ana", { weeklyHours: { 1: hours } });
    const slots = computeSlots(request({ practitioners: [p], stepMinutes: 30 }));
    expect(walls(slots)).toEqual(["09:00", "09:30", "10:00", "10:30", "11:00"]);
  });

  it("accepts a closing time at minute 59", () => {
    const p = practitioner("ana", { weeklyHours: { 1: [{ start: "09:00", end: "10:59" }] } });
    expect(walls(computeSlots(request({ practitioners: [p] })))).toEqual(["09:00", "09:15", "09:30", "09:45"]);
  });

  it("accepts 24:00 as closing at midnight", () => {
    const p = practitioner("ana", { exceptions: [{ date: MONDAY, intervals: [{ start: "22:00", end: "24:00" }] }] });
    const slots = computeSlots(request({ practitioners: [p], stepMinutes: 30, from: MONDAY, to: "2027-03-16" }));
    expect(slots.filter((s) => dayOf(s.start) === MONDAY).map((s) => wall(s.start))).toEqual(["22:00", "22:30", "23:00"]);
    expect(iso(slots.find((s) => wall(s.start) === "23:00")!.end)).toBe("2027-03-16T00:00:00-04:00");
  });

  it("covers every date from..to inclusive, each with its weekday's hours", () => {
    // Mon 15 .. Sun 21: five working days, weekend closed.
    const slots = computeSlots(request({ from: MONDAY, to: "2027-03-21" }));
    const perDay = new Map<string, number>();
    for (const s of slots) perDay.set(dayOf(s.start), (perDay.get(dayOf(s.start)) ?? 0) + 1);
    expect([...perDay]).toEqual(["2027-03-15", "2027-03-16", "2027-03-17", "2027-03-18", "2027-03-19"].map((d) => [d, 29]));
  });
});

describe("computeSlots: busy ranges and buffers", () => {
  const lunch = busy(MONDAY, "12:00", "13:00");

  it.each([
    { before: 0, after: 0, lastBefore: "11:00", firstAfter: "13:00" },
    { before: 15, after: 0, lastBefore: "11:00", firstAfter: "13:15" },
    { before: 0, after: 30, lastBefore: "10:30", firstAfter: "13:00" },
    { before: 15, after: 30, lastBefore: "10:30", firstAfter: "13:15" },
  ])("before $before / after $after keeps the buffers clear of a busy range on both sides", ({ before, after, lastBefore, firstAfter }) => {
    const slots = computeSlots(
      request({
        practitioners: [practitioner("ana", { busy: [lunch] })],
        bufferBeforeMinutes: before,
        bufferAfterMinutes: after,
      }),
    );
    // Buffers may spill outside working hours, so 09:00 and 16:00 survive.
    expect(walls(slots)).toEqual(grid("09:00", "16:00").filter((t) => t <= lastBefore || t >= firstAfter));
  });

  it("allows back-to-back appointments when there are no buffers", () => {
    const slots = computeSlots(request({ practitioners: [practitioner("ana", { busy: [busy(MONDAY, "10:00", "11:00")] })] }));
    const times = walls(slots);
    expect(times).toContain("09:00");
    expect(times).toContain("11:00");
    expect(times.filter((t) => t > "09:00" && t < "11:00")).toEqual([]);
  });

  it("keeps the buffer before clear of a busy range that ends between two steps", () => {
    const meeting = busy(MONDAY, "12:00", "12:50");
    const without = computeSlots(request({ practitioners: [practitioner("ana", { busy: [meeting] })] }));
    expect(walls(without)).toEqual([...grid("09:00", "11:00"), ...grid("13:00", "16:00")]);
    // With its buffer, 13:00 blocks the practitioner from 12:45, while the meeting still runs.
    const withBuffer = computeSlots(request({ practitioners: [practitioner("ana", { busy: [meeting] })], bufferBeforeMinutes: 15 }));
    expect(walls(withBuffer)).toEqual([...grid("09:00", "11:00"), ...grid("13:15", "16:00")]);
  });

  it("treats time off like busy, buffers included", () => {
    const off = busy(MONDAY, "13:00", "17:00");
    expect(walls(computeSlots(request({ practitioners: [practitioner("ana", { timeOff: [off] })] })))).toEqual(grid("09:00", "12:00"));
    const withBuffer = computeSlots(request({ practitioners: [practitioner("ana", { timeOff: [off] })], bufferAfterMinutes: 30 }));
    expect(walls(withBuffer)).toEqual(grid("09:00", "11:30"));
  });

  it("blocks every day covered by a multi-day time off", () => {
    const vacation = { start: at(MONDAY, "00:00"), end: at("2027-03-17", "00:00") };
    const slots = computeSlots(request({ practitioners: [practitioner("ana", { timeOff: [vacation] })], from: MONDAY, to: "2027-03-17" }));
    expect(new Set(slots.map((s) => dayOf(s.start)))).toEqual(new Set(["2027-03-17"]));
  });

  it("handles unsorted, overlapping and empty busy ranges", () => {
    const ranges = [
      busy(MONDAY, "14:30", "15:00"),
      busy(MONDAY, "10:00", "11:00"),
      busy(MONDAY, "14:00", "16:00"),
      busy(MONDAY, "10:30", "11:30"),
      { start: at(MONDAY, "12:00"), end: at(MONDAY, "12:00") },
    ];
    const slots = computeSlots(request({ practitioners: [practitioner("ana", { busy: ranges })] }));
    // 14:30-15:00 lies inside 14:00-16:00 and must not shorten it.
    expect(walls(slots)).toEqual(["09:00", ...grid("11:30", "13:00"), "16:00"]);
  });

  it("keeps a long busy range whole when a short one lies inside it", () => {
    const ranges = [busy(MONDAY, "09:00", "13:00"), busy(MONDAY, "09:30", "10:00")];
    const slots = computeSlots(request({ practitioners: [practitioner("ana", { busy: ranges })] }));
    expect(walls(slots)).toEqual(grid("13:00", "16:00"));
  });

  it("ignores other practitioners' appointments", () => {
    const slots = computeSlots(
      request({ practitioners: [practitioner("ana", { busy: [busy(MONDAY, "09:00", "17:00")] }), practitioner("ben")] }),
    );
    expect(new Set(slots.map((s) => s.practitionerId))).toEqual(new Set(["ben"]));
    expect(slots).toHaveLength(29);
  });
});

describe("computeSlots: notice and horizon", () => {
  it("requires the minimum notice, inclusive", () => {
    const slots = computeSlots(request({ now: at(MONDAY, "09:00"), minimumNoticeMinutes: 120 }));
    expect(walls(slots)[0]).toBe("11:00");
    const later = computeSlots(request({ now: at(MONDAY, "09:00") + 1, minimumNoticeMinutes: 120 }));
    expect(walls(later)[0]).toBe("11:15");
  });

  it("keeps the step grid when notice cuts into the hours", () => {
    const p = practitioner("ana", { weeklyHours: { 1: [{ start: "09:10", end: "12:00" }] } });
    const slots = computeSlots(
      request({ practitioners: [p], now: at(MONDAY, "09:00"), minimumNoticeMinutes: 20, stepMinutes: 30, durationMinutes: 45 }),
    );
    expect(walls(slots)).toEqual(["09:40", "10:10", "10:40", "11:10"]);
  });

  it("never offers past times even with zero notice", () => {
    const slots = computeSlots(request({ now: at(MONDAY, "12:05"), from: "2027-03-08", to: MONDAY }));
    expect(slots.map((s) => iso(s.start))[0]).toBe("2027-03-15T12:15:00-04:00");
  });

  it("counts the horizon in the clinic's calendar days", () => {
    // 22:00 in Toronto on Mar 1 is already Mar 2 in UTC; the horizon must not gain a day from that.
    const req = request({ now: at("2027-03-01", "22:00"), horizonDays: 14, from: "2027-03-14", to: "2027-03-17" });
    const slots = computeSlots(req);
    expect(new Set(slots.map((s) => dayOf(s.start)))).toEqual(new Set([MONDAY]));
    expect(walls(slots)).toEqual(grid("09:00", "16:00"));
    expect(findSlot(req, at(MONDAY, "16:00"))).not.toBeNull();
    expect(findSlot(req, at("2027-03-16", "09:00"))).toBeNull();
  });

  it("with a zero horizon offers only today", () => {
    const slots = computeSlots(request({ now: at(MONDAY, "07:00"), horizonDays: 0, from: MONDAY, to: "2027-03-19" }));
    expect(new Set(slots.map((s) => dayOf(s.start)))).toEqual(new Set([MONDAY]));
  });

  it("offers nothing for dates that are all before today or all past the horizon", () => {
    const now = at(MONDAY, "08:00");
    expect(computeSlots(request({ now, from: "2027-03-08", to: "2027-03-12" }))).toEqual([]);
    expect(computeSlots(request({ now, horizonDays: 7, from: "2027-03-23", to: "2027-03-26" }))).toEqual([]);
    // The horizon's last day itself is bookable.
    expect(walls(computeSlots(request({ now, horizonDays: 7, from: "2027-03-22", to: "2027-03-26" })))).toEqual(grid("09:00", "16:00"));
  });

  it("does not even read the hours of dates before today or past the horizon", () => {
    // Corrupt hours would throw if they were read; a wide request is cut to today..horizon first.
    const corrupt = [{ start: "17:00", end: "09:00" }];
    const p = practitioner("ana", {
      exceptions: [
        { date: "2027-03-12", intervals: corrupt },
        { date: "2027-03-23", intervals: corrupt },
      ],
    });
    const slots = computeSlots(
      request({ practitioners: [p], now: at(MONDAY, "08:00"), horizonDays: 7, from: "2027-03-01", to: "2027-03-31" }),
    );
    expect([...new Set(slots.map((s) => dayOf(s.start)))]).toEqual([
      "2027-03-15",
      "2027-03-16",
      "2027-03-17",
      "2027-03-18",
      "2027-03-19",
      "2027-03-22",
    ]);
  });
});

describe("computeSlots: date exceptions", () => {
  it("closes the whole day for an exception without intervals", () => {
    const p = practitioner("ana", { exceptions: [{ date: MONDAY, intervals: [] }] });
    const slots = computeSlots(request({ practitioners: [p], from: MONDAY, to: "2027-03-22" }));
    expect(slots.some((s) => dayOf(s.start) === MONDAY)).toBe(false);
    expect(slots.filter((s) => dayOf(s.start) === "2027-03-22")).toHaveLength(29);
    expect(slots.filter((s) => dayOf(s.start) === "2027-03-16")).toHaveLength(29);
  });

  it("replaces the weekly hours with special hours", () => {
    const p = practitioner("ana", {
      exceptions: [
        { date: MONDAY, intervals: [{ start: "13:00", end: "15:00" }] },
        // A Saturday, normally closed.
        { date: "2027-03-20", intervals: [{ start: "10:00", end: "12:00" }] },
        {
          date: "2027-03-17",
          intervals: [
            { start: "09:00", end: "10:00" },
            { start: "15:00", end: "16:30" },
          ],
        },
      ],
    });
    const slots = computeSlots(request({ practitioners: [p], from: MONDAY, to: "2027-03-21" }));
    const on = (date: string): string[] => walls(slots.filter((s) => dayOf(s.start) === date));
    expect(on(MONDAY)).toEqual(grid("13:00", "14:00"));
    expect(on("2027-03-16")).toEqual(grid("09:00", "16:00"));
    expect(on("2027-03-17")).toEqual(["09:00", "15:00", "15:15", "15:30"]);
    expect(on("2027-03-20")).toEqual(grid("10:00", "11:00"));
    expect(on("2027-03-21")).toEqual([]);
  });

  it("takes the first exception for a date, so a stray duplicate cannot widen the hours", () => {
    const p = practitioner("ana", {
      exceptions: [
        { date: MONDAY, intervals: [{ start: "13:00", end: "15:00" }] },
        { date: MONDAY, intervals: [{ start: "08:00", end: "20:00" }] },
      ],
    });
    expect(walls(computeSlots(request({ practitioners: [p] })))).toEqual(grid("13:00", "14:00"));
  });
});

describe("computeSlots: rooms", () => {
  const roomA = { id: "room-a", busy: [busy(MONDAY, "10:00", "11:00")] };
  const roomB = { id: "room-b", busy: [] };

  it("assigns the first free room in input order", () => {
    const slots = computeSlots(request({ rooms: [roomA, roomB] }));
    const roomAt = (t: string): string | null | undefined => slots.find((s) => wall(s.start) === t)?.roomId;
    expect(roomAt("09:00")).toBe("room-a");
    expect(roomAt("10:00")).toBe("room-b");
    expect(roomAt("10:45")).toBe("room-b");
    expect(roomAt("11:00")).toBe("room-a");
    expect(slots).toHaveLength(29);
  });

  it("keeps the room free for the buffers too", () => {
    const slots = computeSlots(request({ rooms: [roomA, roomB], bufferAfterMinutes: 15 }));
    expect(slots.find((s) => wall(s.start) === "09:00")?.roomId).toBe("room-b");
    expect(slots.find((s) => wall(s.start) === "08:45")).toBeUndefined();
  });

  it("offers nothing while every room is busy", () => {
    const roomBBusy = { id: "room-b", busy: [busy(MONDAY, "10:00", "11:00")] };
    const slots = computeSlots(request({ rooms: [roomA, roomBBusy] }));
    expect(walls(slots)).toEqual(["09:00", ...grid("11:00", "16:00")]);
    expect(slots.every((s) => s.roomId === "room-a")).toBe(true);
  });

  it("needs just one room free for the whole blocked range, not the same room as the neighbours", () => {
    const roomBEarly = { id: "room-b", busy: [busy(MONDAY, "09:45", "10:30")] };
    const slots = computeSlots(request({ rooms: [roomA, roomBEarly] }));
    expect(slots.filter((s) => wall(s.start) < "11:00").map((s) => `${wall(s.start)} ${s.roomId}`)).toEqual([
      "09:00 room-a",
      "10:30 room-b",
      "10:45 room-b",
    ]);
  });

  it("offers nothing when the service needs a room and there is none", () => {
    expect(computeSlots(request({ rooms: [] }))).toEqual([]);
  });
});

describe("computeSlots: ordering", () => {
  it("orders by start, then by the practitioners' input order", () => {
    const zoe = practitioner("zoe", { weeklyHours: { 1: [{ start: "09:00", end: "12:00" }] } });
    const ana = practitioner("ana", { weeklyHours: { 1: [{ start: "10:00", end: "13:00" }] } });
    const slots = computeSlots(request({ practitioners: [zoe, ana], stepMinutes: 30 }));
    expect(slots.map((s) => `${wall(s.start)} ${s.practitionerId}`)).toEqual([
      "09:00 zoe",
      "09:30 zoe",
      "10:00 zoe",
      "10:00 ana",
      "10:30 zoe",
      "10:30 ana",
      "11:00 zoe",
      "11:00 ana",
      "11:30 ana",
      "12:00 ana",
    ]);
  });

  it("sorts across days and practitioners with different hours", () => {
    const early = practitioner("early", { weeklyHours: { 1: [{ start: "07:00", end: "09:00" }], 2: [{ start: "07:00", end: "09:00" }] } });
    const late = practitioner("late", { weeklyHours: { 1: [{ start: "18:00", end: "20:00" }], 2: [{ start: "18:00", end: "20:00" }] } });
    const slots = computeSlots(request({ practitioners: [late, early], from: MONDAY, to: "2027-03-16" }));
    const starts = slots.map((s) => s.start);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(slots[0]?.practitionerId).toBe("early");
    expect(slots.map((s) => `${dayOf(s.start)} ${s.practitionerId}`).filter((v, i, all) => all[i - 1] !== v)).toEqual([
      "2027-03-15 early",
      "2027-03-15 late",
      "2027-03-16 early",
      "2027-03-16 late",
    ]);
  });
});

describe("computeSlots: invalid input", () => {
  it("returns nothing for bad or reversed dates", () => {
    expect(computeSlots(request({ from: "2027-02-30", to: MONDAY }))).toEqual([]);
    expect(computeSlots(request({ from: MONDAY, to: "15/03/2027" }))).toEqual([]);
    expect(computeSlots(request({ from: "2027-03-16", to: MONDAY }))).toEqual([]);
  });

  it("refuses rules that could never produce a sane schedule", () => {
    expect(() => computeSlots(request({ stepMinutes: 0 }))).toThrow(RangeError);
    expect(() => computeSlots(request({ durationMinutes: 0 }))).toThrow(RangeError);
    expect(() => computeSlots(request({ bufferAfterMinutes: -5 }))).toThrow(RangeError);
    expect(() => computeSlots(request({ horizonDays: 1.5 }))).toThrow(RangeError);
    expect(() => computeSlots(request({ horizonDays: -1 }))).toThrow(RangeError);
    expect(() => computeSlots(request({ minimumNoticeMinutes: -1 }))).toThrow(RangeError);
  });

  it("refuses corrupt working hours instead of guessing", () => {
    const p = practitioner("ana", { weeklyHours: { 1: [{ start: "17:00", end: "09:00" }] } });
    expect(() => computeSlots(request({ practitioners: [p] }))).toThrow(RangeError);
  });

  it.each([
    ["9:00", "17:00"],
    ["009:00", "17:00"],
    ["09:00", "17:0"],
    ["09:00", "17:000"],
    ["09:00", "17:00:00"],
    ["09:00", "09:60"],
    ["09:00", "24:30"],
    ["09:00", "25:00"],
    ["09:00", "09:00"],
  ])("refuses the working interval %s-%s", (start, end) => {
    const p = practitioner("ana", { weeklyHours: { 1: [{ start, end }] } });
    expect(() => computeSlots(request({ practitioners: [p] }))).toThrow(RangeError);
  });
});

describe("computeSlots: daylight saving time in Toronto", () => {
  const sundays = (hours: { start: string; end: string }[]): PractitionerCalendar => practitioner("ana", { weeklyHours: { 7: hours } });

  it("keeps the same local hours on both transition days, with the day's offset", () => {
    const req = request({ practitioners: [sundays(NINE_TO_FIVE)], now: at("2027-03-01", "08:00") });
    const spring = computeSlots({ ...req, from: SPRING_FORWARD, to: SPRING_FORWARD });
    const fall = computeSlots({ ...req, from: FALL_BACK, to: FALL_BACK });
    expect(walls(spring)).toEqual(grid("09:00", "16:00"));
    expect(walls(fall)).toEqual(grid("09:00", "16:00"));
    expect(iso(spring[0]!.start)).toBe("2027-03-14T09:00:00-04:00");
    expect(iso(spring.at(-1)!.start)).toBe("2027-03-14T16:00:00-04:00");
    expect(iso(fall[0]!.start)).toBe("2027-11-07T09:00:00-05:00");
    expect(iso(fall.at(-1)!.start)).toBe("2027-11-07T16:00:00-05:00");
  });

  it("never starts a slot in the skipped hour and keeps every slot 60 real minutes", () => {
    const slots = computeSlots(
      request({ practitioners: [sundays([{ start: "00:00", end: "06:00" }])], from: SPRING_FORWARD, to: SPRING_FORWARD }),
    );
    expect(slots.some((s) => wall(s.start).startsWith("02:"))).toBe(false);
    for (const s of slots) expect(s.end - s.start).toBe(60 * MIN);
    // Stepping in absolute time: 15 real minutes between every pair of starts.
    for (let i = 1; i < slots.length; i++) expect(slots[i]!.start - slots[i - 1]!.start).toBe(15 * MIN);
    expect(iso(slots[0]!.start)).toBe("2027-03-14T00:00:00-05:00");
    expect(slots.map((s) => iso(s.start))).toContain("2027-03-14T01:45:00-05:00");
    expect(slots.map((s) => iso(s.start))).toContain("2027-03-14T03:00:00-04:00");
    // 00:00 EST to 06:00 EDT is five real hours.
    expect(iso(slots.at(-1)!.start)).toBe("2027-03-14T05:00:00-04:00");
    expect(slots).toHaveLength(17);
  });

  it("offers both occurrences of the repeated hour on fall-back day", () => {
    const req = request({ practitioners: [sundays([{ start: "00:00", end: "04:00" }])] });
    const slots = computeSlots({ ...req, from: FALL_BACK, to: FALL_BACK });
    const starts = slots.map((s) => iso(s.start));
    expect(starts).toContain("2027-11-07T01:00:00-04:00");
    expect(starts).toContain("2027-11-07T01:00:00-05:00");
    expect(starts).toContain("2027-11-07T01:30:00-04:00");
    expect(starts).toContain("2027-11-07T01:30:00-05:00");
    expect(starts.at(-1)).toBe("2027-11-07T03:00:00-05:00");
    expect(slots).toHaveLength(17);
    for (const s of slots) expect(s.end - s.start).toBe(60 * MIN);
    const secondOneThirty = slots.find((s) => iso(s.start) === "2027-11-07T01:30:00-05:00")!;
    expect(findSlot(req, secondOneThirty.start)).toEqual(secondOneThirty);
  });

  it("moves a boundary inside the skipped hour to the first instant that exists", () => {
    const startsInGap = computeSlots(
      request({ practitioners: [sundays([{ start: "02:30", end: "05:00" }])], from: SPRING_FORWARD, to: SPRING_FORWARD }),
    );
    expect(startsInGap.map((s) => iso(s.start))[0]).toBe("2027-03-14T03:00:00-04:00");
    expect(walls(startsInGap)).toEqual(grid("03:00", "04:00"));

    const endsInGap = computeSlots(
      request({ practitioners: [sundays([{ start: "00:00", end: "02:30" }])], from: SPRING_FORWARD, to: SPRING_FORWARD }),
    );
    // The day ends when the clock jumps to 03:00 (07:00 UTC), not at 03:30.
    expect(iso(endsInGap.at(-1)!.end)).toBe("2027-03-14T03:00:00-04:00");
    expect(walls(endsInGap)).toEqual(grid("00:00", "01:00"));
  });
});
