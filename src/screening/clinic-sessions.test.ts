// `recent-microneedling` and the clinic's own sessions: the gate passes the
// last completed session (and whether the day screened is a session of the
// same signed plan) as facts beside the intake; the engine stays pure.
import { describe, expect, it } from "vitest";
import { screen } from "./engine.ts";
import { DEFAULT_RULE_SET, effectiveRules } from "./effective-rules.ts";
import { AS_OF, intake, shift } from "./test-fixtures.ts";

const last14 = shift(AS_OF, -14);
const reason = (r: ReturnType<typeof screen>) => r.reasons.find((x) => x.ruleId === "recent-microneedling");

describe("recent-microneedling with the clinic's own sessions", () => {
  it("without clinic facts, behaves exactly as before", () => {
    expect(screen(intake(), DEFAULT_RULE_SET)).toEqual(
      screen(intake(), DEFAULT_RULE_SET, { clinic: { lastSession: null, planIntervalMinDays: null } }),
    );
  });

  it("counts the clinic's last completed session like a reported one: an unplanned session 14 days later waits to day 28", () => {
    const r = screen(intake(), DEFAULT_RULE_SET, { clinic: { lastSession: last14, planIntervalMinDays: null } });
    expect(r.outcome).toBe("deferred");
    expect(reason(r)?.until).toBe(shift(last14, 28));
    expect(r.earliestDate).toBe(shift(last14, 28));
  });

  it("a session of the same signed plan waits the plan's minimum instead (14 days: allowed on day 14, deferred to day 14 before)", () => {
    const plan = { lastSession: last14, planIntervalMinDays: 14 };
    expect(screen(intake(), DEFAULT_RULE_SET, { clinic: plan }).outcome).toBe("suitable");
    const early = screen(intake(), DEFAULT_RULE_SET, { clinic: { ...plan, lastSession: shift(AS_OF, -10) } });
    expect(reason(early)?.until).toBe(shift(AS_OF, 4));
  });

  it("a plan never waits longer than the rule: a 30-day plan minimum still ends at the rule's 28 days", () => {
    const r = screen(intake(), DEFAULT_RULE_SET, { clinic: { lastSession: shift(AS_OF, -20), planIntervalMinDays: 30 } });
    expect(reason(r)?.until).toBe(shift(AS_OF, 8));
  });

  it("a shorter clinic override of the rule still wins for a plan session", () => {
    const rules = effectiveRules([{ ruleId: "recent-microneedling", period: { days: 7 } }]);
    expect(screen(intake(), rules, { clinic: { lastSession: shift(AS_OF, -8), planIntervalMinDays: 14 } }).outcome).toBe("suitable");
  });

  it("microneedling reported after the plan's last session still waits the full period", () => {
    const reported = intake({ recentProcedures: [{ type: "microneedling", date: shift(AS_OF, -5), areas: null }] });
    const r = screen(reported, DEFAULT_RULE_SET, { clinic: { lastSession: last14, planIntervalMinDays: 14 } });
    expect(reason(r)?.until).toBe(shift(AS_OF, 23));
  });

  it("a reported date on or before the plan's last session is covered by it", () => {
    const reported = intake({ recentProcedures: [{ type: "microneedling", date: last14, areas: ["face"] }] });
    expect(screen(reported, DEFAULT_RULE_SET, { clinic: { lastSession: last14, planIntervalMinDays: 14 } }).outcome).toBe("suitable");
    // …while without the plan the same report waits 28 days.
    expect(screen(reported, DEFAULT_RULE_SET).outcome).toBe("deferred");
  });
});
