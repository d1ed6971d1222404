// The answers the intake questionnaire offers, in English and in French side
// by side: the areas, the concerns area by area, the ten Fitzpatrick items,
// the conditions, the skin findings and the treatments. Codes are the
// screening contract's where the contract has one, so an answer maps to the
// Intake without a table. The English displays are the Questionnaire's own;
// questionnaire-fr.ts shows the French ones, keyed by the same codes.
import { AREAS, type Area, type Procedure } from "./types.ts";

/** An answer: its code and what the client reads. */
export type Option = readonly [code: string, display: string];

/** What the client reads, in each language of the intake. */
export interface Words {
  en: string;
  fr: string;
}

/** A Fitzpatrick item in one language: the question and its five answers, scored 0..4. */
export interface FitzpatrickItem {
  text: string;
  answers: readonly [string, string, string, string, string];
}

export const NONE = "none";

const NONE_OF_THESE: Words = { en: "None of these", fr: "Aucun de ces choix" };

/** Each area as an answer, and how the questions name it ("on your face", "sur votre visage"). */
const AREA_WORDS: Readonly<Record<Area, { option: Words; noun: Words }>> = {
  face: { option: { en: "Face", fr: "Visage" }, noun: { en: "your face", fr: "votre visage" } },
  neck: { option: { en: "Neck", fr: "Cou" }, noun: { en: "your neck", fr: "votre cou" } },
  chest: { option: { en: "Chest", fr: "Décolleté" }, noun: { en: "your chest", fr: "votre décolleté" } },
  hands: { option: { en: "Hands", fr: "Mains" }, noun: { en: "your hands", fr: "vos mains" } },
  scalp: { option: { en: "Scalp", fr: "Cuir chevelu" }, noun: { en: "your scalp", fr: "votre cuir chevelu" } },
  body: {
    option: {
      en: "Another part of your body, such as your tummy, thighs or back",
      fr: "Une autre partie du corps, comme le ventre, les cuisses ou le dos",
    },
    noun: { en: "your body", fr: "votre corps" },
  },
};

const CONCERN_WORDS: Readonly<Record<string, Words>> = {
  "acne-scars": { en: "Acne scars", fr: "Cicatrices d’acné" },
  "fine-lines": { en: "Fine lines and wrinkles", fr: "Ridules et rides" },
  texture: { en: "Rough or uneven texture", fr: "Texture rugueuse ou inégale" },
  pores: { en: "Large-looking pores", fr: "Pores qui semblent dilatés" },
  pigmentation: { en: "Dark spots or uneven tone", fr: "Taches brunes ou teint inégal" },
  scars: { en: "Scars from surgery or an injury", fr: "Cicatrices d’une chirurgie ou d’une blessure" },
  laxity: { en: "Skin that has lost its firmness", fr: "Peau qui a perdu de sa fermeté" },
  "stretch-marks": { en: "Stretch marks", fr: "Vergetures" },
  "hair-thinning": { en: "Thinning hair", fr: "Cheveux clairsemés" },
  other: { en: "Something else", fr: "Autre chose" },
};

/** The ten Fitzpatrick items (docs/clinical/README.md, ref-41, ref-42), in each language. */
const FITZPATRICK_WORDS: readonly Readonly<Record<keyof Words, FitzpatrickItem>>[] = [
  {
    en: {
      text: "What colour are your eyes?",
      answers: ["Light blue, light grey or light green", "Blue, grey or green", "Hazel or light brown", "Dark brown", "Brownish black"],
    },
    fr: {
      text: "De quelle couleur sont vos yeux?",
      answers: [
        "Bleu clair, gris clair ou vert clair",
        "Bleus, gris ou verts",
        "Noisette ou brun clair",
        "Brun foncé",
        "D’un brun presque noir",
      ],
    },
  },
  {
    en: {
      text: "What is your natural hair colour?",
      answers: ["Red or sandy red", "Blond", "Chestnut or dark blond", "Dark brown", "Black"],
    },
    fr: {
      text: "Quelle est la couleur naturelle de vos cheveux?",
      answers: ["Roux ou blond vénitien", "Blonds", "Châtains ou blond foncé", "Brun foncé", "Noirs"],
    },
  },
  {
    en: {
      text: "What colour is your skin where the sun doesn't reach it?",
      answers: ["Reddish", "Very pale", "Pale with a beige tint", "Light brown", "Dark brown"],
    },
    fr: {
      text: "De quelle couleur est votre peau là où le soleil ne l’atteint pas?",
      answers: ["Rougeâtre", "Très pâle", "Pâle, avec une teinte beige", "Brun clair", "Brun foncé"],
    },
  },
  {
    en: { text: "Do you have freckles on skin that is usually covered?", answers: ["Many", "Several", "A few", "Hardly any", "None"] },
    fr: {
      text: "Avez-vous des taches de rousseur sur la peau habituellement couverte?",
      answers: ["Beaucoup", "Plusieurs", "Quelques-unes", "Presque pas", "Aucune"],
    },
  },
  {
    en: {
      text: "What happens to your skin when you stay in the sun too long?",
      answers: [
        "It goes red and painful, blisters and peels",
        "It blisters, then peels",
        "It burns, and sometimes peels",
        "It burns only rarely",
        "It never burns",
      ],
    },
    fr: {
      text: "Que se passe-t-il avec votre peau quand vous restez trop longtemps au soleil?",
      answers: [
        "Elle devient rouge et douloureuse, fait des cloques et pèle",
        "Elle fait des cloques, puis pèle",
        "Elle brûle, et pèle parfois",
        "Elle ne brûle que rarement",
        "Elle ne brûle jamais",
      ],
    },
  },
  {
    en: {
      text: "How much do you tan?",
      answers: ["Hardly or not at all", "A light tan", "A medium tan", "A deep tan, easily", "I go dark brown quickly"],
    },
    fr: {
      text: "À quel point bronzez-vous?",
      answers: [
        "Très peu ou pas du tout",
        "Un léger bronzage",
        "Un bronzage moyen",
        "Un bronzage foncé, facilement",
        "Ma peau devient vite brun foncé",
      ],
    },
  },
  {
    en: { text: "Does your skin turn brown within a few hours in the sun?", answers: ["Never", "Seldom", "Sometimes", "Often", "Always"] },
    fr: { text: "Votre peau brunit-elle en quelques heures au soleil?", answers: ["Jamais", "Rarement", "Parfois", "Souvent", "Toujours"] },
  },
  {
    en: {
      text: "How does the skin on your face react to the sun?",
      answers: ["Very sensitive", "Sensitive", "Normal", "Very resistant", "It never gives me trouble"],
    },
    fr: {
      text: "Comment la peau de votre visage réagit-elle au soleil?",
      answers: ["Très sensible", "Sensible", "Normale", "Très résistante", "Elle ne me cause jamais de problème"],
    },
  },
  {
    en: {
      text: "When did you last spend time tanning — in the sun, on a sunbed, or with a self-tanning cream?",
      answers: ["More than 3 months ago", "2 to 3 months ago", "1 to 2 months ago", "Less than a month ago", "Less than 2 weeks ago"],
    },
    fr: {
      text: "Quand avez-vous bronzé pour la dernière fois — au soleil, dans un lit de bronzage ou avec une crème autobronzante?",
      answers: ["Il y a plus de 3 mois", "Il y a 2 à 3 mois", "Il y a 1 à 2 mois", "Il y a moins d’un mois", "Il y a moins de 2 semaines"],
    },
  },
  {
    en: { text: "How often is your face in the sun?", answers: ["Never", "Hardly ever", "Sometimes", "Often", "Always"] },
    fr: {
      text: "À quelle fréquence votre visage est-il exposé au soleil?",
      answers: ["Jamais", "Presque jamais", "Parfois", "Souvent", "Toujours"],
    },
  },
];

const CONDITION_WORDS: Readonly<Record<string, Words>> = {
  "bleeding-disorder": {
    en: "A bleeding or clotting disorder, such as haemophilia",
    fr: "Un trouble de saignement ou de coagulation, comme l’hémophilie",
  },
  "autoimmune-lupus": { en: "Lupus", fr: "Lupus" },
  "autoimmune-scleroderma": { en: "Scleroderma", fr: "Sclérodermie" },
  "autoimmune-other": {
    en: "Another autoimmune condition, such as rheumatoid arthritis",
    fr: "Une autre maladie auto-immune, comme la polyarthrite rhumatoïde",
  },
  immunosuppression: {
    en: "An illness or treatment that weakens your immune system",
    fr: "Une maladie ou un traitement qui affaiblit votre système immunitaire",
  },
  "cancer-treatment-last-12-months": {
    en: "Chemotherapy or radiation therapy in the last 12 months",
    fr: "De la chimiothérapie ou de la radiothérapie au cours des 12 derniers mois",
  },
  "keloid-history": {
    en: "Keloid scars: raised, thick scars that grow bigger than the cut or spot they came from",
    fr: "Des chéloïdes\u00a0: des cicatrices épaisses et en relief, qui deviennent plus grandes que la coupure ou le bouton d’origine",
  },
  "hsv-history": { en: "Cold sores, from time to time", fr: "Des feux sauvages, de temps en temps" },
  "metal-allergy": {
    en: "An allergy to metal, such as nickel or stainless steel",
    fr: "Une allergie aux métaux, comme le nickel ou l’acier inoxydable",
  },
  "anaesthetic-allergy": {
    en: "An allergy to numbing creams or local anaesthetics, such as lidocaine",
    fr: "Une allergie aux crèmes anesthésiantes ou aux anesthésiques locaux, comme la lidocaïne",
  },
  // Version 2.
  "hypertrophic-scars": {
    en: "Raised, thick scars that stay within the cut or spot they came from (hypertrophic scars)",
    fr: "Des cicatrices épaisses et en relief qui restent dans les limites de la coupure ou du bouton d’origine (cicatrices hypertrophiques)",
  },
  vitiligo: { en: "Vitiligo", fr: "Du vitiligo" },
  "lichen-planus": { en: "Lichen planus", fr: "Du lichen plan" },
  "collagen-vascular-other": {
    en: "Another connective tissue disease, such as dermatomyositis or mixed connective tissue disease",
    fr: "Une autre maladie du tissu conjonctif, comme la dermatomyosite ou la connectivite mixte",
  },
  [NONE]: NONE_OF_THESE,
};

const SKIN_NOW_WORDS: Readonly<Record<string, Words>> = {
  infection: {
    en: "A skin infection, such as impetigo, a fungal rash or warts",
    fr: "Une infection de la peau, comme l’impétigo, une mycose ou des verrues",
  },
  "acne-breakout": { en: "An acne breakout", fr: "Une poussée d’acné" },
  "cold-sore": { en: "A cold sore", fr: "Un feu sauvage" },
  "open-wound": { en: "A cut, graze, open wound or sore", fr: "Une coupure, une éraflure, une plaie ouverte ou une lésion" },
  "eczema-flare": { en: "Eczema that is flaring up", fr: "De l’eczéma en poussée" },
  "psoriasis-flare": { en: "Psoriasis that is flaring up", fr: "Du psoriasis en poussée" },
  "rosacea-flare": { en: "Rosacea that is flaring up", fr: "De la rosacée en poussée" },
  sunburn: { en: "Sunburn", fr: "Un coup de soleil" },
  irritation: { en: "Irritated, raw or peeling skin", fr: "Une peau irritée, à vif ou qui pèle" },
  "suspicious-lesion": {
    en: "A mole or spot that has changed, bleeds, or worries you",
    fr: "Un grain de beauté ou une tache qui a changé, qui saigne ou qui vous inquiète",
  },
  // Version 2.
  "solar-keratosis": {
    en: "Rough, scaly sun spots (solar keratoses)",
    fr: "Des taches rugueuses et squameuses causées par le soleil (kératoses solaires)",
  },
  "raised-mole-or-wart": { en: "A raised mole or a wart", fr: "Un grain de beauté en relief ou une verrue" },
  tan: { en: "A tan, from the sun or a sunbed", fr: "Un bronzage, au soleil ou au salon de bronzage" },
  [NONE]: NONE_OF_THESE,
};

const PROCEDURE_WORDS: Readonly<Record<Procedure, Words>> = {
  "chemical-peel": { en: "Chemical peel", fr: "Peeling chimique" },
  laser: { en: "Laser treatment", fr: "Traitement au laser" },
  ipl: { en: "IPL (intense pulsed light), or a photofacial", fr: "IPL (lumière intense pulsée), ou photofacial" },
  neurotoxin: {
    en: "Anti-wrinkle injections, such as Botox, Dysport or Xeomin",
    fr: "Injections antirides, comme Botox, Dysport ou Xeomin",
  },
  "dermal-filler": { en: "Dermal filler", fr: "Agent de comblement" },
  microneedling: { en: "Microneedling", fr: "Microneedling" },
  // Version 2.
  "radiation-therapy": { en: "Radiation therapy (radiotherapy)", fr: "Radiothérapie" },
  "facial-surgery": { en: "Surgery", fr: "Une chirurgie" },
  trauma: {
    en: "An injury, such as a deep cut, a burn or a broken bone",
    fr: "Une blessure, comme une coupure profonde, une brûlure ou une fracture",
  },
  waxing: { en: "Waxing", fr: "Épilation à la cire" },
  electrolysis: { en: "Electrolysis", fr: "Électrolyse" },
  depilatory: { en: "Hair-removal cream", fr: "Crème dépilatoire" },
  "permanent-filler": { en: "Permanent filler, such as silicone", fr: "Agent de comblement permanent, comme la silicone" },
  threads: { en: "Threads, or a thread lift", fr: "Fils tenseurs, ou lifting par fils" },
};

/** One language's displays of a table, by code, in the table's order. */
function displaysIn<K extends string>(table: Readonly<Record<K, Words>>, language: keyof Words): Record<K, string> {
  return Object.fromEntries(Object.entries<Words>(table).map(([code, words]) => [code, words[language]])) as Record<K, string>;
}

/** One language's displays of the areas, as answers or as the questions name them. */
const areaDisplays = (part: "option" | "noun", language: keyof Words): Record<Area, string> =>
  Object.fromEntries(AREAS.map((area) => [area, AREA_WORDS[area][part][language]])) as Record<Area, string>;

/** A table's answers in English, in its order. */
const englishOptions = <K extends string>(table: Readonly<Record<K, Words>>): (readonly [K, string])[] =>
  Object.entries(displaysIn(table, "en")) as [K, string][];

export const AREA_OPTIONS: readonly (readonly [Area, string])[] = AREAS.map((area) => [area, AREA_WORDS[area].option.en] as const);

/** How the questions name each area, lower case: "on your face". */
export const AREA_NOUNS: Record<Area, string> = areaDisplays("noun", "en");

export const CONCERNS: Record<string, string> = displaysIn(CONCERN_WORDS, "en");

/** What people usually hope to improve, area by area; "other" always last. */
export const CONCERNS_BY_AREA: Record<Area, readonly string[]> = {
  face: ["acne-scars", "fine-lines", "texture", "pores", "pigmentation", "scars", "laxity", "other"],
  neck: ["fine-lines", "laxity", "texture", "pigmentation", "scars", "other"],
  chest: ["fine-lines", "pigmentation", "texture", "scars", "other"],
  hands: ["fine-lines", "pigmentation", "texture", "other"],
  scalp: ["hair-thinning", "other"],
  body: ["stretch-marks", "acne-scars", "scars", "texture", "other"],
};

export const concernsLinkId = (area: Area) => `concerns-${area}`;

/** The ten Fitzpatrick items, each answered 0..4 (docs/clinical/README.md, ref-41, ref-42). */
export const FITZPATRICK_ITEMS: readonly FitzpatrickItem[] = FITZPATRICK_WORDS.map((f) => f.en);

export const fitzpatrickLinkId = (n: number) => `fitzpatrick-${n}`;
export const FITZPATRICK_LINK_IDS = FITZPATRICK_ITEMS.map((_, i) => fitzpatrickLinkId(i + 1));

export const CONDITION_OPTIONS: readonly Option[] = englishOptions(CONDITION_WORDS);

export const SKIN_NOW_OPTIONS: readonly Option[] = englishOptions(SKIN_NOW_WORDS);

export const PROCEDURE_OPTIONS: readonly (readonly [Procedure, string])[] = englishOptions(PROCEDURE_WORDS);

// ---- the same answers in French (questionnaire-fr.ts) ----------------------------------

export const NONE_OF_THESE_FR = NONE_OF_THESE.fr;
export const AREAS_FR: Readonly<Record<Area, string>> = areaDisplays("option", "fr");
/** How the questions name each area: "sur votre visage". */
export const AREA_NOUNS_FR: Readonly<Record<Area, string>> = areaDisplays("noun", "fr");
export const CONCERNS_FR: Readonly<Record<string, string>> = displaysIn(CONCERN_WORDS, "fr");
export const FITZPATRICK_FR: readonly FitzpatrickItem[] = FITZPATRICK_WORDS.map((f) => f.fr);
export const CONDITIONS_FR: Readonly<Record<string, string>> = displaysIn(CONDITION_WORDS, "fr");
export const SKIN_NOW_FR: Readonly<Record<string, string>> = displaysIn(SKIN_NOW_WORDS, "fr");
export const PROCEDURES_FR: Readonly<Record<string, string>> = displaysIn(PROCEDURE_WORDS, "fr");
