// The self-check's questions as typed data, in the order they are asked
// (docs/self-check.md): the steps, the fields each step's form sends, and the
// reading of a submitted step. Words are message keys (self-check-model.ts).
import { DATE_PARTS, datePartName, readFields, type FormLike } from "./answer-reader.ts";
import type { Answers, Choice, Step } from "./self-check-model.ts";
import { procedureDateStep, proceduresFrom } from "./self-check-procedures.ts";
import type { Area, Condition } from "./types.ts";

const NONE = { value: "none", label: "candidate.q.none", exclusive: true } as const satisfies Choice;

const AREA_CHOICES = [
  { value: "face", label: "candidate.q.areas.face" },
  { value: "neck", label: "candidate.q.areas.neck" },
  { value: "chest", label: "candidate.q.areas.chest" },
  { value: "hands", label: "candidate.q.areas.hands" },
  { value: "scalp", label: "candidate.q.areas.scalp" },
  { value: "body", label: "candidate.q.areas.body", hint: "candidate.q.areas.bodyHint" },
] as const satisfies readonly (Choice & { value: Area })[];

// NoInfer: a choice without a hint must not take its hint's type from the table's `string`.
const conditionChoice = <const L extends string, const H extends string = never>(
  value: Condition,
  label: L,
  hint?: H,
): Choice<L | NoInfer<H>> => ({ value, label, ...(hint ? { hint } : {}) });

const FITZPATRICK_CHOICES = [
  { value: "1", label: "candidate.q.sun.1" },
  { value: "2", label: "candidate.q.sun.2" },
  { value: "3", label: "candidate.q.sun.3" },
  { value: "4", label: "candidate.q.sun.4" },
  { value: "5", label: "candidate.q.sun.5", hint: "candidate.q.sun.5hint" },
  { value: "6", label: "candidate.q.sun.6", hint: "candidate.q.sun.6hint" },
  { value: "unsure", label: "candidate.q.sun.unsure" },
] as const satisfies readonly Choice[];

export const STEPS = [
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
    // Says how far back it looks: RECENT_TREATMENT_LOOKBACK_MONTHS, the message's {months}.
    legend: "candidate.q.procedures.legend",
    hint: "candidate.q.tickAll",
    question: {
      kind: "checkboxes",
      name: "procedures",
      choices: [...proceduresFrom("procedures").map((p) => ({ value: p.value, ...p.choice })), NONE],
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
        ...proceduresFrom("history").map((p) => ({ value: p.value, label: p.choice.label })),
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
] as const satisfies readonly Step[];

/** The steps these answers call for, in order. */
export function stepsFor(a: Answers): SelfCheckStep[] {
  return STEPS.filter((s: Step) => !s.applies || s.applies(a));
}

export function findStep(id: string): SelfCheckStep | undefined {
  return STEPS.find((s: Step) => s.id === id);
}

/** A step of the table, with its message keys as written (the web layer checks them). */
export type SelfCheckStep = (typeof STEPS)[number];

// ---- reading answers -------------------------------------------------------------

const datePartNames = (name: string) => DATE_PARTS.map((part) => datePartName(name, part));

/** Every field a step's form sends. */
export function fieldNames(step: Step): string[] {
  const q = step.question;
  if (q.kind === "date") return datePartNames(q.date.name);
  return [q.name, ...q.choices.flatMap((c) => (c.followUp ? datePartNames(c.followUp.date.name) : []))];
}

const ALL_FIELDS: ReadonlySet<string> = new Set(STEPS.flatMap((s: Step) => fieldNames(s)));

/** Longer than any real answer: a limit, so a tampered form cannot make the pages carry megabytes. */
const LIMITS = { maxChars: 40, maxValues: 20 };

/** The answers in a submitted form: known fields only, trimmed, empty values dropped. */
export function readAnswers(form: FormLike): Answers {
  return readFields(form, ALL_FIELDS, LIMITS);
}
