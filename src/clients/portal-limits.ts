// Kept apart from portal.ts so pages can show it without bundling server code.

/** A sign-in link works this long, once. */
export const LOGIN_LINK_TTL_MS = 15 * 60_000;
