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
//
// How text is folded and compared is in watermark-text.ts; overlay text tiled
// over the image, from any agency, is found by watermark-repeats.ts.

import { bestSubstringDistance, foldLetters, maskBrands, nameTolerance, numberIn, plainText, type MatchOptions } from "./watermark-text.ts";

export {
  bestSubstringDistance,
  editDistance,
  foldDigits,
  foldLetters,
  maskBrands,
  nameTolerance,
  plainText,
  type MatchOptions,
} from "./watermark-text.ts";
export {
  findRepeatedText,
  REPEAT_MIN_COUNT,
  REPEAT_MIN_LETTERS,
  REPEAT_MIN_LINES,
  type PlacedText,
  type RepeatedText,
} from "./watermark-repeats.ts";

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
