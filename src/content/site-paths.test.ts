import { describe, expect, it } from "vitest";
import {
  contentPathOf,
  isStaticPublicPath,
  publicPathChecker,
  servicePathOf,
  sitePathOf,
  splitLocalePrefix,
  STATIC_PUBLIC_PATHS,
} from "./site-paths.ts";

describe("sitePathOf", () => {
  it.each([
    ["/about", "/about"],
    ["/about/", "/about"],
    ["/microneedling#faq", "/microneedling"],
    ["/candidate?from=article#top", "/candidate"],
    ["/", "/"],
    ["/?x=1", "/"],
    ["https://example.com/about", null],
    ["//example.com/about", null],
    ["about", null],
    ["#faq", null],
  ])("%j → %j", (href, path) => {
    expect(sitePathOf(href)).toBe(path);
  });
});

describe("splitLocalePrefix", () => {
  it("separates the French prefix", () => {
    expect(splitLocalePrefix("/fr")).toEqual({ locale: "fr", path: "/" });
    expect(splitLocalePrefix("/fr/")).toEqual({ locale: "fr", path: "/" });
    expect(splitLocalePrefix("/fr/about")).toEqual({ locale: "fr", path: "/about" });
    expect(splitLocalePrefix("/friends")).toEqual({ locale: "en", path: "/friends" });
  });
});

describe("isStaticPublicPath", () => {
  it("accepts every static page in English and French", () => {
    for (const path of STATIC_PUBLIC_PATHS) {
      expect(isStaticPublicPath(path)).toBe(true);
      if (path !== "/portal/login") expect(isStaticPublicPath(path === "/" ? "/fr" : `/fr${path}`)).toBe(true);
    }
  });

  it("ignores query, hash, trailing slash and case", () => {
    expect(isStaticPublicPath("/microneedling#faq")).toBe(true);
    expect(isStaticPublicPath("/fr/candidate?from=home")).toBe(true);
    expect(isStaticPublicPath("/About/")).toBe(true);
  });

  it("rejects other paths, the French portal sign-in and non-paths", () => {
    for (const path of [
      "/microneedlin",
      "/fr/portal/login",
      "/staff",
      "/articles/x",
      "/book/x",
      "/french",
      "about",
      "https://example.com/",
    ]) {
      expect(isStaticPublicPath(path), path).toBe(false);
    }
  });

  it("accepts /book/<slug> of a known service, in both languages", () => {
    const services = ["microneedling-face", "consultation"];
    expect(isStaticPublicPath("/book/microneedling-face", { serviceSlugs: services })).toBe(true);
    expect(isStaticPublicPath("/fr/book/consultation", { serviceSlugs: services })).toBe(true);
    expect(isStaticPublicPath("/book/peel", { serviceSlugs: services })).toBe(false);
    expect(isStaticPublicPath("/book/microneedling-face/extra", { serviceSlugs: services })).toBe(false);
  });
});

describe("publicPathChecker", () => {
  const exists = publicPathChecker({ serviceSlugs: ["consultation"], articleSlugs: ["aftercare-guide"], pageSlugs: ["gift-cards"] });

  it("combines static pages with services, published articles and pages", () => {
    for (const path of [
      "/",
      "/fr",
      "/book/consultation",
      "/articles/aftercare-guide",
      "/fr/articles/aftercare-guide/",
      "/pages/gift-cards",
    ]) {
      expect(exists(path), path).toBe(true);
    }
    for (const path of ["/articles/draft-only", "/pages/aftercare-guide", "/articles", "/articles/aftercare-guide/more", "/book/peel"]) {
      expect(exists(path), path).toBe(path === "/articles");
    }
  });
});

describe("contentPathOf and servicePathOf", () => {
  it("extract the slug", () => {
    expect(contentPathOf("/fr/articles/soins#jour-1")).toEqual({ kind: "article", slug: "soins", locale: "fr" });
    expect(contentPathOf("/pages/gift-cards")).toEqual({ kind: "page", slug: "gift-cards", locale: "en" });
    expect(contentPathOf("/about")).toBeNull();
    expect(servicePathOf("/book/consultation?x=1")).toBe("consultation");
    expect(servicePathOf("/book")).toBeNull();
  });
});
