// Text helpers shared by the Markdown renderer, outline and summary: character
// references, HTML escaping, heading anchors, and the visible text of inline
// tokens.

import type { Token } from "marked";

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: "\u00a0",
  ndash: "–",
  mdash: "—",
  hellip: "…",
  rsquo: "’",
  lsquo: "‘",
  rdquo: "”",
  ldquo: "“",
  laquo: "«",
  raquo: "»",
  eacute: "é",
  egrave: "è",
  agrave: "à",
  ccedil: "ç",
};

/** Decodes the character references marked leaves in text and addresses. */
export function decodeEntities(text: string): string {
  return text.replace(/&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z]+));/g, (whole, dec?: string, hex?: string, name?: string) => {
    if (name !== undefined) return NAMED_ENTITIES[name] ?? whole;
    const code = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex ?? "", 16);
    if (!Number.isFinite(code) || code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return "\ufffd";
    return String.fromCodePoint(code);
  });
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === '"' ? "&quot;" : "&#39;"));
}

/** Escapes text that may already hold character references (marked's text tokens) without doubling them. */
export function escapeKeepingEntities(text: string): string {
  return escapeHtml(decodeEntities(text));
}

/** The source as the lexer reads it: no byte-order mark, "\n" line endings. */
export function normalizeSource(md: string): string {
  return md.replace(/^\ufeff/, "").replace(/\r\n?/g, "\n");
}

/** How many line breaks a text holds. */
export function newlines(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

// ---------------------------------------------------------------------------
// Heading ids
// ---------------------------------------------------------------------------

/** A heading's anchor: lowercase, accents dropped, words joined by "-" ("Qu'est-ce que…" → "qu-est-ce-que"). */
export function slugifyHeading(text: string): string {
  const slug = text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "");
  return slug === "" ? "section" : slug;
}

/** Gives each heading of one document a unique id, in document order: "faq", then "faq-2". */
export class HeadingSlugger {
  private readonly seen = new Map<string, number>();
  private readonly used = new Set<string>();

  next(text: string): string {
    const base = slugifyHeading(text);
    let count = this.seen.get(base) ?? 0;
    let id = count === 0 ? base : `${base}-${count + 1}`;
    while (this.used.has(id)) {
      count += 1;
      id = `${base}-${count + 1}`;
    }
    this.seen.set(base, count + 1);
    this.used.add(id);
    return id;
  }
}

// ---------------------------------------------------------------------------
// Plain text of inline tokens
// ---------------------------------------------------------------------------

/** The visible text of inline tokens: emphasis, links and code kept as words, HTML tags and images dropped. */
export function inlinePlainText(tokens: readonly Token[] | undefined): string {
  if (!tokens) return "";
  let out = "";
  for (const token of tokens) {
    switch (token.type) {
      case "text":
        out +=
          "tokens" in token && token.tokens && token.tokens.length > 0 ? inlinePlainText(token.tokens) : decodeEntities(String(token.text));
        break;
      case "escape":
        out += decodeEntities(String(token.text));
        break;
      case "codespan":
        out += String(token.text);
        break;
      case "br":
        out += "\n";
        break;
      case "strong":
      case "em":
      case "del":
      case "link":
        out += inlinePlainText(token.tokens);
        break;
      case "image":
      case "html":
      case "checkbox":
        break;
      default:
        if ("tokens" in token && token.tokens) out += inlinePlainText(token.tokens);
        else if (typeof (token as { text?: unknown }).text === "string") out += decodeEntities((token as { text: string }).text);
    }
  }
  return out;
}
