// The guard's repeat rules: a section, a passage or a paragraph pasted twice,
// word for word or nearly (text.repeated-section, text.repeated-paragraph,
// text.near-duplicate-paragraph). How two texts are compared is in
// guard-similarity.ts.
import type { Finding } from "./findings.ts";
import { excerptOf, lines, quote } from "./guard-excerpts.ts";
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
import type { MarkdownOutline, OutlineBlock, OutlineSection } from "./markdown.ts";

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
export function repeatFindings(outline: MarkdownOutline): Finding[] {
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
