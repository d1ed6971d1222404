// A document's place in the workflow, in words (the colour only repeats them).
import type { DocumentStatus } from "../../src/content/tables.ts";

export const STATUS_TEXT: Record<DocumentStatus, string> = {
  draft: "Draft",
  review: "Waiting for review",
  scheduled: "Scheduled",
  published: "Published",
  unpublished: "Taken off the site",
};

export const LOCALE_TEXT = { en: "English", fr: "French" } as const;
export const KIND_TEXT = { article: "Article", page: "Page" } as const;

export function StatusTags({
  status,
  live,
  changedSinceLive,
  scheduledText,
}: {
  status: DocumentStatus;
  live: boolean;
  changedSinceLive: boolean;
  /** When scheduled: the time, in the clinic's zone. */
  scheduledText?: string | null;
}) {
  return (
    <span className="tags">
      <span className={`tag ${status}`}>
        {STATUS_TEXT[status]}
        {status === "scheduled" && scheduledText ? ` for ${scheduledText}` : ""}
      </span>
      {live && status !== "published" ? <span className="tag live">{changedSinceLive ? "Live (older version)" : "Live"}</span> : null}
    </span>
  );
}
