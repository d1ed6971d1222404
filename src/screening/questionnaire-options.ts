// The answers the intake questionnaire offers, in English: the areas, the
// concerns area by area, the ten Fitzpatrick items, the conditions, the skin
// findings and the treatments. Codes are the screening contract's where the
// contract has one, so an answer maps to the Intake without a table. The
// French displays are in questionnaire-fr.ts, keyed by the same codes.
import type { Area, Procedure } from "./types.ts";

/** An answer: its code and what the client reads. */
export type Option = readonly [code: string, display: string];

export const NONE = "none";

export const AREA_OPTIONS: readonly (readonly [Area, string])[] = [
  ["face", "Face"],
  ["neck", "Neck"],
  ["chest", "Chest"],
  ["hands", "Hands"],
  ["scalp", "Scalp"],
  ["body", "Another part of your body, such as your tummy, thighs or back"],
];

/** How the questions name each area, lower case: "on your face". */
export const AREA_NOUNS: Record<Area, string> = {
  face: "your face",
  neck: "your neck",
  chest: "your chest",
  hands: "your hands",
  scalp: "your scalp",
  body: "your body",
};

export const CONCERNS: Record<string, string> = {
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
export const FITZPATRICK_ITEMS: readonly { text: string; answers: readonly [string, string, string, string, string] }[] = [
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

export const CONDITION_OPTIONS: readonly Option[] = [
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

export const SKIN_NOW_OPTIONS: readonly Option[] = [
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

export const PROCEDURE_OPTIONS: readonly (readonly [Procedure, string])[] = [
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
