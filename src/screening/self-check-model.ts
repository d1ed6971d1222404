// What the public self-check "Am I a candidate?" is made of (docs/self-check.md):
// steps, one question each, asked in order, some only when an earlier answer
// calls for them. Its answers are read by answer-reader.ts, like the intake's.
//
// Every word a visitor reads is a message key of the web layer's catalog
// (app/i18n/messages/booking.ts), so the same questions are asked in English
// and French. The types take the key type as a parameter: here a key is any
// string, and the web layer (app/lib/self-check.ts) checks the table's keys
// against its catalog when it gives them that type.
import { valuesOf, type DateRule, type FormValues } from "./answer-reader.ts";

/** Field name → the values sent for it (a checkbox group sends several). */
export type Answers = FormValues;

export interface DateQuestion<K extends string = string> extends DateRule {
  /** The inputs are named `${name}-day`, `${name}-month` and `${name}-year`. */
  name: string;
  /** How messages name the date, lower case: "your date of birth". */
  noun: K;
  hint?: K;
  /** Autocomplete tokens for the three inputs; "off" when the browser should not remember them. */
  autoComplete: "bday" | "off";
}

export interface Choice<K extends string = string> {
  value: string;
  label: K;
  hint?: K;
  /** "None of these": cannot be ticked together with anything else. */
  exclusive?: boolean;
  /** Asked when this choice is picked; without JavaScript it is always shown, under the choice. */
  followUp?: { legend: K; date: DateQuestion<K>; /** Names the date in the list of answers: "last dose". */ short: K };
}

export type Question<K extends string = string> =
  | { kind: "checkboxes"; name: string; choices: readonly Choice<K>[]; required: K }
  | { kind: "radios"; name: string; choices: readonly Choice<K>[]; required: K }
  | { kind: "date"; date: DateQuestion<K> };

export interface Step<K extends string = string> {
  id: string;
  /** A short name for the page title and the list of answers. Never an answer, not even by implication. */
  topic: K;
  /** How the list of answers on the results page names the step, when the topic is too vague there. */
  answerLabel?: K;
  /** The question itself: the page heading. */
  legend: K;
  hint?: K;
  question: Question<K>;
  /** Absent: always asked. */
  applies?: (answers: Answers) => boolean;
}

/** Whether `value` was sent for the field `name`: a box ticked, a radio chosen. */
export const has = (a: Answers, name: string, value: string): boolean => valuesOf(a, name).includes(value);
