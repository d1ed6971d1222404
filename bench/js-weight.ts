// How much JavaScript a public page ships, measured in a real browser: every
// script response's body and every inline script's text, each gzip-compressed
// with zlib. Used by the budget test (e2e/budget.test.ts) and by
// `npm run bench:web`, so the test and the figures in docs/performance.md are
// the same measure.
import { gzipSync } from "node:zlib";
import type { Browser, Page } from "playwright-core";
import { localizePath, type Locale } from "../app/i18n/locales.ts";

/** The public pages of the budget, by their English path (the French one is under /fr). */
export const PUBLIC_PAGES = ["/", "/microneedling", "/about", "/contact", "/articles", "/book", "/book/:service", "/candidate", "/privacy"];

/** 50 KB of gzip JavaScript per page, at most (docs/decisions/0015-public-javascript-budget.md). */
export const BUDGET_BYTES = 50 * 1024;

export interface ScriptWeight {
  /** The script's address, or "inline". */
  source: string;
  raw: number;
  gzip: number;
}

export interface PageWeight {
  path: string;
  scripts: ScriptWeight[];
  /** Gzip bytes of JavaScript: the figure the budget applies to. */
  gzip: number;
  /** Gzip bytes of structured data (JSON-LD): a script element, but data the browser does not run. */
  structuredData: number;
}

const EXECUTABLE = new Set(["", "text/javascript", "application/javascript", "module"]);

function weigh(source: string, body: Buffer | string): ScriptWeight {
  const bytes = typeof body === "string" ? Buffer.from(body, "utf8") : body;
  return { source, raw: bytes.length, gzip: gzipSync(bytes).length };
}

/**
 * Opens a page (by `open`, a plain navigation by default) with JavaScript on,
 * so every script it asks for is fetched, and weighs what it shipped.
 */
export async function measurePage(page: Page, path: string, open: (page: Page) => Promise<unknown>): Promise<PageWeight> {
  const pending: Promise<ScriptWeight | null>[] = [];
  const onResponse = (response: import("playwright-core").Response) => {
    if (response.request().resourceType() !== "script") return;
    pending.push(
      response
        .body()
        .then((body) => weigh(response.url(), body))
        .catch(() => null),
    );
  };
  page.on("response", onResponse);
  try {
    await open(page);
    await page.waitForLoadState("load");
  } finally {
    page.off("response", onResponse);
  }
  const external = (await Promise.all(pending)).filter((s): s is ScriptWeight => s !== null);
  const inline = await page.$$eval("script:not([src])", (elements) =>
    elements.map((e) => ({ type: (e.getAttribute("type") ?? "").trim().toLowerCase(), text: e.textContent ?? "" })),
  );
  const scripts = [...external, ...inline.filter((s) => EXECUTABLE.has(s.type)).map((s) => weigh("inline", s.text))];
  const structuredData = inline.filter((s) => s.type === "application/ld+json").reduce((n, s) => n + weigh("inline", s.text).gzip, 0);
  return { path, scripts, gzip: scripts.reduce((n, s) => n + s.gzip, 0), structuredData };
}

/** A service's booking page: the first service the booking list links to. */
export async function firstServicePath(browser: Browser, baseUrl: string): Promise<string> {
  const context = await browser.newContext({ javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    await page.goto(`${baseUrl}/book`);
    const href = await page.locator('main a[href^="/book/"]').first().getAttribute("href");
    if (!href) throw new Error("The booking page lists no service");
    return href;
  } finally {
    await context.close();
  }
}

/** Every public page of the budget in both languages, with `/book/:service` filled in. */
export function publicPaths(servicePath: string, locales: readonly Locale[] = ["en", "fr"]): string[] {
  return locales.flatMap((locale) => PUBLIC_PAGES.map((p) => localizePath(p === "/book/:service" ? servicePath : p, locale)));
}

/** The first question of the self-check: a POST from its start page, the heaviest public page (it carries the one inline script). */
export async function openSelfCheckQuestion(page: Page, baseUrl: string, locale: Locale): Promise<void> {
  await page.goto(baseUrl + localizePath("/candidate", locale));
  await Promise.all([page.waitForEvent("load"), page.locator('main form button[name="go"][value="next"]').click()]);
}

/** "0 B", "230 B", "1.4 KB". */
export const kb = (bytes: number) => (bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`);
