// List markers left in prose: a line that is only a marker, a bullet glyph that
// Markdown does not turn into a list ("• item"), a marker doubled ("- - item"),
// a dash glued to the word ("-Redness"), or list items run together into one
// paragraph ("… a few days. - Swelling fades …"); and empty list items
// (rules list.stray-marker and list.empty-item).

import type { Finding } from "./findings.ts";
import { excerptAround, excerptOf, quote } from "./guard-excerpts.ts";
import type { MarkdownOutline } from "./markdown.ts";

export interface StrayMarker {
  /** Index in the line. */
  index: number;
  /** What is wrong, in plain words, and what to do. */
  message: string;
}

/** Bullet glyphs that word processors paste; Markdown lists only know "-", "*", "+" and "1.". */
const GLYPHS = "•◦▪▫‣⁃●○■□►▸·∙";
const GLYPH_CLASS = `[${GLYPHS}]`;

const BARE_MARKER = new RegExp(`^(?:[-*+–]|${GLYPH_CLASS}|\\d{1,9}[.)])$`, "u");
const LIST_MARKER = /^[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)/;
const DOUBLE_MARKER = new RegExp(`^[ \\t]*(?:[-*+]|\\d{1,9}[.)])[ \\t]+(?:[-*+–]|${GLYPH_CLASS}|\\d{1,9}[.)])(?:[ \\t]|$)`, "u");
const GLYPH_AT_START = new RegExp(`^[ \\t]*(?:${GLYPH_CLASS}[ \\t]*(?=\\S)|–[ \\t]+(?=\\S))`, "u");
const GLUED_DASH = /^[ \t]*[-+](?=\p{L})/u;
/** A marker after the end of a sentence, before a capitalised word: items run together. */
const MARKER_AFTER_SENTENCE = new RegExp(`[.!?:;][ \\t]+(?:[-*+]|${GLYPH_CLASS}|\\d{1,2}[.)])[ \\t]+(?=\\p{Lu})`, "u");
/** A bullet glyph between words anywhere in the line. */
const GLYPH_BETWEEN_WORDS = new RegExp(`\\S[ \\t]+${GLYPH_CLASS}[ \\t]+\\S`, "u");

/** Removes blockquote markers ("> ", "> > ") from the start of a source line. */
export function stripQuotePrefix(line: string): string {
  return line.replace(/^(?:[ \t]{0,3}>[ \t]?)+/, "");
}

/** Replaces inline code and link addresses with spaces, so that what they hold is not read as prose. */
export function maskCodeAndAddresses(text: string): string {
  const blank = (s: string) => " ".repeat(s.length);
  return text
    .replace(/(`+)[^`]*?\1/g, blank)
    .replace(/\]\([^)\s]*(?:\s+"[^"]*")?\)/g, (m) => `](${blank(m.slice(2, -1))})`)
    .replace(/<(?:https?|mailto|tel):[^>\s]*>/gi, blank)
    .replace(/\bhttps?:\/\/\S+/gi, blank);
}

/**
 * The stray marker on one source line (blockquote prefix already removed), or
 * null. A bare marker on a line of its own is reported by the caller, which
 * knows whether the line is an empty item of a real list.
 */
export function strayMarkerInLine(line: string): StrayMarker | null {
  const masked = maskCodeAndAddresses(line);
  if (DOUBLE_MARKER.test(masked)) {
    return { index: masked.search(/\S/), message: "Two list markers start this line. Keep one, followed by a space and the item's text." };
  }
  if (GLYPH_AT_START.test(masked)) {
    return {
      index: masked.search(/\S/),
      message: "This line starts with a bullet symbol that will show as a character, not as a list. Start each item with “- ” instead.",
    };
  }
  if (GLUED_DASH.test(masked)) {
    return {
      index: masked.search(/\S/),
      message: "A list marker is stuck to the word after it, so no list is made. Put a space after the “-”, or remove it.",
    };
  }
  const body = masked.replace(LIST_MARKER, (m) => " ".repeat(m.length));
  const afterSentence = MARKER_AFTER_SENTENCE.exec(body);
  if (afterSentence) {
    return {
      index: afterSentence.index + 1,
      message:
        "A list marker sits in the middle of the text: list items have run together. Put each item on its own line, starting with “- ”.",
    };
  }
  const between = GLYPH_BETWEEN_WORDS.exec(body);
  if (between) {
    return {
      index: between.index + 1,
      message:
        "A bullet symbol sits in the middle of the text: list items have run together. Put each item on its own line, starting with “- ”.",
    };
  }
  return null;
}

/** A line that holds nothing but a list marker or bullet glyph. */
export function isBareMarker(line: string): boolean {
  return BARE_MARKER.test(line.trim());
}

// ---------------------------------------------------------------------------
// The findings of a draft

export function listFindings(outline: MarkdownOutline): Finding[] {
  const findings: Finding[] = [];
  const skip = new Set<number>(outline.nonProseLines);
  for (const block of outline.blocks) {
    if (block.kind === "html" || block.kind === "code") for (let l = block.line; l <= block.endLine; l++) skip.add(l);
  }
  const emptyItemLines = new Set<number>();
  const strayLines = new Set<number>();

  for (const block of outline.blocks) {
    if (block.kind === "heading" && block.setextUnderline !== undefined && /^-{1,2}$/.test(block.setextUnderline)) {
      strayLines.add(block.endLine);
      findings.push({
        rule: "list.stray-marker",
        severity: "block",
        message: `A lone “${block.setextUnderline}” under ${quote(block.text)} turns that line into a heading. Remove the “${block.setextUnderline}”, or write the list item after it.`,
        line: block.endLine,
        excerpt: excerptOf(`${block.text} ${block.setextUnderline}`),
      });
    }
    if (block.kind === "list-item" && block.text === "") {
      if (block.listHasText && !block.hasNestedList) {
        emptyItemLines.add(block.line);
      } else if (!block.hasNestedList) {
        strayLines.add(block.line);
        findings.push({
          rule: "list.stray-marker",
          severity: "block",
          message: "A list marker stands alone here, with no list around it. Remove it, or write the item after it.",
          line: block.line,
          excerpt: excerptOf(stripQuotePrefix(outline.lines[block.line - 1] ?? "")),
        });
      }
    }
  }

  outline.lines.forEach((raw, index) => {
    const line = index + 1;
    if (skip.has(line) || strayLines.has(line)) return;
    const content = stripQuotePrefix(raw);
    if (content.trim() === "") return;
    if (isBareMarker(content)) {
      if (emptyItemLines.has(line)) return;
      strayLines.add(line);
      findings.push({
        rule: "list.stray-marker",
        severity: "block",
        message: `A list marker (“${content.trim()}”) stands alone on this line. Remove it, or write the item after it.`,
        line,
        excerpt: excerptOf(content),
      });
      return;
    }
    const stray = strayMarkerInLine(content);
    if (stray) {
      strayLines.add(line);
      findings.push({
        rule: "list.stray-marker",
        severity: "block",
        message: stray.message,
        line,
        excerpt: excerptAround(content, stray.index),
      });
    }
  });

  for (const line of emptyItemLines) {
    if (strayLines.has(line)) continue;
    findings.push({
      rule: "list.empty-item",
      severity: "block",
      message: "This list item is empty: the page would show a bullet with nothing after it. Write the item, or delete the marker.",
      line,
      excerpt: excerptOf(stripQuotePrefix(outline.lines[line - 1] ?? "")),
    });
  }
  return findings;
}
