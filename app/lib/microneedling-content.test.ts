import { describe, expect, it } from "vitest";
import { CATALOGS, type MessageKey } from "../i18n/catalog.ts";
import { citation } from "./citations.server.ts";
import { AFTERCARE, CLINIC_ADVICE_MESSAGE, citedKeys, FAQ, SOURCES, sourceNumber, VISIT_STEPS } from "./microneedling-content.ts";

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

  it("cites the aftercare advice, and marks the clinic-protocol timings and the clinic's own advice as such", () => {
    for (const day of AFTERCARE) {
      for (const row of day.rows) {
        // The clinic's own advice cites nothing (no source lists it) and is labelled as such; every other row cites.
        if (row.clinicAdvice) expect(row.refs, `${day.id} ${row.text}`).toEqual([]);
        else expect(row.refs.length, `${day.id} ${row.text}`).toBeGreaterThan(0);
        if (row.clinicProtocol) expect(row.refs).toContain("ref-52");
      }
    }
    expect(CATALOGS.en[CLINIC_ADVICE_MESSAGE]).toMatch(/clinic.*own.*not from a study/);
    expect(CATALOGS.fr[CLINIC_ADVICE_MESSAGE]).toMatch(/notre clinique.*non tiré d’une étude/);
  });
});

const rows = AFTERCARE.flatMap((d) => d.rows);
const textOf = (locale: "en" | "fr", key: MessageKey) => CATALOGS[locale][key].replace(/\u00a0/g, " ");
const aftercareText = (locale: "en" | "fr") => rows.map((r) => textOf(locale, r.text)).join("\n");

describe("the aftercare says what its sources say", () => {
  it("defaults to sunscreen from the treatment day, as the peer-reviewed review advises (ref-19), and names the clinic protocols' 24-hour wait as theirs (ref-52)", () => {
    const day0 = AFTERCARE.find((d) => d.id === "aftercare-day-0")!;
    const sun = day0.rows.find((r) => /sunscreen/.test(CATALOGS.en[r.text]))!;
    expect(sun.kind).toBe("care");
    expect(sun.refs).toContain("ref-19");
    expect(sun.clinicProtocol).toBeFalsy();
    expect(textOf("en", sun.text)).toMatch(/sunscreen from the day of your treatment/);
    expect(textOf("en", sun.text)).toMatch(/at least the first 48 hours/);
    expect(textOf("en", sun.text)).toMatch(/peer-reviewed/);
    expect(textOf("en", sun.text)).toMatch(/Some clinic protocols .* first 24 hours/);
    expect(textOf("fr", sun.text)).toMatch(/écran solaire dès le jour du traitement/);
    expect(textOf("fr", sun.text)).toMatch(/au moins les 48 premières heures/);
    expect(textOf("fr", sun.text)).toMatch(/évaluée par les pairs/);
    // The old claim, stated as the rule, must not come back in either language.
    for (const locale of ["en", "fr"] as const) {
      const all = aftercareText(locale);
      expect(all).not.toMatch(/no makeup and no sunscreen|no sunscreen yet|ni d’écran solaire/i);
    }
    expect(textOf("en", "site.mn.src.ref-19")).toMatch(/at least the first 48 hours/);
    expect(textOf("en", "site.mn.src.ref-19")).not.toMatch(/day after/);
    expect(textOf("fr", "site.mn.src.ref-19")).not.toMatch(/lendemain/);
  });

  it("asks for no pools, saunas or hot tubs for 48–72 hours and a clean pillowcase, in both languages, as the clinic's own advice", () => {
    const water = rows.find((r) => /pools/.test(CATALOGS.en[r.text]))!;
    const hygiene = rows.find((r) => /pillowcase/.test(CATALOGS.en[r.text]))!;
    for (const row of [water, hygiene]) {
      expect(row.clinicAdvice).toBe(true);
      expect(row.refs).toEqual([]);
    }
    expect(water.kind).toBe("avoid");
    expect(textOf("en", water.text)).toMatch(/swimming pools, saunas and hot tubs/);
    expect(textOf("en", water.text)).toMatch(/48 to 72 hours/);
    expect(textOf("fr", water.text)).toMatch(/piscines, les saunas et les spas/);
    expect(textOf("fr", water.text)).toMatch(/48 à 72 heures/);
    expect(textOf("en", hygiene.text)).toMatch(/pillowcase/);
    expect(textOf("fr", hygiene.text)).toMatch(/taie d’oreiller/);
  });

  it("attributes to each source only what it says", () => {
    // The Dermapen 4 manual (ref-53) names pregnancy only as a reason to leave out numbing cream, and lists neither eczema nor psoriasis.
    for (const locale of ["en", "fr"] as const) {
      const ref53 = textOf(locale, "site.mn.src.ref-53");
      expect(ref53).not.toMatch(/eczema|eczéma|psoriasis/i);
    }
    expect(textOf("en", "site.mn.src.ref-53")).toMatch(/numbing cream during pregnancy/);
    expect(textOf("fr", "site.mn.src.ref-53")).toMatch(/crème anesthésiante pendant la grossesse/);
    // The melasma study (ref-14) is a six-person pilot with a prescription cream.
    expect(textOf("en", "site.mn.src.ref-14")).toMatch(/six women.*low certainty/);
    expect(textOf("en", "site.mn.src.ref-14")).toMatch(/prescription/);
    expect(textOf("fr", "site.mn.src.ref-14")).toMatch(/six femmes.*faible certitude/);
    expect(textOf("fr", "site.mn.src.ref-14")).toMatch(/ordonnance/);
    // The clinic protocols (ref-52) hold makeup for 24 hours; sunscreen only in some of them.
    expect(textOf("en", "site.mn.src.ref-52")).not.toMatch(/no makeup or sunscreen/);
    expect(textOf("fr", "site.mn.src.ref-52")).not.toMatch(/ni maquillage ni écran solaire/);
  });

  it("promises no cream the clinic would supply", () => {
    for (const locale of ["en", "fr"] as const) {
      const page = Object.entries(CATALOGS[locale])
        .filter(([k]) => k.startsWith("site.mn."))
        .map(([, v]) => v)
        .join("\n");
      expect(page).not.toMatch(/pigment-lightening cream|crème éclaircissante/i);
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
