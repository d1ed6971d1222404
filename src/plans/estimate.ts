// What the plan means for the client in plain words: how long a visit takes,
// what the days after look like, what the plan can and cannot do, and what it
// costs. Shown on the plan screen and printed on the plan the client signs.

import { INDICATIONS } from "./indications.ts";
import type { IndicationId, PlanDraft, PlanZone, ZoneId } from "./types.ts";
import { INDICATION_IDS } from "./types.ts";
import { isZoneId, ZONES } from "./zones.ts";

/** Cleansing, photos, marking and the post-needling product: the part of a visit that doesn't grow with the area. */
export const VISIT_BASE_MINUTES = 15;
/** A visit takes 30 to 60 minutes depending on the area (CLINIC.md; SkinPen consent text [ref-37]). */
export const VISIT_MIN_MINUTES = 30;
export const VISIT_MAX_MINUTES = 60;
/** Extra wait while numbing cream works: the upper end of the 15–30 minutes clinics use [ref-52]. */
export const NUMBING_MINUTES = 30;

// Needling time per zone, roughly in proportion to its area; the clinic's
// estimate, used only to place a visit inside its 30–60 minutes.
const NEEDLING_MINUTES: Readonly<Record<ZoneId, number>> = {
  forehead: 5,
  "periorbital-left": 3,
  "periorbital-right": 3,
  nose: 3,
  "cheek-left": 5,
  "cheek-right": 5,
  perioral: 4,
  "chin-jawline": 5,
  neck: 10,
  decollete: 10,
  hands: 10,
  scalp: 20,
  abdomen: 20,
  thighs: 20,
  back: 20,
};

export interface VisitEstimate {
  /** The visit itself, 30–60 minutes, in steps of 5. */
  minutes: number;
  /** Extra time before it while numbing cream works; 0 without numbing cream. */
  numbingMinutes: number;
}

const distinctZones = (zones: readonly PlanZone[]): ZoneId[] => [...new Set(zones.map((z) => z.zone).filter(isZoneId))];

export function estimateVisit(zones: readonly PlanZone[], numbingCream: boolean): VisitEstimate {
  const needling = distinctZones(zones).reduce((sum, id) => sum + NEEDLING_MINUTES[id], 0);
  const minutes = Math.min(VISIT_MAX_MINUTES, Math.max(VISIT_MIN_MINUTES, Math.ceil((VISIT_BASE_MINUTES + needling) / 5) * 5));
  return { minutes, numbingMinutes: numbingCream ? NUMBING_MINUTES : 0 };
}

/** What the days after a session look like, from the deepest setting planned [ref-20][ref-37]. Empty for no zones. */
export function expectedDowntime(zones: readonly PlanZone[]): string {
  if (zones.length === 0) return "";
  const deepest = Math.max(...zones.map((z) => z.depthMaxMm));
  const parts: string[] = [];
  if (deepest <= 0.5) {
    parts.push("Expect light redness, like a mild sunburn, that mostly fades within a day.");
  } else {
    parts.push(
      "Expect redness like a moderate sunburn, and perhaps slight swelling. Most of it settles within a day, and it is rarely visible after three days.",
    );
  }
  if (deepest > 1.5) parts.push("At the deeper settings in your plan, redness and swelling can take a little longer to settle.");
  parts.push("Some dryness or flaking can last up to a week; it fades on its own.");
  return parts.join(" ");
}

const indicationsOf = (draft: PlanDraft): IndicationId[] => INDICATION_IDS.filter((id) => draft.zones.some((z) => z.indication === id));

function listAreas(labels: string[]): string {
  if (labels.length <= 1) return labels.join("");
  return `${labels.slice(0, -1).join("; ")} and ${labels.at(-1)}`;
}

/**
 * What this plan can and cannot achieve, concern by concern, closing with the
 * clinic's own caution [clinic-10]. Paragraphs are separated by a blank line.
 */
export function achievabilityStatement(draft: PlanDraft): string {
  const paragraphs = indicationsOf(draft).map((id) => {
    const ind = INDICATIONS[id];
    const areas = draft.zones.filter((z) => z.indication === id && isZoneId(z.zone)).map((z) => ZONES[z.zone].label);
    return `${ind.label} (${listAreas(areas)}): ${ind.canAchieve} ${ind.cannotAchieve}`;
  });
  const sessions = draft.sessions === 1 ? "one session" : `${draft.sessions} sessions`;
  paragraphs.push(
    `Results build slowly over the weeks after each session and differ from person to person; the plan is ${sessions}, and we'll review progress as we go. Microneedling won't erase deep wrinkles or severe scarring.`,
  );
  return paragraphs.join("\n\n");
}

export interface PackageSummary {
  sessions: number;
  pricePerSessionCents: number;
  /** Price per session × sessions. */
  separateTotalCents: number;
  packagePriceCents: number;
  /** Positive when the package is cheaper; negative when it costs more. */
  savingCents: number;
  formatted: { pricePerSession: string; separateTotal: string; packagePrice: string; saving: string };
  /** One or two plain sentences for the plan. */
  text: string;
}

export function formatMoney(cents: number, currency: string): string {
  try {
    return new Intl.NumberFormat("en-CA", { style: "currency", currency }).format(cents / 100);
  } catch {
    // An unknown currency code must not break a printed plan; validatePlan refuses it on save.
    return `${(cents / 100).toFixed(2)} ${currency}`;
  }
}

export function packageSummary(draft: PlanDraft): PackageSummary {
  const { sessions, pricePerSessionCents, packagePriceCents, currency } = draft;
  const separateTotalCents = pricePerSessionCents * sessions;
  const savingCents = separateTotalCents - packagePriceCents;
  const money = (cents: number) => formatMoney(cents, currency);
  const formatted = {
    pricePerSession: money(pricePerSessionCents),
    separateTotal: money(separateTotalCents),
    packagePrice: money(packagePriceCents),
    saving: money(Math.abs(savingCents)),
  };
  const first =
    sessions === 1
      ? `1 session at ${formatted.pricePerSession}.`
      : `${sessions} sessions at ${formatted.pricePerSession} each come to ${formatted.separateTotal}.`;
  const second =
    savingCents > 0
      ? `The package is ${formatted.packagePrice}, a saving of ${formatted.saving}.`
      : savingCents === 0
        ? `The package is ${formatted.packagePrice}, the same as paying for each session.`
        : `The package is ${formatted.packagePrice}, ${formatted.saving} more than paying for each session.`;
  return { sessions, pricePerSessionCents, separateTotalCents, packagePriceCents, savingCents, formatted, text: `${first} ${second}` };
}
