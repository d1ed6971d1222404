// The chart form both ways: what is posted becomes the draft the domain
// checks, a stored chart fills the form again, and the domain's violations
// land beside the form's fields.
import { describe, expect, it } from "vitest";
import { chartDraftFrom, chartFormErrors, chartValuesFrom, chartValuesOf } from "./chart-form.ts";

function form(entries: [string, string][]): FormData {
  const f = new FormData();
  for (const [k, v] of entries) f.append(k, v);
  return f;
}

const POSTED = form([
  ["deviceId", "d1"],
  ["cartridgeLotId", "c1"],
  ["area", "cheek-right"],
  ["area", "cheek-left"],
  ["depthMm-cheek-left", "1,25"],
  ["passes-cheek-left", "3"],
  ["technique-cheek-left", "crosshatch"],
  ["endpoint-cheek-left", "pinpoint-bleeding"],
  ["depthReason-cheek-left", "Deep scars"],
  ["depthMm-cheek-right", "1"],
  ["passes-cheek-right", "two"],
  ["technique-cheek-right", "linear"],
  ["endpoint-cheek-right", "mild-erythema"],
  ["depthReason-cheek-right", ""],
  // An area's fields without its box ticked: not treated today.
  ["depthMm-forehead", "0.5"],
  ["numbingUsed", "on"],
  ["numbingLotId", "n1"],
  ["numbingStrength", "4 % lidocaine"],
  ["numbingZones", "cheek-left"],
  ["numbingAppliedAt", "09:10"],
  ["numbingRemovedAt", "09:40"],
  ["glideLotIds", "g1"],
  ["productLotIds", "p1"],
  ["productLotIds", "p2"],
  ["reaction", "swelling"],
  ["reactionAction-swelling", "Cold compress"],
  ["reactionAction-wheals", "typed but not ticked"],
  ["nextTime", "Same depths"],
]);

describe("the chart form", () => {
  it("reads a posted form as the draft, areas in the zone map's order, numbers as typed", () => {
    const draft = chartDraftFrom(chartValuesFrom(POSTED));
    expect(draft.areas.map((a) => [a.zone, a.depthMm, a.passes, a.depthReason ?? null])).toEqual([
      ["cheek-left", 1.25, 3, "Deep scars"],
      ["cheek-right", 1, Number.NaN, null],
    ]);
    expect(draft.numbing).toEqual({
      lotId: "n1",
      strength: "4 % lidocaine",
      zones: ["cheek-left"],
      appliedAt: "09:10",
      removedAt: "09:40",
    });
    expect(draft.productLotIds).toEqual(["p1", "p2"]);
    expect(draft.reactions).toEqual([{ kind: "swelling", action: "Cold compress" }]);
    expect(chartDraftFrom(chartValuesFrom(form([["depthMm-forehead", "1"]]))).numbing).toBeNull();
  });

  it("starts a new chart from the plan, each planned area ticked at its deepest depth", () => {
    const v = chartValuesOf(null, [
      { zone: "forehead", depthMaxMm: 0.5 },
      { zone: "cheek-left", depthMaxMm: 1 },
    ]);
    expect(v.areas).toEqual(["forehead", "cheek-left"]);
    expect(v.area["cheek-left"]?.depthMm).toBe("1.0");
  });

  it("fills the form from a stored chart, the same draft coming back", () => {
    const draft = chartDraftFrom(chartValuesFrom(POSTED));
    draft.areas[1]!.passes = 2;
    const stored = {
      ...draft,
      device: { id: "d1", model: "Pen", serial: "1" },
      lots: [],
      numbingAppliedAtMs: 0,
      numbingRemovedAtMs: 0,
      planned: [],
    };
    expect(chartDraftFrom(chartValuesOf(stored, []))).toEqual(draft);
  });

  it("puts each violation beside its field", () => {
    const draft = chartDraftFrom(chartValuesFrom(POSTED));
    const errors = chartFormErrors(
      [
        { rule: "passes.range", field: "areas.1.passes", message: "passes" },
        { rule: "depth.deeper-than-planned", field: "areas.0.depthReason", message: "reason" },
        { rule: "lot.expired", field: "productLotIds.1", message: "expired" },
        { rule: "numbing.order", field: "numbing.removedAt", message: "order" },
        { rule: "reaction.action", field: "reactions.0.action", message: "say" },
        { rule: "lot.expired", field: "cartridgeLotId", message: "cartridge" },
      ],
      draft,
    );
    expect(errors).toEqual({
      "passes-cheek-right": "passes",
      "depthReason-cheek-left": "reason",
      productLotIds: "expired",
      numbingRemovedAt: "order",
      "reactionAction-swelling": "say",
      cartridgeLotId: "cartridge",
    });
  });
});
