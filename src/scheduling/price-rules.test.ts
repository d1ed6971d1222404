// A price change takes effect on a day of the clinic's calendar: the price of
// an appointment is the one in force on the local day it starts, which is not
// its UTC day in the evening, and DST weeks do not move the boundary.
import { describe, expect, it } from "vitest";
import { changesAfter, priceOn, samePrice, type PriceChange } from "./price-rules.ts";
import { localDateOf, todayIn } from "./time.ts";

const TZ = "America/Toronto";
const cad = (from: string, cents: number | null): PriceChange => ({ from, cents, currency: "CAD" });

describe("the price in force on a day", () => {
  const changes = [cad("2026-01-01", 29900), cad("2027-03-14", 34900), cad("2027-06-01", null)];

  it("is the latest change on or before the day; the first change also covers earlier days", () => {
    expect(priceOn(changes, "2025-12-31").cents).toBe(29900);
    expect(priceOn(changes, "2026-01-01").cents).toBe(29900);
    expect(priceOn(changes, "2027-03-13").cents).toBe(29900);
    expect(priceOn(changes, "2027-03-14").cents).toBe(34900);
    expect(priceOn(changes, "2027-05-31").cents).toBe(34900);
    expect(priceOn(changes, "2027-06-01").cents).toBeNull();
    // A service without a recorded price is on request, never free.
    expect(priceOn([], "2027-03-14")).toMatchObject({ cents: null });
  });

  it("lists what is scheduled after a day, oldest first", () => {
    expect(changesAfter(changes, "2027-03-13").map((c) => c.from)).toEqual(["2027-03-14", "2027-06-01"]);
    expect(changesAfter(changes, "2027-03-14").map((c) => c.from)).toEqual(["2027-06-01"]);
    expect(changesAfter(changes, "2027-06-01")).toEqual([]);
  });

  it("compares amounts and currencies", () => {
    expect(samePrice(cad("x", 100), { cents: 100, currency: "CAD" })).toBe(true);
    expect(samePrice(cad("x", 100), { cents: 100, currency: "USD" })).toBe(false);
    expect(samePrice(cad("x", null), { cents: 0, currency: "CAD" })).toBe(false);
  });

  it("follows the clinic's calendar across the spring-forward week in Toronto (March 14, 2027), not UTC's", () => {
    // From Sunday March 14 (the night clocks go forward) …
    const price = (iso: string) => priceOn(changes, localDateOf(Date.parse(iso), TZ)).cents;
    // Saturday 23:30 EST is already Sunday in UTC: still the old price.
    expect(localDateOf(Date.parse("2027-03-14T04:30:00Z"), TZ)).toBe("2027-03-13");
    expect(price("2027-03-14T04:30:00Z")).toBe(29900);
    // Sunday 00:30 EST, and Sunday 03:30 EDT just after the jump: the new price.
    expect(price("2027-03-14T05:30:00Z")).toBe(34900);
    expect(price("2027-03-14T07:30:00Z")).toBe(34900);
    // … and from Monday March 15, the first weekday after the change of offset (UTC−4 now).
    const monday = [cad("2026-01-01", 29900), cad("2027-03-15", 34900)];
    const mondayPrice = (iso: string) => priceOn(monday, localDateOf(Date.parse(iso), TZ)).cents;
    expect(mondayPrice("2027-03-15T03:30:00Z")).toBe(29900); // Sunday 23:30 EDT
    expect(mondayPrice("2027-03-15T04:30:00Z")).toBe(34900); // Monday 00:30 EDT
    // A week earlier the same UTC times fall an hour earlier locally (UTC−5): the offset, not the clock, decides.
    expect(localDateOf(Date.parse("2027-03-08T04:30:00Z"), TZ)).toBe("2027-03-07");
    expect(localDateOf(Date.parse("2027-03-08T05:30:00Z"), TZ)).toBe("2027-03-08");
  });

  it("takes 'today' in the clinic's zone: 22:00 on February 28 in Toronto is March 1 in UTC", () => {
    expect(todayIn(TZ, Date.parse("2027-03-01T03:00:00Z"))).toBe("2027-02-28");
  });
});
