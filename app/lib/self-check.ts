// The public self-check "Am I a candidate?" (docs/self-check.md) on the web:
// its questions and the reading of its answers are the screening domain's
// (src/screening/self-check-*.ts, answer-reader.ts shared with the intake);
// here they get the catalog's message-key type, their problems are worded in
// the page's language, and Continue, Back and Change move between screens.
//
// Answers travel as raw strings, exactly as typed, in hidden fields of every
// step's form; nothing here stores or logs them. Error messages never repeat
// what was typed.
import type { Temporal } from "temporal-polyfill";
import { capitalise, EARLIEST_YEAR, type DateProblemCode } from "../../src/screening/answer-reader.ts";
import { RECENT_TREATMENT_LOOKBACK_MONTHS } from "../../src/screening/look-backs.ts";
import * as checking from "../../src/screening/self-check-answers.ts";
import * as model from "../../src/screening/self-check-model.ts";
import * as questions from "../../src/screening/self-check-steps.ts";
import type { MessageKey, MessageParams, Translate } from "../i18n/catalog.ts";
import { INTL_LOCALE, type Locale } from "../i18n/locales.ts";

export { monthOf, valuesOf } from "../../src/screening/answer-reader.ts";
export { toIntake } from "../../src/screening/self-check-answers.ts";
export { fieldNames, readAnswers } from "../../src/screening/self-check-steps.ts";

export type Answers = model.Answers;
export type DateQuestion = model.DateQuestion<MessageKey>;
export type Choice = model.Choice<MessageKey>;
export type Question = model.Question<MessageKey>;
export type Step = model.Step<MessageKey>;

/** Key: the suffix of the id of the input to fix (`field-${key}`); value: what to do. */
export type Errors = Record<string, string>;

/** Parameters every step's text may use: how far back the treatment step looks. */
export const STEP_TEXT_PARAMS: MessageParams = { months: RECENT_TREATMENT_LOOKBACK_MONTHS };

/** The domain's steps; typing them here checks every key they name against the catalog. */
export const STEPS: readonly Step[] = questions.STEPS;
/** The steps these answers call for, in order. */
export const stepsFor: (a: Answers) => Step[] = questions.stepsFor;
export const findStep: (id: string) => Step | undefined = questions.findStep;
/**
 * The step that asked for a field of the Intake, for when the screening
 * schema refuses something the steps accepted: the person is sent back there.
 */
export const stepForIntakeField: (field: string, a: Answers) => Step = checking.stepForIntakeField;

// ---- checking one step --------------------------------------------------------------

const DATE_MESSAGES: Readonly<Record<DateProblemCode | "date-empty", MessageKey>> = {
  "date-empty": "candidate.date.enter",
  "date-no-day": "candidate.date.needDay",
  "date-no-month": "candidate.date.needMonth",
  "date-no-year": "candidate.date.needYear",
  "date-not-real": "candidate.date.notReal",
  "date-year-digits": "candidate.date.fourDigits",
  "date-too-early": "candidate.date.tooEarly",
  "date-not-past": "candidate.date.notPast",
  "date-future": "candidate.date.future",
};

/** A problem in the page's language; a date's messages name the date ("Your date of birth must…"). */
function problemText(problem: checking.StepProblem<MessageKey>, t: Translate): string {
  switch (problem.code) {
    case "unknown-choice":
      return t("candidate.invalid.unknownChoice");
    case "required":
      return t(problem.message);
    case "one-answer":
      return t("candidate.invalid.oneAnswer");
    case "not-both":
      return t("candidate.invalid.notBoth", { label: t(problem.choice.label) });
    case "date": {
      const noun = t(problem.date.noun);
      return t(DATE_MESSAGES[problem.problem], { year: EARLIEST_YEAR, noun, Noun: capitalise(noun) });
    }
  }
}

/** The problems with one step's answers, in the page's language; empty when it is complete. */
export function validateStep(step: Step, a: Answers, today: Temporal.PlainDate, t: Translate): Errors {
  const found = checking.checkStep(step, a, today);
  return found ? { [found.field]: problemText(found.problem, t) } : {};
}

/** The first step these answers call for that is not complete, with its problems. */
export function firstIncomplete(a: Answers, today: Temporal.PlainDate, t: Translate): { step: Step; errors: Errors } | null {
  for (const step of stepsFor(a)) {
    const errors = validateStep(step, a, today, t);
    if (Object.keys(errors).length > 0) return { step, errors };
  }
  return null;
}

/** The key of a step's first input, for an error that belongs to the step as a whole. */
export function firstFieldKey(step: Step): string {
  const q = step.question;
  return q.kind === "date" ? `${q.date.name}-${q.date.dayOptional ? "month" : "day"}` : q.name;
}

// ---- moving between steps --------------------------------------------------------------

/** What the visitor pressed: Continue, Back, or Change on the results page. */
export type Go = { to: "next" } | { to: "back" } | { to: "change"; stepId: string; review: boolean };

export function readGo(form: FormData): Go {
  const go = String(form.get("go") ?? "next");
  if (go === "back") return { to: "back" };
  if (go === "restart") return { to: "change", stepId: STEPS[0]!.id, review: false };
  if (go.startsWith("change:")) return { to: "change", stepId: go.slice("change:".length), review: true };
  return { to: "next" };
}

export type Move =
  | { kind: "step"; step: Step; errors: Errors; review: boolean }
  /** Every step is complete: screen the answers. */
  | { kind: "done" };

/**
 * Where a submitted step leads. Continue checks the current step and stays
 * on it with its problems, or moves on (in review mode, from the results page,
 * straight to the next incomplete step or back to the results). Back never
 * checks anything: what was typed travels along and is shown again later.
 */
export function move(o: {
  answers: Answers;
  stepId: string | null;
  go: Go;
  review: boolean;
  today: Temporal.PlainDate;
  /** Problems are worded in the page's language. */
  t: Translate;
}): Move {
  const { answers: a, go, today, t } = o;
  const steps = stepsFor(a);
  const current = steps.find((s) => s.id === o.stepId) ?? null;
  if (go.to === "change") {
    const step = steps.find((s) => s.id === go.stepId) ?? steps[0]!;
    return { kind: "step", step, errors: {}, review: go.review };
  }
  if (current === null) return { kind: "step", step: steps[0]!, errors: {}, review: false };
  const index = steps.indexOf(current);
  if (go.to === "back") return { kind: "step", step: steps[Math.max(0, index - 1)]!, errors: {}, review: o.review };
  const errors = validateStep(current, a, today, t);
  if (Object.keys(errors).length > 0) return { kind: "step", step: current, errors, review: o.review };
  if (o.review) {
    const pending = firstIncomplete(a, today, t);
    return pending ? { kind: "step", step: pending.step, errors: {}, review: true } : { kind: "done" };
  }
  const next = steps[index + 1];
  if (next) return { kind: "step", step: next, errors: {}, review: false };
  // The last step: anything left incomplete (a form altered by hand, say) is shown with its problem.
  const pending = firstIncomplete(a, today, t);
  return pending ? { kind: "step", step: pending.step, errors: pending.errors, review: false } : { kind: "done" };
}

// ---- showing answers back ------------------------------------------------------------------

function describeDate(q: DateQuestion, a: Answers, today: Temporal.PlainDate, t: Translate, locale: Locale): string {
  const read = checking.readStepDate(q, a, today);
  if (read.kind !== "date") return t("candidate.answers.notAnswered");
  // A date without a day is shown as what was read: "February 2026", « février 2026 ».
  return read.date.toLocaleString(
    INTL_LOCALE[locale],
    read.dayGiven ? { month: "long", day: "numeric", year: "numeric" } : { month: "long", year: "numeric" },
  );
}

/** A step's answer in words, for the list on the results page. */
export function describeAnswer(step: Step, a: Answers, today: Temporal.PlainDate, t: Translate, locale: Locale): string {
  const q = step.question;
  if (q.kind === "date") return describeDate(q.date, a, today, t, locale);
  const chosen = q.choices.filter((c) => model.has(a, q.name, c.value));
  if (chosen.length === 0) return t("candidate.answers.notAnswered");
  return chosen
    .map((c) =>
      c.followUp
        ? t("candidate.answers.followUp", {
            label: t(c.label),
            short: t(c.followUp.short),
            date: describeDate(c.followUp.date, a, today, t, locale),
          })
        : t(c.label),
    )
    .join("; ");
}
