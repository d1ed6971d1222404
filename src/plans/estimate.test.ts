import { describe, expect, it } from "vitest";
import { planAftercare } from "./client-copy.ts";
import { achievabilityStatement, estimateVisit, expectedDowntime, NUMBING_MINUTES, packageSummary } from "./estimate.ts";
import { draft, z } from "./estimate-test-fixtures.ts";
import type { PlanZone } from "./types.ts";

const FACE: PlanZone[] = [
  z("forehead", "fine-lines"),
  z("periorbital-left", "fine-lines", 0.3, 0.2),
  z("periorbital-right", "fine-lines", 0.3, 0.2),
  z("nose", "texture-pores"),
  z("cheek-left", "acne-scars", 1.5, 1.0),
  z("cheek-right", "acne-scars", 1.5, 1.0),
  z("perioral", "fine-lines"),
  z("chin-jawline", "laxity", 1.0, 0.5),
];

describe("estimateVisit", () => {
  it("keeps a visit within 30 to 60 minutes, growing with the area", () => {
    expect(estimateVisit([z("periorbital-left", "fine-lines", 0.3)], false).minutes).toBe(30);
    expect(estimateVisit(FACE, false).minutes).toBe(50);
    expect(estimateVisit([...FACE, z("neck", "fine-lines"), z("decollete", "fine-lines")], false).minutes).toBe(60);
    expect(estimateVisit([z("scalp", "hair-loss", 1.5, 1.0)], false).minutes).toBe(35);
  });

  it("counts a zone once even if it is listed twice", () => {
    expect(estimateVisit([z("neck", "fine-lines"), z("neck", "laxity"), z("scalp", "hair-loss")], false).minutes).toBe(45);
  });

  it("adds the numbing wait only with numbing cream", () => {
    expect(estimateVisit(FACE, true).numbingMinutes).toBe(NUMBING_MINUTES);
    expect(NUMBING_MINUTES).toBe(30);
    expect(estimateVisit(FACE, false).numbingMinutes).toBe(0);
  });
});

describe("expectedDowntime", () => {
  it("is lighter for shallow plans and says more for deep ones", () => {
    expect(expectedDowntime([])).toBe("");
    const light = expectedDowntime([z("forehead", "fine-lines", 0.5)]);
    expect(light).toMatch(/light redness/);
    expect(light).toMatch(/up to a week/);
    const usual = expectedDowntime(FACE);
    expect(usual).toMatch(/moderate sunburn/);
    expect(usual).not.toMatch(/deeper settings/);
    expect(expectedDowntime([z("neck", "fine-lines", 2.0, 1.0)])).toMatch(/deeper settings/);
  });
});

describe("the aftercare the editor previews (planAftercare, English)", () => {
  const aftercareSummary = (d: Parameters<typeof planAftercare>[0]) => planAftercare(d, "en");
  it("walks through the days after a session", () => {
    const lines = aftercareSummary(draft());
    // Sunscreen from the day of treatment, as the peer-reviewed review advises [ref-19]; makeup waits 24 hours.
    expect(lines[0]).toMatch(/No makeup for the first 24 hours/);
    expect(lines[0]).not.toMatch(/no sunscreen/i);
    expect(lines.some((l) => /wear it from the day of treatment/.test(l))).toBe(true);
    expect(lines.some((l) => /72 hours/.test(l))).toBe(true);
    expect(lines.some((l) => /^Days 1 to 6: no retinoids/.test(l))).toBe(true);
    expect(lines.at(-1)).toBe("Next session: in 28 to 42 days, once your skin has settled.");
    expect(lines.some((l) => /dark marks/.test(l))).toBe(false);
    expect(lines.some((l) => /minoxidil/.test(l))).toBe(false);
  });

  it("adds sun care for darker skin or pigmentation, and scalp advice for hair loss", () => {
    const darker = aftercareSummary(draft({ assessment: { ...draft().assessment, fitzpatrick: 5 } }));
    expect(darker.some((l) => /dark marks/.test(l))).toBe(true);
    const pigment = aftercareSummary(draft({ zones: [z("cheek-left", "hyperpigmentation", 1.5, 1.0)] }));
    expect(pigment.some((l) => /dark marks/.test(l))).toBe(true);
    const scalp = aftercareSummary(draft({ zones: [z("scalp", "hair-loss", 1.5, 1.0)], intervalMinDays: 7, intervalMaxDays: 7 }));
    expect(scalp.some((l) => /minoxidil/.test(l))).toBe(true);
    expect(scalp.at(-1)).toBe("Next session: in 7 days, once your skin has settled.");
  });

  it("has no next-session line for a single session", () => {
    expect(aftercareSummary(draft({ sessions: 1 })).some((l) => l.startsWith("Next session"))).toBe(false);
  });
});

describe("achievabilityStatement", () => {
  it("says what each concern can and cannot do, where, and closes with the clinic's caution", () => {
    const text = achievabilityStatement(draft({ zones: [...draft().zones, z("forehead", "fine-lines")] }));
    const paragraphs = text.split("\n\n");
    expect(paragraphs).toHaveLength(3);
    expect(paragraphs[0]).toMatch(/^Acne scars \(Cheek, left and Cheek, right\): /);
    expect(paragraphs[0]).toMatch(/won't erase acne scars/);
    expect(paragraphs[1]).toMatch(/^Fine lines and wrinkles \(Forehead\): /);
    expect(paragraphs[2]).toMatch(/4 sessions/);
    expect(paragraphs[2]).toMatch(/won't erase deep wrinkles or severe scarring/);
  });
});

describe("packageSummary", () => {
  it("compares the package with paying per session, in whole cents", () => {
    const p = packageSummary(draft());
    expect(p).toMatchObject({
      sessions: 4,
      pricePerSessionCents: 25000,
      separateTotalCents: 100000,
      packagePriceCents: 90000,
      savingCents: 10000,
    });
    expect(p.formatted).toEqual({ pricePerSession: "$250.00", separateTotal: "$1,000.00", packagePrice: "$900.00", saving: "$100.00" });
    expect(p.text).toBe("4 sessions at $250.00 each come to $1,000.00. The package is $900.00, a saving of $100.00.");
  });

  it("says so plainly when the package saves nothing or costs more", () => {
    expect(packageSummary(draft({ packagePriceCents: 100000 })).text).toMatch(/the same as paying for each session/);
    const dearer = packageSummary(draft({ packagePriceCents: 105050 }));
    expect(dearer.savingCents).toBe(-5050);
    expect(dearer.text).toMatch(/\$1,050\.50, \$50\.50 more than paying for each session/);
  });

  it("formats other currencies the Canadian way", () => {
    expect(packageSummary(draft({ currency: "USD", sessions: 1 })).text).toMatch(/^1 session at US\$250\.00\./);
  });
});
