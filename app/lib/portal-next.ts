// The account page a signed-out visitor was going to (`next`), carried from
// the portal's redirect through the sign-in page, the e-mailed link and the
// button that spends it. src/clients/return-path.ts decides what may be
// carried; this file only puts it in addresses and says why on the page.
import { portalReturnPath } from "../../src/clients/return-path.ts";
import type { MessageKey } from "../i18n/catalog.ts";

/** The `next` of a request's address, when it is an account page worth going back to (not /portal itself). */
export function nextOf(request: Request): string | null {
  const next = portalReturnPath(new URL(request.url).searchParams.get("next"));
  return next === "/portal" ? null : next;
}

/** `path` with `next` in its query (before `lang`, which withLang adds last). */
export function withNext(path: string, next: string | null): string {
  if (!next) return path;
  return `${path}${path.includes("?") ? "&" : "?"}next=${encodeURIComponent(next)}`;
}

/** Why the sign-in page is asked for, when the destination says it: a heading and a sentence. */
export function signInReason(next: string | null): { heading: MessageKey; text: MessageKey } | null {
  const path = next?.split("?")[0];
  if (path === "/portal/intake") return { heading: "portal.login.why.intake", text: "portal.login.why.intakeText" };
  return null;
}
