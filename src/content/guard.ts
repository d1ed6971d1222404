// The quality guard for Markdown drafts: what the desk runs on every save and
// what `npm run check-content` runs on files. Each finding names a stable rule
// id, a severity, a line of the draft and what the editor should do. The rules
// are described for staff in docs/content-guard.md; each family lives in a
// file of its own (guard-repeats, guard-notes, guard-lists, guard-links,
// guard-images).

import type { Finding } from "./findings.ts";
import { imageFindings, type ImageLookups } from "./guard-images.ts";
import { linkFindings } from "./guard-links.ts";
import { listFindings } from "./guard-lists.ts";
import { noteFindings } from "./guard-notes.ts";
import { repeatFindings } from "./guard-repeats.ts";
import { outlineMarkdown } from "./markdown.ts";

export { excerptOf } from "./guard-excerpts.ts";
export { isMeaninglessAlt } from "./guard-images.ts";

export interface MarkdownCheckOptions extends ImageLookups {
  /** Does this site path (no host, may include "/fr" prefix; query and hash already removed) lead to a page? */
  internalPathExists: (path: string) => boolean;
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

/** Every finding for one Markdown draft, in line order. A clean draft gives none. */
export function checkMarkdown(markdown: string, options: MarkdownCheckOptions): Finding[] {
  const outline = outlineMarkdown(markdown);
  const all = [
    ...repeatFindings(outline),
    ...noteFindings(outline),
    ...listFindings(outline),
    ...linkFindings(outline, options.internalPathExists),
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
