// The depth the plan screen suggests for one zone and concern: the depth
// table's band, made more cautious for darker skin, held under the clinic's
// maximum, and annotated with what the client's screening asks the
// practitioner to keep in mind. A suggestion is a starting point that the
// practitioner confirms; validatePlan accepts every suggestion as it stands.
// Citations are anchors on docs/clinical/README.md.

import { depthRow, type DepthRow } from "./depths.ts";
import type { ClinicDepthLimits, EvidenceTag, FitzpatrickType, IndicationId, ZoneId } from "./types.ts";
import { ceilDepth, depthAbove, effectiveZoneMaxima, floorDepth, formatMm, ZONES } from "./zones.ts";

export interface SuggestDepthInput {
  zone: ZoneId;
  indication: IndicationId;
  /** The practitioner-confirmed type, or the intake's when none is confirmed yet. */
  fitzpatrick: FitzpatrickType | null;
  /** Rule ids of the client's latest screening reasons, e.g. "darker-phototype", "hsv-history". */
  screeningRuleIds: readonly string[];
  clinicMaxima: ClinicDepthLimits;
}

export interface DepthAdjustment {
  /** The screening rule or plan rule behind it. */
  ruleId: string;
  text: string;
  citations: string[];
}

export interface DepthSuggestion {
  minMm: number;
  maxMm: number;
  row: DepthRow;
  clinicDefault: boolean;
  evidence: EvidenceTag;
  citations: string[];
  adjustments: DepthAdjustment[];
}

const ROMAN = ["", "I", "II", "III", "IV", "V", "VI"] as const;

const range = (min: number, max: number) => (min === max ? `${formatMm(min)} mm` : `${formatMm(min)}–${formatMm(max)} mm`);

/** Null when the zone × concern is not offered (no row in the depth table). */
export function suggestDepth(input: SuggestDepthInput): DepthSuggestion | null {
  const row = depthRow(input.zone, input.indication);
  if (row === null) return null;
  const zone = ZONES[row.zone];
  const rules = new Set(input.screeningRuleIds);
  const adjustments: DepthAdjustment[] = [];
  let min = row.minMm;
  let max = row.maxMm;

  // The screening may have scored a darker type from the intake before the
  // practitioner confirmed a lighter one; either is reason enough to start low.
  const darkerByType = input.fitzpatrick !== null && input.fitzpatrick >= 4;
  if (darkerByType || rules.has("darker-phototype")) {
    const who = darkerByType ? `Skin type ${ROMAN[input.fitzpatrick!]}` : "The screening found a darker skin type (IV–VI)";
    const lowered = Math.max(min, floorDepth((min + max) / 2));
    const what =
      lowered < max
        ? `the suggestion uses the lower half of the band (${range(min, lowered)} instead of ${range(min, max)})`
        : `the band is already as shallow as it goes (${range(min, max)})`;
    max = lowered;
    adjustments.push({
      ruleId: "darker-phototype",
      text: `${who}: ${what}, because darker skin is more likely to develop dark marks (post-inflammatory hyperpigmentation) after needling. Consider a test spot before the first full session, and stress daily sunscreen.`,
      citations: ["ref-20", "ref-4"],
    });
  } else if (input.fitzpatrick === null) {
    adjustments.push({
      ruleId: "fitzpatrick.unconfirmed",
      text: "Skin type not confirmed yet: confirm it before the first session, since types IV–VI start shallower.",
      citations: ["ref-57"],
    });
  }

  const limit = effectiveZoneMaxima(input.clinicMaxima)[row.zone];
  if (depthAbove(max, limit.maxMm)) {
    max = limit.maxMm;
    if (depthAbove(min, max)) min = max;
    adjustments.push({
      ruleId: "depth.zone-maximum",
      text: `Held at the clinic maximum for ${zone.label}: ${formatMm(limit.maxMm)} mm.`,
      citations: [],
    });
  }

  if (rules.has("hsv-history") && zone.group === "face") {
    adjustments.push({
      ruleId: "hsv-history",
      text: "History of cold sores and a face zone: a prescriber decides whether to prevent a flare with an antiviral before the session.",
      citations: ["ref-30", "ref-31"],
    });
  }
  if (rules.has("topical-retinoid") || rules.has("topical-retinoid-pause")) {
    adjustments.push({
      ruleId: rules.has("topical-retinoid") ? "topical-retinoid" : "topical-retinoid-pause",
      text: "Uses a topical retinoid: keep it paused before the session and for about six days after, until the practitioner says to restart.",
      citations: ["ref-52"],
    });
  }
  if (rules.has("anaesthetic-allergy")) {
    adjustments.push({
      ruleId: "anaesthetic-allergy",
      text: "Allergic to local anaesthetics: no numbing cream. Explain how the treatment feels and plan comfort without it.",
      citations: ["ref-37", "ref-38"],
    });
  }
  if (rules.has("diabetes-controlled")) {
    adjustments.push({
      ruleId: "diabetes-controlled",
      text: "Controlled diabetes: strict asepsis, and check how the skin has healed before the next session.",
      citations: ["ref-52"],
    });
  }
  if (rules.has("expectations")) {
    adjustments.push({
      ruleId: "expectations",
      text: "Expects complete removal: agree and record realistic goals for this concern at the consultation.",
      citations: ["clinic-10"],
    });
  }

  // Rounding outward could leave the band or the limit; inward cannot.
  const maxMm = floorDepth(max);
  const minMm = Math.min(ceilDepth(min), maxMm);
  return {
    minMm,
    maxMm,
    row,
    clinicDefault: row.clinicDefault,
    evidence: row.evidence,
    citations: [...row.citations],
    adjustments,
  };
}
