// Where a sign-in may send a person afterwards (`?next=`, a hidden field, a
// link in an e-mail): a path of this site under one section, never another
// site. A redirect to whatever a URL says is an open redirect — a sign-in page
// of ours that lands on a look-alike — so the value is checked character by
// character rather than parsed leniently: browsers read `//host`, `/\host`,
// tabs and newlines inside a URL, and percent-encoded slashes and dots in ways
// a simple prefix test does not see.

/** Longer than any page of ours: a longer value is refused, not trimmed. */
const MAX_LENGTH = 512;
// Printable ASCII only: no whitespace, no control, nothing a browser strips or folds before reading the URL.
const PRINTABLE = /^[\x21-\x7e]+$/;

/**
 * `value` when it is a same-origin path at `root` or below (`root`,
 * `root/…`, `root?…`), else null. Refused: anything not starting with a
 * single `/` (schemes, `//host`, relative paths), backslashes, `//`
 * anywhere, dot segments, percent-encoding in the path part (an encoded
 * `/`, `\` or `.` is how the tricks above hide), whitespace and control
 * characters, and a fragment.
 */
export function safeLocalPath(value: unknown, root: string): string | null {
  if (typeof value !== "string" || value.length === 0 || value.length > MAX_LENGTH) return null;
  if (!PRINTABLE.test(value) || value.includes("\\") || value.includes("#")) return null;
  const queryAt = value.indexOf("?");
  const path = queryAt < 0 ? value : value.slice(0, queryAt);
  if (path !== root && !path.startsWith(`${root}/`)) return null;
  if (path.includes("//") || path.includes("%") || /\/\.\.?(?:\/|$)/.test(path)) return null;
  // What a browser would make of it, resolved against any origin, must be the same origin and the same text.
  const base = "http://dermaplan.invalid";
  let resolved: URL;
  try {
    resolved = new URL(value, base);
  } catch {
    return null;
  }
  if (resolved.origin !== base || `${resolved.pathname}${resolved.search}` !== value) return null;
  return value;
}
