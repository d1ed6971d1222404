// The intake questionnaire as a FHIR R4 Questionnaire, and the translation
// between its three forms: what a browser posts (form values, carried from
// step to step in hidden fields), the FHIR QuestionnaireResponse that is
// stored as the client's own words, and the screening contract's Intake that
// the engine reads (docs/intake.md).
//
// The questionnaire is versioned: any change to a question, an answer or the
// meaning of one needs a new `version`, because stored responses keep the
// canonical `url|version` they answered and are read against it.
//
// Nothing here stores, logs or repeats an answer: error messages name the
// question, never what was typed.
import { Temporal } from "temporal-polyfill";
import { scoreFitzpatrick } from "./engine.ts";
import {
  AREAS,
  CONDITIONS,
  FITZPATRICK_ANSWER_COUNT,
  FITZPATRICK_ANSWER_MAX,
  PROCEDURES,
  SKIN_CONDITIONS,
  type Area,
  type Condition,
  type Intake,
  type IsotretinoinUse,
  type NormalizedIntake,
  type PlainDate,
  type Procedure,
  type SkinCondition,
} from "./types.ts";
import { monthNumber } from "./dates.ts";

export const QUESTIONNAIRE_URL = "https://dermaplan.app/Questionnaire/microneedling-intake";
export const QUESTIONNAIRE_VERSION = "2";
/** What a response names as its questionnaire, and what the screening row records. */
export const QUESTIONNAIRE_CANONICAL = `${QUESTIONNAIRE_URL}|${QUESTIONNAIRE_VERSION}`;
/** The code system of every answer code in this questionnaire. */
export const CODE_SYSTEM = "https://dermaplan.app/CodeSystem/microneedling-intake";

/** How far back the question about other treatments looks: longer than any default waiting period, with room for clinic overrides. */
export const PROCEDURE_LOOKBACK_MONTHS = 6;
/** Rows shown for recent treatments before "Add another treatment" is pressed. */
export const PROCEDURE_ROWS_SHOWN = 3;
/** The most rows: one per kind of treatment the rules know. */
export const PROCEDURE_ROWS_MAX = PROCEDURES.length;

/** Limits on free text, so a tampered form cannot carry megabytes from page to page. */
export const TEXT_LIMITS = {
  "medications-list": 2000,
  "health-other": 1000,
  "concerns-other": 500,
  goals: 1000,
} as const;

/** Earlier than this year is a typing mistake. */
export const EARLIEST_YEAR = 1900;

// ---- FHIR R4 shapes (the parts this questionnaire uses) ------------------------------

export interface Extension {
  url: string;
  valueBoolean?: boolean;
  valueDecimal?: number;
  valueCodeableConcept?: { coding: Coding[] };
}

export interface Coding {
  system?: string;
  code: string;
  display?: string;
  extension?: Extension[];
}

export type ItemType = "group" | "display" | "boolean" | "integer" | "date" | "string" | "text" | "choice";

export interface EnableWhen {
  question: string;
  operator: "=";
  answerCoding?: Coding;
  answerBoolean?: boolean;
}

export interface AnswerOption {
  valueCoding: Coding;
  extension?: Extension[];
}

export interface QuestionnaireItem {
  linkId: string;
  prefix?: string;
  text?: string;
  type: ItemType;
  required?: boolean;
  repeats?: boolean;
  readOnly?: boolean;
  maxLength?: number;
  answerOption?: AnswerOption[];
  enableWhen?: EnableWhen[];
  enableBehavior?: "all" | "any";
  extension?: Extension[];
  item?: QuestionnaireItem[];
}

export interface Questionnaire {
  resourceType: "Questionnaire";
  id: string;
  url: string;
  version: string;
  name: string;
  title: string;
  status: "draft" | "active" | "retired";
  subjectType: string[];
  date: string;
  publisher: string;
  description: string;
  item: QuestionnaireItem[];
}

export type Answer =
  { valueCoding: Coding } | { valueBoolean: boolean } | { valueDate: string } | { valueString: string } | { valueInteger: number };

export interface ResponseItem {
  linkId: string;
  text?: string;
  answer?: Answer[];
  item?: ResponseItem[];
}

export interface QuestionnaireResponse {
  resourceType: "QuestionnaireResponse";
  questionnaire: string;
  status: "in-progress" | "completed";
  authored?: string;
  subject?: { reference: string };
  author?: { reference: string };
  item: ResponseItem[];
}

// ---- building the questionnaire ------------------------------------------------------------

const ITEM_CONTROL = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl";
const OPTION_EXCLUSIVE = "http://hl7.org/fhir/StructureDefinition/questionnaire-optionExclusive";
const ORDINAL_VALUE = "http://hl7.org/fhir/StructureDefinition/ordinalValue";

function itemControl(code: "help" | "drop-down" | "check-box" | "radio-button"): Extension {
  return {
    url: ITEM_CONTROL,
    valueCodeableConcept: { coding: [{ system: "http://hl7.org/fhir/questionnaire-item-control", code }] },
  };
}

const coding = (code: string, display: string): Coding => ({ system: CODE_SYSTEM, code, display });

type Option = readonly [code: string, display: string];

function options(list: readonly Option[], exclusive: readonly string[] = []): AnswerOption[] {
  return list.map(([code, display]) => ({
    valueCoding: coding(code, display),
    ...(exclusive.includes(code) ? { extension: [{ url: OPTION_EXCLUSIVE, valueBoolean: true }] } : {}),
  }));
}

/** A hint under a question: a display item with the SDC "help" control. */
function help(linkId: string, text: string): QuestionnaireItem {
  return { linkId: `${linkId}-help`, type: "display", text, extension: [itemControl("help")] };
}

interface Extra {
  required?: boolean;
  repeats?: boolean;
  hint?: string;
  enableWhen?: EnableWhen[];
  enableBehavior?: "any" | "all";
  extension?: Extension[];
  maxLength?: number;
}

function question(linkId: string, type: ItemType, text: string, extra: Extra & { answerOption?: AnswerOption[] } = {}): QuestionnaireItem {
  const { hint, ...rest } = extra;
  return {
    linkId,
    text,
    type,
    ...rest,
    ...(hint ? { item: [help(linkId, hint)] } : {}),
  };
}

const whenCode = (question: string, code: string): EnableWhen => ({ question, operator: "=", answerCoding: { system: CODE_SYSTEM, code } });
const whenTrue = (question: string): EnableWhen => ({ question, operator: "=", answerBoolean: true });

export const NONE = "none";

const AREA_OPTIONS: readonly (readonly [Area, string])[] = [
  ["face", "Face"],
  ["neck", "Neck"],
  ["chest", "Chest"],
  ["hands", "Hands"],
  ["scalp", "Scalp"],
  ["body", "Another part of your body, such as your tummy, thighs or back"],
];

/** How the questions name each area, lower case: "on your face". */
const AREA_NOUNS: Record<Area, string> = {
  face: "your face",
  neck: "your neck",
  chest: "your chest",
  hands: "your hands",
  scalp: "your scalp",
  body: "your body",
};

const CONCERNS: Record<string, string> = {
  "acne-scars": "Acne scars",
  "fine-lines": "Fine lines and wrinkles",
  texture: "Rough or uneven texture",
  pores: "Large-looking pores",
  pigmentation: "Dark spots or uneven tone",
  scars: "Scars from surgery or an injury",
  laxity: "Skin that has lost its firmness",
  "stretch-marks": "Stretch marks",
  "hair-thinning": "Thinning hair",
  other: "Something else",
};

/** What people usually hope to improve, area by area; "other" always last. */
const CONCERNS_BY_AREA: Record<Area, readonly string[]> = {
  face: ["acne-scars", "fine-lines", "texture", "pores", "pigmentation", "scars", "laxity", "other"],
  neck: ["fine-lines", "laxity", "texture", "pigmentation", "scars", "other"],
  chest: ["fine-lines", "pigmentation", "texture", "scars", "other"],
  hands: ["fine-lines", "pigmentation", "texture", "other"],
  scalp: ["hair-thinning", "other"],
  body: ["stretch-marks", "acne-scars", "scars", "texture", "other"],
};

export const concernsLinkId = (area: Area) => `concerns-${area}`;

/** The ten Fitzpatrick items, each answered 0..4 (docs/clinical/README.md, ref-41, ref-42). */
const FITZPATRICK_ITEMS: readonly { text: string; answers: readonly [string, string, string, string, string] }[] = [
  {
    text: "What colour are your eyes?",
    answers: ["Light blue, light grey or light green", "Blue, grey or green", "Hazel or light brown", "Dark brown", "Brownish black"],
  },
  {
    text: "What is your natural hair colour?",
    answers: ["Red or sandy red", "Blond", "Chestnut or dark blond", "Dark brown", "Black"],
  },
  {
    text: "What colour is your skin where the sun doesn't reach it?",
    answers: ["Reddish", "Very pale", "Pale with a beige tint", "Light brown", "Dark brown"],
  },
  {
    text: "Do you have freckles on skin that is usually covered?",
    answers: ["Many", "Several", "A few", "Hardly any", "None"],
  },
  {
    text: "What happens to your skin when you stay in the sun too long?",
    answers: [
      "It goes red and painful, blisters and peels",
      "It blisters, then peels",
      "It burns, and sometimes peels",
      "It burns only rarely",
      "It never burns",
    ],
  },
  {
    text: "How much do you tan?",
    answers: ["Hardly or not at all", "A light tan", "A medium tan", "A deep tan, easily", "I go dark brown quickly"],
  },
  {
    text: "Does your skin turn brown within a few hours in the sun?",
    answers: ["Never", "Seldom", "Sometimes", "Often", "Always"],
  },
  {
    text: "How does the skin on your face react to the sun?",
    answers: ["Very sensitive", "Sensitive", "Normal", "Very resistant", "It never gives me trouble"],
  },
  {
    text: "When did you last spend time tanning — in the sun, on a sunbed, or with a self-tanning cream?",
    answers: ["More than 3 months ago", "2 to 3 months ago", "1 to 2 months ago", "Less than a month ago", "Less than 2 weeks ago"],
  },
  {
    text: "How often is your face in the sun?",
    answers: ["Never", "Hardly ever", "Sometimes", "Often", "Always"],
  },
];

export const fitzpatrickLinkId = (n: number) => `fitzpatrick-${n}`;
export const FITZPATRICK_LINK_IDS = FITZPATRICK_ITEMS.map((_, i) => fitzpatrickLinkId(i + 1));

const CONDITION_OPTIONS: readonly Option[] = [
  ["bleeding-disorder", "A bleeding or clotting disorder, such as haemophilia"],
  ["autoimmune-lupus", "Lupus"],
  ["autoimmune-scleroderma", "Scleroderma"],
  ["autoimmune-other", "Another autoimmune condition, such as rheumatoid arthritis"],
  ["immunosuppression", "An illness or treatment that weakens your immune system"],
  ["cancer-treatment-last-12-months", "Chemotherapy or radiation therapy in the last 12 months"],
  ["keloid-history", "Keloid scars: raised, thick scars that grow bigger than the cut or spot they came from"],
  ["hsv-history", "Cold sores, from time to time"],
  ["metal-allergy", "An allergy to metal, such as nickel or stainless steel"],
  ["anaesthetic-allergy", "An allergy to numbing creams or local anaesthetics, such as lidocaine"],
  // Version 2.
  ["hypertrophic-scars", "Raised, thick scars that stay within the cut or spot they came from (hypertrophic scars)"],
  ["vitiligo", "Vitiligo"],
  ["lichen-planus", "Lichen planus"],
  ["collagen-vascular-other", "Another connective tissue disease, such as dermatomyositis or mixed connective tissue disease"],
  [NONE, "None of these"],
];

const SKIN_NOW_OPTIONS: readonly Option[] = [
  ["infection", "A skin infection, such as impetigo, a fungal rash or warts"],
  ["acne-breakout", "An acne breakout"],
  ["cold-sore", "A cold sore"],
  ["open-wound", "A cut, graze, open wound or sore"],
  ["eczema-flare", "Eczema that is flaring up"],
  ["psoriasis-flare", "Psoriasis that is flaring up"],
  ["rosacea-flare", "Rosacea that is flaring up"],
  ["sunburn", "Sunburn"],
  ["irritation", "Irritated, raw or peeling skin"],
  ["suspicious-lesion", "A mole or spot that has changed, bleeds, or worries you"],
  // Version 2.
  ["solar-keratosis", "Rough, scaly sun spots (solar keratoses)"],
  ["raised-mole-or-wart", "A raised mole or a wart"],
  ["tan", "A tan, from the sun or a sunbed"],
  [NONE, "None of these"],
];

const PROCEDURE_OPTIONS: readonly (readonly [Procedure, string])[] = [
  ["chemical-peel", "Chemical peel"],
  ["laser", "Laser treatment"],
  ["ipl", "IPL (intense pulsed light), or a photofacial"],
  ["neurotoxin", "Anti-wrinkle injections, such as Botox, Dysport or Xeomin"],
  ["dermal-filler", "Dermal filler"],
  ["microneedling", "Microneedling"],
  // Version 2.
  ["radiation-therapy", "Radiation therapy (radiotherapy)"],
  ["facial-surgery", "Surgery"],
  ["trauma", "An injury, such as a deep cut, a burn or a broken bone"],
  ["waxing", "Waxing"],
  ["electrolysis", "Electrolysis"],
  ["depilatory", "Hair-removal cream"],
  ["permanent-filler", "Permanent filler, such as silicone"],
  ["threads", "Threads, or a thread lift"],
];

const YES_NO_HINT_BLOOD_THINNER =
  "Such as warfarin, apixaban (Eliquis), rivaroxaban (Xarelto), clopidogrel (Plavix), or a daily aspirin your doctor asked you to take.";

export const PRIVACY_NOTICE =
  "Your answers are health information, and we look after them that way. They are stored encrypted, and only the practitioners who care for you can read them; every time anyone opens them, it is recorded, and you can see that list in your account. We use your answers to decide whether microneedling is safe for you and to plan your treatment — never for advertising. You can see, download and ask us to correct them at any time.";

export const INTAKE_QUESTIONNAIRE: Questionnaire = {
  resourceType: "Questionnaire",
  id: "microneedling-intake",
  url: QUESTIONNAIRE_URL,
  version: QUESTIONNAIRE_VERSION,
  name: "MicroneedlingIntake",
  title: "Your health questions before microneedling",
  status: "active",
  subjectType: ["Patient"],
  date: "2026-12-10",
  publisher: "Dermaplan",
  description:
    "The intake a client answers in their account before a microneedling consultation: treatment areas and concerns, the ten-item Fitzpatrick skin-type questionnaire, medical history, medicines and supplements, recent treatments, expectations and the privacy notice.",
  item: [
    {
      linkId: "about",
      type: "group",
      text: "About you and your treatment",
      item: [
        question("birth-date", "date", "What is your date of birth?", {
          required: true,
          hint: "For example 27 3 1990. We ask because we talk with anyone under 18 before treatment.",
        }),
        question("areas", "choice", "Which areas would you like treated?", {
          required: true,
          repeats: true,
          hint: "Tick all that apply. Under each area, you can tell us what you'd like to improve.",
          answerOption: options(AREA_OPTIONS),
        }),
        ...AREAS.map((area) =>
          question(concernsLinkId(area), "choice", `What would you like to improve on ${AREA_NOUNS[area]}?`, {
            repeats: true,
            enableWhen: [whenCode("areas", area)],
            answerOption: options(CONCERNS_BY_AREA[area].map((c) => [c, CONCERNS[c]!] as const)),
          }),
        ),
        question("concerns-other", "text", "Tell us what else you'd like to improve", {
          required: true,
          maxLength: TEXT_LIMITS["concerns-other"],
          enableWhen: AREAS.map((area) => whenCode(concernsLinkId(area), "other")),
          enableBehavior: "any",
        }),
      ],
    },
    {
      linkId: "skin-type",
      type: "group",
      text: "Your skin and the sun",
      item: [
        {
          linkId: "skin-type-intro",
          type: "display",
          text: "These ten questions are a standard way to work out your skin type. It helps your practitioner choose the right settings for your skin. Choose the answer closest to you; there are no wrong answers.",
        },
        ...FITZPATRICK_ITEMS.map((f, i): QuestionnaireItem => ({
          linkId: fitzpatrickLinkId(i + 1),
          prefix: `${i + 1}.`,
          text: f.text,
          type: "choice",
          required: true,
          answerOption: f.answers.map((display, score) => ({
            valueCoding: { ...coding(String(score), display), extension: [{ url: ORDINAL_VALUE, valueDecimal: score }] },
          })),
        })),
        { linkId: "fitzpatrick-score", type: "integer", text: "Skin-type score (0 to 40)", readOnly: true },
        { linkId: "fitzpatrick-type", type: "integer", text: "Skin type (Fitzpatrick 1 to 6)", readOnly: true },
      ],
    },
    {
      linkId: "health",
      type: "group",
      text: "Your health",
      item: [
        question("pregnancy", "choice", "Are you pregnant or breastfeeding?", {
          required: true,
          repeats: true,
          answerOption: options(
            [
              ["pregnant", "I'm pregnant, or might be"],
              ["breastfeeding", "I'm breastfeeding"],
              [NONE, "No, neither"],
            ],
            [NONE],
          ),
        }),
        question("conditions", "choice", "Do you have, or have you had, any of these?", {
          required: true,
          repeats: true,
          hint: "Tick all that apply.",
          answerOption: options(CONDITION_OPTIONS, [NONE]),
        }),
        question("diabetes", "choice", "Do you have diabetes?", {
          required: true,
          answerOption: options([
            ["no", "No"],
            ["controlled", "Yes, and my blood sugar is well controlled"],
            ["uncontrolled", "Yes, and my blood sugar isn't well controlled, or I'm not sure"],
          ]),
        }),
        question("health-other", "text", "Is there anything else about your health we should know?", {
          maxLength: TEXT_LIMITS["health-other"],
          hint: "For example an operation, an allergy or a condition not listed above.",
        }),
        question("skin-now", "choice", "Right now, do you have any of these where you'd like treatment?", {
          required: true,
          repeats: true,
          hint: "Tick all that apply.",
          answerOption: options(SKIN_NOW_OPTIONS, [NONE]),
        }),
      ],
    },
    {
      linkId: "medications",
      type: "group",
      text: "Medicines and supplements",
      item: [
        question("medications-list", "text", "Please list every medicine and supplement you take", {
          required: true,
          maxLength: TEXT_LIMITS["medications-list"],
          hint: "Include prescriptions, medicines from the pharmacy, creams, vitamins, herbal remedies and supplements, with the dose if you know it. If you take none, write “none”.",
        }),
        question("isotretinoin", "choice", "Have you ever taken isotretinoin tablets for acne?", {
          required: true,
          hint: "Sold as Accutane, Clarus or Epuris.",
          answerOption: options([
            ["never", "No, never"],
            ["current", "Yes, I take it now"],
            ["stopped", "Yes, but I've stopped"],
          ]),
        }),
        question("isotretinoin-stopped", "date", "When did you take your last dose?", {
          required: true,
          enableWhen: [whenCode("isotretinoin", "stopped")],
          hint: "If you don't remember the day, leave it blank.",
        }),
        question("blood-thinner", "boolean", "Do you take a blood thinner?", { required: true, hint: YES_NO_HINT_BLOOD_THINNER }),
        question("otc-blood-thinner", "boolean", "Do you regularly take a pain reliever or a supplement that can thin the blood?", {
          required: true,
          hint: "Such as ibuprofen (Advil, Motrin) or naproxen (Aleve) most days, fish oil, vitamin E, ginkgo or garlic supplements.",
        }),
        question("immunosuppressant", "boolean", "Do you take a medicine that lowers your immune defences?", {
          required: true,
          hint: "Such as medicine after an organ transplant, for rheumatoid arthritis or Crohn's disease, or steroid tablets taken every day.",
        }),
        question("retinoid", "boolean", "Do you use a retinoid cream, gel or serum on your skin?", {
          required: true,
          hint: "Such as retinol, tretinoin (Retin-A, Stieva-A), adapalene (Differin) or tazarotene.",
        }),
        question("retinoid-last-used", "date", "When did you last use it?", {
          required: true,
          enableWhen: [whenTrue("retinoid")],
          hint: "If you use it every day, enter today's date. If you don't remember the day, leave it blank.",
        }),
      ],
    },
    {
      linkId: "procedures",
      type: "group",
      text: "Recent treatments",
      item: [
        question(
          "procedures-any",
          "boolean",
          `In the last ${PROCEDURE_LOOKBACK_MONTHS} months, have you had a chemical peel, laser or IPL, anti-wrinkle injections, filler or microneedling?`,
          { required: true },
        ),
        question(
          "procedures-other",
          "boolean",
          `In the last ${PROCEDURE_LOOKBACK_MONTHS} months, have you had surgery or an injury, waxing, electrolysis or hair-removal cream where you'd like treatment?`,
          { required: true },
        ),
        question(
          "procedures-ever",
          "boolean",
          "Have you ever had radiation therapy, permanent filler or threads where you'd like treatment, however long ago?",
          { required: true },
        ),
        {
          linkId: "procedure",
          type: "group",
          text: "A treatment you've had",
          repeats: true,
          required: true,
          enableWhen: [whenTrue("procedures-any"), whenTrue("procedures-other"), whenTrue("procedures-ever")],
          enableBehavior: "any",
          item: [
            question("procedure-type", "choice", "Which treatment?", {
              required: true,
              extension: [itemControl("drop-down")],
              answerOption: options(PROCEDURE_OPTIONS),
            }),
            question("procedure-date", "date", "When did you have it?", {
              required: true,
              hint: "If you've had it more than once, give the most recent. If you don't remember the day, leave it blank.",
            }),
            question("procedure-areas", "choice", "Where was it done?", {
              repeats: true,
              hint: "Leave these blank if it was all over, or you're not sure.",
              answerOption: options(
                AREA_OPTIONS.map(([code, display]) => [code, code === "body" ? "Another part of your body" : display] as const),
              ),
            }),
          ],
        },
      ],
    },
    {
      linkId: "expectations",
      type: "group",
      text: "What you're hoping for",
      item: [
        question("expectation", "choice", "Which is closest to what you expect from microneedling?", {
          required: true,
          answerOption: options([
            ["gradual", "A gradual improvement in how my skin looks and feels"],
            ["complete", "Deep wrinkles or severe scars disappearing completely"],
            ["unsure", "I'm not sure yet"],
          ]),
        }),
        question("goals", "text", "In your own words, what would you like to achieve?", {
          maxLength: TEXT_LIMITS.goals,
          hint: "Your practitioner will talk it through with you at your consultation.",
        }),
      ],
    },
    {
      linkId: "privacy",
      type: "group",
      text: "Your privacy",
      item: [
        { linkId: "privacy-notice", type: "display", text: PRIVACY_NOTICE },
        question("privacy-acknowledged", "boolean", "I have read how my answers are kept and used", {
          required: true,
          extension: [itemControl("check-box")],
        }),
      ],
    },
  ],
};

// ---- looking things up --------------------------------------------------------------------

/** Every item by linkId (the procedure row's children included). */
const ITEMS = new Map<string, QuestionnaireItem>();
/** The top-level group each item sits in. */
const SECTION_OF = new Map<string, string>();
(function index(items: readonly QuestionnaireItem[], section: string | null) {
  for (const item of items) {
    ITEMS.set(item.linkId, item);
    SECTION_OF.set(item.linkId, section ?? item.linkId);
    if (item.item) index(item.item, section ?? item.linkId);
  }
})(INTAKE_QUESTIONNAIRE.item, null);

export function itemOf(linkId: string): QuestionnaireItem {
  const item = ITEMS.get(linkId);
  if (!item) throw new Error(`The intake questionnaire has no item ${linkId}`);
  return item;
}

/** The top-level groups, in order: one per section of the form. */
export const SECTIONS: readonly QuestionnaireItem[] = INTAKE_QUESTIONNAIRE.item;

export const isHelp = (item: QuestionnaireItem) =>
  item.type === "display" &&
  Boolean(item.extension?.some((e) => e.url === ITEM_CONTROL && e.valueCodeableConcept?.coding[0]?.code === "help"));

export const helpOf = (item: QuestionnaireItem): string | undefined => item.item?.find(isHelp)?.text;

export const controlOf = (item: QuestionnaireItem): string | undefined =>
  item.extension?.find((e) => e.url === ITEM_CONTROL)?.valueCodeableConcept?.coding[0]?.code;

export const isExclusive = (option: AnswerOption) => Boolean(option.extension?.some((e) => e.url === OPTION_EXCLUSIVE && e.valueBoolean));

/** The answerable child items of a group, hints left out. */
export const questionsOf = (group: QuestionnaireItem): QuestionnaireItem[] => (group.item ?? []).filter((i) => !isHelp(i));

// ---- form values -------------------------------------------------------------------------

/** Field name → the values sent for it (a checkbox group sends several). */
export type FormValues = Readonly<Record<string, readonly string[]>>;
/** `FormData` and `URLSearchParams` both qualify. */
export interface FormLike {
  getAll(name: string): unknown[];
}

export const DATE_PARTS = ["day", "month", "year"] as const;
export type DatePart = (typeof DATE_PARTS)[number];
export const datePartName = (base: string, part: DatePart) => `${base}-${part}`;

/** The form name of a procedure row's field: row 2's `procedure-date` is `procedure-2-date`. */
export const rowField = (row: number, childLinkId: string) => `procedure-${row}-${childLinkId.slice("procedure-".length)}`;
export const PROCEDURE_ROWS_FIELD = "procedure-rows";
const PROCEDURE_CHILDREN = questionsOf(itemOf("procedure"));

/** Every form field name that one item's inputs send, given the form name to use for it. */
function inputNames(item: QuestionnaireItem, name: string): string[] {
  if (item.type === "date") return DATE_PARTS.map((p) => datePartName(name, p));
  if (item.type === "display" || item.type === "group" || item.readOnly) return [];
  return [name];
}

/** The form field names an item (or a whole group) sends. */
export function fieldNamesOf(item: QuestionnaireItem): string[] {
  if (item.linkId === "procedure") {
    const names = [PROCEDURE_ROWS_FIELD];
    for (let row = 1; row <= PROCEDURE_ROWS_MAX; row++) {
      for (const child of PROCEDURE_CHILDREN) names.push(...inputNames(child, rowField(row, child.linkId)));
    }
    return names;
  }
  if (item.type === "group") return questionsOf(item).flatMap(fieldNamesOf);
  return inputNames(item, item.linkId);
}

const ALL_FIELDS: ReadonlySet<string> = new Set(SECTIONS.flatMap(fieldNamesOf));

/** The longest text a field may carry; longer is cut (and then refused by its own limit). */
const MAX_CHARS = Math.max(...Object.values(TEXT_LIMITS)) + 1;
const MAX_VALUES = 20;

const isFormLike = (input: FormLike | FormValues): input is FormLike => typeof (input as FormLike).getAll === "function";

/** The answers in a submitted form: known fields only, trimmed, line breaks normalised, empty values dropped. */
export function readFormValues(input: FormLike | FormValues): FormValues {
  const read = (name: string): unknown[] => (isFormLike(input) ? input.getAll(name) : [...(input[name] ?? [])]);
  const values: Record<string, string[]> = {};
  for (const name of ALL_FIELDS) {
    const list = read(name)
      .filter((v): v is string => typeof v === "string")
      .map((v) => v.replace(/\r\n?/g, "\n").trim().slice(0, MAX_CHARS))
      .filter((v) => v !== "")
      .slice(0, MAX_VALUES);
    if (list.length > 0) values[name] = list;
  }
  return values;
}

const valuesOf = (v: FormValues, name: string): readonly string[] => v[name] ?? [];
const firstOf = (v: FormValues, name: string): string => v[name]?.[0] ?? "";

/** Whether an item is asked, given the answers so far (enableWhen, evaluated on form values). */
export function isEnabled(item: QuestionnaireItem, values: FormValues): boolean {
  if (!item.enableWhen?.length) return true;
  const met = item.enableWhen.map((w) => {
    const answered = valuesOf(values, w.question);
    if (w.answerCoding) return answered.includes(w.answerCoding.code);
    if (w.answerBoolean !== undefined) return answered.includes(w.answerBoolean ? "yes" : "no");
    return false;
  });
  return item.enableBehavior === "any" ? met.some(Boolean) : met.every(Boolean);
}

/** How many procedure rows the form shows: at least the default, at least every row with something in it. */
export function procedureRowCount(values: FormValues): number {
  let rows = Math.max(PROCEDURE_ROWS_SHOWN, Number.parseInt(firstOf(values, PROCEDURE_ROWS_FIELD), 10) || 0);
  for (let row = 1; row <= PROCEDURE_ROWS_MAX; row++) {
    if (PROCEDURE_CHILDREN.some((c) => inputNames(c, rowField(row, c.linkId)).some((n) => valuesOf(values, n).length > 0))) {
      rows = Math.max(rows, row);
    }
  }
  return Math.min(rows, PROCEDURE_ROWS_MAX);
}

// ---- dates -------------------------------------------------------------------------------

interface DateRule {
  /** How messages name the date: "your date of birth". */
  noun: string;
  /** A last dose or a treatment is often remembered only by month; a birthday to the day. */
  dayOptional: boolean;
  /** A birth date must be before today; a last dose or a treatment may be today. */
  beforeToday: boolean;
}

const DATE_RULES: Record<string, DateRule> = {
  "birth-date": { noun: "your date of birth", dayOptional: false, beforeToday: true },
  "isotretinoin-stopped": { noun: "the date of your last dose", dayOptional: true, beforeToday: false },
  "retinoid-last-used": { noun: "the date you last used it", dayOptional: true, beforeToday: false },
  "procedure-date": { noun: "the date of this treatment", dayOptional: true, beforeToday: false },
};

export const dayOptional = (linkId: string) => DATE_RULES[linkId]?.dayOptional ?? false;

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The month names of the portal's other language, as Intl writes them ("mars", "août"), without accents. */
const FRENCH_MONTHS = Array.from({ length: 12 }, (_, i) =>
  plainLetters(new Intl.DateTimeFormat("fr-CA", { month: "long", timeZone: "UTC" }).format(Date.UTC(2000, i, 1))),
);

function plainLetters(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();
}

/**
 * 1–12 from a typed month: a number or an English name (monthNumber), or a
 * French name or its start ("mars", "fév", "août"), when only one month starts so.
 */
export function monthOf(text: string): number | null {
  const english = monthNumber(text);
  if (english !== null) return english;
  const word = plainLetters(text).replace(/\.$/, "");
  if (word.length < 3) return null;
  const found = FRENCH_MONTHS.flatMap((m, i) => (m.startsWith(word) ? [i + 1] : []));
  return found.length === 1 ? found[0]! : null;
}

type DateRead =
  | { kind: "empty" }
  | { kind: "error"; problem: FormProblem }
  /** `fhir` is what the person said ("2026-03" without a day); `date` the day the rules use. */
  | { kind: "date"; fhir: string; date: PlainDate };

/**
 * Reads day / month / year inputs. A date without a day is kept as a FHIR
 * partial date ("2026-03"), and the rules get the latest day it can be (the
 * month's last day, or today in the current month): the cautious end.
 */
function readDate(values: FormValues, name: string, linkId: string, today: Temporal.PlainDate): DateRead {
  const rule = DATE_RULES[linkId]!;
  const [dayText, monthText, yearText] = DATE_PARTS.map((p) => firstOf(values, datePartName(name, p))) as [string, string, string];
  const fail = (code: DateProblemCode): DateRead => ({ kind: "error", problem: { code, linkId } });
  if (!dayText && !monthText && !yearText) return { kind: "empty" };
  if (!rule.dayOptional && !dayText) return fail("date-no-day");
  if (!monthText) return fail("date-no-month");
  if (!yearText) return fail("date-no-year");
  if (dayText && !/^\d{1,2}$/.test(dayText)) return fail("date-not-real");
  const month = monthOf(monthText);
  if (month === null) return fail("date-not-real");
  if (!/^\d{4}$/.test(yearText)) return fail("date-year-digits");
  const year = Number(yearText);
  if (year < EARLIEST_YEAR) return fail("date-too-early");
  if (dayText) {
    let date: Temporal.PlainDate;
    try {
      date = Temporal.PlainDate.from({ year, month, day: Number(dayText) }, { overflow: "reject" });
    } catch {
      return fail("date-not-real");
    }
    const cmp = Temporal.PlainDate.compare(date, today);
    if (rule.beforeToday && cmp >= 0) return fail("date-not-past");
    if (cmp > 0) return fail("date-future");
    return { kind: "date", fhir: date.toString(), date: date.toString() };
  }
  const yearMonth = Temporal.PlainYearMonth.from({ year, month });
  const lastDay = yearMonth.toPlainDate({ day: yearMonth.daysInMonth });
  if (Temporal.PlainDate.compare(lastDay.with({ day: 1 }), today) > 0) return fail("date-future");
  const date = Temporal.PlainDate.compare(lastDay, today) > 0 ? today : lastDay;
  return { kind: "date", fhir: yearMonth.toString(), date: date.toString() };
}

/** Day / month / year form values for a FHIR date ("2026-03-15" or "2026-03"). */
function dateValues(name: string, fhirDate: string): Record<string, string[]> {
  const match = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(fhirDate);
  if (!match) return {};
  const [, year, month, day] = match;
  return {
    ...(day ? { [datePartName(name, "day")]: [String(Number(day))] } : {}),
    [datePartName(name, "month")]: [String(Number(month))],
    [datePartName(name, "year")]: [year!],
  };
}

// ---- from form values to a response and an Intake -------------------------------------------

/** Key: the form field to fix (the anchor is `#field-${key}`); value: what to do, never what was typed. */
export type FormErrors = Record<string, string>;

type DateProblemCode =
  | "date-no-day"
  | "date-no-month"
  | "date-no-year"
  | "date-not-real"
  | "date-year-digits"
  | "date-too-early"
  | "date-not-past"
  | "date-future";

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
  | { code: "concerns-without-area"; area: Area }
  | { code: "no-procedure" }
  | { code: DateProblemCode; linkId: string }
  /** The screening schema refused an answer the steps let through (the safety net). */
  | { code: "check-answer" };

/** Key: the form field to fix, as in FormErrors. */
export type FormProblems = Record<string, FormProblem>;

export interface ResponseFromForm {
  response: QuestionnaireResponse;
  /** The contract's Intake (asOf left out: screened as of today). Complete only when `errors` is empty. */
  intake: Intake;
  errors: FormErrors;
  /** The same problems as codes, for saying them in another language. */
  problems: FormProblems;
  /** The form rows (1-based) behind `intake.recentProcedures`, in order: for `fieldOfIntakePath`. */
  procedureRows: number[];
}

export interface ResponseOptions {
  /** Today in the clinic's zone: dates may not be after it. */
  today: PlainDate;
  /** When the response was completed (ISO instant); left out of the response when absent. */
  authored?: string;
  /** The client, as a FHIR reference ("Patient/…"): subject and author. */
  subject?: string;
}

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
    case "concerns-without-area": {
      const label = AREA_OPTIONS.find(([a]) => a === problem.area)![1].split(",")[0];
      return `You ticked what you'd like to improve on ${AREA_NOUNS[problem.area]}: tick “${label}” above too, or untick them.`;
    }
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

const optionOf = (item: QuestionnaireItem, code: string) => item.answerOption?.find((o) => o.valueCoding.code === code);
const answerCoding = (item: QuestionnaireItem, code: string): Answer => {
  const c = optionOf(item, code)!.valueCoding;
  return { valueCoding: { system: c.system ?? CODE_SYSTEM, code: c.code, ...(c.display ? { display: c.display } : {}) } };
};

interface Reading {
  errors: FormProblems;
  /** Answers per linkId (procedure rows are kept apart). */
  answers: Map<string, Answer[]>;
  /** Dates the rules use, per linkId. */
  dates: Map<string, PlainDate>;
  procedures: { row: number; answers: Map<string, Answer[]>; type: Procedure | null; date: PlainDate | null; areas: Area[] }[];
}

/** Reads one answerable item from the form; `name` is its form name (a row's field for procedures). */
function readItem(item: QuestionnaireItem, name: string, values: FormValues, today: Temporal.PlainDate, into: Reading, key = name) {
  const required = Boolean(item.required);
  const answers: Answer[] = [];
  const fail = (problem: FormProblem) => {
    into.errors[key] = problem;
  };
  const missing: FormProblem = { code: "required", linkId: item.linkId };
  switch (item.type) {
    case "choice": {
      const chosen = valuesOf(values, name);
      if (chosen.some((code) => !optionOf(item, code))) return fail({ code: "unknown-answer" });
      if (chosen.length === 0) {
        if (required) fail(missing);
        return;
      }
      if (!item.repeats && chosen.length > 1) return fail({ code: "one-answer" });
      const exclusive = item.answerOption!.find((o) => isExclusive(o) && chosen.includes(o.valueCoding.code));
      if (exclusive && chosen.length > 1) return fail({ code: "not-both", linkId: item.linkId, option: exclusive.valueCoding.code });
      // In the questionnaire's order, once each, so equal answers compare equal.
      for (const option of item.answerOption!)
        if (chosen.includes(option.valueCoding.code)) answers.push(answerCoding(item, option.valueCoding.code));
      break;
    }
    case "boolean": {
      const given = valuesOf(values, name);
      const single = controlOf(item) === "check-box";
      if (given.length === 0 || (single && given[0] !== "yes")) {
        if (required) fail(missing);
        return;
      }
      if (given.length > 1 || (given[0] !== "yes" && given[0] !== "no")) return fail({ code: "yes-or-no" });
      answers.push({ valueBoolean: given[0] === "yes" });
      break;
    }
    case "date": {
      const read = readDate(values, name, item.linkId, today);
      if (read.kind === "error") return fail(read.problem);
      if (read.kind === "empty") {
        if (required) fail(missing);
        return;
      }
      answers.push({ valueDate: read.fhir });
      into.dates.set(key, read.date);
      break;
    }
    case "string":
    case "text": {
      const text = firstOf(values, name);
      if (!text) {
        if (required) fail(missing);
        return;
      }
      if (item.maxLength && text.length > item.maxLength) return fail({ code: "too-long", max: item.maxLength });
      answers.push({ valueString: text });
      break;
    }
    default:
      return;
  }
  if (answers.length > 0) into.answers.set(key, answers);
}

function readProcedures(values: FormValues, today: Temporal.PlainDate, into: Reading) {
  for (let row = 1; row <= PROCEDURE_ROWS_MAX; row++) {
    const names = PROCEDURE_CHILDREN.map((child) => ({ child, name: rowField(row, child.linkId) }));
    const touched = names.some(({ child, name }) => inputNames(child, name).some((n) => valuesOf(values, n).length > 0));
    // An untouched row is simply not used.
    if (!touched) continue;
    const rowReading: Reading = { errors: into.errors, answers: new Map(), dates: new Map(), procedures: [] };
    for (const { child, name } of names) readItem(child, name, values, today, rowReading);
    const typeCode = firstOf(values, rowField(row, "procedure-type"));
    into.procedures.push({
      row,
      answers: new Map([...rowReading.answers].map(([k, v]) => [k.replace(`procedure-${row}-`, "procedure-"), v])),
      type: (PROCEDURES as readonly string[]).includes(typeCode) ? (typeCode as Procedure) : null,
      date: rowReading.dates.get(rowField(row, "procedure-date")) ?? null,
      areas: AREAS.filter((a) => valuesOf(values, rowField(row, "procedure-areas")).includes(a)),
    });
  }
}

function readAll(values: FormValues, today: Temporal.PlainDate): Reading {
  const reading: Reading = { errors: {}, answers: new Map(), dates: new Map(), procedures: [] };
  const walk = (items: readonly QuestionnaireItem[]) => {
    for (const item of items) {
      if (item.type === "display" || item.readOnly) continue;
      // Answers to a question that is not asked (a date under "No, never") are left out, as FHIR requires.
      if (!isEnabled(item, values)) {
        if (item.linkId.startsWith("concerns-") && item.linkId !== "concerns-other" && valuesOf(values, item.linkId).length > 0) {
          reading.errors[item.linkId] = { code: "concerns-without-area", area: item.linkId.slice("concerns-".length) as Area };
        }
        continue;
      }
      if (item.linkId === "procedure") {
        readProcedures(values, today, reading);
        if (reading.procedures.length === 0) {
          reading.errors[rowField(1, "procedure-type")] = { code: "no-procedure" };
        }
        continue;
      }
      if (item.type === "group") walk(questionsOf(item));
      else readItem(item, item.linkId, values, today, reading);
    }
  };
  walk(SECTIONS);
  return reading;
}

const codesOf = (answers: Answer[] | undefined): string[] =>
  (answers ?? []).flatMap((a) => ("valueCoding" in a ? [a.valueCoding.code] : []));
const booleanOf = (answers: Answer[] | undefined): boolean | null => {
  const a = answers?.[0];
  return a && "valueBoolean" in a ? a.valueBoolean : null;
};

function fitzpatrickAnswersOf(reading: Reading): number[] | null {
  const scores = FITZPATRICK_LINK_IDS.map((id) => Number(codesOf(reading.answers.get(id))[0] ?? Number.NaN));
  return scores.length === FITZPATRICK_ANSWER_COUNT && scores.every((s) => Number.isInteger(s) && s >= 0 && s <= FITZPATRICK_ANSWER_MAX)
    ? scores
    : null;
}

function intakeOf(reading: Reading): Intake {
  const a = reading.answers;
  const treatmentAreas = AREAS.filter((area) => codesOf(a.get("areas")).includes(area));
  const birthDate = reading.dates.get("birth-date");
  const fitzpatrickAnswers = fitzpatrickAnswersOf(reading);
  const isCondition = (c: string): c is Condition => (CONDITIONS as readonly string[]).includes(c);
  const diabetes = codesOf(a.get("diabetes"))[0];
  const conditions = CONDITIONS.filter((c) =>
    [
      ...codesOf(a.get("pregnancy")),
      ...codesOf(a.get("conditions")),
      ...(diabetes === "controlled" || diabetes === "uncontrolled" ? [`diabetes-${diabetes}`] : []),
    ]
      .filter(isCondition)
      .includes(c),
  );
  // Asked "where you'd like treatment", so a finding is in the treatment areas (and the engine's face-only cold-sore default cannot wave it through).
  const skinConditions = SKIN_CONDITIONS.filter((s: SkinCondition) => codesOf(a.get("skin-now")).includes(s)).map((type) => ({
    type,
    ...(treatmentAreas.length > 0 ? { areas: treatmentAreas } : {}),
  }));
  const isotretinoin = codesOf(a.get("isotretinoin"))[0];
  const stoppedOn = reading.dates.get("isotretinoin-stopped");
  const isotretinoinUse: IsotretinoinUse | undefined =
    isotretinoin === "current"
      ? { status: "current" }
      : isotretinoin === "stopped" && stoppedOn
        ? { status: "stopped", stoppedOn }
        : undefined;
  const retinoidLast = booleanOf(a.get("retinoid")) ? reading.dates.get("retinoid-last-used") : undefined;
  const recentProcedures = reading.procedures.flatMap((p) =>
    p.type && p.date ? [{ type: p.type, date: p.date, ...(p.areas.length > 0 ? { areas: p.areas } : {}) }] : [],
  );
  return {
    ...(birthDate ? { birthDate } : {}),
    treatmentAreas,
    ...(fitzpatrickAnswers ? { fitzpatrickAnswers } : {}),
    conditions,
    skinConditions,
    medications: {
      ...(isotretinoinUse ? { isotretinoin: isotretinoinUse } : {}),
      anticoagulant: booleanOf(a.get("blood-thinner")) === true,
      immunosuppressant: booleanOf(a.get("immunosuppressant")) === true,
      // Version 1 did not ask: absent, as the contract reads "no".
      ...(booleanOf(a.get("otc-blood-thinner")) === true ? { otcBloodThinner: true } : {}),
      ...(retinoidLast ? { topicalRetinoidLastUsed: retinoidLast } : {}),
    },
    recentProcedures,
    expectsCompleteRemoval: codesOf(a.get("expectation"))[0] === "complete",
  };
}

/** The response's items, nested as the questionnaire's groups, with only what was answered. */
function responseItems(reading: Reading): ResponseItem[] {
  const fitzpatrick = fitzpatrickAnswersOf(reading);
  const computed = new Map<string, Answer[]>(
    fitzpatrick
      ? [
          ["fitzpatrick-score", [{ valueInteger: fitzpatrick.reduce((s, n) => s + n, 0) }]],
          ["fitzpatrick-type", [{ valueInteger: scoreFitzpatrick(fitzpatrick) }]],
        ]
      : [],
  );
  const build = (items: readonly QuestionnaireItem[], answers: Map<string, Answer[]>): ResponseItem[] =>
    items.flatMap((item): ResponseItem[] => {
      if (item.linkId === "procedure") {
        return reading.procedures.map((p) => ({ linkId: item.linkId, text: item.text!, item: build(questionsOf(item), p.answers) }));
      }
      if (item.type === "group") {
        const children = build(questionsOf(item), answers);
        return children.length > 0 ? [{ linkId: item.linkId, text: item.text!, item: children }] : [];
      }
      const answer = answers.get(item.linkId) ?? computed.get(item.linkId);
      return answer ? [{ linkId: item.linkId, text: item.text!, answer }] : [];
    });
  return build(SECTIONS, reading.answers);
}

/**
 * Everything a submitted form says: the FHIR response (only answered,
 * enabled items), the contract's Intake, and the problems to fix. The Intake
 * is what `parseIntake` then validates; the response is stored beside it as
 * the client's own words.
 */
export function responseFromForm(input: FormLike | FormValues, options: ResponseOptions): ResponseFromForm {
  const values = readFormValues(input);
  const reading = readAll(values, Temporal.PlainDate.from(options.today));
  const response: QuestionnaireResponse = {
    resourceType: "QuestionnaireResponse",
    questionnaire: QUESTIONNAIRE_CANONICAL,
    status: "completed",
    ...(options.authored ? { authored: options.authored } : {}),
    ...(options.subject ? { subject: { reference: options.subject }, author: { reference: options.subject } } : {}),
    item: responseItems(reading),
  };
  const procedureRows = reading.procedures.filter((p) => p.type && p.date).map((p) => p.row);
  const errors = Object.fromEntries(Object.entries(reading.errors).map(([key, problem]) => [key, problemText(problem)]));
  return { response, intake: intakeOf(reading), errors, problems: reading.errors, procedureRows };
}

/** The section (top-level group linkId) a form field or error key belongs to. */
export function sectionOfField(key: string): string | null {
  if (key === PROCEDURE_ROWS_FIELD || /^procedure-\d+-/.test(key)) return "procedures";
  const base = key.replace(/-(day|month|year)$/, "");
  return SECTION_OF.get(base) ?? SECTION_OF.get(key) ?? null;
}

/**
 * The form field of an Intake path that `parseIntake` refused (the steps
 * accept only what the schema accepts; this is the safety net). Procedures
 * map back to their row through `rows`, the form rows that made it into the
 * Intake, in order.
 */
export function fieldOfIntakePath(path: string, rows: readonly number[] = []): string {
  const procedure = /^recentProcedures\[(\d+)\](?:\.(\w+))?/.exec(path);
  if (procedure) {
    const row = rows[Number(procedure[1])] ?? 1;
    const part = procedure[2] === "areas" ? "procedure-areas" : procedure[2] === "type" ? "procedure-type" : "procedure-date";
    return rowField(row, part);
  }
  const prefixes: [string, string][] = [
    ["birthDate", "birth-date"],
    ["treatmentAreas", "areas"],
    ["fitzpatrick", fitzpatrickLinkId(1)],
    ["conditions", "conditions"],
    ["skinConditions", "skin-now"],
    ["medications.isotretinoin", "isotretinoin"],
    ["medications.anticoagulant", "blood-thinner"],
    ["medications.otcBloodThinner", "otc-blood-thinner"],
    ["medications.immunosuppressant", "immunosuppressant"],
    ["medications.topicalRetinoidLastUsed", "retinoid-last-used"],
    ["expectsCompleteRemoval", "expectation"],
  ];
  return prefixes.find(([prefix]) => path.startsWith(prefix))?.[1] ?? "areas";
}

// ---- pre-filling ------------------------------------------------------------------------------

/** Form values that say what a stored response said: every answer, the procedure rows in order. */
export function formValuesFromResponse(response: QuestionnaireResponse | Record<string, unknown>): FormValues {
  const values: Record<string, string[]> = {};
  const put = (name: string, item: QuestionnaireItem | undefined, answers: readonly Answer[]) => {
    if (!item || item.readOnly) return;
    for (const a of answers) {
      if ("valueCoding" in a) {
        if (optionOf(item, a.valueCoding.code)) (values[name] ??= []).push(a.valueCoding.code);
      } else if ("valueBoolean" in a) {
        values[name] = [a.valueBoolean ? "yes" : "no"];
      } else if ("valueDate" in a) {
        Object.assign(values, dateValues(name, a.valueDate));
      } else if ("valueString" in a) {
        values[name] = [a.valueString];
      }
    }
  };
  let row = 0;
  const walk = (items: readonly ResponseItem[], inRow: number | null) => {
    for (const ri of items) {
      if (!ri || typeof ri.linkId !== "string") continue;
      if (ri.linkId === "procedure") {
        if (row >= PROCEDURE_ROWS_MAX) continue;
        row += 1;
        walk(ri.item ?? [], row);
        continue;
      }
      const item = ITEMS.get(ri.linkId);
      if (ri.answer) put(inRow === null ? ri.linkId : rowField(inRow, ri.linkId), item, ri.answer);
      if (ri.item) walk(ri.item, inRow);
    }
  };
  const items = (response as { item?: unknown }).item;
  walk(Array.isArray(items) ? (items as ResponseItem[]) : [], null);
  if (row > 0) values[PROCEDURE_ROWS_FIELD] = [String(Math.max(row, PROCEDURE_ROWS_SHOWN))];
  return values;
}

/**
 * Form values for what a screening without a response (the self-check, or a
 * day-of re-screen) already knows. The self-check asks every structured
 * question the rules need, so its "no" answers are filled in too; what it
 * never asks — the ten skin-type questions, concerns, medicines in words,
 * goals, the privacy notice — is left for the client. Its recent-treatment
 * question looked back a shorter time, so only treatments it names are filled
 * in, never a "No".
 */
export function formValuesFromIntake(intake: NormalizedIntake): FormValues {
  const values: Record<string, string[]> = {};
  if (intake.birthDate) Object.assign(values, dateValues("birth-date", intake.birthDate));
  if (intake.treatmentAreas.length > 0) values.areas = [...intake.treatmentAreas];
  if (intake.fitzpatrickAnswers?.length === FITZPATRICK_ANSWER_COUNT) {
    intake.fitzpatrickAnswers.forEach((score, i) => (values[fitzpatrickLinkId(i + 1)] = [String(score)]));
  }
  const has = (c: Condition) => intake.conditions.includes(c);
  const pregnancy = (["pregnant", "breastfeeding"] as const).filter(has);
  values.pregnancy = pregnancy.length > 0 ? [...pregnancy] : [NONE];
  const other = CONDITION_OPTIONS.map(([code]) => code).filter((code) => code !== NONE && has(code as Condition));
  values.conditions = other.length > 0 ? other : [NONE];
  values.diabetes = [has("diabetes-uncontrolled") ? "uncontrolled" : has("diabetes-controlled") ? "controlled" : "no"];
  const skin = SKIN_CONDITIONS.filter((s) => intake.skinConditions.some((f) => f.type === s));
  values["skin-now"] = skin.length > 0 ? [...skin] : [NONE];
  const iso = intake.medications.isotretinoin;
  values.isotretinoin = [iso === null ? "never" : iso.status];
  if (iso?.status === "stopped") Object.assign(values, dateValues("isotretinoin-stopped", iso.stoppedOn));
  values["blood-thinner"] = [intake.medications.anticoagulant ? "yes" : "no"];
  values.immunosuppressant = [intake.medications.immunosuppressant ? "yes" : "no"];
  // Asked since December 2026: an older self-check never asked, so only a "yes" is filled in.
  if (intake.medications.otcBloodThinner) values["otc-blood-thinner"] = ["yes"];
  const retinoid = intake.medications.topicalRetinoidLastUsed;
  values.retinoid = [retinoid ? "yes" : "no"];
  if (retinoid) Object.assign(values, dateValues("retinoid-last-used", retinoid));
  const procedures = intake.recentProcedures.slice(0, PROCEDURE_ROWS_MAX);
  if (procedures.length > 0) {
    // Each gate question that one of the treatments answers "yes" (the rows are shared).
    const gate = (types: readonly Procedure[]) => procedures.some((p) => types.includes(p.type));
    if (gate(["chemical-peel", "laser", "ipl", "neurotoxin", "dermal-filler", "microneedling"])) values["procedures-any"] = ["yes"];
    if (gate(["facial-surgery", "trauma", "waxing", "electrolysis", "depilatory"])) values["procedures-other"] = ["yes"];
    if (gate(["radiation-therapy", "permanent-filler", "threads"])) values["procedures-ever"] = ["yes"];
    values[PROCEDURE_ROWS_FIELD] = [String(Math.max(procedures.length, PROCEDURE_ROWS_SHOWN))];
    procedures.forEach((p, i) => {
      values[rowField(i + 1, "procedure-type")] = [p.type];
      Object.assign(values, dateValues(rowField(i + 1, "procedure-date"), p.date));
      if (p.areas) values[rowField(i + 1, "procedure-areas")] = [...p.areas];
    });
  }
  if (intake.expectsCompleteRemoval) values.expectation = ["complete"];
  return values;
}

// ---- showing a response back ------------------------------------------------------------------

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
