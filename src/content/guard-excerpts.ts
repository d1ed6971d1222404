// How the guard quotes the draft in its findings: short excerpts on one line,
// quoted words in messages, and line ranges.

const EXCERPT_MAX = 120;

/** Whitespace collapsed, at most 120 characters (an ellipsis marks a cut). */
export function excerptOf(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= EXCERPT_MAX ? flat : `${flat.slice(0, EXCERPT_MAX - 1).trimEnd()}…`;
}

/** A window of at most 120 characters around `index` in `text`. */
export function excerptAround(text: string, index: number): string {
  const flat = text.replace(/\s+/g, " ");
  if (flat.trim().length <= EXCERPT_MAX) return flat.trim();
  const start = Math.max(0, Math.min(index - 40, flat.length - (EXCERPT_MAX - 2)));
  const slice = flat.slice(start, start + EXCERPT_MAX - 2).trim();
  return `${start > 0 ? "…" : ""}${slice}${start + EXCERPT_MAX - 2 < flat.length ? "…" : ""}`.slice(0, EXCERPT_MAX);
}

export function quote(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return `“${flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`}”`;
}

export function lines(from: number, to: number): string {
  return from === to ? `line ${from}` : `lines ${from}–${to}`;
}
