import { describe, expect, it } from "vitest";
import { nameWords, signatureNameMatches } from "./signature-name.ts";

describe("a typed signature against the name on file", () => {
  it.each([
    ["Anne Tremblay", "Anne Tremblay", "the same"],
    ["anne TREMBLAY", "Anne Tremblay", "another case"],
    ["Helene Cote", "Hélène Côté", "without accents"],
    ["Hélène Côté", "Helene Cote", "with accents the file lacks"],
    ["He\u0301le\u0300ne Co\u0302te\u0301", "Hélène Côté", "accents typed as combining marks"],
    ["Anne Marie Tremblay", "Anne-Marie Tremblay", "a hyphen written as a space"],
    ["Anne-Marie Tremblay", "Anne Marie Tremblay", "a space written as a hyphen"],
    ["Siobhan OBrien", "Siobhán O'Brien", "no apostrophe"],
    ["Siobhán O’Brien", "Siobhán O'Brien", "a typographic apostrophe"],
    ["  Anne   Tremblay ", "Anne Tremblay", "extra spaces"],
    ["Anne Louise Tremblay", "Anne Tremblay", "a middle name the file lacks"],
    ["Anne Tremblay", "Anne Louise Tremblay", "the middle name left out"],
    ["Tremblay, Anne", "Anne Tremblay", "surname first, with a comma"],
    ["María José García López", "María García López", "two given names and two surnames"],
    ["Cher", "Cher", "a one-word name"],
    ["Maria Strauss", "Maria Strauß", "ss for ß"],
    ["Lukasz Walesa", "Łukasz Wałęsa", "l for ł"],
    ["Chloe Oeuvre", "Chloé Œuvre", "oe for œ"],
    ["Soren Kierkegaard", "Søren Kierkegaard", "o for ø"],
  ])("accepts %s for %s (%s)", (typed, onFile) => {
    expect(signatureNameMatches(typed, onFile)).toBe(true);
  });

  it.each([
    ["Bob Smith", "Anne Tremblay", "another person"],
    ["Anne Gagnon", "Anne Tremblay", "another surname"],
    ["Louise Tremblay", "Anne Louise Tremblay", "the middle name in place of the first"],
    ["A. Tremblay", "Anne Tremblay", "an initial"],
    ["Annie Tremblay", "Anne Tremblay", "a nickname"],
    ["Anne", "Anne Tremblay", "the first name alone"],
    ["Tremblay", "Anne Tremblay", "the surname alone"],
    ["Tremblay Anne", "Anne Tremblay", "surname first without a comma"],
    ["", "Anne Tremblay", "nothing"],
    ["!!! ---", "Anne Tremblay", "punctuation only"],
    ["Anne Tremblay", "", "no name on file"],
  ])("refuses %s for %s (%s)", (typed, onFile) => {
    expect(signatureNameMatches(typed, onFile)).toBe(false);
  });

  it("reads the words of a name without case, accents or punctuation", () => {
    expect(nameWords("Anne-Marie O'Brien")).toEqual(["anne", "marie", "obrien"]);
    expect(nameWords("Côté, Hélène")).toEqual(["helene", "cote"]);
    expect(nameWords("Maria Strauß")).toEqual(["maria", "strauss"]);
    expect(nameWords("Maria Strauss")).toEqual(nameWords("Maria Strauß"));
  });
});
