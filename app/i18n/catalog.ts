// Every public and client-facing message, by language. Areas live in their own
// files (messages/*.ts) and are merged here; keys are "area.thing".
import type { Locale } from "./locales.ts";
import { booking } from "./messages/booking.ts";
import { content } from "./messages/content.ts";
import { desk } from "./messages/desk.ts";
import { intake } from "./messages/intake.ts";
import { portal } from "./messages/portal.ts";
import { site } from "./messages/site.ts";

const en = { ...site.en, ...content.en, ...booking.en, ...portal.en, ...intake.en, ...desk.en };
export type MessageKey = keyof typeof en;
const fr: Readonly<Record<MessageKey, string>> = { ...site.fr, ...content.fr, ...booking.fr, ...portal.fr, ...intake.fr, ...desk.fr };

export const CATALOGS: Readonly<Record<Locale, Readonly<Record<MessageKey, string>>>> = { en, fr };

export type MessageParams = Readonly<Record<string, string | number>>;

/** A message with its `{parameters}` filled; a missing parameter is a programming error and throws. */
export function translate(locale: Locale, key: MessageKey, params?: MessageParams): string {
  const text = CATALOGS[locale][key];
  return text.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined) throw new Error(`Message ${key} needs the parameter ${name}`);
    return String(value);
  });
}

export type Translate = (key: MessageKey, params?: MessageParams) => string;

export function translator(locale: Locale): Translate {
  return (key, params) => translate(locale, key, params);
}
