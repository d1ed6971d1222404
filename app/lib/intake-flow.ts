// The intake questionnaire's screens in the client portal (docs/intake.md):
// which questions each step asks, and what the route hands its pages. The
// route (app/routes/portal/intake.tsx) moves between the steps; the pages
// (app/components/intake/) show them.
import type { MessageKey } from "../i18n/catalog.ts";
import type { localizedSummary } from "../../src/screening/questionnaire-fr.ts";
import { sectionOfField } from "../../src/screening/questionnaire-response.ts";
import { type FormErrors } from "../../src/screening/questionnaire-problems.ts";
import { type FormValues } from "../../src/screening/answer-reader.ts";
import { type QuestionnaireItem } from "../../src/screening/questionnaire-fhir.ts";
import type { Outcome, ReasonOutcome } from "../../src/screening/types.ts";

export type StepId = "about" | "skin-type" | "health" | "medications" | "procedures" | "finish" | "review";

export interface StepDef {
  id: StepId;
  /** The top-level groups of the questionnaire this screen asks. */
  sections: readonly string[];
  /** The step's name, in its heading, the page title and the review. */
  title: MessageKey;
}

export const STEPS: readonly StepDef[] = [
  { id: "about", sections: ["about"], title: "intake.step.about" },
  { id: "skin-type", sections: ["skin-type"], title: "intake.step.skinType" },
  { id: "health", sections: ["health"], title: "intake.step.health" },
  { id: "medications", sections: ["medications"], title: "intake.step.medications" },
  { id: "procedures", sections: ["procedures"], title: "intake.step.procedures" },
  { id: "finish", sections: ["expectations", "privacy"], title: "intake.step.finish" },
  { id: "review", sections: [], title: "intake.step.review" },
];

export const stepIndex = (id: string) => STEPS.findIndex((s) => s.id === id);
export const stepOfField = (key: string) => STEPS.find((s) => s.sections.includes(sectionOfField(key) ?? "")) ?? STEPS[0]!;

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
  /** The questionnaire's sections this screen asks, worded in the client's language. */
  sections: QuestionnaireItem[];
  /** The review screen: every answer so far in words, in the client's language. */
  summary: ReturnType<typeof localizedSummary>;
};
