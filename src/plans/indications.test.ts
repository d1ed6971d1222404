import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { indicationLabel, INDICATIONS } from "./indications.ts";
import { INDICATION_IDS } from "./types.ts";

const page = readFileSync(new URL("../../docs/clinical/README.md", import.meta.url), "utf8");
const anchors = new Set([...page.matchAll(/<a id="([^"]+)"><\/a>/g)].map((m) => m[1]));

describe("the concerns a plan treats", () => {
  it("describes every indication id, under its own id", () => {
    expect(Object.keys(INDICATIONS).sort()).toEqual([...INDICATION_IDS].sort());
    for (const id of INDICATION_IDS) {
      const i = INDICATIONS[id];
      expect(i.id).toBe(id);
      for (const text of [i.label, i.canAchieve, i.cannotAchieve, i.protocolNote, i.downtime]) expect(text.length, id).toBeGreaterThan(3);
    }
  });

  it("has a sensible default protocol whose window never goes below its floor", () => {
    for (const id of INDICATION_IDS) {
      const i = INDICATIONS[id];
      expect(Number.isInteger(i.defaultSessions) && i.defaultSessions >= 1 && i.defaultSessions <= 24, id).toBe(true);
      expect(Number.isInteger(i.minimumIntervalDays) && i.minimumIntervalDays >= 1, id).toBe(true);
      expect(i.minimumIntervalDays, id).toBeLessThanOrEqual(i.intervalMinDays);
      expect(i.intervalMinDays, id).toBeLessThanOrEqual(i.intervalMaxDays);
    }
  });

  it("follows the reference's protocols", () => {
    const protocol = (id: keyof typeof INDICATIONS) => {
      const i = INDICATIONS[id];
      return [i.defaultSessions, i.intervalMinDays, i.intervalMaxDays, i.minimumIntervalDays];
    };
    expect(protocol("acne-scars")).toEqual([3, 28, 42, 14]);
    expect(protocol("fine-lines")).toEqual([4, 28, 35, 14]);
    expect(protocol("laxity")).toEqual([4, 28, 35, 28]);
    expect(protocol("hyperpigmentation")).toEqual([2, 28, 35, 28]);
    expect(protocol("striae")).toEqual([3, 28, 42, 28]);
    expect(protocol("hair-loss")).toEqual([12, 7, 10, 7]);
    expect(INDICATIONS["surgical-scars"].defaultSessions).toBe(3);
  });

  it("labels the concerns without a studied protocol as clinic defaults", () => {
    for (const id of INDICATION_IDS) {
      const i = INDICATIONS[id];
      expect(i.clinicDefault, id).toBe(i.evidence === "IND" || i.evidence === "CLIN");
    }
    expect(INDICATIONS["texture-pores"].clinicDefault).toBe(true);
    expect(INDICATIONS["surgical-scars"].clinicDefault).toBe(true);
  });

  it("is honest that scars and wrinkles are improved, not erased", () => {
    expect(INDICATIONS["acne-scars"].cannotAchieve).toMatch(/won't erase/);
    expect(INDICATIONS["fine-lines"].cannotAchieve).toMatch(/won't erase deep wrinkles/);
    expect(INDICATIONS.striae.cannotAchieve).toMatch(/won't/);
  });

  it("cites only anchors on docs/clinical/README.md, and lists every source its note names", () => {
    for (const id of INDICATION_IDS) {
      const i = INDICATIONS[id];
      expect(i.citations.length, id).toBeGreaterThan(0);
      for (const key of i.citations) expect(anchors.has(key), `${id} → ${key}`).toBe(true);
      for (const [, key] of i.protocolNote.matchAll(/\[((?:ref|clinic)-\d+)\]/g)) expect(i.citations, `${id} note → ${key}`).toContain(key);
    }
  });

  it("labels by id, and echoes an unknown id rather than failing", () => {
    expect(indicationLabel("striae")).toBe("Stretch marks");
    expect(indicationLabel("acne-scars")).toBe("Acne scars");
    expect(indicationLabel("warts")).toBe("warts");
  });
});
