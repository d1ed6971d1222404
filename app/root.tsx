import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useMatches,
  useRouteError,
  useRouteLoaderData,
} from "react-router";
import { documentMessages } from "./i18n/messages/document.ts";
import { INTL_LOCALE, isLocale, localeFromPath, localizePath, type Locale } from "./i18n/locales.ts";
import { getServices } from "./context.ts";
import { problem } from "./lib/problem.ts";
import { nonceContext } from "./request-context.ts";
import type { Route } from "./+types/root";
import styles from "./styles.css?url";

export const links: Route.LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export interface RouteHandle {
  /** false: the page is served as plain HTML; forms post to actions without JavaScript. */
  hydrate?: boolean;
  /** true: this route's loader data carries `locale` ("en" | "fr"), the language of the whole document. */
  pageLanguage?: boolean;
  /**
   * true: the page's own meta gives its canonical address, language
   * alternates and OpenGraph address, locale and image (a published article,
   * whose slug differs by language), so the public layout adds none of them.
   */
  ownHeadTags?: boolean;
  /**
   * The same page's address (with its language prefix) in another language,
   * from the route's loader data, when it is not the same path with the
   * prefix switched (an article whose slug differs by language). null: use
   * the prefix switch.
   */
  otherLanguagePath?: (loaderData: unknown, locale: Locale) => string | null;
}

export async function loader({ context }: Route.LoaderArgs) {
  return { nonce: context.get(nonceContext) };
}

/**
 * An API request that fails inside a route answers problem+json like every
 * other API error, never React Router's plain "Unexpected Server Error"; the
 * log gets the error's kind and codes only (src/kernel/log.ts).
 */
const apiProblems: Route.MiddlewareFunction = async ({ context, request }, next) => {
  if (!new URL(request.url).pathname.startsWith("/api/")) return next();
  let failure: unknown = null;
  try {
    const response = await next();
    if (response.status < 500 || /problem\+json/i.test(response.headers.get("content-type") ?? "")) return response;
  } catch (error) {
    failure = error;
  }
  if (failure) getServices(context).logger.error({ err: failure }, "API request failed");
  return problem("server-error", 500, "Something went wrong on our side. Please try again.");
};

export const middleware: Route.MiddlewareFunction[] = [apiProblems];

/**
 * The document's language: that of the deepest route whose handle says its
 * loader data carries the language (the public layout: English at the root,
 * French under /fr). Anything else, staff screens included, takes the
 * language of its address, which is English outside /fr; so does an error
 * page, so "page not found" under /fr is French.
 */
function usePageLocale(): Locale {
  const matches = useMatches();
  const { pathname } = useLocation();
  for (const m of [...matches].reverse()) {
    if (!(m.handle as RouteHandle | undefined)?.pageLanguage) continue;
    const locale = (m.loaderData as { locale?: unknown } | undefined)?.locale;
    if (isLocale(locale)) return locale;
  }
  return localeFromPath(pathname);
}

export function Layout({ children }: { children: React.ReactNode }) {
  const matches = useMatches();
  const locale = usePageLocale();
  const nonce = useRouteLoaderData<typeof loader>("root")?.nonce || undefined;
  const hydrate = !matches.some((m) => (m.handle as RouteHandle | undefined)?.hydrate === false);
  return (
    <html lang={INTL_LOCALE[locale]}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          {documentMessages[locale]["document.skipToContent"]}
        </a>
        {children}
        {hydrate ? (
          <>
            <ScrollRestoration nonce={nonce} />
            <Scripts nonce={nonce} />
          </>
        ) : null}
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const locale = usePageLocale();
  const t = (key: keyof (typeof documentMessages)["en"]) => documentMessages[locale][key];
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const title = t(
    status === 404 ? "document.error.notFound.title" : status < 500 ? "document.error.client.title" : "document.error.server.title",
  );
  const specific =
    isRouteErrorResponse(error) && typeof error.data === "string" && status < 500 && error.data !== "Not found" ? error.data : null;
  const text = specific ?? t(status === 404 ? "document.error.notFound.text" : "document.error.server.text");
  return (
    <main id="main" className="page narrow">
      <title>{`${title} — Dermaplan`}</title>
      <h1>{title}</h1>
      <p>{text}</p>
      <p>
        <a href={localizePath("/", locale)}>{t("document.error.home")}</a>
      </p>
    </main>
  );
}

// The nonce only matters for the document response; client navigations keep the scripts they have.
export function shouldRevalidate() {
  return false;
}
