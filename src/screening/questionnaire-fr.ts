// The intake questionnaire in French, for a client whose account is in French
// (docs/intake.md, "Languages"). Only what the person reads is here: question
// and section texts, hints and answer displays, keyed by linkId and answer
// code, and the page's messages about answers. The Questionnaire resource,
// its url|version, the answer codes and the stored QuestionnaireResponse stay
// English (the canonical record, which staff and the screening engine read).
// The French displays of the answers the questionnaire offers stand beside
// the English ones in questionnaire-options.ts.
//
// Server-side only: the intake route reads it in its loader and action and
// sends the words as data; the global message catalog is not involved.
//
// A French text for every English one is checked by questionnaire-fr.test.ts,
// so a new question cannot be shown untranslated.
import { capitalise, EARLIEST_YEAR } from "./answer-reader.ts";
import { SURGERY_OR_TRAUMA_LOOKBACK_MONTHS } from "./look-backs.ts";
import { type AnswerOption, type QuestionnaireItem, type QuestionnaireResponse } from "./questionnaire-fhir.ts";
import { type FormProblem, type FormProblems, problemText } from "./questionnaire-problems.ts";
import { type SummaryWording, answerSummary } from "./questionnaire-summary.ts";
import { concernsLinkId, fitzpatrickLinkId, NONE } from "./questionnaire-options.ts";
import { itemOf } from "./questionnaire-definition.ts";
import {
  AREA_NOUNS_FR,
  AREAS_FR,
  CONCERNS_FR,
  CONDITIONS_FR,
  FITZPATRICK_FR,
  NONE_OF_THESE_FR,
  PROCEDURES_FR,
  SKIN_NOW_FR,
} from "./questionnaire-options.ts";
import { AREAS } from "./types.ts";

/** The languages the intake is shown in: those of the client portal. */
export type IntakeLanguage = "en" | "fr";

/** The BCP 47 tag of each language, for `lang` and dates. */
const INTAKE_INTL: Readonly<Record<IntakeLanguage, string>> = { en: "en-CA", fr: "fr-CA" };

// ---- answers -------------------------------------------------------------------------

/** Every answer's display, by the item's linkId and the answer code. */
export const ANSWERS_FR: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  areas: AREAS_FR,
  ...Object.fromEntries(AREAS.map((area) => [concernsLinkId(area), CONCERNS_FR])),
  ...Object.fromEntries(
    FITZPATRICK_FR.map((f, i) => [
      fitzpatrickLinkId(i + 1),
      Object.fromEntries(f.answers.map((display, score) => [String(score), display])),
    ]),
  ),
  pregnancy: {
    pregnant: "Je suis enceinte, ou je pourrais l’être",
    breastfeeding: "J’allaite",
    [NONE]: "Non, ni l’un ni l’autre",
  },
  conditions: CONDITIONS_FR,
  diabetes: {
    no: "Non",
    controlled: "Oui, et ma glycémie est bien contrôlée",
    uncontrolled: "Oui, et ma glycémie n’est pas bien contrôlée, ou je ne sais pas",
  },
  "skin-now": SKIN_NOW_FR,
  isotretinoin: {
    never: "Non, jamais",
    current: "Oui, j’en prends en ce moment",
    stopped: "Oui, mais j’ai arrêté",
  },
  "procedure-type": PROCEDURES_FR,
  "procedure-areas": { ...AREAS_FR, body: "Une autre partie du corps" },
  expectation: {
    gradual: "Une amélioration progressive de l’apparence et de la texture de ma peau",
    complete: "La disparition complète de rides profondes ou de cicatrices importantes",
    unsure: "Je ne sais pas encore",
  },
};

// ---- items ---------------------------------------------------------------------------

const TICK_ALL = "Cochez tout ce qui s’applique.";
const NO_DAY = "Si vous ne vous souvenez pas du jour, laissez-le vide.";

/** Every item's text by linkId: sections, questions, display items and hints (`<linkId>-help`). */
export const TEXTS_FR: Readonly<Record<string, string>> = {
  about: "Vous et votre traitement",
  "birth-date": "Quelle est votre date de naissance?",
  "birth-date-help":
    "Par exemple, 27 3 1990. Nous le demandons parce que nous discutons avec toute personne de moins de 18 ans avant un traitement.",
  areas: "Quelles zones aimeriez-vous faire traiter?",
  "areas-help": `${TICK_ALL} Vous pourrez ensuite nous dire ce que vous aimeriez améliorer sur chacune.`,
  ...Object.fromEntries(AREAS.map((area) => [concernsLinkId(area), `Qu’aimeriez-vous améliorer sur ${AREA_NOUNS_FR[area]}?`])),
  "concerns-other": "Dites-nous ce que vous aimeriez améliorer d’autre",

  "skin-type": "Votre peau et le soleil",
  "skin-type-intro":
    "Ces dix questions sont une façon reconnue de déterminer votre type de peau. Elles aident votre praticienne ou praticien à choisir les bons réglages pour votre peau. Choisissez la réponse qui vous ressemble le plus; il n’y a pas de mauvaise réponse.",
  ...Object.fromEntries(FITZPATRICK_FR.map((f, i) => [fitzpatrickLinkId(i + 1), f.text])),
  "fitzpatrick-score": "Score du type de peau (0 à 40)",
  "fitzpatrick-type": "Type de peau (Fitzpatrick 1 à 6)",

  health: "Votre santé",
  pregnancy: "Êtes-vous enceinte ou allaitez-vous?",
  conditions: "Avez-vous, ou avez-vous déjà eu, l’un de ces problèmes de santé?",
  "conditions-help": TICK_ALL,
  diabetes: "Avez-vous le diabète?",
  "health-other": "Y a-t-il autre chose au sujet de votre santé que nous devrions savoir?",
  "health-other-help": "Par exemple une opération, une allergie ou un problème de santé qui ne figure pas ci-dessus.",
  "skin-now": "En ce moment, avez-vous l’un de ces problèmes là où vous aimeriez un traitement?",
  "skin-now-help": TICK_ALL,

  medications: "Médicaments et suppléments",
  "medications-list": "Veuillez nommer tous les médicaments et suppléments que vous prenez",
  "medications-list-help":
    "Incluez les médicaments prescrits, ceux achetés en pharmacie, les crèmes, les vitamines, les produits naturels et les suppléments, avec la dose si vous la connaissez. Si vous n’en prenez aucun, écrivez «\u00a0aucun\u00a0».",
  isotretinoin: "Avez-vous déjà pris de l’isotrétinoïne en capsules contre l’acné?",
  "isotretinoin-help": "Vendue sous les noms Accutane, Clarus ou Epuris.",
  "isotretinoin-stopped": "Quand avez-vous pris votre dernière dose?",
  "isotretinoin-stopped-help": NO_DAY,
  "blood-thinner": "Prenez-vous un médicament pour éclaircir le sang?",
  "blood-thinner-help":
    "Comme la warfarine, l’apixaban (Eliquis), le rivaroxaban (Xarelto), le clopidogrel (Plavix), ou de l’aspirine tous les jours à la demande de votre médecin.",
  "otc-blood-thinner": "Prenez-vous régulièrement un analgésique ou un supplément qui peut éclaircir le sang?",
  "otc-blood-thinner-help":
    "Comme de l’ibuprofène (Advil, Motrin) ou du naproxène (Aleve) la plupart des jours, de l’huile de poisson, de la vitamine E, du ginkgo ou des suppléments d’ail.",
  immunosuppressant: "Prenez-vous un médicament qui diminue vos défenses immunitaires?",
  "immunosuppressant-help":
    "Comme un médicament pris après une greffe d’organe, contre la polyarthrite rhumatoïde ou la maladie de Crohn, ou des stéroïdes en comprimés pris tous les jours.",
  retinoid: "Utilisez-vous une crème, un gel ou un sérum aux rétinoïdes sur votre peau?",
  "retinoid-help": "Comme le rétinol, la trétinoïne (Retin-A, Stieva-A), l’adapalène (Differin) ou le tazarotène.",
  "retinoid-last-used": "Quand l’avez-vous utilisé pour la dernière fois?",
  "retinoid-last-used-help": `Si vous l’utilisez tous les jours, inscrivez la date d’aujourd’hui. ${NO_DAY}`,

  procedures: "Traitements récents",
  "procedures-any": `Au cours des ${SURGERY_OR_TRAUMA_LOOKBACK_MONTHS} derniers mois, avez-vous eu un peeling chimique, un traitement au laser ou IPL, des injections antirides, un agent de comblement ou du microneedling?`,
  "procedures-other": `Au cours des ${SURGERY_OR_TRAUMA_LOOKBACK_MONTHS} derniers mois, avez-vous eu une chirurgie ou une blessure, une épilation à la cire, de l’électrolyse ou une crème dépilatoire là où vous aimeriez un traitement?`,
  "procedures-ever":
    "Avez-vous déjà reçu de la radiothérapie, un agent de comblement permanent ou des fils tenseurs là où vous aimeriez un traitement, peu importe quand?",
  procedure: "Un traitement que vous avez reçu",
  "procedure-type": "Quel traitement?",
  "procedure-date": "Quand avez-vous reçu ce traitement?",
  "procedure-date-help": `Si vous l’avez reçu plus d’une fois, indiquez la date la plus récente. ${NO_DAY}`,
  "procedure-areas": "Où a-t-il été fait?",
  "procedure-areas-help": "Ne cochez rien s’il a été fait partout, ou si vous ne savez pas.",

  expectations: "Ce que vous espérez",
  expectation: "Qu’est-ce qui ressemble le plus à ce que vous attendez du microneedling?",
  goals: "Dans vos mots, quel résultat aimeriez-vous obtenir?",
  "goals-help": "Votre praticienne ou praticien en discutera avec vous lors de votre consultation.",

  privacy: "La protection de vos renseignements",
  "privacy-notice":
    "Vos réponses sont des renseignements sur votre santé, et nous les protégeons comme tels. Elles sont conservées chiffrées, et seules les praticiennes et les praticiens qui vous soignent peuvent les lire; chaque fois que quelqu’un les ouvre, c’est noté, et vous pouvez en voir la liste dans votre compte. Nous utilisons vos réponses pour déterminer si le microneedling est sécuritaire pour vous et pour planifier votre traitement — jamais à des fins publicitaires. Vous pouvez en tout temps les consulter, les télécharger et nous demander de les corriger.",
  "privacy-acknowledged": "J’ai lu comment mes réponses sont conservées et utilisées",
};

// ---- the questionnaire in a language ---------------------------------------------------------

const textOf = (linkId: string, language: IntakeLanguage): string | undefined => (language === "fr" ? TEXTS_FR[linkId] : undefined);
const displayOf = (linkId: string, code: string, language: IntakeLanguage): string | undefined =>
  language === "fr" ? ANSWERS_FR[linkId]?.[code] : undefined;

/**
 * An item (a section with everything in it) with its texts and answer
 * displays in `language`; linkIds, codes, enableWhen and extensions are the
 * English questionnaire's own. English returns the item itself. A text
 * missing in French (the test forbids it) shows the English one.
 */
export function localizeItem(item: QuestionnaireItem, language: IntakeLanguage): QuestionnaireItem {
  if (language === "en") return item;
  const option = (o: AnswerOption): AnswerOption => ({
    ...o,
    valueCoding: { ...o.valueCoding, display: displayOf(item.linkId, o.valueCoding.code, language) ?? o.valueCoding.display },
  });
  return {
    ...item,
    ...(item.text !== undefined ? { text: textOf(item.linkId, language) ?? item.text } : {}),
    ...(item.answerOption ? { answerOption: item.answerOption.map(option) } : {}),
    ...(item.item ? { item: item.item.map((child) => localizeItem(child, language)) } : {}),
  };
}

const FRENCH_SUMMARY: SummaryWording = {
  intl: INTAKE_INTL.fr,
  yes: "Oui",
  no: "Non",
  treatment: (n) => `Traitement ${n}\u00a0: `,
  text: (linkId) => TEXTS_FR[linkId],
  display: (linkId, code) => ANSWERS_FR[linkId]?.[code],
};

/** A response's answers in words (answerSummary), questions and answers in `language`; the response itself is not changed. */
export function localizedSummary(response: QuestionnaireResponse, language: IntakeLanguage): ReturnType<typeof answerSummary> {
  return language === "fr" ? answerSummary(response, FRENCH_SUMMARY) : answerSummary(response);
}

// ---- messages about answers -----------------------------------------------------------------

const REQUIRED_FR: Readonly<Record<string, string>> = {
  "birth-date": "Inscrivez votre date de naissance.",
  areas: "Choisissez au moins une zone à traiter.",
  "concerns-other": "Dites-nous ce que vous aimeriez améliorer d’autre, ou décochez «\u00a0Autre chose\u00a0».",
  pregnancy: "Cochez ce qui s’applique, ou «\u00a0Non, ni l’un ni l’autre\u00a0».",
  conditions: `Cochez ce qui s’applique, ou «\u00a0${NONE_OF_THESE_FR}\u00a0».`,
  diabetes: "Indiquez si vous avez le diabète.",
  "skin-now": `Cochez ce qui s’applique, ou «\u00a0${NONE_OF_THESE_FR}\u00a0».`,
  "medications-list": "Nommez vos médicaments et suppléments, ou écrivez «\u00a0aucun\u00a0».",
  isotretinoin: "Indiquez si vous avez pris de l’isotrétinoïne.",
  "isotretinoin-stopped": "Inscrivez la date de votre dernière dose. Si vous ne vous souvenez pas du jour, indiquez le mois et l’année.",
  "blood-thinner": "Indiquez si vous prenez un médicament pour éclaircir le sang.",
  "otc-blood-thinner": "Indiquez si vous prenez régulièrement un analgésique ou un supplément qui peut éclaircir le sang.",
  immunosuppressant: "Indiquez si vous prenez un médicament qui diminue vos défenses immunitaires.",
  retinoid: "Indiquez si vous utilisez une crème, un gel ou un sérum aux rétinoïdes.",
  "retinoid-last-used":
    "Inscrivez quand vous l’avez utilisé pour la dernière fois. Si vous ne vous souvenez pas du jour, indiquez le mois et l’année.",
  "procedures-any": "Indiquez si vous avez eu l’un de ces traitements.",
  "procedures-other": "Indiquez si vous avez eu une chirurgie, une blessure ou une épilation à cet endroit.",
  "procedures-ever":
    "Indiquez si vous avez déjà reçu de la radiothérapie, un agent de comblement permanent ou des fils tenseurs à cet endroit.",
  expectation: "Indiquez ce que vous attendez du microneedling.",
  "privacy-acknowledged": "Cochez la case pour confirmer que vous avez lu comment vos réponses sont conservées et utilisées.",
};

/** How messages name each date, lower case; each is a « date », so the messages agree in the feminine. */
export const DATE_NOUNS_FR: Readonly<Record<string, string>> = {
  "birth-date": "votre date de naissance",
  "isotretinoin-stopped": "la date de votre dernière dose",
  "retinoid-last-used": "la date de votre dernière utilisation",
  "procedure-date": "la date de ce traitement",
};

function requiredFr(linkId: string): string {
  const known = REQUIRED_FR[linkId];
  if (known) return known;
  if (linkId.startsWith("fitzpatrick-")) {
    return `Choisissez une réponse à la question ${linkId.slice("fitzpatrick-".length)} sur votre peau et le soleil.`;
  }
  const noun = DATE_NOUNS_FR[linkId];
  return noun ? `Inscrivez ${noun}.` : "Répondez à cette question.";
}

/** A problem with an answer, in French. */
export function problemTextFr(problem: FormProblem): string {
  switch (problem.code) {
    case "required":
      return requiredFr(problem.linkId);
    case "unknown-answer":
      return "Choisissez parmi les réponses proposées.";
    case "one-answer":
      return "Choisissez une seule réponse.";
    case "not-both": {
      const english = itemOf(problem.linkId).answerOption?.find((o) => o.valueCoding.code === problem.option)?.valueCoding.display;
      const label = ANSWERS_FR[problem.linkId]?.[problem.option] ?? english ?? problem.option;
      return `Cochez ce qui s’applique, ou «\u00a0${label}\u00a0», mais pas les deux.`;
    }
    case "yes-or-no":
      return "Choisissez oui ou non.";
    case "too-long":
      return `Veuillez ne pas dépasser ${problem.max} caractères.`;
    case "no-procedure":
      return "Parlez-nous d’au moins un traitement, ou répondez «\u00a0Non\u00a0» plus haut.";
    case "check-answer":
      return "Veuillez vérifier cette réponse.";
  }
  const Noun = capitalise(DATE_NOUNS_FR[problem.linkId] ?? "cette date");
  switch (problem.code) {
    case "date-no-day":
      return `${Noun} doit comprendre le jour.`;
    case "date-no-month":
      return `${Noun} doit comprendre le mois.`;
    case "date-no-year":
      return `${Noun} doit comprendre l’année.`;
    case "date-not-real":
      return `${Noun} doit être une date qui existe.`;
    case "date-year-digits":
      return "Écrivez l’année avec 4 chiffres, par exemple 1990.";
    case "date-too-early":
      return `${Noun} doit être postérieure à ${EARLIEST_YEAR}.`;
    case "date-not-past":
      return `${Noun} doit être dans le passé.`;
    case "date-future":
      return `${Noun} ne peut pas être dans le futur.`;
  }
}

/** The problems of a form, each in `language`, keyed as given. */
export function problemMessages(problems: FormProblems, language: IntakeLanguage): Record<string, string> {
  const say = language === "fr" ? problemTextFr : problemText;
  return Object.fromEntries(Object.entries(problems).map(([key, problem]) => [key, say(problem)]));
}
