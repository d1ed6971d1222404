// The aftercare sheet: it follows the areas and the depth (only as far as the
// sources and the clinic's settings say), every waiting period comes from the
// settings with the sources' defaults, the dates are told in the clinic's zone
// across a change of the clocks, and the two languages say the same things.
import { describe, expect, it } from "vitest";
import {
  AFTERCARE_DEFAULTS,
  AFTERCARE_ITEMS,
  aftercareFor,
  aftercareInputOf,
  DEFAULT_AFTERCARE_SETTINGS,
  endOfPeriod,
  isDeeperSession,
  type AftercareInput,
  type AftercareSettings,
} from "./aftercare.ts";
import type { ZoneId } from "./types.ts";

const TZ = "America/Toronto";
/** Saturday 8 March 2025, 3:00 p.m. EST: the clocks go forward at 2:00 the next night. */
const BEFORE_SPRING = Date.parse("2025-03-08T20:00:00Z");
/** Saturday 1 November 2025, 3:00 p.m. EDT: the clocks go back at 2:00 the next night. */
const BEFORE_FALL = Date.parse("2025-11-01T19:00:00Z");

const session = (areas: ZoneId[], deepestMm: number, o: Partial<AftercareInput> = {}): AftercareInput => ({
  areas,
  deepestMm,
  pinpointBleeding: false,
  reactionCharted: false,
  endedAtMs: BEFORE_SPRING,
  timeZone: TZ,
  settings: DEFAULT_AFTERCARE_SETTINGS,
  ...o,
});
const item = (sheet: ReturnType<typeof aftercareFor>, i: string) => sheet.avoid.find((a) => a.item === i)!;

describe("the defaults", () => {
  it("are the sources' periods, with the one peer-reviewed period marked as such and the rest as clinic defaults", () => {
    expect(DEFAULT_AFTERCARE_SETTINGS.hours).toEqual({ sun: 48, makeup: 24, exercise: 72, water: 72, retinoids: 144, exfoliants: 144 });
    expect(DEFAULT_AFTERCARE_SETTINGS.deeperHours).toEqual(DEFAULT_AFTERCARE_SETTINGS.hours);
    expect(DEFAULT_AFTERCARE_SETTINGS.deeperFromMm).toBe(1);
    // Sunscreen ≥ 48 h: peer-reviewed review [ref-19]; a clinic may not go under it.
    expect(AFTERCARE_DEFAULTS.sun).toMatchObject({ evidence: "PR", clinicDefault: false, citations: ["ref-19"], minHours: 48 });
    // Make-up 24 h, exercise 72 h, retinoids and acids about days 1–6: clinic protocols [ref-52].
    for (const i of ["makeup", "exercise", "retinoids", "exfoliants"] as const)
      expect(AFTERCARE_DEFAULTS[i]).toMatchObject({ evidence: "CLIN", clinicDefault: true, citations: ["ref-52"] });
    // Pools and saunas: no source in the reference, so nothing is cited.
    expect(AFTERCARE_DEFAULTS.water).toMatchObject({ evidence: "CLIN", clinicDefault: true, citations: [] });
  });
});

describe("aftercare follows the areas and the depth", () => {
  const neck = aftercareFor(session(["neck"], 1.0));
  const face = aftercareFor(session(["cheek-left", "cheek-right", "forehead"], 1.5));

  it("a neck session at 1.0 mm and a face session at 1.5 mm get different instructions", () => {
    expect(neck).not.toEqual(face);
    expect(neck.groups).toEqual(["neck"]);
    expect(face.groups).toEqual(["face"]);
    // Depth: 1.0 mm is not deeper than the clinic's 1.0 mm band; 1.5 mm is, and the client reads that redness may last longer.
    expect(neck.deeper).toBe(false);
    expect(face.deeper).toBe(true);
    expect(face.normal.some((l) => l.includes("went a little deeper"))).toBe(true);
    expect(neck.normal.some((l) => l.includes("deeper"))).toBe(false);
    // Area: what the "nothing on the skin" period names.
    expect(item(neck, "makeup").text).toContain("no make-up, lotion or perfume");
    expect(item(face, "makeup").text).toMatch(/: no make-up\.$/);
  });

  it("with the clinic's default settings, a deeper session waits as long as any other: no source gives a longer wait", () => {
    for (const i of AFTERCARE_ITEMS) expect(item(face, i).hours).toBe(item(neck, i).hours);
  });

  it("after a deeper session, uses the clinic's longer periods when it set them", () => {
    const settings: AftercareSettings = {
      ...DEFAULT_AFTERCARE_SETTINGS,
      deeperHours: { ...DEFAULT_AFTERCARE_SETTINGS.deeperHours, exercise: 96, water: 120 },
    };
    const n = aftercareFor(session(["neck"], 1.0, { settings }));
    const f = aftercareFor(session(["cheek-left"], 1.5, { settings }));
    expect([item(n, "exercise").hours, item(n, "water").hours]).toEqual([72, 72]);
    expect([item(f, "exercise").hours, item(f, "water").hours]).toEqual([96, 120]);
    expect(item(f, "exercise").text).toContain("the first 4 days");
    expect(item(f, "water").text).toContain("the first 5 days");
    expect(item(f, "exercise").until).not.toBe(item(n, "exercise").until);
  });

  it("moves the depth band with the clinic's setting, compared exactly (1.0 is not deeper than 1.0)", () => {
    expect(isDeeperSession(1.0, DEFAULT_AFTERCARE_SETTINGS)).toBe(false);
    expect(isDeeperSession(1.05, DEFAULT_AFTERCARE_SETTINGS)).toBe(true);
    expect(isDeeperSession(1.5, { ...DEFAULT_AFTERCARE_SETTINGS, deeperFromMm: 1.5 })).toBe(false);
  });

  it("never lets a deeper period be shorter than the standard one", () => {
    const settings: AftercareSettings = {
      ...DEFAULT_AFTERCARE_SETTINGS,
      hours: { ...DEFAULT_AFTERCARE_SETTINGS.hours, exercise: 96 },
      deeperHours: { ...DEFAULT_AFTERCARE_SETTINGS.deeperHours, exercise: 72 },
    };
    expect(item(aftercareFor(session(["cheek-left"], 1.5, { settings })), "exercise").hours).toBe(96);
  });

  it("on the scalp: a hat for the sun, hair products for the first day, and when to restart a hair-loss treatment", () => {
    const scalp = aftercareFor(session(["scalp"], 1.5));
    expect(item(scalp, "sun").text).toContain("a hat on the scalp");
    expect(item(scalp, "makeup").text).toContain("no hair gel, spray or other hair product");
    expect(scalp.after.some((l) => l.includes("minoxidil"))).toBe(true);
    expect(aftercareFor(session(["cheek-left"], 1)).after.some((l) => l.includes("minoxidil"))).toBe(false);
  });

  it("names each group's products once, in the catalogue's order, for a session over several groups", () => {
    const mixed = aftercareFor(session(["decollete", "cheek-left", "neck", "abdomen"], 1));
    expect(mixed.groups).toEqual(["face", "neck", "decollete", "body"]);
    expect(item(mixed, "makeup").text).toContain(": no make-up, no make-up, lotion or perfume and no body lotion or self-tanner.");
  });

  it("adds the pinpoint-bleeding and reaction lines only when charted", () => {
    const plain = aftercareFor(session(["forehead"], 0.5));
    const more = aftercareFor(session(["forehead"], 0.5, { pinpointBleeding: true, reactionCharted: true }));
    expect(plain.normal).toHaveLength(2);
    expect(more.normal).toHaveLength(4);
    expect(more.normal.join(" ")).toContain("Tiny red dots");
    expect(more.normal.join(" ")).toContain("noted a reaction");
  });

  it("builds its input from a stored chart: the areas, the deepest depth, the endpoint and the reactions", () => {
    const input = aftercareInputOf(
      {
        areas: [
          { zone: "neck", depthMm: 0.75, endpoint: "even-erythema" },
          { zone: "decollete", depthMm: 1.0, endpoint: "pinpoint-bleeding" },
        ],
        reactions: [],
      },
      { endedAtMs: BEFORE_SPRING, timeZone: TZ, settings: DEFAULT_AFTERCARE_SETTINGS },
    );
    expect(input).toMatchObject({ areas: ["neck", "decollete"], deepestMm: 1, pinpointBleeding: true, reactionCharted: false });
  });
});

describe("dates, in the clinic's zone", () => {
  it("count elapsed hours across the spring change of the clocks (the wall time moves forward an hour)", () => {
    const s = aftercareFor(session(["cheek-left"], 1));
    expect(item(s, "makeup").untilIso).toBe("2025-03-09T16:00:00-04:00");
    expect(item(s, "makeup").until).toBe("Sunday, March 9, 4:00 p.m.");
    expect(item(s, "sun").untilIso).toBe("2025-03-10T16:00:00-04:00");
    expect(item(s, "exercise").until).toBe("Tuesday, March 11, 4:00 p.m.");
    expect(item(s, "retinoids").until).toBe("Friday, March 14, 4:00 p.m.");
    expect(s.call.join(" ")).toContain("not fading by Saturday, March 15, 4:00 p.m., call us");
  });

  it("and across the autumn change (the wall time moves back an hour)", () => {
    const s = aftercareFor(session(["cheek-left"], 1, { endedAtMs: BEFORE_FALL }));
    expect(item(s, "makeup").untilIso).toBe("2025-11-02T14:00:00-05:00");
    expect(item(s, "exercise").until).toBe("Tuesday, November 4, 2:00 p.m.");
  });

  it("round up to the next whole hour, never down", () => {
    const end = endOfPeriod(BEFORE_SPRING + 10 * 60_000, 24, TZ);
    expect(end.toString({ timeZoneName: "never" })).toBe("2025-03-09T17:00:00-04:00");
    expect(endOfPeriod(Date.parse("2025-06-02T14:00:00Z"), 48, TZ).toString({ timeZoneName: "never" })).toBe("2025-06-04T10:00:00-04:00");
  });

  it("are written in the reader's language", () => {
    const fr = aftercareFor(session(["cheek-left"], 1), "fr");
    expect(item(fr, "makeup").until).toBe("dimanche 9 mars, 16 h 00");
  });
});

describe("the two languages", () => {
  const cases: AftercareInput[] = [
    session(["neck"], 1.0),
    session(["cheek-left", "scalp"], 1.5, { pinpointBleeding: true, reactionCharted: true }),
    session(["hands", "back"], 0.5),
  ];

  it("say the same things: as many lines in each part, the same periods and dates", () => {
    for (const c of cases) {
      const en = aftercareFor(c, "en");
      const fr = aftercareFor(c, "fr");
      expect(fr.normal).toHaveLength(en.normal.length);
      expect(fr.after).toHaveLength(en.after.length);
      expect(fr.call).toHaveLength(en.call.length);
      expect(fr.avoid.map((a) => [a.item, a.hours, a.untilIso])).toEqual(en.avoid.map((a) => [a.item, a.hours, a.untilIso]));
      expect(fr.deeper).toBe(en.deeper);
    }
  });

  it("French puts a no-break space before every colon and semicolon, and never an ordinary one", () => {
    for (const c of cases) {
      const fr = aftercareFor(c, "fr");
      const all = [...fr.normal, ...fr.avoid.map((a) => a.text), ...fr.after, ...fr.call];
      for (const line of all) expect(line, line).not.toMatch(/(^|[^\u00a0\u202f])[:;]/);
    }
  });

  it("tells no depth and no zone's clinical name, in either language", () => {
    for (const c of cases)
      for (const locale of ["en", "fr"] as const) {
        const s = aftercareFor(c, locale);
        const all = [...s.normal, ...s.avoid.map((a) => a.text), ...s.after, ...s.call].join(" ");
        expect(all).not.toMatch(/\d\s*mm\b/);
      }
  });
});
