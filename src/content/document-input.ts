// What an editor types for a document: its title, summary, Markdown body and
// cover image, read as typed with one message per field, and the kind and
// language chosen when it is created.
import { isUuid } from "../kernel/ids.ts";
import { isPlainLine, LINE_CONTROL_MESSAGE } from "../kernel/text.ts";
import { BODY_MAX, SUMMARY_MAX, SUMMARY_RECOMMENDED, TITLE_MAX } from "./limits.ts";
import type { ContentLocale, DocumentKind } from "./tables.ts";

export interface ContentInput {
  title?: unknown;
  summary?: unknown;
  body?: unknown;
  coverAssetId?: unknown;
}

export interface RevisionContent {
  title: string;
  summary: string;
  body: string;
  coverAssetId: string | null;
}

/** Spaces (line breaks included) collapsed to one, trimmed: titles, summaries, reasons. */
export const oneLine = (v: unknown) =>
  String(v ?? "")
    .replace(/\s+/g, " ")
    .trim();

/** The content as typed, with field errors; the body keeps its text exactly (line endings normalised). */
export function readContent(input: ContentInput): { value: RevisionContent; errors: Record<string, string> } {
  const cover = String(input.coverAssetId ?? "").trim();
  const value: RevisionContent = {
    title: oneLine(input.title),
    summary: oneLine(input.summary),
    body: String(input.body ?? "").replace(/\r\n?/g, "\n"),
    coverAssetId: cover === "" ? null : cover,
  };
  const errors: Record<string, string> = {};
  // Checked as typed, before spaces are collapsed: a line break or a direction mark in a title is refused, not folded away.
  if (!isPlainLine(String(input.title ?? ""))) errors.title = LINE_CONTROL_MESSAGE;
  else if (!value.title) errors.title = "Give it a title.";
  else if (value.title.length > TITLE_MAX) errors.title = `Keep the title under ${TITLE_MAX} characters.`;
  if (value.summary.length > SUMMARY_MAX)
    errors.summary = `Keep the summary under ${SUMMARY_MAX} characters; search results show about ${SUMMARY_RECOMMENDED}.`;
  if (value.body.length > BODY_MAX)
    errors.body = `The text is longer than ${BODY_MAX.toLocaleString("en-CA")} characters. Split it in two.`;
  if (value.coverAssetId !== null && !isUuid(value.coverAssetId)) errors.coverAssetId = "Choose a cover image from the library.";
  return { value, errors };
}

export function readKind(v: unknown): DocumentKind | null {
  return v === "page" || v === "article" ? v : null;
}

export function readLocale(v: unknown): ContentLocale | null {
  return v === "en" || v === "fr" ? v : null;
}

export function sameContent(a: RevisionContent, b: RevisionContent): boolean {
  return a.title === b.title && a.summary === b.summary && a.body === b.body && a.coverAssetId === b.coverAssetId;
}
