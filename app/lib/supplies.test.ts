import { describe, expect, it } from "vitest";
import { todayIn } from "../../src/scheduling/time.ts";
import { daysToExpiry, EXPIRING_WITHIN_DAYS, formatPlainDate, lotState, lotStateText, recallCountText, recallRows } from "./supplies.ts";

const TZ = "America/Toronto";
const lot = (expiresOn: string, active = true) => ({ expiresOn, active });

describe("lotState", () => {
  it("is in use well before expiry", () => {
    expect(lotState(lot("2027-06-30"), "2027-01-10")).toBe("in-use");
    expect(lotStateText(lot("2027-06-30"), "2027-01-10")).toBe("In use");
  });

  it("is expiring within 30 days, on the expiry day too, and expired the day after", () => {
    expect(lotState(lot("2027-02-09"), "2027-01-10")).toBe("expiring");
    expect(lotState(lot("2027-02-10"), "2027-01-10")).toBe("in-use");
    expect(lotState(lot("2027-01-10"), "2027-01-10")).toBe("expiring");
    expect(lotStateText(lot("2027-01-10"), "2027-01-10")).toBe("Expires today");
    expect(lotStateText(lot("2027-01-11"), "2027-01-10")).toBe("Expires in 1 day");
    expect(lotState(lot("2027-01-09"), "2027-01-10")).toBe("expired");
    expect(lotStateText(lot("2027-01-09"), "2027-01-10")).toBe("Expired 1 day ago");
    expect(lotStateText(lot("2026-12-31"), "2027-01-10")).toBe("Expired 10 days ago");
  });

  it("is out of use once retired, whatever its dates", () => {
    expect(lotState(lot("2020-01-01", false), "2027-01-10")).toBe("retired");
    expect(lotState(lot("2030-01-01", false), "2027-01-10")).toBe("retired");
    expect(lotStateText(lot("2030-01-01", false), "2027-01-10")).toBe("Out of use");
  });

  it("counts calendar days across a DST change and a month end", () => {
    // Spring forward in Toronto: 2027-03-14 has 23 hours; autumn back: 2027-11-07 has 25.
    expect(daysToExpiry("2027-03-15", "2027-03-13")).toBe(2);
    expect(daysToExpiry("2027-11-08", "2027-11-06")).toBe(2);
    expect(daysToExpiry("2027-03-01", "2027-02-28")).toBe(1);
    // 30 days after 2027-03-13 is 2027-04-12, across the spring-forward day.
    expect(daysToExpiry("2027-04-12", "2027-03-13")).toBe(EXPIRING_WITHIN_DAYS);
    expect(lotState(lot("2027-04-12"), "2027-03-13")).toBe("expiring");
    expect(lotState(lot("2027-04-13"), "2027-03-13")).toBe("in-use");
  });

  it("takes today in the clinic's zone: late evening in Toronto is already tomorrow in UTC", () => {
    // 2027-03-14 23:30 in Toronto (EDT, UTC-4) is 2027-03-15 03:30 UTC.
    const at = Date.UTC(2027, 2, 15, 3, 30);
    const today = todayIn(TZ, at);
    expect(today).toBe("2027-03-14");
    expect(lotState(lot("2027-03-14"), today)).toBe("expiring");
    expect(lotState(lot("2027-03-14"), todayIn("UTC", at))).toBe("expired");
  });
});

describe("formatPlainDate", () => {
  it("writes the calendar date as is, whatever the server's zone", () => {
    expect(formatPlainDate("2027-06-30")).toBe("Jun 30, 2027");
    expect(formatPlainDate("2027-03-14")).toBe("Mar 14, 2027");
  });
});

describe("the recall page's rows", () => {
  const hit = (clientId: string, treatedAt: number, chartStatus: "draft" | "signed") => ({
    clientId,
    clientName: "Client",
    email: null,
    phone: null,
    appointmentId: `a-${treatedAt}`,
    treatedAt,
    chartStatus,
  });

  it("shows each treatment in the clinic's zone, across the spring-forward change, and the chart's state", () => {
    // 2027-03-14 06:30 UTC is 1:30 a.m. EST (before the change); 2027-03-14 08:30 UTC is 4:30 a.m. EDT (after).
    const rows = recallRows([hit("c1", Date.UTC(2027, 2, 14, 6, 30), "signed"), hit("c2", Date.UTC(2027, 2, 14, 8, 30), "draft")], TZ);
    expect(rows.map((r) => r.treated)).toEqual([
      expect.stringMatching(/^Sunday, March 14, 2027.*1:30.*a\.m\..*EST$/),
      expect.stringMatching(/^Sunday, March 14, 2027.*4:30.*a\.m\..*EDT$/),
    ]);
    expect(rows.map((r) => r.chart)).toEqual(["Signed", "Draft (not signed yet)"]);
  });

  it("counts clients once and sessions each", () => {
    expect(recallCountText([])).toBe("0 clients, 0 sessions.");
    expect(recallCountText([hit("c1", 1, "signed")])).toBe("1 client, 1 session.");
    expect(recallCountText([hit("c1", 1, "signed"), hit("c1", 2, "draft"), hit("c2", 3, "draft")])).toBe("2 clients, 3 sessions.");
  });
});
