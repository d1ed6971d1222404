// How the guard decides that two pieces of text say the same thing.
//
// Text is compared after normalising: accents, case, punctuation and Markdown
// emphasis do not count. Exact repeats compare the normalised text. Near
// repeats compare sets of word 3-grams ("shingles"): an edited copy keeps most
// of its 3-grams, while two different paragraphs on the same subject share
// almost none, even when they use the same vocabulary. The thresholds are
// pinned by tests in guard.test.ts (edited copies above, templated but
// different paragraphs below).

/** A paragraph shorter than this (normalised characters) may repeat: "Book now." twice is fine. */
export const MIN_REPEAT_CHARS = 40;

/** Near-duplicates are only looked for between paragraphs of at least this many words each. */
export const MIN_NEAR_DUPLICATE_WORDS = 12;

/**
 * Jaccard similarity of word 3-gram sets at or above which two paragraphs are
 * near-duplicates. A 42-word paragraph pasted again with five words changed in
 * different places (one word in eight) scores 0.46; with six changed, 0.38.
 * Day-by-day aftercare notes written on one sentence frame ("Your skin will
 * be… Use only the gentle cleanser…") score 0.13, different paragraphs of a
 * real article 0.02 or less.
 */
export const NEAR_DUPLICATE_JACCARD = 0.4;

/**
 * Share of the shorter paragraph's 3-grams found in the longer one at or above
 * which the shorter one counts as copied into the longer (a paragraph pasted
 * again with a sentence added).
 */
export const NEAR_DUPLICATE_CONTAINMENT = 0.8;

/** Lowercase words without accents or punctuation, joined by single spaces. */
export function normalizeForComparison(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

export function wordsOf(normalized: string): string[] {
  return normalized === "" ? [] : normalized.split(" ");
}

/** The set of word 3-grams; a text of fewer than three words is one shingle. */
export function shingles(words: readonly string[], size = 3): Set<string> {
  const set = new Set<string>();
  if (words.length === 0) return set;
  if (words.length < size) {
    set.add(words.join(" "));
    return set;
  }
  for (let i = 0; i + size <= words.length; i++) set.add(words.slice(i, i + size).join(" "));
  return set;
}

export interface Similarity {
  /** |A ∩ B| / |A ∪ B| */
  jaccard: number;
  /** |A ∩ B| / min(|A|, |B|) */
  containment: number;
}

export function similarity(a: ReadonlySet<string>, b: ReadonlySet<string>): Similarity {
  if (a.size === 0 || b.size === 0) return { jaccard: 0, containment: 0 };
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const s of small) if (large.has(s)) shared++;
  return { jaccard: shared / (a.size + b.size - shared), containment: shared / small.size };
}

/** A piece of text prepared once for comparisons. */
export interface ComparableText {
  normalized: string;
  words: number;
  shingles: Set<string>;
}

export function comparable(text: string): ComparableText {
  const normalized = normalizeForComparison(text);
  const words = wordsOf(normalized);
  return { normalized, words: words.length, shingles: shingles(words) };
}

/** Long enough to be compared for near-duplicates. */
export function isLongEnough(text: ComparableText): boolean {
  return text.words >= MIN_NEAR_DUPLICATE_WORDS;
}

/** Both long enough, and similar by either measure. */
export function isNearDuplicate(a: ComparableText, b: ComparableText): boolean {
  if (!isLongEnough(a) || !isLongEnough(b)) return false;
  const s = similarity(a.shingles, b.shingles);
  return s.jaccard >= NEAR_DUPLICATE_JACCARD || s.containment >= NEAR_DUPLICATE_CONTAINMENT;
}
