// The check-in rules: what is within the expected course on day 1 and day 3,
// what puts a follow-up on the clinic's list, when the client is told to seek
// care now, and how a form's answers are checked.
import { describe, expect, it } from "vitest";
import { daysAfter, judgeCheckin, parseCheckinAnswers, type CheckinAnswers } from "./checkin.ts";

const calm: CheckinAnswers = {
  redness: "mild",
  swelling: "mild",
  swellingWorse: false,
  eyesOrBreathing: false,
  pain: "mild",
  painWorse: false,
  infection: false,
  fever: false,
  bumps: false,
  crusting: "pinpoint",
  coldSore: false,
  note: "",
};

describe("judgeCheckin", () => {
  it("thanks a client whose skin follows the expected course on day 1 and day 3", () => {
    expect(judgeCheckin(calm, 1)).toEqual({ outcome: "expected", reasons: [], advice: null });
    expect(judgeCheckin(calm, 3)).toEqual({ outcome: "expected", reasons: [], advice: null });
    expect(judgeCheckin({ ...calm, redness: "none", swelling: "none", pain: "none", crusting: "none" }, 3).outcome).toBe("expected");
  });

  it("expects strong redness and swelling on day 1, not on day 3 [ref-37]", () => {
    const strong = { ...calm, redness: "strong", swelling: "strong" } as const;
    expect(judgeCheckin(strong, 1).outcome).toBe("expected");
    expect(judgeCheckin(strong, 2).outcome).toBe("expected");
    expect(judgeCheckin(strong, 3)).toEqual({
      outcome: "follow-up",
      reasons: ["swelling-strong-late", "redness-strong-late"],
      advice: "call-clinic",
    });
  });

  it("takes any redness or swelling past day 7 as outside the course [ref-20]", () => {
    expect(judgeCheckin(calm, 7).outcome).toBe("expected");
    expect(judgeCheckin(calm, 8).reasons).toEqual(["swelling-beyond-week", "redness-beyond-week"]);
  });

  it("takes bumps as persisting from day 3 only", () => {
    expect(judgeCheckin({ ...calm, bumps: true }, 1).outcome).toBe("expected");
    expect(judgeCheckin({ ...calm, bumps: true }, 3).reasons).toEqual(["bumps"]);
  });

  it.each([
    ["infection", { infection: true }, ["infection-signs"]],
    ["fever", { fever: true }, ["fever"]],
    ["a cold sore", { coldSore: true }, ["cold-sore"]],
    ["strong pain", { pain: "strong" }, ["pain-strong"]],
    ["pain getting worse", { painWorse: true }, ["pain-worse"]],
    ["swelling getting worse", { swellingWorse: true }, ["swelling-worse"]],
    ["crusts larger than pinpoint", { crusting: "larger" }, ["crusting-larger"]],
    ["a note", { note: "The left cheek itches a lot." }, ["note"]],
  ] as const)("puts %s on the list on any day, with a call to the clinic", (_name, change, reasons) => {
    for (const day of [1, 3])
      expect(judgeCheckin({ ...calm, ...change }, day)).toEqual({ outcome: "follow-up", reasons, advice: "call-clinic" });
  });

  it("puts a photo on the list on any day, for a person to look at; the rest of the answer judged as ever", () => {
    for (const day of [1, 3])
      expect(judgeCheckin({ ...calm, redness: "mild" }, day, { photo: true })).toEqual({
        outcome: "follow-up",
        reasons: ["photo"],
        advice: "call-clinic",
      });
    expect(judgeCheckin(calm, 1, { photo: false }).outcome).toBe("expected");
    expect(judgeCheckin({ ...calm, eyesOrBreathing: true }, 1, { photo: true })).toMatchObject({
      reasons: ["eyes-or-breathing", "photo"],
      advice: "seek-care-now",
    });
  });

  it("sends the client to care now for swollen-shut eyes or trouble breathing, or fever with signs of infection", () => {
    expect(judgeCheckin({ ...calm, eyesOrBreathing: true }, 1)).toEqual({
      outcome: "follow-up",
      reasons: ["eyes-or-breathing"],
      advice: "seek-care-now",
    });
    expect(judgeCheckin({ ...calm, infection: true, fever: true }, 1)).toEqual({
      outcome: "follow-up",
      reasons: ["infection-signs", "fever"],
      advice: "seek-care-now",
    });
  });
});

describe("parseCheckinAnswers", () => {
  const form = {
    redness: "strong",
    swelling: "none",
    swellingWorse: "no",
    eyesOrBreathing: "no",
    pain: "mild",
    painWorse: "no",
    infection: "yes",
    fever: "no",
    bumps: "no",
    crusting: "pinpoint",
    coldSore: "no",
    note: "  Warm to the touch.\r\n",
  };

  it("reads every answer, the note trimmed", () => {
    expect(parseCheckinAnswers(form)).toEqual({
      ok: true,
      answers: { ...calm, redness: "strong", swelling: "none", infection: true, note: "Warm to the touch." },
    });
  });

  it("asks for every unanswered or unknown answer at once; the note stays optional", () => {
    expect(parseCheckinAnswers({ ...form, redness: "", fever: "maybe", crusting: undefined, note: "" })).toEqual({
      ok: false,
      errors: { redness: "required", fever: "required", crusting: "required" },
    });
    expect(parseCheckinAnswers({})).toMatchObject({ ok: false });
  });

  it("refuses a note too long or with control characters", () => {
    expect(parseCheckinAnswers({ ...form, note: "x".repeat(1001) })).toEqual({ ok: false, errors: { note: "too-long" } });
    expect(parseCheckinAnswers({ ...form, note: "a\u0000b" })).toEqual({ ok: false, errors: { note: "control" } });
  });
});

describe("daysAfter", () => {
  it("counts calendar days, across a DST change and a month's end", () => {
    expect(daysAfter("2026-03-07", "2026-03-08")).toBe(1);
    expect(daysAfter("2026-03-07", "2026-03-10")).toBe(3);
    expect(daysAfter("2026-10-31", "2026-11-03")).toBe(3);
    expect(daysAfter("2026-05-05", "2026-05-05")).toBe(0);
  });
});
