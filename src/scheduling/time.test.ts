import fc from "fast-check";
import { Temporal } from "temporal-polyfill";
import { describe, it, expect } from "vitest";
import { addDays, isValidPlainDate, localDateOf, localDateTimeToEpoch, parseOffsetIso, toOffsetIso, todayIn } from "./time.ts";

const TZ = "America/Toronto";

describe("toOffsetIso", () => {
  it("renders the clinic's wall clock with its offset, whole seconds, no zone name", () => {
    expect(toOffsetIso(Date.UTC(2027, 2, 15, 14, 0), TZ)).toBe("2027-03-15T10:00:00-04:00");
    expect(toOffsetIso(Date.UTC(2027, 0, 15, 15, 30), TZ)).toBe("2027-01-15T10:30:00-05:00");
  });

  it("drops milliseconds instead of rounding them up", () => {
    expect(toOffsetIso(Date.UTC(2027, 2, 15, 14, 0, 5, 999), TZ)).toBe("2027-03-15T10:00:05-04:00");
  });

  it("uses +00:00 rather than Z for UTC", () => {
    expect(toOffsetIso(Date.UTC(2027, 2, 15, 14, 0), "UTC")).toBe("2027-03-15T14:00:00+00:00");
  });
});

describe("parseOffsetIso", () => {
  it("reads numeric offsets and Z", () => {
    expect(parseOffsetIso("2027-03-15T10:00:00-04:00")).toBe(Date.UTC(2027, 2, 15, 14, 0));
    expect(parseOffsetIso("2027-03-15T14:00:00Z")).toBe(Date.UTC(2027, 2, 15, 14, 0));
    expect(parseOffsetIso("2027-03-15T14:00:00.250Z")).toBe(Date.UTC(2027, 2, 15, 14, 0, 0, 250));
    expect(parseOffsetIso("2027-03-15T10:00-04:00")).toBe(Date.UTC(2027, 2, 15, 14, 0));
  });

  it("round-trips toOffsetIso across both DST transitions", () => {
    for (const ms of [
      Date.UTC(2027, 2, 14, 6, 59),
      Date.UTC(2027, 2, 14, 7, 0),
      Date.UTC(2027, 10, 7, 5, 30),
      Date.UTC(2027, 10, 7, 6, 30),
    ]) {
      expect(parseOffsetIso(toOffsetIso(ms, TZ))).toBe(ms);
    }
  });

  it("rejects timestamps without an offset, whose instant depends on the reader's zone", () => {
    expect(parseOffsetIso("2027-03-15T10:00:00")).toBeNull();
    expect(parseOffsetIso("2027-03-15T10:00")).toBeNull();
    expect(parseOffsetIso("2027-03-15")).toBeNull();
    expect(parseOffsetIso("2027-03-15T10:00:00[America/Toronto]")).toBeNull();
  });

  it("returns null for junk and impossible values instead of throwing", () => {
    for (const junk of [
      "",
      "tomorrow",
      "2027-02-30T10:00:00Z",
      "2027-13-01T10:00:00Z",
      "2027-03-15T25:00:00Z",
      "2027-03-15T10:00:60Z",
      "2027-03-15T10:00:00+25:00",
      "2027-03-15T10:00:00-04:00[Europe/Paris]",
      " 2027-03-15T10:00:00Z",
      "1742050800000",
    ]) {
      expect(parseOffsetIso(junk), junk).toBeNull();
    }
    expect(parseOffsetIso(undefined as unknown as string)).toBeNull();
    expect(parseOffsetIso(42 as unknown as string)).toBeNull();
  });
});

describe("calendar dates", () => {
  it("localDateOf uses the clinic's date, not UTC's", () => {
    // 23:30 in Toronto is already the next day in UTC.
    expect(localDateOf(Date.UTC(2027, 2, 16, 3, 30), TZ)).toBe("2027-03-15");
    expect(localDateOf(Date.UTC(2027, 2, 16, 4, 0), TZ)).toBe("2027-03-16");
  });

  it("todayIn is the local date at now", () => {
    expect(todayIn(TZ, Date.UTC(2027, 0, 1, 4, 59))).toBe("2026-12-31");
    expect(todayIn(TZ, Date.UTC(2027, 0, 1, 5, 0))).toBe("2027-01-01");
  });

  it("isValidPlainDate accepts only real YYYY-MM-DD dates", () => {
    expect(isValidPlainDate("2027-03-15")).toBe(true);
    expect(isValidPlainDate("2028-02-29")).toBe(true);
    for (const bad of ["2027-02-29", "2027-04-31", "2027-00-10", "2027-3-15", "2027-03-15T00:00", "20270315", "", " 2027-03-15"]) {
      expect(isValidPlainDate(bad), bad).toBe(false);
    }
  });

  it("addDays crosses months, years and DST without drifting", () => {
    expect(addDays("2027-03-13", 1)).toBe("2027-03-14");
    expect(addDays("2027-03-14", 1)).toBe("2027-03-15");
    expect(addDays("2027-12-31", 1)).toBe("2028-01-01");
    expect(addDays("2028-03-01", -1)).toBe("2028-02-29");
    expect(addDays("2027-03-01", 180)).toBe("2027-08-28");
  });
});

describe("localDateTimeToEpoch", () => {
  it("resolves an ordinary wall-clock time", () => {
    expect(localDateTimeToEpoch("2027-03-15", "10:00", TZ)).toBe(Date.UTC(2027, 2, 15, 14, 0));
    expect(localDateTimeToEpoch("2027-01-15", "00:00", TZ)).toBe(Date.UTC(2027, 0, 15, 5, 0));
  });

  it("returns null for times skipped by spring forward instead of shifting them", () => {
    expect(localDateTimeToEpoch("2027-03-14", "02:00", TZ)).toBeNull();
    expect(localDateTimeToEpoch("2027-03-14", "02:30", TZ)).toBeNull();
    expect(localDateTimeToEpoch("2027-03-14", "02:59", TZ)).toBeNull();
    expect(localDateTimeToEpoch("2027-03-14", "01:59", TZ)).toBe(Date.UTC(2027, 2, 14, 6, 59));
    expect(localDateTimeToEpoch("2027-03-14", "03:00", TZ)).toBe(Date.UTC(2027, 2, 14, 7, 0));
  });

  it("takes the first occurrence of a time repeated by fall back", () => {
    expect(localDateTimeToEpoch("2027-11-07", "01:30", TZ)).toBe(Date.UTC(2027, 10, 7, 5, 30));
    expect(toOffsetIso(localDateTimeToEpoch("2027-11-07", "01:00", TZ)!, TZ)).toBe("2027-11-07T01:00:00-04:00");
    expect(toOffsetIso(localDateTimeToEpoch("2027-11-07", "02:00", TZ)!, TZ)).toBe("2027-11-07T02:00:00-05:00");
  });

  it("returns null for malformed input", () => {
    expect(localDateTimeToEpoch("2027-02-30", "10:00", TZ)).toBeNull();
    expect(localDateTimeToEpoch("2027-03-15", "24:00", TZ)).toBeNull();
    expect(localDateTimeToEpoch("2027-03-15", "9:00", TZ)).toBeNull();
    expect(localDateTimeToEpoch("2027-03-15", "10:00:00", TZ)).toBeNull();
    expect(localDateTimeToEpoch("2027-03-15", "10:60", TZ)).toBeNull();
  });
});

describe("the kept offsets behind toOffsetIso and localDateOf", () => {
  // Zones with half-hour and three-quarter-hour offsets, a half-hour DST shift
  // and transitions off the UTC hour, beside the clinics' own.
  const ZONES = [
    "America/Toronto",
    "America/Vancouver",
    "America/St_Johns",
    "America/Halifax",
    "America/Regina",
    "Australia/Lord_Howe",
    "Asia/Kathmandu",
    "Pacific/Chatham",
    "Europe/Dublin",
    "UTC",
  ];
  const temporalIso = (ms: number, tz: string) =>
    Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(tz).toString({ smallestUnit: "second", timeZoneName: "never" });
  const temporalDate = (ms: number, tz: string) =>
    Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(tz).toPlainDate().toString();

  it("answer what Temporal answers for any instant from 1990 to 2080, in any zone", () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2080, 0, 1) }), fc.constantFrom(...ZONES), (ms, tz) => {
        expect(toOffsetIso(ms, tz)).toBe(temporalIso(ms, tz));
        expect(localDateOf(ms, tz)).toBe(temporalDate(ms, tz));
      }),
      { numRuns: 3000 },
    );
  });

  it("never keep an offset for a quarter hour in which it changes", () => {
    // Toronto left local mean time (-5:17:32) at 05:17:32 UTC on 1 January 1895: inside a quarter hour.
    const change = Date.UTC(1895, 0, 1, 5, 17, 32);
    for (const ms of [change + 60_000, change - 60_000, change, change - 1]) {
      expect(toOffsetIso(ms, "America/Toronto")).toBe(temporalIso(ms, "America/Toronto"));
    }
    expect(toOffsetIso(change - 60_000, "America/Toronto")).toBe("1894-12-31T23:59:00-05:18");
  });

  it("answer what Temporal answers every minute around this decade's transitions, asked in any order", () => {
    for (const tz of ZONES) {
      let at = Temporal.Instant.fromEpochMilliseconds(Date.UTC(2026, 0, 1)).toZonedDateTimeISO(tz);
      for (let i = 0; i < 12; i++) {
        const next = at.getTimeZoneTransition("next");
        if (!next) break;
        const t = next.epochMilliseconds;
        // Minutes after the transition first, so a quarter is kept before its neighbours are asked.
        const minutes = Array.from({ length: 121 }, (_, m) => (m % 2 ? -1 : 1) * Math.ceil(m / 2));
        for (const m of minutes) {
          for (const ms of [t + m * 60_000, t + m * 60_000 - 1, t + m * 60_000 + 1]) {
            expect(toOffsetIso(ms, tz), `${tz} ${ms}`).toBe(temporalIso(ms, tz));
            expect(localDateOf(ms, tz)).toBe(temporalDate(ms, tz));
          }
        }
        at = next;
      }
    }
  });
});
