import { describe, expect, it } from "vitest";
import { SURGERY_OR_TRAUMA_LOOKBACK_MONTHS } from "../../../src/screening/look-backs.ts";
import { booking } from "./booking.ts";

describe("the self-check's words", () => {
  // The choices name the look-back the screening rules apply; a change of the rule's period must change them too.
  it("name the surgery and injury look-back the rules use, in both languages", () => {
    for (const key of ["candidate.q.surgery.label", "candidate.q.trauma.label"] as const) {
      expect(booking.en[key]).toContain(`last ${SURGERY_OR_TRAUMA_LOOKBACK_MONTHS} months`);
      expect(booking.fr[key]).toContain(`des ${SURGERY_OR_TRAUMA_LOOKBACK_MONTHS} derniers mois`);
    }
  });
});
