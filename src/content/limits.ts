// The publishing desk's limits and workflow words, shared by the domain code
// and the staff pages (a plain module: pages import it without pulling in the
// database or image code).
import type { DocumentStatus } from "./tables.ts";

export const TITLE_MAX = 200;
export const SUMMARY_MAX = 300;
/** Search engines show about this much of a description. */
export const SUMMARY_RECOMMENDED = 160;
export const BODY_MAX = 200_000;
export const OVERRIDE_REASON_MIN = 10;
export const OVERRIDE_REASON_MAX = 500;

export const STATUSES: readonly DocumentStatus[] = ["draft", "review", "scheduled", "published", "unpublished"];
