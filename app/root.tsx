import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useMatches,
  useRouteError,
  useRouteLoaderData,
} from "react-router";
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
}

export async function loader({ context }: Route.LoaderArgs) {
  return { nonce: context.get(nonceContext) };
}

export function Layout({ children }: { children: React.ReactNode }) {
  const matches = useMatches();
  const nonce = useRouteLoaderData<typeof loader>("root")?.nonce || undefined;
  const hydrate = !matches.some((m) => (m.handle as RouteHandle | undefined)?.hydrate === false);
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          Skip to content
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
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const title = status === 404 ? "Page not found" : status < 500 ? "That did not work" : "Something went wrong";
  const specific =
    isRouteErrorResponse(error) && typeof error.data === "string" && status < 500 && error.data !== "Not found" ? error.data : null;
  const text =
    specific ??
    (status === 404
      ? "The page you asked for is not here. It may have moved, or the link may be incomplete."
      : "We could not finish that. Nothing you had already saved was lost. Please try again, or call the clinic.");
  return (
    <main id="main" className="page narrow">
      <title>{`${title} — Dermaplan`}</title>
      <h1>{title}</h1>
      <p>{text}</p>
      <p>
        <a href="/">Go to the home page</a>
      </p>
    </main>
  );
}

// The nonce only matters for the document response; client navigations keep the scripts they have.
export function shouldRevalidate() {
  return false;
}
