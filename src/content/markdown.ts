// Markdown for the publishing desk: the safe HTML renderer the public pages
// use, an outline with source line numbers for the quality guard, and the
// plain-text summary for meta descriptions. One lexer (marked, GFM) serves all
// three, so the guard sees the text the visitor will see.
//
// Safety: raw HTML in the Markdown is shown as text, never passed through;
// links and images keep only http(s), mailto and tel addresses and site paths.
//
// Each job lives in a file of its own: markdown-text (entities, escaping,
// heading anchors, plain text), markdown-urls, markdown-render and
// markdown-outline; the summary is here.

import { Lexer, type Tokens } from "marked";
import { inlinePlainText, normalizeSource } from "./markdown-text.ts";

export { decodeEntities, escapeHtml, HeadingSlugger, inlinePlainText, slugifyHeading } from "./markdown-text.ts";
export { classifyUrl, type UrlKind } from "./markdown-urls.ts";
export { DEFAULT_IMAGE_SIZES, renderMarkdown, type RenderOptions, type ResolvedImage } from "./markdown-render.ts";
export {
  outlineMarkdown,
  type MarkdownOutline,
  type OutlineBlock,
  type OutlineBlockKind,
  type OutlineHtml,
  type OutlineImage,
  type OutlineLink,
  type OutlineSection,
} from "./markdown-outline.ts";

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
