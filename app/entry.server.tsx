import { PassThrough } from "node:stream";
import type { EntryContext, HandleErrorFunction, RouterContextProvider } from "react-router";
import { createReadableStreamFromReadable } from "@react-router/node";
import { isRouteErrorResponse, ServerRouter } from "react-router";
import type { RenderToPipeableStreamOptions } from "react-dom/server";
import { renderToPipeableStream, renderToStaticMarkup } from "react-dom/server";
import { servicesContext } from "./context.ts";
import { documentMessages } from "./i18n/messages/document.ts";
import { INTL_LOCALE, localeFromPath, localizePath, type Locale } from "./i18n/locales.ts";
import { nonceContext } from "./request-context.ts";
import styles from "./styles.css?url";
import { safeError } from "../src/kernel/log.ts";

// The server process reads this key from the built bundle, so the context it
// fills and the one route modules read are the same object.
export { servicesContext } from "./context.ts";
export { nonceContext } from "./request-context.ts";

export const streamTimeout = 5_000;

/**
 * Logs an error a loader, action or render threw, by its name and codes only
 * (src/kernel/log.ts): a failed query's message carries its parameters, a 404's
 * carries the address with its token. React Router's own default would print
 * the whole error to the console.
 */
function logError(context: Readonly<RouterContextProvider> | undefined, error: unknown, where: string): void {
  let logger: { error: (obj: object, msg: string) => void } | undefined;
  try {
    logger = context?.get(servicesContext).logger;
  } catch {
    logger = undefined;
  }
  if (logger) logger.error({ err: error }, where);
  else process.stderr.write(`${JSON.stringify({ level: 50, msg: where, err: safeError(error) })}\n`);
}

export const handleError: HandleErrorFunction = (error, { request, context }) => {
  // A visitor who went away, and pages that are simply not there, are not errors of the server.
  if (request.signal.aborted) return;
  if (isRouteErrorResponse(error) && error.status < 500) return;
  // A 5xx thrown as a route error response wraps the error itself.
  const inner = isRouteErrorResponse(error) ? (error as { error?: unknown }).error : undefined;
  logError(context, inner ?? error, "request failed");
};

const ERROR_TEXT: Readonly<Record<Locale, Readonly<Record<number, string>>>> = {
  en: {
    400: "The address or what was sent could not be read. Check the link, or go back and try again.",
    405: "This address does not accept that kind of request.",
    413: "What was sent is too large.",
  },
  fr: {
    400: "L’adresse ou ce qui a été envoyé n’a pas pu être lu. Vérifiez le lien, ou revenez en arrière et réessayez.",
    405: "Cette adresse n’accepte pas ce type de requête.",
    413: "Ce qui a été envoyé est trop volumineux.",
  },
};

/**
 * The product's error page for an error the server answers before React
 * Router runs (server/security.ts: an address that cannot be decoded, a
 * method the site does not serve, a body too large, anything that failed
 * there). The same look and words as the root ErrorBoundary; nothing of the error itself.
 */
export function errorPage({ status, path }: { status: number; path: string; nonce: string }): string {
  const locale: Locale = localeFromPath(path);
  const m = documentMessages[locale];
  const title =
    m[status === 404 ? "document.error.notFound.title" : status < 500 ? "document.error.client.title" : "document.error.server.title"];
  const text = ERROR_TEXT[locale][status] ?? m[status === 404 ? "document.error.notFound.text" : "document.error.server.text"];
  const body = renderToStaticMarkup(
    <html lang={INTL_LOCALE[locale]}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} — Dermaplan`}</title>
        <meta name="robots" content="noindex" />
        <link rel="stylesheet" href={styles} />
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
      </head>
      <body>
        <a className="skip-link" href="#main">
          {m["document.skipToContent"]}
        </a>
        <main id="main" className="page narrow">
          <h1>{title}</h1>
          <p>{text}</p>
          <p>
            <a href={localizePath("/", locale)}>{m["document.error.home"]}</a>
          </p>
        </main>
      </body>
    </html>,
  );
  return `<!DOCTYPE html>${body}`;
}

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  routerContext: EntryContext,
  loadContext: RouterContextProvider,
) {
  const nonce = loadContext.get(nonceContext) || undefined;
  if (request.method.toUpperCase() === "HEAD") {
    return new Response(null, { status: responseStatusCode, headers: responseHeaders });
  }
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    // Pages are rendered whole before sending: most of them do not hydrate,
    // so streamed fallbacks would never be replaced.
    const readyOption: keyof RenderToPipeableStreamOptions = "onAllReady";
    let timeoutId: ReturnType<typeof setTimeout> | undefined = setTimeout(() => abort(), streamTimeout + 1000);
    const { pipe, abort } = renderToPipeableStream(<ServerRouter context={routerContext} url={request.url} nonce={nonce} />, {
      nonce,
      [readyOption]() {
        shellRendered = true;
        const body = new PassThrough({
          final(callback) {
            clearTimeout(timeoutId);
            timeoutId = undefined;
            callback();
          },
        });
        const stream = createReadableStreamFromReadable(body);
        responseHeaders.set("Content-Type", "text/html; charset=utf-8");
        pipe(body);
        resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
      },
      onShellError(error: unknown) {
        reject(error);
      },
      onError(error: unknown) {
        responseStatusCode = 500;
        if (shellRendered) logError(loadContext, error, "page render failed");
      },
    });
  });
}
