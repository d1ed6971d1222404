// Filling the intake form in again: from a stored response (the client
// checks and changes what they said last time), or from a screening without
// one (the self-check, a day-of re-screen). Pre-filled values travel like
// typed ones, in the form; nothing is stored until the client sends it.
import { dateFormValues, type FormValues } from "./answer-reader.ts";
import type { Answer, QuestionnaireItem, QuestionnaireResponse, ResponseItem } from "./questionnaire-fhir.ts";
import { itemOf, ITEMS, optionOf, PROCEDURE_ROWS_MAX, PROCEDURE_ROWS_SHOWN } from "./questionnaire-definition.ts";
import { PROCEDURE_ROWS_FIELD, rowField } from "./questionnaire-form.ts";
import { CONDITION_OPTIONS, fitzpatrickLinkId, NONE } from "./questionnaire-options.ts";
import { FITZPATRICK_ANSWER_COUNT, SKIN_CONDITIONS, type Condition, type NormalizedIntake, type Procedure } from "./types.ts";

/** Form values that say what a stored response said: every answer, the procedure rows in order. */
export function formValuesFromResponse(response: QuestionnaireResponse | Record<string, unknown>): FormValues {
  const values: Record<string, string[]> = {};
  const put = (name: string, item: QuestionnaireItem | undefined, answers: readonly Answer[]) => {
    if (!item || item.readOnly) return;
    for (const a of answers) {
      if ("valueCoding" in a) {
        if (optionOf(item, a.valueCoding.code)) (values[name] ??= []).push(a.valueCoding.code);
      } else if ("valueBoolean" in a) {
        values[name] = [a.valueBoolean ? "yes" : "no"];
      } else if ("valueDate" in a) {
        Object.assign(values, dateFormValues(name, a.valueDate));
      } else if ("valueString" in a) {
        values[name] = [a.valueString];
      }
    }
  };
  let row = 0;
  const walk = (items: readonly ResponseItem[], inRow: number | null) => {
    for (const ri of items) {
      if (!ri || typeof ri.linkId !== "string") continue;
      if (ri.linkId === "procedure") {
        if (row >= PROCEDURE_ROWS_MAX) continue;
        row += 1;
        walk(ri.item ?? [], row);
        continue;
      }
      const item = ITEMS.get(ri.linkId);
      if (ri.answer) put(inRow === null ? ri.linkId : rowField(inRow, ri.linkId), item, ri.answer);
      if (ri.item) walk(ri.item, inRow);
    }
  };
  const items = (response as { item?: unknown }).item;
  walk(Array.isArray(items) ? (items as ResponseItem[]) : [], null);
  if (row > 0) values[PROCEDURE_ROWS_FIELD] = [String(Math.max(row, PROCEDURE_ROWS_SHOWN))];
  return values;
}

/**
 * Form values for what a screening without a response (the self-check, or a
 * day-of re-screen) already knows. The self-check asks every structured
 * question the rules need, so its "no" answers are filled in too; what it
 * never asks — the ten skin-type questions, concerns, medicines in words,
 * goals, the privacy notice — is left for the client. Its recent-treatment
 * question looked back a shorter time, so only treatments it names are filled
 * in, never a "No". What the person hopes for is filled in as they said it
 * (`carriedExpectation`).
 */
export function formValuesFromIntake(intake: NormalizedIntake, kept?: { expectation?: string | null }): FormValues {
  const values: Record<string, string[]> = {};
  if (intake.birthDate) Object.assign(values, dateFormValues("birth-date", intake.birthDate));
  if (intake.treatmentAreas.length > 0) values.areas = [...intake.treatmentAreas];
  if (intake.fitzpatrickAnswers?.length === FITZPATRICK_ANSWER_COUNT) {
    intake.fitzpatrickAnswers.forEach((score, i) => (values[fitzpatrickLinkId(i + 1)] = [String(score)]));
  }
  const has = (c: Condition) => intake.conditions.includes(c);
  const pregnancy = (["pregnant", "breastfeeding"] as const).filter(has);
  values.pregnancy = pregnancy.length > 0 ? [...pregnancy] : [NONE];
  const other = CONDITION_OPTIONS.map(([code]) => code).filter((code) => code !== NONE && has(code as Condition));
  values.conditions = other.length > 0 ? other : [NONE];
  values.diabetes = [has("diabetes-uncontrolled") ? "uncontrolled" : has("diabetes-controlled") ? "controlled" : "no"];
  const skin = SKIN_CONDITIONS.filter((s) => intake.skinConditions.some((f) => f.type === s));
  values["skin-now"] = skin.length > 0 ? [...skin] : [NONE];
  const iso = intake.medications.isotretinoin;
  values.isotretinoin = [iso === null ? "never" : iso.status];
  if (iso?.status === "stopped") Object.assign(values, dateFormValues("isotretinoin-stopped", iso.stoppedOn));
  values["blood-thinner"] = [intake.medications.anticoagulant ? "yes" : "no"];
  values.immunosuppressant = [intake.medications.immunosuppressant ? "yes" : "no"];
  // Asked since December 2026: an older self-check never asked, so only a "yes" is filled in.
  if (intake.medications.otcBloodThinner) values["otc-blood-thinner"] = ["yes"];
  const retinoid = intake.medications.topicalRetinoidLastUsed;
  values.retinoid = [retinoid ? "yes" : "no"];
  if (retinoid) Object.assign(values, dateFormValues("retinoid-last-used", retinoid));
  const procedures = intake.recentProcedures.slice(0, PROCEDURE_ROWS_MAX);
  if (procedures.length > 0) {
    // Each gate question that one of the treatments answers "yes" (the rows are shared).
    const gate = (types: readonly Procedure[]) => procedures.some((p) => types.includes(p.type));
    if (gate(["chemical-peel", "laser", "ipl", "neurotoxin", "dermal-filler", "microneedling"])) values["procedures-any"] = ["yes"];
    if (gate(["facial-surgery", "trauma", "waxing", "electrolysis", "depilatory"])) values["procedures-other"] = ["yes"];
    if (gate(["radiation-therapy", "permanent-filler", "threads"])) values["procedures-ever"] = ["yes"];
    values[PROCEDURE_ROWS_FIELD] = [String(Math.max(procedures.length, PROCEDURE_ROWS_SHOWN))];
    procedures.forEach((p, i) => {
      values[rowField(i + 1, "procedure-type")] = [p.type];
      Object.assign(values, dateFormValues(rowField(i + 1, "procedure-date"), p.date));
      if (p.areas) values[rowField(i + 1, "procedure-areas")] = [...p.areas];
    });
  }
  const expectation = carriedExpectation(intake, kept?.expectation);
  if (expectation) values.expectation = [expectation];
  return values;
}

/**
 * What a screening without a response says the person hopes for, as the
 * intake's `expectation` code: the self-check's own answer when it was kept
 * (and agrees with the Intake), else "complete" when the Intake expects
 * complete removal; null when it cannot tell "gradual" from "not sure".
 */
export function carriedExpectation(intake: NormalizedIntake, kept: string | null | undefined): string | null {
  if (kept && optionOf(itemOf("expectation"), kept) && (kept === "complete") === intake.expectsCompleteRemoval) return kept;
  return intake.expectsCompleteRemoval ? "complete" : null;
}
