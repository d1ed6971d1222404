// The guard's link rules: a link without text or address (link.empty), with
// an address the page will not open (link.unsafe), or leading nowhere on
// this site: a missing anchor, a page that does not exist, a relative
// address (link.broken-internal).
import type { Finding } from "./findings.ts";
import { excerptOf, quote } from "./guard-excerpts.ts";
import { classifyUrl, type MarkdownOutline } from "./markdown.ts";
import { sitePathOf } from "./site-paths.ts";

function anchorOf(href: string): string {
  const raw = href.slice(1);
  try {
    return decodeURIComponent(raw).toLowerCase();
  } catch {
    return raw.toLowerCase();
  }
}

/** `internalPathExists`: does this site path (no host, may include the "/fr" prefix; query and hash removed) lead to a page? */
export function linkFindings(outline: MarkdownOutline, internalPathExists: (path: string) => boolean): Finding[] {
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
      if (path === null || !internalPathExists(path)) {
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
