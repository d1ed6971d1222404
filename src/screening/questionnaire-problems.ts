// Why the intake refuses an answer, as a code with what a message needs and
// never what was typed, and the English message for each (the French ones are
// in questionnaire-fr.ts).
import { capitalise, EARLIEST_YEAR, type DateProblemCode } from "./answer-reader.ts";
import { itemOf, optionOf } from "./questionnaire-definition.ts";
import { DATE_RULES } from "./questionnaire-form.ts";

/** Key: the form field to fix (the anchor is `#field-${key}`); value: what to do, never what was typed. */
export type FormErrors = Record<string, string>;

/**
 * Why an answer is refused, as a code with what the message needs (never
 * what was typed), so a page can say it in the reader's language:
 * `problemText` in English, `questionnaire-fr.ts` in French.
 */
export type FormProblem =
  | { code: "required"; linkId: string }
  | { code: "unknown-answer" }
  | { code: "one-answer" }
  | { code: "not-both"; linkId: string; option: string }
  | { code: "yes-or-no" }
  | { code: "too-long"; max: number }
  | { code: "no-procedure" }
  | { code: DateProblemCode; linkId: string }
  /** The screening schema refused an answer the steps let through (the safety net). */
  | { code: "check-answer" };

/** Key: the form field to fix, as in FormErrors. */
export type FormProblems = Record<string, FormProblem>;

const REQUIRED_MESSAGES: Record<string, string> = {
  "birth-date": "Enter your date of birth.",
  areas: "Choose at least one area you'd like treated.",
  "concerns-other": "Tell us what else you'd like to improve, or untick “Something else”.",
  pregnancy: "Tick the ones that apply, or “No, neither”.",
  conditions: "Tick the ones that apply, or “None of these”.",
  diabetes: "Choose whether you have diabetes.",
  "skin-now": "Tick the ones that apply, or “None of these”.",
  "medications-list": "List your medicines and supplements, or write “none”.",
  isotretinoin: "Choose whether you have taken isotretinoin.",
  "isotretinoin-stopped": "Enter the date of your last dose. If you don't remember the day, give the month and year.",
  "blood-thinner": "Choose whether you take a blood thinner.",
  "otc-blood-thinner": "Choose whether you regularly take a pain reliever or a supplement that can thin the blood.",
  immunosuppressant: "Choose whether you take a medicine that lowers your immune defences.",
  retinoid: "Choose whether you use a retinoid cream, gel or serum.",
  "retinoid-last-used": "Enter when you last used it. If you don't remember the day, give the month and year.",
  "procedures-any": "Choose whether you've had any of these treatments.",
  "procedures-other": "Choose whether you've had surgery, an injury or hair removal there.",
  "procedures-ever": "Choose whether you've ever had radiation therapy, permanent filler or threads there.",
  expectation: "Choose what you expect from microneedling.",
  "privacy-acknowledged": "Tick the box to say you've read how your answers are kept and used.",
};

const requiredMessage = (linkId: string) =>
  REQUIRED_MESSAGES[linkId] ??
  (linkId.startsWith("fitzpatrick-")
    ? `Choose an answer to question ${linkId.slice("fitzpatrick-".length)} about your skin and the sun.`
    : DATE_RULES[linkId]
      ? `Enter ${DATE_RULES[linkId].noun}.`
      : "Answer this question.");

/** A problem in English, as the page and the tests read it. */
export function problemText(problem: FormProblem): string {
  switch (problem.code) {
    case "required":
      return requiredMessage(problem.linkId);
    case "unknown-answer":
      return "Choose from the answers shown.";
    case "one-answer":
      return "Choose one answer.";
    case "not-both":
      return `Tick the ones that apply, or “${optionOf(itemOf(problem.linkId), problem.option)?.valueCoding.display ?? problem.option}”, not both.`;
    case "yes-or-no":
      return "Choose yes or no.";
    case "too-long":
      return `Please keep this to ${problem.max} characters or fewer.`;
    case "no-procedure":
      return "Tell us about at least one treatment, or answer “No” above.";
    case "check-answer":
      return "Please check this answer.";
  }
  const Noun = capitalise(DATE_RULES[problem.linkId]?.noun ?? "this date");
  switch (problem.code) {
    case "date-no-day":
      return `${Noun} must include a day.`;
    case "date-no-month":
      return `${Noun} must include a month.`;
    case "date-no-year":
      return `${Noun} must include a year.`;
    case "date-not-real":
      return `${Noun} must be a real date.`;
    case "date-year-digits":
      return "Write the year with 4 numbers, for example 1990.";
    case "date-too-early":
      return `${Noun} must be after ${EARLIEST_YEAR}.`;
    case "date-not-past":
      return `${Noun} must be in the past.`;
    case "date-future":
      return `${Noun} can't be in the future.`;
  }
}
