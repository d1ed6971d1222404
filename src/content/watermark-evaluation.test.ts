// The watermark check on the seeded subset of the evaluation set (17 images: footers, wordmarks and tiled marks, clean backgrounds, hard negatives).
// The two evaluations are two files so that they run side by side.
import { beforeAll, describe, expect, it } from "vitest";
import { evaluate, summarize, type EvaluationResult } from "../../bench/watermark/eval.ts";
import { subset } from "./watermark-subsets.ts";

describe("the watermark check on a seeded subset of the evaluation set", () => {
  let results: EvaluationResult[] = [];

  beforeAll(async () => {
    results = await evaluate(subset());
  }, 300_000);

  it("runs on every image", () => {
    expect(results.length).toBe(17);
    expect(results.filter((r) => r.error).map((r) => `${r.spec.id}: ${r.error}`)).toEqual([]);
  });

  it("flags no clean image and no hard negative", () => {
    const wrong = results.filter((r) => r.spec.label !== "watermarked" && (r.flagged || r.review));
    expect(wrong.map((r) => `${r.spec.id}: ${r.evidence} ${r.repeatedText ?? ""}`)).toEqual([]);
    expect(results.filter((r) => r.spec.label === "hard-negative").length).toBe(5);
  });

  // Floors from the full evaluation (docs/performance.md, seed 20261128): footers of real agencies
  // 24/24; footers of invented agencies 14/16 (through their image id or address only); real-agency
  // wordmarks and tiled marks at opacity 0.3 and above 34/38 (0.89). The subset is small, so each
  // floor leaves room for one miss where the full evaluation had misses.
  it("catches every footer of a real agency, and invented agencies' footers by their image id or address", () => {
    const real = results.filter((r) => r.spec.style === "footer" && r.spec.agencyKind === "real");
    const invented = results.filter((r) => r.spec.style === "footer" && r.spec.agencyKind === "fictional");
    expect(real.length).toBeGreaterThanOrEqual(3);
    expect(real.filter((r) => !r.flagged).map((r) => `${r.spec.id}: ${r.evidence}`)).toEqual([]);
    expect(invented.length).toBeGreaterThanOrEqual(2);
    expect(invented.filter((r) => r.flagged).length).toBeGreaterThanOrEqual(invented.length - 1);
  });

  it("catches real-agency wordmarks and tiled marks at opacity 0.3 and above", () => {
    const s = summarize(results.filter((r) => r.spec.style !== "footer"));
    expect(s.realRecall.n).toBeGreaterThanOrEqual(5);
    expect(s.realRecall.hits).toBeGreaterThanOrEqual(s.realRecall.n - 1);
  });
});
