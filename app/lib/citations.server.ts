// The clinical reference (docs/clinical/README.md) as a lookup: a rule's
// citation keys ("ref-25", "clinic-8") to the source they name, so staff see
// each reason's sources in words. Read at build time (Vite ?raw), so the page
// and the rules can never drift apart unnoticed (citations.test.ts).
import reference from "../../docs/clinical/README.md?raw";

export interface Citation {
  key: string;
  /** The source as the reference table gives it (authors, journal, year, link). */
  source: string;
  /** What the project takes from it. */
  use: string;
}

function parse(markdown: string): Map<string, Citation> {
  const map = new Map<string, Citation>();
  for (const line of markdown.split("\n")) {
    const m = line.match(/^\|\s*<a id="([a-z]+-\d+)"><\/a>[^|]*\|\s*([^|]+?)\s*\|(.*)$/);
    if (!m) continue;
    const cells = m[3]!
      .split("|")
      .map((c) => c.trim())
      .filter(Boolean);
    const use = cells.at(-1) ?? "";
    map.set(m[1]!, { key: m[1]!, source: m[2]!, use });
  }
  return map;
}

const CITATIONS = parse(reference);

export function citation(key: string): Citation | null {
  return CITATIONS.get(key) ?? null;
}

export function citationKeys(): string[] {
  return [...CITATIONS.keys()];
}
