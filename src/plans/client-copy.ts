// The words a client reads in their plan, written once when the version is
// offered and stored inside it, so the signed text is exactly what they saw.
// They are written in one language, fixed at offer time: English, or French
// for a client who reads French. An English copy carries no `locale` (as every
// copy offered before there was a choice), so what those versions hash to
// never changes; a French one says `locale: "fr"`.
import { clientLocaleOf, type ClientLocale } from "../clients/locale.ts";
import { depthRow } from "./depths.ts";
import { achievabilityStatement, estimateVisit, expectedDowntime, packageSummary } from "./estimate.ts";
import { indicationLabel } from "./indications.ts";
import type { ClientCopy, IndicationId, PlanDraft, PlanZone, ZoneId } from "./types.ts";
import { INDICATION_IDS } from "./types.ts";
import { isZoneId, ZONES } from "./zones.ts";

/** A client copy with the language it is written in (absent: English). */
export interface ClientCopyIn extends ClientCopy {
  locale?: ClientLocale;
}

/** The language a stored client copy is written in. */
export function copyLocaleOf(copy: ClientCopy): ClientLocale {
  return clientLocaleOf((copy as ClientCopyIn).locale);
}

export function clientCopyOf(
  draft: PlanDraft,
  practitionerName: string | null,
  offeredAt: number,
  locale: ClientLocale = "en",
  /** The earliest first session when offered (ClientCopy.earliestStart); undefined leaves it out. */
  earliestStart?: string | null,
): ClientCopy {
  const visit = estimateVisit(draft.zones, draft.numbingCream);
  const words = PLAN_WORDS[locale];
  const copy: ClientCopyIn = {
    zones: draft.zones.map((z) => ({
      zone: z.zone,
      label: zoneLabelIn(locale, z.zone),
      indicationLabel: indicationLabelIn(locale, z.indication),
      clinicDefault: depthRow(z.zone, z.indication)?.clinicDefault ?? true,
    })),
    visitMinutes: visit.minutes,
    numbingMinutes: visit.numbingMinutes,
    ...skinWords(draft, locale),
    downtime: words.downtime(draft.zones),
    aftercare: planAftercare(draft, locale),
    achievability: words.achievability(draft),
    price: words.price(draft),
    practitionerName,
    offeredAt,
    ...(earliestStart !== undefined ? { earliestStart } : {}),
    ...(locale === "fr" ? { locale } : {}),
  };
  return copy;
}

/** The paragraphs of a copy written differently in each language. */
const PLAN_WORDS: Readonly<
  Record<
    ClientLocale,
    { downtime: (zones: readonly PlanZone[]) => string; achievability: (draft: PlanDraft) => string; price: (draft: PlanDraft) => string }
  >
> = {
  en: { downtime: expectedDowntime, achievability: achievabilityStatement, price: (draft) => packageSummary(draft).text },
  fr: { downtime: frenchDowntime, achievability: frenchAchievability, price: frenchPackageText },
};

/**
 * What goes on the client's skin, in their words: the numbing cream (product,
 * agent, areas, the reason for a larger area) and the glide during needling.
 * Nothing for a plan stored before these were recorded, so its copy (and the
 * hash the client signed) is unchanged. Never suggests covering or wrapping
 * the cream: the FDA advises against it [ref-38].
 */
function skinWords(draft: PlanDraft, locale: ClientLocale): Pick<ClientCopy, "numbing" | "glide"> {
  const out: Pick<ClientCopy, "numbing" | "glide"> = {};
  const detail = draft.numbingDetail;
  if (draft.numbingCream && detail && draft.numbing) {
    const areas = draft.numbing.zones.map((z) => zoneLabelIn(locale, z));
    const reason = draft.numbing.overMaximumReason.trim();
    out.numbing =
      locale === "fr"
        ? `${detail.product.name} (${detail.product.agent}) sur${NBSP}: ${listAreasFr(areas)}, environ ${detail.areaCm2}${NBSP}cm². Elle est appliquée en couche mince, sans être couverte ni enveloppée.${reason ? ` Une surface plus grande que d’habitude est anesthésiée${NBSP}: ${reason}` : ""}`
        : `${detail.product.name} (${detail.product.agent}) on: ${listAreasEn(areas)}, about ${detail.areaCm2} cm². It is applied thinly and is not covered or wrapped.${reason ? ` A larger area than usual is numbed: ${reason}` : ""}`;
  }
  if (draft.glide) {
    const sterile = draft.glide.sterile && draft.glide.singleUse;
    out.glide =
      locale === "fr"
        ? `Pendant le traitement, ${draft.glide.name} est sur votre peau${sterile ? `${NBSP}: un produit stérile à usage unique, ouvert pour vous et jamais réutilisé.` : "."}`
        : `While the needles work, ${draft.glide.name} is on your skin${sterile ? ": a sterile, single-use product, opened for you and not reused." : "."}`;
  }
  return out;
}

/** The heading over the glide sentence, in the copy's language. */
export function skinHeadingsIn(locale: ClientLocale): { glide: string } {
  return locale === "fr" ? { glide: "Sur votre peau pendant le traitement" } : { glide: "On your skin during needling" };
}

function listAreasEn(labels: string[]): string {
  if (labels.length <= 1) return labels.join("");
  return `${labels.slice(0, -1).join("; ")} and ${labels.at(-1)}`;
}

/** The client's words for a version: as offered when it was, or as they would be now for a draft. */
export function clientCopyFor(draft: PlanDraft, practitionerName: string | null = null, locale: ClientLocale = "en"): ClientCopy {
  return draft.clientCopy ?? clientCopyOf(draft, practitionerName, 0, locale);
}

// ---------------------------------------------------------------------------
// Aftercare, in both languages. It lives here rather than in estimate.ts
// because its sources had to be corrected (docs/clinical/README.md):
// - sunscreen from the treatment day, for at least 48 hours and for the long
//   term, is the peer-reviewed advice [ref-19] and the default; some clinic
//   protocols hold it for the first 24 hours [ref-52], which the copy says,
//   with its strength. No clinic setting for aftercare text exists yet.
// - no makeup for 24 hours, no hard exercise for 72 hours and no retinoids or
//   acids for days 1–6 are clinic-protocol timings [ref-52].
// - pools, saunas and hot tubs for 48–72 hours and a clean pillowcase are the
//   clinic's own infection-control advice: the reference lists neither, so
//   they cite nothing and say whose advice they are.
// - a pigmentation plan names no cream it would supply: the studied one
//   [ref-14] is a prescription whose retinoid meets the retinoid pause.

const NBSP = "\u00a0";

const AFTERCARE_EN = {
  treatmentDay:
    "Treatment day: your skin will look red, like a sunburn. Keep it clean, use only what your practitioner applied or gave you, and stay out of direct sun. No makeup for the first 24 hours.",
  sunscreen:
    "Sunscreen: wear it from the day of treatment, every day for at least the first 48 hours and then between sessions and after your last one, as a peer-reviewed review advises. Some clinic protocols (not peer-reviewed) wait 24 hours before the first sunscreen; if your practitioner prefers that, they will tell you.",
  hygiene:
    "Hygiene (our clinic's own advice): wash your hands before you touch the treated skin, and sleep on a freshly washed pillowcase for the first few nights.",
  water: "First 2 to 3 days: no swimming pools, saunas or hot tubs for 48 to 72 hours, as our clinic's own infection-control advice.",
  exercise: "Days 1 to 3: skip hard exercise and heavy sweating for the first 72 hours.",
  retinoids:
    "Days 1 to 6: no retinoids (such as retinol or tretinoin) and no exfoliating acids (AHAs or BHAs). Ask your practitioner before you start them again.",
  week: "Up to day 7: some redness, swelling, dryness or flaking is normal and fades by itself. Call us if your skin becomes more painful, hot or swollen, weeps, or looks infected.",
  pigmentRisk: "Every day: sun protection matters even more for you, because sun on healing skin can leave dark marks.",
  prescriptionCream:
    "Prescription lightening cream: we don't supply one, but a physician may prescribe it for pigmentation. If you use one, ask your practitioner when to pause it around each session: such creams usually contain a retinoid.",
  scalp: "Scalp: ask your practitioner when to start your hair-loss treatment (such as minoxidil) again.",
  next: (min: number, max: number) =>
    min === max
      ? `Next session: in ${min} days, once your skin has settled.`
      : `Next session: in ${min} to ${max} days, once your skin has settled.`,
};

const AFTERCARE_FR: typeof AFTERCARE_EN = {
  treatmentDay: `Jour du traitement${NBSP}: votre peau sera rouge, comme après un coup de soleil. Gardez-la propre, n’utilisez que ce que votre praticienne ou praticien a appliqué ou vous a remis, et évitez le soleil direct. Pas de maquillage pendant les 24${NBSP}premières heures.`,
  sunscreen: `Écran solaire${NBSP}: portez-en dès le jour du traitement, chaque jour pendant au moins les 48${NBSP}premières heures, puis entre les séances et après la dernière, comme le conseille une revue évaluée par les pairs. Certains protocoles de cliniques (non évalués par les pairs) attendent 24${NBSP}heures avant le premier écran solaire; si votre praticienne ou praticien préfère cette façon de faire, on vous le dira.`,
  hygiene: `Hygiène (conseil de notre clinique)${NBSP}: lavez-vous les mains avant de toucher la peau traitée, et dormez sur une taie d’oreiller fraîchement lavée les premières nuits.`,
  water: `Deux à trois premiers jours${NBSP}: pas de piscine, de sauna ni de spa (bain à remous) pendant 48 à 72${NBSP}heures, selon le conseil de prévention des infections de notre clinique.`,
  exercise: `Jours 1 à 3${NBSP}: évitez l’exercice intense et la transpiration abondante pendant les 72${NBSP}premières heures.`,
  retinoids: `Jours 1 à 6${NBSP}: pas de rétinoïdes (comme le rétinol ou la trétinoïne) ni d’acides exfoliants (AHA ou BHA). Demandez à votre praticienne ou praticien avant de les reprendre.`,
  week: `Jusqu’au jour 7${NBSP}: un peu de rougeur, d’enflure, de sécheresse ou de desquamation est normal et disparaît de soi-même. Appelez-nous si votre peau devient plus douloureuse, chaude ou enflée, si elle suinte ou si elle semble infectée.`,
  pigmentRisk: `Chaque jour${NBSP}: la protection solaire compte encore plus pour vous, car le soleil sur une peau en guérison peut laisser des taches foncées.`,
  prescriptionCream: `Crème éclaircissante sur ordonnance${NBSP}: nous n’en fournissons pas, mais un médecin peut en prescrire une contre la pigmentation. Si vous en utilisez une, demandez à votre praticienne ou praticien quand la mettre en pause autour de chaque séance${NBSP}: ces crèmes contiennent habituellement un rétinoïde.`,
  scalp: `Cuir chevelu${NBSP}: demandez à votre praticienne ou praticien quand reprendre votre traitement contre la chute des cheveux (comme le minoxidil).`,
  next: (min, max) =>
    min === max
      ? `Prochaine séance${NBSP}: dans ${min}${NBSP}jours, une fois votre peau apaisée.`
      : `Prochaine séance${NBSP}: dans ${min} à ${max}${NBSP}jours, une fois votre peau apaisée.`,
};

/** The plan's aftercare, day by day, in a language: the same lines under the same conditions in both. */
export function planAftercare(draft: PlanDraft, locale: ClientLocale = "en"): string[] {
  const t = locale === "fr" ? AFTERCARE_FR : AFTERCARE_EN;
  const indications = INDICATION_IDS.filter((id) => draft.zones.some((z) => z.indication === id));
  const onScalp = draft.zones.some((z) => z.zone === "scalp");
  const pigmentation = indications.includes("hyperpigmentation");
  const pigmentRisk = pigmentation || (draft.assessment.fitzpatrick !== null && draft.assessment.fitzpatrick >= 4);
  const lines = [t.treatmentDay, t.sunscreen, t.hygiene, t.water, t.exercise, t.retinoids, t.week];
  if (pigmentRisk) lines.push(t.pigmentRisk);
  if (pigmentation) lines.push(t.prescriptionCream);
  if (onScalp) lines.push(t.scalp);
  if (draft.sessions > 1) lines.push(t.next(draft.intervalMinDays, draft.intervalMaxDays));
  return lines;
}

// ---------------------------------------------------------------------------
// French. Each function below says what its English counterpart in
// estimate.ts says, from the same facts (client-copy.test.ts checks they stay
// in step: same sentences, same conditions).

const FR_ZONES: Readonly<Record<ZoneId, string>> = {
  forehead: "Front",
  "periorbital-left": "Contour de l’œil, gauche",
  "periorbital-right": "Contour de l’œil, droit",
  nose: "Nez",
  "cheek-left": "Joue, gauche",
  "cheek-right": "Joue, droite",
  perioral: "Contour de la bouche",
  "chin-jawline": "Menton et mâchoire",
  neck: "Cou",
  decollete: "Décolleté",
  hands: "Mains",
  scalp: "Cuir chevelu",
  abdomen: "Abdomen",
  thighs: "Cuisses",
  back: "Dos",
};

/** A zone's name in a language; an unknown id comes back as itself so a stored plan never renders blank. */
export function zoneLabelIn(locale: ClientLocale, zone: string): string {
  if (!isZoneId(zone)) return zone;
  return locale === "fr" ? FR_ZONES[zone] : ZONES[zone].label;
}

/** Every zone's name in a language (the plan's body map). */
export function zoneLabelsIn(locale: ClientLocale): Record<ZoneId, string> {
  return Object.fromEntries(Object.keys(ZONES).map((z) => [z, zoneLabelIn(locale, z)])) as Record<ZoneId, string>;
}

const FR_INDICATIONS: Readonly<Record<IndicationId, { label: string; canAchieve: string; cannotAchieve: string }>> = {
  "acne-scars": {
    label: "Cicatrices d’acné",
    canAchieve:
      "Au fil des séances, les cicatrices d’acné en creux deviennent moins profondes et leurs bords s’adoucissent, si bien que la peau paraît plus lisse.",
    cannotAchieve:
      "Le traitement n’efface pas les cicatrices d’acné : la plupart s’améliorent seulement en partie, et les cicatrices profondes ou sévères changent le moins.",
  },
  "surgical-scars": {
    label: "Cicatrices chirurgicales",
    canAchieve:
      "Une cicatrice chirurgicale plate ou légèrement enfoncée peut mieux se fondre dans la peau qui l’entoure; commencer dans les deux mois environ suivant l’opération a donné de meilleurs résultats que commencer plus tard.",
    cannotAchieve:
      "Le traitement ne fait pas disparaître une cicatrice, et on ne l’utilise pas sur les cicatrices en relief ou chéloïdiennes.",
  },
  "fine-lines": {
    label: "Ridules et rides",
    canAchieve:
      "Les ridules s’atténuent et la texture de la peau s’améliore à mesure que du nouveau collagène se forme, dans les mois qui suivent le traitement.",
    cannotAchieve: "Le traitement n’efface pas les rides profondes ni les plis qui restent visibles quand le visage est au repos.",
  },
  laxity: {
    label: "Relâchement cutané (fermeté)",
    canAchieve: "Une peau légèrement relâchée peut paraître un peu plus ferme et plus lisse.",
    cannotAchieve: "Le traitement ne remonte pas une peau affaissée comme peut le faire la chirurgie; le changement est modeste.",
  },
  "texture-pores": {
    label: "Texture et pores",
    canAchieve: "La peau peut sembler plus lisse, et les pores, plus petits.",
    cannotAchieve:
      "Les pores ne rétrécissent pas pour de bon, et aucun plan de traitement n’a été étudié pour eux : le nombre de séances est donc le point de départ de notre clinique.",
  },
  hyperpigmentation: {
    label: "Pigmentation (taches solaires, mélasma)",
    canAchieve:
      "Le mélasma et les taches solaires peuvent pâlir, avec un écran solaire appliqué chaque jour. Les études sur lesquelles cela repose sont petites, si bien que l’ampleur de l’effet reste incertaine.",
    cannotAchieve:
      "Le traitement n’élimine pas la pigmentation pour de bon : le mélasma revient souvent, surtout avec l’exposition au soleil, et le microneedling peut lui-même laisser des taches foncées sur certains types de peau. Dans les études sur le mélasma, le microneedling s’ajoutait à une crème éclaircissante sur ordonnance, que nous ne pouvons pas fournir; un médecin peut vous en prescrire une, et comme ces crèmes contiennent habituellement un rétinoïde, dites-le à votre praticienne ou praticien pour qu’on le mette en pause autour de chaque séance.",
  },
  striae: {
    label: "Vergetures",
    canAchieve: "Les vergetures peuvent paraître plus plates, plus lisses et plus proches de la couleur de la peau qui les entoure.",
    cannotAchieve: "Le traitement ne fait pas disparaître les vergetures.",
  },
  "hair-loss": {
    label: "Cheveux clairsemés (cuir chevelu)",
    canAchieve: "Avec le minoxidil, des séances hebdomadaires peuvent aider les cheveux clairsemés à repousser plus épais.",
    cannotAchieve:
      "Il a été étudié avec le minoxidil, pas seul, et il améliore l’éclaircissement des cheveux plutôt que de faire repousser ceux qui sont tombés pour de bon.",
  },
};

function isIndicationId(id: string): id is IndicationId {
  return (INDICATION_IDS as readonly string[]).includes(id);
}

/** A concern's name in a language; an unknown id comes back as itself. */
export function indicationLabelIn(locale: ClientLocale, id: string): string {
  if (locale === "fr") return isIndicationId(id) ? FR_INDICATIONS[id].label : id;
  return indicationLabel(id);
}

// The same thresholds as expectedDowntime().
function frenchDowntime(zones: readonly PlanZone[]): string {
  if (zones.length === 0) return "";
  const deepest = Math.max(...zones.map((z) => z.depthMaxMm));
  const parts: string[] = [];
  if (deepest <= 0.5) {
    parts.push("Attendez-vous à une légère rougeur, comme un petit coup de soleil, qui s’estompe en grande partie en une journée.");
  } else {
    parts.push(
      "Attendez-vous à une rougeur comme un coup de soleil modéré, et peut-être à une légère enflure. L’essentiel s’atténue en une journée, et c’est rarement visible après trois jours.",
    );
  }
  if (deepest > 1.5) {
    parts.push("Aux réglages plus profonds de votre plan, la rougeur et l’enflure peuvent prendre un peu plus de temps à se résorber.");
  }
  parts.push("Une sécheresse ou une desquamation peut durer jusqu’à une semaine; elle disparaît d’elle-même.");
  return parts.join(" ");
}

const indicationsOf = (draft: PlanDraft): IndicationId[] => INDICATION_IDS.filter((id) => draft.zones.some((z) => z.indication === id));

function listAreasFr(labels: string[]): string {
  if (labels.length <= 1) return labels.join("");
  return `${labels.slice(0, -1).join("; ")} et ${labels.at(-1)}`;
}

// The same paragraphs as achievabilityStatement().
function frenchAchievability(draft: PlanDraft): string {
  const paragraphs = indicationsOf(draft).map((id) => {
    const ind = FR_INDICATIONS[id];
    const areas = draft.zones.filter((z) => z.indication === id && isZoneId(z.zone)).map((z) => FR_ZONES[z.zone]);
    return `${ind.label} (${listAreasFr(areas)})${NBSP}: ${ind.canAchieve} ${ind.cannotAchieve}`;
  });
  const sessions = draft.sessions === 1 ? "une séance" : `${draft.sessions}${NBSP}séances`;
  paragraphs.push(
    `Les résultats s’installent lentement dans les semaines qui suivent chaque séance et varient d’une personne à l’autre; le plan compte ${sessions}, et nous ferons le point au fur et à mesure. Le microneedling n’efface pas les rides profondes ni les cicatrices sévères.`,
  );
  return paragraphs.join("\n\n");
}

function moneyFr(cents: number, currency: string): string {
  try {
    return new Intl.NumberFormat("fr-CA", { style: "currency", currency }).format(cents / 100);
  } catch {
    // As in English: an unknown currency code must not break a printed plan.
    return `${(cents / 100).toFixed(2).replace(".", ",")}${NBSP}${currency}`;
  }
}

// The same sentences as packageSummary().text.
function frenchPackageText(draft: PlanDraft): string {
  const summary = packageSummary(draft);
  const money = (cents: number) => moneyFr(cents, draft.currency);
  const each = money(summary.pricePerSessionCents);
  const first =
    summary.sessions === 1
      ? `1${NBSP}séance à ${each}.`
      : `${summary.sessions}${NBSP}séances à ${each} chacune reviennent à ${money(summary.separateTotalCents)}.`;
  const pack = money(summary.packagePriceCents);
  const saving = money(Math.abs(summary.savingCents));
  const second =
    summary.savingCents > 0
      ? `Le forfait est de ${pack}, une économie de ${saving}.`
      : summary.savingCents === 0
        ? `Le forfait est de ${pack}, le même prix que si vous payiez chaque séance.`
        : `Le forfait est de ${pack}, soit ${saving} de plus que si vous payiez chaque séance.`;
  return `${first} ${second}`;
}

/** Every concern's French words, for the test that keeps them beside the English ones. */
export const FRENCH_INDICATIONS = FR_INDICATIONS;
