/**
 * One area's messages in both languages, side by side so a translator sees
 * both. The French object must have exactly the English keys (the compiler
 * refuses a missing or extra one). Parameters are `{name}`; a span a
 * component wraps (a link, emphasis) is `<tag>text</tag>`.
 */
export function defineMessages<const E extends Record<string, string>>(en: E, fr: { readonly [K in keyof E]: string }) {
  return { en, fr } as const;
}
