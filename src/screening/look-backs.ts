// How far back a question about past treatments looks, one window per rule it
// serves. A treatment before the window is never asked about, so the window
// must reach back at least as far as the rule's wait: otherwise a treatment
// still inside the wait would go unreported (look-backs.test.ts checks the
// defaults).
//
// Why the self-check asks about the last 3 months and the intake about the
// last 6: the self-check's treatment step serves the short waits alone
// (7 to 28 days), and asks about surgery and injuries, the one 6-month wait,
// on a step of their own. The intake asks every recent treatment on one page,
// its rows shared by two gate questions, so both gates use the longer window.

/**
 * The rules of the short waits after a treatment: recent-chemical-peel,
 * recent-laser (with IPL), recent-neurotoxin, recent-filler,
 * recent-microneedling and recent-hair-removal, 7 to 28 days by default.
 * Three months cover them comfortably; a clinic that overrides one of those
 * waits beyond three months needs a longer window.
 */
export const RECENT_TREATMENT_LOOKBACK_MONTHS = 3;

/**
 * recent-surgery-or-trauma: 6 months after surgery or an injury. The intake's
 * two treatment questions share this window (which also leaves room for a
 * clinic that lengthens one of the short waits).
 */
export const SURGERY_OR_TRAUMA_LOOKBACK_MONTHS = 6;
