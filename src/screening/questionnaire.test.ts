import { describe, expect, it } from "vitest";
import { screen } from "./engine.ts";
import { allItems, plainForm, run, TODAY } from "./questionnaire-test-form.ts";
import { answerSummary } from "./questionnaire-summary.ts";
import { CODE_SYSTEM, INTAKE_QUESTIONNAIRE, itemOf, QUESTIONNAIRE_CANONICAL } from "./questionnaire-definition.ts";
import { fieldOfIntakePath } from "./questionnaire-response.ts";
import { FITZPATRICK_LINK_IDS } from "./questionnaire-options.ts";
import { formValuesFromIntake, formValuesFromResponse } from "./questionnaire-prefill.ts";
import { isEnabled, procedureRowCount, rowField } from "./questionnaire-form.ts";
import { DEFAULT_RULE_SET } from "./effective-rules.ts";
import { parseIntake } from "./schema.ts";
import { AREAS, CONDITIONS, PROCEDURES, SKIN_CONDITIONS } from "./types.ts";

describe("the intake questionnaire resource", () => {
  const items = allItems(INTAKE_QUESTIONNAIRE.item);

  it("is an active, versioned FHIR Questionnaire with unique linkIds", () => {
    expect(INTAKE_QUESTIONNAIRE).toMatchObject({ resourceType: "Questionnaire", status: "active", version: "2" });
    expect(QUESTIONNAIRE_CANONICAL).toBe(`${INTAKE_QUESTIONNAIRE.url}|${INTAKE_QUESTIONNAIRE.version}`);
    const ids = items.map((i) => i.linkId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("points every enableWhen at an earlier question and a real answer", () => {
    const order = items.map((i) => i.linkId);
    for (const item of items) {
      for (const w of item.enableWhen ?? []) {
        const target = itemOf(w.question);
        expect(order.indexOf(w.question), `${item.linkId} depends on ${w.question}`).toBeLessThan(order.indexOf(item.linkId));
        if (w.answerCoding) expect(target.answerOption?.map((o) => o.valueCoding.code)).toContain(w.answerCoding.code);
        if (w.answerBoolean !== undefined) expect(target.type).toBe("boolean");
      }
    }
  });

  it("offers every value the rules know, coded in its own code system", () => {
    const codes = (linkId: string) => itemOf(linkId).answerOption!.map((o) => o.valueCoding.code);
    expect(codes("areas")).toEqual([...AREAS]);
    expect(codes("skin-now")).toEqual([...SKIN_CONDITIONS, "none"]);
    expect(codes("procedure-type")).toEqual([...PROCEDURES]);
    const asked = [...codes("pregnancy"), ...codes("conditions"), ...codes("diabetes").map((c) => `diabetes-${c}`)];
    for (const condition of CONDITIONS) expect(asked).toContain(condition);
    for (const item of items) for (const o of item.answerOption ?? []) expect(o.valueCoding.system).toBe(CODE_SYSTEM);
  });

  it("has the ten Fitzpatrick items, each answered 0 to 4", () => {
    expect(FITZPATRICK_LINK_IDS).toHaveLength(10);
    for (const id of FITZPATRICK_LINK_IDS) {
      const item = itemOf(id);
      expect(item).toMatchObject({ type: "choice", required: true });
      expect(item.answerOption!.map((o) => o.valueCoding.code)).toEqual(["0", "1", "2", "3", "4"]);
    }
  });
});

describe("form helpers", () => {
  it("evaluates enableWhen on form values", () => {
    expect(isEnabled(itemOf("concerns-face"), { areas: ["face"] })).toBe(true);
    expect(isEnabled(itemOf("concerns-face"), { areas: ["neck"] })).toBe(false);
    expect(isEnabled(itemOf("concerns-other"), { "concerns-hands": ["other"] })).toBe(true);
    expect(isEnabled(itemOf("retinoid-last-used"), { retinoid: ["no"] })).toBe(false);
  });

  it("shows three treatment rows, more when asked or filled, never more than one per kind of treatment (14)", () => {
    expect(procedureRowCount({})).toBe(3);
    expect(procedureRowCount({ "procedure-rows": ["4"] })).toBe(4);
    expect(procedureRowCount({ "procedure-rows": ["99"] })).toBe(14);
    expect(procedureRowCount({ [rowField(5, "procedure-type")]: ["laser"] })).toBe(5);
  });

  it("maps a refused Intake path back to its form field", () => {
    expect(fieldOfIntakePath("birthDate")).toBe("birth-date");
    expect(fieldOfIntakePath("medications.isotretinoin.stoppedOn")).toBe("isotretinoin");
    expect(fieldOfIntakePath("medications.otcBloodThinner")).toBe("otc-blood-thinner");
    expect(fieldOfIntakePath("recentProcedures[1].date", [1, 3])).toBe(rowField(3, "procedure-date"));
  });

  it("summarises a response in words for the review screen", () => {
    const { response } = run(
      plainForm({
        "procedures-any": "yes",
        [rowField(1, "procedure-type")]: "ipl",
        [`${rowField(1, "procedure-date")}-month`]: "4",
        [`${rowField(1, "procedure-date")}-year`]: "2026",
      }),
    );
    const summary = answerSummary(response);
    expect(summary.map((s) => s.section)).toEqual(["about", "skin-type", "health", "medications", "procedures", "expectations", "privacy"]);
    const about = summary.find((s) => s.section === "about")!.lines;
    expect(about).toContainEqual({ linkId: "birth-date", question: "What is your date of birth?", answer: "March 27, 1990" });
    const procedures = summary.find((s) => s.section === "procedures")!.lines;
    expect(procedures).toContainEqual({ linkId: "procedure-date", question: "Treatment 1: When did you have it?", answer: "April 2026" });
    const skin = summary.find((s) => s.section === "skin-type")!.lines;
    expect(skin).toContainEqual({ linkId: "fitzpatrick-type", question: "Skin type (Fitzpatrick 1 to 6)", answer: "2" });
  });
});

describe("version 2: the questions the intake did not ask", () => {
  it("asks about radiation, permanent filler and threads at any time, through the same treatment rows", () => {
    const { errors, intake } = run(
      plainForm({
        "procedures-ever": "yes",
        [rowField(1, "procedure-type")]: "radiation-therapy",
        [`${rowField(1, "procedure-date")}-month`]: "4",
        [`${rowField(1, "procedure-date")}-year`]: "2009",
        [rowField(1, "procedure-areas")]: ["face"],
      }),
    );
    expect(errors).toEqual({});
    expect(intake.recentProcedures).toEqual([{ type: "radiation-therapy", date: "2009-04-30", areas: ["face"] }]);
    const parsed = parseIntake(intake, { today: TODAY });
    expect(parsed.ok && screen(parsed.intake, DEFAULT_RULE_SET).reasons.map((r) => r.ruleId)).toEqual(["radiation-therapy"]);
  });

  it("asks about surgery, an injury and hair removal in the last months, and needs a row when answered yes", () => {
    expect(run(plainForm({ "procedures-other": "yes" })).errors).toEqual({
      [rowField(1, "procedure-type")]: "Tell us about at least one treatment, or answer “No” above.",
    });
    const { errors, intake } = run(
      plainForm({
        "procedures-other": "yes",
        [rowField(1, "procedure-type")]: "waxing",
        ...{
          [`${rowField(1, "procedure-date")}-day`]: "12",
          [`${rowField(1, "procedure-date")}-month`]: "6",
          [`${rowField(1, "procedure-date")}-year`]: "2026",
        },
      }),
    );
    expect(errors).toEqual({});
    expect(intake.recentProcedures).toEqual([{ type: "waxing", date: "2026-06-12" }]);
  });

  it("pre-fills each gate question from the treatments an earlier screening names", () => {
    const base = run(plainForm()).intake;
    const parsed = parseIntake(
      {
        ...base,
        medications: { ...base.medications, otcBloodThinner: true },
        recentProcedures: [
          { type: "threads", date: "2020-01-01" },
          { type: "trauma", date: "2026-05-01" },
        ],
      },
      { today: TODAY },
    );
    if (!parsed.ok) throw new Error("invalid");
    const values = formValuesFromIntake(parsed.intake);
    expect(values).toMatchObject({ "procedures-ever": ["yes"], "procedures-other": ["yes"], "otc-blood-thinner": ["yes"] });
    expect(values).not.toHaveProperty("procedures-any");
  });

  it("reads a version 1 response back: every answer it had, the new questions left to answer", () => {
    const v1 = run(plainForm()).response;
    const added = new Set(["otc-blood-thinner", "procedures-other", "procedures-ever"]);
    type Item = (typeof v1.item)[number];
    const strip = (items: Item[]): Item[] =>
      items.filter((i) => !added.has(i.linkId)).map((i) => (i.item ? { ...i, item: strip(i.item) } : i));
    const old = { ...v1, questionnaire: v1.questionnaire.replace(/\|2$/, "|1"), item: strip(v1.item) };
    expect(JSON.stringify(old)).not.toContain("procedures-ever");
    const values = formValuesFromResponse(old);
    expect(values).toMatchObject({ "blood-thinner": ["no"], "procedures-any": ["no"] });
    expect(Object.keys(run(values).errors).sort()).toEqual(["otc-blood-thinner", "procedures-ever", "procedures-other"]);
  });
});
