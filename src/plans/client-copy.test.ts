// The client's words in a plan, in English and French. An English copy must
// stay exactly what it was (a signed version's hash covers it); a French copy
// must say the same things, under the same conditions.
import { describe, expect, it } from "vitest";
import {
  clientCopyFor,
  clientCopyOf,
  copyLocaleOf,
  FRENCH_INDICATIONS,
  indicationLabelIn,
  planAftercare,
  zoneLabelIn,
  zoneLabelsIn,
} from "./client-copy.ts";
import { INDICATIONS } from "./indications.ts";
import { draft as baseDraft, z } from "./estimate-test-fixtures.ts";
import type { PlanDraft } from "./types.ts";
import { INDICATION_IDS, ZONE_IDS } from "./types.ts";

/** The fixture's draft with the forehead too, and numbing cream. */
const draft = (over: Partial<PlanDraft> = {}): PlanDraft =>
  baseDraft({
    zones: [z("cheek-left", "acne-scars", 1.5, 1.0), z("cheek-right", "acne-scars", 1.5, 1.0), z("forehead", "fine-lines")],
    numbingCream: true,
    ...over,
  });

// Drafts that reach every branch: shallow and deep, pigment risk, scalp, one session, equal interval, each price relation.
const DRAFTS: PlanDraft[] = [
  draft(),
  draft({ zones: [z("forehead", "fine-lines", 0.3)], sessions: 1, packagePriceCents: 25000, numbingCream: false }),
  draft({ zones: [z("scalp", "hair-loss", 1.5, 1.0)], sessions: 12, intervalMinDays: 7, intervalMaxDays: 7 }),
  draft({ zones: [z("cheek-left", "hyperpigmentation", 2.0, 1.5), z("abdomen", "striae", 2.0)], packagePriceCents: 120000 }),
  draft({ assessment: { fitzpatrick: 5, fitzpatrickFromIntake: 5, glogau: null, concerns: [], notes: "" }, packagePriceCents: 100000 }),
  draft({ zones: [z("neck", "laxity", 1.0), z("nose", "texture-pores"), z("back", "surgical-scars", 1.5)] }),
];

describe("the client's words in English", () => {
  it("carry no language tag, so every English copy hashes as before", () => {
    for (const d of DRAFTS) {
      const copy = clientCopyOf(d, "Ada", 1);
      expect(Object.keys(copy)).not.toContain("locale");
      expect(clientCopyOf(d, "Ada", 1, "en")).toEqual(copy);
      expect(copyLocaleOf(copy)).toBe("en");
    }
  });

  it("are read back as stored, whatever language is asked for later", () => {
    const stored = clientCopyOf(draft(), "Ada", 1);
    expect(clientCopyFor({ ...draft(), clientCopy: stored }, null, "fr")).toBe(stored);
  });
});

describe("the client's words in French", () => {
  it("say they are French, and are French", () => {
    const copy = clientCopyOf(draft(), "Ada", 7, "fr");
    expect(copyLocaleOf(copy)).toBe("fr");
    expect(copy.zones.map((c) => c.label)).toEqual(["Joue, gauche", "Joue, droite", "Front"]);
    expect(copy.zones.map((c) => c.indicationLabel)).toEqual(["Cicatrices d’acné", "Cicatrices d’acné", "Ridules et rides"]);
    expect(copy.price).toBe(
      "4\u00a0séances à 250,00\u00a0$ chacune reviennent à 1\u00a0000,00\u00a0$. Le forfait est de 900,00\u00a0$, une économie de 100,00\u00a0$.",
    );
    expect(copy.achievability).toContain("Cicatrices d’acné (Joue, gauche et Joue, droite)\u00a0: ");
    expect(copy.achievability).toContain("le plan compte 4\u00a0séances");
    expect(copy.aftercare.at(-1)).toBe("Prochaine séance\u00a0: dans 28 à 42\u00a0jours, une fois votre peau apaisée.");
    expect(copy.practitionerName).toBe("Ada");
    expect(copy.offeredAt).toBe(7);
    const all = [
      copy.downtime,
      copy.achievability,
      copy.price,
      ...copy.aftercare,
      ...copy.zones.flatMap((c) => [c.label, c.indicationLabel]),
    ];
    for (const text of all) expect(text).not.toMatch(/\b(the|your|and|with|days?|sessions?)\b/i);
  });

  it("follow the English sentence for sentence, under the same conditions", () => {
    for (const d of DRAFTS) {
      const en = clientCopyOf(d, null, 0, "en");
      const fr = clientCopyOf(d, null, 0, "fr");
      expect(fr.aftercare.length, JSON.stringify(d.zones)).toBe(en.aftercare.length);
      expect(fr.achievability.split("\n\n").length).toBe(en.achievability.split("\n\n").length);
      // One sentence for one sentence (French "Des questions?" style endings included).
      const sentences = (s: string) => s.split(/[.?!](?:\s|$)/).filter((x) => x.trim() !== "").length;
      expect(sentences(fr.downtime)).toBe(sentences(en.downtime));
      expect(sentences(fr.price)).toBe(sentences(en.price));
      expect(fr.visitMinutes).toBe(en.visitMinutes);
      expect(fr.numbingMinutes).toBe(en.numbingMinutes);
      expect(fr.zones.map((c) => [c.zone, c.clinicDefault])).toEqual(en.zones.map((c) => [c.zone, c.clinicDefault]));
    }
  });

  it("name every zone and every concern", () => {
    // Two words French and English share.
    const same = ["decollete", "abdomen"];
    for (const id of ZONE_IDS) if (!same.includes(id)) expect(zoneLabelIn("fr", id), id).not.toBe(zoneLabelIn("en", id));
    expect(zoneLabelIn("fr", "decollete")).toBe("Décolleté");
    expect(Object.keys(zoneLabelsIn("fr")).sort()).toEqual([...ZONE_IDS].sort());
    for (const id of INDICATION_IDS) {
      expect(indicationLabelIn("fr", id)).toBe(FRENCH_INDICATIONS[id].label);
      expect(indicationLabelIn("en", id)).toBe(INDICATIONS[id].label);
      expect(FRENCH_INDICATIONS[id].canAchieve.length).toBeGreaterThan(20);
      expect(FRENCH_INDICATIONS[id].cannotAchieve.length).toBeGreaterThan(20);
    }
    // An id from an older plan comes back as itself rather than blank.
    expect(zoneLabelIn("fr", "elbow")).toBe("elbow");
    expect(indicationLabelIn("fr", "freckles")).toBe("freckles");
  });

  it("say the price the same way for each relation of package to sessions, and survive an unknown currency", () => {
    expect(clientCopyOf(draft({ sessions: 1, packagePriceCents: 25000 }), null, 0, "fr").price).toBe(
      "1\u00a0séance à 250,00\u00a0$. Le forfait est de 250,00\u00a0$, le même prix que si vous payiez chaque séance.",
    );
    expect(clientCopyOf(draft({ packagePriceCents: 120000 }), null, 0, "fr").price).toContain(
      "Le forfait est de 1\u00a0200,00\u00a0$, soit 200,00\u00a0$ de plus que si vous payiez chaque séance.",
    );
    expect(clientCopyOf(draft({ currency: "X1" }), null, 0, "fr").price).toContain("250,00\u00a0X1");
  });
});

describe("the plan's aftercare says what its sources say, in both languages", () => {
  const plain = (lines: string[]) => lines.join("\n").replace(/\u00a0/g, " ");

  it("defaults to sunscreen from the treatment day for at least 48 hours (peer-reviewed, ref-19), naming the clinic protocols' 24-hour wait as theirs", () => {
    for (const d of DRAFTS) {
      const en = plain(clientCopyOf(d, null, 0, "en").aftercare);
      const fr = plain(clientCopyOf(d, null, 0, "fr").aftercare);
      expect(en).toMatch(/Sunscreen: wear it from the day of treatment, every day for at least the first 48 hours/);
      expect(en).toMatch(/peer-reviewed review/);
      expect(en).toMatch(/Some clinic protocols \(not peer-reviewed\) wait 24 hours/);
      expect(en).not.toMatch(/no sunscreen/i);
      expect(fr).toMatch(/Écran solaire : portez-en dès le jour du traitement, chaque jour pendant au moins les 48 premières heures/);
      expect(fr).toMatch(/revue évaluée par les pairs/);
      expect(fr).toMatch(/Certains protocoles de cliniques \(non évalués par les pairs\) attendent 24 heures/);
      expect(fr).not.toMatch(/ni d’écran solaire/);
      // Makeup waits 24 hours either way (clinic protocols).
      expect(en).toMatch(/No makeup for the first 24 hours/);
      expect(fr).toMatch(/Pas de maquillage pendant les 24 premières heures/);
    }
  });

  it("keeps pools, saunas and hot tubs out for 48–72 hours and asks for a clean pillowcase, as the clinic's own advice", () => {
    for (const d of DRAFTS) {
      const en = plain(planAftercare(d, "en"));
      const fr = plain(planAftercare(d, "fr"));
      expect(en).toMatch(/swimming pools, saunas or hot tubs for 48 to 72 hours, as our clinic's own infection-control advice/);
      expect(en).toMatch(/freshly washed pillowcase/);
      expect(en).toMatch(/our clinic's own advice/);
      expect(fr).toMatch(/piscine, de sauna ni de spa \(bain à remous\) pendant 48 à 72 heures/);
      expect(fr).toMatch(/taie d’oreiller fraîchement lavée/);
      expect(fr).toMatch(/conseil de notre clinique/);
    }
  });

  it("is what the client copy, and so the printed plan, carries", () => {
    for (const d of DRAFTS) {
      expect(clientCopyOf(d, null, 0, "en").aftercare).toEqual(planAftercare(d, "en"));
      expect(clientCopyOf(d, null, 0, "fr").aftercare).toEqual(planAftercare(d, "fr"));
    }
  });

  it("promises a pigmentation plan no lightening cream, says a physician may prescribe one, and meets its retinoid", () => {
    const pigment = draft({ zones: [z("cheek-left", "hyperpigmentation", 1.5, 1.0)] });
    for (const locale of ["en", "fr"] as const) {
      const copy = clientCopyOf(pigment, null, 0, locale);
      expect(copy.achievability).not.toMatch(/pigment-lightening cream|avec une crème éclaircissante/i);
      expect(plain(copy.aftercare)).not.toMatch(/pigment-lightening cream/i);
    }
    const en = clientCopyOf(pigment, null, 0, "en");
    expect(en.achievability).toMatch(/physician may prescribe one/);
    expect(en.achievability).toMatch(/we can't supply/);
    expect(
      en.aftercare.some(
        (l) => /^Prescription lightening cream: we don't supply one, but a physician may prescribe it/.test(l) && /retinoid/.test(l),
      ),
    ).toBe(true);
    const fr = clientCopyOf(pigment, null, 0, "fr");
    expect(fr.achievability).toMatch(/un médecin peut vous en prescrire une/);
    expect(fr.achievability).toMatch(/que nous ne pouvons pas fournir/);
    expect(
      fr.aftercare.some((l) => /^Crème éclaircissante sur ordonnance\u00a0: nous n’en fournissons pas/.test(l) && /rétinoïde/.test(l)),
    ).toBe(true);
    expect(FRENCH_INDICATIONS.hyperpigmentation.canAchieve).not.toMatch(/crème/);
    // Only a pigmentation plan hears about the cream.
    expect(planAftercare(draft(), "en").some((l) => /lightening cream/.test(l))).toBe(false);
    expect(planAftercare(draft(), "fr").some((l) => /crème éclaircissante/.test(l))).toBe(false);
  });
});
