// The quality guard's findings, as a list beside the editor: what, where
// (a line of the text, linked to the textarea) and what to do. With
// JavaScript, following a line's link selects that line in the textarea.
import type { Finding, FindingSeverity } from "../../src/content/findings.ts";

const SEVERITY_TEXT: Record<FindingSeverity, string> = {
  block: "Blocks publishing",
  confirm: "Needs your confirmation",
  info: "Note",
};

/** Selects a 1-based line of a textarea and scrolls it into view. */
function selectLine(textareaId: string, line: number): boolean {
  const area = document.getElementById(textareaId);
  if (!(area instanceof HTMLTextAreaElement)) return false;
  const lines = area.value.split("\n");
  const index = Math.min(Math.max(line, 1), lines.length) - 1;
  const start = lines.slice(0, index).reduce((n, l) => n + l.length + 1, 0);
  area.focus();
  area.setSelectionRange(start, start + (lines[index]?.length ?? 0));
  const lineHeight = Number.parseFloat(getComputedStyle(area).lineHeight) || 20;
  area.scrollTop = Math.max(0, index * lineHeight - area.clientHeight / 3);
  return true;
}

export function FindingsList({
  findings,
  textareaId,
  imageNames = {},
}: {
  findings: readonly Finding[];
  /** The Markdown textarea the line links point at; none on pages without one. */
  textareaId?: string;
  /** Library ids → file names, so an image finding says which image. */
  imageNames?: Readonly<Record<string, string>>;
}) {
  const order: FindingSeverity[] = ["block", "confirm", "info"];
  const sorted = [...findings].sort((a, b) => order.indexOf(a.severity) - order.indexOf(b.severity) || (a.line ?? 0) - (b.line ?? 0));
  return (
    <ul className="findings">
      {sorted.map((f, i) => (
        <li key={`${f.rule}-${f.line ?? ""}-${f.image ?? ""}-${i}`} className={`finding ${f.severity}`}>
          <p>
            <span className={`tag ${f.severity}`}>{SEVERITY_TEXT[f.severity]}</span>{" "}
            <span className="finding-rule">
              <code>{f.rule}</code>
            </span>
          </p>
          <p>{f.message}</p>
          {f.excerpt ? (
            <p>
              <span className="visually-hidden">Text: </span>
              <q className="finding-excerpt">{f.excerpt}</q>
            </p>
          ) : null}
          {f.image ? <p className="finding-rule">Image: {imageNames[f.image] ?? f.image}</p> : null}
          {f.line && textareaId ? (
            <p>
              <a
                className="finding-line"
                href={`#${textareaId}`}
                onClick={(e) => {
                  if (selectLine(textareaId, f.line!)) e.preventDefault();
                }}
              >
                Line {f.line}
                {f.firstLine ? ` (first copy on line ${f.firstLine})` : ""}
              </a>
            </p>
          ) : f.line ? (
            <p className="finding-rule">Line {f.line}</p>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** Short tags for an image's findings in the library. */
export function MediaFindingTags({ findings }: { findings: readonly Finding[] }) {
  const rules = new Set(findings.map((f) => f.rule));
  const tags: { cls: string; text: string }[] = [];
  if (rules.has("image.watermark")) tags.push({ cls: "block", text: "Watermark found" });
  else if (findings.some((f) => f.severity === "block")) tags.push({ cls: "block", text: "Blocks publishing" });
  if (rules.has("check.not-run")) tags.push({ cls: "confirm", text: "Watermark check did not run" });
  if (rules.has("image.repeated-overlay-text")) tags.push({ cls: "confirm", text: "Repeated text: possible watermark" });
  if (rules.has("image.licence-hint")) tags.push({ cls: "confirm", text: "Confirm the licence" });
  else if (findings.some((f) => f.severity === "confirm" && f.rule !== "check.not-run" && f.rule !== "image.repeated-overlay-text"))
    tags.push({ cls: "confirm", text: "Needs confirmation" });
  if (tags.length === 0) tags.push({ cls: "clean", text: "No findings" });
  return (
    <p className="tags">
      {tags.map((t) => (
        <span key={t.text} className={`tag ${t.cls}`}>
          {t.text}
        </span>
      ))}
    </p>
  );
}
