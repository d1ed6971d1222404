import { describe, expect, it } from "vitest";
import { itemOf, SECTIONS } from "../../src/screening/questionnaire-definition.ts";
import { fieldNamesOf } from "../../src/screening/questionnaire-form.ts";
import {
  asks,
  carriedFieldValues,
  carriedFrom,
  nextStep,
  questionsOnStep,
  readCarried,
  showsCarried,
  STEPS,
  stepIndex,
  stepOfField,
  type StepDef,
} from "./intake-flow.ts";

const step = (id: string): StepDef => STEPS[stepIndex(id)]!;
const shown = (id: string, values: Record<string, string[]>) =>
  step(id).sections.flatMap((s) => questionsOnStep(step(id), itemOf(s), values).map((q) => q.linkId));

describe("the intake's screens", () => {
  it("ask every question of the questionnaire on exactly one screen", () => {
    const fields = SECTIONS.flatMap(fieldNamesOf);
    for (const field of fields) {
      expect(
        STEPS.filter((s) => asks(s, field)).map((s) => s.id),
        field,
      ).toHaveLength(1);
    }
    expect(stepOfField("birth-date-year").id).toBe("about");
    expect(stepOfField("concerns-hands").id).toBe("concerns");
    expect(stepOfField("concerns-other").id).toBe("concerns");
    expect(stepOfField("procedure-3-date-month").id).toBe("procedures");
    expect(stepOfField("privacy-acknowledged").id).toBe("finish");
  });

  it("ask the areas first, then what to improve on the areas chosen only", () => {
    expect(shown("about", {})).toEqual(["birth-date", "areas"]);
    expect(shown("about", { areas: ["face"] })).toEqual(["birth-date", "areas"]);
    expect(shown("concerns", { areas: ["face", "scalp"] })).toEqual(["concerns-face", "concerns-scalp", "concerns-other"]);
    // "Something else" is ticked on the same screen as its free text, which is therefore always shown (no script).
    expect(shown("concerns", { areas: ["neck"], "concerns-neck": ["other"] })).toEqual(["concerns-neck", "concerns-other"]);
    // A follow-up on the same screen stays under its answer, whatever was answered.
    expect(shown("medications", {})).toContain("isotretinoin-stopped");
    expect(shown("medications", {})).toContain("retinoid-last-used");
  });

  it("lead from the areas to their concerns, even from the review", () => {
    expect(nextStep(step("about"), false).id).toBe("concerns");
    expect(nextStep(step("about"), true).id).toBe("concerns");
    expect(nextStep(step("concerns"), true).id).toBe("review");
    expect(nextStep(step("health"), false).id).toBe("medications");
    expect(nextStep(step("health"), true).id).toBe("review");
  });
});

describe("answers carried from the self-check", () => {
  it("are the hope only, read back from the form for answers the question offers", () => {
    expect(carriedFrom({ expectation: ["unsure"], areas: ["face"] })).toEqual({ expectation: "unsure" });
    expect(carriedFrom({ areas: ["face"] })).toEqual({});
    const sent = carriedFieldValues({ expectation: "gradual" });
    expect(sent).toEqual(["expectation:gradual"]);
    expect(readCarried(sent)).toEqual({ expectation: "gradual" });
    expect(readCarried(["expectation:everything", "areas:face", "nonsense", 42])).toEqual({});
  });

  it("are shown as said while the client keeps them, and asked as any question once changed or wrong", () => {
    const carried = { expectation: "gradual" };
    expect(showsCarried("expectation", carried, { expectation: ["gradual"] }, {})).toBe(true);
    expect(showsCarried("expectation", carried, { expectation: ["unsure"] }, {})).toBe(false);
    expect(showsCarried("expectation", carried, {}, {})).toBe(false);
    expect(showsCarried("expectation", carried, { expectation: ["gradual"] }, { expectation: "Choose one answer." })).toBe(false);
    expect(showsCarried("expectation", {}, { expectation: ["gradual"] }, {})).toBe(false);
  });
});
