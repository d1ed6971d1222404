// The treatments the self-check asks about, each with the step whose
// checkboxes ask it and the date step that follows when it is ticked. The
// "procedures" step asks about the last RECENT_TREATMENT_LOOKBACK_MONTHS
// months (the short waits); the "history" step asks about treatments whose
// window is longer, each naming its window in its label.
import { has, type Answers, type Step } from "./self-check-model.ts";
import { PROCEDURES, type Procedure } from "./types.ts";

interface ProcedureQuestion {
  value: Procedure;
  /** The step whose checkboxes ask about it. */
  from: "procedures" | "history";
  /** How the step's checkbox offers it. */
  choice: { label: string; hint?: string };
  /** The date step's heading, its noun for messages, and its name in the list of answers. */
  legend: string;
  noun: string;
  answer: string;
}

const PROCEDURE_QUESTIONS = [
  {
    value: "chemical-peel",
    from: "procedures",
    choice: { label: "candidate.q.peel.label" },
    legend: "candidate.q.peel.legend",
    noun: "candidate.q.peel.noun",
    answer: "candidate.q.peel.answer",
  },
  {
    value: "laser",
    from: "procedures",
    choice: { label: "candidate.q.laser.label" },
    legend: "candidate.q.laser.legend",
    noun: "candidate.q.laser.noun",
    answer: "candidate.q.laser.answer",
  },
  {
    value: "ipl",
    from: "procedures",
    choice: { label: "candidate.q.ipl.label", hint: "candidate.q.ipl.hint" },
    legend: "candidate.q.ipl.legend",
    noun: "candidate.q.ipl.noun",
    answer: "candidate.q.ipl.answer",
  },
  {
    value: "neurotoxin",
    from: "procedures",
    choice: { label: "candidate.q.neurotoxin.label", hint: "candidate.q.neurotoxin.hint" },
    legend: "candidate.q.neurotoxin.legend",
    noun: "candidate.q.neurotoxin.noun",
    answer: "candidate.q.neurotoxin.answer",
  },
  {
    value: "dermal-filler",
    from: "procedures",
    choice: { label: "candidate.q.filler.label" },
    legend: "candidate.q.filler.legend",
    noun: "candidate.q.filler.noun",
    answer: "candidate.q.filler.answer",
  },
  {
    value: "microneedling",
    from: "procedures",
    choice: { label: "candidate.q.microneedling.label" },
    legend: "candidate.q.microneedling.legend",
    noun: "candidate.q.microneedling.noun",
    answer: "candidate.q.microneedling.answer",
  },
  // Additions (December 2026). Hair removal fits the last few months; surgery and injuries
  // (SURGERY_OR_TRAUMA_LOOKBACK_MONTHS) and radiation, permanent filler and threads (any
  // time) carry their own window in their label and are asked on the history step.
  {
    value: "waxing",
    from: "procedures",
    choice: { label: "candidate.q.waxing.label" },
    legend: "candidate.q.waxing.legend",
    noun: "candidate.q.waxing.noun",
    answer: "candidate.q.waxing.answer",
  },
  {
    value: "electrolysis",
    from: "procedures",
    choice: { label: "candidate.q.electrolysis.label" },
    legend: "candidate.q.electrolysis.legend",
    noun: "candidate.q.electrolysis.noun",
    answer: "candidate.q.electrolysis.answer",
  },
  {
    value: "depilatory",
    from: "procedures",
    choice: { label: "candidate.q.depilatory.label" },
    legend: "candidate.q.depilatory.legend",
    noun: "candidate.q.depilatory.noun",
    answer: "candidate.q.depilatory.answer",
  },
  {
    value: "facial-surgery",
    from: "history",
    choice: { label: "candidate.q.surgery.label" },
    legend: "candidate.q.surgery.legend",
    noun: "candidate.q.surgery.noun",
    answer: "candidate.q.surgery.answer",
  },
  {
    value: "trauma",
    from: "history",
    choice: { label: "candidate.q.trauma.label" },
    legend: "candidate.q.trauma.legend",
    noun: "candidate.q.trauma.noun",
    answer: "candidate.q.trauma.answer",
  },
  {
    value: "radiation-therapy",
    from: "history",
    choice: { label: "candidate.q.radiation.label" },
    legend: "candidate.q.radiation.legend",
    noun: "candidate.q.radiation.noun",
    answer: "candidate.q.radiation.answer",
  },
  {
    value: "permanent-filler",
    from: "history",
    choice: { label: "candidate.q.permanentFiller.label" },
    legend: "candidate.q.permanentFiller.legend",
    noun: "candidate.q.permanentFiller.noun",
    answer: "candidate.q.permanentFiller.answer",
  },
  {
    value: "threads",
    from: "history",
    choice: { label: "candidate.q.threads.label" },
    legend: "candidate.q.threads.legend",
    noun: "candidate.q.threads.noun",
    answer: "candidate.q.threads.answer",
  },
] as const satisfies readonly ProcedureQuestion[];

/** The treatments a step's checkboxes ask about. */
export const proceduresFrom = (step: ProcedureQuestion["from"]) => PROCEDURE_QUESTIONS.filter((p: ProcedureQuestion) => p.from === step);

/** The treatments ticked, in the order of the contract's list (the Intake's order). */
export const tickedProcedures = (a: Answers): Procedure[] =>
  PROCEDURES.filter((type) => PROCEDURE_QUESTIONS.some((p: ProcedureQuestion) => p.value === type && has(a, p.from, type)));

type ProcedureQuestionOf = (typeof PROCEDURE_QUESTIONS)[number];

/** The step that asks when a ticked treatment was, right after the step that asked about it. */
export const procedureDateStep = (
  p: ProcedureQuestionOf,
): Step<ProcedureQuestionOf["legend" | "noun" | "answer"] | "candidate.q.procedure.topic" | "candidate.q.procedure.hint"> => ({
  id: `procedure-${p.value}`,
  // The title must not tell anyone which treatment was ticked.
  topic: "candidate.q.procedure.topic",
  answerLabel: p.answer,
  legend: p.legend,
  question: {
    kind: "date",
    date: {
      name: `procedure-${p.value}`,
      noun: p.noun,
      hint: "candidate.q.procedure.hint",
      dayOptional: true,
      beforeToday: false,
      autoComplete: "off",
    },
  },
  applies: (a) => has(a, p.from, p.value),
});
