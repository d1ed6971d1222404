import { Temporal } from "temporal-polyfill";
import { describe, expect, it } from "vitest";
import { translator, type MessageKey } from "../i18n/catalog.ts";
import {
  describeAnswer,
  findStep,
  firstIncomplete,
  monthOf,
  STEP_TEXT_PARAMS,
  stepForIntakeField,
  STEPS,
  stepsFor,
  toIntake,
  validateStep,
  type Answers,
} from "./self-check.ts";
import { RECENT_TREATMENT_LOOKBACK_MONTHS } from "../../src/screening/look-backs.ts";
import { monthOf as intakeMonthOf } from "../../src/screening/answer-reader.ts";

const en = translator("en");
const fr = translator("fr");
const today = Temporal.PlainDate.from("2026-03-15");

describe("the self-check in two languages", () => {
  it("has every question, hint and choice in both languages", () => {
    const keys: MessageKey[] = [];
    for (const step of STEPS) {
      keys.push(step.topic, step.legend, ...(step.answerLabel ? [step.answerLabel] : []), ...(step.hint ? [step.hint] : []));
      const q = step.question;
      if (q.kind === "date") {
        keys.push(q.date.noun, ...(q.date.hint ? [q.date.hint] : []));
        continue;
      }
      keys.push(q.required);
      for (const c of q.choices) {
        keys.push(c.label, ...(c.hint ? [c.hint] : []));
        if (c.followUp)
          keys.push(c.followUp.legend, c.followUp.short, c.followUp.date.noun, ...(c.followUp.date.hint ? [c.followUp.date.hint] : []));
      }
    }
    for (const key of keys) {
      expect(en(key, STEP_TEXT_PARAMS), key).not.toBe("");
      expect(fr(key, STEP_TEXT_PARAMS), key).not.toBe("");
    }
    expect(en(findStep("procedures")!.legend, STEP_TEXT_PARAMS)).toBe(
      "In the last 3 months, have you had any of these where you'd like microneedling?",
    );
    expect(fr(findStep("procedures")!.legend, STEP_TEXT_PARAMS)).toMatch(/^Au cours des 3 derniers mois/);
  });

  it("words a date problem with the date's name, in the page's language", () => {
    const birth = findStep("birth")!;
    const answers: Answers = { "birth-day": ["31"], "birth-month": ["2"], "birth-year": ["1990"] };
    expect(validateStep(birth, answers, today, en)).toEqual({ "birth-day": "Your date of birth must be a real date." });
    expect(validateStep(birth, answers, today, fr)).toEqual({ "birth-day": "Votre date de naissance doit être une date qui existe." });
    const early = { "birth-day": ["1"], "birth-month": ["1"], "birth-year": ["1800"] };
    expect(validateStep(birth, early, today, fr)).toEqual({ "birth-year": "Votre date de naissance doit être postérieure à 1900." });
  });

  it("names the exclusive choice when it is ticked with others", () => {
    const skin = findStep("skin")!;
    const answers: Answers = { skin: ["sunburn", "none"] };
    expect(validateStep(skin, answers, today, en)).toEqual({ skin: "Tick the ones that apply, or “None of these”, not both." });
    expect(validateStep(skin, answers, today, fr)).toEqual({
      skin: "Cochez ce qui s’applique, ou «\u00a0Aucun de ces choix\u00a0», mais pas les deux.",
    });
  });

  it("shows answers back with dates in the page's language", () => {
    const retinoid = findStep("retinoid")!;
    const answers: Answers = { retinoid: ["yes"], "retinoid-last-month": ["2"], "retinoid-last-year": ["2026"] };
    expect(describeAnswer(retinoid, answers, today, en, "en")).toBe("Yes (last used: February 2026)");
    expect(describeAnswer(retinoid, answers, today, fr, "fr")).toBe("Oui (dernière utilisation\u00a0: février 2026)");
    const birth = findStep("birth")!;
    const born: Answers = { "birth-day": ["27"], "birth-month": ["3"], "birth-year": ["1990"] };
    expect(describeAnswer(birth, born, today, en, "en")).toBe("March 27, 1990");
    expect(describeAnswer(birth, born, today, fr, "fr")).toBe("27 mars 1990");
    expect(describeAnswer(birth, {}, today, fr, "fr")).toBe("Sans réponse");
  });

  it("reads a month typed as a number or a name in English or French", () => {
    expect(monthOf("3")).toBe(3);
    expect(monthOf("March")).toBe(3);
    expect(monthOf("mars")).toBe(3);
    expect(monthOf("févr.")).toBe(2);
    expect(monthOf("FEV")).toBe(2);
    expect(monthOf("août")).toBe(8);
    expect(monthOf("juil")).toBe(7);
    expect(monthOf("décembre")).toBe(12);
    // "jui" could be juin or juillet; "ma" is too short to tell.
    expect(monthOf("jui")).toBeNull();
    expect(monthOf("ma")).toBeNull();
    expect(monthOf("13")).toBeNull();
  });

  it("reads months and dates with the intake's reader, and looks back as far as its rule asks", () => {
    expect(monthOf).toBe(intakeMonthOf);
    expect(STEP_TEXT_PARAMS.months).toBe(RECENT_TREATMENT_LOOKBACK_MONTHS);
    // The same typed date, refused the same way: the month of a date without a day.
    const retinoid = findStep("retinoid")!;
    const later: Answers = { retinoid: ["yes"], "retinoid-last-month": ["4"], "retinoid-last-year": ["2026"] };
    expect(validateStep(retinoid, later, today, en)).toEqual({
      "retinoid-last-month": "The date you last used it can't be in the future.",
    });
  });
});

describe("the questions added in December 2026", () => {
  // A complete set of answers with nothing to declare; `extra` replaces fields.
  const plain = (extra: Record<string, string[]> = {}): Answers => ({
    areas: ["face"],
    "birth-day": ["1"],
    "birth-month": ["1"],
    "birth-year": ["1990"],
    pregnancy: ["none"],
    skin: ["none"],
    procedures: ["none"],
    isotretinoin: ["never"],
    retinoid: ["no"],
    medicines: ["none"],
    health: ["none"],
    diabetes: ["no"],
    history: ["none"],
    "skin-type": ["3"],
    expectations: ["gradual"],
    ...extra,
  });

  it("an old set of answers is complete and gives the same Intake (nothing new is read as yes)", () => {
    expect(firstIncomplete(plain(), today, en)).toBeNull();
    const intake = toIntake(plain(), today);
    expect(intake.medications).toEqual({ anticoagulant: false, immunosuppressant: false });
    expect(intake.recentProcedures).toEqual([]);
  });

  it("reads the new findings, conditions and the over-the-counter blood-thinner answer", () => {
    const intake = toIntake(
      plain({
        skin: ["solar-keratosis", "raised-mole-or-wart", "tan"],
        health: ["vitiligo", "lichen-planus", "collagen-vascular-other"],
        history: ["hypertrophic-scars"],
        medicines: ["otc-blood-thinner"],
      }),
      today,
    );
    expect(intake.skinConditions!.map((s) => s.type)).toEqual(["solar-keratosis", "raised-mole-or-wart", "tan"]);
    expect([...intake.conditions!].sort()).toEqual(["collagen-vascular-other", "hypertrophic-scars", "lichen-planus", "vitiligo"]);
    expect(intake.medications!.otcBloodThinner).toBe(true);
  });

  it("asks the date of waxing on the treatments step, and of radiation right after the history step", () => {
    const answers = plain({
      procedures: ["waxing"],
      history: ["radiation-therapy"],
      "procedure-waxing-day": ["10"],
      "procedure-waxing-month": ["3"],
      "procedure-waxing-year": ["2026"],
      "procedure-radiation-therapy-month": ["5"],
      "procedure-radiation-therapy-year": ["2004"],
    });
    const ids = stepsFor(answers).map((s) => s.id);
    expect(ids.indexOf("procedure-waxing")).toBe(ids.indexOf("procedures") + 1);
    expect(ids.indexOf("procedure-radiation-therapy")).toBe(ids.indexOf("history") + 1);
    expect(firstIncomplete(answers, today, en)).toBeNull();
    const intake = toIntake(answers, today);
    expect(intake.recentProcedures).toEqual([
      { type: "radiation-therapy", date: "2004-05-31", areas: ["face"] },
      { type: "waxing", date: "2026-03-10", areas: ["face"] },
    ]);
    expect(intake.conditions).toEqual([]);
    // A refused date is sent back to the step that asked it.
    expect(stepForIntakeField("recentProcedures[1].date", answers).id).toBe("procedure-waxing");
    expect(stepForIntakeField("recentProcedures[0].date", answers).id).toBe("procedure-radiation-therapy");
  });
});
