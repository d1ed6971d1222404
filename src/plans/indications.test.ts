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
      expect(i.clinicDefault, id).toBe(i.evidence === "IND" || i.evidence === "CLIN" || i.uncertain === true);
    }
    expect(INDICATIONS["texture-pores"].clinicDefault).toBe(true);
    expect(INDICATIONS["surgical-scars"].clinicDefault).toBe(true);
  });

  it("presents the six-woman melasma pilot as low certainty, not settled evidence", () => {
    const p = INDICATIONS.hyperpigmentation;
    expect(p.uncertain).toBe(true);
    expect(p.clinicDefault).toBe(true);
    expect(p.protocolNote).toMatch(/pilot of six women/);
    expect(p.protocolNote).toMatch(/low certainty/);
    expect(p.canAchieve).toMatch(/small/);
  });

  it("promises no pigment-lightening cream, and says a physician may prescribe the studied one", () => {
    const p = INDICATIONS.hyperpigmentation;
    const client = `${p.canAchieve} ${p.cannotAchieve}`;
    expect(client).not.toMatch(/pigment-lightening cream/i);
    expect(p.canAchieve).not.toMatch(/cream/i);
    expect(p.cannotAchieve).toMatch(/prescription/);
    expect(p.cannotAchieve).toMatch(/can't supply/);
    expect(p.cannotAchieve).toMatch(/physician may prescribe/);
    // Its retinoid meets the plan's own retinoid pause.
    expect(p.cannotAchieve).toMatch(/retinoid/);
    expect(p.protocolNote).toMatch(/prescription/);
    expect(p.protocolNote).toMatch(/retinoid pause/);
    for (const id of INDICATION_IDS) expect(INDICATIONS[id].canAchieve, id).not.toMatch(/lightening cream/i);
  });

  it("attributes four sessions 30 days apart to the trial that used them, not to the retrospective series", () => {
    // Ablon 2018 [ref-8]: four sessions 30 days apart. Aust 2008 [ref-48]: most patients had one treatment.
    for (const id of INDICATION_IDS) {
      const note = INDICATIONS[id].protocolNote;
      for (const m of note.matchAll(/[^.;]*(?:30 days apart|monthly)[^.;]*/g)) expect(m[0], id).not.toMatch(/ref-48/);
    }
    expect(INDICATIONS.laxity.protocolNote).toMatch(/four sessions 30 days apart in an open study of 48 adults \[ref-8\]/);
    expect(INDICATIONS.laxity.protocolNote).toMatch(/most of its patients had a single treatment[^.]*\[ref-48\]/);
    expect(INDICATIONS["fine-lines"].protocolNote).toMatch(/30 days apart improved wrinkles \[ref-8\]/);
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
