import { describe, expect, it } from "vitest";
import { plainForm, run, TODAY } from "./questionnaire-test-form.ts";
import { FITZPATRICK_LINK_IDS } from "./questionnaire-options.ts";
import { carriedExpectation, formValuesFromIntake, formValuesFromResponse } from "./questionnaire-prefill.ts";
import { rowField } from "./questionnaire-form.ts";
import { parseIntake } from "./schema.ts";
import type { NormalizedIntake } from "./types.ts";

describe("pre-filling", () => {
  it("round-trips a response through form values", () => {
    const values = plainForm({
      areas: ["face", "scalp"],
      "concerns-face": ["acne-scars", "other"],
      "concerns-scalp": ["hair-thinning"],
      "concerns-other": "Redness around my nose",
      isotretinoin: "stopped",
      "isotretinoin-stopped-month": "1",
      "isotretinoin-stopped-year": "2026",
      "procedures-any": "yes",
      [rowField(1, "procedure-type")]: "laser",
      [`${rowField(1, "procedure-date")}-day`]: "3",
      [`${rowField(1, "procedure-date")}-month`]: "4",
      [`${rowField(1, "procedure-date")}-year`]: "2026",
      [rowField(1, "procedure-areas")]: ["face", "neck"],
      goals: "Fewer marks",
    });
    const first = run(values);
    expect(first.errors).toEqual({});
    const back = formValuesFromResponse(first.response);
    // The rows field is the form's own, not an answer.
    const { "procedure-rows": rows, ...answers } = back;
    expect(rows).toEqual(["3"]);
    expect(answers).toEqual(values);
    expect(run(back).response).toEqual(first.response);
  });

  it("survives a stored response it cannot fully read", () => {
    expect(formValuesFromResponse({ item: [{ linkId: "areas", answer: [{ valueCoding: { code: "elbow" } }] }, null] })).toEqual({});
    expect(formValuesFromResponse({})).toEqual({});
  });

  it("fills in what a self-check said, and leaves what it never asked", () => {
    const intake: NormalizedIntake = {
      asOf: TODAY,
      birthDate: "1987-06-23",
      treatmentAreas: ["face", "neck"],
      fitzpatrickType: 3,
      fitzpatrickAnswers: null,
      conditions: ["breastfeeding", "hsv-history", "diabetes-controlled"],
      skinConditions: [{ type: "acne-breakout", areas: ["face", "neck"] }],
      medications: {
        isotretinoin: { status: "stopped", stoppedOn: "2026-03-31" },
        anticoagulant: false,
        immunosuppressant: true,
        topicalRetinoidLastUsed: null,
      },
      recentProcedures: [{ type: "dermal-filler", date: "2026-05-10", areas: ["face"] }],
      expectsCompleteRemoval: false,
    };
    const values = formValuesFromIntake(intake);
    expect(values).toEqual({
      "birth-date-day": ["23"],
      "birth-date-month": ["6"],
      "birth-date-year": ["1987"],
      areas: ["face", "neck"],
      pregnancy: ["breastfeeding"],
      conditions: ["hsv-history"],
      diabetes: ["controlled"],
      "skin-now": ["acne-breakout"],
      isotretinoin: ["stopped"],
      "isotretinoin-stopped-day": ["31"],
      "isotretinoin-stopped-month": ["3"],
      "isotretinoin-stopped-year": ["2026"],
      "blood-thinner": ["no"],
      immunosuppressant: ["yes"],
      retinoid: ["no"],
      "procedures-any": ["yes"],
      "procedure-rows": ["3"],
      [rowField(1, "procedure-type")]: ["dermal-filler"],
      [`${rowField(1, "procedure-date")}-day`]: ["10"],
      [`${rowField(1, "procedure-date")}-month`]: ["5"],
      [`${rowField(1, "procedure-date")}-year`]: ["2026"],
      [rowField(1, "procedure-areas")]: ["face"],
    });
    // What is left is exactly what the self-check never asked.
    expect(Object.keys(run(values).errors).sort()).toEqual(
      // The questions added in version 2 that a self-check answered "no" to are asked again (only a "yes" is carried).
      [
        ...FITZPATRICK_LINK_IDS,
        "medications-list",
        "expectation",
        "privacy-acknowledged",
        "otc-blood-thinner",
        "procedures-other",
        "procedures-ever",
      ].sort(),
    );
    const none = formValuesFromIntake({ ...intake, conditions: [], skinConditions: [], recentProcedures: [] });
    expect(none).toMatchObject({ pregnancy: ["none"], conditions: ["none"], diabetes: ["no"], "skin-now": ["none"] });
    expect(none).not.toHaveProperty("procedures-any");
  });

  it("fills in what the self-check said the person hopes for, exactly as they said it", () => {
    const parsed = parseIntake({ treatmentAreas: ["face"], expectsCompleteRemoval: false }, { today: TODAY });
    if (!parsed.ok) throw new Error("fixture");
    const intake = parsed.intake;
    const complete = { ...intake, expectsCompleteRemoval: true };
    // The self-check's own answer, kept beside the Intake.
    expect(formValuesFromIntake(intake, { expectation: "unsure" }).expectation).toEqual(["unsure"]);
    expect(formValuesFromIntake(intake, { expectation: "gradual" }).expectation).toEqual(["gradual"]);
    expect(formValuesFromIntake(complete, { expectation: "complete" }).expectation).toEqual(["complete"]);
    // Without it, the Intake tells "complete" apart, never "gradual" from "not sure".
    expect(carriedExpectation(complete, undefined)).toBe("complete");
    expect(carriedExpectation(intake, null)).toBeNull();
    expect(formValuesFromIntake(intake)).not.toHaveProperty("expectation");
    // A kept answer the Intake contradicts, or no answer the questionnaire offers, is not believed.
    expect(carriedExpectation(intake, "complete")).toBeNull();
    expect(carriedExpectation(complete, "gradual")).toBe("complete");
    expect(carriedExpectation(intake, "everything")).toBeNull();
    // The response it makes is valid and screens the same.
    const answered = run({ ...plainForm(), ...formValuesFromIntake(intake, { expectation: "unsure" }) });
    expect(answered.errors).toEqual({});
    expect(answered.intake.expectsCompleteRemoval).toBe(false);
    const hopes = answered.response.item.find((i) => i.linkId === "expectations")!.item![0]!;
    expect(hopes).toMatchObject({ linkId: "expectation", answer: [{ valueCoding: { code: "unsure" } }] });
  });

  it("screens a pre-filled self-check the same once the rest is answered", () => {
    const intake = parseIntake(
      {
        birthDate: "1990-01-01",
        treatmentAreas: ["face"],
        medications: { isotretinoin: { status: "current" } },
        expectsCompleteRemoval: true,
      },
      { today: TODAY },
    );
    if (!intake.ok) throw new Error("fixture");
    const values = { ...formValuesFromIntake(intake.intake), ...plainForm({ isotretinoin: "current", expectation: "complete" }) };
    const again = run(values);
    expect(again.errors).toEqual({});
    expect(again.intake.medications).toMatchObject({ isotretinoin: { status: "current" } });
    expect(again.intake.expectsCompleteRemoval).toBe(true);
  });
});
