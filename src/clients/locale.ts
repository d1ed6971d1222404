// The languages a client can read their e-mails and their account in. The
// same two as the public site (app/i18n/locales.ts, which the pages use);
// kept here too so the server modules need nothing from the app.
export const CLIENT_LOCALES = ["en", "fr"] as const;
export type ClientLocale = (typeof CLIENT_LOCALES)[number];
export const DEFAULT_CLIENT_LOCALE: ClientLocale = "en";

/** The BCP 47 tag dates, times and money are formatted with in each language. */
export const CLIENT_INTL_LOCALE: Readonly<Record<ClientLocale, string>> = { en: "en-CA", fr: "fr-CA" };

export function isClientLocale(value: unknown): value is ClientLocale {
  return typeof value === "string" && (CLIENT_LOCALES as readonly string[]).includes(value);
}

/** A stored or submitted value as a language; anything unknown reads as English. */
export function clientLocaleOf(value: unknown): ClientLocale {
  return isClientLocale(value) ? value : DEFAULT_CLIENT_LOCALE;
}
