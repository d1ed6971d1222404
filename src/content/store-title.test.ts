import { describe, expect, it } from "vitest";
import { LINE_CONTROL_MESSAGE } from "../kernel/text.ts";
import { readContent } from "./document-input.ts";

describe("readContent: the title is one plain line", () => {
  it.each([
    ["a NUL byte", "What to expect\u0000"],
    ["a line break", "What to\r\nexpect"],
    ["a right-to-left override", "What to expect\u202e"],
    ["a lone surrogate", "What \ud800"],
  ])("refuses %s instead of folding it away", (_label, title) => {
    expect(readContent({ title, body: "Text." }).errors.title).toBe(LINE_CONTROL_MESSAGE);
  });

  it("still folds runs of spaces and keeps any script", () => {
    const { value, errors } = readContent({ title: "  Après   le soin  ", body: "Text." });
    expect(errors).toEqual({});
    expect(value.title).toBe("Après le soin");
  });
});
