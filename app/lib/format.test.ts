import { Temporal } from "temporal-polyfill";
import { describe, expect, it } from "vitest";
import {
  formatDateLong,
  formatDateShort,
  formatDateTime,
  formatDuration,
  formatLocalTime,
  formatMoney,
  formatTime,
  telHref,
} from "./format.ts";

// Intl separates French amounts and times with no-break spaces; compare with plain spaces.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");
// 2026-07-14 14:30 in Toronto (EDT, UTC−4).
const SUMMER_AFTERNOON = Date.UTC(2026, 6, 14, 18, 30);
const ZONE = "America/Toronto";

describe("formatting for en-CA and fr-CA", () => {
  it("keeps English as the default, so existing callers are unchanged", () => {
    expect(formatMoney(29900, "CAD")).toBe("$299");
    expect(formatMoney(0, "CAD")).toBe("Free");
    expect(formatMoney(null, "CAD")).toBe("Price on request");
    expect(formatTime(SUMMER_AFTERNOON, ZONE)).toBe("2:30 p.m.");
    expect(formatDateLong("2026-07-14")).toBe("Tuesday, July 14, 2026");
  });

  it("writes French prices with the dollar sign after the amount", () => {
    expect(plain(formatMoney(29900, "CAD", "fr"))).toBe("299 $");
    expect(plain(formatMoney(4550, "CAD", "fr-CA"))).toBe("45,50 $");
    expect(formatMoney(0, "CAD", "fr")).toBe("Gratuit");
    expect(formatMoney(null, "CAD", "fr")).toBe("Prix sur demande");
    expect(formatMoney(4550, "CAD", "en-CA")).toBe("$45.50");
  });

  it("writes French times on the 24-hour clock with h", () => {
    expect(plain(formatTime(SUMMER_AFTERNOON, ZONE, "fr"))).toBe("14 h 30");
    expect(plain(formatLocalTime("09:00", "fr"))).toBe("9 h 00");
    expect(formatLocalTime("17:30", "en")).toBe("5:30 p.m.");
    expect(formatLocalTime("24:00", "en")).toBe("12:00 a.m.");
    expect(() => formatLocalTime("9am")).toThrow();
  });

  it("writes French dates in French", () => {
    expect(formatDateLong("2026-07-14", "fr")).toBe("mardi 14 juillet 2026");
    expect(formatDateShort("2026-07-14", "fr")).toEqual({ weekday: "mar.", day: "14 juill." });
    expect(plain(formatDateTime(SUMMER_AFTERNOON, ZONE, "fr"))).toBe("mardi 14 juillet 2026 à 14 h 30 HAE");
    expect(formatDateTime(SUMMER_AFTERNOON, ZONE)).toBe("Tuesday, July 14, 2026 at 2:30 p.m. EDT");
  });

  it("writes durations the same way in both languages", () => {
    expect(formatDuration(30)).toBe("30 min");
    expect(formatDuration(60, "fr")).toBe("1 h");
    expect(formatDuration(90, "fr")).toBe("1 h 30 min");
  });

  it("makes tel: links a phone can dial", () => {
    expect(telHref("(519) 725-9999")).toBe("tel:+15197259999");
    expect(telHref("+44 20 7946 0000")).toBe("tel:+442079460000");
  });
});

describe("the kept formatters", () => {
  it("write exactly what Temporal's toLocaleString writes, in both languages, across zones and both DST changes", () => {
    const zones = ["America/Toronto", "America/Vancouver", "America/St_Johns", "Asia/Kathmandu"];
    for (const locale of ["en", "fr", "en-CA", "fr-CA"] as const) {
      const tag = locale === "en" ? "en-CA" : locale === "fr" ? "fr-CA" : locale;
      for (const zone of zones) {
        // Every 97 minutes through 2027, which crosses both DST changes and every hour of the day.
        for (let ms = Date.UTC(2027, 0, 1); ms < Date.UTC(2028, 0, 1); ms += 97 * 60_000) {
          const expected = Temporal.Instant.fromEpochMilliseconds(ms)
            .toZonedDateTimeISO(zone)
            .toLocaleString(tag, { hour: "numeric", minute: "2-digit" });
          expect(formatTime(ms, zone, locale)).toBe(expected);
        }
      }
      for (let d = Temporal.PlainDate.from("2027-01-01"); d.year === 2027; d = d.add({ days: 1 })) {
        expect(formatDateShort(d.toString(), locale)).toEqual({
          weekday: d.toLocaleString(tag, { weekday: "short" }),
          day: d.toLocaleString(tag, { month: "short", day: "numeric" }),
        });
      }
    }
  });
});
