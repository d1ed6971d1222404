import { describe, expect, it } from "vitest";
import { desk } from "./desk.ts";

const params = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("the desk tablet's messages", () => {
  it("are all under desk., in both languages, with the same {parameters}", () => {
    for (const [key, en] of Object.entries(desk.en)) {
      const fr = desk.fr[key as keyof typeof desk.en];
      expect(key).toMatch(/^desk\./);
      expect(fr.trim(), key).not.toBe("");
      expect(params(fr), key).toEqual(params(en));
    }
  });

  it("write French the Canadian way: courriel, no space before ? and a no-break space before a colon", () => {
    for (const [key, fr] of Object.entries(desk.fr)) {
      expect(fr.replace(/\{\w+\}/g, ""), key).not.toMatch(/e-mail|\bemail\b/i);
      expect(fr, key).not.toMatch(/ [?!;]/);
      expect(fr, key).not.toMatch(/[^\u00a0]:(?!\/\/)/);
    }
  });
});
