import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CLINIC_DEFAULT_LABEL, DEPTH_TABLE, depthAdjusted, depthRow, indicationsFor } from "./depths.ts";
import { INDICATION_IDS, ZONE_IDS } from "./types.ts";
import { DEFAULT_ZONE_MAXIMA, isDepthStep, ZONES } from "./zones.ts";

const page = readFileSync(new URL("../../docs/clinical/README.md", import.meta.url), "utf8");
const anchors = new Set([...page.matchAll(/<a id="([^"]+)"><\/a>/g)].map((m) => m[1]));

const offered = ZONE_IDS.flatMap((zone) => indicationsFor(zone).map((indication) => ({ zone, indication })));

describe("the depth table", () => {
  it("offers at least one concern for every zone", () => {
    for (const zone of ZONE_IDS) expect(indicationsFor(zone).length, zone).toBeGreaterThan(0);
  });

  it("has exactly one row per combination offered, and no others", () => {
    expect(offered).toHaveLength(DEPTH_TABLE.length);
    expect(DEPTH_TABLE).toHaveLength(52);
    const ids = DEPTH_TABLE.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of DEPTH_TABLE) expect(r.id).toBe(`${r.zone}.${r.indication}`);
  });

  it("cites at least one reference for every combination offered, each an anchor on docs/clinical/README.md", () => {
    for (const { zone, indication } of offered) {
      const row = depthRow(zone, indication);
      expect(row, `${zone} × ${indication}`).not.toBeNull();
      expect(
        row!.citations.some((k) => /^ref-\d+$/.test(k)),
        row!.id,
      ).toBe(true);
      for (const key of row!.citations) expect(anchors.has(key), `${row!.id} → ${key}`).toBe(true);
    }
  });

  it("lists every source that a row's note names", () => {
    for (const r of DEPTH_TABLE) {
      for (const [, key] of r.note.matchAll(/\[((?:ref|clinic)-\d+)\]/g)) expect(r.citations, `${r.id} note → ${key}`).toContain(key);
    }
  });

  it("never goes past a zone's default maximum; the eye area stays at 0.3 mm or less", () => {
    for (const r of DEPTH_TABLE) expect(r.maxMm, r.id).toBeLessThanOrEqual(DEFAULT_ZONE_MAXIMA[r.zone]);
    const eyes = DEPTH_TABLE.filter((r) => r.zone.startsWith("periorbital"));
    expect(eyes.length).toBeGreaterThan(0);
    for (const r of eyes) expect(r.maxMm, r.id).toBeLessThanOrEqual(0.3);
  });

  it("has bands above zero, in order, in whole 0.05 mm steps", () => {
    for (const r of DEPTH_TABLE) {
      expect(r.minMm, r.id).toBeGreaterThan(0);
      expect(r.minMm, r.id).toBeLessThanOrEqual(r.maxMm);
      expect(isDepthStep(r.minMm) && isDepthStep(r.maxMm), r.id).toBe(true);
    }
  });

  it("marks industry-chart and clinic rows as clinic defaults", () => {
    for (const r of DEPTH_TABLE) if (r.evidence === "IND" || r.evidence === "CLIN") expect(r.clinicDefault, r.id).toBe(true);
    expect(depthRow("cheek-left", "acne-scars")!.clinicDefault).toBe(false);
    expect(depthRow("hands", "fine-lines")!.clinicDefault).toBe(true);
    expect(CLINIC_DEFAULT_LABEL).toBe("clinic default — confirm");
  });

  it("offers hair loss only on the scalp, and only hair loss there", () => {
    expect(DEPTH_TABLE.filter((r) => r.indication === "hair-loss").map((r) => r.zone)).toEqual(["scalp"]);
    expect(indicationsFor("scalp")).toEqual(["hair-loss"]);
  });

  it("offers stretch marks only on the body and décolleté", () => {
    for (const r of DEPTH_TABLE.filter((r) => r.indication === "striae")) {
      expect(["body", "decollete"], r.id).toContain(ZONES[r.zone].group);
    }
  });

  it("mirrors the left and right of paired zones", () => {
    for (const [l, r] of [
      ["cheek-left", "cheek-right"],
      ["periorbital-left", "periorbital-right"],
    ] as const) {
      expect(indicationsFor(l)).toEqual(indicationsFor(r));
      for (const i of indicationsFor(l)) {
        const { id: _l, zone: _zl, ...left } = depthRow(l, i)!;
        const { id: _r, zone: _zr, ...right } = depthRow(r, i)!;
        expect(left).toEqual(right);
      }
    }
  });

  it("offers nothing for the eyelids or unknown ids", () => {
    expect(indicationsFor("eyelids")).toEqual([]);
    expect(depthRow("eyelids", "fine-lines")).toBeNull();
    expect(depthRow("forehead", "hair-loss")).toBeNull();
    expect(depthRow("cheek-left", "warts")).toBeNull();
  });

  it("returns concerns in the shared order", () => {
    for (const zone of ZONE_IDS) {
      const got = indicationsFor(zone);
      expect(got).toEqual(INDICATION_IDS.filter((i) => got.includes(i)));
    }
  });

  it("is explained on docs/clinical/README.md", () => {
    expect(page).toMatch(/^## Depth table$/m);
    expect(page).toContain(`"${CLINIC_DEFAULT_LABEL}"`);
  });
});

describe("depthAdjusted: whether the client's copy says a depth was set for them", () => {
  it("is false for every row's own band and true for anything else", () => {
    for (const row of DEPTH_TABLE) {
      const z = { zone: row.zone, indication: row.indication };
      expect(depthAdjusted({ ...z, depthMinMm: row.minMm, depthMaxMm: row.maxMm })).toBe(false);
      expect(depthAdjusted({ ...z, depthMinMm: row.minMm, depthMaxMm: row.maxMm + 0.05 })).toBe(true);
      if (row.maxMm > row.minMm) expect(depthAdjusted({ ...z, depthMinMm: row.minMm, depthMaxMm: row.maxMm - 0.05 })).toBe(true);
    }
    expect(depthAdjusted({ zone: "forehead", indication: "no-such-concern", depthMinMm: 0.25, depthMaxMm: 0.5 })).toBe(true);
  });
});
