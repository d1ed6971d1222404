// Overlay text tiled over an image, whoever printed it: the same word read at
// many places, on several text lines, across the picture. A mark from an
// agency the lexicon does not know is found this way; scene text repeats
// too, which is why the finding asks for a confirmation and never blocks.
import {
  bestSubstringDistance,
  editDistance,
  foldLetters,
  maskBrands,
  nameTolerance,
  numberIn,
  plainText,
  type MatchOptions,
} from "./watermark-text.ts";

/** A piece of text read in one rendering, with where it lies (pixels of that rendering). */
export interface PlacedText {
  text: string;
  /** Centre of the text box. */
  x: number;
  y: number;
  /** Extent of the box along the text and across it. */
  length: number;
  thickness: number;
  /** Baseline angle in degrees, clockwise from horizontal. */
  angle: number;
  /** OCR confidence, 0–1 (1 when not known): the spelling quoted is the one read with most confidence in all. */
  confidence?: number;
}

export interface RepeatedText {
  /** The repeated word, spelt as it was read with most confidence in all. */
  text: string;
  /** Times it was read, at distinct places. */
  count: number;
  /** Text lines it was read on (reading direction taken into account). */
  lines: number;
  /** Rows and columns of a 3 × 3 grid over the image that hold a copy. */
  rows: number;
  columns: number;
}

/**
 * A tiled mark is read at least this many times in one rendering. On the
 * evaluation set every tiled mark found was read at 6 to 27 places, while
 * scene text repeats two or three times (two signs, three jars).
 */
export const REPEAT_MIN_COUNT = 4;
/**
 * …on at least this many text lines. Tiled marks were read on 4 to 9 lines;
 * a row of identical jars or an awning is one line, two shelves of jars two.
 */
export const REPEAT_MIN_LINES = 3;
/** Shortest word that counts, in letters: short words ("spa", "the") repeat in any scene. */
export const REPEAT_MIN_LETTERS = 4;

interface Occurrence {
  key: string;
  word: string;
  x: number;
  y: number;
  size: number;
  angle: number;
  confidence: number;
}

/** Letters-and-digits words of a text box, each placed along the box by its position in the text. */
function placedWords(piece: PlacedText, brands: readonly string[]): Occurrence[] {
  const { rest } = maskBrands(piece.text, brands);
  const plain = plainText(rest);
  // The word as printed, for quoting, where folding accents kept the positions.
  const printed = plain.length === rest.length ? rest : plain;
  const out: Occurrence[] = [];
  const rad = (piece.angle * Math.PI) / 180;
  const ux = Math.cos(rad);
  const uy = Math.sin(rad);
  for (const m of plain.matchAll(/[a-z0-9|!$]+/g)) {
    const raw = m[0];
    if (numberIn(raw)) continue;
    const folded = foldLetters(raw);
    // A tiled mark read without the gap between two copies: "lumenpixlumenpix".
    const unit = repeatedUnit(folded);
    const copies = unit ? folded.length / unit.length : 1;
    const key = unit ?? folded;
    if ((key.match(/[a-z]/g) ?? []).length < REPEAT_MIN_LETTERS) continue;
    for (let c = 0; c < copies; c++) {
      const start = m.index + (c * raw.length) / copies;
      const middle = (start + raw.length / copies / 2) / Math.max(1, plain.length);
      const along = (middle - 0.5) * piece.length;
      out.push({
        key,
        word: printed.slice(m.index, m.index + raw.length / copies),
        x: piece.x + ux * along,
        y: piece.y + uy * along,
        size: piece.thickness,
        angle: piece.angle,
        confidence: piece.confidence ?? 1,
      });
    }
  }
  return out;
}

/** The unit a word is made of when it is that unit two or more times over ("abcdabcd" → "abcd"). */
function repeatedUnit(word: string): string | null {
  for (let len = REPEAT_MIN_LETTERS; len <= word.length / 2; len++) {
    if (word.length % len !== 0) continue;
    const unit = word.slice(0, len);
    if (unit.repeat(word.length / len) === word) return unit;
  }
  return null;
}

/**
 * Overlay text tiled over an image, whoever printed it: the same word (letters
 * folded as for agency names, at least four letters, not a number, not a
 * brand on the allow-list) read at least REPEAT_MIN_COUNT times in one
 * rendering, on at least REPEAT_MIN_LINES different text lines, in at least
 * two rows and two columns of a 3 × 3 grid over the image. Words within the
 * OCR tolerance of a name of their length count as the same word
 * ("PIXBARROW", "PlXBARR0W"); once a word has been read whole twice, pieces
 * of it count as copies too ("XBARROW" at the image's edge, "ROWPIXBARRO"
 * where two copies ran together).
 *
 * Scene text repeats too, but along one line (a row of identical jars, a
 * shop name repeated along an awning), on two lines (two shelves of them),
 * only twice or three times (signs), or in one part of the picture; those
 * are not reported. The same label on three shelves or more of identical
 * products is, which is why the finding asks for a confirmation and does
 * not block.
 */
export function findRepeatedText(
  pieces: readonly PlacedText[],
  frame: { width: number; height: number },
  options: MatchOptions = {},
): RepeatedText | null {
  const brands = options.brandAllowList ?? [];
  const words = pieces.flatMap((p) => placedWords(p, brands));
  // Group words that are the same name as OCR reads it, most frequent spellings first.
  const frequency = new Map<string, number>();
  for (const w of words) frequency.set(w.key, (frequency.get(w.key) ?? 0) + 1);
  const keys = [...frequency.keys()].sort((a, b) => frequency.get(b)! - frequency.get(a)! || a.localeCompare(b));
  const groupOf = new Map<string, string>();
  const heads: string[] = [];
  for (const key of keys) {
    const head = heads.find((h) => Math.abs(h.length - key.length) <= nameTolerance(h) && editDistance(h, key) <= nameTolerance(h));
    if (head) groupOf.set(key, head);
    else {
      heads.push(key);
      groupOf.set(key, key);
    }
  }
  let best: RepeatedText | null = null;
  for (const head of heads) {
    const whole = distinctPlaces(words.filter((w) => groupOf.get(w.key) === head));
    if (whole.length < 2) continue;
    // Copies the OCR read in pieces: cut by the image's edge, or run into the next copy.
    const cycle = head.repeat(3);
    const pieces = words.filter((w) => groupOf.get(w.key) !== head && isPieceOf(w.key, cycle));
    const found = distinctPlaces([...whole, ...pieces]);
    if (found.length < REPEAT_MIN_COUNT) continue;
    const rows = new Set(found.map((o) => Math.min(2, Math.max(0, Math.floor((3 * o.y) / frame.height)))));
    const columns = new Set(found.map((o) => Math.min(2, Math.max(0, Math.floor((3 * o.x) / frame.width)))));
    const lines = textLines(found);
    if (lines < REPEAT_MIN_LINES || rows.size < 2 || columns.size < 2) continue;
    const spellings = new Map<string, number>();
    for (const o of whole) spellings.set(o.word, (spellings.get(o.word) ?? 0) + o.confidence);
    const text = [...spellings.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
    const candidate = { text, count: found.length, lines, rows: rows.size, columns: columns.size };
    if (!best || candidate.count > best.count) best = candidate;
  }
  return best;
}

/** Shortest piece of a repeated word that counts as a copy ("PIXBA" of "PIXBARROW"). */
const REPEAT_MIN_PIECE = 5;

/**
 * A word that is part of the repeated word, or of copies of it run together
 * ("XBARROW", "XBARROWPIXBARROWPIX" of "pixbarrow"): exactly for pieces under
 * seven letters, within one edit from seven.
 */
function isPieceOf(key: string, cycle: string): boolean {
  if (key.length < REPEAT_MIN_PIECE || key.length > cycle.length) return false;
  return bestSubstringDistance(key, cycle).distance <= (key.length >= 7 ? 1 : 0);
}

/** Occurrences at different places: two reads closer than the text's height are one copy. */
function distinctPlaces(occurrences: readonly Occurrence[]): Occurrence[] {
  const kept: Occurrence[] = [];
  for (const o of occurrences) {
    if (!kept.some((k) => Math.hypot(k.x - o.x, k.y - o.y) < Math.max(k.size, o.size))) kept.push(o);
  }
  return kept;
}

/**
 * How many text lines the copies lie on: two copies share a line when the
 * offset between them, measured across the reading direction, is under the
 * text's height.
 */
function textLines(occurrences: readonly Occurrence[]): number {
  const lineOf: number[] = [];
  let lines = 0;
  for (let i = 0; i < occurrences.length; i++) {
    const o = occurrences[i]!;
    const rad = (o.angle * Math.PI) / 180;
    let line = -1;
    for (let j = 0; j < i; j++) {
      const p = occurrences[j]!;
      const across = Math.abs(-(p.x - o.x) * Math.sin(rad) + (p.y - o.y) * Math.cos(rad));
      if (across < Math.max(o.size, p.size)) {
        line = lineOf[j]!;
        break;
      }
    }
    lineOf.push(line >= 0 ? line : lines++);
  }
  return lines;
}
