import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { INDICATION_IDS, ZONE_IDS } from "./types.ts";
import {
  ABSOLUTE_ZONE_MAXIMA,
  DEFAULT_ZONE_MAXIMA,
  effectiveZoneMaxima,
  isDepthStep,
  isIndicationId,
  isZoneId,
  NO_TREATMENT_AREAS,
  validateClinicDepthLimits,
  zoneLabel,
  ZONES,
} from "./zones.ts";

const page = readFileSync(new URL("../../docs/clinical/README.md", import.meta.url), "utf8");
const anchors = new Set([...page.matchAll(/<a id="([^"]+)"><\/a>/g)].map((m) => m[1]));

describe("the zone catalogue", () => {
  it("describes every zone id, under its own id", () => {
    expect(Object.keys(ZONES).sort()).toEqual([...ZONE_IDS].sort());
    for (const id of ZONE_IDS) {
      const z = ZONES[id];
      expect(z.id).toBe(id);
      expect(z.label.length, id).toBeGreaterThan(2);
      expect(z.description.length, id).toBeGreaterThan(5);
      expect(["face", "neck", "decollete", "hands", "scalp", "body"]).toContain(z.group);
    }
  });

  it("labels zones as the map shows them", () => {
    expect(zoneLabel("cheek-left")).toBe("Cheek, left");
    expect(zoneLabel("periorbital-right")).toBe("Periorbital, right");
    expect(zoneLabel("eyelids")).toBe("Eyelids (inside the orbital rim)");
    expect(zoneLabel("elbow")).toBe("elbow");
    expect(ZONES["periorbital-left"].description).toContain("outside the orbital rim");
  });

  it("keeps the eye area at 0.3 mm by default and never above 0.5 mm", () => {
    for (const id of ["periorbital-left", "periorbital-right"] as const) {
      expect(DEFAULT_ZONE_MAXIMA[id]).toBe(0.3);
      expect(ABSOLUTE_ZONE_MAXIMA[id]).toBe(0.5);
      expect(ZONES[id].defaultMaxIsClinicDefault).toBe(true);
    }
  });

  // Decision 0020: every ceiling from the skin measured at the site (the old
  // 2.5 mm everywhere reached below the dermis at every measured site), every
  // default no deeper than the zone's deepest band.
  it("sets each zone's own default maximum and a ceiling from the skin measured there", () => {
    const expected: Record<string, [number, number]> = {
      forehead: [1.0, 1.45],
      nose: [1.0, 1.45],
      "cheek-left": [1.5, 1.5],
      "cheek-right": [1.5, 1.5],
      perioral: [1.0, 1.5],
      "chin-jawline": [1.5, 1.5],
      neck: [1.25, 1.3],
      decollete: [1.0, 1.3],
      hands: [0.5, 1.15],
      scalp: [1.5, 1.5],
      abdomen: [1.5, 1.5],
      thighs: [1.5, 1.5],
      back: [1.5, 1.95],
    };
    for (const [id, [def, ceiling]] of Object.entries(expected)) {
      expect(DEFAULT_ZONE_MAXIMA[id as keyof typeof DEFAULT_ZONE_MAXIMA], id).toBe(def);
      expect(ABSOLUTE_ZONE_MAXIMA[id as keyof typeof ABSOLUTE_ZONE_MAXIMA], id).toBe(ceiling);
    }
    for (const id of ZONE_IDS) expect(ABSOLUTE_ZONE_MAXIMA[id], id).toBeLessThan(2);
  });

  it("has every default maximum in whole steps, above 0 and at or under its ceiling", () => {
    for (const id of ZONE_IDS) {
      expect(isDepthStep(DEFAULT_ZONE_MAXIMA[id]), id).toBe(true);
      expect(DEFAULT_ZONE_MAXIMA[id], id).toBeGreaterThan(0);
      expect(DEFAULT_ZONE_MAXIMA[id], id).toBeLessThanOrEqual(ABSOLUTE_ZONE_MAXIMA[id]);
    }
  });

  it("marks a default as the clinic's exactly when it rests on industry charts or clinic protocol", () => {
    for (const id of ZONE_IDS) {
      const z = ZONES[id];
      expect(z.defaultMaxIsClinicDefault, id).toBe(z.defaultMaxEvidence === "IND" || z.defaultMaxEvidence === "CLIN");
    }
  });

  it("cites only anchors that exist on docs/clinical/README.md, and every note's citations are listed", () => {
    const all = [...ZONE_IDS.map((id) => ZONES[id]), NO_TREATMENT_AREAS.eyelids];
    for (const z of all) {
      expect(z.citations.length, z.id).toBeGreaterThan(0);
      for (const key of z.citations) expect(anchors.has(key), `${z.id} → ${key}`).toBe(true);
    }
    for (const id of ZONE_IDS) {
      const inNote = [...ZONES[id].note.matchAll(/\[((?:ref|clinic)-\d+)\]/g)].map((m) => m[1]!);
      for (const key of inNote) expect(ZONES[id].citations, `${id} note cites ${key}`).toContain(key);
    }
  });
});

describe("areas that are never treated", () => {
  it("refuses the eyelids by rule, citing the device study", () => {
    const e = NO_TREATMENT_AREAS.eyelids;
    expect(e.label).toBe("Eyelids (inside the orbital rim)");
    expect(e.rule).toBe("zone.orbital-rim");
    expect(e.citations).toContain("ref-36");
    expect(isZoneId("eyelids")).toBe(false);
  });
});

describe("id guards", () => {
  it("accept exactly the known ids", () => {
    for (const id of ZONE_IDS) expect(isZoneId(id)).toBe(true);
    for (const id of INDICATION_IDS) expect(isIndicationId(id)).toBe(true);
    for (const bad of ["", "Cheek-left", "eyelids", 3, null, undefined, {}]) {
      expect(isZoneId(bad)).toBe(false);
      expect(isIndicationId(bad)).toBe(false);
    }
    expect(isIndicationId("forehead")).toBe(false);
  });
});

describe("effectiveZoneMaxima", () => {
  it("uses the defaults when the clinic has set nothing", () => {
    const m = effectiveZoneMaxima({});
    for (const id of ZONE_IDS) expect(m[id]).toEqual({ maxMm: DEFAULT_ZONE_MAXIMA[id], source: "default" });
  });

  it("uses the clinic's setting, lower or higher than the default, within the ceiling", () => {
    const m = effectiveZoneMaxima({ "periorbital-left": 0.25, neck: 1.3, hands: 1.0 });
    expect(m["periorbital-left"]).toEqual({ maxMm: 0.25, source: "clinic" });
    expect(m["periorbital-right"]).toEqual({ maxMm: 0.3, source: "default" });
    expect(m.neck).toEqual({ maxMm: 1.3, source: "clinic" });
    expect(m.hands).toEqual({ maxMm: 1.0, source: "clinic" });
  });

  it("never lets an unvalidated setting past the ceiling or off the step grid", () => {
    const m = effectiveZoneMaxima({ "periorbital-left": 0.9, neck: 4, forehead: 0.27, nose: 0.01 });
    expect(m["periorbital-left"].maxMm).toBe(0.5);
    expect(m.neck.maxMm).toBe(1.3);
    expect(m.forehead.maxMm).toBe(0.25);
    expect(m.nose.maxMm).toBe(0.05);
  });

  it("ignores a setting that is not a positive number", () => {
    const m = effectiveZoneMaxima({ neck: Number.NaN, back: -1, scalp: 0 });
    expect(m.neck).toEqual({ maxMm: 1.25, source: "default" });
    expect(m.back).toEqual({ maxMm: 1.5, source: "default" });
    expect(m.scalp).toEqual({ maxMm: 1.5, source: "default" });
  });
});

describe("validateClinicDepthLimits", () => {
  it("accepts no settings, and settings at the ceiling", () => {
    expect(validateClinicDepthLimits({})).toEqual([]);
    expect(validateClinicDepthLimits({ "periorbital-left": 0.5, "periorbital-right": 0.2, neck: 1.3, hands: 0.05 })).toEqual([]);
  });

  it("refuses a maximum above the ceiling, naming the area and the limit", () => {
    expect(validateClinicDepthLimits({ "periorbital-left": 0.55, neck: 2.55 })).toEqual([
      {
        rule: "depth.clinic-maximum-above-ceiling",
        field: "periorbital-left",
        message: "Periorbital, left: a clinic maximum can be at most 0.5 mm, the absolute limit for this area.",
      },
      expect.objectContaining({ rule: "depth.clinic-maximum-above-ceiling", field: "neck" }),
    ]);
  });

  it("refuses values off the 0.05 mm grid, zero, negatives and non-numbers", () => {
    const rules = (limits: Record<string, unknown>) => validateClinicDepthLimits(limits).map((p) => `${p.field}:${p.rule}`);
    expect(rules({ forehead: 0.27 })).toEqual(["forehead:depth.clinic-maximum-step"]);
    expect(rules({ forehead: 0 })).toEqual(["forehead:depth.clinic-maximum-invalid"]);
    expect(rules({ forehead: -0.5 })).toEqual(["forehead:depth.clinic-maximum-invalid"]);
    expect(rules({ forehead: "1.0" })).toEqual(["forehead:depth.clinic-maximum-invalid"]);
    expect(rules({ forehead: Number.POSITIVE_INFINITY })).toEqual(["forehead:depth.clinic-maximum-invalid"]);
  });

  it("refuses a maximum for the eyelids or an unknown area", () => {
    expect(validateClinicDepthLimits({ eyelids: 0.1, elbow: 1 }).map((p) => `${p.field}:${p.rule}`)).toEqual([
      "eyelids:zone.orbital-rim",
      "elbow:zone.unknown",
    ]);
  });
});
