import { describe, expect, it } from "vitest";
import { DATE_RANGE_MESSAGE, isPlausibleInstant, isPlausiblePlainDate, outOfRangeDateErrors } from "./dates.ts";

describe("isPlausiblePlainDate", () => {
  it.each([
    ["2027-03-15", true],
    ["1900-01-01", true],
    ["2199-12-31", true],
    ["2028-02-29", true],
    ["1899-12-31", false],
    ["2200-01-01", false],
    ["9999-12-31", false],
    ["0000-01-01", false],
    ["2027-02-29", false],
    ["2027-13-01", false],
    ["+010000-01-01", false],
    ["2027-3-15", false],
    ["", false],
  ])("%s → %s", (value, ok) => {
    expect(isPlausiblePlainDate(value)).toBe(ok);
  });
});

describe("isPlausibleInstant", () => {
  it("keeps to the years 1900 to 2199", () => {
    expect(isPlausibleInstant(Date.parse("2027-03-15T10:00:00Z"))).toBe(true);
    expect(isPlausibleInstant(Date.parse("9999-12-31T10:00:00Z"))).toBe(false);
    expect(isPlausibleInstant(Date.UTC(0, 0, 1) - 1900 * 365.25 * 86_400_000)).toBe(false);
    expect(isPlausibleInstant(Number.NaN)).toBe(false);
  });
});

describe("outOfRangeDateErrors", () => {
  it("names the fields written as dates in absurd years, leaving other mistakes to the form", () => {
    expect(
      outOfRangeDateErrors({
        a: "9999-12-31",
        b: "0000-01-01T09:00",
        c: "+010000-01-01",
        d: "2027-02-30",
        e: "soon",
        f: "2027-03-15T09:00",
      }),
    ).toEqual({ a: DATE_RANGE_MESSAGE, b: DATE_RANGE_MESSAGE, c: DATE_RANGE_MESSAGE });
    expect(outOfRangeDateErrors({ a: "2027-03-15" })).toBeNull();
  });
});
