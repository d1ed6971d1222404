// The one reader of typed answers, shared by the two questionnaires that turn
// a person's answers into an Intake: the public self-check (self-check*.ts)
// and the intake in the client's account (questionnaire*.ts). Both carry
// their answers as plain form fields from page to page, and both ask a date
// as three inputs, day, month and year, so a month name, a date without a day
// or a year before 1900 reads the same in either.
//
// Nothing here stores, logs or repeats an answer: a problem is a code, which
// each questionnaire words in the reader's language.
import { Temporal } from "temporal-polyfill";
import { EARLIEST_YEAR } from "../kernel/dates.ts";
import { monthNumber } from "./dates.ts";

export { EARLIEST_YEAR };

// ---- form fields -------------------------------------------------------------------------

/** Field name → the values sent for it (a checkbox group sends several). */
export type FormValues = Readonly<Record<string, readonly string[]>>;

/** `FormData` and `URLSearchParams` both qualify. */
export interface FormLike {
  getAll(name: string): unknown[];
}

/** Limits on what one field may carry, so a tampered form cannot make the pages carry megabytes. */
export interface FieldLimits {
  /** Longer values are cut (and then refused by the question's own check). */
  maxChars: number;
  maxValues: number;
}

const isFormLike = (input: FormLike | FormValues): input is FormLike => typeof (input as FormLike).getAll === "function";

/** The answers in a submitted form: the given fields only, trimmed, line breaks normalised, empty values dropped. */
export function readFields(input: FormLike | FormValues, names: Iterable<string>, limits: FieldLimits): FormValues {
  const read = (name: string): unknown[] => (isFormLike(input) ? input.getAll(name) : [...(input[name] ?? [])]);
  const values: Record<string, string[]> = {};
  for (const name of names) {
    const list = read(name)
      .filter((v): v is string => typeof v === "string")
      .map((v) => v.replace(/\r\n?/g, "\n").trim().slice(0, limits.maxChars))
      .filter((v) => v !== "")
      .slice(0, limits.maxValues);
    if (list.length > 0) values[name] = list;
  }
  return values;
}

export const valuesOf = (values: FormValues, name: string): readonly string[] => values[name] ?? [];
export const firstOf = (values: FormValues, name: string): string => values[name]?.[0] ?? "";

// ---- months ------------------------------------------------------------------------------

/** The month names of the portal's other language, without accents, as people type them. */
const FRENCH_MONTHS = [
  "janvier",
  "fevrier",
  "mars",
  "avril",
  "mai",
  "juin",
  "juillet",
  "aout",
  "septembre",
  "octobre",
  "novembre",
  "decembre",
];

/** Lower case without accents: both the accents NFD splits off and accent characters typed on their own. */
function plainLetters(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]|\p{Diacritic}/gu, "")
    .toLowerCase();
}

/**
 * 1–12 from what was typed in a month field: a number or an English name
 * (monthNumber), or a French name or its start ("mars", "févr.", "août",
 * "juil"). A start that could be two months ("jui") is not guessed.
 */
export function monthOf(text: string): number | null {
  const english = monthNumber(text);
  if (english !== null) return english;
  const word = plainLetters(text).replace(/\.$/, "");
  if (word.length < 3) return null;
  const found = FRENCH_MONTHS.flatMap((m, i) => (m.startsWith(word) ? [i + 1] : []));
  return found.length === 1 ? found[0]! : null;
}

// ---- dates -------------------------------------------------------------------------------

export const DATE_PARTS = ["day", "month", "year"] as const;
export type DatePart = (typeof DATE_PARTS)[number];
/** The inputs of a date are named `${name}-day`, `${name}-month` and `${name}-year`. */
export const datePartName = (base: string, part: DatePart) => `${base}-${part}`;

/** How a date question reads its answer. */
export interface DateRule {
  /**
   * People remember a birthday to the day, a last dose or a treatment often
   * only by month. A date without a day is read as the latest day it can be
   * (the month's last day, or today in the current month): the cautious end.
   */
  dayOptional: boolean;
  /** A birth date must be before today; a last dose or a treatment may be today. */
  beforeToday: boolean;
}

export type DateProblemCode =
  | "date-no-day"
  | "date-no-month"
  | "date-no-year"
  | "date-not-real"
  | "date-year-digits"
  | "date-too-early"
  | "date-not-past"
  | "date-future";

export type DateAnswer =
  | { kind: "empty" }
  /** `part`: the input to fix. */
  | { kind: "error"; code: DateProblemCode; part: DatePart }
  /**
   * `date`: the day the rules use. `fhir`: what the person said, as a FHIR
   * date ("2026-03-15", or "2026-03" without a day).
   */
  | { kind: "date"; date: Temporal.PlainDate; dayGiven: boolean; fhir: string };

/** Reads the day / month / year inputs of the date named `name`; dates after `today` are refused. */
export function readDateAnswer(values: FormValues, name: string, rule: DateRule, today: Temporal.PlainDate): DateAnswer {
  const [dayText, monthText, yearText] = DATE_PARTS.map((p) => firstOf(values, datePartName(name, p))) as [string, string, string];
  const fail = (part: DatePart, code: DateProblemCode): DateAnswer => ({ kind: "error", code, part });
  if (!dayText && !monthText && !yearText) return { kind: "empty" };
  if (!rule.dayOptional && !dayText) return fail("day", "date-no-day");
  if (!monthText) return fail("month", "date-no-month");
  if (!yearText) return fail("year", "date-no-year");
  if (dayText && !/^\d{1,2}$/.test(dayText)) return fail("day", "date-not-real");
  const month = monthOf(monthText);
  if (month === null) return fail("month", "date-not-real");
  if (!/^\d{4}$/.test(yearText)) return fail("year", "date-year-digits");
  const year = Number(yearText);
  if (year < EARLIEST_YEAR) return fail("year", "date-too-early");

  let date: Temporal.PlainDate;
  let fhir: string;
  if (dayText) {
    try {
      date = Temporal.PlainDate.from({ year, month, day: Number(dayText) }, { overflow: "reject" });
    } catch {
      return fail("day", "date-not-real");
    }
    fhir = date.toString();
  } else {
    const yearMonth = Temporal.PlainYearMonth.from({ year, month });
    const lastDay = yearMonth.toPlainDate({ day: yearMonth.daysInMonth });
    if (Temporal.PlainDate.compare(lastDay.with({ day: 1 }), today) > 0) return fail("month", "date-future");
    date = Temporal.PlainDate.compare(lastDay, today) > 0 ? today : lastDay;
    fhir = yearMonth.toString();
  }
  const cmp = Temporal.PlainDate.compare(date, today);
  if (rule.beforeToday && cmp >= 0) return fail(dayText ? "day" : "month", "date-not-past");
  if (cmp > 0) return fail(dayText ? "day" : "month", "date-future");
  return { kind: "date", date, dayGiven: dayText !== "", fhir };
}

/** A date's noun at the start of a problem's sentence ("Your date of birth must…"), a month name at the start of an answer. */
export const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Day / month / year form values for a FHIR date ("2026-03-15" or "2026-03"), to fill a date's inputs in again. */
export function dateFormValues(name: string, fhirDate: string): Record<string, string[]> {
  const match = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(fhirDate);
  if (!match) return {};
  const [, year, month, day] = match;
  return {
    ...(day ? { [datePartName(name, "day")]: [String(Number(day))] } : {}),
    [datePartName(name, "month")]: [String(Number(month))],
    [datePartName(name, "year")]: [year!],
  };
}
