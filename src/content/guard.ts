// The quality guard for Markdown drafts: what the desk runs on every save and
// what `npm run check-content` runs on files. Each finding names a stable rule
// id, a severity, a line of the draft and what the editor should do. The rules
// are described for staff in docs/content-guard.md.

import type { Finding } from "./findings.ts";
import { findEditorNotes, HTML_COMMENT_OPEN } from "./guard-notes.ts";
import { isBareMarker, maskCodeAndAddresses, stripQuotePrefix, strayMarkerInLine } from "./guard-lists.ts";
import {
  comparable,
  isLongEnough,
  isNearDuplicate,
  MIN_REPEAT_CHARS,
  NEAR_DUPLICATE_CONTAINMENT,
  NEAR_DUPLICATE_JACCARD,
  similarity,
  type ComparableText,
} from "./guard-similarity.ts";
import {
  classifyUrl,
  outlineMarkdown,
  type MarkdownOutline,
  type OutlineBlock,
  type OutlineImage,
  type OutlineSection,
} from "./markdown.ts";
import { sitePathOf } from "./site-paths.ts";

export interface MarkdownCheckOptions {
  /** Does this site path (no host, may include "/fr" prefix; query and hash already removed) lead to a page? */
  internalPathExists: (path: string) => boolean;
  /**
   * Findings already stored for a media-library image referenced as
   * /media/<assetId>/…; null = no such asset. When omitted, each media image
   * gets a `check.not-run` finding: nobody looked it up.
   */
  mediaFindings?: (assetId: string) => readonly Finding[] | null;
  /**
   * Findings for an image referenced by a relative path ("photos/face.jpg"),
   * which only the command line can read (beside the Markdown file). Omitted
   * or null: `image.unknown`, as on the desk, where images come from the
   * media library.
   */
  localImageFindings?: (src: string) => readonly Finding[] | null;
}

/** Every rule id the Markdown guard can report (media and local image findings pass through with their own ids). */
export const MARKDOWN_RULES = [
  "text.repeated-paragraph",
  "text.near-duplicate-paragraph",
  "text.repeated-section",
  "text.editor-note",
  "text.raw-html",
  "list.stray-marker",
  "list.empty-item",
  "link.broken-internal",
  "link.empty",
  "link.unsafe",
  "image.missing-alt",
  "image.unknown",
  "image.external",
  "check.not-run",
] as const;
export type MarkdownRule = (typeof MARKDOWN_RULES)[number];

const EXCERPT_MAX = 120;

/** Whitespace collapsed, at most 120 characters (an ellipsis marks a cut). */
export function excerptOf(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= EXCERPT_MAX ? flat : `${flat.slice(0, EXCERPT_MAX - 1).trimEnd()}…`;
}

/** A window of at most 120 characters around `index` in `text`. */
function excerptAround(text: string, index: number): string {
  const flat = text.replace(/\s+/g, " ");
  if (flat.trim().length <= EXCERPT_MAX) return flat.trim();
  const start = Math.max(0, Math.min(index - 40, flat.length - (EXCERPT_MAX - 2)));
  const slice = flat.slice(start, start + EXCERPT_MAX - 2).trim();
  return `${start > 0 ? "…" : ""}${slice}${start + EXCERPT_MAX - 2 < flat.length ? "…" : ""}`.slice(0, EXCERPT_MAX);
}

function quote(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return `“${flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`}”`;
}

function lines(from: number, to: number): string {
  return from === to ? `line ${from}` : `lines ${from}–${to}`;
}

// ---------------------------------------------------------------------------
// Repeats
// ---------------------------------------------------------------------------

/** Blocks whose words count for repeats. */
function isTextBlock(block: OutlineBlock): boolean {
  return (
    (block.kind === "paragraph" || block.kind === "list-item" || block.kind === "heading" || block.kind === "table") && block.text !== ""
  );
}

function unitNoun(block: OutlineBlock): string {
  return block.kind === "list-item" ? "list item" : block.kind === "table" ? "table" : "paragraph";
}

/** Blocks that can repeat on their own (headings repeat only with their section). */
function isUnit(block: OutlineBlock): boolean {
  return (block.kind === "paragraph" || block.kind === "list-item" || block.kind === "table") && block.text !== "";
}

interface SectionBody {
  section: OutlineSection;
  heading: string;
  body: ComparableText;
  /** Indices (in the outline's blocks) of the body's text blocks. */
  parts: number[];
}

function sectionBodies(outline: MarkdownOutline, texts: readonly ComparableText[]): SectionBody[] {
  return outline.sections.map((section) => {
    const parts: number[] = [];
    for (let i = section.headingIndex + 1; i < section.end; i++) {
      if (isTextBlock(outline.blocks[i]!)) parts.push(i);
    }
    return {
      section,
      heading: texts[section.headingIndex]!.normalized,
      body: comparable(parts.map((i) => texts[i]!.normalized).join(" ")),
      parts,
    };
  });
}

/**
 * Share of the later body's words that sit in blocks repeating (exactly or
 * nearly) a block of the earlier body. A section that only borrowed one
 * paragraph scores low: that paragraph is reported on its own.
 */
function coverage(earlier: SectionBody, later: SectionBody, texts: readonly ComparableText[]): number {
  let covered = 0;
  for (const j of later.parts) {
    const t = texts[j]!;
    if (earlier.parts.some((i) => texts[i]!.normalized === t.normalized || isNearDuplicate(texts[i]!, t))) covered += t.words;
  }
  return later.body.words === 0 ? 0 : covered / later.body.words;
}

/** A section whose heading differs must repeat at least this share of its words, block by block. */
const SECTION_COVERAGE = 0.8;

interface Covered {
  from: number;
  to: number;
}

function isCovered(covered: readonly Covered[], index: number): boolean {
  return covered.some((c) => index >= c.from && index < c.to);
}

/** Repeated sections, repeated passages, repeated and near-duplicate paragraphs, without one finding per paragraph of a repeated section. */
function repeatFindings(outline: MarkdownOutline): Finding[] {
  const findings: Finding[] = [];
  const blocks = outline.blocks;
  const texts = blocks.map((b) => comparable(isTextBlock(b) ? b.text : ""));
  const covered: Covered[] = [];

  // 1. Whole sections: the same body, or a near-duplicate body. Outer sections first,
  //    so that a repeated chapter is one finding, not one per sub-section.
  const bodies = sectionBodies(outline, texts);
  const order = [...bodies].sort(
    (a, b) => (a.section.heading.depth ?? 6) - (b.section.heading.depth ?? 6) || a.section.line - b.section.line,
  );
  for (const later of order) {
    const { section } = later;
    if (isCovered(covered, section.headingIndex) || later.body.normalized === "") continue;
    let best: { earlier: SectionBody; score: number } | null = null;
    for (const earlier of bodies) {
      if (earlier.section.end > section.headingIndex || earlier.body.normalized === "") continue;
      const sameHeading = earlier.heading === later.heading;
      let score = 0;
      if (earlier.body.normalized === later.body.normalized && (sameHeading || later.body.normalized.length >= MIN_REPEAT_CHARS)) {
        score = sameHeading ? 3 : 2;
      } else if (isLongEnough(earlier.body) && isLongEnough(later.body)) {
        const s = similarity(earlier.body.shingles, later.body.shingles);
        if (s.jaccard >= NEAR_DUPLICATE_JACCARD && (sameHeading || coverage(earlier, later, texts) >= SECTION_COVERAGE)) score = s.jaccard;
      }
      if (score > 0 && (best === null || score > best.score)) best = { earlier, score };
    }
    if (best === null) continue;
    const first = best.earlier.section;
    const exact = best.score >= 2;
    const sameHeading = best.earlier.heading === later.heading;
    const name = quote(section.heading.text);
    const firstName = quote(first.heading.text);
    findings.push({
      rule: "text.repeated-section",
      severity: "block",
      message:
        (sameHeading
          ? `The section ${name} (${lines(section.line, section.endLine)}) repeats the section of the same name on line ${first.line}`
          : `The text under ${name} (${lines(section.line, section.endLine)}) repeats the section ${firstName} on line ${first.line}`) +
        (exact ? " word for word" : " almost word for word") +
        ". Delete this copy, or merge anything new in it into the first one.",
      line: section.line,
      firstLine: first.line,
      excerpt: excerptOf(section.heading.text),
    });
    covered.push({ from: section.headingIndex, to: section.end });
  }

  // 2. Exact repeats of one paragraph or of a run of consecutive blocks (a passage without its own heading).
  const byText = new Map<string, number[]>();
  blocks.forEach((block, index) => {
    if (!isTextBlock(block)) return;
    const key = texts[index]!.normalized;
    const list = byText.get(key);
    if (list) list.push(index);
    else byText.set(key, [index]);
  });
  const reported = new Set<number>();
  let j = 0;
  while (j < blocks.length) {
    if (!isUnit(blocks[j]!) || isCovered(covered, j)) {
      j++;
      continue;
    }
    let best: { from: number; length: number; chars: number } | null = null;
    for (const i of byText.get(texts[j]!.normalized) ?? []) {
      if (i >= j) break;
      let length = 0;
      let chars = 0;
      while (
        j + length < blocks.length &&
        i + length < j &&
        isTextBlock(blocks[j + length]!) &&
        !isCovered(covered, j + length) &&
        texts[i + length]!.normalized === texts[j + length]!.normalized
      ) {
        chars += texts[j + length]!.normalized.length;
        length++;
      }
      if (best === null || length > best.length) best = { from: i, length, chars };
    }
    if (best === null || best.chars < MIN_REPEAT_CHARS) {
      j++;
      continue;
    }
    const first = blocks[best.from]!;
    const block = blocks[j]!;
    if (best.length === 1) {
      findings.push({
        rule: "text.repeated-paragraph",
        severity: "block",
        message: `This ${unitNoun(block)} repeats the one on line ${first.line}. Delete one of the two.`,
        line: block.line,
        firstLine: first.line,
        excerpt: excerptOf(block.text),
      });
    } else {
      const last = blocks[j + best.length - 1]!;
      const firstLast = blocks[best.from + best.length - 1]!;
      findings.push({
        rule: "text.repeated-section",
        severity: "block",
        message: `This passage (${lines(block.line, last.endLine)}) repeats ${lines(first.line, firstLast.endLine)} word for word. Delete one of the two copies.`,
        line: block.line,
        firstLine: first.line,
        excerpt: excerptOf(block.text),
      });
    }
    for (let k = j; k < j + best.length; k++) reported.add(k);
    covered.push({ from: j, to: j + best.length });
    j += best.length;
  }

  // 3. Near-duplicates between long paragraphs, the later one reported against the most similar earlier one.
  //    An index from each 3-gram to the paragraphs holding it finds the candidates without comparing every pair.
  const postings = new Map<string, number[]>();
  blocks.forEach((block, index) => {
    const text = texts[index]!;
    if (!isUnit(block) || !isLongEnough(text)) return;
    const shared = new Map<number, number>();
    for (const shingle of text.shingles) {
      const holders = postings.get(shingle);
      if (holders) for (const i of holders) shared.set(i, (shared.get(i) ?? 0) + 1);
      if (holders) holders.push(index);
      else postings.set(shingle, [index]);
    }
    if (reported.has(index) || isCovered(covered, index)) return;
    let best: { index: number; jaccard: number; containment: number } | null = null;
    for (const [i, count] of shared) {
      const other = texts[i]!.shingles.size;
      const jaccard = count / (other + text.shingles.size - count);
      const containment = count / Math.min(other, text.shingles.size);
      if (jaccard < NEAR_DUPLICATE_JACCARD && containment < NEAR_DUPLICATE_CONTAINMENT) continue;
      if (best === null || jaccard > best.jaccard || (jaccard === best.jaccard && i < best.index))
        best = { index: i, jaccard, containment };
    }
    if (best === null) return;
    const first = blocks[best.index]!;
    const share = Math.round(Math.max(best.jaccard, best.containment) * 100);
    findings.push({
      rule: "text.near-duplicate-paragraph",
      severity: "block",
      message:
        `This ${unitNoun(block)} is nearly the same as the one on line ${first.line} ` +
        `(${share}% of the wording matches). Keep one, or rewrite one so that each says something of its own.`,
      line: block.line,
      firstLine: first.line,
      excerpt: excerptOf(block.text),
    });
  });

  return findings;
}

// ---------------------------------------------------------------------------
// Notes to the editor, raw HTML
// ---------------------------------------------------------------------------

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

function noteFindings(outline: MarkdownOutline): Finding[] {
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

// ---------------------------------------------------------------------------
// Lists
// ---------------------------------------------------------------------------

function listFindings(outline: MarkdownOutline): Finding[] {
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

// ---------------------------------------------------------------------------
// Links
// ---------------------------------------------------------------------------

function anchorOf(href: string): string {
  const raw = href.slice(1);
  try {
    return decodeURIComponent(raw).toLowerCase();
  } catch {
    return raw.toLowerCase();
  }
}

function linkFindings(outline: MarkdownOutline, options: MarkdownCheckOptions): Finding[] {
  const findings: Finding[] = [];
  const ids = new Set(outline.headings.map((h) => (h.id ?? "").toLowerCase()));
  for (const link of outline.links) {
    const base = { line: link.line, excerpt: excerptOf(link.raw) };
    if (link.text === "" && !link.hasImage) {
      findings.push({
        rule: "link.empty",
        severity: "block",
        message:
          "This link has no text, so visitors (and screen readers) cannot see what it leads to. Write the link text between the [ ].",
        ...base,
      });
      continue;
    }
    const kind = classifyUrl(link.href);
    if (kind === "empty" || link.href === "#") {
      findings.push({
        rule: "link.empty",
        severity: "block",
        message: `The link ${quote(link.text)} has no address. Put the page it should open between the ( ), e.g. (/book).`,
        ...base,
      });
    } else if (kind === "unsafe") {
      findings.push({
        rule: "link.unsafe",
        severity: "block",
        message: `The link ${quote(link.text)} uses an address the page will not open (${quote(link.href.split(":")[0] + ":", 20)}). Use a site path such as /book or a full https:// address.`,
        ...base,
      });
    } else if (kind === "anchor") {
      if (!ids.has(anchorOf(link.href))) {
        findings.push({
          rule: "link.broken-internal",
          severity: "block",
          message: `The link ${quote(link.text)} points to ${quote(link.href, 40)}, but no heading in this text has that anchor. Check the heading's wording, or link to a heading that exists.`,
          ...base,
        });
      }
    } else if (kind === "site-path") {
      const path = sitePathOf(link.href);
      if (path === null || !options.internalPathExists(path)) {
        findings.push({
          rule: "link.broken-internal",
          severity: "block",
          message: `The link ${quote(link.text)} goes to ${quote(path ?? link.href, 60)}, which is not a page on this site. Correct the address, or publish that page first.`,
          ...base,
        });
      }
    } else if (kind === "relative") {
      findings.push({
        rule: "link.broken-internal",
        severity: "block",
        message: `The link ${quote(link.text)} goes to ${quote(link.href, 60)}, which only works by chance. Write pages of this site from the root (e.g. /book), and other sites in full (https://…).`,
        ...base,
      });
    }
  }
  return findings;
}

// ---------------------------------------------------------------------------
// Images
// ---------------------------------------------------------------------------

const MEDIA_PATH = /^\/media\/([A-Za-z0-9_-]+)(?:\/|$)/;
const IMAGE_EXTENSION = /\.(?:jpe?g|png|gif|webp|avif|tiff?|svg|heic|heif|bmp)$/i;
const MEANINGLESS_ALT =
  /^(?:image|img|photo|photograph|picture|pic|graphic|screenshot|screen shot|untitled|alt|alt text|figure|illustration|banner|hero|placeh[o]lder)(?:[\s_-]*\d+)?$/i;
const CAMERA_NAME = /^(?:img|dsc|dscn|dscf|pxl|mvimg|photo|image|screenshot)[\s_-]?\d[\d_-]*$/i;

function fileStem(src: string): string {
  const path = src.replace(/[?#].*$/s, "");
  const last = path.split("/").pop() ?? "";
  let decoded = last;
  try {
    decoded = decodeURIComponent(last);
  } catch {
    // keep as written
  }
  return decoded.replace(IMAGE_EXTENSION, "");
}

function looseWords(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** Alt text that says nothing: empty, a file name, a camera name, or just "image"/"photo". */
export function isMeaninglessAlt(alt: string, src: string): boolean {
  const text = alt.trim();
  if (text === "") return true;
  if (IMAGE_EXTENSION.test(text) || MEANINGLESS_ALT.test(text) || CAMERA_NAME.test(text)) return true;
  const stem = looseWords(fileStem(src));
  return stem !== "" && looseWords(text) === stem;
}

function imageFindings(outline: MarkdownOutline, options: MarkdownCheckOptions): Finding[] {
  const findings: Finding[] = [];
  const passThrough = (image: OutlineImage, label: string, list: readonly Finding[]) => {
    for (const f of list) findings.push({ ...f, line: image.line, image: label, excerpt: f.excerpt ?? excerptOf(image.raw) });
  };
  for (const image of outline.images) {
    const base = { line: image.line, excerpt: excerptOf(image.raw), image: image.src };
    if (isMeaninglessAlt(image.alt, image.src)) {
      findings.push({
        rule: "image.missing-alt",
        severity: "block",
        message:
          image.alt.trim() === ""
            ? "This image has no alt text. Describe what it shows between the [ ] of ![…](…), for visitors who cannot see it."
            : `The alt text ${quote(image.alt)} does not describe the image. Say what it shows, for visitors who cannot see it.`,
        ...base,
      });
    }
    const kind = classifyUrl(image.src);
    if (kind === "site-path") {
      const media = MEDIA_PATH.exec(image.src);
      if (media) {
        const assetId = media[1]!;
        if (!options.mediaFindings) {
          findings.push({
            rule: "check.not-run",
            severity: "block",
            message:
              "The media library was not consulted for this image, so its checks did not run. Save the draft on the desk to check it.",
            ...base,
            image: assetId,
          });
          continue;
        }
        const stored = options.mediaFindings(assetId);
        if (stored === null) {
          findings.push({
            rule: "image.unknown",
            severity: "block",
            message: "This image is not in the media library (it may have been deleted). Upload it there, or pick another image.",
            ...base,
            image: assetId,
          });
        } else {
          passThrough(image, assetId, stored);
        }
      } else {
        findings.push({
          rule: "image.unknown",
          severity: "block",
          message: "This image is not in the media library. Upload it there and use the address the library gives.",
          ...base,
        });
      }
    } else if (kind === "external") {
      findings.push({
        rule: "image.external",
        severity: "block",
        message:
          "This image is loaded from another website. The clinic's rule is that images come through the media library, where they are checked for watermarks: upload it there.",
        ...base,
      });
    } else if (kind === "unsafe") {
      findings.push({
        rule: "image.external",
        severity: "block",
        message:
          "This image is embedded in the text itself, where it cannot be checked for watermarks. Upload it to the media library instead.",
        ...base,
        image: image.src.slice(0, 40),
      });
    } else if (kind === "relative") {
      const local = options.localImageFindings?.(image.src) ?? null;
      if (local === null) {
        findings.push({
          rule: "image.unknown",
          severity: "block",
          message: "This image is not in the media library. Upload it there and use the address the library gives.",
          ...base,
        });
      } else {
        passThrough(image, image.src, local);
      }
    } else {
      findings.push({
        rule: "image.unknown",
        severity: "block",
        message: "This image has no usable address. Pick it from the media library.",
        ...base,
      });
    }
  }
  return findings;
}

// ---------------------------------------------------------------------------

/** Every finding for one Markdown draft, in line order. A clean draft gives none. */
export function checkMarkdown(markdown: string, options: MarkdownCheckOptions): Finding[] {
  const outline = outlineMarkdown(markdown);
  const all = [
    ...repeatFindings(outline),
    ...noteFindings(outline),
    ...listFindings(outline),
    ...linkFindings(outline, options),
    ...imageFindings(outline, options),
  ];
  const seen = new Set<string>();
  const unique = all.filter((f) => {
    const key = `${f.rule}|${f.line ?? ""}|${f.image ?? ""}|${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}
