// The intake questionnaire as an HTML form: the field names its items send
// (a procedure row's fields carry the row's number), the reading of a
// submitted form, which questions are asked given the answers so far, and how
// each date question reads its answer. Answers travel as form values from
// step to step in hidden fields; nothing here stores or logs them.
import { DATE_PARTS, datePartName, firstOf, readFields, valuesOf, type DateRule, type FormLike, type FormValues } from "./answer-reader.ts";
import type { QuestionnaireItem } from "./questionnaire-fhir.ts";
import { itemOf, PROCEDURE_ROWS_MAX, PROCEDURE_ROWS_SHOWN, questionsOf, SECTIONS, TEXT_LIMITS } from "./questionnaire-definition.ts";

/** The form name of a procedure row's field: row 2's `procedure-date` is `procedure-2-date`. */
export const rowField = (row: number, childLinkId: string) => `procedure-${row}-${childLinkId.slice("procedure-".length)}`;
export const PROCEDURE_ROWS_FIELD = "procedure-rows";
/** The questions of one procedure row. */
export const PROCEDURE_CHILDREN = questionsOf(itemOf("procedure"));

/** Every form field name that one item's inputs send, given the form name to use for it. */
function inputNames(item: QuestionnaireItem, name: string): string[] {
  if (item.type === "date") return DATE_PARTS.map((p) => datePartName(name, p));
  if (item.type === "display" || item.type === "group" || item.readOnly) return [];
  return [name];
}

/** The form field names an item (or a whole group) sends. */
export function fieldNamesOf(item: QuestionnaireItem): string[] {
  if (item.linkId === "procedure") {
    const names = [PROCEDURE_ROWS_FIELD];
    for (let row = 1; row <= PROCEDURE_ROWS_MAX; row++) {
      for (const child of PROCEDURE_CHILDREN) names.push(...inputNames(child, rowField(row, child.linkId)));
    }
    return names;
  }
  if (item.type === "group") return questionsOf(item).flatMap(fieldNamesOf);
  return inputNames(item, item.linkId);
}

const ALL_FIELDS: ReadonlySet<string> = new Set(SECTIONS.flatMap(fieldNamesOf));

/** The longest text a field may carry; longer is cut (and then refused by its own limit). */
const LIMITS = { maxChars: Math.max(...Object.values(TEXT_LIMITS)) + 1, maxValues: 20 };

/** The answers in a submitted form: known fields only, trimmed, line breaks normalised, empty values dropped. */
export function readFormValues(input: FormLike | FormValues): FormValues {
  return readFields(input, ALL_FIELDS, LIMITS);
}

/** Whether an item is asked, given the answers so far (enableWhen, evaluated on form values). */
export function isEnabled(item: QuestionnaireItem, values: FormValues): boolean {
  if (!item.enableWhen?.length) return true;
  const met = item.enableWhen.map((w) => {
    const answered = valuesOf(values, w.question);
    if (w.answerCoding) return answered.includes(w.answerCoding.code);
    if (w.answerBoolean !== undefined) return answered.includes(w.answerBoolean ? "yes" : "no");
    return false;
  });
  return item.enableBehavior === "any" ? met.some(Boolean) : met.every(Boolean);
}

/** How many procedure rows the form shows: at least the default, at least every row with something in it. */
export function procedureRowCount(values: FormValues): number {
  let rows = Math.max(PROCEDURE_ROWS_SHOWN, Number.parseInt(firstOf(values, PROCEDURE_ROWS_FIELD), 10) || 0);
  for (let row = 1; row <= PROCEDURE_ROWS_MAX; row++) {
    if (isRowTouched(values, row)) rows = Math.max(rows, row);
  }
  return Math.min(rows, PROCEDURE_ROWS_MAX);
}

/** Whether anything was typed or picked in a procedure row. */
export function isRowTouched(values: FormValues, row: number): boolean {
  return PROCEDURE_CHILDREN.some((c) => inputNames(c, rowField(row, c.linkId)).some((n) => valuesOf(values, n).length > 0));
}

// ---- dates -------------------------------------------------------------------------------

interface IntakeDateRule extends DateRule {
  /** How messages name the date: "your date of birth". */
  noun: string;
}

/** The date questions by linkId (a procedure row's date by its child linkId). */
export const DATE_RULES: Readonly<Record<string, IntakeDateRule>> = {
  "birth-date": { noun: "your date of birth", dayOptional: false, beforeToday: true },
  "isotretinoin-stopped": { noun: "the date of your last dose", dayOptional: true, beforeToday: false },
  "retinoid-last-used": { noun: "the date you last used it", dayOptional: true, beforeToday: false },
  "procedure-date": { noun: "the date of this treatment", dayOptional: true, beforeToday: false },
};

export const dayOptional = (linkId: string) => DATE_RULES[linkId]?.dayOptional ?? false;
