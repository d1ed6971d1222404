import { describe, expect, it } from "vitest";
import { CLIENT_INTL_LOCALE, CLIENT_LOCALES } from "../../src/clients/locale.ts";
import { INTL_LOCALE, LOCALES } from "../i18n/locales.ts";
import { localeFromAcceptLanguage, signedOutLocale, withLang } from "./portal-locale.ts";

const request = (url: string, acceptLanguage?: string) =>
  new Request(url, acceptLanguage ? { headers: { "Accept-Language": acceptLanguage } } : undefined);

describe("the account's language when signed out", () => {
  it("takes ?lang= first, then the browser's preference between English and French, then English", () => {
    expect(signedOutLocale(request("http://x/portal/login?lang=fr", "en-CA"))).toBe("fr");
    expect(signedOutLocale(request("http://x/portal/login?lang=en", "fr-CA,fr;q=0.9"))).toBe("en");
    expect(signedOutLocale(request("http://x/portal/login?lang=de", "fr-CA"))).toBe("fr");
    expect(signedOutLocale(request("http://x/portal/login"))).toBe("en");
    expect(signedOutLocale(request("http://x/portal/verify?token=abc&lang=fr"))).toBe("fr");
  });

  it("reads Accept-Language by quality, then by order, ignoring other languages", () => {
    expect(localeFromAcceptLanguage("fr-CA,fr;q=0.9,en;q=0.8")).toBe("fr");
    expect(localeFromAcceptLanguage("de-DE,de;q=0.9,en;q=0.5,fr;q=0.7")).toBe("fr");
    expect(localeFromAcceptLanguage("en-US,en;q=0.9,fr;q=0.9")).toBe("en");
    expect(localeFromAcceptLanguage("fr;q=0, en;q=0.1")).toBe("en");
    expect(localeFromAcceptLanguage("FR")).toBe("fr");
    expect(localeFromAcceptLanguage("de, es;q=0.5")).toBeNull();
    expect(localeFromAcceptLanguage("")).toBeNull();
    expect(localeFromAcceptLanguage(null)).toBeNull();
    expect(localeFromAcceptLanguage("fr;q=abc,en")).toBe("en");
  });

  it("adds lang=fr to French paths only", () => {
    expect(withLang("/portal/login?sent=1", "en")).toBe("/portal/login?sent=1");
    expect(withLang("/portal/login?sent=1", "fr")).toBe("/portal/login?sent=1&lang=fr");
    expect(withLang("/portal/login", "fr")).toBe("/portal/login?lang=fr");
  });
});

describe("the account's languages", () => {
  it("are the same two, with the same tags, on the server as on the pages", () => {
    expect([...CLIENT_LOCALES]).toEqual([...LOCALES]);
    expect(CLIENT_INTL_LOCALE).toEqual(INTL_LOCALE);
  });
});
