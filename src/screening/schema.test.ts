import { describe, expect, it } from "vitest";
import { fieldProblems, parseIntake, type ParseIntakeResult } from "./schema.ts";
import { intake } from "./test-fixtures.ts";

const TODAY = "2026-06-15";
const parse = (json: unknown, today = TODAY) => parseIntake(json, { today });

function errorsOf(result: ParseIntakeResult): Record<string, string> {
  if (result.ok) throw new Error("expected the intake to be refused");
  const byField: Record<string, string> = {};
  for (const e of result.errors) {
    expect(byField[e.field], `one error per field (${e.field})`).toBeUndefined();
    byField[e.field] = e.message;
  }
  return byField;
}

const fields = (json: unknown, today?: string) => Object.keys(errorsOf(parse(json, today)));

describe("parseIntake: valid input", () => {
  it("fills in defaults and asOf = today", () => {
    expect(parse({ treatmentAreas: ["face"] })).toEqual({
      ok: true,
      intake: intake({ asOf: TODAY }),
    });
  });

  it("keeps every answer, de-duplicating lists into the order of the value lists", () => {
    // Complete medication answers are kept as they are.
    const medications = {
      isotretinoin: { status: "stopped", stoppedOn: "2026-01-31" },
      anticoagulant: false,
      immunosuppressant: true,
      topicalRetinoidLastUsed: "2026-07-01",
    };
    const result = parse({
      asOf: "2026-07-01",
      birthDate: "1990-02-28",
      treatmentAreas: ["neck", "face", "neck"],
      fitzpatrickType: 3,
      fitzpatrickAnswers: [0, 1, 2, 3, 4, 0, 1, 2, 3, 4],
      conditions: ["pregnant", "hsv-history", "pregnant"],
      skinConditions: [{ type: "cold-sore" }, { type: "acne-breakout", areas: ["body", "face"] }],
      medications,
      recentProcedures: [
        { type: "laser", date: "2026-06-20", areas: ["face"] },
        { type: "neurotoxin", date: "2026-07-01" },
      ],
      expectsCompleteRemoval: true,
    });
    expect(result).toEqual({
      ok: true,
      intake: {
        asOf: "2026-07-01",
        birthDate: "1990-02-28",
        treatmentAreas: ["face", "neck"],
        fitzpatrickType: 3,
        fitzpatrickAnswers: [0, 1, 2, 3, 4, 0, 1, 2, 3, 4],
        conditions: ["hsv-history", "pregnant"],
        skinConditions: [
          { type: "cold-sore", areas: null },
          { type: "acne-breakout", areas: ["face", "body"] },
        ],
        medications,
        recentProcedures: [
          { type: "laser", date: "2026-06-20", areas: ["face"] },
          { type: "neurotoxin", date: "2026-07-01", areas: null },
        ],
        expectsCompleteRemoval: true,
      },
    });
  });

  it("accepts past dates on asOf itself, and a birth date on asOf", () => {
    expect(
      parse({
        treatmentAreas: ["face"],
        birthDate: TODAY,
        medications: { isotretinoin: { status: "stopped", stoppedOn: TODAY }, topicalRetinoidLastUsed: TODAY },
        recentProcedures: [{ type: "chemical-peel", date: TODAY }],
      }).ok,
    ).toBe(true);
  });

  it("accepts isotretinoin in current use", () => {
    expect(parse({ treatmentAreas: ["face"], medications: { isotretinoin: { status: "current" } } }).ok).toBe(true);
  });

  it("checks past dates against the given asOf, not today", () => {
    // Screening for a day ahead: a procedure after today but before that day happened by then.
    expect(parse({ asOf: "2026-09-01", treatmentAreas: ["face"], recentProcedures: [{ type: "laser", date: "2026-08-01" }] }).ok).toBe(
      true,
    );
    // Screening for an earlier day: a procedure between that day and today is in its future.
    expect(fields({ asOf: "2026-01-01", treatmentAreas: ["face"], recentProcedures: [{ type: "laser", date: "2026-03-01" }] })).toEqual([
      "recentProcedures[0].date",
    ]);
  });
});

describe("parseIntake: every invalid field, with its path", () => {
  it("lists all of them at once", () => {
    const errors = errorsOf(
      parse({
        asOf: "2026-06-15",
        birthDate: "2027-01-01",
        treatmentAreas: ["face", "elbow"],
        fitzpatrickType: 7,
        fitzpatrickAnswers: [1, 2, 5],
        conditions: ["pregnant", "flu"],
        skinConditions: [{ type: "rash", areas: [] }, { areas: ["face"] }],
        medications: {
          isotretinoin: { status: "stopped", stoppedOn: "2026-06-16" },
          anticoagulant: "yes",
          topicalRetinoidLastUsed: "2027-02-30",
          vitamins: true,
        },
        recentProcedures: [
          { type: "laser", date: "2026-07-01" },
          { type: "facelift", date: "15/03/2026", areas: ["face", "toes"] },
        ],
        expectsCompleteRemoval: 1,
        allergies: "none",
        notes: "",
      }),
    );
    expect(Object.keys(errors)).toEqual([
      "birthDate",
      "treatmentAreas[1]",
      "fitzpatrickType",
      "fitzpatrickAnswers",
      "fitzpatrickAnswers[2]",
      "conditions[1]",
      "skinConditions[0].type",
      "skinConditions[0].areas",
      "skinConditions[1].type",
      "medications.isotretinoin.stoppedOn",
      "medications.anticoagulant",
      "medications.topicalRetinoidLastUsed",
      "medications.vitamins",
      "recentProcedures[0].date",
      "recentProcedures[1].type",
      "recentProcedures[1].date",
      "recentProcedures[1].areas[1]",
      "expectsCompleteRemoval",
      "allergies",
      "notes",
    ]);
    expect(errors["birthDate"]).toBe("The birth date can't be after 2026-06-15, the date being screened for.");
    expect(errors["medications.isotretinoin.stoppedOn"]).toBe("The stop date can't be after 2026-06-15, the date being screened for.");
    expect(errors["recentProcedures[0].date"]).toBe("The procedure date can't be after 2026-06-15, the date being screened for.");
    expect(errors["medications.topicalRetinoidLastUsed"]).toBe("This date does not exist on the calendar; check the day and the month.");
    expect(errors["recentProcedures[1].date"]).toBe("Write the date as YYYY-MM-DD, for example 2026-03-15.");
    expect(errors["treatmentAreas[1]"]).toBe("Not a known area. Use one of: face, neck, chest, hands, scalp, body.");
    expect(errors["fitzpatrickType"]).toBe("The Fitzpatrick type must be a whole number from 1 to 6.");
    expect(errors["fitzpatrickAnswers"]).toBe("Give exactly 10 answers, one per question (this list has 3).");
    expect(errors["fitzpatrickAnswers[2]"]).toBe("Each answer must be a whole number from 0 to 4.");
    expect(errors["skinConditions[1].type"]).toBe("Choose a skin condition.");
    expect(errors["medications.anticoagulant"]).toBe("Anticoagulant must be true or false.");
    expect(errors["allergies"]).toMatch(/^Unknown field "allergies"\. Allowed here: asOf, birthDate, treatmentAreas/);
    expect(errors["medications.vitamins"]).toBe(
      'Unknown field "vitamins". Allowed here: isotretinoin, anticoagulant, immunosuppressant, topicalRetinoidLastUsed, otcBloodThinner.',
    );
  });

  it("never repeats the submitted value in a message, so errors can be logged", () => {
    const secret = "secret-condition-zz9";
    const result = parse({
      treatmentAreas: [secret],
      conditions: [secret],
      skinConditions: [{ type: secret }],
      recentProcedures: [{ type: secret, date: "2026-13-45" }],
      birthDate: "1987-02-29",
    });
    expect(JSON.stringify(result)).not.toContain(secret);
    expect(JSON.stringify(result)).not.toContain("1987");
    expect(JSON.stringify(result)).not.toContain("2026-13-45");
  });

  it.each([
    ["2027-02-30", "does not exist"],
    ["2026-02-29", "does not exist"],
    ["2026-13-01", "does not exist"],
    ["2026-00-10", "does not exist"],
    ["2026-3-5", "YYYY-MM-DD"],
    ["15/03/2026", "YYYY-MM-DD"],
    ["2026-03-05T10:00", "YYYY-MM-DD"],
    ["", "YYYY-MM-DD"],
    [20260305, "YYYY-MM-DD"],
    [null, "YYYY-MM-DD"],
  ])("date %j: %s", (value, message) => {
    const errors = errorsOf(parse({ treatmentAreas: ["face"], recentProcedures: [{ type: "laser", date: value }] }));
    expect(Object.keys(errors)).toEqual(["recentProcedures[0].date"]);
    expect(errors["recentProcedures[0].date"]).toContain(message);
  });

  it("a leap day that exists is a date", () => {
    expect(parse({ treatmentAreas: ["face"], recentProcedures: [{ type: "laser", date: "2024-02-29" }] }).ok).toBe(true);
  });

  it.each([
    ["missing", {}, "List the treatment areas."],
    ["empty", { treatmentAreas: [] }, "Choose at least one treatment area."],
    ["not a list", { treatmentAreas: "face" }, "Expected a list of treatment areas."],
  ])("treatmentAreas %s", (_name, json, message) => {
    expect(errorsOf(parse(json))).toEqual({ treatmentAreas: message });
  });

  it.each([
    ["nine answers", [0, 0, 0, 0, 0, 0, 0, 0, 0], ["fitzpatrickAnswers"]],
    ["eleven answers", [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], ["fitzpatrickAnswers"]],
    ["a 5", [0, 0, 0, 0, 0, 0, 0, 0, 0, 5], ["fitzpatrickAnswers[9]"]],
    ["a negative", [-1, 0, 0, 0, 0, 0, 0, 0, 0, 0], ["fitzpatrickAnswers[0]"]],
    ["a fraction", [0, 2.5, 0, 0, 0, 0, 0, 0, 0, 0], ["fitzpatrickAnswers[1]"]],
    ["a string", [0, 0, "3", 0, 0, 0, 0, 0, 0, 0], ["fitzpatrickAnswers[2]"]],
    ["a null", [0, 0, 0, null, 0, 0, 0, 0, 0, 0], ["fitzpatrickAnswers[3]"]],
    ["not a list", 12, ["fitzpatrickAnswers"]],
    ["too few and a bad one", [9, 0], ["fitzpatrickAnswers", "fitzpatrickAnswers[0]"]],
  ])("fitzpatrickAnswers with %s", (_name, answers, expected) => {
    expect(fields({ treatmentAreas: ["face"], fitzpatrickAnswers: answers })).toEqual(expected);
  });

  it.each([0, 7, 3.5, "3", null, -1])("fitzpatrickType %j is refused", (type) => {
    expect(fields({ treatmentAreas: ["face"], fitzpatrickType: type })).toEqual(["fitzpatrickType"]);
  });

  it.each([1, 2, 3, 4, 5, 6])("fitzpatrickType %i is accepted", (type) => {
    expect(parse({ treatmentAreas: ["face"], fitzpatrickType: type }).ok).toBe(true);
  });

  it("checks the answers even when a type is given", () => {
    expect(fields({ treatmentAreas: ["face"], fitzpatrickType: 3, fitzpatrickAnswers: [1] })).toEqual(["fitzpatrickAnswers"]);
  });

  it("isotretinoin: a status it does not know, a missing status, a missing stop date, a stop date while current", () => {
    const errors = (isotretinoin: unknown) => errorsOf(parse({ treatmentAreas: ["face"], medications: { isotretinoin } }));
    expect(errors({ status: "paused" })).toEqual({
      "medications.isotretinoin.status": 'Isotretinoin status must be "current" or "stopped".',
    });
    expect(Object.keys(errors({}))).toEqual(["medications.isotretinoin.status"]);
    expect(errors({ status: "stopped" })).toEqual({ "medications.isotretinoin.stoppedOn": "The stop date is required." });
    expect(errors({ status: "current", stoppedOn: "2026-01-01" })).toEqual({
      "medications.isotretinoin.stoppedOn":
        'Unknown field "stoppedOn". With status "current" give nothing else; stoppedOn goes with "stopped".',
    });
    expect(Object.keys(errors(true))).toEqual(["medications.isotretinoin"]);
  });

  it("refuses null for an optional field instead of guessing", () => {
    expect(
      fields({ treatmentAreas: ["face"], birthDate: null, conditions: null, medications: null, expectsCompleteRemoval: null }),
    ).toEqual(["birthDate", "conditions", "medications", "expectsCompleteRemoval"]);
  });

  it("an empty area list on a finding is refused rather than read as 'nowhere'", () => {
    expect(fields({ treatmentAreas: ["face"], skinConditions: [{ type: "sunburn", areas: [] }] })).toEqual(["skinConditions[0].areas"]);
  });

  it.each([null, [], "intake", 42])("a body that is not an object (%j) is one error at the root", (json) => {
    expect(errorsOf(parse(json))).toEqual({ "": "The intake must be an object." });
  });

  it("an invalid asOf is reported, and past-date checks are skipped for want of a reference day", () => {
    expect(
      fields({
        asOf: "2026-02-30",
        treatmentAreas: ["face"],
        birthDate: "2099-01-01",
        recentProcedures: [{ type: "laser", date: "2099-01-01" }],
      }),
    ).toEqual(["asOf"]);
    expect(fields({ asOf: 20260615, treatmentAreas: ["face"], recentProcedures: [{ type: "laser", date: "2026-02-30" }] })).toEqual([
      "asOf",
      "recentProcedures[0].date",
    ]);
  });

  it("the default asOf is the caller's today", () => {
    const json = { treatmentAreas: ["face"], recentProcedures: [{ type: "laser", date: "2026-06-16" }] };
    expect(fields(json, "2026-06-15")).toEqual(["recentProcedures[0].date"]);
    expect(parse(json, "2026-06-16").ok).toBe(true);
  });

  it("a malformed today is the caller's bug", () => {
    expect(() => parseIntake({ treatmentAreas: ["face"] }, { today: "15/06/2026" })).toThrow(RangeError);
  });
});

describe("fieldProblems", () => {
  it("keeps the first message per field and splits unknown keys into one field each", () => {
    expect(
      fieldProblems([
        { code: "custom", path: ["recentProcedures", 0, "date"], message: "first", input: "x" },
        { code: "custom", path: ["recentProcedures", 0, "date"], message: "second", input: "x" },
        { code: "unrecognized_keys", keys: ["a", "b"], path: ["medications"], message: "Allowed here: x.", input: {} },
        { code: "custom", path: [], message: "root", input: null },
      ]),
    ).toEqual([
      { field: "recentProcedures[0].date", message: "first" },
      { field: "medications.a", message: 'Unknown field "a". Allowed here: x.' },
      { field: "medications.b", message: 'Unknown field "b". Allowed here: x.' },
      { field: "", message: "root" },
    ]);
  });
});
