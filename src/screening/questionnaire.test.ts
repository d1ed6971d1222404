import { describe, expect, it } from "vitest";
import { scoreFitzpatrick, screen } from "./engine.ts";
import {
  answerSummary,
  CODE_SYSTEM,
  fieldOfIntakePath,
  FITZPATRICK_LINK_IDS,
  formValuesFromIntake,
  formValuesFromResponse,
  INTAKE_QUESTIONNAIRE,
  isEnabled,
  itemOf,
  procedureRowCount,
  QUESTIONNAIRE_CANONICAL,
  readFormValues,
  responseFromForm,
  rowField,
  sectionOfField,
  type FormValues,
  type QuestionnaireItem,
} from "./questionnaire.ts";
import { parseIntake } from "./schema.ts";
import { DEFAULT_RULE_SET } from "./rules.ts";
import { AREAS, CONDITIONS, PROCEDURES, SKIN_CONDITIONS, type NormalizedIntake } from "./types.ts";

const TODAY = "2026-06-15";

/** A complete form with nothing to declare: every required question answered. */
function plainForm(extra: Record<string, string | string[]> = {}): FormValues {
  const values: Record<string, string[]> = {
    "birth-date-day": ["27"],
    "birth-date-month": ["3"],
    "birth-date-year": ["1990"],
    areas: ["face"],
    pregnancy: ["none"],
    conditions: ["none"],
    diabetes: ["no"],
    "skin-now": ["none"],
    "medications-list": ["none"],
    isotretinoin: ["never"],
    "blood-thinner": ["no"],
    "otc-blood-thinner": ["no"],
    immunosuppressant: ["no"],
    retinoid: ["no"],
    "procedures-any": ["no"],
    "procedures-other": ["no"],
    "procedures-ever": ["no"],
    expectation: ["gradual"],
    "privacy-acknowledged": ["yes"],
  };
  FITZPATRICK_LINK_IDS.forEach((id) => (values[id] = ["1"]));
  for (const [k, v] of Object.entries(extra)) values[k] = Array.isArray(v) ? v : [v];
  return values;
}

const run = (values: FormValues) => responseFromForm(values, { today: TODAY });

function allItems(items: readonly QuestionnaireItem[]): QuestionnaireItem[] {
  return items.flatMap((i) => [i, ...allItems(i.item ?? [])]);
}

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

describe("responseFromForm", () => {
  it("reads a plain, complete form into an Intake that parseIntake accepts", () => {
    const { errors, intake, response } = run(plainForm());
    expect(errors).toEqual({});
    expect(intake).toEqual({
      birthDate: "1990-03-27",
      treatmentAreas: ["face"],
      fitzpatrickAnswers: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
      conditions: [],
      skinConditions: [],
      medications: { anticoagulant: false, immunosuppressant: false },
      recentProcedures: [],
      expectsCompleteRemoval: false,
    });
    expect(parseIntake(intake, { today: TODAY }).ok).toBe(true);
    expect(response).toMatchObject({ resourceType: "QuestionnaireResponse", questionnaire: QUESTIONNAIRE_CANONICAL, status: "completed" });
  });

  it("maps every structured answer to its Intake field", () => {
    const { errors, intake } = run(
      plainForm({
        areas: ["face", "neck"],
        pregnancy: ["pregnant", "breastfeeding"],
        conditions: [
          "bleeding-disorder",
          "autoimmune-lupus",
          "autoimmune-scleroderma",
          "autoimmune-other",
          "immunosuppression",
          "cancer-treatment-last-12-months",
          "keloid-history",
          "hsv-history",
          "metal-allergy",
          "anaesthetic-allergy",
          "hypertrophic-scars",
          "vitiligo",
          "lichen-planus",
          "collagen-vascular-other",
        ],
        diabetes: "uncontrolled",
        "skin-now": [...SKIN_CONDITIONS],
        isotretinoin: "stopped",
        "isotretinoin-stopped-day": "2",
        "isotretinoin-stopped-month": "3",
        "isotretinoin-stopped-year": "2026",
        "blood-thinner": "yes",
        "otc-blood-thinner": "yes",
        immunosuppressant: "yes",
        retinoid: "yes",
        "retinoid-last-used-day": "14",
        "retinoid-last-used-month": "6",
        "retinoid-last-used-year": "2026",
        "procedures-any": "yes",
        [rowField(1, "procedure-type")]: "chemical-peel",
        [`${rowField(1, "procedure-date")}-day`]: "1",
        [`${rowField(1, "procedure-date")}-month`]: "6",
        [`${rowField(1, "procedure-date")}-year`]: "2026",
        [rowField(1, "procedure-areas")]: ["face"],
        [rowField(2, "procedure-type")]: "neurotoxin",
        [`${rowField(2, "procedure-date")}-month`]: "5",
        [`${rowField(2, "procedure-date")}-year`]: "2026",
        expectation: "complete",
      }),
    );
    expect(errors).toEqual({});
    expect(intake.treatmentAreas).toEqual(["face", "neck"]);
    expect([...intake.conditions!].sort()).toEqual([...CONDITIONS.filter((c) => c !== "diabetes-controlled")].sort());
    expect(intake.skinConditions).toEqual(SKIN_CONDITIONS.map((type) => ({ type, areas: ["face", "neck"] })));
    expect(intake.medications).toEqual({
      isotretinoin: { status: "stopped", stoppedOn: "2026-03-02" },
      anticoagulant: true,
      immunosuppressant: true,
      topicalRetinoidLastUsed: "2026-06-14",
      otcBloodThinner: true,
    });
    expect(intake.recentProcedures).toEqual([
      { type: "chemical-peel", date: "2026-06-01", areas: ["face"] },
      // No day: the month's last day, the cautious end; no areas ticked: everywhere.
      { type: "neurotoxin", date: "2026-05-31" },
    ]);
    expect(intake.expectsCompleteRemoval).toBe(true);
    expect(parseIntake(intake, { today: TODAY }).ok).toBe(true);
  });

  // One answer changed at a time from the plain form: exactly one Intake field changes, the right one.
  const plain = run(plainForm()).intake;
  const date = (name: string, d: string) => {
    const [y, m, day] = d.split("-");
    return { [`${name}-day`]: String(Number(day)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: y! };
  };
  const single: [string, Record<string, string | string[]>, Record<string, unknown>][] = [
    ["birth date", date("birth-date", "1961-12-01"), { birthDate: "1961-12-01" }],
    ["areas", { areas: ["hands", "body"] }, { treatmentAreas: ["hands", "body"] }],
    ["pregnant", { pregnancy: "pregnant" }, { conditions: ["pregnant"] }],
    ["breastfeeding", { pregnancy: "breastfeeding" }, { conditions: ["breastfeeding"] }],
    ...CONDITIONS.filter((c) => !["pregnant", "breastfeeding", "diabetes-controlled", "diabetes-uncontrolled"].includes(c)).map(
      (c): [string, Record<string, string>, Record<string, unknown>] => [c, { conditions: c }, { conditions: [c] }],
    ),
    ["diabetes controlled", { diabetes: "controlled" }, { conditions: ["diabetes-controlled"] }],
    ["diabetes not controlled", { diabetes: "uncontrolled" }, { conditions: ["diabetes-uncontrolled"] }],
    ...SKIN_CONDITIONS.map((s): [string, Record<string, string>, Record<string, unknown>] => [
      s,
      { "skin-now": s },
      { skinConditions: [{ type: s, areas: ["face"] }] },
    ]),
    ["isotretinoin now", { isotretinoin: "current" }, { medications: { ...plain.medications, isotretinoin: { status: "current" } } }],
    [
      "isotretinoin stopped",
      { isotretinoin: "stopped", ...date("isotretinoin-stopped", "2025-12-20") },
      { medications: { ...plain.medications, isotretinoin: { status: "stopped", stoppedOn: "2025-12-20" } } },
    ],
    ["blood thinner", { "blood-thinner": "yes" }, { medications: { anticoagulant: true, immunosuppressant: false } }],
    ["immunosuppressant", { immunosuppressant: "yes" }, { medications: { anticoagulant: false, immunosuppressant: true } }],
    [
      "over-the-counter blood thinner",
      { "otc-blood-thinner": "yes" },
      { medications: { anticoagulant: false, immunosuppressant: false, otcBloodThinner: true } },
    ],
    [
      "retinoid",
      { retinoid: "yes", ...date("retinoid-last-used", "2026-06-01") },
      { medications: { ...plain.medications, topicalRetinoidLastUsed: "2026-06-01" } },
    ],
    ...PROCEDURES.map((p): [string, Record<string, string | string[]>, Record<string, unknown>] => [
      p,
      {
        "procedures-any": "yes",
        [rowField(1, "procedure-type")]: p,
        ...date(rowField(1, "procedure-date"), "2026-04-30"),
        [rowField(1, "procedure-areas")]: ["neck"],
      },
      { recentProcedures: [{ type: p, date: "2026-04-30", areas: ["neck"] }] },
    ]),
    ["complete removal expected", { expectation: "complete" }, { expectsCompleteRemoval: true }],
  ];

  it.each(single)("maps %s, and only it", (_, answer, changed) => {
    const { errors, intake } = run(plainForm(answer));
    expect(errors).toEqual({});
    expect(intake).toEqual({ ...plain, ...changed });
    expect(parseIntake(intake, { today: TODAY }).ok).toBe(true);
  });

  it("maps diabetes, current isotretinoin and the other expectations", () => {
    expect(run(plainForm({ diabetes: "controlled" })).intake.conditions).toEqual(["diabetes-controlled"]);
    expect(run(plainForm({ isotretinoin: "current" })).intake.medications).toMatchObject({ isotretinoin: { status: "current" } });
    expect(run(plainForm({ expectation: "unsure" })).intake.expectsCompleteRemoval).toBe(false);
  });

  it("keeps a month-only date as a FHIR partial date, and uses today for the current month", () => {
    const { intake, response } = run(plainForm({ retinoid: "yes", "retinoid-last-used-month": "6", "retinoid-last-used-year": "2026" }));
    expect(intake.medications!.topicalRetinoidLastUsed).toBe(TODAY);
    const meds = response.item.find((i) => i.linkId === "medications")!;
    expect(meds.item!.find((i) => i.linkId === "retinoid-last-used")!.answer).toEqual([{ valueDate: "2026-06" }]);
  });

  it.each([
    [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 0, 1],
    [[1, 1, 1, 1, 1, 1, 1, 0, 0, 0], 7, 2],
    [[2, 2, 2, 2, 2, 2, 2, 0, 0, 0], 14, 3],
    [[3, 3, 3, 3, 3, 3, 3, 0, 0, 0], 21, 4],
    [[4, 4, 4, 4, 4, 4, 4, 0, 0, 0], 28, 5],
    [[4, 4, 4, 4, 4, 4, 4, 4, 3, 0], 35, 6],
    [[4, 4, 4, 4, 4, 4, 4, 4, 4, 4], 40, 6],
  ])("scores the Fitzpatrick answers %j: total %i, type %i", (scores, total, type) => {
    const extra = Object.fromEntries(FITZPATRICK_LINK_IDS.map((id, i) => [id, String(scores[i])]));
    const { intake, response, errors } = run(plainForm(extra));
    expect(errors).toEqual({});
    expect(intake.fitzpatrickAnswers).toEqual(scores);
    expect(scoreFitzpatrick(intake.fitzpatrickAnswers!)).toBe(type);
    const skin = response.item.find((i) => i.linkId === "skin-type")!.item!;
    expect(skin.find((i) => i.linkId === "fitzpatrick-score")!.answer).toEqual([{ valueInteger: total }]);
    expect(skin.find((i) => i.linkId === "fitzpatrick-type")!.answer).toEqual([{ valueInteger: type }]);
  });

  it("reports every required question left unanswered, keyed by its form field, without repeating answers", () => {
    const { errors } = run({});
    expect(Object.keys(errors).sort()).toEqual(
      [
        "birth-date",
        "areas",
        ...FITZPATRICK_LINK_IDS,
        "pregnancy",
        "conditions",
        "diabetes",
        "skin-now",
        "medications-list",
        "isotretinoin",
        "blood-thinner",
        "otc-blood-thinner",
        "immunosuppressant",
        "retinoid",
        "procedures-any",
        "procedures-other",
        "procedures-ever",
        "expectation",
        "privacy-acknowledged",
      ].sort(),
    );
    expect(errors["medications-list"]).toBe("List your medicines and supplements, or write “none”.");
    for (const key of Object.keys(errors)) expect(sectionOfField(key), key).not.toBeNull();
  });

  it("asks for the follow-up a choice calls for, and ignores one it does not", () => {
    expect(run(plainForm({ isotretinoin: "stopped" })).errors).toEqual({
      "isotretinoin-stopped": expect.stringContaining("last dose"),
    });
    expect(run(plainForm({ retinoid: "yes" })).errors).toHaveProperty("retinoid-last-used");
    expect(run(plainForm({ "procedures-any": "yes" })).errors).toEqual({
      [rowField(1, "procedure-type")]: "Tell us about at least one treatment, or answer “No” above.",
    });
    // A date typed under "stopped" and then "never" chosen is not asked, so not kept.
    const never = run(plainForm({ "isotretinoin-stopped-month": "3", "isotretinoin-stopped-year": "2026" }));
    expect(never.errors).toEqual({});
    expect(JSON.stringify(never.response)).not.toContain("isotretinoin-stopped");
    expect(never.intake.medications).not.toHaveProperty("isotretinoin");
  });

  it("checks partly filled treatment rows and skips empty ones", () => {
    const { errors } = run(
      plainForm({
        "procedures-any": "yes",
        [rowField(2, "procedure-type")]: "laser",
        [`${rowField(3, "procedure-date")}-month`]: "13",
        [`${rowField(3, "procedure-date")}-year`]: "2026",
      }),
    );
    expect(errors).toEqual({
      [rowField(2, "procedure-date")]: expect.stringMatching(/^Enter the date of this treatment/),
      [rowField(3, "procedure-type")]: "Answer this question.",
      [rowField(3, "procedure-date")]: "The date of this treatment must be a real date.",
    });
    expect(sectionOfField(rowField(2, "procedure-date"))).toBe("procedures");
  });

  it("refuses impossible and future dates, a young birth date, and 'none' ticked with something else", () => {
    const { errors } = run(
      plainForm({
        "birth-date-day": "30",
        "birth-date-month": "2",
        isotretinoin: "stopped",
        "isotretinoin-stopped-day": "16",
        "isotretinoin-stopped-month": "6",
        "isotretinoin-stopped-year": "2026",
        "skin-now": ["sunburn", "none"],
        "medications-list": "x".repeat(2001),
      }),
    );
    expect(errors).toEqual({
      "birth-date": "Your date of birth must be a real date.",
      "isotretinoin-stopped": "The date of your last dose can't be in the future.",
      "skin-now": "Tick the ones that apply, or “None of these”, not both.",
      "medications-list": "Please keep this to 2000 characters or fewer.",
    });
    expect(run(plainForm({ "birth-date-day": "15", "birth-date-month": "6", "birth-date-year": "2026" })).errors).toEqual({
      "birth-date": "Your date of birth must be in the past.",
    });
  });

  it("refuses unknown codes, and concerns for an area that is not ticked", () => {
    expect(run(plainForm({ areas: ["face", "elbow"] })).errors).toEqual({ areas: "Choose from the answers shown." });
    expect(run(plainForm({ "concerns-neck": ["fine-lines"] })).errors).toEqual({
      "concerns-neck": "You ticked what you'd like to improve on your neck: tick “Neck” above too, or untick them.",
    });
    expect(run(plainForm({ "concerns-face": ["other"] })).errors).toHaveProperty("concerns-other");
    expect(run(plainForm({ "concerns-face": ["other", "pores"], "concerns-other": "My jawline" })).errors).toEqual({});
  });

  it("puts the client's words in the response, never in the Intake", () => {
    const words = "Vitamin D 1000 IU daily\nMetformin 500 mg";
    const { response, intake } = responseFromForm(
      plainForm({ "medications-list": words, goals: "Smoother cheeks", "health-other": "Hip surgery in 2019" }),
      { today: TODAY, authored: "2026-06-15T14:00:00Z", subject: "Patient/abc" },
    );
    expect(JSON.stringify(intake)).not.toContain("Vitamin");
    expect(JSON.stringify(response)).toContain("Metformin 500 mg");
    expect(response).toMatchObject({ authored: "2026-06-15T14:00:00Z", subject: { reference: "Patient/abc" } });
  });

  it("reads FormData like plain values, keeping only known fields", () => {
    const form = new FormData();
    for (const [k, vs] of Object.entries(plainForm())) for (const v of vs) form.append(k, v);
    form.append("medications-list-extra", "ignored");
    form.set("medications-list", "  Iron\r\nZinc  ");
    expect(readFormValues(form)["medications-list"]).toEqual(["Iron\nZinc"]);
    expect(readFormValues(form)).not.toHaveProperty("medications-list-extra");
    expect(responseFromForm(form, { today: TODAY }).errors).toEqual({});
  });
});

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
