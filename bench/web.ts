// `npm run bench:web`: Lighthouse (mobile, default throttling) on every public
// page in English and French, and the JavaScript each page ships, written
// between the lighthouse markers in docs/performance.md.
//
// The built app runs as the end-to-end tests run it (e2e/server.ts: a child
// process on a fresh embedded database with the demo clinic). Chromium is the
// one the tests use, from the npm package (or CHROMIUM_PATH). Nothing leaves the machine: every
// request Lighthouse saw is checked to be to the local server, and the run
// fails otherwise. Each page is run three times (BENCH_WEB_RUNS to change it)
// and the run with the median performance score is kept.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { BUDGET_BYTES, firstServicePath, kb, measurePage, openSelfCheckQuestion, publicPaths, type PageWeight } from "./js-weight.ts";
import { CHROMIUM_FLAGS, launchBrowser } from "../e2e/browser.ts";
import { freePort, ROOT, startServer } from "../e2e/server.ts";
import { chromiumInstall } from "../src/testing/chromium.ts";
import { signInAsOwner } from "../e2e/sign-in.ts";

const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"] as const;
type Category = (typeof CATEGORIES)[number];
const CATEGORY_NAMES: Record<Category, string> = {
  performance: "performance",
  accessibility: "accessibility",
  "best-practices": "best practices",
  seo: "SEO",
};

const RUNS = Math.max(1, Number(process.env.BENCH_WEB_RUNS ?? 3) || 3);

interface AuditResult {
  id: string;
  title: string;
  score: number | null;
  scoreDisplayMode: string;
  displayValue?: string;
  details?: { type?: string; items?: { url?: string; group?: string; groupLabel?: string; duration?: number }[] };
}

interface CategoryResult {
  score: number | null;
  auditRefs: { id: string; weight: number; group?: string }[];
}

interface Report {
  lighthouseVersion: string;
  environment: { hostUserAgent: string; benchmarkIndex?: number };
  categories: Record<Category, CategoryResult>;
  audits: Record<string, AuditResult>;
  runtimeError?: { code: string; message: string };
}

interface PageResult {
  path: string;
  scores: Record<Category, number>;
  /** Per category under 100: what keeps it there. */
  blockers: Partial<Record<Category, string[]>>;
  offsite: string[];
}

const pct = (score: number | null) => Math.round((score ?? 0) * 100);

/** The audits that keep a category under 100: weighted audits that did not pass, and for performance the insights that failed. */
function blockersOf(report: Report, category: Category): string[] {
  const lines: string[] = [];
  for (const ref of report.categories[category].auditRefs) {
    const audit = report.audits[ref.id];
    if (!audit || audit.score === null || audit.score >= 1) continue;
    if (audit.scoreDisplayMode === "informative" || audit.scoreDisplayMode === "notApplicable" || audit.scoreDisplayMode === "manual")
      continue;
    const weighted = ref.weight > 0;
    const insight = category === "performance" && (ref.group === "insights" || ref.group === "diagnostics");
    if (!weighted && !insight) continue;
    const value = audit.displayValue ? ` (${audit.displayValue})` : "";
    const where = audit.id === "total-blocking-time" ? ` [main thread: ${mainThread(report)}]` : "";
    lines.push(`\`${audit.id}\` ${audit.title}${value}${where}${weighted ? "" : " — a cause, not itself scored"}`);
  }
  return lines;
}

/** Where the main thread's time went (Lighthouse's groups, longest first): with no script to run, what blocks it. */
function mainThread(report: Report): string {
  const items = report.audits["mainthread-work-breakdown"]?.details?.items ?? [];
  return [...items]
    .sort((a, b) => (b.duration ?? 0) - (a.duration ?? 0))
    .map((i) => `${(i.groupLabel ?? i.group ?? "").toLowerCase()} ${Math.round(i.duration ?? 0)} ms`)
    .join(", ");
}

/** Every address the page asked for that is not the local server. */
function offsiteRequests(report: Report, origin: string): string[] {
  const items = report.audits["network-requests"]?.details?.items ?? [];
  return items
    .map((i) => i.url ?? "")
    .filter((url) => url !== "" && !url.startsWith(`${origin}/`) && url !== origin && !/^(data|blob|about|chrome-extension):/.test(url));
}

async function runLighthouse(url: string, port: number): Promise<Report> {
  // A page that fails to load (the server busy, a load cut short) is tried again before the run gives up.
  for (let attempt = 1; ; attempt++) {
    const result = await lighthouse(url, { port, output: "json", logLevel: "error", onlyCategories: [...CATEGORIES] });
    const report = result?.lhr as unknown as Report | undefined;
    const failure = !report ? "no result" : report.runtimeError ? `${report.runtimeError.code} ${report.runtimeError.message}` : null;
    if (!failure) return report!;
    if (attempt === 3) throw new Error(`Lighthouse could not test ${url}: ${failure}`);
    console.log(`${url}: ${failure}; trying again`);
  }
}

async function main() {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  // The canonical and hreflang links name the address the pages are tested at.
  const server = await startServer({ port, env: { PUBLIC_URL: origin, LOG_LEVEL: "warn" } });
  const install = await chromiumInstall();
  const chrome = await chromeLauncher.launch({
    chromePath: install.executablePath,
    chromeFlags: [...CHROMIUM_FLAGS, ...install.args],
    envVars: { ...process.env, ...install.env } as Record<string, string>,
    logLevel: "error",
  });
  const browser = await launchBrowser();
  try {
    const servicePath = await firstServicePath(browser, origin);
    const paths = publicPaths(servicePath);

    // The JavaScript each page ships, measured as the budget test measures it.
    const weights: PageWeight[] = [];
    const context = await browser.newContext();
    const page = await context.newPage();
    for (const path of paths) weights.push(await measurePage(page, path, (p) => p.goto(origin + path)));
    for (const locale of ["en", "fr"] as const) {
      const path = `${locale === "fr" ? "/fr" : ""}/candidate (a question)`;
      weights.push(await measurePage(page, path, (p) => openSelfCheckQuestion(p, origin, locale)));
    }
    // For comparison: a page that hydrates (the staff calendar, signed in as the demo owner).
    await signInAsOwner(page, origin);
    const hydrated = await measurePage(page, "/staff", (p) => p.goto(`${origin}/staff`));
    await context.close();

    const results: PageResult[] = [];
    let versions = { lighthouse: "", chromium: "", benchmarkIndex: 0 };
    for (const path of paths) {
      const runs: Report[] = [];
      for (let i = 0; i < RUNS; i++) runs.push(await runLighthouse(origin + path, chrome.port));
      runs.sort((a, b) => pct(a.categories.performance.score) - pct(b.categories.performance.score));
      const report = runs[Math.floor(runs.length / 2)]!;
      versions = {
        lighthouse: report.lighthouseVersion,
        chromium: /Chrome\/([\d.]+)/.exec(report.environment.hostUserAgent)?.[1] ?? report.environment.hostUserAgent,
        benchmarkIndex: report.environment.benchmarkIndex ?? 0,
      };
      const scores = Object.fromEntries(CATEGORIES.map((c) => [c, pct(report.categories[c].score)])) as Record<Category, number>;
      const blockers: PageResult["blockers"] = {};
      for (const c of CATEGORIES) if (scores[c] < 100) blockers[c] = blockersOf(report, c);
      const offsite = runs.flatMap((r) => offsiteRequests(r, origin));
      results.push({ path, scores, blockers, offsite });
      console.log(`${path.padEnd(28)} ${CATEGORIES.map((c) => `${CATEGORY_NAMES[c]} ${scores[c]}`).join("  ")}`);
    }

    const offsite = [...new Set(results.flatMap((r) => r.offsite))];
    if (offsite.length > 0) throw new Error(`The pages asked for addresses beyond the local server:\n${offsite.join("\n")}`);

    const block = report({ results, weights, hydrated, versions });
    const docPath = join(ROOT, "docs/performance.md");
    const doc = readFileSync(docPath, "utf8");
    if (!doc.includes("<!-- lighthouse:start -->")) throw new Error("docs/performance.md has no lighthouse markers");
    writeFileSync(docPath, doc.replace(/<!-- lighthouse:start -->[\s\S]*<!-- lighthouse:end -->/, block));
    console.log(`\n${block}\n\nWritten to docs/performance.md.`);
    const over = weights.filter((w) => w.gzip > BUDGET_BYTES);
    if (over.length > 0) throw new Error(`Over the ${kb(BUDGET_BYTES)} JavaScript budget: ${over.map((w) => w.path).join(", ")}`);
  } finally {
    await browser.close();
    chrome.kill();
    await server.stop();
    rmSync(server.dataDir, { recursive: true, force: true });
  }
}

function report(o: {
  results: PageResult[];
  weights: PageWeight[];
  hydrated: PageWeight;
  versions: { lighthouse: string; chromium: string; benchmarkIndex: number };
}): string {
  const when = new Date().toISOString().slice(0, 16) + "Z";
  const node = process.version;
  const cpu = cpus()[0]?.model.trim() ?? "unknown CPU";
  const weightOf = (path: string) => o.weights.find((w) => w.path === path);
  const lines = [
    "<!-- lighthouse:start -->",
    `Measured ${when} by \`npm run bench:web\`: Lighthouse ${o.versions.lighthouse}, Chromium ${o.versions.chromium} (headless), ` +
      `Node ${node}, ${cpus().length} cores (${cpu}, Lighthouse benchmark index ${Math.round(o.versions.benchmarkIndex)}). ` +
      "Mobile form factor with Lighthouse's default throttling (simulated slow 4G, 4× CPU slowdown); the built app on a fresh embedded " +
      `database with the demo clinic, at a local address; ${RUNS === 1 ? "one run per page" : `median of ${RUNS} runs per page by performance score`}. ` +
      "JavaScript is every script response and inline script, gzip-compressed with zlib (JSON-LD structured data is not run and is not counted). " +
      "Lighthouse slows this machine's CPU down 4× to stand for a phone, so the performance scores (Total Blocking Time above all) move with the " +
      "machine and with whatever else runs on it; accessibility, best practices and SEO do not.",
    "",
    "| page | performance | accessibility | best practices | SEO | JavaScript (gzip) |",
    "| --- | --- | --- | --- | --- | --- |",
    ...o.results.map(
      (r) =>
        `| \`${r.path}\` | ${r.scores.performance} | ${r.scores.accessibility} | ${r.scores["best-practices"]} | ${r.scores.seo} | ${kb(weightOf(r.path)?.gzip ?? 0)} |`,
    ),
    "",
    `JavaScript on the self-check's question pages (reached by a form post, so not run through Lighthouse): ${o.weights
      .filter((w) => w.path.endsWith("(a question)"))
      .map((w) => `\`${w.path}\` ${kb(w.gzip)}`)
      .join(", ")}. For comparison, a page that hydrates (the staff calendar, \`/staff\`) ships ${kb(o.hydrated.gzip)} in ` +
      `${o.hydrated.scripts.length} scripts. Budget: ${kb(BUDGET_BYTES)} per page, enforced by \`e2e/budget.test.ts\`.`,
    "",
  ];
  const short = o.results.filter((r) => Object.keys(r.blockers).length > 0);
  if (short.length === 0) {
    lines.push("Every page scores 100 in every category.");
  } else {
    lines.push("What stands in the way of 100:", "");
    for (const r of short) {
      for (const c of CATEGORIES) {
        const list = r.blockers[c];
        if (!list) continue;
        lines.push(
          `- \`${r.path}\` ${CATEGORY_NAMES[c]} ${r.scores[c]}: ${list.length ? list.join("; ") : "no single failing audit (rounding)"}`,
        );
      }
    }
  }
  lines.push("<!-- lighthouse:end -->");
  return lines.join("\n");
}

await main();
