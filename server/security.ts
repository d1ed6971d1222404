// Response headers and request checks every page and API answer gets.
import { randomBytes } from "node:crypto";
import type { NextFunction, Request, Response } from "express";

export interface SecurityOptions {
  /** Origins the site answers on; forms and fetches from anywhere else are refused. */
  allowedOrigins: string[];
  /** true when served over TLS (HSTS, Secure cookies). */
  https: boolean;
}

const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    // Only our own bundles and the one inline hydration script that carries this request's nonce.
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join("; ");
}

/** Sets the headers and puts a fresh CSP nonce in res.locals.cspNonce for the page renderer. */
export function securityHeaders(options: SecurityOptions) {
  return (_req: Request, res: Response, next: NextFunction) => {
    const nonce = randomBytes(16).toString("base64");
    res.locals.cspNonce = nonce;
    res.set("Content-Security-Policy", contentSecurityPolicy(nonce));
    res.set("X-Content-Type-Options", "nosniff");
    res.set("Referrer-Policy", "strict-origin-when-cross-origin");
    res.set("X-Frame-Options", "DENY");
    res.set("Cross-Origin-Opener-Policy", "same-origin");
    res.set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
    if (options.https) res.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    next();
  };
}

/**
 * Refuses state-changing requests that a browser sent from another site. A
 * browser always sends Origin on a cross-site POST. The public booking API
 * takes no cookies, so a clinic's widget on its own site may call it from any
 * origin as long as it sends no credentials.
 */
export function originCheck(options: SecurityOptions) {
  const allowed = new Set(options.allowedOrigins.map((o) => o.replace(/\/$/, "")));
  return (req: Request, res: Response, next: NextFunction) => {
    if (!UNSAFE_METHODS.has(req.method)) return next();
    const origin = req.headers.origin;
    if (origin === undefined) return next();
    if (allowed.has(origin)) return next();
    if (req.path.startsWith("/api/v1/") && !req.headers.cookie) return next();
    res
      .status(403)
      .type("application/problem+json")
      .send(
        JSON.stringify({
          type: "https://dermaplan.app/problems/cross-origin",
          title: "This request came from another site and was refused",
          status: 403,
        }),
      );
  };
}
