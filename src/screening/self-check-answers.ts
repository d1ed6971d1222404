// What the self-check's answers say: the check of one step (as problem codes,
// which the web layer words in the visitor's language), the dates as read,
// and the screening contract's Intake for a complete set of answers.
//
// Nothing here stores, logs or repeats an answer.
import type { Temporal } from "temporal-polyfill";
import { datePartName, firstOf, readDateAnswer, valuesOf, type DateAnswer, type DateProblemCode } from "./answer-reader.ts";
import { has, type Answers, type Choice, type DateQuestion, type Step } from "./self-check-model.ts";
import { tickedProcedures } from "./self-check-procedures.ts";
import { findStep, stepsFor, type SelfCheckStep } from "./self-check-steps.ts";
import { AREAS, CONDITIONS, SKIN_CONDITIONS, type Condition, type Intake } from "./types.ts";

/** A date question's answer, read as the intake reads its dates. */
export function readStepDate(q: DateQuestion, a: Answers, today: Temporal.PlainDate): DateAnswer {
  return readDateAnswer(a, q.name, q, today);
}

/** Why a step's answers are refused; `K` is the type of the step's message keys. */
export type StepProblem<K extends string = string> =
  | { code: "unknown-choice" }
  /** Nothing chosen: the question's own message says what to do. */
  | { code: "required"; message: K }
  | { code: "one-answer" }
  /** An exclusive choice ("None of these") ticked with others. */
  | { code: "not-both"; choice: Choice<K> }
  /** "date-empty": none of the three inputs was filled in. */
  | { code: "date"; date: DateQuestion<K>; problem: DateProblemCode | "date-empty" };

/** The first problem with one step's answers, with the key of the input to fix; null when the step is complete. */
export function checkStep<K extends string>(
  step: Step<K>,
  a: Answers,
  today: Temporal.PlainDate,
): { field: string; problem: StepProblem<K> } | null {
  const q = step.question;
  if (q.kind === "date") return checkDate(q.date, a, today);
  const values = valuesOf(a, q.name);
  if (values.some((v) => !q.choices.some((c) => c.value === v))) return { field: q.name, problem: { code: "unknown-choice" } };
  if (values.length === 0) return { field: q.name, problem: { code: "required", message: q.required } };
  if (q.kind === "radios") {
    if (values.length > 1) return { field: q.name, problem: { code: "one-answer" } };
    const followUp = q.choices.find((c) => c.value === values[0])?.followUp;
    return followUp ? checkDate(followUp.date, a, today) : null;
  }
  const exclusive = q.choices.find((c) => c.exclusive && values.includes(c.value));
  if (exclusive && values.length > 1) return { field: q.name, problem: { code: "not-both", choice: exclusive } };
  return null;
}

function checkDate<K extends string>(
  q: DateQuestion<K>,
  a: Answers,
  today: Temporal.PlainDate,
): { field: string; problem: StepProblem<K> } | null {
  const read = readStepDate(q, a, today);
  if (read.kind === "date") return null;
  // Every date is required: an empty one is pointed at its first input.
  if (read.kind === "empty")
    return { field: datePartName(q.name, q.dayOptional ? "month" : "day"), problem: { code: "date", date: q, problem: "date-empty" } };
  return { field: datePartName(q.name, read.part), problem: { code: "date", date: q, problem: read.code } };
}

// ---- from answers to an Intake ------------------------------------------------------------

const isCondition = (v: string): v is Condition => (CONDITIONS as readonly string[]).includes(v);

function dateOf(q: DateQuestion, a: Answers, today: Temporal.PlainDate): string {
  const read = readStepDate(q, a, today);
  if (read.kind !== "date") throw new Error(`The self-check answer for ${q.name} is incomplete`);
  return read.date.toString();
}

function dateQuestionOf(stepId: string): DateQuestion {
  const q: Step["question"] = findStep(stepId)!.question;
  if (q.kind !== "date") throw new Error(`The ${stepId} step asks for a date`);
  return q.date;
}

function followUpDate(stepId: string, value: string): DateQuestion {
  const q: Step["question"] = findStep(stepId)!.question;
  if (q.kind === "date") throw new Error(`${stepId} has no follow-up`);
  return q.choices.find((c) => c.value === value)!.followUp!.date;
}

/**
 * The contract's Intake for a complete set of answers (no step has a
 * problem). `asOf` is left out, so the screening is as of today in the
 * clinic's zone. Skin findings and treatments were asked about "where you'd
 * like treatment", so they carry the treatment areas.
 */
export function toIntake(a: Answers, today: Temporal.PlainDate): Intake {
  const first = (name: string) => firstOf(a, name);
  const treatmentAreas = AREAS.filter((area) => has(a, "areas", area));
  const conditions = [
    ...valuesOf(a, "pregnancy"),
    ...valuesOf(a, "health"),
    ...valuesOf(a, "history"),
    ...(first("diabetes") === "controlled"
      ? ["diabetes-controlled"]
      : first("diabetes") === "uncontrolled"
        ? ["diabetes-uncontrolled"]
        : []),
  ].filter(isCondition);
  const skinConditions = SKIN_CONDITIONS.filter((type) => has(a, "skin", type)).map((type) => ({ type, areas: treatmentAreas }));
  const recentProcedures = tickedProcedures(a).map((type) => ({
    type,
    date: dateOf(dateQuestionOf(`procedure-${type}`), a, today),
    areas: treatmentAreas,
  }));
  const isotretinoin = first("isotretinoin");
  const skinType = Number(first("skin-type"));
  return {
    birthDate: dateOf(dateQuestionOf("birth"), a, today),
    treatmentAreas,
    ...(skinType >= 1 && skinType <= 6 ? { fitzpatrickType: skinType as 1 | 2 | 3 | 4 | 5 | 6 } : {}),
    conditions,
    skinConditions,
    medications: {
      ...(isotretinoin === "current"
        ? { isotretinoin: { status: "current" as const } }
        : isotretinoin === "stopped"
          ? { isotretinoin: { status: "stopped" as const, stoppedOn: dateOf(followUpDate("isotretinoin", "stopped"), a, today) } }
          : {}),
      anticoagulant: has(a, "medicines", "anticoagulant"),
      immunosuppressant: has(a, "medicines", "immunosuppressant"),
      ...(has(a, "medicines", "otc-blood-thinner") ? { otcBloodThinner: true } : {}),
      ...(first("retinoid") === "yes" ? { topicalRetinoidLastUsed: dateOf(followUpDate("retinoid", "yes"), a, today) } : {}),
    },
    recentProcedures,
    expectsCompleteRemoval: first("expectations") === "complete",
  };
}

/**
 * The step that asked for a field of the Intake, for when the screening
 * schema refuses something the steps accepted: the person is sent back there.
 */
export function stepForIntakeField(field: string, a: Answers): SelfCheckStep {
  const steps = stepsFor(a);
  const byId = (id: string) => steps.find((s: Step) => s.id === id);
  const procedure = /^recentProcedures\[(\d+)\]/.exec(field);
  if (procedure) {
    const type = tickedProcedures(a)[Number(procedure[1])];
    return (type && byId(`procedure-${type}`)) || byId("procedures") || steps[0]!;
  }
  const prefixes: [string, string][] = [
    ["treatmentAreas", "areas"],
    ["birthDate", "birth"],
    ["fitzpatrick", "skin-type"],
    ["skinConditions", "skin"],
    ["medications.isotretinoin", "isotretinoin"],
    ["medications.topicalRetinoidLastUsed", "retinoid"],
    ["medications", "medicines"],
    ["expectsCompleteRemoval", "expectations"],
  ];
  const match = prefixes.find(([prefix]) => field.startsWith(prefix));
  return (match && byId(match[1])) || steps[0]!;
}
