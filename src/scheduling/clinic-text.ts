// What the clinic types for clients about a service or a practitioner: an
// English text, and beside it an optional French version (migration 0009).
// Every client-facing place (public pages, the client's account, e-mails and
// calendar invitations) picks the text through localizedText, so a French
// reader sees the French when the clinic entered it and the English otherwise.
import type { ClientLocale } from "../clients/locale.ts";

/** Each English field and the column holding its French version. */
export const FRENCH_FIELD = { name: "nameFr", description: "descriptionFr", title: "titleFr" } as const;

export type LocalizedField = keyof typeof FRENCH_FIELD;

/** A row with the English field, and its French version when it was loaded. */
export type WithFrench<F extends LocalizedField> = { readonly [K in F]: string } & {
  readonly [K in (typeof FRENCH_FIELD)[F]]?: string | null;
};

export interface LocalizedText {
  text: string;
  /**
   * For the element's `lang` attribute: "en" when English stands in for a
   * missing French version, so a screen reader reads it with an English voice;
   * undefined when the text is in the reader's language.
   */
  lang: "en" | undefined;
}

/**
 * The text of `field` for a reader of `locale`: the French version on French
 * pages when it is not blank, else the English (marked as English there).
 */
export function localizedText<F extends LocalizedField>(row: WithFrench<F>, field: F, locale: ClientLocale): LocalizedText {
  const english = row[field] as string;
  if (locale === "en") return { text: english, lang: undefined };
  const french = ((row as Record<string, string | null | undefined>)[FRENCH_FIELD[field]] ?? "").trim();
  return french ? { text: french, lang: undefined } : { text: english, lang: "en" };
}
