import { describe, expect, it } from "vitest";
import { ANSWERS_FR, DATE_NOUNS_FR, localizeItem, localizedSummary, problemMessages, problemTextFr, TEXTS_FR } from "./questionnaire-fr.ts";
import { FITZPATRICK_LINK_IDS } from "./questionnaire-options.ts";
import { INTAKE_QUESTIONNAIRE, isExclusive } from "./questionnaire-definition.ts";
import { monthOf, type FormValues } from "./answer-reader.ts";
import { problemText, type FormProblem } from "./questionnaire-problems.ts";
import { responseFromForm } from "./questionnaire-response.ts";
import { rowField } from "./questionnaire-form.ts";
import { type QuestionnaireItem } from "./questionnaire-fhir.ts";

const TODAY = "2026-06-15";

function allItems(items: readonly QuestionnaireItem[]): QuestionnaireItem[] {
  return items.flatMap((i) => [i, ...allItems(i.item ?? [])]);
}
const ITEMS = allItems(INTAKE_QUESTIONNAIRE.item);

/** A sentence, not a word or a name: long enough that the same text in both languages is a slip. */
const isSentence = (text: string) => text.split(/\s+/).length >= 3 || text.length >= 20;

/** Every English text and its French, with where it comes from. */
function pairs(): { where: string; en: string; fr: string | undefined }[] {
  return ITEMS.flatMap((item) => [
    ...(item.text === undefined ? [] : [{ where: item.linkId, en: item.text, fr: TEXTS_FR[item.linkId] }]),
    ...(item.answerOption ?? []).map((o) => ({
      where: `${item.linkId} = ${o.valueCoding.code}`,
      en: o.valueCoding.display ?? "",
      fr: ANSWERS_FR[item.linkId]?.[o.valueCoding.code],
    })),
  ]);
}

/** One of every problem the form can report, for every question it can be about. */
function everyProblem(): FormProblem[] {
  // Every code, listed so the compiler refuses a new one left out here.
  const codes: Record<FormProblem["code"], true> = {
    required: true,
    "unknown-answer": true,
    "one-answer": true,
    "not-both": true,
    "yes-or-no": true,
    "too-long": true,
    "no-procedure": true,
    "date-no-day": true,
    "date-no-month": true,
    "date-no-year": true,
    "date-not-real": true,
    "date-year-digits": true,
    "date-too-early": true,
    "date-not-past": true,
    "date-future": true,
    "check-answer": true,
  };
  const dates = ITEMS.filter((i) => i.type === "date").map((i) => i.linkId);
  const problems: FormProblem[] = [
    ...ITEMS.filter((i) => i.type !== "group" && i.type !== "display" && !i.readOnly).map((i): FormProblem => ({
      code: "required",
      linkId: i.linkId,
    })),
    ...ITEMS.flatMap((i) =>
      (i.answerOption ?? [])
        .filter(isExclusive)
        .map((o): FormProblem => ({ code: "not-both", linkId: i.linkId, option: o.valueCoding.code })),
    ),
    { code: "unknown-answer" },
    { code: "one-answer" },
    { code: "yes-or-no" },
    { code: "too-long", max: 2000 },
    { code: "no-procedure" },
    { code: "check-answer" },
  ];
  for (const code of Object.keys(codes) as FormProblem["code"][]) {
    if (code.startsWith("date-")) problems.push(...dates.map((linkId) => ({ code, linkId }) as FormProblem));
  }
  expect(new Set(problems.map((p) => p.code))).toEqual(new Set(Object.keys(codes)));
  return problems;
}

/** What Canadian French writes: curly apostrophes, « » with a no-break space inside, nothing left unfilled. */
function expectFrenchTypography(where: string, fr: string) {
  expect(fr, where).not.toMatch(/'/);
  expect(fr, where).not.toMatch(/["“”]/);
  expect(fr, where).not.toMatch(/undefined|\{\w+\}/);
  expect(fr, where).not.toMatch(/«(?!\u00a0)|(?<!\u00a0)»/);
}

describe("the intake questionnaire in French", () => {
  it("has a French text for every item and every answer the English questionnaire has", () => {
    const missing = pairs()
      .filter((p) => !p.fr?.trim())
      .map((p) => p.where);
    expect(missing).toEqual([]);
  });

  it("has no French text for an item or answer the questionnaire does not have", () => {
    const linkIds = new Set(ITEMS.filter((i) => i.text !== undefined).map((i) => i.linkId));
    expect(Object.keys(TEXTS_FR).filter((id) => !linkIds.has(id))).toEqual([]);
    for (const [linkId, answers] of Object.entries(ANSWERS_FR)) {
      const codes = ITEMS.find((i) => i.linkId === linkId)?.answerOption?.map((o) => o.valueCoding.code);
      expect(codes, linkId).toBeDefined();
      // The concerns share one list: each area offers some of it.
      if (linkId.startsWith("concerns-")) continue;
      expect(Object.keys(answers).sort(), linkId).toEqual([...codes!].sort());
    }
  });

  it("never leaves a sentence in English", () => {
    const same = pairs().filter((p) => isSentence(p.en) && p.fr === p.en);
    expect(same.map((p) => p.where)).toEqual([]);
    for (const p of pairs()) expectFrenchTypography(p.where, p.fr ?? "");
  });

  it("keeps the questionnaire itself: linkIds, codes, conditions and the English resource untouched", () => {
    const before = JSON.stringify(INTAKE_QUESTIONNAIRE);
    const french = INTAKE_QUESTIONNAIRE.item.map((section) => localizeItem(section, "fr"));
    expect(JSON.stringify(INTAKE_QUESTIONNAIRE)).toBe(before);
    const shape = (items: readonly QuestionnaireItem[]): unknown =>
      JSON.parse(JSON.stringify(items, (key, value: unknown) => (key === "text" || key === "display" ? undefined : value)));
    expect(shape(french)).toEqual(shape(INTAKE_QUESTIONNAIRE.item));
    const frenchItems = allItems(french);
    expect(frenchItems.find((i) => i.linkId === "blood-thinner")!.text).toBe("Prenez-vous un médicament pour éclaircir le sang?");
    expect(frenchItems.find((i) => i.linkId === "blood-thinner-help")!.text).toContain("warfarine");
    expect(frenchItems.find((i) => i.linkId === "skin-now")!.answerOption!.at(-1)!.valueCoding).toMatchObject({
      code: "none",
      display: "Aucun de ces choix",
    });
    // English is the questionnaire as it is.
    expect(localizeItem(INTAKE_QUESTIONNAIRE.item[0]!, "en")).toBe(INTAKE_QUESTIONNAIRE.item[0]);
  });

  it("says every problem with an answer in French, never the English sentence", () => {
    for (const problem of everyProblem()) {
      const where = JSON.stringify(problem);
      const en = problemText(problem);
      const fr = problemTextFr(problem);
      expect(fr.length, where).toBeGreaterThan(10);
      expect(fr, where).not.toBe(en);
      expectFrenchTypography(where, fr);
    }
    expect(Object.keys(DATE_NOUNS_FR).sort()).toEqual(
      ITEMS.filter((i) => i.type === "date")
        .map((i) => i.linkId)
        .sort(),
    );
  });

  it("translates the problems a real form reports, keyed by the same fields", () => {
    const values: FormValues = {
      "birth-date-day": ["30"],
      "birth-date-month": ["2"],
      "birth-date-year": ["1990"],
      "skin-now": ["sunburn", "none"],
      "concerns-other": ["x".repeat(600)],
      "concerns-face": ["other"],
      areas: ["face"],
      "procedures-any": ["yes"],
      [`${rowField(2, "procedure-date")}-month`]: ["5"],
    };
    const { errors, problems } = responseFromForm(values, { today: TODAY });
    const french = problemMessages(problems, "fr");
    expect(Object.keys(french)).toEqual(Object.keys(errors));
    expect(problemMessages(problems, "en")).toEqual(errors);
    expect(french).toMatchObject({
      "birth-date": "Votre date de naissance doit être une date qui existe.",
      "skin-now": "Cochez ce qui s’applique, ou «\u00a0Aucun de ces choix\u00a0», mais pas les deux.",
      "concerns-other": "Veuillez ne pas dépasser 500 caractères.",
      diabetes: "Indiquez si vous avez le diabète.",
      [FITZPATRICK_LINK_IDS[2]!]: "Choisissez une réponse à la question 3 sur votre peau et le soleil.",
      [rowField(2, "procedure-date")]: "La date de ce traitement doit comprendre l’année.",
    });
  });
});

describe("French answers", () => {
  it("reads a month typed in French as well as in English or numbers", () => {
    expect(["mars", "Mars", "3", "03", "March", "mar."].map(monthOf)).toEqual([3, 3, 3, 3, 3, 3]);
    expect(["février", "fevrier", "fév", "août", "aout", "juil", "juillet", "juin", "décembre", "mai"].map(monthOf)).toEqual([
      2, 2, 2, 8, 8, 7, 7, 6, 12, 5,
    ]);
    // "jui" could be June or July; "ju" and nonsense are no month.
    expect(["jui", "ju", "brumaire", "13", ""].map(monthOf)).toEqual([null, null, null, null, null]);
  });

  it("stores the same response whichever language the month was typed in", () => {
    const base = { "birth-date-day": ["14"], "birth-date-year": ["1986"], areas: ["face"] };
    const fr = responseFromForm({ ...base, "birth-date-month": ["septembre"] }, { today: TODAY });
    const en = responseFromForm({ ...base, "birth-date-month": ["9"] }, { today: TODAY });
    expect(fr.response).toEqual(en.response);
    expect(fr.intake.birthDate).toBe("1986-09-14");
  });

  it("shows a response back in French, and leaves the stored response in English", () => {
    const { response } = responseFromForm(
      {
        "birth-date-day": ["14"],
        "birth-date-month": ["9"],
        "birth-date-year": ["1986"],
        areas: ["face", "body"],
        "concerns-face": ["acne-scars", "texture"],
        "blood-thinner": ["no"],
        retinoid: ["yes"],
        "retinoid-last-used-month": ["3"],
        "retinoid-last-used-year": ["2026"],
        "procedures-any": ["yes"],
        [rowField(1, "procedure-type")]: ["chemical-peel"],
        [`${rowField(1, "procedure-date")}-month`]: ["5"],
        [`${rowField(1, "procedure-date")}-year`]: ["2026"],
      },
      { today: TODAY },
    );
    const stored = JSON.stringify(response);
    const lines = localizedSummary(response, "fr").flatMap((s) => s.lines);
    const line = (linkId: string) => lines.find((l) => l.linkId === linkId)!;
    expect(line("birth-date")).toEqual({
      linkId: "birth-date",
      question: "Quelle est votre date de naissance?",
      answer: "14 septembre 1986",
    });
    expect(line("areas").answer).toBe("Visage; Une autre partie du corps, comme le ventre, les cuisses ou le dos");
    expect(line("concerns-face").answer).toBe("Cicatrices d’acné; Texture rugueuse ou inégale");
    expect(line("blood-thinner").answer).toBe("Non");
    expect(line("retinoid").answer).toBe("Oui");
    expect(line("retinoid-last-used").answer).toBe("Mars 2026");
    expect(line("procedure-type")).toMatchObject({ question: "Traitement 1\u00a0: Quel traitement?", answer: "Peeling chimique" });
    expect(localizedSummary(response, "fr").map((s) => s.title)).toContain("Médicaments et suppléments");
    // The canonical record is untouched, and English reads as before.
    expect(JSON.stringify(response)).toBe(stored);
    expect(stored).not.toMatch(/Quelle|Visage|Oui/);
    const english = localizedSummary(response, "en").flatMap((s) => s.lines);
    expect(english.find((l) => l.linkId === "birth-date")!.answer).toBe("September 14, 1986");
    expect(english.find((l) => l.linkId === "retinoid-last-used")!.answer).toBe("March 2026");
    expect(english.find((l) => l.linkId === "procedure-type")!.question).toBe("Treatment 1: Which treatment?");
  });
});
