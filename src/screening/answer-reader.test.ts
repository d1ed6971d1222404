import { Temporal } from "temporal-polyfill";
import { describe, expect, it } from "vitest";
import { dateFormValues, monthOf, readDateAnswer, readFields, type DateRule, type FormValues } from "./answer-reader.ts";

const today = Temporal.PlainDate.from("2026-03-15");
const birth: DateRule = { dayOptional: false, beforeToday: true };
const lastDose: DateRule = { dayOptional: true, beforeToday: false };

const typed = (day: string, month: string, year: string): FormValues => ({
  ...(day ? { "d-day": [day] } : {}),
  ...(month ? { "d-month": [month] } : {}),
  ...(year ? { "d-year": [year] } : {}),
});
const read = (rule: DateRule, day: string, month: string, year: string) => readDateAnswer(typed(day, month, year), "d", rule, today);

describe("months", () => {
  it("reads a number, or a month's name or start in English or French, with or without accents", () => {
    expect(monthOf("03")).toBe(3);
    expect(monthOf("Mar")).toBe(3);
    expect(monthOf("mars")).toBe(3);
    expect(monthOf("févr.")).toBe(2);
    expect(monthOf("FEVRIER")).toBe(2);
    expect(monthOf("AOÛT")).toBe(8);
    expect(monthOf("decembre")).toBe(12);
  });

  it("does not guess", () => {
    expect(monthOf("jui")).toBeNull();
    expect(monthOf("ma")).toBeNull();
    expect(monthOf("0")).toBeNull();
    expect(monthOf("13")).toBeNull();
    expect(monthOf("smarch")).toBeNull();
  });
});

describe("dates typed as day, month and year", () => {
  it("reads a whole date, and a date without a day as the latest day it can be", () => {
    expect(read(birth, "27", "3", "1990")).toEqual({
      kind: "date",
      date: Temporal.PlainDate.from("1990-03-27"),
      dayGiven: true,
      fhir: "1990-03-27",
    });
    expect(read(lastDose, "", "feb", "2026")).toEqual({
      kind: "date",
      date: Temporal.PlainDate.from("2026-02-28"),
      dayGiven: false,
      fhir: "2026-02",
    });
    // The current month: today, not a day still to come.
    expect(read(lastDose, "", "3", "2026")).toMatchObject({ kind: "date", date: Temporal.PlainDate.from("2026-03-15"), fhir: "2026-03" });
  });

  it("says which input to fix, and why", () => {
    expect(read(birth, "", "", "")).toEqual({ kind: "empty" });
    expect(read(birth, "", "3", "1990")).toEqual({ kind: "error", code: "date-no-day", part: "day" });
    expect(read(lastDose, "", "", "2026")).toEqual({ kind: "error", code: "date-no-month", part: "month" });
    expect(read(lastDose, "", "3", "")).toEqual({ kind: "error", code: "date-no-year", part: "year" });
    expect(read(birth, "3rd", "3", "1990")).toEqual({ kind: "error", code: "date-not-real", part: "day" });
    expect(read(birth, "3", "smarch", "1990")).toEqual({ kind: "error", code: "date-not-real", part: "month" });
    expect(read(birth, "31", "2", "1990")).toEqual({ kind: "error", code: "date-not-real", part: "day" });
    expect(read(birth, "3", "3", "90")).toEqual({ kind: "error", code: "date-year-digits", part: "year" });
    expect(read(birth, "3", "3", "1899")).toEqual({ kind: "error", code: "date-too-early", part: "year" });
    expect(read(birth, "15", "3", "2026")).toEqual({ kind: "error", code: "date-not-past", part: "day" });
    expect(read(lastDose, "16", "3", "2026")).toEqual({ kind: "error", code: "date-future", part: "day" });
    expect(read(lastDose, "", "4", "2026")).toEqual({ kind: "error", code: "date-future", part: "month" });
    expect(read(lastDose, "15", "3", "2026")).toMatchObject({ kind: "date", fhir: "2026-03-15" });
  });

  it("fills a date's inputs in again from what was said", () => {
    expect(dateFormValues("d", "1990-03-07")).toEqual({ "d-day": ["7"], "d-month": ["3"], "d-year": ["1990"] });
    expect(dateFormValues("d", "2026-02")).toEqual({ "d-month": ["2"], "d-year": ["2026"] });
    expect(dateFormValues("d", "soon")).toEqual({});
    expect(readDateAnswer(dateFormValues("d", "2026-02"), "d", lastDose, today)).toMatchObject({ kind: "date", fhir: "2026-02" });
  });
});

describe("form fields", () => {
  it("keeps the named fields only, trimmed and within the limits, and drops empty values", () => {
    const form = new URLSearchParams([
      ["areas", " face "],
      ["areas", ""],
      ["areas", "neck"],
      ["note", "one\r\ntwo"],
      ["stranger", "x"],
    ]);
    expect(readFields(form, ["areas", "note"], { maxChars: 40, maxValues: 20 })).toEqual({ areas: ["face", "neck"], note: ["one\ntwo"] });
    expect(readFields(form, ["areas", "note"], { maxChars: 2, maxValues: 1 })).toEqual({ areas: ["fa"], note: ["on"] });
    expect(readFields({ areas: ["face"], stranger: ["x"] }, ["areas"], { maxChars: 40, maxValues: 20 })).toEqual({ areas: ["face"] });
  });
});
