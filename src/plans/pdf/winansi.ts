// Text as the standard PDF fonts can draw it: WinAnsi only, so everything
// else is replaced, stripped of accents, dropped (pictographs) or shown as
// "?"; then wrapped to a width or cut with an ellipsis.
import type { PDFFont } from "pdf-lib";

// What WinAnsi cannot encode but has a plain-text equivalent for. Everything else is first
// stripped of accents, then dropped (pictographs) or shown as "?".
const REPLACEMENTS: Record<string, string> = {
  "≤": "<=",
  "≥": ">=",
  "≠": "!=",
  "≈": "~",
  "−": "-",
  "‐": "-",
  "‑": "-",
  "‒": "–",
  "―": "—",
  "→": "->",
  "←": "<-",
  "⇒": "=>",
  "′": "'",
  "″": '"',
  "✓": "v",
  "✔": "v",
  Ł: "L",
  ł: "l",
  Đ: "D",
  đ: "d",
  ı: "i",
};

const DROPPED = "\u0000";

const CHARSETS = new WeakMap<PDFFont, ReadonlySet<number>>();

/** `text` as `font` can draw it: what toWinAnsi makes of it, with the font's own character set. */
export function encodable(text: string, font: PDFFont): string {
  let charset = CHARSETS.get(font);
  if (!charset) {
    charset = new Set(font.getCharacterSet());
    CHARSETS.set(font, charset);
  }
  return toWinAnsi(text, charset);
}

/**
 * The standard PDF fonts only know WinAnsi (Windows-1252), and pdf-lib throws on anything
 * else. Keeps line breaks as "\n" so wrapping can honour them; turns other whitespace into spaces
 * (the narrow no-break space Intl puts in some languages' times and numbers among them).
 * Applying it twice changes nothing, so every drawing step may apply it.
 */
function toWinAnsi(text: string, charset: ReadonlySet<number>): string {
  let out = "";
  for (const ch of text.replace(/\r\n?|[\u2028\u2029\u0085]/g, "\n").normalize("NFC")) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === "\n") out += "\n";
    else if (charset.has(code) && code >= 0x20) out += ch;
    else if (REPLACEMENTS[ch] !== undefined) out += REPLACEMENTS[ch];
    else if (/\s/u.test(ch)) out += " ";
    // Emoji and their joiners, variation selectors and skin tones carry no words to keep.
    else if (
      /[\p{Extended_Pictographic}\p{Emoji_Modifier}\u200b-\u200f\u2060\ufe00-\ufe0f\u20e3\p{Cc}\p{Cf}]/u.test(ch) ||
      (code >= 0xe0000 && code <= 0xe007f)
    )
      out += DROPPED;
    else {
      const bare = ch.normalize("NFKD").replace(/\p{M}/gu, "");
      out += bare !== "" && [...bare].every((c) => charset.has(c.codePointAt(0) ?? 0)) ? bare : "?";
    }
  }
  // "Lovely 🙂." reads "Lovely." rather than "Lovely ." once the emoji is gone.
  return out.replace(/ *\u0000+(?=[\s.,;:!?)]|$)/g, "").replaceAll(DROPPED, "");
}

/** Word-wraps to `width`; a word longer than the line (a URL, a hash) is cut where it must be. */
export function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const out: string[] = [];
  const paragraphs = encodable(text, font).split("\n");
  while (paragraphs.length > 1 && paragraphs[paragraphs.length - 1]?.trim() === "") paragraphs.pop();
  for (const paragraph of paragraphs) {
    const words = paragraph.split(" ").filter((w) => w !== "");
    let line = "";
    for (const word of words) {
      const candidate = line === "" ? word : `${line} ${word}`;
      if (font.widthOfTextAtSize(candidate, size) <= width) {
        line = candidate;
        continue;
      }
      if (line !== "") out.push(line);
      let rest = word;
      while (font.widthOfTextAtSize(rest, size) > width) {
        const cut = longestFittingPrefix(rest, font, size, width);
        out.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      line = rest;
    }
    out.push(line);
  }
  return out;
}

function longestFittingPrefix(text: string, font: PDFFont, size: number, width: number): number {
  let low = 1;
  let high = text.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (font.widthOfTextAtSize(text.slice(0, mid), size) <= width) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** One line, cut with an ellipsis when it would run past `width`. */
export function fit(text: string, font: PDFFont, size: number, width: number): string {
  const flat = encodable(text, font).replace(/\n/g, " ");
  if (font.widthOfTextAtSize(flat, size) <= width) return flat;
  const cut = longestFittingPrefix(flat, font, size, width - font.widthOfTextAtSize("…", size));
  return `${flat.slice(0, cut).trimEnd()}…`;
}
