// The outline of a Markdown document for the quality guard: its blocks,
// headings, sections, links, images and raw HTML, each with its source line,
// read with the same lexer as the renderer so the guard sees the text the
// visitor will see.

import { Lexer, type Token, type Tokens } from "marked";
import { decodeEntities, HeadingSlugger, inlinePlainText, newlines, normalizeSource } from "./markdown-text.ts";

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
