import { Temporal } from "temporal-polyfill";
import { describe, expect, it } from "vitest";
import { addPeriod, type Period } from "./dates.ts";
import { RECENT_TREATMENT_LOOKBACK_MONTHS, SURGERY_OR_TRAUMA_LOOKBACK_MONTHS } from "./look-backs.ts";
import { itemOf } from "./questionnaire-definition.ts";
import { DEFAULT_RULES } from "./default-rules.ts";
import { type RuleId } from "./rule-model.ts";

const periodOf = (id: RuleId): Period => DEFAULT_RULES.find((r) => r.id === id)!.period!;

/** Whether every treatment still inside the rule's wait falls inside the window, whatever the day it was. */
function windowCovers(lookBackMonths: number, period: Period): boolean {
  // A leap year's every day: month ends and February included.
  for (let day = 0; day < 366; day++) {
    const d = Temporal.PlainDate.from("2028-01-01").add({ days: day });
    const waitEnds = addPeriod(d, period);
    const windowEnds = d.add({ months: lookBackMonths });
    if (Temporal.PlainDate.compare(waitEnds, windowEnds) > 0) return false;
  }
  return true;
}

describe("look-backs", () => {
  it("reach back at least as far as the default wait of each rule they serve", () => {
    const short: RuleId[] = [
      "recent-chemical-peel",
      "recent-laser",
      "recent-neurotoxin",
      "recent-filler",
      "recent-microneedling",
      "recent-hair-removal",
    ];
    for (const id of short) expect(windowCovers(RECENT_TREATMENT_LOOKBACK_MONTHS, periodOf(id)), id).toBe(true);
    expect(windowCovers(SURGERY_OR_TRAUMA_LOOKBACK_MONTHS, periodOf("recent-surgery-or-trauma"))).toBe(true);
    // The self-check asks about surgery and injuries on their own step, so its short window need not cover them.
    expect(windowCovers(RECENT_TREATMENT_LOOKBACK_MONTHS, periodOf("recent-surgery-or-trauma"))).toBe(false);
  });

  it("are the windows the intake's treatment questions name", () => {
    for (const linkId of ["procedures-any", "procedures-other"]) {
      expect(itemOf(linkId).text).toMatch(new RegExp(`^In the last ${SURGERY_OR_TRAUMA_LOOKBACK_MONTHS} months,`));
    }
  });
});
