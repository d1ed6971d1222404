// A document's address: lowercase letters and digits in words joined by single
// hyphens ("what-to-expect"). An article and its translation share it, so
// /articles/x and /fr/articles/x are the same article in two languages.

export const SLUG_MAX = 80;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function isSlug(value: string): boolean {
  return value.length <= SLUG_MAX && SLUG.test(value);
}

/** A slug made from a title: accents dropped, "&" spelled out, everything else between words a hyphen. */
export function slugify(title: string): string {
  const words = title
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/['’]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (words.length <= SLUG_MAX) return words;
  const cut = words.slice(0, SLUG_MAX + 1);
  const lastHyphen = cut.lastIndexOf("-");
  return (lastHyphen > 20 ? cut.slice(0, lastHyphen) : words.slice(0, SLUG_MAX)).replace(/-+$/, "");
}

/** Why a typed slug is refused, or null when it is fine. */
export function slugProblem(value: string): string | null {
  if (value === "") return "Give the page an address (for example what-to-expect).";
  if (value.length > SLUG_MAX) return `Keep the address under ${SLUG_MAX} characters.`;
  if (/[A-Z]/.test(value)) return `Use lowercase letters only: ${value.toLowerCase()}.`;
  if (/\s/.test(value)) return "Use hyphens instead of spaces, for example what-to-expect.";
  if (/--/.test(value) || /^-|-$/.test(value)) return "Use single hyphens between words, not at the start or the end.";
  if (!SLUG.test(value)) return "Use only lowercase letters (a to z, no accents), digits and hyphens, for example what-to-expect.";
  return null;
}
