// Addresses in the Markdown: how each is treated (a site path, an anchor,
// another site, an unsafe scheme…), and the address written into the HTML,
// which keeps only http(s), mailto and tel addresses and site paths.

import { decodeEntities } from "./markdown-text.ts";

export const LINK_SCHEMES: ReadonlySet<string> = new Set(["http", "https", "mailto", "tel"]);
export const IMAGE_SCHEMES: ReadonlySet<string> = new Set(["http", "https"]);

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
export function safeUrl(href: string, allowed: ReadonlySet<string>): string | null {
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
