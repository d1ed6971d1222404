// The intake questionnaire's screens in the client portal (docs/intake.md):
// which questions each step asks, and what the route hands its pages. The
// route (app/routes/portal/intake.tsx) moves between the steps; the pages
// (app/components/intake/) show them.
import type { MessageKey } from "../i18n/catalog.ts";
import type { localizedSummary } from "../../src/screening/questionnaire-fr.ts";
import { linkIdOfField, sectionOfField } from "../../src/screening/questionnaire-response.ts";
import { type FormErrors } from "../../src/screening/questionnaire-problems.ts";
import { type FormValues } from "../../src/screening/answer-reader.ts";
import { type QuestionnaireItem } from "../../src/screening/questionnaire-fhir.ts";
import { isEnabled } from "../../src/screening/questionnaire-form.ts";
import { itemOf, optionOf, questionsOf } from "../../src/screening/questionnaire-definition.ts";
import { concernsLinkId } from "../../src/screening/questionnaire-options.ts";
import { AREAS, type Outcome, type ReasonOutcome } from "../../src/screening/types.ts";

export type StepId = "about" | "concerns" | "skin-type" | "health" | "medications" | "procedures" | "finish" | "review";

export interface StepDef {
  id: StepId;
  /** The top-level groups of the questionnaire this screen asks. */
  sections: readonly string[];
  /** When one group is asked over two screens: the group's questions (linkIds) this screen asks. */
  questions?: readonly string[];
  /** The step's name, in its heading, the page title and the review. */
  title: MessageKey;
}

export const STEPS: readonly StepDef[] = [
  // The areas first, then what to improve on the areas chosen: without a script a page cannot show a concern list
  // as its area is ticked, so the lists of the areas not chosen are never shown (docs/intake.md).
  { id: "about", sections: ["about"], questions: ["birth-date", "areas"], title: "intake.step.about" },
  { id: "concerns", sections: ["about"], questions: [...AREAS.map(concernsLinkId), "concerns-other"], title: "intake.step.concerns" },
  { id: "skin-type", sections: ["skin-type"], title: "intake.step.skinType" },
  { id: "health", sections: ["health"], title: "intake.step.health" },
  { id: "medications", sections: ["medications"], title: "intake.step.medications" },
  { id: "procedures", sections: ["procedures"], title: "intake.step.procedures" },
  { id: "finish", sections: ["expectations", "privacy"], title: "intake.step.finish" },
  { id: "review", sections: [], title: "intake.step.review" },
];

export const stepIndex = (id: string) => STEPS.findIndex((s) => s.id === id);

/** Whether a screen asks this question, or the question this form field or error key answers. */
export function asks(step: StepDef, key: string): boolean {
  const linkId = linkIdOfField(key) ?? key;
  if (!step.sections.includes(sectionOfField(key) ?? "")) return false;
  return !step.questions || step.questions.includes(linkId);
}

export const stepOfField = (key: string) => STEPS.find((s) => asks(s, key)) ?? STEPS[0]!;

/**
 * Where Continue leads: the next screen, or straight back to the review when
 * the client came from there — except from the areas, whose concerns are
 * asked next, so an area chosen on the way back is not left without them.
 */
export function nextStep(current: StepDef, review: boolean): StepDef {
  const next = STEPS[stepIndex(current.id) + 1] ?? current;
  return review && current.id !== "about" ? STEPS[stepIndex("review")]! : next;
}

/**
 * The questions of one group a screen shows, in order, given the answers so
 * far. A question that follows an answer given on an earlier screen (the
 * concerns of an area) is shown only when that answer asks for it; one that
 * follows an answer on this same screen is always shown, under that answer,
 * as the page runs no script.
 */
export function questionsOnStep(step: StepDef, group: QuestionnaireItem, values: FormValues): QuestionnaireItem[] {
  const asked = questionsOf(group).filter((q) => asks(step, q.linkId));
  const here = new Set(asked.map((q) => q.linkId));
  return asked.filter((q) => !q.enableWhen?.length || q.enableWhen.some((w) => here.has(w.question)) || isEnabled(q, values));
}

// ---- answers carried from the self-check ----------------------------------------------

/**
 * Questions the self-check asks in the same words: when its answer was
 * carried in, the screen shows "You told us: …" with a way to change it,
 * rather than asking again.
 */
export const CARRIED_QUESTIONS: readonly string[] = ["expectation"];

/** linkId → the answer code the self-check gave, while the client keeps it. */
export type Carried = Readonly<Record<string, string>>;

/** How the carried answers travel between screens: one hidden `carried` field each, "linkId:code". */
export const CARRIED_FIELD = "carried";
export const carriedFieldValues = (carried: Carried) => Object.entries(carried).map(([linkId, code]) => `${linkId}:${code}`);

/** The carried answers a submitted form names: known questions and the answers they offer only. */
export function readCarried(sent: readonly unknown[]): Carried {
  const carried: Record<string, string> = {};
  for (const value of sent) {
    if (typeof value !== "string") continue;
    const [linkId = "", code = ""] = value.split(":");
    if (CARRIED_QUESTIONS.includes(linkId) && optionOf(itemOf(linkId), code)) carried[linkId] = code;
  }
  return carried;
}

/** The self-check's answers among pre-filled values: those of the questions it asks in the same words. */
export function carriedFrom(values: FormValues): Carried {
  return Object.fromEntries(CARRIED_QUESTIONS.flatMap((linkId) => (values[linkId]?.length === 1 ? [[linkId, values[linkId][0]!]] : [])));
}

/** Whether a question is shown as carried: the client still gives the self-check's answer, and nothing is wrong with it. */
export function showsCarried(linkId: string, carried: Carried, values: FormValues, errors: FormErrors): boolean {
  const code = carried[linkId];
  return code !== undefined && !errors[linkId] && values[linkId]?.length === 1 && values[linkId][0] === code;
}

/** Where the pre-filled answers came from; the step pages say so. */
export type Prefilled = "self-check" | "intake" | "day-of" | null;

/** `lang`: the language `message` is in, when it is not the page's (a rule with no wording in the client's language). */
export type ReasonView = { ruleId: string; outcome: ReasonOutcome; message: string; lang: string | undefined; until: string | null };

export type ResultView = {
  kind: "result";
  outcome: Outcome;
  earliest: string | null;
  awaitingResolution: boolean;
  reasons: ReasonView[];
  sentAt: string;
  /** The screening, for "e-mail me when I can book". */
  screeningId: string;
  /** The reminder for the earliest date is set. */
  reminded: boolean;
};

export type StepView = {
  kind: "step";
  stepId: StepId;
  values: FormValues;
  /** The problems on this screen, in the client's language. */
  errors: FormErrors;
  /** Came from the review screen: Continue goes back there. */
  review: boolean;
  prefilled: Prefilled;
  /** Answers carried from the self-check that the screens show as given. */
  carried: Carried;
  /** The questionnaire's sections this screen asks, worded in the client's language. */
  sections: QuestionnaireItem[];
  /** The review screen: every answer so far in words, in the client's language. */
  summary: ReturnType<typeof localizedSummary>;
};
