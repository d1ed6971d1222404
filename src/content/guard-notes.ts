// Notes to the editor left in a draft (to-do and fix-me markers, "TK",
// "[note: …]", dummy Latin text, "insert photo here", "???"), found line by
// line, and raw HTML, which the page would show as text (rules
// text.editor-note and text.raw-html). The patterns spell some words with
// character classes ("T[O]DO") so that the source itself holds no such
// marker. Ordinary prose must not trip them: "Note that your skin…" is fine,
// so is "TK" inside a word, "to-do" and "check this list before your visit".

import type { Finding } from "./findings.ts";
import { excerptAround, excerptOf, quote } from "./guard-excerpts.ts";
import { maskCodeAndAddresses, stripQuotePrefix } from "./guard-lists.ts";
import type { MarkdownOutline, OutlineBlock } from "./markdown.ts";

export interface NoteMatch {
  /** Index in the line where the note starts. */
  index: number;
  /** The note as written (for the excerpt). */
  text: string;
  /** What kind of note, in plain words, for the message. */
  label: string;
}

interface NotePattern {
  pattern: RegExp;
  label: string;
}

const WORD_EDGE_BEFORE = "(?<![\\p{L}\\p{N}_])";
const WORD_EDGE_AFTER = "(?![\\p{L}\\p{N}_])";

function word(source: string, flags = "u"): RegExp {
  return new RegExp(`${WORD_EDGE_BEFORE}(?:${source})${WORD_EDGE_AFTER}`, flags.includes("g") ? flags : `${flags}g`);
}

const BRACKET_KEYWORDS = "note|notes|ed|ed\\.|editor|editor's note|editor’s note|comment|comments|query|q|question|t[o]do|to do|fixm[e]";
const BRACKET_STAND_INS =
  "tbd|tbc|tk|tktk|t[o]do|fixm[e]|xxx|citation needed|source|sources|source\\?|ref|reference needed|link|links|add link|link tk|link here|" +
  "image|image here|photo|photo here|picture|insert[^\\]]*|add[^\\]]*|need[s]? [^\\]]*|check[^\\]]*|confirm[^\\]]*|verify[^\\]]*";

const PATTERNS: readonly NotePattern[] = [
  { pattern: word("T[O]DO|FIXM[E]", "iu"), label: "a to-do marker" },
  { pattern: word("TK(?:TK)*"), label: "a “TK” (to come) marker" },
  { pattern: word("X{2,}"), label: "an “XX” stand-in for a missing figure" },
  { pattern: /\bl[o]rem ipsum(?: dolor sit amet)?\b|\bdolor sit amet\b/giu, label: "dummy Latin text" },
  { pattern: new RegExp(`\\[\\s*(?:${BRACKET_KEYWORDS})\\s*[:\\-–—][^\\]]*\\]?`, "giu"), label: "a bracketed note" },
  { pattern: new RegExp(`\\[\\s*(?:${BRACKET_STAND_INS})\\s*\\](?!\\s*[\\[(])`, "giu"), label: "a bracketed stand-in" },
  { pattern: /\[\[[^\]]*\]\]/gu, label: "a [[…]] stand-in" },
  { pattern: /\{\{[^}]*\}\}/gu, label: "a {{…}} stand-in" },
  { pattern: /(?<![\p{L}\p{N}])N\.?B\.?\s*:/gu, label: "an “NB:” note" },
  {
    pattern: /\bnote (?:to|for) (?:the )?(?:editor|editors|self|writer|author|designer|team|web team)\b/giu,
    label: "a note to the editor",
  },
  {
    pattern: /\(\s*(?:ed|ed\.|editor|editor's note|editor’s note|tbd|tbc|tk|t[o]do|to do)\s*(?:[:.\-–—][^)]*)?\)/giu,
    label: "a note in brackets",
  },
  { pattern: /\binsert\s+(?:[\p{L}\p{N}'’-]+\s+){0,5}?here\b/giu, label: "an “insert … here” note" },
  {
    pattern:
      /\b(?:add|put|paste|place)\s+(?:(?:a|an|the|one|your)\s+)?(?:photo|image|picture|link|quote|stat|statistic|figure|number|price|source|reference|citation|caption|video|chart|graphic|table|copy|text|cta|call to action|testimonial)s?\s+here\b/giu,
    label: "an “add … here” note",
  },
  { pattern: /\badd (?:links?|sources?|citations?|refs?)\b(?!\s+(?:to|for|from|in|on|with)\b)/giu, label: "an “add link” note" },
  { pattern: /\blink (?:tk|tbd|to come|needed|here)\b/giu, label: "a missing-link note" },
  {
    pattern: /\b(?:double-|fact-)?check (?:this|that|these|facts?|figures?|numbers?)(?=\s*(?:[!?)\]:]|\.{2,}|$))/giu,
    label: "a “check this” note",
  },
  { pattern: /\bcitation needed\b|\bsource needed\b|\bneeds? (?:a )?(?:source|citation)\b/giu, label: "a “citation needed” note" },
  { pattern: /\?{3,}/gu, label: "a row of question marks" },
];

/** Notes in one line of prose, earliest first, overlapping matches merged. */
export function findEditorNotes(line: string): NoteMatch[] {
  const found: NoteMatch[] = [];
  for (const { pattern, label } of PATTERNS) {
    pattern.lastIndex = 0;
    for (const match of line.matchAll(pattern)) {
      found.push({ index: match.index ?? 0, text: match[0], label });
    }
  }
  found.sort((a, b) => a.index - b.index || b.text.length - a.text.length);
  const merged: NoteMatch[] = [];
  let end = -1;
  for (const note of found) {
    if (note.index < end) continue;
    merged.push(note);
    end = note.index + note.text.length;
  }
  return merged;
}

/** Start of an HTML comment: the page would show it as text, and it is almost always a note. */
export const HTML_COMMENT_OPEN = "<!--";
export const HTML_COMMENT_CLOSE = "-->";

// ---------------------------------------------------------------------------
// The findings of a draft

interface ProseSegment {
  text: string;
  /** For each character of `text`, its 1-based source line. */
  lineAt: number[];
}

const ATX_HEADING = /^[ \t]{0,3}#{1,6}(?:[ \t]+|$)/;
const LIST_MARKER = /^[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)/;

/** The source lines of a prose block joined with spaces, markers stripped, remembering each character's line. */
function proseSegment(outline: MarkdownOutline, block: OutlineBlock): ProseSegment {
  let text = "";
  const lineAt: number[] = [];
  for (let line = block.line; line <= block.endLine; line++) {
    let content = stripQuotePrefix(outline.lines[line - 1] ?? "");
    if (line === block.line && block.kind === "list-item") content = content.replace(LIST_MARKER, "");
    if (block.kind === "heading") content = content.replace(ATX_HEADING, "").replace(/[ \t]+#+[ \t]*$/, "");
    const piece = (text === "" ? "" : " ") + content;
    text += piece;
    for (let k = 0; k < piece.length; k++) lineAt.push(line);
  }
  return { text, lineAt };
}

function maskComments(text: string): string {
  return text.replace(/<!--[\s\S]*?(?:-->|$)/g, (m) => " ".repeat(m.length));
}

export function noteFindings(outline: MarkdownOutline): Finding[] {
  const findings: Finding[] = [];
  for (const block of outline.blocks) {
    if (block.kind !== "paragraph" && block.kind !== "list-item" && block.kind !== "heading" && block.kind !== "table") continue;
    const segment = proseSegment(outline, block);
    const masked = maskComments(maskCodeAndAddresses(segment.text));
    for (const note of findEditorNotes(masked)) {
      findings.push({
        rule: "text.editor-note",
        severity: "block",
        message: `A note to the editor is still in the text: ${note.label} (${quote(note.text, 40)}). Finish or remove it before publishing.`,
        line: segment.lineAt[note.index] ?? block.line,
        excerpt: excerptAround(segment.text, note.index),
      });
    }
  }
  const tagsByLine = new Map<number, string[]>();
  for (const html of outline.html) {
    if (html.raw.trimStart().startsWith(HTML_COMMENT_OPEN)) {
      findings.push({
        rule: "text.editor-note",
        severity: "block",
        message: "An HTML comment (“<!-- … -->”) is in the text. The page would show it to visitors; remove it before publishing.",
        line: html.line,
        excerpt: excerptOf(html.raw),
      });
    } else {
      const tags = tagsByLine.get(html.line) ?? [];
      tags.push(html.raw);
      tagsByLine.set(html.line, tags);
    }
  }
  for (const [line, tags] of tagsByLine) {
    findings.push({
      rule: "text.raw-html",
      severity: "block",
      message:
        "This HTML would appear on the page as text, tags and all: pages show Markdown only. Replace it with Markdown (or plain text).",
      line,
      excerpt: excerptOf(tags.join(" ")),
    });
  }
  return findings;
}
