// The client portal's cookie and request details, on plain web Headers so
// route modules stay thin and this stays framework-free.
import { isIP } from "node:net";
import { SESSION_ABSOLUTE_MS } from "./portal.ts";

export const CLIENT_COOKIE = "dp_client";

/**
 * The requester's address, written by the server process (server/main.ts)
 * from Express's req.ip (socket, or a proxy it trusts), overwriting anything
 * the browser sent. The same header the staff sign-in throttle reads.
 */
export const CLIENT_IP_HEADER = "x-dermaplan-client-ip";

/** Secure cookies whenever the site is served over TLS, as configured or as this request arrived. */
export function isSecureRequest(requestUrl: string, baseUrl: string): boolean {
  return baseUrl.startsWith("https://") || requestUrl.startsWith("https://");
}

function attributes(secure: boolean): string {
  return `Path=/; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
}

export function sessionCookie(token: string, secure: boolean, maxAgeMs = SESSION_ABSOLUTE_MS): string {
  return `${CLIENT_COOKIE}=${token}; Max-Age=${Math.floor(maxAgeMs / 1000)}; ${attributes(secure)}`;
}

export function clearedSessionCookie(secure: boolean): string {
  return `${CLIENT_COOKIE}=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; ${attributes(secure)}`;
}

export function readSessionCookie(headers: Headers): string | null {
  const header = headers.get("Cookie");
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === CLIENT_COOKIE) {
      const value = part.slice(eq + 1).trim();
      return value === "" ? null : value;
    }
  }
  return null;
}

/** The requester's address, or null when the server did not say (then only the per-e-mail limit applies). */
export function clientIp(headers: Headers): string | null {
  let value = headers.get(CLIENT_IP_HEADER)?.trim() ?? "";
  // An IPv4 client on a dual-stack socket shows up as ::ffff:a.b.c.d; count it as a.b.c.d.
  if (value.toLowerCase().startsWith("::ffff:") && isIP(value.slice(7)) === 4) value = value.slice(7);
  return isIP(value) ? value.toLowerCase() : null;
}
