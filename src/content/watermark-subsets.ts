// The seeded subsets of the evaluation set that the watermark tests run the
// check on (docs/performance.md has the full evaluation). Two files use them,
// so that the two evaluations run side by side.
import { planEvaluationSet, type SynthSpec } from "../../bench/watermark/synth.ts";

/**
 * Seed of the subset. The set is drawn exactly as `npm run bench:watermark`
 * draws it, on a seed of its own, picked for its make-up alone (at least two
 * wordmarks and two tiled marks, a footer of an invented agency, eight
 * different real agencies) before the check was run on it.
 */
const SUBSET_SEED = 20260508;

/**
 * The subset (17 images): every footer (real and invented agencies), the
 * real-agency wordmarks and tiled marks at opacity 0.3 and above, two clean
 * backgrounds, and hard negatives of five kinds (the clinic's own sign, a
 * van, a sign with "Stock", a "Getty" street sign, a date stamp).
 */
export function subset(): SynthSpec[] {
  const all = planEvaluationSet({ seed: SUBSET_SEED, backgrounds: 5, hardNegatives: 12 });
  const hardKinds = new Set(["clinic-sign", "van", "sunscreen-sign", "getty-street", "date-stamp"]);
  return all.filter(
    (s) =>
      (s.label === "watermarked" && s.style === "footer") ||
      (s.label === "watermarked" && s.agencyKind === "real" && (s.opacity ?? 0) >= 0.3) ||
      (s.label === "clean" && Number(s.id.split("-")[1]) < 2) ||
      (s.label === "hard-negative" && hardKinds.has(s.sceneText!)),
  );
}

/**
 * For the repeated-text signal (7 images): three tiled marks of invented
 * agencies, one per opacity, drawn on the subset's seed with every agency
 * invented; and one of each hard negative whose scene repeats a word (a row
 * of identical jars, two shelves of them, an awning, the same sign twice).
 */
export function repeatSubset(): SynthSpec[] {
  const tiled = planEvaluationSet({ seed: SUBSET_SEED, backgrounds: 3, styles: ["tiled"], fictionalShare: 1, hardNegatives: 0 });
  const repeated = planEvaluationSet({ seed: SUBSET_SEED, backgrounds: 0, hardNegatives: 0, repeatedTextNegatives: 4 });
  return [...tiled.filter((s) => s.label === "watermarked"), ...repeated];
}
