// The public self-check "Am I a candidate?" (docs/self-check.md): its questions
// as typed data, the check of each answer, the order of the screens, and the
// conversion of a complete set of answers into the screening contract's Intake.
//
// Answers travel as raw strings, exactly as typed, in hidden fields of every
// step's form; nothing here stores or logs them. Error messages never repeat
// what was typed.
//
// Every word a visitor reads is a message key (app/i18n/messages/booking.ts),
// so the same questions are asked in English and French; the functions that
// produce text take the page's translator or language.
import { Temporal } from "temporal-polyfill";
import {
  AREAS,
  CONDITIONS,
  PROCEDURES,
  SKIN_CONDITIONS,
  type Area,
  type Condition,
  type Intake,
  type Procedure,
} from "../../src/screening/types.ts";
import { monthNumber } from "../../src/screening/dates.ts";
import type { MessageKey, MessageParams, Translate } from "../i18n/catalog.ts";
import { INTL_LOCALE, type Locale } from "../i18n/locales.ts";

/** Field name → the values sent for it (a checkbox group sends several). */
export type Answers = Readonly<Record<string, readonly string[]>>;

/** Key: the suffix of the id of the input to fix (`field-${key}`); value: what to do. */
export type Errors = Record<string, string>;

/** Earlier than this year is a typing mistake, for a birth date or anything else. */
const EARLIEST_YEAR = 1900;

/** How far back (in months) the question about other treatments looks; every default waiting period fits well inside it. */
export const PROCEDURE_LOOKBACK = 3;

/** Parameters every step's text may use. */
export const STEP_TEXT_PARAMS: MessageParams = { months: PROCEDURE_LOOKBACK };

export interface DateQuestion {
  /** The inputs are named `${name}-day`, `${name}-month` and `${name}-year`. */
  name: string;
  /** How messages name the date, lower case: "your date of birth". */
  noun: MessageKey;
  hint?: MessageKey;
  /**
   * People remember a birthday to the day, a last dose or a treatment often
   * only by month. A date without a day is read as the latest day it can be
   * (the month's last day, or today in the current month): the cautious end.
   */
  dayOptional: boolean;
  /** A birth date must be before today; a last dose or a treatment may be today. */
  beforeToday: boolean;
  /** Autocomplete tokens for the three inputs; "off" when the browser should not remember them. */
  autoComplete: "bday" | "off";
}

export interface Choice {
  value: string;
  label: MessageKey;
  hint?: MessageKey;
  /** "None of these": cannot be ticked together with anything else. */
  exclusive?: boolean;
  /** Asked when this choice is picked; without JavaScript it is always shown, under the choice. */
  followUp?: { legend: MessageKey; date: DateQuestion; /** Names the date in the list of answers: "last dose". */ short: MessageKey };
}

export type Question =
  | { kind: "checkboxes"; name: string; choices: readonly Choice[]; required: MessageKey }
  | { kind: "radios"; name: string; choices: readonly Choice[]; required: MessageKey }
  | { kind: "date"; date: DateQuestion };

export interface Step {
  id: string;
  /** A short name for the page title and the list of answers. Never an answer, not even by implication. */
  topic: MessageKey;
  /** How the list of answers on the results page names the step, when the topic is too vague there. */
  answerLabel?: MessageKey;
  /** The question itself: the page heading. */
  legend: MessageKey;
  hint?: MessageKey;
  question: Question;
  /** Absent: always asked. */
  applies?: (answers: Answers) => boolean;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const NONE: Choice = { value: "none", label: "candidate.q.none", exclusive: true };

// ---- the questions, in the order they are asked --------------------------------

const AREA_CHOICES: readonly (Choice & { value: Area })[] = [
  { value: "face", label: "candidate.q.areas.face" },
  { value: "neck", label: "candidate.q.areas.neck" },
  { value: "chest", label: "candidate.q.areas.chest" },
  { value: "hands", label: "candidate.q.areas.hands" },
  { value: "scalp", label: "candidate.q.areas.scalp" },
  { value: "body", label: "candidate.q.areas.body", hint: "candidate.q.areas.bodyHint" },
];

const PROCEDURE_QUESTIONS: readonly {
  value: Procedure;
  /** The step whose checkboxes ask about it: "procedures" (the last few months) unless another window applies. */
  from?: "procedures" | "history";
  label: MessageKey;
  hint?: MessageKey;
  legend: MessageKey;
  noun: MessageKey;
  answer: MessageKey;
}[] = [
  {
    value: "chemical-peel",
    label: "candidate.q.peel.label",
    legend: "candidate.q.peel.legend",
    noun: "candidate.q.peel.noun",
    answer: "candidate.q.peel.answer",
  },
  {
    value: "laser",
    label: "candidate.q.laser.label",
    legend: "candidate.q.laser.legend",
    noun: "candidate.q.laser.noun",
    answer: "candidate.q.laser.answer",
  },
  {
    value: "ipl",
    label: "candidate.q.ipl.label",
    hint: "candidate.q.ipl.hint",
    legend: "candidate.q.ipl.legend",
    noun: "candidate.q.ipl.noun",
    answer: "candidate.q.ipl.answer",
  },
  {
    value: "neurotoxin",
    label: "candidate.q.neurotoxin.label",
    hint: "candidate.q.neurotoxin.hint",
    legend: "candidate.q.neurotoxin.legend",
    noun: "candidate.q.neurotoxin.noun",
    answer: "candidate.q.neurotoxin.answer",
  },
  {
    value: "dermal-filler",
    label: "candidate.q.filler.label",
    legend: "candidate.q.filler.legend",
    noun: "candidate.q.filler.noun",
    answer: "candidate.q.filler.answer",
  },
  {
    value: "microneedling",
    label: "candidate.q.microneedling.label",
    legend: "candidate.q.microneedling.legend",
    noun: "candidate.q.microneedling.noun",
    answer: "candidate.q.microneedling.answer",
  },
  // Additions (December 2026). Hair removal fits the last few months; surgery and injuries
  // (6 months) and radiation, permanent filler and threads (any time) carry their own
  // window in their label and are asked on the history step.
  {
    value: "waxing",
    label: "candidate.q.waxing.label",
    legend: "candidate.q.waxing.legend",
    noun: "candidate.q.waxing.noun",
    answer: "candidate.q.waxing.answer",
  },
  {
    value: "electrolysis",
    label: "candidate.q.electrolysis.label",
    legend: "candidate.q.electrolysis.legend",
    noun: "candidate.q.electrolysis.noun",
    answer: "candidate.q.electrolysis.answer",
  },
  {
    value: "depilatory",
    label: "candidate.q.depilatory.label",
    legend: "candidate.q.depilatory.legend",
    noun: "candidate.q.depilatory.noun",
    answer: "candidate.q.depilatory.answer",
  },
  {
    value: "facial-surgery",
    from: "history",
    label: "candidate.q.surgery.label",
    legend: "candidate.q.surgery.legend",
    noun: "candidate.q.surgery.noun",
    answer: "candidate.q.surgery.answer",
  },
  {
    value: "trauma",
    from: "history",
    label: "candidate.q.trauma.label",
    legend: "candidate.q.trauma.legend",
    noun: "candidate.q.trauma.noun",
    answer: "candidate.q.trauma.answer",
  },
  {
    value: "radiation-therapy",
    from: "history",
    label: "candidate.q.radiation.label",
    legend: "candidate.q.radiation.legend",
    noun: "candidate.q.radiation.noun",
    answer: "candidate.q.radiation.answer",
  },
  {
    value: "permanent-filler",
    from: "history",
    label: "candidate.q.permanentFiller.label",
    legend: "candidate.q.permanentFiller.legend",
    noun: "candidate.q.permanentFiller.noun",
    answer: "candidate.q.permanentFiller.answer",
  },
  {
    value: "threads",
    from: "history",
    label: "candidate.q.threads.label",
    legend: "candidate.q.threads.legend",
    noun: "candidate.q.threads.noun",
    answer: "candidate.q.threads.answer",
  },
];

/** The treatments a step's checkboxes ask about. */
const proceduresFrom = (step: "procedures" | "history") => PROCEDURE_QUESTIONS.filter((p) => (p.from ?? "procedures") === step);

/** The treatments ticked, in the order of the contract's list (the Intake's order). */
const tickedProcedures = (a: Answers): Procedure[] =>
  PROCEDURES.filter((type) => PROCEDURE_QUESTIONS.some((p) => p.value === type && has(a, p.from ?? "procedures", type)));

const conditionChoice = (value: Condition, label: MessageKey, hint?: MessageKey): Choice => ({ value, label, ...(hint ? { hint } : {}) });

const FITZPATRICK_CHOICES: readonly Choice[] = [
  { value: "1", label: "candidate.q.sun.1" },
  { value: "2", label: "candidate.q.sun.2" },
  { value: "3", label: "candidate.q.sun.3" },
  { value: "4", label: "candidate.q.sun.4" },
  { value: "5", label: "candidate.q.sun.5", hint: "candidate.q.sun.5hint" },
  { value: "6", label: "candidate.q.sun.6", hint: "candidate.q.sun.6hint" },
  { value: "unsure", label: "candidate.q.sun.unsure" },
];

const procedureDateStep = (p: (typeof PROCEDURE_QUESTIONS)[number]): Step => ({
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
  applies: (a) => has(a, p.from ?? "procedures", p.value),
});

export const STEPS: readonly Step[] = [
  {
    id: "areas",
    topic: "candidate.q.areas.topic",
    legend: "candidate.q.areas.legend",
    hint: "candidate.q.tickAll",
    question: { kind: "checkboxes", name: "areas", choices: AREA_CHOICES, required: "candidate.q.areas.required" },
  },
  {
    id: "birth",
    topic: "candidate.q.birth.topic",
    legend: "candidate.q.birth.legend",
    question: {
      kind: "date",
      date: {
        name: "birth",
        noun: "candidate.q.birth.noun",
        hint: "candidate.q.birth.hint",
        dayOptional: false,
        beforeToday: true,
        autoComplete: "bday",
      },
    },
  },
  {
    id: "pregnancy",
    topic: "candidate.q.pregnancy.topic",
    legend: "candidate.q.pregnancy.legend",
    question: {
      kind: "checkboxes",
      name: "pregnancy",
      choices: [
        conditionChoice("pregnant", "candidate.q.pregnancy.pregnant"),
        conditionChoice("breastfeeding", "candidate.q.pregnancy.breastfeeding"),
        { value: "none", label: "candidate.q.pregnancy.neither", exclusive: true },
      ],
      required: "candidate.q.pregnancy.required",
    },
  },
  {
    id: "skin",
    topic: "candidate.q.skin.topic",
    legend: "candidate.q.skin.legend",
    hint: "candidate.q.tickAll",
    question: {
      kind: "checkboxes",
      name: "skin",
      choices: [
        { value: "infection", label: "candidate.q.skin.infection", hint: "candidate.q.skin.infectionHint" },
        { value: "acne-breakout", label: "candidate.q.skin.acne" },
        { value: "cold-sore", label: "candidate.q.skin.coldSore" },
        { value: "open-wound", label: "candidate.q.skin.wound" },
        { value: "eczema-flare", label: "candidate.q.skin.eczema" },
        { value: "psoriasis-flare", label: "candidate.q.skin.psoriasis" },
        { value: "rosacea-flare", label: "candidate.q.skin.rosacea" },
        { value: "sunburn", label: "candidate.q.skin.sunburn" },
        { value: "irritation", label: "candidate.q.skin.irritation", hint: "candidate.q.skin.irritationHint" },
        { value: "suspicious-lesion", label: "candidate.q.skin.lesion" },
        { value: "solar-keratosis", label: "candidate.q.skin.solarKeratosis" },
        { value: "raised-mole-or-wart", label: "candidate.q.skin.raisedMoleOrWart" },
        { value: "tan", label: "candidate.q.skin.tan" },
        NONE,
      ],
      required: "candidate.q.tickOrNone",
    },
  },
  {
    id: "procedures",
    topic: "candidate.q.procedures.topic",
    // Says how far back it looks: STEP_TEXT_PARAMS.months.
    legend: "candidate.q.procedures.legend",
    hint: "candidate.q.tickAll",
    question: {
      kind: "checkboxes",
      name: "procedures",
      choices: [...proceduresFrom("procedures").map(({ value, label, hint }) => ({ value, label, ...(hint ? { hint } : {}) })), NONE],
      required: "candidate.q.tickOrNone",
    },
  },
  ...proceduresFrom("procedures").map(procedureDateStep),
  {
    id: "isotretinoin",
    topic: "candidate.q.isotretinoin.topic",
    legend: "candidate.q.isotretinoin.legend",
    hint: "candidate.q.isotretinoin.hint",
    question: {
      kind: "radios",
      name: "isotretinoin",
      choices: [
        { value: "never", label: "candidate.q.isotretinoin.never" },
        { value: "current", label: "candidate.q.isotretinoin.current" },
        {
          value: "stopped",
          label: "candidate.q.isotretinoin.stopped",
          followUp: {
            legend: "candidate.q.isotretinoin.stoppedLegend",
            short: "candidate.q.isotretinoin.stoppedShort",
            date: {
              name: "isotretinoin-stopped",
              noun: "candidate.q.isotretinoin.stoppedNoun",
              hint: "candidate.q.isotretinoin.stoppedHint",
              dayOptional: true,
              beforeToday: false,
              autoComplete: "off",
            },
          },
        },
      ],
      required: "candidate.q.isotretinoin.required",
    },
  },
  {
    id: "retinoid",
    topic: "candidate.q.retinoid.topic",
    legend: "candidate.q.retinoid.legend",
    hint: "candidate.q.retinoid.hint",
    question: {
      kind: "radios",
      name: "retinoid",
      choices: [
        { value: "no", label: "candidate.q.no" },
        {
          value: "yes",
          label: "candidate.q.yes",
          followUp: {
            legend: "candidate.q.retinoid.lastLegend",
            short: "candidate.q.retinoid.lastShort",
            date: {
              name: "retinoid-last",
              noun: "candidate.q.retinoid.lastNoun",
              hint: "candidate.q.retinoid.lastHint",
              dayOptional: true,
              beforeToday: false,
              autoComplete: "off",
            },
          },
        },
      ],
      required: "candidate.q.retinoid.required",
    },
  },
  {
    id: "medicines",
    topic: "candidate.q.medicines.topic",
    legend: "candidate.q.medicines.legend",
    hint: "candidate.q.medicines.hint",
    question: {
      kind: "checkboxes",
      name: "medicines",
      choices: [
        { value: "anticoagulant", label: "candidate.q.medicines.anticoagulant", hint: "candidate.q.medicines.anticoagulantHint" },
        {
          value: "immunosuppressant",
          label: "candidate.q.medicines.immunosuppressant",
          hint: "candidate.q.medicines.immunosuppressantHint",
        },
        { value: "otc-blood-thinner", label: "candidate.q.medicines.otcBloodThinner", hint: "candidate.q.medicines.otcBloodThinnerHint" },
        NONE,
      ],
      required: "candidate.q.tickOrNone",
    },
  },
  {
    id: "health",
    topic: "candidate.q.health.topic",
    legend: "candidate.q.health.legend",
    hint: "candidate.q.tickAll",
    question: {
      kind: "checkboxes",
      name: "health",
      choices: [
        conditionChoice("bleeding-disorder", "candidate.q.health.bleeding", "candidate.q.health.bleedingHint"),
        conditionChoice("autoimmune-lupus", "candidate.q.health.lupus"),
        conditionChoice("autoimmune-scleroderma", "candidate.q.health.scleroderma"),
        conditionChoice("autoimmune-other", "candidate.q.health.autoimmune", "candidate.q.health.autoimmuneHint"),
        conditionChoice("immunosuppression", "candidate.q.health.immunity", "candidate.q.health.immunityHint"),
        conditionChoice("cancer-treatment-last-12-months", "candidate.q.health.cancer", "candidate.q.health.cancerHint"),
        conditionChoice("vitiligo", "candidate.q.health.vitiligo"),
        conditionChoice("lichen-planus", "candidate.q.health.lichenPlanus"),
        conditionChoice("collagen-vascular-other", "candidate.q.health.collagenVascular", "candidate.q.health.collagenVascularHint"),
        NONE,
      ],
      required: "candidate.q.tickOrNone",
    },
  },
  {
    id: "diabetes",
    topic: "candidate.q.diabetes.topic",
    legend: "candidate.q.diabetes.legend",
    question: {
      kind: "radios",
      name: "diabetes",
      choices: [
        { value: "no", label: "candidate.q.no" },
        { value: "controlled", label: "candidate.q.diabetes.controlled" },
        { value: "uncontrolled", label: "candidate.q.diabetes.uncontrolled" },
      ],
      required: "candidate.q.diabetes.required",
    },
  },
  {
    id: "history",
    topic: "candidate.q.history.topic",
    legend: "candidate.q.history.legend",
    hint: "candidate.q.tickAll",
    question: {
      kind: "checkboxes",
      name: "history",
      choices: [
        conditionChoice("keloid-history", "candidate.q.history.keloid", "candidate.q.history.keloidHint"),
        conditionChoice("hsv-history", "candidate.q.history.coldSores"),
        conditionChoice("metal-allergy", "candidate.q.history.metal", "candidate.q.history.metalHint"),
        conditionChoice("anaesthetic-allergy", "candidate.q.history.anaesthetic", "candidate.q.history.anaestheticHint"),
        conditionChoice("hypertrophic-scars", "candidate.q.history.hypertrophic"),
        ...proceduresFrom("history").map(({ value, label }) => ({ value, label })),
        NONE,
      ],
      required: "candidate.q.tickOrNone",
    },
  },
  ...proceduresFrom("history").map(procedureDateStep),
  {
    id: "skin-type",
    topic: "candidate.q.sun.topic",
    legend: "candidate.q.sun.legend",
    hint: "candidate.q.sun.hint",
    question: {
      kind: "radios",
      name: "skin-type",
      choices: FITZPATRICK_CHOICES,
      required: "candidate.q.sun.required",
    },
  },
  {
    id: "expectations",
    topic: "candidate.q.hopes.topic",
    legend: "candidate.q.hopes.legend",
    question: {
      kind: "radios",
      name: "expectations",
      choices: [
        { value: "gradual", label: "candidate.q.hopes.gradual" },
        { value: "complete", label: "candidate.q.hopes.complete" },
        { value: "unsure", label: "candidate.q.hopes.unsure" },
      ],
      required: "candidate.q.hopes.required",
    },
  },
];

// ---- reading answers -------------------------------------------------------------

const datePartNames = (name: string) => [`${name}-day`, `${name}-month`, `${name}-year`];

/** Every field a step's form sends. */
export function fieldNames(step: Step): string[] {
  const q = step.question;
  if (q.kind === "date") return datePartNames(q.date.name);
  return [q.name, ...q.choices.flatMap((c) => (c.followUp ? datePartNames(c.followUp.date.name) : []))];
}

const ALL_FIELDS: ReadonlySet<string> = new Set(STEPS.flatMap(fieldNames));

/** Longer than any real answer: a limit, so a tampered form cannot make the pages carry megabytes. */
const MAX_VALUE_LENGTH = 40;
const MAX_VALUES = 20;

/** The answers in a submitted form: known fields only, trimmed, empty values dropped. */
export function readAnswers(form: FormData): Answers {
  const answers: Record<string, string[]> = {};
  for (const name of ALL_FIELDS) {
    const values = form
      .getAll(name)
      .filter((v): v is string => typeof v === "string")
      .map((v) => v.trim().slice(0, MAX_VALUE_LENGTH))
      .filter((v) => v !== "")
      .slice(0, MAX_VALUES);
    if (values.length > 0) answers[name] = values;
  }
  return answers;
}

export const valuesOf = (a: Answers, name: string): readonly string[] => a[name] ?? [];
const first = (a: Answers, name: string): string => a[name]?.[0] ?? "";
const has = (a: Answers, name: string, value: string): boolean => valuesOf(a, name).includes(value);

/** The steps these answers call for, in order. */
export function stepsFor(a: Answers): Step[] {
  return STEPS.filter((s) => !s.applies || s.applies(a));
}

export function findStep(id: string): Step | undefined {
  return STEPS.find((s) => s.id === id);
}

// ---- dates -------------------------------------------------------------------------

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

/**
 * 1–12 from what was typed in the month field: a number, or a month name in
 * English or French ("mar", "mars", "févr.", "juil"). A French abbreviation
 * that could be two months ("jui") is not guessed.
 */
export function monthOf(text: string): number | null {
  const english = monthNumber(text);
  if (english !== null) return english;
  const word = text
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase()
    .replace(/\.$/, "");
  if (word.length < 3) return null;
  const matches = FRENCH_MONTHS.flatMap((m, i) => (m.startsWith(word) ? [i + 1] : []));
  return matches.length === 1 ? matches[0]! : null;
}

/** What is wrong with an answer, as a message key and its parameters; translated where it is shown. */
export interface Problem {
  key: MessageKey;
  params?: MessageParams;
}

export type DateRead =
  { ok: true; date: Temporal.PlainDate; dayGiven: boolean } | { ok: false; part: "day" | "month" | "year"; problem: Problem };

export function readDate(q: DateQuestion, a: Answers, today: Temporal.PlainDate): DateRead {
  const [dayText, monthText, yearText] = datePartNames(q.name).map((n) => first(a, n)) as [string, string, string];
  const fail = (part: "day" | "month" | "year", key: MessageKey, params?: MessageParams): DateRead => ({
    ok: false,
    part,
    problem: { key, params },
  });
  if (!dayText && !monthText && !yearText) return fail(q.dayOptional ? "month" : "day", "candidate.date.enter");
  if (!q.dayOptional && !dayText) return fail("day", "candidate.date.needDay");
  if (!monthText) return fail("month", "candidate.date.needMonth");
  if (!yearText) return fail("year", "candidate.date.needYear");
  if (dayText && !/^\d{1,2}$/.test(dayText)) return fail("day", "candidate.date.notReal");
  const month = monthOf(monthText);
  if (month === null) return fail("month", "candidate.date.notReal");
  if (!/^\d{4}$/.test(yearText)) return fail("year", "candidate.date.fourDigits");
  const year = Number(yearText);
  if (year < EARLIEST_YEAR) return fail("year", "candidate.date.tooEarly", { year: EARLIEST_YEAR });

  let date: Temporal.PlainDate;
  if (dayText) {
    try {
      date = Temporal.PlainDate.from({ year, month, day: Number(dayText) }, { overflow: "reject" });
    } catch {
      return fail("day", "candidate.date.notReal");
    }
  } else {
    const lastDay = Temporal.PlainYearMonth.from({ year, month }).toPlainDate({ day: 31 }); // constrained to the month's end
    const firstDay = lastDay.with({ day: 1 });
    if (Temporal.PlainDate.compare(firstDay, today) > 0) return fail("month", "candidate.date.future");
    date = Temporal.PlainDate.compare(lastDay, today) > 0 ? today : lastDay;
  }
  const cmp = Temporal.PlainDate.compare(date, today);
  if (q.beforeToday && cmp >= 0) return fail(dayText ? "day" : "month", "candidate.date.notPast");
  if (cmp > 0) return fail(dayText ? "day" : "month", "candidate.date.future");
  return { ok: true, date, dayGiven: dayText !== "" };
}

/** A date problem in words: the messages name the date ("Your date of birth must…"). */
function dateProblemText(q: DateQuestion, problem: Problem, t: Translate): string {
  const noun = t(q.noun);
  return t(problem.key, { ...problem.params, noun, Noun: capitalise(noun) });
}

// ---- checking one step --------------------------------------------------------------

/** The problems with one step's answers, in the page's language; empty when it is complete. */
export function validateStep(step: Step, a: Answers, today: Temporal.PlainDate, t: Translate): Errors {
  const q = step.question;
  if (q.kind === "date") {
    const read = readDate(q.date, a, today);
    return read.ok ? {} : { [`${q.date.name}-${read.part}`]: dateProblemText(q.date, read.problem, t) };
  }
  const values = valuesOf(a, q.name);
  if (values.some((v) => !q.choices.some((c) => c.value === v))) return { [q.name]: t("candidate.invalid.unknownChoice") };
  if (values.length === 0) return { [q.name]: t(q.required) };
  if (q.kind === "radios") {
    if (values.length > 1) return { [q.name]: t("candidate.invalid.oneAnswer") };
    const followUp = q.choices.find((c) => c.value === values[0])?.followUp;
    if (followUp) {
      const read = readDate(followUp.date, a, today);
      if (!read.ok) return { [`${followUp.date.name}-${read.part}`]: dateProblemText(followUp.date, read.problem, t) };
    }
    return {};
  }
  const exclusive = q.choices.find((c) => c.exclusive && values.includes(c.value));
  if (exclusive && values.length > 1) return { [q.name]: t("candidate.invalid.notBoth", { label: t(exclusive.label) }) };
  return {};
}

/** The first step these answers call for that is not complete, with its problems. */
export function firstIncomplete(a: Answers, today: Temporal.PlainDate, t: Translate): { step: Step; errors: Errors } | null {
  for (const step of stepsFor(a)) {
    const errors = validateStep(step, a, today, t);
    if (Object.keys(errors).length > 0) return { step, errors };
  }
  return null;
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

// ---- from answers to an Intake ------------------------------------------------------------

const isCondition = (v: string): v is Condition => (CONDITIONS as readonly string[]).includes(v);

function dateOf(q: DateQuestion, a: Answers, today: Temporal.PlainDate): string {
  const read = readDate(q, a, today);
  if (!read.ok) throw new Error(`The self-check answer for ${q.name} is incomplete`);
  return read.date.toString();
}

const followUpDate = (stepId: string, value: string): DateQuestion => {
  const q = findStep(stepId)!.question;
  if (q.kind === "date") throw new Error(`${stepId} has no follow-up`);
  return q.choices.find((c) => c.value === value)!.followUp!.date;
};

/**
 * The contract's Intake for a complete set of answers (firstIncomplete is
 * null). `asOf` is left out, so the screening is as of today in the clinic's
 * zone. Skin findings and treatments were asked about "where you'd like
 * treatment", so they carry the treatment areas.
 */
export function toIntake(a: Answers, today: Temporal.PlainDate): Intake {
  const treatmentAreas = AREAS.filter((area) => has(a, "areas", area));
  const conditions = [
    ...valuesOf(a, "pregnancy"),
    ...valuesOf(a, "health"),
    ...valuesOf(a, "history"),
    ...(first(a, "diabetes") === "controlled"
      ? ["diabetes-controlled"]
      : first(a, "diabetes") === "uncontrolled"
        ? ["diabetes-uncontrolled"]
        : []),
  ].filter(isCondition);
  const skinConditions = SKIN_CONDITIONS.filter((type) => has(a, "skin", type)).map((type) => ({ type, areas: treatmentAreas }));
  const recentProcedures = tickedProcedures(a).map((type) => {
    const q = findStep(`procedure-${type}`)!.question;
    if (q.kind !== "date") throw new Error("A procedure step asks for a date");
    return { type, date: dateOf(q.date, a, today), areas: treatmentAreas };
  });
  const isotretinoin = first(a, "isotretinoin");
  const skinType = Number(first(a, "skin-type"));
  return {
    birthDate: dateOf(birthQuestion(), a, today),
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
      ...(first(a, "retinoid") === "yes" ? { topicalRetinoidLastUsed: dateOf(followUpDate("retinoid", "yes"), a, today) } : {}),
    },
    recentProcedures,
    expectsCompleteRemoval: first(a, "expectations") === "complete",
  };
}

function birthQuestion(): DateQuestion {
  const q = findStep("birth")!.question;
  if (q.kind !== "date") throw new Error("The birth step asks for a date");
  return q.date;
}

/**
 * The step that asked for a field of the Intake, for when the screening
 * schema refuses something the steps accepted: the person is sent back there.
 */
export function stepForIntakeField(field: string, a: Answers): Step {
  const steps = stepsFor(a);
  const byId = (id: string) => steps.find((s) => s.id === id);
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

/** The key of a step's first input, for an error that belongs to the step as a whole. */
export function firstFieldKey(step: Step): string {
  const q = step.question;
  return q.kind === "date" ? `${q.date.name}-${q.date.dayOptional ? "month" : "day"}` : q.name;
}

// ---- showing answers back ------------------------------------------------------------------

function describeDate(q: DateQuestion, a: Answers, today: Temporal.PlainDate, t: Translate, locale: Locale): string {
  const read = readDate(q, a, today);
  if (!read.ok) return t("candidate.answers.notAnswered");
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
  const chosen = q.choices.filter((c) => has(a, q.name, c.value));
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
