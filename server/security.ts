// Response headers and request checks every page and API answer gets.
import { randomBytes } from "node:crypto";
import type { Socket } from "node:net";
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

/** The headers every answer carries, under this CSP nonce. */
export function securityHeaderEntries(options: Pick<SecurityOptions, "https">, nonce: string): [name: string, value: string][] {
  const entries: [string, string][] = [
    ["Content-Security-Policy", contentSecurityPolicy(nonce)],
    ["X-Content-Type-Options", "nosniff"],
    ["Referrer-Policy", "strict-origin-when-cross-origin"],
    ["X-Frame-Options", "DENY"],
    ["Cross-Origin-Opener-Policy", "same-origin"],
    ["Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"],
  ];
  if (options.https) entries.push(["Strict-Transport-Security", "max-age=31536000; includeSubDomains"]);
  return entries;
}

export const newCspNonce = () => randomBytes(16).toString("base64");

/** Sets the headers and puts a fresh CSP nonce in res.locals.cspNonce for the page renderer. */
export function securityHeaders(options: SecurityOptions) {
  return (_req: Request, res: Response, next: NextFunction) => {
    const nonce = newCspNonce();
    res.locals.cspNonce = nonce;
    for (const [name, value] of securityHeaderEntries(options, nonce)) res.set(name, value);
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
    // Several clinics from one deployment: each also takes its own pages' posts (server/clinic-hosts.ts).
    if (res.locals.clinicOrigin !== undefined && origin === res.locals.clinicOrigin) return next();
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

// ---------------------------------------------------------------------------
// Errors a visitor can cause before or around the app: a body too large, a
// method the site does not serve, an address that cannot be decoded. Each
// gets the product's own answer (a page for browsers, problem+json for the API
// and any other client) and nothing of the server's internals: no stack, no
// file, no message.

const PROBLEM_BASE = "https://dermaplan.app/problems/";

/** The methods the site answers; anything else (TRACE, CONNECT, WebDAV…) is refused before routing. */
export const SUPPORTED_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
const SUPPORTED = new Set<string>(SUPPORTED_METHODS);

/** What the app says for a status it answers itself; `page` renders the product's error page (entry.server.tsx). */
export interface ErrorAnswer {
  status: number;
  type: string;
  title: string;
}

export const ERROR_ANSWERS = {
  badRequest: { status: 400, type: "bad-request", title: "The request could not be read" },
  methodNotAllowed: { status: 405, type: "method-not-allowed", title: "This address does not accept that method" },
  payloadTooLarge: { status: 413, type: "payload-too-large", title: "The request body is too large" },
  noClinicHere: { status: 404, type: "not-found", title: "No clinic answers at this address" },
  serverError: { status: 500, type: "server-error", title: "Something went wrong on our side" },
} as const satisfies Record<string, ErrorAnswer>;

export type ErrorPage = (input: { status: number; path: string; nonce: string }) => string;

function minimalErrorPage({ status }: { status: number }): string {
  const title = status === 500 ? "Something went wrong" : "That did not work";
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${title} — Dermaplan</title></head><body><main><h1>${title}</h1><p><a href="/">Go to the home page</a></p></main></body></html>`;
}

/** Sends one of the answers above: the error page for browsers, problem+json for the API and any other client. */
export function sendErrorAnswer(
  req: Request,
  res: Response,
  answer: ErrorAnswer,
  options: { page?: ErrorPage; headers?: Record<string, string> } = {},
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  // Headers a route may have set before it failed must not reach the error answer.
  for (const name of res.getHeaderNames()) {
    if (
      !/^(content-security-policy|x-content-type-options|referrer-policy|x-frame-options|cross-origin-opener-policy|permissions-policy|strict-transport-security|connection)$/i.test(
        name,
      )
    )
      res.removeHeader(name);
  }
  res.status(answer.status);
  res.set("Cache-Control", "no-store");
  for (const [name, value] of Object.entries(options.headers ?? {})) res.set(name, value);
  const path = safePath(req);
  // A page for browsers (they ask for HTML); problem+json for the API and for any other client.
  const wantsPage = !path.startsWith("/api/") && /text\/html/i.test(String(req.headers.accept ?? ""));
  if (!wantsPage) {
    res
      .type("application/problem+json")
      .send(JSON.stringify({ type: PROBLEM_BASE + answer.type, title: answer.title, status: answer.status }));
    return;
  }
  if (req.method === "HEAD") {
    res.type("text/html; charset=utf-8").end();
    return;
  }
  let html: string;
  try {
    html = (options.page ?? minimalErrorPage)({ status: answer.status, path, nonce: String(res.locals.cspNonce ?? "") });
  } catch {
    html = minimalErrorPage({ status: answer.status });
  }
  res.type("text/html; charset=utf-8").send(html);
}

/** The request's path for choosing an answer, without ever throwing on an address that cannot be decoded. */
function safePath(req: Request): string {
  const raw = (req.originalUrl ?? req.url ?? "/").split("?")[0] ?? "/";
  return raw.startsWith("/") ? raw : "/";
}

/** Refuses a method the site does not serve with 405 and the methods it does. */
export function methodCheck(options: { page?: () => ErrorPage | undefined } = {}) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (SUPPORTED.has(req.method)) return next();
    sendErrorAnswer(req, res, ERROR_ANSWERS.methodNotAllowed, { page: options.page?.(), headers: { Allow: SUPPORTED_METHODS.join(", ") } });
  };
}

/** The error a request body stream ends with when it passed its limit; what was reading it stops there. */
export class PayloadTooLargeError extends Error {
  readonly status = 413;
  constructor() {
    super("The request body passed its limit");
    this.name = "PayloadTooLargeError";
  }
}

/** How long a connection closed with part of its request body unread stays open after the answer, reading nothing more. */
const LINGER_MS = 2_000;

/**
 * Makes the server's close of this connection (Node calls `destroySoon` after
 * an answer with `Connection: close`) a lingering one: the answer, then a FIN,
 * then nothing more is read, and the socket is dropped a little later. Closing
 * at once while unread bytes wait in the kernel sends a reset, which can wipe
 * out the answer before the client has read it.
 */
function closeLingering(req: Request, then?: () => void): void {
  const socket = req.socket as Socket | null;
  if (!socket || (socket as Socket & { lingering?: boolean }).lingering) return;
  (socket as Socket & { lingering?: boolean }).lingering = true;
  socket.destroySoon = function lingeringClose(this: Socket) {
    this.pause();
    // Nothing may start reading again (Node resumes a request it dumps): the rest of the body stays unread.
    this.resume = () => this;
    if (this.writable) this.end();
    const timer = setTimeout(() => {
      then?.();
      this.destroy();
    }, LINGER_MS);
    timer.unref();
    this.once("close", () => {
      clearTimeout(timer);
      then?.();
    });
  };
}

/**
 * Bounds what a request body can make the server read, whatever the request
 * declares. A Content-Length over the limit is refused at once. Otherwise the
 * bytes are counted as they come off the connection (HTTP's parser hands each
 * piece of a body to the request stream through `push`, before anything reads
 * it), so a chunked body without a length is stopped as soon as it passes the
 * limit: the parser stops reading the connection, the client gets 413 with
 * `Connection: close`, and whatever was reading the body (React Router's
 * request) ends with PayloadTooLargeError instead of a short body it might
 * take for a whole one. A response sent before the body has all arrived (a
 * redirect, a 405 from a page without a form) closes the connection too, so
 * the rest of the body is never read.
 */
export function bodyLimit(options: { limitFor: (req: Request) => number; page?: () => ErrorPage | undefined }) {
  return (req: Request, res: Response, next: NextFunction) => {
    const limit = options.limitFor(req);
    const declared = req.headers["content-length"];
    const tooLarge = () =>
      sendErrorAnswer(req, res, ERROR_ANSWERS.payloadTooLarge, { page: options.page?.(), headers: { Connection: "close" } });
    if (declared !== undefined && !(Number(declared) <= limit)) {
      closeLingering(req);
      tooLarge();
      return;
    }
    // Bodyless requests (no Transfer-Encoding, no length) have nothing to count or leave unread.
    if (req.headers["transfer-encoding"] === undefined && !(Number(declared) > 0)) return next();
    let received = req.readableLength;
    let refused = false;
    const push = req.push;
    req.push = function countedPush(this: Request, chunk: unknown, encoding?: BufferEncoding): boolean {
      if (refused) return false;
      if (chunk !== null && chunk !== undefined) {
        received += typeof chunk === "string" ? Buffer.byteLength(chunk, encoding) : (chunk as Uint8Array).byteLength;
        if (received > limit) {
          refused = true;
          refuse();
          return false;
        }
      }
      return push.call(this, chunk, encoding);
    };
    const refuse = () => {
      // What reads the body must not see it end quietly (a cut form would look whole): its stream
      // fails with PayloadTooLargeError, once the answer has had time to reach the client.
      req.on("error", () => {});
      const fail = () => req.destroy(new PayloadTooLargeError());
      if (res.headersSent) {
        fail();
        return;
      }
      closeLingering(req, fail);
      tooLarge();
    };
    const writeHead = res.writeHead;
    res.writeHead = function writeHeadClosingEarly(this: Response, ...args: Parameters<Response["writeHead"]>) {
      if (!req.complete && !this.hasHeader("Connection")) {
        this.setHeader("Connection", "close");
        closeLingering(req);
      }
      return writeHead.apply(this, args);
    } as Response["writeHead"];
    next();
  };
}

/** Whether an error is an address (or parameter) that could not be percent-decoded. */
function isBadEncoding(error: unknown): boolean {
  return error instanceof URIError || (error as { code?: unknown } | null)?.code === "ERR_INVALID_URL";
}

/**
 * The last middleware: any error that reached Express becomes the product's
 * own answer (see sendErrorAnswer), logged by its name and codes only.
 */
export function errorHandler(options: { log: (error: unknown, status: number) => void; page?: () => ErrorPage | undefined }) {
  return (error: unknown, req: Request, res: Response, next: NextFunction) => {
    void next;
    const status =
      (error as { status?: unknown; statusCode?: unknown } | null)?.status ?? (error as { statusCode?: unknown } | null)?.statusCode;
    const type = (error as { type?: unknown } | null)?.type;
    const answer = isBadEncoding(error)
      ? ERROR_ANSWERS.badRequest
      : error instanceof PayloadTooLargeError || status === 413 || type === "entity.too.large"
        ? ERROR_ANSWERS.payloadTooLarge
        : !SUPPORTED.has(req.method) || status === 405
          ? ERROR_ANSWERS.methodNotAllowed
          : typeof status === "number" && status >= 400 && status < 500 // body parse errors ("entity.parse.failed") and the like
            ? ERROR_ANSWERS.badRequest
            : ERROR_ANSWERS.serverError;
    if (answer.status >= 500) options.log(error, answer.status);
    sendErrorAnswer(req, res, answer, {
      page: options.page?.(),
      headers: answer === ERROR_ANSWERS.methodNotAllowed ? { Allow: SUPPORTED_METHODS.join(", ") } : {},
    });
  };
}
