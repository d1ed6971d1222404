// Scoring the watermark check on the synthetic set (synth.ts):
// shared by the full evaluation (`npm run bench:watermark`) and the seeded
// subset in the unit tests.

import { checkImageDetailed, REPEATED_TEXT_RULE, type OcrPass } from "../../src/content/watermark.ts";
import { CLINIC_SIGN_TEXT, renderSynthImage, type SynthSpec, type WatermarkStyle } from "./synth.ts";

/** The allow-list the evaluation runs with: the clinic's name and the platform's. */
export const EVALUATION_BRANDS: readonly string[] = [CLINIC_SIGN_TEXT, "Dermaplan"];

export interface EvaluationResult {
  spec: SynthSpec;
  /** An "image.watermark" finding was reported (the image is blocked). */
  flagged: boolean;
  /** An "image.repeated-overlay-text" finding was reported: not blocked, flagged for the editor's review. */
  review: boolean;
  /** The repeated text, as the finding quotes it. */
  repeatedText: string | null;
  /** The check did not run ("check.not-run") or reported the image unreadable. */
  error: string | null;
  /** What was read where the check matched (or the first text read, for a miss). */
  evidence: string;
  matchedPass: OcrPass | null;
  /** Every rendering whose text matched (with readAllPasses; otherwise the first only). */
  matchingPasses: OcrPass[];
  /**
   * Time the check takes on this image: decoding and every rendering up to
   * the first match (the check stops there; with readAllPasses the
   * evaluation reads the rest too, and leaves their time out).
   */
  ms: number;
}

export interface EvaluateOptions {
  /** Read every rendering of every image, to learn what each adds (the bench); otherwise stop at the first mark, as the check does. */
  readAllPasses?: boolean;
  onResult?: (r: EvaluationResult, index: number) => void;
}

export async function evaluate(specs: readonly SynthSpec[], options: EvaluateOptions = {}): Promise<EvaluationResult[]> {
  const results: EvaluationResult[] = [];
  for (const [index, spec] of specs.entries()) {
    const image = await renderSynthImage(spec);
    const detail = await checkImageDetailed(image.bytes, {
      fileName: spec.fileName,
      brandAllowList: EVALUATION_BRANDS,
      readAllPasses: options.readAllPasses ?? false,
    });
    const firstMatch = detail.passes.findIndex((p) => p.pass === detail.matchedPass);
    const unneeded = firstMatch < 0 ? 0 : detail.passes.slice(firstMatch + 1).reduce((sum, p) => sum + p.ms, 0);
    const failure = detail.findings.find((f) => f.rule === "check.not-run" || f.rule === "image.unreadable");
    const mark = detail.findings.find((f) => f.rule === "image.watermark");
    const repeat = detail.findings.find((f) => f.rule === REPEATED_TEXT_RULE);
    const result: EvaluationResult = {
      spec,
      flagged: Boolean(mark),
      review: Boolean(repeat),
      repeatedText: repeat?.excerpt ?? null,
      error: failure ? failure.message : null,
      evidence: mark?.excerpt ?? detail.passes.flatMap((p) => p.lines).join(" / "),
      matchedPass: detail.matchedPass ?? null,
      matchingPasses: detail.matchingPasses,
      ms: detail.totalMs - unneeded,
    };
    results.push(result);
    options.onResult?.(result, index);
  }
  return results;
}

export interface Rate {
  hits: number;
  n: number;
}

export const rate = (hits: number, n: number): Rate => ({ hits, n });
export const ratio = (r: Rate): number => (r.n === 0 ? NaN : r.hits / r.n);

export interface CellSummary {
  style: WatermarkStyle;
  opacity: number;
  /** Blocked ("image.watermark") ÷ watermarked. */
  real: Rate;
  fictional: Rate;
  /** Flagged for review ("image.repeated-overlay-text", not blocked) ÷ watermarked. */
  realReview: Rate;
  fictionalReview: Rate;
}

export interface EvaluationSummary {
  cells: CellSummary[];
  byStyle: {
    style: WatermarkStyle;
    real: Rate;
    fictional: Rate;
    realReview: Rate;
    fictionalReview: Rate;
    precision: Rate;
  }[];
  realRecall: Rate;
  fictionalRecall: Rate;
  realReviewRecall: Rate;
  fictionalReviewRecall: Rate;
  /** Negatives flagged for review (clean images; hard negatives). */
  cleanReviews: Rate;
  hardNegativeReviews: Rate;
  reviewedNegatives: EvaluationResult[];
  /** Flagged watermarked ÷ all flagged. */
  precision: Rate;
  cleanFalsePositives: Rate;
  hardNegativeFalsePositives: Rate;
  errors: EvaluationResult[];
  falsePositives: EvaluationResult[];
  /** Watermarked images caught, by the first rendering that caught them. */
  matchedPasses: Record<string, number>;
  /** Watermarked images caught by one rendering only, by that rendering. */
  onlyPasses: Record<string, number>;
  p50Ms: number;
  p95Ms: number;
  p50CleanMs: number;
  p95CleanMs: number;
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function count(results: readonly EvaluationResult[], keep: (r: EvaluationResult) => boolean): Rate {
  const subset = results.filter(keep);
  return rate(subset.filter((r) => r.flagged).length, subset.length);
}

function countReview(results: readonly EvaluationResult[], keep: (r: EvaluationResult) => boolean): Rate {
  const subset = results.filter(keep);
  return rate(subset.filter((r) => r.review).length, subset.length);
}

export function summarize(results: readonly EvaluationResult[]): EvaluationSummary {
  const marked = results.filter((r) => r.spec.label === "watermarked");
  const negatives = results.filter((r) => r.spec.label !== "watermarked");
  const falsePositives = negatives.filter((r) => r.flagged);
  const styles = [...new Set(marked.map((r) => r.spec.style!))];
  const opacities = [...new Set(marked.map((r) => r.spec.opacity!))].sort((a, b) => a - b);
  const cells: CellSummary[] = [];
  for (const style of styles) {
    for (const opacity of opacities) {
      const inCell = (r: EvaluationResult) => r.spec.style === style && r.spec.opacity === opacity;
      const real = (r: EvaluationResult) => inCell(r) && r.spec.agencyKind === "real";
      const fictional = (r: EvaluationResult) => inCell(r) && r.spec.agencyKind === "fictional";
      cells.push({
        style,
        opacity,
        real: count(marked, real),
        fictional: count(marked, fictional),
        realReview: countReview(marked, real),
        fictionalReview: countReview(marked, fictional),
      });
    }
  }
  const byStyle = styles.map((style) => {
    const isReal = (r: EvaluationResult) => r.spec.style === style && r.spec.agencyKind === "real";
    const isFictional = (r: EvaluationResult) => r.spec.style === style && r.spec.agencyKind === "fictional";
    const real = count(marked, isReal);
    const fictional = count(marked, isFictional);
    const tp = real.hits + fictional.hits;
    return {
      style,
      real,
      fictional,
      realReview: countReview(marked, isReal),
      fictionalReview: countReview(marked, isFictional),
      precision: rate(tp, tp + falsePositives.length),
    };
  });
  const flagged = results.filter((r) => r.flagged);
  const matchedPasses: Record<string, number> = {};
  const onlyPasses: Record<string, number> = {};
  for (const r of marked) {
    if (r.flagged && r.matchedPass) matchedPasses[r.matchedPass] = (matchedPasses[r.matchedPass] ?? 0) + 1;
    const [only, ...more] = r.matchingPasses;
    if (only && more.length === 0) onlyPasses[only] = (onlyPasses[only] ?? 0) + 1;
  }
  const times = results.map((r) => r.ms);
  const negativeTimes = negatives.map((r) => r.ms);
  return {
    cells,
    byStyle,
    realRecall: count(marked, (r) => r.spec.agencyKind === "real"),
    fictionalRecall: count(marked, (r) => r.spec.agencyKind === "fictional"),
    realReviewRecall: countReview(marked, (r) => r.spec.agencyKind === "real"),
    fictionalReviewRecall: countReview(marked, (r) => r.spec.agencyKind === "fictional"),
    cleanReviews: countReview(results, (r) => r.spec.label === "clean"),
    hardNegativeReviews: countReview(results, (r) => r.spec.label === "hard-negative"),
    reviewedNegatives: negatives.filter((r) => r.review),
    precision: rate(flagged.filter((r) => r.spec.label === "watermarked").length, flagged.length),
    cleanFalsePositives: count(results, (r) => r.spec.label === "clean"),
    hardNegativeFalsePositives: count(results, (r) => r.spec.label === "hard-negative"),
    errors: results.filter((r) => r.error),
    falsePositives,
    matchedPasses,
    onlyPasses,
    p50Ms: percentile(times, 50),
    p95Ms: percentile(times, 95),
    p50CleanMs: percentile(negativeTimes, 50),
    p95CleanMs: percentile(negativeTimes, 95),
  };
}

export function formatRate(r: Rate): string {
  return r.n === 0 ? "–" : `${(r.hits / r.n).toFixed(2)} (${r.hits}/${r.n})`;
}
