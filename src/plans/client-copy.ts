// The words a client reads in their plan, written once when the version is
// offered and stored inside it, so the signed text is exactly what they saw.
// They are written in one language, fixed at offer time: English, or French
// for a client who reads French. An English copy carries no `locale` (as every
// copy offered before there was a choice), so what those versions hash to
// never changes; a French one says `locale: "fr"`.
import { clientLocaleOf, type ClientLocale } from "../clients/locale.ts";
import { depthRow } from "./depths.ts";
import { achievabilityStatement, aftercareSummary, estimateVisit, expectedDowntime, packageSummary } from "./estimate.ts";
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
): ClientCopy {
  const visit = estimateVisit(draft.zones, draft.numbingCream);
  if (locale === "fr") {
    const copy: ClientCopyIn = {
      zones: draft.zones.map((z) => ({
        zone: z.zone,
        label: zoneLabelIn("fr", z.zone),
        indicationLabel: isIndicationId(z.indication) ? FR_INDICATIONS[z.indication].label : z.indication,
        clinicDefault: depthRow(z.zone, z.indication)?.clinicDefault ?? true,
      })),
      visitMinutes: visit.minutes,
      numbingMinutes: visit.numbingMinutes,
      downtime: frenchDowntime(draft.zones),
      aftercare: frenchAftercare(draft),
      achievability: frenchAchievability(draft),
      price: frenchPackageText(draft),
      practitionerName,
      offeredAt,
      locale: "fr",
    };
    return copy;
  }
  return {
    zones: draft.zones.map((z) => ({
      zone: z.zone,
      label: ZONES[z.zone]?.label ?? z.zone,
      indicationLabel: indicationLabel(z.indication),
      clinicDefault: depthRow(z.zone, z.indication)?.clinicDefault ?? true,
    })),
    visitMinutes: visit.minutes,
    numbingMinutes: visit.numbingMinutes,
    downtime: expectedDowntime(draft.zones),
    aftercare: aftercareSummary(draft),
    achievability: achievabilityStatement(draft),
    price: packageSummary(draft).text,
    practitionerName,
    offeredAt,
  };
}

/** The client's words for a version: as offered when it was, or as they would be now for a draft. */
export function clientCopyFor(draft: PlanDraft, practitionerName: string | null = null, locale: ClientLocale = "en"): ClientCopy {
  return draft.clientCopy ?? clientCopyOf(draft, practitionerName, 0, locale);
}

// ---------------------------------------------------------------------------
// French. Each function below says what its English counterpart in
// estimate.ts says, from the same facts (client-copy.test.ts checks they stay
// in step: same sentences, same conditions).

const NBSP = "\u00a0";

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
    canAchieve: "Les taches solaires et le mélasma peuvent pâlir, avec une crème éclaircissante et un écran solaire appliqué chaque jour.",
    cannotAchieve:
      "Le traitement n’élimine pas la pigmentation pour de bon : le mélasma revient souvent, surtout avec l’exposition au soleil, et le microneedling peut lui-même laisser des taches foncées sur certains types de peau.",
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

// The same lines, in the same order and under the same conditions, as aftercareSummary().
function frenchAftercare(draft: PlanDraft): string[] {
  const indications = indicationsOf(draft);
  const onScalp = draft.zones.some((z) => z.zone === "scalp");
  const pigmentRisk =
    indications.includes("hyperpigmentation") || (draft.assessment.fitzpatrick !== null && draft.assessment.fitzpatrick >= 4);
  const lines = [
    `Jour du traitement${NBSP}: votre peau sera rouge, comme après un coup de soleil. Gardez-la propre, n’utilisez que ce que votre praticienne ou praticien a appliqué ou vous a remis, et évitez le soleil. Pas de maquillage ni d’écran solaire pendant les 24${NBSP}premières heures.`,
    `À partir du jour 1 (après 24${NBSP}heures)${NBSP}: appliquez un écran solaire chaque jour, et continuez entre les séances et après la dernière. Le maquillage est de nouveau permis.`,
    `Jours 1 à 3${NBSP}: évitez l’exercice intense et la transpiration abondante pendant les 72${NBSP}premières heures.`,
    `Jours 1 à 6${NBSP}: pas de rétinoïdes (comme le rétinol ou la trétinoïne) ni d’acides exfoliants (AHA ou BHA). Demandez à votre praticienne ou praticien avant de les reprendre.`,
    `Jusqu’au jour 7${NBSP}: un peu de rougeur, d’enflure, de sécheresse ou de desquamation est normal et disparaît de soi-même. Appelez-nous si votre peau devient plus douloureuse, chaude ou enflée, si elle suinte ou si elle semble infectée.`,
  ];
  if (pigmentRisk) {
    lines.push(
      `Chaque jour${NBSP}: la protection solaire compte encore plus pour vous, car le soleil sur une peau en guérison peut laisser des taches foncées.`,
    );
  }
  if (onScalp) {
    lines.push(
      `Cuir chevelu${NBSP}: demandez à votre praticienne ou praticien quand reprendre votre traitement contre la chute des cheveux (comme le minoxidil).`,
    );
  }
  if (draft.sessions > 1) {
    lines.push(
      draft.intervalMinDays === draft.intervalMaxDays
        ? `Prochaine séance${NBSP}: dans ${draft.intervalMinDays}${NBSP}jours, une fois votre peau apaisée.`
        : `Prochaine séance${NBSP}: dans ${draft.intervalMinDays} à ${draft.intervalMaxDays}${NBSP}jours, une fois votre peau apaisée.`,
    );
  }
  return lines;
}

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
