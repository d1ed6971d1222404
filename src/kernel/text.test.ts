import { describe, expect, it } from "vitest";
import { controlCharacterPath, hasControlCharacters, isPlainLine, isPlainText, jsonTextDepth } from "./text.ts";

describe("hasControlCharacters", () => {
  it.each([
    ["NUL", "\u0000", true, true],
    ["BEL", "\u0007", true, true],
    ["tab", "\t", true, false],
    ["LF", "\n", true, false],
    ["CR", "\r", true, false],
    ["vertical tab", "\u000b", true, true],
    ["ESC", "\u001b", true, true],
    ["DEL", "\u007f", true, true],
    ["C1 NEL", "\u0085", true, true],
    ["lone high surrogate", "\ud83d", true, true],
    ["lone low surrogate", "\ude00", true, true],
    ["line separator", "\u2028", true, false],
    ["LRE", "\u202a", true, false],
    ["RLO", "\u202e", true, false],
    ["LRI", "\u2066", true, false],
    ["PDI", "\u2069", true, false],
  ])("%s: line %s, text %s", (_label, ch, inLine, inText) => {
    expect(hasControlCharacters(`a${ch}b`, "line")).toBe(inLine);
    expect(hasControlCharacters(`a${ch}b`, "text")).toBe(inText);
    expect(isPlainLine(`a${ch}b`)).toBe(!inLine);
    expect(isPlainText(`a${ch}b`)).toBe(!inText);
  });

  it("accepts ordinary text in any script, emoji and joiners", () => {
    for (const s of ["Zoë O'Brien", "محمد", "日本語", "👩🏽‍⚕️ ok", "a\u200db", "left\u200emark", "«guillemets»"]) {
      expect(hasControlCharacters(s, "line"), s).toBe(false);
    }
  });
});

describe("jsonTextDepth", () => {
  it("counts nesting without recursion and stops past the limit", () => {
    expect(jsonTextDepth("1")).toBe(0);
    expect(jsonTextDepth('{"a":[1,{"b":[]}]}')).toBe(4);
    expect(jsonTextDepth("[".repeat(1_000_000), 32)).toBe(33);
  });

  it("ignores brackets in strings, escaped quotes included", () => {
    expect(jsonTextDepth(JSON.stringify({ a: '[[[{{{\\"[[[' }))).toBe(1);
  });
});

describe("controlCharacterPath", () => {
  it("names the first string holding a refused character, keys included", () => {
    expect(controlCharacterPath({ a: "fine\nline", b: ["ok", { c: "x\u0000" }] })).toBe("b.1.c");
    expect(controlCharacterPath({ ["k\u0000ey"]: 1 })).toBe("k?ey");
    expect(controlCharacterPath("\ud800")).toBe("body");
    expect(controlCharacterPath({ a: 1, b: [true, null, "ok\t"] })).toBeNull();
  });

  it("walks a value nested 100,000 levels without overflowing", () => {
    const deep = JSON.parse(`${"[".repeat(100_000)}"\\u0000"${"]".repeat(100_000)}`);
    expect(controlCharacterPath(deep)).toMatch(/^0(\.0)*$/);
  });
});
