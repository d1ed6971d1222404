// parsePlanDraft: a plan as the editor and the API send it (JSON), read
// strictly — unknown keys, numbers as text, over-long text and unknown ids are
// refused with the domain's rules; what the server fills in is dropped.
import { describe, expect, it } from "vitest";
import { ZONE_IDS } from "./types.ts";
import { parsePlanDraft } from "./validate.ts";
import { draft, zone } from "./validate-test-fixtures.ts";

describe("parsePlanDraft", () => {
  const json = () => JSON.parse(JSON.stringify(draft())) as Record<string, unknown>;

  it("reads a plan from JSON", () => {
    const r = parsePlanDraft(json());
    expect(r).toEqual({ ok: true, draft: draft() });
  });

  it("drops a product snapshot sent back by a form: the server fills it in", () => {
    const r = parsePlanDraft({ ...json(), products: [{ id: "ha-gel", name: "Forged name", reason: "Forged reason" }] });
    expect(r).toEqual({ ok: true, draft: draft() });
  });

  it("refuses unknown keys, at the top and inside rows", () => {
    const input = json();
    input.discount = 10;
    (input.zones as Record<string, unknown>[])[1]!.colour = "red";
    const r = parsePlanDraft(input);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.violations.map((p) => `${p.field}:${p.rule}`).sort()).toEqual([
        "discount:input.unknown-key",
        "zones.1.colour:input.unknown-key",
      ]);
  });

  it("refuses numbers written as text, and missing fields", () => {
    const input = json();
    (input.zones as Record<string, unknown>[])[0]!.depthMaxMm = "1.5";
    delete input.sessions;
    const r = parsePlanDraft(input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.violations).toContainEqual({ rule: "input.type", field: "zones.0.depthMaxMm", message: "Enter a number." });
      expect(r.violations).toContainEqual({ rule: "input.required", field: "sessions", message: "This field is required." });
    }
  });

  it("refuses the eyelids and unknown ids with the domain's rules", () => {
    const input = json();
    (input.zones as Record<string, unknown>[])[0]!.zone = "eyelids";
    (input.zones as Record<string, unknown>[])[1]!.indication = "warts";
    const r = parsePlanDraft(input);
    expect(r).toEqual({
      ok: false,
      violations: [
        expect.objectContaining({ rule: "zone.orbital-rim", field: "zones.0.zone" }),
        expect.objectContaining({ rule: "indication.unknown", field: "zones.1.indication" }),
      ],
    });
  });

  it("refuses a skin type outside I–VI and input that isn't an object", () => {
    const input = json();
    (input.assessment as Record<string, unknown>).fitzpatrick = 7;
    const r = parsePlanDraft(input);
    expect(r.ok ? [] : r.violations.map((p) => `${p.field}:${p.rule}`)).toEqual(["assessment.fitzpatrick:input.invalid-choice"]);
    expect(parsePlanDraft("plan").ok).toBe(false);
    expect(parsePlanDraft(null).ok).toBe(false);
  });

  it("refuses over-long text", () => {
    const r = parsePlanDraft({ ...json(), noteToClient: "x".repeat(5001) });
    expect(r.ok ? [] : r.violations.map((p) => `${p.field}:${p.rule}`)).toEqual(["noteToClient:input.too-long"]);
  });

  it("says whether a list has too many items or a text too many characters", () => {
    const long = parsePlanDraft({ ...json(), noteToClient: "x".repeat(5001) });
    expect(long.ok ? [] : long.violations).toEqual([
      { rule: "input.too-long", field: "noteToClient", message: "At most 5000 characters." },
    ]);
    const many = parsePlanDraft({ ...json(), productIds: Array.from({ length: 51 }, (_, i) => `p-${i}`) });
    expect(many.ok ? [] : many.violations).toEqual([{ rule: "input.too-long", field: "productIds", message: "At most 50 items." }]);
  });

  it("reads a plan with every zone, four concerns per zone, a practitioner and a depth reason", () => {
    const input = json();
    input.practitionerId = "pr-1";
    input.zones = ZONE_IDS.map((z) => ({
      zone: z,
      indication: "fine-lines",
      depthMinMm: 0.2,
      depthMaxMm: 0.3,
      depthReason: "Tested first.",
    }));
    const concerns = ZONE_IDS.flatMap((z) => Array.from({ length: 4 }, () => ({ zone: z, note: "" })));
    (input.assessment as Record<string, unknown>).concerns = concerns;
    const r = parsePlanDraft(input);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.draft.zones).toHaveLength(ZONE_IDS.length);
      expect(r.draft.practitionerId).toBe("pr-1");
    }
    (input.assessment as Record<string, unknown>).concerns = [...concerns, { zone: "forehead", note: "" }];
    input.zones = [
      ...(input.zones as unknown[]),
      ...(input.zones as unknown[]),
      { zone: "nose", indication: "fine-lines", depthMinMm: 0.2, depthMaxMm: 0.3 },
    ];
    const over = parsePlanDraft(input);
    expect(over.ok ? [] : over.violations.map((p) => `${p.field}:${p.rule}`).sort()).toEqual([
      "assessment.concerns:input.too-long",
      "zones:input.too-long",
    ]);
  });
});
