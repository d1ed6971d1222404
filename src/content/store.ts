// The publishing desk's documents: pages and articles in English or French,
// every save an immutable revision with the quality guard's report, and the
// workflow draft → review → published (or scheduled, or unpublished). The
// public sees the published revision, which stays live while a new draft is
// edited. Every change is audited with ids, never with the text itself.
//
// Who: content.edit writes drafts, uploads images and submits for review;
// content.publish publishes, schedules and unpublishes; content.override (the
// owner) publishes over blocking findings with a reason. The guard runs on
// every save and again, fresh, at every submission, publication and schedule,
// and once more when a scheduled revision's time comes.
//
// This module is the desk's public surface; each job lives in a file of its
// own: document-input (what an editor types), evaluate-content (the guard
// with what the site holds), publish-gate (overrides and licence
// confirmations), desk-reading, draft-writing, document-workflow,
// publish-due (scheduled publication) and live-documents (the public side).

export type { StaffActor } from "../kernel/access.ts";
export { documentPath, KIND_PATH } from "./document-path.ts";
export { ContentStateError, GuardBlockedError } from "./errors.ts";
export { readContent, type ContentInput, type RevisionContent } from "./document-input.ts";
export { evaluateContent, mediaIdsIn } from "./evaluate-content.ts";
export type { GateInput } from "./publish-gate.ts";
export {
  getRevision,
  listDocuments,
  listRevisions,
  viewDocument,
  type DocumentListFilters,
  type DocumentListRow,
  type DocumentView,
  type RevisionListRow,
} from "./desk-reading.ts";
export { createDocument, restoreRevision, saveDraft } from "./draft-writing.ts";
export { cancelSchedule, publishDocument, scheduleDocument, submitForReview, unpublishDocument } from "./document-workflow.ts";
export { publishDueDocuments } from "./publish-due.ts";
export {
  findLiveDocument,
  listLiveArticles,
  publishedPaths,
  type ArticleListItem,
  type LiveDocument,
  type LiveLookup,
  type PublishedPath,
} from "./live-documents.ts";
