// Markdown for the publishing desk: the safe HTML renderer the public pages
// use, an outline with source line numbers for the quality guard, and the
// plain-text summary for meta descriptions. One lexer (marked, GFM) serves all
// three, so the guard sees the text the visitor will see.
//
// Safety: raw HTML in the Markdown is shown as text, never passed through;
// links and images keep only http(s), mailto and tel addresses and site paths.

import { Lexer, Marked, type Token, type Tokens } from "marked";

// ---------------------------------------------------------------------------
// Small text helpers
// ---------------------------------------------------------------------------

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
function escapeKeepingEntities(text: string): string {
  return escapeHtml(decodeEntities(text));
}

function normalizeSource(md: string): string {
  return md.replace(/^\ufeff/, "").replace(/\r\n?/g, "\n");
}

function newlines(text: string): number {
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
// Addresses
// ---------------------------------------------------------------------------

const LINK_SCHEMES: ReadonlySet<string> = new Set(["http", "https", "mailto", "tel"]);
const IMAGE_SCHEMES: ReadonlySet<string> = new Set(["http", "https"]);

/** How an address in the Markdown is treated. */
export type UrlKind =
  | "empty"
  /** "/about", "/media/…" (not "//host"). */
  | "site-path"
  /** "#faq" */
  | "anchor"
  /** "http(s)://…" or "//host/…" */
  | "external"
  | "mailto"
  | "tel"
  /** "javascript:", "data:", "vbscript:", "file:", any other scheme. */
  | "unsafe"
  /** "book", "../book", "www.example.com": no scheme and no leading "/". */
  | "relative";

/** The scheme of an address as a browser would read it (controls and spaces ignored), lowercased; null when none. */
function schemeOf(url: string): string | null {
  // eslint-style reasoning: browsers drop ASCII whitespace and controls before reading the scheme.
  const probe = url.replace(/[\u0000-\u0020\u007f-\u009f]/g, "").toLowerCase();
  const match = /^([a-z][a-z0-9+.-]*):/.exec(probe);
  return match ? match[1]! : null;
}

/** Classifies a link or image address (character references decoded first). */
export function classifyUrl(href: string): UrlKind {
  const url = decodeEntities(href).trim();
  if (url === "") return "empty";
  const scheme = schemeOf(url);
  if (scheme !== null) {
    if (scheme === "http" || scheme === "https") return "external";
    if (scheme === "mailto") return "mailto";
    if (scheme === "tel") return "tel";
    return "unsafe";
  }
  if (url.startsWith("//") || url.startsWith("/\\") || url.startsWith("\\\\")) return "external";
  if (url.startsWith("/")) return "site-path";
  if (url.startsWith("#")) return "anchor";
  return "relative";
}

/** The address to write into href/src, or null when it must be dropped. */
function safeUrl(href: string, allowed: ReadonlySet<string>): string | null {
  const url = decodeEntities(href).trim();
  if (url === "") return null;
  const scheme = schemeOf(url);
  if (scheme !== null && !allowed.has(scheme)) return null;
  try {
    return encodeURI(url).replace(/%25/g, "%");
  } catch {
    return null;
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

// ---------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------

/** An image from the media library, as the page should load it. */
export interface ResolvedImage {
  /** The library's alt text, used when the Markdown gives none. */
  alt?: string;
  /** Intrinsic size of the fallback, so the page does not jump while loading. */
  width: number;
  height: number;
  /** One entry per format, best first: { type: "image/avif", srcset: "/media/a/x-480.avif 480w, …" }. */
  sources: { type: string; srcset: string }[];
  /** The <img> src for browsers that take none of the sources. */
  fallbackSrc: string;
  /** The sizes attribute; defaults to the article column width. */
  sizes?: string;
}

export interface RenderOptions {
  /** Called with the image address as written in the Markdown; null renders a plain <img>. */
  resolveImage?: (src: string) => ResolvedImage | null;
}

/** The width an image takes in the article column (the public stylesheet caps prose at 48rem). */
export const DEFAULT_IMAGE_SIZES = "(min-width: 48rem) 48rem, 100vw";

function attr(name: string, value: string | number): string {
  return ` ${name}="${escapeHtml(String(value))}"`;
}

/** Markdown → HTML that is safe to put on a public page (see the file header for what is dropped). */
export function renderMarkdown(md: string, options: RenderOptions = {}): string {
  const slugger = new HeadingSlugger();
  const marked = new Marked({ gfm: true, breaks: false, async: false });
  marked.use({
    renderer: {
      heading({ tokens, depth }: Tokens.Heading) {
        const id = slugger.next(inlinePlainText(tokens));
        return `<h${depth}${attr("id", id)}>${this.parser.parseInline(tokens)}</h${depth}>\n`;
      },
      html({ text, block }: Tokens.HTML | Tokens.Tag) {
        return block ? `<p>${escapeHtml(text.trim())}</p>\n` : escapeHtml(text);
      },
      text(token: Tokens.Text | Tokens.Escape) {
        if ("tokens" in token && token.tokens) return this.parser.parseInline(token.tokens);
        return escapeKeepingEntities(token.text);
      },
      link({ href, title, tokens }: Tokens.Link) {
        const inner = this.parser.parseInline(tokens);
        const url = safeUrl(href, LINK_SCHEMES);
        if (url === null) return inner;
        const external = classifyUrl(href) === "external";
        const titleAttr = title ? attr("title", decodeEntities(title)) : "";
        return `<a${attr("href", url)}${titleAttr}${external ? ' rel="noopener noreferrer"' : ""}>${inner}</a>`;
      },
      image({ href, title, text, tokens }: Tokens.Image) {
        const markdownAlt = (tokens && tokens.length > 0 ? inlinePlainText(tokens) : decodeEntities(text)).trim();
        const written = decodeEntities(href).trim();
        const titleAttr = title ? attr("title", decodeEntities(title)) : "";
        const resolved = options.resolveImage && written !== "" ? options.resolveImage(written) : null;
        if (resolved) {
          const alt = markdownAlt !== "" ? markdownAlt : (resolved.alt ?? "").trim();
          const sizes = resolved.sizes ?? DEFAULT_IMAGE_SIZES;
          const sources = resolved.sources
            .map((s) => `<source${attr("type", s.type)}${attr("srcset", s.srcset)}${attr("sizes", sizes)}>`)
            .join("");
          const img =
            `<img${attr("src", resolved.fallbackSrc)}${attr("alt", alt)}${attr("width", Math.round(resolved.width))}` +
            `${attr("height", Math.round(resolved.height))}${titleAttr} loading="lazy" decoding="async">`;
          return `<picture>${sources}${img}</picture>`;
        }
        const url = safeUrl(href, IMAGE_SCHEMES);
        if (url === null) return escapeHtml(markdownAlt);
        return `<img${attr("src", url)}${attr("alt", markdownAlt)}${titleAttr} loading="lazy" decoding="async">`;
      },
    },
  });
  return marked.parse(normalizeSource(md), { async: false });
}

// ---------------------------------------------------------------------------
// Outline (for the guard)
// ---------------------------------------------------------------------------

export type OutlineBlockKind = "heading" | "paragraph" | "list-item" | "code" | "html" | "table" | "hr";

/** One block of the document, in source order, with 1-based line numbers. */
export interface OutlineBlock {
  kind: OutlineBlockKind;
  line: number;
  /** Last line of the block (for a list item: of its own text, nested lists excluded). */
  endLine: number;
  /** The visible text: inline Markdown removed, HTML tags dropped. Code blocks keep their code. */
  text: string;
  /** Inside a blockquote (at any depth). */
  inQuote: boolean;
  /** Headings: level 1–6, and the id the renderer gives it. */
  depth?: number;
  id?: string;
  /** Headings: outside any list or quote (such headings start sections). */
  topLevel?: boolean;
  /** Setext headings ("Title" over a line of "-" or "="): the underline as written. */
  setextUnderline?: string;
  /** List items: another item of the same list has text. */
  listHasText?: boolean;
  /** List items: the item holds a nested list. */
  hasNestedList?: boolean;
}

/** A heading and everything up to the next heading of the same or a higher level. */
export interface OutlineSection {
  /** Index of the heading in `blocks`. */
  headingIndex: number;
  heading: OutlineBlock;
  /** `blocks.slice(headingIndex + 1, end)` is the body (sub-sections included). */
  end: number;
  line: number;
  endLine: number;
}

export interface OutlineLink {
  href: string;
  /** Visible text of the link. */
  text: string;
  /** The link holds an image (an image can be a link's only content). */
  hasImage: boolean;
  line: number;
  raw: string;
}

export interface OutlineImage {
  src: string;
  alt: string;
  title: string | null;
  line: number;
  raw: string;
}

export interface OutlineHtml {
  raw: string;
  line: number;
  block: boolean;
}

export interface MarkdownOutline {
  /** The source split into lines (index 0 is line 1), line endings normalised. */
  lines: readonly string[];
  blocks: readonly OutlineBlock[];
  headings: readonly OutlineBlock[];
  /** Sections of the top-level headings. */
  sections: readonly OutlineSection[];
  links: readonly OutlineLink[];
  images: readonly OutlineImage[];
  /** Raw HTML as written (comments included); the renderer shows it as text. */
  html: readonly OutlineHtml[];
  /** Lines that are code (fenced or indented) or thematic breaks: not prose. */
  nonProseLines: ReadonlySet<number>;
}

interface WalkState {
  blocks: OutlineBlock[];
  links: OutlineLink[];
  images: OutlineImage[];
  html: OutlineHtml[];
  nonProse: Set<number>;
  slugger: HeadingSlugger;
}

/** Collects links, images and inline HTML of a block; their line is found by searching the block's raw text. */
function collectInline(
  state: WalkState,
  tokens: readonly Token[] | undefined,
  blockRaw: string,
  blockLine: number,
  cursor: { at: number },
): void {
  if (!tokens) return;
  const lineOf = (raw: string): number => {
    const index = raw === "" ? -1 : blockRaw.indexOf(raw, cursor.at);
    if (index < 0) return blockLine + newlines(blockRaw.slice(0, cursor.at));
    cursor.at = index;
    return blockLine + newlines(blockRaw.slice(0, index));
  };
  for (const token of tokens) {
    if (token.type === "link") {
      const link = token as Tokens.Link;
      const line = lineOf(link.raw);
      state.links.push({
        href: decodeEntities(link.href ?? "").trim(),
        text: inlinePlainText(link.tokens).trim(),
        hasImage: containsImage(link.tokens),
        line,
        raw: link.raw,
      });
      collectInline(state, link.tokens, blockRaw, blockLine, cursor);
      cursor.at = Math.max(cursor.at, blockRaw.indexOf(link.raw, cursor.at) + link.raw.length);
    } else if (token.type === "image") {
      const image = token as Tokens.Image;
      const line = lineOf(image.raw);
      state.images.push({
        src: decodeEntities(image.href ?? "").trim(),
        alt: (image.tokens && image.tokens.length > 0 ? inlinePlainText(image.tokens) : decodeEntities(image.text)).trim(),
        title: image.title ?? null,
        line,
        raw: image.raw,
      });
      cursor.at += image.raw.length;
    } else if (token.type === "html") {
      const line = lineOf(token.raw);
      state.html.push({ raw: token.raw, line, block: false });
      cursor.at += token.raw.length;
    } else if ("tokens" in token && token.tokens) {
      collectInline(state, token.tokens, blockRaw, blockLine, cursor);
    }
  }
}

function containsImage(tokens: readonly Token[] | undefined): boolean {
  if (!tokens) return false;
  return tokens.some((t) => t.type === "image" || ("tokens" in t && containsImage(t.tokens)));
}

function markLines(set: Set<number>, from: number, raw: string): void {
  const count = newlines(raw.replace(/\n+$/, ""));
  for (let l = from; l <= from + count; l++) set.add(l);
}

function walkBlocks(state: WalkState, tokens: readonly Token[], startLine: number, inQuote: boolean, inList: boolean): void {
  let line = startLine;
  for (const token of tokens) {
    walkBlock(state, token, line, inQuote, inList);
    line += newlines(token.raw);
  }
}

function leadingBlankLines(raw: string): number {
  const match = /^(?:[ \t]*\n)+/.exec(raw);
  return match ? newlines(match[0]) : 0;
}

function walkBlock(state: WalkState, token: Token, rawLine: number, inQuote: boolean, inList: boolean): void {
  const line = rawLine + leadingBlankLines(token.raw);
  const endLine = line + newlines(token.raw.trim());
  switch (token.type) {
    case "space":
    case "def":
      return;
    case "heading": {
      const heading = token as Tokens.Heading;
      const text = inlinePlainText(heading.tokens).trim();
      const underline = /\n[ \t]*([=-]+)[ \t]*\n*$/.exec(heading.raw);
      state.blocks.push({
        kind: "heading",
        line,
        endLine,
        text,
        inQuote,
        depth: heading.depth,
        id: state.slugger.next(inlinePlainText(heading.tokens)),
        topLevel: !inQuote && !inList,
        ...(underline && !heading.raw.trimStart().startsWith("#") ? { setextUnderline: underline[1]! } : {}),
      });
      collectInline(state, heading.tokens, heading.raw, rawLine, { at: 0 });
      return;
    }
    case "paragraph":
    case "text": {
      const para = token as Tokens.Paragraph;
      state.blocks.push({ kind: "paragraph", line, endLine, text: inlinePlainText(para.tokens).trim(), inQuote });
      collectInline(state, para.tokens, para.raw, rawLine, { at: 0 });
      return;
    }
    case "blockquote":
      walkBlocks(state, (token as Tokens.Blockquote).tokens, rawLine, true, inList);
      return;
    case "list":
      walkList(state, token as Tokens.List, rawLine, inQuote);
      return;
    case "code":
      state.blocks.push({ kind: "code", line, endLine, text: (token as Tokens.Code).text, inQuote });
      markLines(state.nonProse, line, token.raw.trim());
      return;
    case "hr":
      state.blocks.push({ kind: "hr", line, endLine: line, text: "", inQuote });
      markLines(state.nonProse, line, token.raw.trim());
      return;
    case "html":
      state.blocks.push({ kind: "html", line, endLine, text: "", inQuote });
      state.html.push({ raw: token.raw.trim(), line, block: true });
      return;
    case "table": {
      const table = token as Tokens.Table;
      const cells = [...table.header, ...table.rows.flat()];
      state.blocks.push({ kind: "table", line, endLine, text: cells.map((c) => inlinePlainText(c.tokens).trim()).join(" "), inQuote });
      const cursor = { at: 0 };
      for (const cell of cells) collectInline(state, cell.tokens, table.raw, rawLine, cursor);
      return;
    }
    default:
      if ("tokens" in token && token.tokens) walkBlocks(state, token.tokens, rawLine, inQuote, inList);
  }
}

function ownText(item: Tokens.ListItem): { text: string; tokens: Token[] } {
  const own = item.tokens.filter((t) => t.type === "text" || t.type === "paragraph");
  const text = own
    .map((t) => inlinePlainText((t as Tokens.Paragraph).tokens))
    .join("\n\n")
    .trim();
  return { text, tokens: own };
}

function walkList(state: WalkState, list: Tokens.List, listLine: number, inQuote: boolean): void {
  const texts = list.items.map((item) => {
    const { text } = ownText(item);
    // "- [x]" with nothing after it is a checkbox, not text.
    return /^\[[ xX]\]$/.test(text) ? "" : text;
  });
  let line = listLine;
  list.items.forEach((item, index) => {
    const itemLine = line + leadingBlankLines(item.raw);
    const text = texts[index] ?? "";
    const own = item.tokens.filter((t) => t.type === "text" || t.type === "paragraph");
    const lastOwn = own.at(-1);
    let ownEnd = itemLine;
    if (lastOwn) {
      let offset = itemLine;
      for (const child of item.tokens) {
        if (child === lastOwn) {
          ownEnd = offset + newlines(child.raw.trim());
          break;
        }
        offset += newlines(child.raw);
      }
    }
    state.blocks.push({
      kind: "list-item",
      line: itemLine,
      endLine: ownEnd,
      text,
      inQuote,
      listHasText: texts.some((t, i) => i !== index && t !== ""),
      hasNestedList: item.tokens.some((t) => t.type === "list"),
    });
    // Children start on the marker's line: the item's text begins after the marker.
    let childLine = itemLine;
    for (const child of item.tokens) {
      if (child.type === "text" || child.type === "paragraph") {
        collectInline(state, (child as Tokens.Paragraph).tokens, child.raw, childLine, { at: 0 });
      } else {
        walkBlock(state, child, childLine, inQuote, true);
      }
      childLine += newlines(child.raw);
    }
    line += newlines(item.raw);
  });
}

function buildSections(blocks: readonly OutlineBlock[]): OutlineSection[] {
  const sections: OutlineSection[] = [];
  blocks.forEach((block, index) => {
    if (block.kind !== "heading" || !block.topLevel) return;
    let end = blocks.length;
    for (let j = index + 1; j < blocks.length; j++) {
      const next = blocks[j]!;
      if (next.kind === "heading" && next.topLevel && (next.depth ?? 6) <= (block.depth ?? 6)) {
        end = j;
        break;
      }
    }
    const last = blocks[end - 1] ?? block;
    sections.push({ headingIndex: index, heading: block, end, line: block.line, endLine: Math.max(block.endLine, last.endLine) });
  });
  return sections;
}

/** The blocks, headings, sections, links and images of a Markdown document, with source lines. */
export function outlineMarkdown(md: string): MarkdownOutline {
  const source = normalizeSource(md);
  const tokens = Lexer.lex(source, { gfm: true });
  const state: WalkState = { blocks: [], links: [], images: [], html: [], nonProse: new Set(), slugger: new HeadingSlugger() };
  walkBlocks(state, tokens, 1, false, false);
  const blocks = state.blocks;
  return {
    lines: source.split("\n"),
    blocks,
    headings: blocks.filter((b) => b.kind === "heading"),
    sections: buildSections(blocks),
    links: state.links,
    images: state.images,
    html: state.html,
    nonProseLines: state.nonProse,
  };
}

// ---------------------------------------------------------------------------
// Summary
// ---------------------------------------------------------------------------

/**
 * The first paragraph with words in it, as plain text on one line, cut at a
 * word boundary so that it fits `maxChars` (an ellipsis marks the cut).
 */
export function plainTextSummary(md: string, maxChars: number): string {
  const limit = Math.max(1, Math.floor(maxChars));
  const tokens = Lexer.lex(normalizeSource(md), { gfm: true });
  let text = "";
  for (const token of tokens) {
    if (token.type !== "paragraph") continue;
    const candidate = inlinePlainText((token as Tokens.Paragraph).tokens)
      .replace(/\s+/g, " ")
      .trim();
    if (/[\p{L}\p{N}]/u.test(candidate)) {
      text = candidate;
      break;
    }
  }
  if (text.length <= limit) return text;
  if (limit === 1) return "…";
  let cut = text.slice(0, limit - 1);
  const space = cut.lastIndexOf(" ");
  if (space > 0 && text[limit - 1] !== " ") cut = cut.slice(0, space);
  cut = cut.replace(/[\s,;:.\-–—(]+$/u, "");
  return `${cut}…`;
}
