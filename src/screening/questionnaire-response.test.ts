import { describe, expect, it } from "vitest";
import { scoreFitzpatrick } from "./engine.ts";
import { plainForm, run, TODAY } from "./questionnaire-test-form.ts";
import { FITZPATRICK_LINK_IDS } from "./questionnaire-options.ts";
import { QUESTIONNAIRE_CANONICAL } from "./questionnaire-definition.ts";
import { readFormValues, rowField } from "./questionnaire-form.ts";
import { responseFromForm, sectionOfField } from "./questionnaire-response.ts";
import { parseIntake } from "./schema.ts";
import { CONDITIONS, PROCEDURES, SKIN_CONDITIONS } from "./types.ts";

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

  it("refuses unknown codes, and leaves out the concerns of an area no longer chosen", () => {
    expect(run(plainForm({ areas: ["face", "elbow"] })).errors).toEqual({ areas: "Choose from the answers shown." });
    // The concerns are asked on the screen after the areas: going back and unticking an area keeps them in the
    // form (ticking it again brings them back), and they are never sent as answers to a question not asked.
    const unticked = run(plainForm({ "concerns-neck": ["fine-lines"], "concerns-face": ["pores"] }));
    expect(unticked.errors).toEqual({});
    const about = unticked.response.item.find((i) => i.linkId === "about")!;
    expect(about.item!.map((i) => i.linkId)).toEqual(["birth-date", "areas", "concerns-face"]);
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
