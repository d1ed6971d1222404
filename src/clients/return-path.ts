// Where a signed-out visitor was going in the account, carried through the
// sign-in (the page, the e-mailed link, the button that spends it) and
// landed on afterwards.
import { safeLocalPath } from "../kernel/local-path.ts";

// The pages that sign in or out: going back to one after signing in goes nowhere.
const SIGN_IN_PAGES = new Set(["/portal/login", "/portal/verify", "/portal/logout"]);

/**
 * Where in the account a visitor was going, for after they sign in: a page
 * at /portal or below (src/kernel/local-path.ts says what is refused), with
 * `lang` dropped (signed in, the account speaks the client's own language).
 * Null for anything else: the caller then goes to /portal.
 */
export function portalReturnPath(value: unknown): string | null {
  const safe = safeLocalPath(value, "/portal");
  if (!safe) return null;
  const url = new URL(safe, "http://dermaplan.invalid");
  if (SIGN_IN_PAGES.has(url.pathname)) return null;
  if (!url.searchParams.has("lang")) return safe;
  url.searchParams.delete("lang");
  return url.pathname + url.search;
}
