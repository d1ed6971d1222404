// A client's screenings as the staff chart shows them: newest first, each
// reason with its rationale and sources in words, the reviews, and the
// answers that matter to the practitioner. Health information: only for
// staff the record is open to (viewScreenings decides and audits).
import { PRESCRIBER_RULES } from "../../src/screening/record/review.ts";
import { type ScreeningView } from "../../src/screening/record/read.ts";
import { OUTCOME_WORDS, type NormalizedIntake, type Outcome, type ReasonOutcome } from "../../src/screening/types.ts";
import { answerSummary } from "../../src/screening/questionnaire-summary.ts";
import { type QuestionnaireResponse } from "../../src/screening/questionnaire-fhir.ts";
import { citation } from "./citations.server.ts";
import { formatDateLong, formatDateTime } from "./format.ts";

export const OUTCOME_TEXT: Readonly<Record<Outcome, string>> = OUTCOME_WORDS;

const SOURCE_TEXT = {
  "self-check": "Self-check carried into a booking",
  intake: "Intake questionnaire",
  "day-of": "Day-of re-screen",
} as const;

export interface ChartScreening {
  id: string;
  heading: string;
  outcome: Outcome | null;
  outcomeText: string;
  earliest: string | null;
  awaitingResolution: boolean;
  rulesVersion: string;
  damaged: boolean;
  reasons: {
    ruleId: string;
    outcome: ReasonOutcome;
    outcomeText: string;
    until: string | null;
    clientMessage: string;
    staffNote: string;
    sources: { key: string; text: string }[];
  }[];
  answers: { label: string; value: string }[];
  /** The intake questionnaire's answers, question by question, by section (intakes only). */
  response: { title: string; lines: { question: string; answer: string }[] }[];
  reviews: {
    decision: "cleared" | "not-cleared";
    note: string | null;
    by: string;
    when: string;
    /** The physician's written clearance in words, for a "not suitable" screening cleared by the owner or the medical director. */
    clearance: string | null;
  }[];
  needsReview: boolean;
  /** A "not suitable" reason fired: clearing needs the owner or the medical director, with the physician's written clearance. */
  needsPhysicianClearance: boolean;
  /** That clearance must name the prescriber (a bleeding disorder or blood thinners). */
  needsPrescriber: boolean;
}

function list(values: readonly string[]): string {
  return values.length ? values.join(", ") : "none";
}

/** The answers a practitioner checks first, in words (the full response stays in the record and its export). */
function answerLines(i: NormalizedIntake): { label: string; value: string }[] {
  const meds = i.medications;
  const iso = meds.isotretinoin
    ? meds.isotretinoin.status === "current"
      ? "taking it now"
      : `stopped ${meds.isotretinoin.stoppedOn}`
    : "no";
  return [
    { label: "Areas", value: list(i.treatmentAreas) },
    {
      label: "Skin type (Fitzpatrick)",
      value: i.fitzpatrickType ? String(i.fitzpatrickType) : i.fitzpatrickAnswers ? "scored from answers" : "not given",
    },
    { label: "Date of birth", value: i.birthDate ?? "not given" },
    { label: "Conditions", value: list(i.conditions) },
    { label: "Skin now", value: list(i.skinConditions.map((s) => (s.areas ? `${s.type} (${s.areas.join(", ")})` : s.type))) },
    { label: "Isotretinoin", value: iso },
    { label: "Blood thinners", value: meds.anticoagulant ? "yes" : "no" },
    { label: "Immunosuppressants", value: meds.immunosuppressant ? "yes" : "no" },
    { label: "Topical retinoid, last used", value: meds.topicalRetinoidLastUsed ?? "not used" },
    {
      label: "Recent procedures",
      value: list(i.recentProcedures.map((p) => `${p.type} ${p.date}${p.areas ? ` (${p.areas.join(", ")})` : ""}`)),
    },
    { label: "Expects complete removal", value: i.expectsCompleteRemoval ? "yes" : "no" },
  ];
}

function responseSections(response: Record<string, unknown> | null): ChartScreening["response"] {
  if (!response || response.resourceType !== "QuestionnaireResponse" || !Array.isArray(response.item)) return [];
  try {
    return answerSummary(response as unknown as QuestionnaireResponse).map((s) => ({
      title: s.title,
      lines: s.lines.map((l) => ({ question: l.question, answer: l.answer })),
    }));
  } catch {
    // A response from an older questionnaire this code no longer reads: the structured answers above still show.
    return [];
  }
}

export function chartScreenings(list: readonly ScreeningView[], timeZone: string): ChartScreening[] {
  return list.map((s) => {
    const r = s.result;
    const lastReview = s.reviews.at(-1);
    return {
      id: s.id,
      heading: `${SOURCE_TEXT[s.source]}, ${formatDateTime(s.createdAt, timeZone)}`,
      outcome: r?.outcome ?? null,
      outcomeText: r ? OUTCOME_TEXT[r.outcome] : "Unreadable",
      earliest: r?.earliestDate ? formatDateLong(r.earliestDate) : null,
      awaitingResolution: r?.awaitingResolution ?? false,
      rulesVersion: s.rulesVersion,
      damaged: s.damaged,
      reasons: (r?.reasons ?? []).map((x) => ({
        ruleId: x.ruleId,
        outcome: x.outcome,
        outcomeText: OUTCOME_TEXT[x.outcome],
        until: x.until ? formatDateLong(x.until) : null,
        clientMessage: x.clientMessage,
        staffNote: x.staffNote,
        sources: x.citations.map((key) => ({ key, text: citation(key)?.source ?? key })),
      })),
      answers: s.answers ? answerLines(s.answers.intake) : [],
      response: responseSections(s.answers?.response ?? null),
      reviews: s.reviews.map((v) => ({
        decision: v.decision,
        note: v.note,
        by: v.by,
        when: formatDateTime(v.at, timeZone),
        clearance: v.clearance
          ? `${v.clearedAs === "owner" ? "Cleared by the owner" : "Cleared by the medical director"} on the written clearance of ${v.clearance.physicianName}, dated ${formatDateLong(v.clearance.letterDate)}${v.clearance.prescriberName ? ` (prescriber: ${v.clearance.prescriberName})` : ""}: “${v.clearance.letterSays}”`
          : null,
      })),
      // A practitioner's clearance does not cover a "not suitable" reason (decision 0021).
      needsReview:
        r?.outcome === "needs-review"
          ? lastReview?.decision !== "cleared"
          : r?.outcome === "not-suitable"
            ? !(lastReview?.decision === "cleared" && lastReview.clearedAs && lastReview.clearance)
            : false,
      needsPhysicianClearance: r?.outcome === "not-suitable",
      needsPrescriber: (r?.reasons ?? []).some((x) => x.outcome === "not-suitable" && PRESCRIBER_RULES.includes(x.ruleId)),
    };
  });
}
