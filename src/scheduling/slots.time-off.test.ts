// A day's working hours with time off taken out (hoursLessTimeOff): what the
// staff calendar says someone works, on ordinary days and on the two days a
// year the clocks change in Toronto.
import { Temporal } from "temporal-polyfill";
import { describe, expect, it } from "vitest";
import { hoursLessTimeOff } from "./slots.ts";

const TZ = "America/Toronto";
/** The instant of a Toronto wall-clock time; `later` takes the second of a repeated one. */
const at = (local: string, later = false) =>
  Temporal.ZonedDateTime.from(`${local}[${TZ}]`, { disambiguation: later ? "later" : "earlier" }).epochMilliseconds;
const off = (start: string, end: string) => ({ start: at(start), end: at(end) });
const NINE_TO_FIVE = [{ start: "09:00", end: "17:00" }];

describe("working hours less time off", () => {
  it("are the day's hours when no time off touches them", () => {
    expect(hoursLessTimeOff("2027-06-09", NINE_TO_FIVE, [], TZ)).toEqual(NINE_TO_FIVE);
    // Time off that ends as work starts, or starts as it ends, takes nothing.
    expect(
      hoursLessTimeOff(
        "2027-06-09",
        NINE_TO_FIVE,
        [off("2027-06-09T07:00", "2027-06-09T09:00"), off("2027-06-09T17:00", "2027-06-09T19:00")],
        TZ,
      ),
    ).toEqual(NINE_TO_FIVE);
  });

  it("leave the hours before and after time off in the middle of the day", () => {
    expect(hoursLessTimeOff("2027-06-09", NINE_TO_FIVE, [off("2027-06-09T12:00", "2027-06-09T13:30")], TZ)).toEqual([
      { start: "09:00", end: "12:00" },
      { start: "13:30", end: "17:00" },
    ]);
  });

  it("are nothing when time off covers the whole day, and the rest when it began the day before", () => {
    expect(hoursLessTimeOff("2027-06-09", NINE_TO_FIVE, [off("2027-06-09T00:00", "2027-06-10T00:00")], TZ)).toEqual([]);
    expect(hoursLessTimeOff("2027-06-09", NINE_TO_FIVE, [off("2027-06-08T15:00", "2027-06-09T10:15")], TZ)).toEqual([
      { start: "10:15", end: "17:00" },
    ]);
  });

  it("take out several pieces of time off over split hours, overlapping ones as one", () => {
    const split = [
      { start: "08:00", end: "12:00" },
      { start: "13:00", end: "24:00" },
    ];
    const offs = [
      off("2027-06-09T09:00", "2027-06-09T10:00"),
      off("2027-06-09T09:30", "2027-06-09T11:00"),
      off("2027-06-09T20:00", "2027-06-09T21:00"),
    ];
    expect(hoursLessTimeOff("2027-06-09", split, offs, TZ)).toEqual([
      { start: "08:00", end: "09:00" },
      { start: "11:00", end: "12:00" },
      { start: "13:00", end: "20:00" },
      { start: "21:00", end: "24:00" },
    ]);
  });

  it("never widen the hours by part of a minute: a cut inside a minute rounds into the time off", () => {
    const ragged = { start: at("2027-06-09T12:00") + 30_000, end: at("2027-06-09T13:00") + 30_000 };
    expect(hoursLessTimeOff("2027-06-09", NINE_TO_FIVE, [ragged], TZ)).toEqual([
      { start: "09:00", end: "12:00" },
      { start: "13:01", end: "17:00" },
    ]);
    // Half a second past the minute is still past it.
    const slightly = { start: at("2027-06-09T12:00"), end: at("2027-06-09T13:00") + 500 };
    expect(hoursLessTimeOff("2027-06-09", NINE_TO_FIVE, [slightly], TZ)[1]).toEqual({ start: "13:01", end: "17:00" });
    // Less than a whole minute between two pieces of time off is no time to work.
    const gap = [
      { start: at("2027-06-09T10:00"), end: at("2027-06-09T11:00") + 20_000 },
      { start: at("2027-06-09T11:01") + 30_000, end: at("2027-06-09T12:00") },
    ];
    expect(hoursLessTimeOff("2027-06-09", NINE_TO_FIVE, gap, TZ)).toEqual([
      { start: "09:00", end: "10:00" },
      { start: "12:00", end: "17:00" },
    ]);
  });

  it("keep the hours' own words at their ends: time off from the start, and to or from midnight", () => {
    expect(hoursLessTimeOff("2027-06-09", NINE_TO_FIVE, [off("2027-06-09T09:00", "2027-06-09T10:15")], TZ)).toEqual([
      { start: "10:15", end: "17:00" },
    ]);
    const late = [{ start: "13:00", end: "24:00" }];
    expect(hoursLessTimeOff("2027-06-09", late, [off("2027-06-10T00:00", "2027-06-10T08:00")], TZ)).toEqual(late);
    expect(hoursLessTimeOff("2027-06-09", late, [off("2027-06-09T20:00", "2027-06-10T00:00")], TZ)).toEqual([
      { start: "13:00", end: "20:00" },
    ]);
  });

  it("on the day the clocks go forward (14 March 2027), keep an hour that starts in the skipped hour in its own words", () => {
    // Hours 02:30–06:00 start when the clock jumps to 03:00; time off 04:00–05:00.
    // Time off that ends as the clock jumps to 03:00 ends where these hours begin: nothing is taken.
    expect(hoursLessTimeOff("2027-03-14", [{ start: "02:30", end: "06:00" }], [off("2027-03-14T01:00", "2027-03-14T03:00")], TZ)).toEqual([
      { start: "02:30", end: "06:00" },
    ]);
    expect(hoursLessTimeOff("2027-03-14", [{ start: "02:30", end: "06:00" }], [off("2027-03-14T04:00", "2027-03-14T05:00")], TZ)).toEqual([
      { start: "02:30", end: "04:00" },
      { start: "05:00", end: "06:00" },
    ]);
    // Time off from 01:30 to 03:30 is one hour long that night: 01:00–01:30 and 03:30–05:00 are left.
    expect(hoursLessTimeOff("2027-03-14", [{ start: "01:00", end: "05:00" }], [off("2027-03-14T01:30", "2027-03-14T03:30")], TZ)).toEqual([
      { start: "01:00", end: "01:30" },
      { start: "03:30", end: "05:00" },
    ]);
  });

  it("on the day the clocks go back (1 November 2026), cut at the local time of either 1:30", () => {
    // Time off from the first 1:15 (daylight time) to the second 1:45 (standard time): an hour and a half.
    const repeated = { start: at("2026-11-01T01:15"), end: at("2026-11-01T01:45", true) };
    expect(repeated.end - repeated.start).toBe(90 * 60_000);
    expect(hoursLessTimeOff("2026-11-01", [{ start: "00:00", end: "03:00" }], [repeated], TZ)).toEqual([
      { start: "00:00", end: "01:15" },
      { start: "01:45", end: "03:00" },
    ]);
    // Time off from the evening before to 10:30 leaves the rest of the long day.
    expect(hoursLessTimeOff("2026-11-01", NINE_TO_FIVE, [off("2026-10-31T18:00", "2026-11-01T10:30")], TZ)).toEqual([
      { start: "10:30", end: "17:00" },
    ]);
  });
});
