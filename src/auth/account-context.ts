// What every account action (sign-in, two-factor, password change) is given
// and how it reads better-auth's answers. Its own module so the actions can
// share it without importing each other.
import type { Db } from "../db/open.ts";
import { cookieHeaderFromSetCookies, type Auth } from "./auth.ts";
import { clientIp } from "./client-ip.ts";

export interface AccountLogger {
  warn(details: Record<string, unknown>, message: string): void;
  info(details: Record<string, unknown>, message: string): void;
}

/** Everything a sign-in or account action needs from the server and the request. */
export interface AccountContext {
  auth: Auth;
  db: Db;
  logger: AccountLogger;
  organizationId: string;
  /** The request's headers (cookies, user agent), passed on to better-auth. */
  headers: Headers;
  ip: string | null;
  now: number;
}

export function accountContext(
  services: { auth: Auth; db: Db; logger: AccountLogger; organizationId: string; now: () => number },
  request: Request,
): AccountContext {
  return {
    auth: services.auth,
    db: services.db,
    logger: services.logger,
    organizationId: services.organizationId,
    headers: request.headers,
    ip: clientIp(request.headers),
    now: services.now(),
  };
}

/** The same request headers with the cookies some Set-Cookie headers would leave in the browser. */
export function headersWithCookies(headers: Headers, setCookies: readonly string[]): Headers {
  const next = new Headers(headers);
  next.set("cookie", cookieHeaderFromSetCookies(setCookies, headers.get("cookie")));
  return next;
}

export interface AuthCallResult {
  ok: boolean;
  status: number;
  /** better-auth's error code, e.g. INVALID_CODE. */
  code: string | null;
  body: Record<string, unknown>;
  setCookies: string[];
}

/** Reads what a better-auth endpoint called with `asResponse: true` answered. */
export async function readAuthResponse(response: Response): Promise<AuthCallResult> {
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = await response.json();
    if (parsed && typeof parsed === "object") body = parsed as Record<string, unknown>;
  } catch {
    // an empty body
  }
  return {
    ok: response.ok,
    status: response.status,
    code: typeof body.code === "string" ? body.code : null,
    body,
    setCookies: response.headers.getSetCookie(),
  };
}
