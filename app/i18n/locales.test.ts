import { describe, expect, it } from "vitest";
import { localeFromPath, localizePath, stripLocale } from "./locales.ts";

describe("language paths", () => {
  it("reads the language from the prefix only", () => {
    expect(localeFromPath("/")).toBe("en");
    expect(localeFromPath("/fr")).toBe("fr");
    expect(localeFromPath("/fr/microneedling")).toBe("fr");
    expect(localeFromPath("/fragrance")).toBe("en");
  });

  it("switches a page between languages and keeps query and hash", () => {
    expect(localizePath("/", "fr")).toBe("/fr");
    expect(localizePath("/fr", "en")).toBe("/");
    expect(localizePath("/microneedling#faq", "fr")).toBe("/fr/microneedling#faq");
    expect(localizePath("/fr/book/consultation?date=2027-01-05", "en")).toBe("/book/consultation?date=2027-01-05");
    expect(localizePath("/fr/about", "fr")).toBe("/fr/about");
    expect(stripLocale("/fr/articles/x")).toBe("/articles/x");
  });
});
