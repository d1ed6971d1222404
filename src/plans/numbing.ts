// How large an area a plan numbs at once. The FDA advises against numbing
// large areas and against covering or wrapping the cream (seizures and deaths
// were reported) [ref-38: FDA advisories on topical anaesthetics, 2009 and
// 2024 — regulator advisory, read through secondary copies ⚠]. It gives no
// number, so the clinic sets its own maximum for one application (plan
// settings); above it, a plan needs a stated reason. Nothing here ever
// suggests covering or wrapping the cream.
import type { ZoneId } from "./types.ts";

/**
 * Approximate skin area of each zone for an average adult, in cm². An
 * ESTIMATE and a clinic default, not a measurement and not from the clinical
 * reference: proportions from the burn-care "rule of nines" on a body of about
 * 1.8 m², with the whole face taken as about 400 cm² and split over its
 * subzones. Use it to compare a plan with the clinic's maximum, never to dose.
 */
export const ZONE_AREA_CM2: Readonly<Record<ZoneId, number>> = {
  // Face, about 400 cm² in all.
  forehead: 90,
  "periorbital-left": 15,
  "periorbital-right": 15,
  nose: 30,
  "cheek-left": 80,
  "cheek-right": 80,
  perioral: 40,
  "chin-jawline": 50,
  // Front and sides of the neck.
  neck: 300,
  decollete: 400,
  // The backs of both hands.
  hands: 350,
  // The top of the scalp, where thinning is treated.
  scalp: 500,
  abdomen: 1500,
  // Fronts and sides of both thighs.
  thighs: 1600,
  back: 3000,
};

/**
 * The default largest area numbed in one application: about the whole face
 * (400 cm²). A clinic default ⚠ chosen to be conservative, not a published
 * limit: face plans never need a reason, and the neck, décolleté or a body
 * area on top of the face do. See docs/plans.md.
 */
export const DEFAULT_NUMBING_MAX_AREA_CM2 = 400;
/** What a clinic may set as its maximum (the database checks the same range). */
export const NUMBING_MAX_AREA_MIN_CM2 = 50;
export const NUMBING_MAX_AREA_MAX_CM2 = 5000;

/** The estimated total area of the zones (unknown ids count as 0: the validator refuses them). */
export function numbingAreaCm2(zones: readonly string[]): number {
  return [...new Set(zones)].reduce((sum, z) => sum + (ZONE_AREA_CM2[z as ZoneId] ?? 0), 0);
}
