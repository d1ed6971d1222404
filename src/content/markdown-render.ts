// The safe HTML renderer the public pages use: raw HTML in the Markdown is
// shown as text, never passed through; links and images keep only safe
// addresses (markdown-urls.ts); library images become <picture> elements.

import { Marked, type Tokens } from "marked";
import { decodeEntities, escapeHtml, escapeKeepingEntities, HeadingSlugger, inlinePlainText, normalizeSource } from "./markdown-text.ts";
import { classifyUrl, IMAGE_SCHEMES, LINK_SCHEMES, safeUrl } from "./markdown-urls.ts";

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
