// A complete intake form for the questionnaire's tests, and the reading of
// one as of a fixed day.
import { FITZPATRICK_LINK_IDS } from "./questionnaire-options.ts";
import { responseFromForm } from "./questionnaire-response.ts";
import { type FormValues } from "./answer-reader.ts";
import { type QuestionnaireItem } from "./questionnaire-fhir.ts";

export const TODAY = "2026-06-15";

/** A complete form with nothing to declare: every required question answered. */
export function plainForm(extra: Record<string, string | string[]> = {}): FormValues {
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

export const run = (values: FormValues) => responseFromForm(values, { today: TODAY });

/** Every item of a list, nested ones included. */
export function allItems(items: readonly QuestionnaireItem[]): QuestionnaireItem[] {
  return items.flatMap((i) => [i, ...allItems(i.item ?? [])]);
}
