// A stored intake response in words, section by section: for the review
// screen before sending, and for anyone reading a stored response. English
// with the texts the response stored, or another language's words
// (questionnaire-fr.ts).
import { Temporal } from "temporal-polyfill";
import { capitalise } from "./answer-reader.ts";
import type { Answer, QuestionnaireResponse, ResponseItem } from "./questionnaire-fhir.ts";
import { ITEMS, SECTIONS } from "./questionnaire-definition.ts";

export interface AnswerLine {
  linkId: string;
  question: string;
  answer: string;
}

/**
 * The words a summary is written in. Without one it is English, with the
 * texts the response stored; another language gives its own question and
 * answer texts by linkId and code (`questionnaire-fr.ts`).
 */
export interface SummaryWording {
  /** The BCP 47 tag dates are written in. */
  intl: string;
  yes: string;
  no: string;
  /** What goes before a procedure row's questions: "Treatment 2: ". */
  treatment: (n: number) => string;
  /** An item's text (a question or a section) by linkId; the stored text when undefined. */
  text?: (linkId: string) => string | undefined;
  /** An answer's display by the item's linkId and the answer code; the stored display when undefined. */
  display?: (linkId: string, code: string) => string | undefined;
}

const ENGLISH: SummaryWording = { intl: "en-CA", yes: "Yes", no: "No", treatment: (n) => `Treatment ${n}: ` };

function describeAnswer(a: Answer, linkId: string, words: SummaryWording): string {
  if ("valueCoding" in a) return words.display?.(linkId, a.valueCoding.code) ?? a.valueCoding.display ?? a.valueCoding.code;
  if ("valueBoolean" in a) return a.valueBoolean ? words.yes : words.no;
  if ("valueInteger" in a) return String(a.valueInteger);
  if ("valueString" in a) return a.valueString;
  const d = a.valueDate;
  if (/^\d{4}-\d{2}-\d{2}$/.test(d))
    return Temporal.PlainDate.from(d).toLocaleString(words.intl, { month: "long", day: "numeric", year: "numeric" });
  // A month without a day, as the person gave it: "March 2026", "mars 2026".
  if (/^\d{4}-\d{2}$/.test(d))
    return capitalise(Temporal.PlainDate.from(`${d}-01`).toLocaleString(words.intl, { month: "long", year: "numeric" }));
  return d;
}

/**
 * A response's answers in words, section by section, for the review screen
 * and anyone reading a stored response: question text as asked, answers as
 * shown (a date in words, several choices joined).
 */
export function answerSummary(
  response: QuestionnaireResponse,
  words: SummaryWording = ENGLISH,
): { section: string; title: string; lines: AnswerLine[] }[] {
  let treatment = 0;
  const lines = (items: readonly ResponseItem[], prefix = ""): AnswerLine[] =>
    items.flatMap((ri) => {
      if (ri.item && !ri.answer) {
        const nested = ri.linkId === "procedure" ? words.treatment(++treatment) : prefix;
        return lines(ri.item, nested);
      }
      const item = ITEMS.get(ri.linkId);
      const text = words.text?.(ri.linkId) ?? ri.text ?? item?.text ?? ri.linkId;
      const question = `${prefix}${item?.prefix ? `${item.prefix} ` : ""}${text}`;
      const answer = (ri.answer ?? []).map((a) => describeAnswer(a, ri.linkId, words)).join("; ");
      return [{ linkId: ri.linkId, question, answer }];
    });
  return SECTIONS.map((section) => {
    const found = response.item.find((ri) => ri.linkId === section.linkId);
    const title = words.text?.(section.linkId) ?? section.text ?? section.linkId;
    return { section: section.linkId, title, lines: found?.item ? lines(found.item) : [] };
  });
}
