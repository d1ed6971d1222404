// The intake questionnaire as a FHIR R4 Questionnaire (docs/intake.md): its
// canonical url and version, its items in order, and the look-ups the form,
// the reading of a response and the summary share.
//
// The questionnaire is versioned: any change to a question, an answer or the
// meaning of one needs a new `version`, because stored responses keep the
// canonical `url|version` they answered and are read against it.
import { SURGERY_OR_TRAUMA_LOOKBACK_MONTHS } from "./look-backs.ts";
import type { AnswerOption, Coding, EnableWhen, Extension, ItemType, Questionnaire, QuestionnaireItem } from "./questionnaire-fhir.ts";
import {
  AREA_NOUNS,
  AREA_OPTIONS,
  CONCERNS,
  CONCERNS_BY_AREA,
  concernsLinkId,
  CONDITION_OPTIONS,
  FITZPATRICK_ITEMS,
  fitzpatrickLinkId,
  NONE,
  PROCEDURE_OPTIONS,
  SKIN_NOW_OPTIONS,
  type Option,
} from "./questionnaire-options.ts";
import { AREAS, PROCEDURES } from "./types.ts";

export const QUESTIONNAIRE_URL = "https://dermaplan.app/Questionnaire/microneedling-intake";
export const QUESTIONNAIRE_VERSION = "2";
/** What a response names as its questionnaire, and what the screening row records. */
export const QUESTIONNAIRE_CANONICAL = `${QUESTIONNAIRE_URL}|${QUESTIONNAIRE_VERSION}`;
/** The code system of every answer code in this questionnaire. */
export const CODE_SYSTEM = "https://dermaplan.app/CodeSystem/microneedling-intake";
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
          hint: "Tick all that apply. Then you can tell us what you'd like to improve on each.",
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
        // Both treatment questions look back over recent-surgery-or-trauma's window (look-backs.ts).
        question(
          "procedures-any",
          "boolean",
          `In the last ${SURGERY_OR_TRAUMA_LOOKBACK_MONTHS} months, have you had a chemical peel, laser or IPL, anti-wrinkle injections, filler or microneedling?`,
          { required: true },
        ),
        question(
          "procedures-other",
          "boolean",
          `In the last ${SURGERY_OR_TRAUMA_LOOKBACK_MONTHS} months, have you had surgery or an injury, waxing, electrolysis or hair-removal cream where you'd like treatment?`,
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

const items = new Map<string, QuestionnaireItem>();
const sections = new Map<string, string>();
(function index(list: readonly QuestionnaireItem[], section: string | null) {
  for (const item of list) {
    items.set(item.linkId, item);
    sections.set(item.linkId, section ?? item.linkId);
    if (item.item) index(item.item, section ?? item.linkId);
  }
})(INTAKE_QUESTIONNAIRE.item, null);
/** Every item by linkId (the procedure row's children included). */
export const ITEMS: ReadonlyMap<string, QuestionnaireItem> = items;
/** The top-level group each item sits in. */
export const SECTION_OF: ReadonlyMap<string, string> = sections;

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

/** The answer option with this code, if the item offers it. */
export const optionOf = (item: QuestionnaireItem, code: string) => item.answerOption?.find((o) => o.valueCoding.code === code);
