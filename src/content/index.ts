// The public surface of content: what the rest of the product may use of it.
// Another domain imports these names from the files named below (directly:
// the domains still call each other, and a barrel would make import cycles);
// src/dependencies.test.ts refuses any other name from this folder.
// To make something public, add it here in the change that needs it.

export { getRevision, listDocuments, listRevisions, viewDocument } from "./desk-reading.ts";
export { diffLines, foldUnchanged, type DiffLine } from "./diff.ts";
export { cancelSchedule, publishDocument, scheduleDocument, submitForReview, unpublishDocument } from "./document-workflow.ts";
export { createDocument, restoreRevision, saveDraft } from "./draft-writing.ts";
export { ContentStateError, GuardBlockedError } from "./errors.ts";
export { evaluateContent } from "./evaluate-content.ts";
export { report, type Finding, type FindingSeverity, type GuardReport } from "./findings.ts";
export { checkMarkdown, excerptOf } from "./guard.ts";
export { OVERRIDE_REASON_MIN, STATUSES, SUMMARY_MAX, SUMMARY_RECOMMENDED, TITLE_MAX } from "./limits.ts";
export { listLiveArticles, publishedPaths, type ArticleListItem } from "./live-documents.ts";
export { classifyUrl, outlineMarkdown } from "./markdown.ts";
export { setBrandAllowList, viewBrandAllowList } from "./media-brands.ts";
export { readMediaFile } from "./media-files.ts";
export { listMediaAssets, viewMediaAsset } from "./media-library.ts";
export { recheckMediaAsset, updateMediaAsset, uploadMediaAsset } from "./media-upload.ts";
export { coverPictures, publicDocumentPage, renderContent, type Picture, type PublicDocumentPage } from "./publishing.ts";
export { contentPathOf, isStaticPublicPath, servicePathOf, sitePathOf } from "./site-paths.ts";
export { contentDocuments, contentRevisions, mediaAssets, type DocumentStatus } from "./tables.ts";
export { OCR_PASSES, REPEATED_TEXT_RULE, checkImageDetailed, type OcrPass } from "./watermark.ts";
