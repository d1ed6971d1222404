// From a submitted intake form to what is kept and screened: the FHIR
// QuestionnaireResponse (the client's own words, only answered and enabled
// items), the screening contract's Intake that the engine reads, and the
// problems to fix, keyed by form field. Nothing here stores, logs or repeats
// an answer.
import { Temporal } from "temporal-polyfill";
import { firstOf, readDateAnswer, valuesOf, type FormLike, type FormValues } from "./answer-reader.ts";
import { scoreFitzpatrick } from "./engine.ts";
import type { Answer, QuestionnaireItem, QuestionnaireResponse, ResponseItem } from "./questionnaire-fhir.ts";
import {
  CODE_SYSTEM,
  controlOf,
  isExclusive,
  optionOf,
  PROCEDURE_ROWS_MAX,
  QUESTIONNAIRE_CANONICAL,
  questionsOf,
  SECTION_OF,
  SECTIONS,
} from "./questionnaire-definition.ts";
import {
  DATE_RULES,
  isEnabled,
  isRowTouched,
  PROCEDURE_CHILDREN,
  PROCEDURE_ROWS_FIELD,
  readFormValues,
  rowField,
} from "./questionnaire-form.ts";
import { FITZPATRICK_LINK_IDS, fitzpatrickLinkId } from "./questionnaire-options.ts";
import { problemText, type FormErrors, type FormProblem, type FormProblems } from "./questionnaire-problems.ts";
import {
  AREAS,
  CONDITIONS,
  FITZPATRICK_ANSWER_COUNT,
  FITZPATRICK_ANSWER_MAX,
  PROCEDURES,
  SKIN_CONDITIONS,
  type Area,
  type Condition,
  type Intake,
  type IsotretinoinUse,
  type PlainDate,
  type Procedure,
  type SkinCondition,
} from "./types.ts";

export interface ResponseFromForm {
  response: QuestionnaireResponse;
  /** The contract's Intake (asOf left out: screened as of today). Complete only when `errors` is empty. */
  intake: Intake;
  errors: FormErrors;
  /** The same problems as codes, for saying them in another language. */
  problems: FormProblems;
  /** The form rows (1-based) behind `intake.recentProcedures`, in order: for `fieldOfIntakePath`. */
  procedureRows: number[];
}

export interface ResponseOptions {
  /** Today in the clinic's zone: dates may not be after it. */
  today: PlainDate;
  /** When the response was completed (ISO instant); left out of the response when absent. */
  authored?: string;
  /** The client, as a FHIR reference ("Patient/…"): subject and author. */
  subject?: string;
}

const answerCoding = (item: QuestionnaireItem, code: string): Answer => {
  const c = optionOf(item, code)!.valueCoding;
  return { valueCoding: { system: c.system ?? CODE_SYSTEM, code: c.code, ...(c.display ? { display: c.display } : {}) } };
};

interface Reading {
  errors: FormProblems;
  /** Answers per linkId (procedure rows are kept apart). */
  answers: Map<string, Answer[]>;
  /** Dates the rules use, per linkId. */
  dates: Map<string, PlainDate>;
  procedures: { row: number; answers: Map<string, Answer[]>; type: Procedure | null; date: PlainDate | null; areas: Area[] }[];
}

/** Reads one answerable item from the form; `name` is its form name (a row's field for procedures). */
function readItem(item: QuestionnaireItem, name: string, values: FormValues, today: Temporal.PlainDate, into: Reading, key = name) {
  const required = Boolean(item.required);
  const answers: Answer[] = [];
  const fail = (problem: FormProblem) => {
    into.errors[key] = problem;
  };
  const missing: FormProblem = { code: "required", linkId: item.linkId };
  switch (item.type) {
    case "choice": {
      const chosen = valuesOf(values, name);
      if (chosen.some((code) => !optionOf(item, code))) return fail({ code: "unknown-answer" });
      if (chosen.length === 0) {
        if (required) fail(missing);
        return;
      }
      if (!item.repeats && chosen.length > 1) return fail({ code: "one-answer" });
      const exclusive = item.answerOption!.find((o) => isExclusive(o) && chosen.includes(o.valueCoding.code));
      if (exclusive && chosen.length > 1) return fail({ code: "not-both", linkId: item.linkId, option: exclusive.valueCoding.code });
      // In the questionnaire's order, once each, so equal answers compare equal.
      for (const option of item.answerOption!)
        if (chosen.includes(option.valueCoding.code)) answers.push(answerCoding(item, option.valueCoding.code));
      break;
    }
    case "boolean": {
      const given = valuesOf(values, name);
      const single = controlOf(item) === "check-box";
      if (given.length === 0 || (single && given[0] !== "yes")) {
        if (required) fail(missing);
        return;
      }
      if (given.length > 1 || (given[0] !== "yes" && given[0] !== "no")) return fail({ code: "yes-or-no" });
      answers.push({ valueBoolean: given[0] === "yes" });
      break;
    }
    case "date": {
      const read = readDateAnswer(values, name, DATE_RULES[item.linkId]!, today);
      if (read.kind === "error") return fail({ code: read.code, linkId: item.linkId });
      if (read.kind === "empty") {
        if (required) fail(missing);
        return;
      }
      answers.push({ valueDate: read.fhir });
      into.dates.set(key, read.date.toString());
      break;
    }
    case "string":
    case "text": {
      const text = firstOf(values, name);
      if (!text) {
        if (required) fail(missing);
        return;
      }
      if (item.maxLength && text.length > item.maxLength) return fail({ code: "too-long", max: item.maxLength });
      answers.push({ valueString: text });
      break;
    }
    default:
      return;
  }
  if (answers.length > 0) into.answers.set(key, answers);
}

function readProcedures(values: FormValues, today: Temporal.PlainDate, into: Reading) {
  for (let row = 1; row <= PROCEDURE_ROWS_MAX; row++) {
    // An untouched row is simply not used.
    if (!isRowTouched(values, row)) continue;
    const rowReading: Reading = { errors: into.errors, answers: new Map(), dates: new Map(), procedures: [] };
    for (const child of PROCEDURE_CHILDREN) readItem(child, rowField(row, child.linkId), values, today, rowReading);
    const typeCode = firstOf(values, rowField(row, "procedure-type"));
    into.procedures.push({
      row,
      answers: new Map([...rowReading.answers].map(([k, v]) => [k.replace(`procedure-${row}-`, "procedure-"), v])),
      type: (PROCEDURES as readonly string[]).includes(typeCode) ? (typeCode as Procedure) : null,
      date: rowReading.dates.get(rowField(row, "procedure-date")) ?? null,
      areas: AREAS.filter((a) => valuesOf(values, rowField(row, "procedure-areas")).includes(a)),
    });
  }
}

function readAll(values: FormValues, today: Temporal.PlainDate): Reading {
  const reading: Reading = { errors: {}, answers: new Map(), dates: new Map(), procedures: [] };
  const walk = (items: readonly QuestionnaireItem[]) => {
    for (const item of items) {
      if (item.type === "display" || item.readOnly) continue;
      // Answers to a question that is not asked (a date under "No, never", the concerns of an area no longer chosen,
      // kept in the form in case it is chosen again) are left out, as FHIR requires.
      if (!isEnabled(item, values)) continue;
      if (item.linkId === "procedure") {
        readProcedures(values, today, reading);
        if (reading.procedures.length === 0) {
          reading.errors[rowField(1, "procedure-type")] = { code: "no-procedure" };
        }
        continue;
      }
      if (item.type === "group") walk(questionsOf(item));
      else readItem(item, item.linkId, values, today, reading);
    }
  };
  walk(SECTIONS);
  return reading;
}

const codesOf = (answers: Answer[] | undefined): string[] =>
  (answers ?? []).flatMap((a) => ("valueCoding" in a ? [a.valueCoding.code] : []));
const booleanOf = (answers: Answer[] | undefined): boolean | null => {
  const a = answers?.[0];
  return a && "valueBoolean" in a ? a.valueBoolean : null;
};

function fitzpatrickAnswersOf(reading: Reading): number[] | null {
  const scores = FITZPATRICK_LINK_IDS.map((id) => Number(codesOf(reading.answers.get(id))[0] ?? Number.NaN));
  return scores.length === FITZPATRICK_ANSWER_COUNT && scores.every((s) => Number.isInteger(s) && s >= 0 && s <= FITZPATRICK_ANSWER_MAX)
    ? scores
    : null;
}

function intakeOf(reading: Reading): Intake {
  const a = reading.answers;
  const treatmentAreas = AREAS.filter((area) => codesOf(a.get("areas")).includes(area));
  const birthDate = reading.dates.get("birth-date");
  const fitzpatrickAnswers = fitzpatrickAnswersOf(reading);
  const isCondition = (c: string): c is Condition => (CONDITIONS as readonly string[]).includes(c);
  const diabetes = codesOf(a.get("diabetes"))[0];
  const conditions = CONDITIONS.filter((c) =>
    [
      ...codesOf(a.get("pregnancy")),
      ...codesOf(a.get("conditions")),
      ...(diabetes === "controlled" || diabetes === "uncontrolled" ? [`diabetes-${diabetes}`] : []),
    ]
      .filter(isCondition)
      .includes(c),
  );
  // Asked "where you'd like treatment", so a finding is in the treatment areas (and the engine's face-only cold-sore default cannot wave it through).
  const skinConditions = SKIN_CONDITIONS.filter((s: SkinCondition) => codesOf(a.get("skin-now")).includes(s)).map((type) => ({
    type,
    ...(treatmentAreas.length > 0 ? { areas: treatmentAreas } : {}),
  }));
  const isotretinoin = codesOf(a.get("isotretinoin"))[0];
  const stoppedOn = reading.dates.get("isotretinoin-stopped");
  const isotretinoinUse: IsotretinoinUse | undefined =
    isotretinoin === "current"
      ? { status: "current" }
      : isotretinoin === "stopped" && stoppedOn
        ? { status: "stopped", stoppedOn }
        : undefined;
  const retinoidLast = booleanOf(a.get("retinoid")) ? reading.dates.get("retinoid-last-used") : undefined;
  const recentProcedures = reading.procedures.flatMap((p) =>
    p.type && p.date ? [{ type: p.type, date: p.date, ...(p.areas.length > 0 ? { areas: p.areas } : {}) }] : [],
  );
  return {
    ...(birthDate ? { birthDate } : {}),
    treatmentAreas,
    ...(fitzpatrickAnswers ? { fitzpatrickAnswers } : {}),
    conditions,
    skinConditions,
    medications: {
      ...(isotretinoinUse ? { isotretinoin: isotretinoinUse } : {}),
      anticoagulant: booleanOf(a.get("blood-thinner")) === true,
      immunosuppressant: booleanOf(a.get("immunosuppressant")) === true,
      // Version 1 did not ask: absent, as the contract reads "no".
      ...(booleanOf(a.get("otc-blood-thinner")) === true ? { otcBloodThinner: true } : {}),
      ...(retinoidLast ? { topicalRetinoidLastUsed: retinoidLast } : {}),
    },
    recentProcedures,
    expectsCompleteRemoval: codesOf(a.get("expectation"))[0] === "complete",
  };
}

/** The response's items, nested as the questionnaire's groups, with only what was answered. */
function responseItems(reading: Reading): ResponseItem[] {
  const fitzpatrick = fitzpatrickAnswersOf(reading);
  const computed = new Map<string, Answer[]>(
    fitzpatrick
      ? [
          ["fitzpatrick-score", [{ valueInteger: fitzpatrick.reduce((s, n) => s + n, 0) }]],
          ["fitzpatrick-type", [{ valueInteger: scoreFitzpatrick(fitzpatrick) }]],
        ]
      : [],
  );
  const build = (items: readonly QuestionnaireItem[], answers: Map<string, Answer[]>): ResponseItem[] =>
    items.flatMap((item): ResponseItem[] => {
      if (item.linkId === "procedure") {
        return reading.procedures.map((p) => ({ linkId: item.linkId, text: item.text!, item: build(questionsOf(item), p.answers) }));
      }
      if (item.type === "group") {
        const children = build(questionsOf(item), answers);
        return children.length > 0 ? [{ linkId: item.linkId, text: item.text!, item: children }] : [];
      }
      const answer = answers.get(item.linkId) ?? computed.get(item.linkId);
      return answer ? [{ linkId: item.linkId, text: item.text!, answer }] : [];
    });
  return build(SECTIONS, reading.answers);
}

/**
 * Everything a submitted form says: the FHIR response (only answered,
 * enabled items), the contract's Intake, and the problems to fix. The Intake
 * is what `parseIntake` then validates; the response is stored beside it as
 * the client's own words.
 */
export function responseFromForm(input: FormLike | FormValues, options: ResponseOptions): ResponseFromForm {
  const values = readFormValues(input);
  const reading = readAll(values, Temporal.PlainDate.from(options.today));
  const response: QuestionnaireResponse = {
    resourceType: "QuestionnaireResponse",
    questionnaire: QUESTIONNAIRE_CANONICAL,
    status: "completed",
    ...(options.authored ? { authored: options.authored } : {}),
    ...(options.subject ? { subject: { reference: options.subject }, author: { reference: options.subject } } : {}),
    item: responseItems(reading),
  };
  const procedureRows = reading.procedures.filter((p) => p.type && p.date).map((p) => p.row);
  const errors = Object.fromEntries(Object.entries(reading.errors).map(([key, problem]) => [key, problemText(problem)]));
  return { response, intake: intakeOf(reading), errors, problems: reading.errors, procedureRows };
}

/** The section (top-level group linkId) a form field or error key belongs to. */
export function sectionOfField(key: string): string | null {
  const linkId = linkIdOfField(key);
  return linkId === null ? null : (SECTION_OF.get(linkId) ?? null);
}

/** The question a form field answers: a date's boxes answer the date, a procedure row's fields the "procedure" group. */
export function linkIdOfField(key: string): string | null {
  if (key === PROCEDURE_ROWS_FIELD || /^procedure-\d+-/.test(key)) return "procedure";
  const base = key.replace(/-(day|month|year)$/, "");
  return SECTION_OF.has(base) ? base : SECTION_OF.has(key) ? key : null;
}

/**
 * The form field of an Intake path that `parseIntake` refused (the steps
 * accept only what the schema accepts; this is the safety net). Procedures
 * map back to their row through `rows`, the form rows that made it into the
 * Intake, in order.
 */
export function fieldOfIntakePath(path: string, rows: readonly number[] = []): string {
  const procedure = /^recentProcedures\[(\d+)\](?:\.(\w+))?/.exec(path);
  if (procedure) {
    const row = rows[Number(procedure[1])] ?? 1;
    const part = procedure[2] === "areas" ? "procedure-areas" : procedure[2] === "type" ? "procedure-type" : "procedure-date";
    return rowField(row, part);
  }
  const prefixes: [string, string][] = [
    ["birthDate", "birth-date"],
    ["treatmentAreas", "areas"],
    ["fitzpatrick", fitzpatrickLinkId(1)],
    ["conditions", "conditions"],
    ["skinConditions", "skin-now"],
    ["medications.isotretinoin", "isotretinoin"],
    ["medications.anticoagulant", "blood-thinner"],
    ["medications.otcBloodThinner", "otc-blood-thinner"],
    ["medications.immunosuppressant", "immunosuppressant"],
    ["medications.topicalRetinoidLastUsed", "retinoid-last-used"],
    ["expectsCompleteRemoval", "expectation"],
  ];
  return prefixes.find(([prefix]) => path.startsWith(prefix))?.[1] ?? "areas";
}
