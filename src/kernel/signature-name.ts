// Whether the name a person typed to sign is the name the clinic has for
// them (docs/decisions/0028-what-a-signature-must-match.md). A typed name is
// the signature's only tie to the person, so it must name them, but people
// sign as they write their name, not as a database spells it: case, accents,
// hyphens, apostrophes, spacing, a middle name given or left out, and
// "Last, First" all still match. An initial in place of a first name, a
// nickname or another surname does not.

/** The refusal beside a signature field; the page shows it in the signer's language with the name on file. */
export const NAME_MISMATCH_MESSAGE = "Type your name as the clinic has it on your account.";

/** The words of a name, compared without case, accents or punctuation ("Anne-Marie O'Brien" → anne, marie, obrien). */
/** Letters that are not a base letter with a mark, so NFKD leaves them as they are. */
const FOLDED: Readonly<Record<string, string>> = { ł: "l", ø: "o", œ: "oe", æ: "ae", đ: "d", ð: "d", þ: "th", ı: "i", ħ: "h" };

export function nameWords(name: string): string[] {
  let text = name
    .toLowerCase()
    .replace(/[łøœæđðþıħ]/g, (c) => FOLDED[c]!)
    .normalize("NFKD")
    .replace(/\p{M}/gu, "");
  // "Tremblay, Anne Marie" is "Anne Marie Tremblay" written surname first.
  const comma = text.split(",");
  if (comma.length === 2 && comma[0]!.trim() && comma[1]!.trim()) text = `${comma[1]} ${comma[0]}`;
  return text
    .replace(/['’‘`´]/g, "")
    .replace(/ß/g, "ss")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()
    .split(" ")
    .filter(Boolean);
}

/**
 * The typed name matches the name on file when both give the same first and
 * last word (middle names may be added or left out on either side); a
 * one-word name on file must be typed as that word, alone or with others.
 */
export function signatureNameMatches(typed: string, onFile: string): boolean {
  const t = nameWords(typed);
  const f = nameWords(onFile);
  if (t.length === 0 || f.length === 0) return false;
  if (f.length === 1) return t.includes(f[0]!);
  if (t.length === 1) return false;
  return t[0] === f[0] && t.at(-1) === f.at(-1);
}
