import { describe, expect, it } from "vitest";
import { documentMessages } from "./document.ts";
import { site as siteMessages } from "./site.ts";

// The site's pages and the document around them (skip link, error page), checked alike.
const site = {
  en: { ...siteMessages.en, ...documentMessages.en },
  fr: { ...siteMessages.fr, ...documentMessages.fr },
};

const parameters = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const tags = (text: string) => [...text.matchAll(/<(\w+)>.*?<\/\1>/g)].map((m) => m[1]).sort();

describe("the public site's messages", () => {
  const keys = Object.keys(site.en) as (keyof typeof site.en)[];

  it("gives French the same parameters and link spans as English", () => {
    const mismatched = keys.filter(
      (k) =>
        JSON.stringify(parameters(site.en[k])) !== JSON.stringify(parameters(site.fr[k])) ||
        JSON.stringify(tags(site.en[k])) !== JSON.stringify(tags(site.fr[k])),
    );
    expect(mismatched).toEqual([]);
  });

  it("has no empty message and no unbalanced span", () => {
    for (const locale of ["en", "fr"] as const) {
      for (const k of keys) {
        const text = site[locale][k];
        expect(text.trim(), `${locale} ${k}`).not.toBe("");
        expect(text.replace(/<(\w+)>.*?<\/\1>/g, ""), `${locale} ${k}`).not.toMatch(/<\/?\w+>/);
      }
    }
  });

  it("is written in French, not copied from English, wherever a sentence is translated", () => {
    // Names, citations and words that are the same in both languages.
    const same = new Set([
      "site.nav.microneedling",
      "site.nav.articles",
      "site.mn.prices.consultation",
      "site.mn.sources.title",
      "site.mn.sources.link",
      "site.address.country",
    ]);
    const copied = keys.filter((k) => !same.has(k) && site.en[k] === site.fr[k] && site.en[k].split(" ").length > 1);
    expect(copied).toEqual([]);
  });

  it("puts a no-break space before a French colon, so the colon never starts a line", () => {
    const broken = keys.filter((k) => / :/.test(site.fr[k]));
    expect(broken).toEqual([]);
  });
});
