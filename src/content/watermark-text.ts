// How OCR text is compared with names: folded to plain lower case, with the
// characters OCR confuses folded together (in words and in numbers), edit
// distances with a tolerance by a name's length, and the clinic's own brand
// names blanked out first. Shared by the mark matcher and the search for
// repeated overlay text.

export interface MatchOptions {
  /** Names of the clinic's own brand: text matching them is never a watermark. */
  brandAllowList?: readonly string[];
}

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
export function numberIn(token: string): string | null {
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
