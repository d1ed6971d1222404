// The screening reasons as a French-speaking client reads them. The engine
// words every reason in English (`clientMessage`, part of the public contract,
// the API and the staff views); the pages a client sees pick the wording by
// the reason's stable `ruleId` here instead. Server-side on purpose: the
// self-check does not hydrate, so none of this reaches a browser bundle.
//
// Each French wording says exactly what the rule's English `clientMessage`
// says, with the same `{parameters}` (reasons-fr.test.ts checks every rule the
// engine can produce has one). A dated rule's `{period}` is the clinic's
// effective period, written the French way ("6 mois", "14 jours").
import type { ClientLocale } from "../clients/locale.ts";
import type { Period } from "./dates.ts";
import { PERIOD_SLOT, type RuleId } from "./rule-model.ts";
import { type EffectiveRules } from "./effective-rules.ts";
import type { Reason } from "./types.ts";

/** Keeps a number with its unit on one line. */
const NBSP = "\u00a0";

export const CLIENT_MESSAGES_FR: Readonly<Record<RuleId, string>> = Object.freeze({
  "bleeding-disorder":
    "Comme vous avez un problème de santé qui touche la coagulation de votre sang, le microneedling n’est pas un choix sécuritaire pour vous. Nous serons heureux de vous parler d’autres traitements qui pourraient vous convenir.",
  anticoagulant:
    "Le microneedling ne vous convient pas tant que vous prenez un médicament pour éclaircir le sang, parce que les minuscules canaux qu’il crée dans la peau pourraient saigner plus que la normale. Continuez de prendre votre médicament exactement comme il vous a été prescrit. Nous serons heureux de vous proposer d’autres traitements.",
  "keloid-history":
    "Comme votre peau a déjà formé des cicatrices épaisses et en relief (des chéloïdes), le microneedling pourrait en causer de nouvelles. Nous serons heureux de vous proposer des options plus douces.",
  "metal-allergy":
    "Les aiguilles utilisées pour le traitement sont en métal. Avec votre allergie aux métaux, le microneedling ne vous convient donc pas. Nous serons heureux de vous proposer d’autres traitements.",
  autoimmune:
    "Comme vous avez une maladie auto-immune, une praticienne ou un praticien passera vos réponses en revue avant que nous confirmions ce traitement. Nous pourrions vous demander une note de votre médecin.",
  "diabetes-uncontrolled":
    "Quand la glycémie n’est pas bien contrôlée, la peau peut guérir plus lentement. Une praticienne ou un praticien passera d’abord vos réponses en revue et pourrait vous demander l’accord de votre médecin.",
  immunosuppression:
    "Un problème de santé ou un médicament qui diminue vos défenses immunitaires peut ralentir la guérison. Une praticienne ou un praticien passera d’abord vos réponses en revue et pourrait vous demander l’accord de votre médecin.",
  "cancer-treatment":
    "Comme vous avez reçu un traitement contre le cancer au cours de la dernière année, une praticienne ou un praticien discutera avec vous avant que nous confirmions ce traitement. Nous pourrions vous demander l’accord de votre médecin.",
  "suspicious-lesion":
    "Vous avez mentionné un grain de beauté ou une tache qui a changé ou qui a un aspect inhabituel, là où vous aimeriez un traitement. Comme nous ne traitons jamais par-dessus une tache de ce genre, une praticienne ou un praticien l’examinera d’abord et pourrait vous suggérer de la montrer à votre médecin.",
  minor: `Comme vous avez moins de 18${NBSP}ans, une praticienne ou un praticien discutera avec vous, et au besoin avec votre parent ou tuteur, avant qu’un traitement soit réservé.`,
  pregnancy:
    "Le microneedling n’est pas recommandé pendant la grossesse, car il n’a pas été étudié dans cette situation, et certaines crèmes anesthésiantes et certains sérums utilisés avec lui sont déconseillés. Nous serons ravis de vous accueillir après votre grossesse; il suffira alors de mettre vos réponses à jour.",
  breastfeeding:
    "Nous vous recommandons d’attendre la fin de l’allaitement, car certaines crèmes anesthésiantes et certains sérums utilisés avec le traitement sont déconseillés pendant cette période. Mettez simplement vos réponses à jour quand le moment sera venu.",
  isotretinoin:
    "L’isotrétinoïne (par exemple Accutane, Epuris ou Clarus) modifie la façon dont votre peau guérit. Nous vous demandons donc d’attendre {period} après votre dernière dose avant un traitement de microneedling. Ne changez rien à votre ordonnance pour cette raison; nous serons heureux de vous accueillir le moment venu.",
  "active-infection":
    "Une infection, une plaie ouverte ou une lésion là où vous aimeriez un traitement doit d’abord guérir, pour que le traitement ne la propage pas et ne ralentisse pas votre guérison. Une fois qu’elle sera complètement guérie, mettez vos réponses à jour et nous vous proposerons un rendez-vous.",
  "active-acne":
    "Une poussée d’acné là où vous aimeriez un traitement doit d’abord se calmer, car le passage des aiguilles pourrait propager des bactéries et irriter votre peau. Une fois votre peau apaisée, mettez vos réponses à jour et nous vous proposerons un rendez-vous.",
  "cold-sore":
    "Nous vous demandons d’attendre que votre feu sauvage soit complètement guéri, car un traitement tout près pourrait le propager. Une fois qu’il aura disparu, mettez vos réponses à jour (en nous indiquant que vous avez des feux sauvages de temps en temps) et nous vous proposerons un rendez-vous.",
  "inflammatory-flare":
    "Une poussée d’eczéma, de psoriasis ou de rosacée là où vous aimeriez un traitement doit d’abord se calmer, car le traitement pourrait l’aggraver. Une fois qu’elle se sera résorbée, mettez vos réponses à jour et nous vous proposerons un rendez-vous.",
  sunburn:
    "Après un coup de soleil ou une irritation, votre peau doit se rétablir avant un traitement. Quand elle sera revenue à la normale, mettez vos réponses à jour et nous vous proposerons un rendez-vous.",
  "recent-chemical-peel":
    "Votre peau a besoin de temps pour se rétablir après un peeling chimique. Nous vous demandons donc d’attendre {period} après le peeling avant un microneedling sur la même zone.",
  "recent-laser":
    "Votre peau a besoin de temps pour se rétablir après un traitement au laser ou à la lumière intense pulsée (IPL). Nous vous demandons donc d’attendre {period} après celui-ci avant un microneedling sur la même zone.",
  "recent-neurotoxin":
    "Après des injections antirides (comme le Botox), nous vous demandons d’attendre {period} avant un microneedling sur la même zone, pour que le produit ait le temps de se fixer là où il a été injecté.",
  "recent-filler":
    "Après l’injection d’un agent de comblement, nous vous demandons d’attendre {period} avant un microneedling sur la même zone, pour que le produit se stabilise et que la zone guérisse bien.",
  "recent-microneedling":
    "Votre peau continue de se régénérer pendant des semaines après un microneedling. Nous laissons donc {period} entre deux séances sur la même zone.",
  "topical-retinoid":
    "Les crèmes aux rétinoïdes (comme le rétinol ou la trétinoïne) rendent votre peau plus sensible. Cessez d’utiliser la vôtre; nous pourrons vous traiter {period} après votre dernière application.",
  "topical-retinoid-pause":
    "N’utilisez pas votre crème aux rétinoïdes (comme le rétinol ou la trétinoïne) dans les jours qui précèdent votre traitement, et attendez le feu vert de votre praticienne ou praticien avant de la reprendre ensuite, habituellement après environ une semaine.",
  "diabetes-controlled":
    "Comme vous avez le diabète, votre praticienne ou praticien portera une attention particulière à l’hygiène et vérifiera la guérison de votre peau entre les séances. Garder une glycémie stable vous aide à bien guérir.",
  "hsv-history":
    "Comme vous avez déjà eu des feux sauvages, un traitement au visage peut parfois en déclencher un. Avant votre rendez-vous, parlez-en à votre médecin, qui pourrait vous suggérer un médicament pour aider à le prévenir.",
  "anaesthetic-allergy":
    "Comme vous êtes allergique aux anesthésiques, nous n’utiliserons pas de crème anesthésiante. Votre praticienne ou praticien vous expliquera ce que vous ressentirez pendant le traitement et comment nous veillerons à votre confort.",
  "darker-phototype":
    "Votre type de peau est plus susceptible de garder des taches foncées temporaires après un traitement. Votre praticienne ou praticien choisira des réglages doux et pourrait d’abord vous proposer un essai sur une petite zone; un écran solaire appliqué chaque jour par la suite aide beaucoup.",
  expectations:
    "Le microneedling peut atténuer les rides et les cicatrices et améliorer la texture de votre peau, mais il ne fait pas disparaître complètement les rides profondes ni les cicatrices sévères. Lors de votre consultation, nous parlerons des résultats auxquels vous pouvez vous attendre.",
  // Additions (December 2026).
  "radiation-therapy":
    "Comme vous avez reçu de la radiothérapie là où vous aimeriez un traitement, une praticienne ou un praticien passera vos réponses en revue avant que nous confirmions ce traitement. Une peau irradiée peut guérir différemment, même des années plus tard; nous pourrions donc vous demander l’accord de votre médecin.",
  "hypertrophic-scars":
    "Comme votre peau a déjà formé des cicatrices épaisses et en relief, une praticienne ou un praticien examinera vos réponses et votre peau avant que nous confirmions ce traitement.",
  vitiligo:
    "Comme vous avez du vitiligo, une praticienne ou un praticien passera vos réponses en revue avant que nous confirmions ce traitement, car de petites blessures à la peau peuvent parfois faire apparaître de nouvelles taches.",
  "lichen-planus":
    "Comme vous avez du lichen plan, une praticienne ou un praticien passera vos réponses en revue avant que nous confirmions ce traitement, car de petites blessures à la peau peuvent parfois déclencher une nouvelle éruption.",
  "collagen-vascular":
    "Comme vous avez une maladie du tissu conjonctif, une praticienne ou un praticien passera vos réponses en revue avant que nous confirmions ce traitement. Nous pourrions vous demander une note de votre médecin.",
  "solar-keratosis":
    "Vous avez mentionné des taches rugueuses et squameuses causées par le soleil là où vous aimeriez un traitement. Une praticienne ou un praticien les examinera d’abord et pourrait vous suggérer de les montrer à votre médecin avant que nous traitions cette zone.",
  "permanent-filler-or-threads":
    "Comme vous avez reçu un agent de comblement permanent ou des fils tenseurs là où vous aimeriez un traitement, une praticienne ou un praticien examinera vos réponses et la zone avant que nous confirmions ce traitement.",
  "raised-mole-or-wart":
    "Vous avez mentionné un grain de beauté en relief ou une verrue là où vous aimeriez un traitement. Une praticienne ou un praticien l’examinera d’abord : nous traitons autour d’un grain de beauté, et une verrue doit disparaître avant que nous traitions cette zone.",
  tan: "Une peau bronzée est plus susceptible de garder des taches foncées après un traitement. Nous vous demandons donc d’attendre que votre bronzage ait disparu. Ensuite, mettez vos réponses à jour et nous vous proposerons un rendez-vous.",
  "recent-surgery-or-trauma":
    "Après une chirurgie ou une blessure là où vous aimeriez un traitement, les tissus continuent de guérir pendant des mois. Nous vous demandons donc d’attendre {period} avant un microneedling sur cette zone.",
  "recent-hair-removal":
    "L’épilation à la cire, l’électrolyse et les crèmes dépilatoires laissent votre peau sensible pendant quelques jours. Nous vous demandons donc d’attendre {period} après celles-ci avant un microneedling sur la même zone.",
  "otc-blood-thinner":
    "Certains analgésiques et suppléments, comme l’ibuprofène, l’huile de poisson, la vitamine E, le ginkgo ou l’ail, peuvent favoriser les bleus ou de légers saignements. Dites à votre praticienne ou praticien ce que vous prenez. N’arrêtez aucun médicament prescrit par votre médecin.",
});

/** "6 mois", "1 mois", "14 jours", "1 jour": how the French messages name a period. */
export function periodTextFr(period: Period): string {
  if ("months" in period) return `${period.months}${NBSP}mois`;
  return `${period.days}${NBSP}${period.days === 1 ? "jour" : "jours"}`;
}

function hasFrench(ruleId: string): ruleId is RuleId {
  return Object.hasOwn(CLIENT_MESSAGES_FR, ruleId);
}

/**
 * A rule's French client wording with its effective period filled in; null when
 * there is none to give (an id no rule has, or a dated wording without a period).
 */
export function clientMessageFr(ruleId: string, period: Period | null): string | null {
  if (!hasFrench(ruleId)) return null;
  const template = CLIENT_MESSAGES_FR[ruleId];
  if (!template.includes(PERIOD_SLOT)) return template;
  return period === null ? null : template.replaceAll(PERIOD_SLOT, periodTextFr(period));
}

export interface ClientReasonText {
  text: string;
  /** The language `text` is written in: the one asked for, or English when no other wording exists. */
  lang: ClientLocale;
}

/**
 * What a client reads for one reason of a result screened with `rules`, in
 * their language. English is the engine's own message, unchanged.
 */
export function clientReasonText(
  reason: Pick<Reason, "ruleId" | "clientMessage">,
  rules: EffectiveRules,
  locale: ClientLocale,
): ClientReasonText {
  if (locale === "fr") {
    const period = rules.rules.find((r) => r.id === reason.ruleId)?.period ?? null;
    const text = clientMessageFr(reason.ruleId, period);
    if (text !== null) return { text, lang: "fr" };
  }
  return { text: reason.clientMessage, lang: "en" };
}
