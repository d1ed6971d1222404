// The public self-check "Am I a candidate?" (docs/self-check.md): its questions
// as typed data, the check of each answer, the order of the screens, and the
// conversion of a complete set of answers into the screening contract's Intake.
//
// Answers travel as raw strings, exactly as typed, in hidden fields of every
// step's form; nothing here stores or logs them. Error messages never repeat
// what was typed.
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
import { MONTH_NAMES, monthNumber } from "../../src/screening/dates.ts";

/** Field name → the values sent for it (a checkbox group sends several). */
export type Answers = Readonly<Record<string, readonly string[]>>;

/** Key: the suffix of the id of the input to fix (`field-${key}`); value: what to do. */
export type Errors = Record<string, string>;

/** Earlier than this year is a typing mistake, for a birth date or anything else. */
const EARLIEST_YEAR = 1900;

/** How far back the question about other treatments looks; every default waiting period fits well inside it. */
export const PROCEDURE_LOOKBACK = "In the last 3 months";

export interface DateQuestion {
  /** The inputs are named `${name}-day`, `${name}-month` and `${name}-year`. */
  name: string;
  /** How messages name the date, lower case: "your date of birth". */
  noun: string;
  hint?: string;
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
  label: string;
  hint?: string;
  /** "None of these": cannot be ticked together with anything else. */
  exclusive?: boolean;
  /** Asked when this choice is picked; without JavaScript it is always shown, under the choice. */
  followUp?: { legend: string; date: DateQuestion; /** Names the date in the list of answers: "last dose". */ short: string };
}

export type Question =
  | { kind: "checkboxes"; name: string; choices: readonly Choice[]; required: string }
  | { kind: "radios"; name: string; choices: readonly Choice[]; required: string }
  | { kind: "date"; date: DateQuestion };

export interface Step {
  id: string;
  /** A short name for the page title and the list of answers. Never an answer, not even by implication. */
  topic: string;
  /** How the list of answers on the results page names the step, when the topic is too vague there. */
  answerLabel?: string;
  /** The question itself: the page heading. */
  legend: string;
  hint?: string;
  question: Question;
  /** Absent: always asked. */
  applies?: (answers: Answers) => boolean;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const NONE: Choice = { value: "none", label: "None of these", exclusive: true };

// ---- the questions, in the order they are asked --------------------------------

const AREA_CHOICES: readonly (Choice & { value: Area })[] = [
  { value: "face", label: "Face" },
  { value: "neck", label: "Neck" },
  { value: "chest", label: "Chest" },
  { value: "hands", label: "Hands" },
  { value: "scalp", label: "Scalp" },
  { value: "body", label: "Another part of your body", hint: "For example your tummy, thighs or back, for stretch marks or scars." },
];

const PROCEDURE_QUESTIONS: readonly { value: Procedure; label: string; hint?: string; legend: string; noun: string }[] = [
  {
    value: "chemical-peel",
    label: "A chemical peel",
    legend: "When did you have your chemical peel?",
    noun: "the date of your chemical peel",
  },
  { value: "laser", label: "Laser treatment", legend: "When did you have your laser treatment?", noun: "the date of your laser treatment" },
  {
    value: "ipl",
    label: "IPL (intense pulsed light)",
    hint: "Sometimes called a photofacial.",
    legend: "When did you have your IPL treatment?",
    noun: "the date of your IPL treatment",
  },
  {
    value: "neurotoxin",
    label: "Anti-wrinkle injections",
    hint: "Such as Botox, Dysport or Xeomin.",
    legend: "When did you have your anti-wrinkle injections?",
    noun: "the date of your injections",
  },
  { value: "dermal-filler", label: "Dermal filler", legend: "When did you have your filler?", noun: "the date of your filler" },
  {
    value: "microneedling",
    label: "Microneedling",
    legend: "When did you last have microneedling?",
    noun: "the date of your last microneedling",
  },
];

const conditionChoice = (value: Condition, label: string, hint?: string): Choice => ({ value, label, ...(hint ? { hint } : {}) });

const FITZPATRICK_CHOICES: readonly Choice[] = [
  { value: "1", label: "I always burn and never tan" },
  { value: "2", label: "I usually burn, and tan only a little" },
  { value: "3", label: "I sometimes burn a little, then tan" },
  { value: "4", label: "I rarely burn and tan easily" },
  { value: "5", label: "I very rarely burn and tan very easily", hint: "Skin like this is usually naturally brown." },
  { value: "6", label: "I never burn", hint: "Skin like this is usually naturally dark brown or black." },
  { value: "unsure", label: "I'm not sure" },
];

const procedureDateStep = (p: (typeof PROCEDURE_QUESTIONS)[number]): Step => ({
  id: `procedure-${p.value}`,
  // The title must not tell anyone which treatment was ticked.
  topic: "Date of a recent treatment",
  answerLabel: capitalise(p.noun.replace(/^the /, "")),
  legend: p.legend,
  question: {
    kind: "date",
    date: {
      name: `procedure-${p.value}`,
      noun: p.noun,
      hint: "If you've had more than one, give the most recent. If you don't remember the day, leave it blank.",
      dayOptional: true,
      beforeToday: false,
      autoComplete: "off",
    },
  },
  applies: (a) => has(a, "procedures", p.value),
});

export const STEPS: readonly Step[] = [
  {
    id: "areas",
    topic: "Areas to treat",
    legend: "Which areas would you like treated?",
    hint: "Tick all that apply.",
    question: { kind: "checkboxes", name: "areas", choices: AREA_CHOICES, required: "Choose at least one area you'd like treated." },
  },
  {
    id: "birth",
    topic: "Date of birth",
    legend: "What is your date of birth?",
    question: {
      kind: "date",
      date: {
        name: "birth",
        noun: "your date of birth",
        hint: "For example, 27 3 1990. We ask because we talk with anyone under 18 before treatment.",
        dayOptional: false,
        beforeToday: true,
        autoComplete: "bday",
      },
    },
  },
  {
    id: "pregnancy",
    topic: "Pregnancy and breastfeeding",
    legend: "Are you pregnant or breastfeeding?",
    question: {
      kind: "checkboxes",
      name: "pregnancy",
      choices: [
        conditionChoice("pregnant", "I'm pregnant, or might be"),
        conditionChoice("breastfeeding", "I'm breastfeeding"),
        { value: "none", label: "No, neither", exclusive: true },
      ],
      required: "Tick the ones that apply, or “No, neither”.",
    },
  },
  {
    id: "skin",
    topic: "Your skin right now",
    legend: "Right now, do you have any of these where you'd like treatment?",
    hint: "Tick all that apply.",
    question: {
      kind: "checkboxes",
      name: "skin",
      choices: [
        { value: "infection", label: "A skin infection", hint: "Such as impetigo, a fungal rash or warts." },
        { value: "acne-breakout", label: "An acne breakout" },
        { value: "cold-sore", label: "A cold sore" },
        { value: "open-wound", label: "A cut, graze, open wound or sore" },
        { value: "eczema-flare", label: "Eczema that is flaring up" },
        { value: "psoriasis-flare", label: "Psoriasis that is flaring up" },
        { value: "rosacea-flare", label: "Rosacea that is flaring up" },
        { value: "sunburn", label: "Sunburn" },
        { value: "irritation", label: "Irritated skin", hint: "For example red, peeling or stinging." },
        { value: "suspicious-lesion", label: "A mole or spot that has changed, bled or looks unusual" },
        NONE,
      ],
      required: "Tick the ones that apply, or “None of these”.",
    },
  },
  {
    id: "procedures",
    topic: "Recent treatments",
    legend: `${PROCEDURE_LOOKBACK}, have you had any of these where you'd like microneedling?`,
    hint: "Tick all that apply.",
    question: {
      kind: "checkboxes",
      name: "procedures",
      choices: [...PROCEDURE_QUESTIONS.map(({ value, label, hint }) => ({ value, label, ...(hint ? { hint } : {}) })), NONE],
      required: "Tick the ones that apply, or “None of these”.",
    },
  },
  ...PROCEDURE_QUESTIONS.map(procedureDateStep),
  {
    id: "isotretinoin",
    topic: "Isotretinoin",
    legend: "Have you ever taken isotretinoin?",
    hint: "Isotretinoin is a tablet for severe acne. Brand names include Accutane, Epuris and Clarus.",
    question: {
      kind: "radios",
      name: "isotretinoin",
      choices: [
        { value: "never", label: "No, never" },
        { value: "current", label: "Yes, I'm taking it now" },
        {
          value: "stopped",
          label: "Yes, but I've stopped",
          followUp: {
            legend: "If you've stopped: when did you take your last dose?",
            short: "last dose",
            date: {
              name: "isotretinoin-stopped",
              noun: "the date of your last dose",
              hint: "If you don't remember the day, leave it blank. If you're unsure of the month, give the latest it could have been.",
              dayOptional: true,
              beforeToday: false,
              autoComplete: "off",
            },
          },
        },
      ],
      required: "Choose whether you have taken isotretinoin.",
    },
  },
  {
    id: "retinoid",
    topic: "Retinoid creams",
    legend: "Do you use a retinoid cream, gel or serum on your skin?",
    hint: "Such as retinol, tretinoin (Retin-A, Stieva-A), adapalene (Differin) or tazarotene.",
    question: {
      kind: "radios",
      name: "retinoid",
      choices: [
        { value: "no", label: "No" },
        {
          value: "yes",
          label: "Yes",
          followUp: {
            legend: "If you do: when did you last use it?",
            short: "last used",
            date: {
              name: "retinoid-last",
              noun: "the date you last used it",
              hint: "If you use it every day, enter today's date.",
              dayOptional: true,
              beforeToday: false,
              autoComplete: "off",
            },
          },
        },
      ],
      required: "Choose whether you use a retinoid cream, gel or serum.",
    },
  },
  {
    id: "medicines",
    topic: "Other medicines",
    legend: "Do you take any of these medicines?",
    hint: "Include anything prescribed for you, even if you take it only now and then. Please keep taking your medicines as prescribed.",
    question: {
      kind: "checkboxes",
      name: "medicines",
      choices: [
        {
          value: "anticoagulant",
          label: "A blood thinner",
          hint: "Such as warfarin, apixaban (Eliquis), rivaroxaban (Xarelto), clopidogrel (Plavix), or a daily aspirin your doctor asked you to take.",
        },
        {
          value: "immunosuppressant",
          label: "A medicine that lowers your immune defences",
          hint: "Such as medicine after an organ transplant, for rheumatoid arthritis or Crohn's disease, or steroid tablets taken every day.",
        },
        NONE,
      ],
      required: "Tick the ones that apply, or “None of these”.",
    },
  },
  {
    id: "health",
    topic: "Health conditions",
    legend: "Do you have any of these conditions?",
    hint: "Tick all that apply.",
    question: {
      kind: "checkboxes",
      name: "health",
      choices: [
        conditionChoice("bleeding-disorder", "A bleeding or clotting disorder", "Such as haemophilia or von Willebrand disease."),
        conditionChoice("autoimmune-lupus", "Lupus"),
        conditionChoice("autoimmune-scleroderma", "Scleroderma"),
        conditionChoice("autoimmune-other", "Another autoimmune condition", "Such as rheumatoid arthritis."),
        conditionChoice("immunosuppression", "A condition that weakens your immune system", "Because of an illness or its treatment."),
        conditionChoice("cancer-treatment-last-12-months", "Cancer treatment in the last 12 months", "Chemotherapy or radiation therapy."),
        NONE,
      ],
      required: "Tick the ones that apply, or “None of these”.",
    },
  },
  {
    id: "diabetes",
    topic: "Diabetes",
    legend: "Do you have diabetes?",
    question: {
      kind: "radios",
      name: "diabetes",
      choices: [
        { value: "no", label: "No" },
        { value: "controlled", label: "Yes, and my blood sugar is well controlled" },
        { value: "uncontrolled", label: "Yes, and my blood sugar isn't well controlled, or I'm not sure" },
      ],
      required: "Choose whether you have diabetes.",
    },
  },
  {
    id: "history",
    topic: "Scars, cold sores and allergies",
    legend: "Do any of these apply to you?",
    hint: "Tick all that apply.",
    question: {
      kind: "checkboxes",
      name: "history",
      choices: [
        conditionChoice(
          "keloid-history",
          "My skin has formed keloids",
          "Raised, thick scars that grow bigger than the cut or spot they came from.",
        ),
        conditionChoice("hsv-history", "I get cold sores from time to time"),
        conditionChoice("metal-allergy", "I'm allergic to metal", "Such as nickel, or stainless steel jewellery."),
        conditionChoice("anaesthetic-allergy", "I'm allergic to numbing creams or local anaesthetics", "Such as lidocaine."),
        NONE,
      ],
      required: "Tick the ones that apply, or “None of these”.",
    },
  },
  {
    id: "skin-type",
    topic: "How your skin reacts to sun",
    legend: "How does your skin usually react to strong sun, without sunscreen?",
    hint: "This helps us choose settings that suit your skin.",
    question: {
      kind: "radios",
      name: "skin-type",
      choices: FITZPATRICK_CHOICES,
      required: "Choose how your skin reacts to the sun, or “I'm not sure”.",
    },
  },
  {
    id: "expectations",
    topic: "What you're hoping for",
    legend: "What are you hoping microneedling will do for you?",
    question: {
      kind: "radios",
      name: "expectations",
      choices: [
        { value: "gradual", label: "Gradually improve how my skin looks and feels" },
        { value: "complete", label: "Make deep wrinkles or severe scars disappear completely" },
        { value: "unsure", label: "I'm not sure yet" },
      ],
      required: "Choose what you're hoping for.",
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

export type DateRead =
  { ok: true; date: Temporal.PlainDate; dayGiven: boolean } | { ok: false; part: "day" | "month" | "year"; message: string };

export function readDate(q: DateQuestion, a: Answers, today: Temporal.PlainDate): DateRead {
  const [dayText, monthText, yearText] = datePartNames(q.name).map((n) => first(a, n)) as [string, string, string];
  const Noun = capitalise(q.noun);
  const fail = (part: "day" | "month" | "year", message: string): DateRead => ({ ok: false, part, message });
  if (!dayText && !monthText && !yearText) return fail(q.dayOptional ? "month" : "day", `Enter ${q.noun}.`);
  if (!q.dayOptional && !dayText) return fail("day", `${Noun} must include a day.`);
  if (!monthText) return fail("month", `${Noun} must include a month.`);
  if (!yearText) return fail("year", `${Noun} must include a year.`);
  if (dayText && !/^\d{1,2}$/.test(dayText)) return fail("day", `${Noun} must be a real date.`);
  const month = monthNumber(monthText);
  if (month === null) return fail("month", `${Noun} must be a real date.`);
  if (!/^\d{4}$/.test(yearText)) return fail("year", "Write the year with 4 numbers, for example 1990.");
  const year = Number(yearText);
  if (year < EARLIEST_YEAR) return fail("year", `${Noun} must be after ${EARLIEST_YEAR}.`);

  let date: Temporal.PlainDate;
  if (dayText) {
    try {
      date = Temporal.PlainDate.from({ year, month, day: Number(dayText) }, { overflow: "reject" });
    } catch {
      return fail("day", `${Noun} must be a real date.`);
    }
  } else {
    const lastDay = Temporal.PlainYearMonth.from({ year, month }).toPlainDate({ day: 31 }); // constrained to the month's end
    const firstDay = lastDay.with({ day: 1 });
    if (Temporal.PlainDate.compare(firstDay, today) > 0) return fail("month", `${Noun} can't be in the future.`);
    date = Temporal.PlainDate.compare(lastDay, today) > 0 ? today : lastDay;
  }
  const cmp = Temporal.PlainDate.compare(date, today);
  if (q.beforeToday && cmp >= 0) return fail(dayText ? "day" : "month", `${Noun} must be in the past.`);
  if (cmp > 0) return fail(dayText ? "day" : "month", `${Noun} can't be in the future.`);
  return { ok: true, date, dayGiven: dayText !== "" };
}

// ---- checking one step --------------------------------------------------------------

/** The problems with one step's answers; empty when it is complete. */
export function validateStep(step: Step, a: Answers, today: Temporal.PlainDate): Errors {
  const q = step.question;
  if (q.kind === "date") {
    const read = readDate(q.date, a, today);
    return read.ok ? {} : { [`${q.date.name}-${read.part}`]: read.message };
  }
  const values = valuesOf(a, q.name);
  if (values.some((v) => !q.choices.some((c) => c.value === v))) return { [q.name]: "Choose from the answers shown." };
  if (values.length === 0) return { [q.name]: q.required };
  if (q.kind === "radios") {
    if (values.length > 1) return { [q.name]: "Choose one answer." };
    const followUp = q.choices.find((c) => c.value === values[0])?.followUp;
    if (followUp) {
      const read = readDate(followUp.date, a, today);
      if (!read.ok) return { [`${followUp.date.name}-${read.part}`]: read.message };
    }
    return {};
  }
  const exclusive = q.choices.find((c) => c.exclusive && values.includes(c.value));
  if (exclusive && values.length > 1) return { [q.name]: `Tick the ones that apply, or “${exclusive.label}”, not both.` };
  return {};
}

/** The first step these answers call for that is not complete, with its problems. */
export function firstIncomplete(a: Answers, today: Temporal.PlainDate): { step: Step; errors: Errors } | null {
  for (const step of stepsFor(a)) {
    const errors = validateStep(step, a, today);
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
export function move(o: { answers: Answers; stepId: string | null; go: Go; review: boolean; today: Temporal.PlainDate }): Move {
  const { answers: a, go, today } = o;
  const steps = stepsFor(a);
  const current = steps.find((s) => s.id === o.stepId) ?? null;
  if (go.to === "change") {
    const step = steps.find((s) => s.id === go.stepId) ?? steps[0]!;
    return { kind: "step", step, errors: {}, review: go.review };
  }
  if (current === null) return { kind: "step", step: steps[0]!, errors: {}, review: false };
  const index = steps.indexOf(current);
  if (go.to === "back") return { kind: "step", step: steps[Math.max(0, index - 1)]!, errors: {}, review: o.review };
  const errors = validateStep(current, a, today);
  if (Object.keys(errors).length > 0) return { kind: "step", step: current, errors, review: o.review };
  if (o.review) {
    const pending = firstIncomplete(a, today);
    return pending ? { kind: "step", step: pending.step, errors: {}, review: true } : { kind: "done" };
  }
  const next = steps[index + 1];
  if (next) return { kind: "step", step: next, errors: {}, review: false };
  // The last step: anything left incomplete (a form altered by hand, say) is shown with its problem.
  const pending = firstIncomplete(a, today);
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
  const recentProcedures = PROCEDURES.filter((type) => has(a, "procedures", type)).map((type) => {
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
    const type = PROCEDURES.filter((p) => has(a, "procedures", p))[Number(procedure[1])];
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

const LOCALE = "en-CA";

function describeDate(q: DateQuestion, a: Answers, today: Temporal.PlainDate): string {
  const read = readDate(q, a, today);
  if (!read.ok) return "Not answered";
  return read.dayGiven
    ? read.date.toLocaleString(LOCALE, { month: "long", day: "numeric", year: "numeric" })
    : `${capitalise(MONTH_NAMES[read.date.month - 1]!)} ${read.date.year}`;
}

/** A step's answer in words, for the list on the results page. */
export function describeAnswer(step: Step, a: Answers, today: Temporal.PlainDate): string {
  const q = step.question;
  if (q.kind === "date") return describeDate(q.date, a, today);
  const chosen = q.choices.filter((c) => has(a, q.name, c.value));
  if (chosen.length === 0) return "Not answered";
  return chosen
    .map((c) => (c.followUp ? `${c.label} (${c.followUp.short}: ${describeDate(c.followUp.date, a, today)})` : c.label))
    .join("; ");
}
