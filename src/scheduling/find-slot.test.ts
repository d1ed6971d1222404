// Checking one asked-for time (findSlot agrees with the listing everywhere)
// and suggesting the nearest free times instead.
import { describe, expect, it } from "vitest";
import { at, busy, dayOf, MIN, MONDAY, NINE_TO_FIVE, practitioner, TZ, walls } from "./slot-test-helpers.ts";
import { computeSlots, findSlot, nearestSlots, type Slot, type SlotRequest } from "./slots.ts";

describe("findSlot", () => {
  const mon = MONDAY;
  const base: Omit<SlotRequest, "from" | "to"> = {
    timeZone: TZ,
    durationMinutes: 50,
    bufferBeforeMinutes: 10,
    bufferAfterMinutes: 15,
    minimumNoticeMinutes: 120,
    horizonDays: 1,
    stepMinutes: 15,
    now: at(mon, "08:20"),
    practitioners: [
      practitioner("ana", {
        busy: [busy(mon, "11:00", "12:15"), busy("2027-03-16", "09:00", "10:00")],
        timeOff: [busy(mon, "15:00", "17:00")],
      }),
      practitioner("ben", {
        weeklyHours: { 1: [{ start: "10:05", end: "18:00" }], 2: [{ start: "10:05", end: "18:00" }], 3: NINE_TO_FIVE },
        busy: [busy(mon, "13:00", "14:00")],
      }),
    ],
    rooms: [
      { id: "room-a", busy: [busy(mon, "10:30", "12:00")] },
      { id: "room-b", busy: [busy(mon, "11:30", "12:30"), busy("2027-03-16", "14:00", "16:00")] },
    ],
  };
  // Worked out inside each test, not while the file is collected, so a broken
  // engine fails these tests one by one instead of the whole file.
  const listedSlots = (): Slot[] => computeSlots({ ...base, from: mon, to: "2027-03-17" });

  it("has a non-trivial fixture", () => {
    const listed = listedSlots();
    expect(new Set(listed.map((s) => s.practitionerId))).toEqual(new Set(["ana", "ben"]));
    expect(new Set(listed.map((s) => s.roomId))).toEqual(new Set(["room-a", "room-b"]));
    // Wednesday is past the horizon.
    expect(listed.some((s) => dayOf(s.start) === "2027-03-17")).toBe(false);
  });

  it("agrees with computeSlots for every listed slot", () => {
    const listed = listedSlots();
    for (const slot of listed) {
      expect(findSlot(base, slot.start, slot.practitionerId)).toEqual(slot);
      expect(findSlot(base, slot.start)).toEqual(listed.find((s) => s.start === slot.start));
    }
  });

  it("agrees with computeSlots at every 5 minutes, listed or not", () => {
    const listed = listedSlots();
    let unlisted = 0;
    for (let t = at(mon, "00:00"); t < at("2027-03-18", "00:00"); t += 5 * MIN) {
      for (const id of ["ana", "ben"]) {
        const expected = listed.find((s) => s.start === t && s.practitionerId === id) ?? null;
        if (expected === null) unlisted++;
        expect(findSlot(base, t, id)).toEqual(expected);
      }
      expect(findSlot(base, t)).toEqual(listed.find((s) => s.start === t) ?? null);
    }
    expect(unlisted).toBeGreaterThan(listed.length);
  });

  it("rejects unknown practitioners and off-grid instants", () => {
    const listed = listedSlots();
    const slot = listed[0]!;
    expect(findSlot(base, slot.start, "nobody")).toBeNull();
    expect(findSlot(base, slot.start + 1)).toBeNull();
    expect(findSlot(base, slot.start + 5 * MIN)).toBeNull();
    expect(findSlot(base, Number.NaN)).toBeNull();
  });
});

describe("nearestSlots", () => {
  const slot = (time: string, practitionerId = "ana"): Slot => ({
    start: at(MONDAY, time),
    end: at(MONDAY, time) + 60 * MIN,
    practitionerId,
    roomId: null,
  });
  const slots = [slot("09:00"), slot("09:00", "ben"), slot("10:00"), slot("11:00"), slot("13:00"), slot("13:00", "ben")];

  it("returns the three closest distinct start times in chronological order", () => {
    const nearest = nearestSlots(slots, at(MONDAY, "10:40"));
    expect(walls(nearest)).toEqual(["09:00", "10:00", "11:00"]);
    expect(nearest[0]?.practitionerId).toBe("ana");
  });

  it("does not spend two suggestions on the same time", () => {
    expect(walls(nearestSlots(slots, at(MONDAY, "08:00")))).toEqual(["09:00", "10:00", "11:00"]);
    expect(walls(nearestSlots(slots, at(MONDAY, "14:00")))).toEqual(["10:00", "11:00", "13:00"]);
  });

  it("respects count and prefers the earlier time on a tie", () => {
    expect(walls(nearestSlots(slots, at(MONDAY, "10:40"), 2))).toEqual(["10:00", "11:00"]);
    expect(walls(nearestSlots(slots, at(MONDAY, "10:30"), 1))).toEqual(["10:00"]);
    expect(walls(nearestSlots([...slots].reverse(), at(MONDAY, "10:30"), 1))).toEqual(["10:00"]);
    expect(walls(nearestSlots(slots, at(MONDAY, "10:00"), 10))).toEqual(["09:00", "10:00", "11:00", "13:00"]);
    expect(nearestSlots(slots, at(MONDAY, "10:00"), 0)).toEqual([]);
    expect(nearestSlots([], at(MONDAY, "10:00"))).toEqual([]);
  });

  it("works on unsorted input", () => {
    expect(walls(nearestSlots([...slots].reverse(), at(MONDAY, "12:10")))).toEqual(["10:00", "11:00", "13:00"]);
  });
});
