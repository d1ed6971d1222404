// Reads OCR text for the marks of a stock-photo preview: a stock agency's
// name, an "IMAGE ID: 123456789" string, or a web address followed by a long
// image number (or a stock-preview URL path). OCR of a translucent mark is
// rarely clean ("shutterstcck", "ttersto", "IMAGE ID: 2O1234567"), so names
// are matched with an edit-distance tolerance, long names also by distinctive
// fragments, and digits by their usual look-alikes.
//
// What is deliberately not matched:
// - ordinary words that contain part of a name: "Stock up on sunscreen",
//   "restock", "overstock", "shutters", "body butters", "deposit", "images";
// - a lone "Getty" (a surname and a street name; the agency's mark always
//   reads "gettyimages", and its previews say so);
// - long numbers on their own (an order number, a phone number, a date): a
//   number counts only after "ID" / "IMAGE ID" or right after a web address;
// - anything inside a name on the clinic's brand allow-list.

/** The agency lexicon. Real agencies only: the check must not be tuned on invented names. */
export interface AgencyName {
  /** How the name is shown in a message. */
  display: string;
  /**
   * Spellings as printed on previews, lower case, letters and digits only.
   * Names of 8 letters or more are found anywhere in a line within their
   * edit tolerance (agencyTolerance); shorter ones only as a whole word.
   */
  forms: readonly string[];
  /** Spellings that count only as a whole word, exactly (after folding look-alikes). */
  words?: readonly string[];
  /**
   * Six-letter pieces of a long name that OCR of a faint mark returns on its
   * own ("ttersto" from "shutterstock"). Only pieces that do not occur
   * inside an ordinary English or French word are listed ("shutte" is in
   * "shutter", "utters" in "butters", "rstock" in "overstock").
   */
  fragments?: readonly string[];
}

export const AGENCIES: readonly AgencyName[] = [
  { display: "Shutterstock", forms: ["shutterstock"], fragments: ["tterst", "tersto"] },
  { display: "Getty Images", forms: ["gettyimages"], fragments: ["gettyi", "ettyim", "ttyima", "tyimag"] },
  { display: "iStock", forms: ["istock"], words: ["istockphoto"] },
  { display: "Adobe Stock", forms: ["adobestock"], fragments: ["dobest", "obesto", "bestoc"] },
  { display: "Depositphotos", forms: ["depositphotos"], fragments: ["positp", "ositph", "sitpho", "itphot"] },
  { display: "Dreamstime", forms: ["dreamstime"], fragments: ["reamst", "eamsti", "amstim", "mstime"] },
  { display: "123RF", forms: ["123rf"] },
  { display: "Alamy", forms: ["alamy"] },
  { display: "Bigstock", forms: ["bigstock"] },
  { display: "Fotolia", forms: ["fotolia"] },
  { display: "Can Stock Photo", forms: ["canstockphoto"] },
  { display: "age fotostock", forms: ["agefotostock"] },
  { display: "VectorStock", forms: ["vectorstock"] },
  { display: "Pond5", forms: ["pond5"] },
  { display: "Stocksy", forms: ["stocksy"] },
  { display: "Freepik", forms: ["freepik"] },
  { display: "Clipart Of", forms: ["clipartof"] },
];

/**
 * Words and phrases within the edit-distance tolerance of an agency name
 * that are ordinary text in a photo (a sign, a shop, a product). They are
 * removed before the fuzzy name search.
 */
const NEAR_MISSES: readonly string[] = ["dreamtime"];

export type WatermarkMatchKind = "agency" | "image-id" | "stock-url";

export interface WatermarkMatch {
  kind: WatermarkMatchKind;
  /** The OCR line the match was found in, as read. */
  text: string;
  /** For "agency": the agency's name as it is usually written. */
  agency?: string;
}

export interface MatchOptions {
  /** Names of the clinic's own brand: text matching them is never a watermark. */
  brandAllowList?: readonly string[];
}

// ---------------------------------------------------------------------------
// Normalising OCR text

/** Lower case, compatibility forms (full-width letters) and accents folded, anything else kept. */
export function plainText(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();
}

/**
 * Folds characters OCR confuses in words, for comparing names: 0→o, 1 l | ! → i,
 * 5 $ → s, "rn" → m, "vv" → w. Applied to both sides of a comparison.
 */
export function foldLetters(word: string): string {
  return word
    .replace(/rn/g, "m")
    .replace(/vv/g, "w")
    .replace(/0/g, "o")
    .replace(/[1l|!]/g, "i")
    .replace(/[5$]/g, "s");
}

/** Folds characters OCR confuses in numbers: o O D Q → 0, l I i | ! → 1, S s → 5, B → 8, Z z → 2. */
export function foldDigits(token: string): string {
  return token
    .replace(/[oODQ]/g, "0")
    .replace(/[lIi|!]/g, "1")
    .replace(/[Ss]/g, "5")
    .replace(/B/g, "8")
    .replace(/[Zz]/g, "2");
}

/** A token that is mostly digits reads as a number with its look-alikes folded ("2O1234567" → "201234567"). */
function numberIn(token: string): string | null {
  const digits = token.replace(/\D/g, "").length;
  if (digits < 4 || digits < token.length * 0.6) return null;
  const folded = foldDigits(token);
  return /^\d+$/.test(folded) ? folded : null;
}

// ---------------------------------------------------------------------------
// Edit distance

/** Levenshtein distance. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * The smallest edit distance between `pattern` and any substring of `text`
 * (Sellers' algorithm), with the end of the best substring.
 */
export function bestSubstringDistance(pattern: string, text: string): { distance: number; end: number } {
  let prev = Array.from({ length: pattern.length + 1 }, (_, i) => i);
  let best = { distance: pattern.length, end: 0 };
  for (let j = 1; j <= text.length; j++) {
    const cur = [0];
    for (let i = 1; i <= pattern.length; i++) {
      cur[i] = Math.min(prev[i]! + 1, cur[i - 1]! + 1, prev[i - 1]! + (pattern[i - 1] === text[j - 1] ? 0 : 1));
    }
    if (cur[pattern.length]! < best.distance) best = { distance: cur[pattern.length]!, end: j };
    prev = cur;
  }
  return best;
}

/** How many edits a name may have and still count: none below 8 letters, 1 for 8–9, 2 from 10. */
export function nameTolerance(name: string): number {
  if (name.length >= 10) return 2;
  if (name.length >= 8) return 1;
  return 0;
}

/** Common words that end many agency names: most of such a name is not distinctive. */
const GENERIC_ENDINGS = ["stock", "photos", "photo", "images"];

/**
 * The tolerance of an agency name: as for any name, but at most one edit when
 * it ends in a common word ("canstockphoto" must not match "com/stock-photo",
 * nor "vectorstock" "doctor stock").
 */
export function agencyTolerance(form: string): number {
  const tolerance = nameTolerance(form);
  return GENERIC_ENDINGS.some((g) => form.endsWith(g)) ? Math.min(1, tolerance) : tolerance;
}

// ---------------------------------------------------------------------------
// The brand allow-list

function brandKey(name: string): string {
  return foldLetters(plainText(name).replace(/[^a-z0-9]/g, ""));
}

/**
 * Blanks out every allow-listed brand name in a line (compared without spaces
 * and punctuation, with the OCR tolerance of a name of that length). Returns
 * the rest of the line, and whether a brand name was found.
 */
export function maskBrands(line: string, brands: readonly string[]): { rest: string; hadBrand: boolean } {
  const keys = brands.map(brandKey).filter((k) => k.length >= 2);
  if (keys.length === 0) return { rest: line, hadBrand: false };
  // The letters and digits of the line, each with its position in the line.
  const plain = plainText(line);
  let chars: { c: string; at: number }[] = [];
  for (let i = 0; i < plain.length && i < line.length; i++) {
    if (/[a-z0-9|!$]/.test(plain[i]!)) chars.push({ c: plain[i]!, at: i });
  }
  const masked = [...line];
  let hadBrand = false;
  for (const key of keys) {
    const tolerance = nameTolerance(key);
    for (let start = 0; start < chars.length; start++) {
      let best: { len: number; distance: number } | null = null;
      for (let len = Math.max(1, key.length - tolerance - 1); len <= key.length + tolerance + 1 && start + len <= chars.length; len++) {
        const window = foldLetters(
          chars
            .slice(start, start + len)
            .map((x) => x.c)
            .join(""),
        );
        const distance = editDistance(window, key);
        if (distance <= tolerance && (!best || distance < best.distance)) best = { len, distance };
      }
      if (!best) continue;
      hadBrand = true;
      for (let i = chars[start]!.at; i <= chars[start + best.len - 1]!.at; i++) masked[i] = " ";
      chars = [...chars.slice(0, start), ...chars.slice(start + best.len)];
      start--;
    }
  }
  return { rest: masked.join(""), hadBrand };
}

// ---------------------------------------------------------------------------
// The matchers

/** Tokens of letters and digits, with the OCR look-alikes folded. */
function tokens(text: string): string[] {
  return plainText(text)
    .split(/[^a-z0-9|!$]+/)
    .filter(Boolean);
}

function findAgency(line: string): AgencyName | null {
  const toks = tokens(line).map(foldLetters);
  // Short names (under 8 letters) only as a whole word, repeated at most
  // ("alamyalamy" from a tiled mark): "istock" is not in "Stock up".
  for (const agency of AGENCIES) {
    const whole = [...agency.forms.filter((f) => agencyTolerance(f) === 0), ...(agency.words ?? [])];
    for (const form of whole.map(foldLetters)) {
      const whole = new RegExp(`^(?:${escapeRegExp(form)})+$`);
      if (toks.some((t) => whole.test(t))) return agency;
    }
  }
  // Long names anywhere in the line with spaces removed ("getty images",
  // "shutter stock"), within their tolerance.
  let compact = foldLetters(toks.join(""));
  for (const near of NEAR_MISSES) compact = compact.split(foldLetters(near)).join("#");
  for (const agency of AGENCIES) {
    for (const form of agency.forms.map(foldLetters)) {
      const tolerance = agencyTolerance(form);
      if (tolerance === 0 || compact.length < form.length - tolerance) continue;
      if (bestSubstringDistance(form, compact).distance <= tolerance) return agency;
    }
  }
  // A distinctive piece of a long name inside one word ("ttersto", "sitphoto").
  for (const agency of AGENCIES) {
    for (const fragment of agency.fragments ?? []) {
      if (toks.some((t) => t.length >= fragment.length && t.includes(fragment))) return agency;
    }
  }
  return null;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

const ID_WORD = /^(?:id|1d|ld|image1d|imageid|photoid|itemid|fileid|assetid)$/;
const GLUED_ID = /^(?:image|img|photo|stock|item|file|asset)?(?:id|1d|ld)([0-9a-z]{6,})$/;
const ID_PREFIX = /^(?:image|img|photo|stock|item|file|asset|picture|bild|foto|imagen)$/;

/**
 * "IMAGE ID: 123456789", "Image ID 2O1234567", "ID 123456789 ©", "IMAGEID:123456".
 * A run of at least six digits right after an "ID" word (allowing the usual
 * look-alikes in the digits).
 */
function findImageId(line: string): boolean {
  const raw = line.split(/[\s:#.,;·•|/\\\-–—=]+/).filter(Boolean);
  for (let i = 0; i < raw.length; i++) {
    const word = plainText(raw[i]!);
    // "ID123456789" and "IMAGEID123456789" may arrive as one word.
    const glued = word.match(GLUED_ID);
    const gluedNumber = glued ? numberIn(raw[i]!.slice(raw[i]!.length - glued[1]!.length)) : null;
    if (gluedNumber && gluedNumber.length >= 6) return true;
    let isId = ID_WORD.test(word);
    // "IMAGE ID" split over two words, or "No." after an image word.
    if (!isId && ID_PREFIX.test(word) && i + 1 < raw.length && /^(?:id|1d|ld|no|n0|nr|number)$/.test(plainText(raw[i + 1]!))) {
      i++;
      isId = true;
    }
    if (!isId) continue;
    const next = raw[i + 1];
    const n = next === undefined ? null : numberIn(next);
    if (n && n.length >= 6) return true;
  }
  return false;
}

const TLD = "com|net|org|io|co|de|fr|ru|uk|ca|es|it|pl|nl|jp|cn|biz|info|photo|photos|pics|images";
// OCR reads a dot as a comma or puts a space beside it; not both.
const DOT = "(?:\\s?\\.\\s?|,)";
const DOMAIN = new RegExp(`(?:www${DOT})?[a-z0-9][a-z0-9-]*(?:${DOT}[a-z0-9-]+)*${DOT}(?:${TLD})\\b`, "gi");
const PREVIEW_PATH = /\/(?:stock-photo|stock-image|image-photo|stock-vector|photo|photos|image|images|preview|editorial)[-/]/i;

/**
 * A web address followed (within a few words) by a number of six or more
 * digits, as stock previews print ("www.agency.com · 123456789",
 * "agency.net/1234567"), or a stock-preview URL path ("…com/stock-photo-…").
 */
function findStockUrl(line: string): boolean {
  for (const m of line.matchAll(DOMAIN)) {
    const after = line.slice(m.index + m[0].length, m.index + m[0].length + 60);
    if (PREVIEW_PATH.test(after)) return true;
    // The next number-like word within a few words of the address.
    const words = after
      .split(/[\s·•|,;:/\\#=–—-]+/)
      .filter(Boolean)
      .slice(0, 4);
    for (const w of words) {
      const n = numberIn(w);
      if (n) {
        if (n.length >= 6) return true;
        break;
      }
      // "photo-123456789", "image123456789": digits at the end of a path word.
      const tail = w.match(/[a-z]([0-9oOlI]{6,})$/);
      if (tail && numberIn(tail[1]!)) return true;
    }
  }
  return false;
}

/**
 * Every watermark mark found in a set of OCR lines (one image), in the order
 * of the lines. Brand names on the allow-list are removed first; a line that
 * carries a brand name is not searched for image ids and addresses (the
 * clinic's own photo stamp "© Spa · spa.ca/gallery/20260501" passes), but it
 * is still searched for agency names.
 */
export function matchWatermarkText(lines: readonly string[], options: MatchOptions = {}): WatermarkMatch[] {
  const found: WatermarkMatch[] = [];
  for (const line of lines) {
    const text = line.trim();
    if (!text) continue;
    const { rest, hadBrand } = maskBrands(text, options.brandAllowList ?? []);
    const agency = findAgency(rest);
    if (agency) {
      found.push({ kind: "agency", text, agency: agency.display });
      continue;
    }
    if (hadBrand) continue;
    if (findImageId(rest)) found.push({ kind: "image-id", text });
    else if (findStockUrl(rest)) found.push({ kind: "stock-url", text });
  }
  return found;
}

// ---------------------------------------------------------------------------
// Repeated overlay text

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
