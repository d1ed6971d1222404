// The watermark check on the seeded subset of the evaluation set (7 images: invented agencies' tiled marks and scenes that repeat a word).
// The two evaluations are two files so that they run side by side.
import { beforeAll, describe, expect, it } from "vitest";
import { evaluate, type EvaluationResult } from "../../bench/watermark/eval.ts";
import { editDistance } from "./watermark-match.ts";
import { repeatSubset } from "./watermark-subsets.ts";

describe("the watermark check on a seeded subset of the evaluation set: repeated text", () => {
  let repeats: EvaluationResult[] = [];

  beforeAll(async () => {
    repeats = await evaluate(repeatSubset());
  }, 300_000);

  // The full evaluation (docs/performance.md) flags 8 of the 9 invented tiled marks for review
  // (missing one at opacity 0.15 that the OCR reads twice in full) and none of the 12 scenes that
  // repeat a word. Here: every scene that repeats a word passes, and at most one of the three
  // invented tiled marks goes unflagged.
  it("asks to confirm the licence of invented agencies' tiled marks, naming the repeated word", () => {
    const tiled = repeats.filter((r) => r.spec.label === "watermarked");
    expect(tiled.length).toBe(3);
    expect(tiled.filter((r) => r.flagged)).toEqual([]);
    const reviewed = tiled.filter((r) => r.review);
    expect(reviewed.length).toBeGreaterThanOrEqual(tiled.length - 1);
    for (const r of reviewed) expect(editDistance(r.repeatedText!.toLowerCase(), r.spec.agency!.toLowerCase())).toBeLessThanOrEqual(1);
  });

  it("lets a scene that repeats a word pass (identical jars, two shelves, an awning, two signs)", () => {
    const scenes = repeats.filter((r) => r.spec.label === "hard-negative");
    expect(scenes.map((r) => r.spec.sceneText)).toEqual(["jar-row", "shelf-wall", "awning", "two-signs"]);
    expect(scenes.filter((r) => r.flagged || r.review).map((r) => `${r.spec.id}: ${r.repeatedText ?? r.evidence}`)).toEqual([]);
    expect(scenes.filter((r) => r.error)).toEqual([]);
  });
});
