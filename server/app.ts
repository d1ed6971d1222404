// The HTTP application: security headers, the request log, body limits, the
// Origin check, static assets and the React Router app over one set of
// services. The server process (main.ts) and the in-process HTTP suites build
// it the same way, so what the suites check is what runs.
import { resolve, join } from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@react-router/express";
import compression from "compression";
import express, { type Express, type Request, type Response } from "express";
import { RouterContextProvider, type RouterContext, type ServerBuild } from "react-router";
import type { AppServices } from "../app/context.ts";
import { CLIENT_IP_HEADER } from "../src/auth/client-ip.ts";
import { ERROR_SERIALIZERS } from "../src/kernel/log.ts";
import {
  bodyLimit,
  ERROR_ANSWERS,
  errorHandler,
  methodCheck,
  originCheck,
  securityHeaders,
  sendErrorAnswer,
  type ErrorPage,
} from "./security.ts";
import type { ServedClinic } from "./clinic-hosts.ts";

const BODY_LIMIT_BYTES = 1024 * 1024;
/** Image uploads (skin photos, check-in photos, the media library): a phone camera's JPEG, before it is re-encoded smaller. */
const UPLOAD_BODY_LIMIT_BYTES = 12 * 1024 * 1024;
// React Router posts a form with JavaScript on to the same path plus ".data".
const UPLOAD_PATHS = [
  /^\/staff\/plans\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/photos(\.data)?$/i,
  /^\/staff\/media(\.data)?$/,
  /^\/staff\/appointments\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/photos(\.data)?$/i,
  // A client's check-in after a session, with the photo they may send (docs/checkins.md).
  /^\/portal\/checkin\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/\d{1,2}(\.data)?$/i,
];

const UUID_SEGMENT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A request path fit for the log: the segment after /invite/ and any segment
 * long enough to be a random token (32+ characters, not a uuid) are masked.
 */
export function loggablePath(path: string): string {
  const segments = path.split("/");
  return segments
    .map((segment, i) =>
      (i > 0 && segments[i - 1] === "invite" && segment) || (segment.length >= 32 && !UUID_SEGMENT.test(segment)) ? "[token]" : segment,
    )
    .join("/");
}

/**
 * Which responses outside the built assets (always compressed, by their own
 * middleware) are compressed: a page only when nothing in it can be secret to
 * the person asking — no session cookie or Authorization sent, no token in
 * the query, not marked private or no-store. A compressed page that holds a
 * secret beside text an attacker can inject leaks the secret through its size
 * (BREACH), so signed-in and per-person pages go out as they are
 * (docs/decisions/0017-response-compression.md).
 */
export function shouldCompress(req: Pick<Request, "headers" | "query">, res: Pick<Response, "getHeader">): boolean {
  if (req.headers.cookie || req.headers.authorization) return false;
  if (Object.keys(req.query ?? {}).some((name) => /token/i.test(name))) return false;
  const cacheControl = String(res.getHeader("Cache-Control") ?? "");
  if (/no-store|private/i.test(cacheControl)) return false;
  return true;
}

/** Whether the request's address holds a token: a query parameter named like one, or an invitation's path. */
export function carriesToken(req: Pick<Request, "path" | "query">): boolean {
  return req.path.startsWith("/invite/") || Object.keys(req.query ?? {}).some((name) => /token/i.test(name));
}

const BUILD_DIR = resolve(import.meta.dirname, "../build");

/** The production build of the React Router app (`npm run build`). */
export async function loadServerBuild(): Promise<ServerBuild> {
  return (await import(pathToFileURL(join(BUILD_DIR, "server/index.js")).href)) as ServerBuild;
}

/** The request body limit of a path: uploads take a phone photo, everything else a form or a JSON document. */
export function bodyLimitFor(path: string): number {
  return UPLOAD_PATHS.some((p) => p.test(path)) ? UPLOAD_BODY_LIMIT_BYTES : BODY_LIMIT_BYTES;
}

export function createHttpApp(options: {
  build: ServerBuild;
  services: AppServices;
  allowedOrigins: readonly string[];
  /** Several clinics from one deployment: the clinic a request's Host header names, or null when none (server/clinic-hosts.ts). */
  clinicFor?: (host: string | undefined) => Promise<ServedClinic | null>;
}): Express {
  const { build } = options;
  // Errors are logged by their name and codes, never their text (src/kernel/log.ts), whoever built the logger.
  const logger = options.services.logger.child({}, { serializers: ERROR_SERIALIZERS });
  const services: AppServices = { ...options.services, logger };
  const entry = build.entry.module as unknown as {
    servicesContext: RouterContext<AppServices>;
    nonceContext: RouterContext<string>;
    errorPage?: ErrorPage;
  };
  const { servicesContext, nonceContext } = entry;
  const page = () => entry.errorPage;

  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", "loopback");
  const security = { allowedOrigins: [...options.allowedOrigins], https: services.baseUrl.startsWith("https://") };
  app.use(securityHeaders(security));
  app.get("/healthz", (_req, res) => {
    res.set("Cache-Control", "no-store").json({ status: "ok" });
  });
  app.use((req, res, next) => {
    const began = performance.now();
    res.on("finish", () => {
      // The path only: query strings carry manage tokens; tokens in paths (invitations) are masked.
      logger.info(
        { method: req.method, path: loggablePath(req.path), status: res.statusCode, ms: Math.round(performance.now() - began) },
        "request",
      );
    });
    // Route modules see a web Request without the socket address: hand them
    // Express's req.ip (which honours "trust proxy"), never what the client sent.
    if (req.ip) req.headers[CLIENT_IP_HEADER] = req.ip;
    else delete req.headers[CLIENT_IP_HEADER];
    next();
  });
  app.use(methodCheck({ page }));
  const clinicFor = options.clinicFor;
  if (clinicFor) {
    app.use((req, res, next) => {
      // The built scripts and styles are the same for every clinic.
      if (req.path.startsWith("/assets/")) return next();
      clinicFor(req.headers.host).then((clinic) => {
        if (!clinic) return sendErrorAnswer(req, res, ERROR_ANSWERS.noClinicHere, { page: page() });
        res.locals.clinic = clinic;
        res.locals.clinicOrigin = new URL(clinic.baseUrl).origin;
        next();
      }, next);
    });
  }
  app.use(bodyLimit({ limitFor: (req) => bodyLimitFor(req.path), page }));
  app.use(originCheck(security));
  // A page whose address carries a token (manage links, sign-in links,
  // invitations) is never kept by a browser or a proxy, whatever it answers —
  // its error pages included. A route that sets its own Cache-Control still may.
  app.use((req, res, next) => {
    if (carriesToken(req)) {
      const writeHead = res.writeHead;
      res.writeHead = function (this: Response, ...args: Parameters<Response["writeHead"]>) {
        if (!res.getHeader("Cache-Control")) res.setHeader("Cache-Control", "private, no-store");
        return writeHead.apply(this, args);
      } as Response["writeHead"];
    }
    next();
  });
  const clientDir = join(BUILD_DIR, "client");
  // Built scripts and styles are the same file for everyone: always compressed.
  // A missing one is a plain 404 here, never a page of the app.
  app.use(
    "/assets",
    compression(),
    express.static(join(clientDir, "assets"), { immutable: true, maxAge: "1y", index: false }),
    (_req: Request, res: Response) => {
      res.status(404).type("text/plain").send("Not found");
    },
  );
  app.use(compression({ filter: (req, res) => shouldCompress(req as Request, res as Response) && compression.filter(req, res) }));
  // The public folder's files (favicon, social image) all have an extension;
  // an address without one is a page or the API and never costs a disk lookup.
  const publicFiles = express.static(clientDir, { maxAge: "1h", index: false });
  app.use((req, res, next) => (/\.[a-z0-9]+$/i.test(req.path) ? publicFiles(req, res, next) : next()));
  app.all(
    "/{*splat}",
    createRequestHandler({
      build,
      // Always production: React Router then never puts an error's message or stack in a response.
      mode: "production",
      getLoadContext: (_req, res) => {
        const context = new RouterContextProvider();
        const clinic = res.locals.clinic as ServedClinic | undefined;
        context.set(servicesContext, clinic ? { ...services, organizationId: clinic.organizationId, baseUrl: clinic.baseUrl } : services);
        context.set(nonceContext, String(res.locals.cspNonce ?? ""));
        return context;
      },
    }),
  );
  app.use(
    errorHandler({
      page,
      log: (error, status) => logger.error({ err: error, status }, "request failed"),
    }),
  );
  return app;
}
