import { describe, expect, it } from "vitest";
import { CATALOGS } from "../i18n/catalog.ts";
import { citation } from "./citations.server.ts";
import { AFTERCARE, citedKeys, FAQ, SOURCES, sourceNumber, VISIT_STEPS } from "./microneedling-content.ts";

describe("the microneedling page's sources", () => {
  it("names only sources that the project's clinical reference holds", () => {
    const unknown = SOURCES.filter((s) => !citation(s.key)?.source).map((s) => s.key);
    expect(unknown).toEqual([]);
  });

  it("lists every source it cites inline, once", () => {
    const listed = SOURCES.map((s) => s.key);
    expect(new Set(listed).size).toBe(listed.length);
    expect(citedKeys().filter((k) => !listed.includes(k))).toEqual([]);
  });

  it("cites the aftercare advice, and marks the clinic-protocol timings as such", () => {
    for (const day of AFTERCARE) {
      for (const row of day.rows) {
        expect(row.refs.length, `${day.id} ${row.kind}`).toBeGreaterThan(0);
        if (row.clinicProtocol) expect(row.refs).toContain("ref-52");
      }
    }
  });

  it("has every message it refers to in both languages", () => {
    const keys = [
      ...SOURCES.flatMap((s) => [s.supports, ...(typeof s.citation === "string" ? [] : [s.citation.message])]),
      ...VISIT_STEPS.flatMap((s) => [s.title, s.text]),
      ...AFTERCARE.flatMap((d) => [d.title, ...d.rows.map((r) => r.text)]),
      ...FAQ.flatMap((f) => [f.question, f.answer]),
    ];
    for (const key of keys) {
      expect(CATALOGS.en[key], key).toBeTruthy();
      expect(CATALOGS.fr[key], key).toBeTruthy();
    }
    expect(sourceNumber("ref-52")).toBe(52);
  });
});
