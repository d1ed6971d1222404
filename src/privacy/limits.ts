// The health record's limits and periods, shared by the domain module and the
// pages that show them. Plain values only: page components import this file,
// so it must not pull server code (crypto, the database) into the browser bundle.

/** How long a break-the-glass access lasts before the reason must be given again. */
export const BREAK_GLASS_MINUTES = 30;
export const BREAK_GLASS_REASON_MIN = 10;
export const BREAK_GLASS_REASON_MAX = 500;
export const NOTE_MAX_CHARS = 10_000;
export const CORRECTION_MIN_CHARS = 10;
export const CORRECTION_MAX_CHARS = 5_000;
/** PHIPA s. 55(3): a correction request is answered within 30 days. */
export const CORRECTION_ANSWER_DAYS = 30;
