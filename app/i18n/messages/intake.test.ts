import { describe, expect, it } from "vitest";
import { intake } from "./intake.ts";

const params = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const tags = (s: string) => [...s.matchAll(/<(\w+)>/g)].map((m) => m[1]).sort();

describe("the intake questionnaire's messages", () => {
  it("are all under intake., in both languages, with the same {parameters} and tags", () => {
    for (const [key, en] of Object.entries(intake.en)) {
      const fr = intake.fr[key as keyof typeof intake.en];
      expect(key).toMatch(/^intake\./);
      expect(fr.trim(), key).not.toBe("");
      expect(params(fr), key).toEqual(params(en));
      expect(tags(fr), key).toEqual(tags(en));
    }
  });

  it("write French the Canadian way: courriel, no space before ? and a no-break space before a colon", () => {
    for (const [key, fr] of Object.entries(intake.fr)) {
      expect(fr.replace(/\{\w+\}/g, ""), key).not.toMatch(/e-mail|\bemail\b/i);
      expect(fr, key).not.toMatch(/ [?!;]/);
      expect(fr, key).not.toMatch(/[^\u00a0]:(?!\/\/)/);
    }
  });
});
