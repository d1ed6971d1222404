import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "playwright-core";
import { expect } from "vitest";
import { chromiumInstall } from "../src/testing/chromium.ts";
import { trackCloser } from "../src/testing/cleanup.ts";

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve("axe-core/axe.min.js");
/** Headless Chromium with nothing running in the background: what the tests and the benchmarks start it with. */
export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-sync",
];

/**
 * Chromium from the npm package @sparticuz/chromium (or CHROMIUM_PATH), with
 * the flags a closed network and a root user need. Fails with the reason when
 * the browser cannot start; src/testing/cleanup.ts stops what a suite started
 * before that.
 */
export async function launchBrowser(): Promise<Browser> {
  const install = await chromiumInstall();
  const browser = await chromium.launch({
    executablePath: install.executablePath,
    env: { ...process.env, ...install.env },
    args: [...CHROMIUM_FLAGS, ...install.args],
  });
  const tracked = trackCloser(() => browser.close());
  browser.once("disconnected", tracked.forget);
  return browser;
}

export const PHONE: BrowserContextOptions = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

const withoutScripts = new WeakSet<BrowserContext>();

/**
 * A browser context for tests. The site's Content-Security-Policy is bypassed
 * so axe (an injected script) can run; staff.test.ts checks the policy itself
 * in a context that keeps it.
 */
export async function newContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ bypassCSP: true, ...options });
  if (options.javaScriptEnabled === false) withoutScripts.add(context);
  return context;
}

/** A new page on a 360 px phone, in a context of its own (see newContext). */
export async function newPhonePage(browser: Browser, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await newContext(browser, { ...PHONE, ...options });
  return context.newPage();
}

/**
 * Runs axe-core on what the page shows; any violation fails with its rule ids
 * and targets. axe is itself a script, so a page opened without JavaScript is
 * copied into a scripted page of the same origin first.
 */
export async function expectNoAxeViolations(page: Page, label: string): Promise<void> {
  let target = page;
  let scratch: BrowserContext | null = null;
  if (withoutScripts.has(page.context())) {
    const html = await page.content();
    scratch = await page
      .context()
      .browser()!
      .newContext({ viewport: page.viewportSize() ?? { width: 360, height: 740 }, bypassCSP: true });
    target = await scratch.newPage();
    await target.goto(new URL("/healthz", page.url()).toString());
    await target.setContent(html, { waitUntil: "load" });
  }
  await target.addScriptTag({ path: AXE_PATH });
  const violations = await target.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: (o: object) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }
    ).axe;
    const result = await axe.run({ resultTypes: ["violations"] });
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  });
  if (scratch) await scratch.close();
  expect(violations, `axe on ${label}`).toEqual([]);
}

/** The page fits a 360 px phone: nothing makes it scroll sideways. */
export async function expectNoHorizontalScroll(page: Page, label?: string): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth), label).toBeLessThanOrEqual(360);
}

/** Where screenshots for a person to look at are kept (DERMAPLAN_SCREENSHOTS); without it none is taken. */
export const SCREENSHOTS = process.env.DERMAPLAN_SCREENSHOTS ?? null;

/** The whole page as a PNG named `name` in DERMAPLAN_SCREENSHOTS, for a person to look at; nothing when it is not set. */
export async function keepScreenshot(page: Page, name: string): Promise<void> {
  if (!SCREENSHOTS) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Page-level JavaScript errors fail the test that caused them. */
export function trackPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  return errors;
}

/**
 * Every id on the page is used once, every `label[for]` names a control that
 * exists, and every form control has an accessible name. axe leaves the first
 * to its deprecated `duplicate-id` rules (off by default), and a label whose
 * `for` is another element's id leaves the second field unnamed.
 */
export async function expectUniqueIdsAndNamedControls(page: Page, label: string): Promise<void> {
  const found = await page.evaluate(() => {
    const problems: string[] = [];
    const ids = [...document.querySelectorAll("[id]")].map((e) => e.id);
    for (const id of new Set(ids.filter((id, i) => ids.indexOf(id) !== i))) problems.push(`id "${id}" is used more than once`);
    for (const l of document.querySelectorAll("label[for]")) {
      const target = document.getElementById(l.getAttribute("for")!);
      if (!target || !["INPUT", "SELECT", "TEXTAREA"].includes(target.tagName))
        problems.push(`label for "${l.getAttribute("for")}" names no field`);
    }
    const text = (e: Element | null) => (e?.textContent ?? "").replace(/\s+/g, " ").trim();
    for (const c of document.querySelectorAll("input:not([type=hidden]), select, textarea, button")) {
      const byLabels = [...((c as HTMLInputElement).labels ?? [])].map(text).join(" ");
      const byRefs = (c.getAttribute("aria-labelledby") ?? "")
        .split(/\s+/)
        .filter(Boolean)
        .map((id) => text(document.getElementById(id)))
        .join(" ");
      const own = c.tagName === "BUTTON" ? text(c) : "";
      if (!`${byLabels}${byRefs}${c.getAttribute("aria-label") ?? ""}${own}`.trim()) {
        problems.push(`${c.tagName.toLowerCase()}${c.id ? `#${c.id}` : `[name="${c.getAttribute("name")}"]`} has no accessible name`);
      }
    }
    return problems;
  });
  expect(found, `ids and names on ${label}`).toEqual([]);
}
