// `npm run bench:cold-start`: how long `npm start` takes, on a data folder
// that already exists, from the process starting to the first 200 from
// /healthz — and, after it, to the first 200 of the home page, so that a
// health check answered early cannot hide work merely moved behind it.
//
// One data folder is prepared first (a start on an empty folder migrates it
// and loads the demo clinic; it is then stopped with SIGTERM). Each run then
// spawns `node scripts/start.mjs` on that folder, polls /healthz every 10 ms,
// and stops the server with SIGTERM, waiting for it to exit. The temporary
// folder is removed at the end, on failure and on Ctrl-C alike.
//
// Options: --runs=N (default 10), --root=DIR (the checkout to start, default
// this one: measure another commit from a worktree), --json[=FILE] (print the
// figures as JSON, or write them to FILE), --no-page (skip the home page).
// The build must be newer than the sources (`npm run build`): start.mjs would
// otherwise rebuild inside the measurement, and the bench refuses to run.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { freePort } from "../e2e/server.ts";

const POLL_MS = 10;
const GIVE_UP_MS = 180_000; // the first start on a busy two-core machine can pass a minute
const STOP_TIMEOUT_MS = 30_000;
const OWNER_PASSWORD = "bench-owner-password";

function option(name: string): string | undefined {
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    if (args[i] === `--${name}`) return args[i + 1] !== undefined && !args[i + 1]!.startsWith("--") ? args[i + 1] : "";
    if (args[i]!.startsWith(`--${name}=`)) return args[i]!.slice(name.length + 3);
  }
  return undefined;
}

const ROOT = resolve(option("root") || resolve(import.meta.dirname, ".."));
const RUNS = Number(option("runs") ?? 10);
const JSON_OUT = option("json");
const PAGE = !process.argv.includes("--no-page");
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error("--runs must be a whole number, at least 1");
if (!existsSync(join(ROOT, "scripts/start.mjs"))) throw new Error(`${ROOT} has no scripts/start.mjs`);

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/** The same test start.mjs makes before it rebuilds. */
function buildIsStale(): boolean {
  const built = join(ROOT, "build/server/index.js");
  if (!existsSync(built)) return true;
  return Math.max(...["app", "src", "public"].map((d) => newest(join(ROOT, d)))) > statSync(built).mtimeMs;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function ok(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(GIVE_UP_MS) });
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false; // not listening yet
  }
}

interface Run {
  /** Spawn to the first 200 from /healthz. */
  healthz: number;
  /** Spawn to the first 200 of the home page, asked for right after. */
  page: number | null;
}

let child: ChildProcess | null = null;
let output = "";

function stopChild(): Promise<number | null> {
  const running = child;
  if (!running) return Promise.resolve(null);
  if (running.exitCode !== null || running.signalCode !== null) return Promise.resolve(running.exitCode);
  const exited = new Promise<number | null>((r) => running.once("exit", (code) => r(code)));
  running.kill("SIGTERM");
  const timer = setTimeout(() => running.kill("SIGKILL"), STOP_TIMEOUT_MS);
  return exited.finally(() => clearTimeout(timer));
}

/** One `npm start` (as start.mjs runs it) on the data folder, timed from spawn. */
async function start(dataDir: string, withPage: boolean): Promise<Run> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  output = "";
  const began = performance.now();
  child = spawn(process.execPath, [join(ROOT, "scripts/start.mjs")], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: "127.0.0.1",
      DEMO_OWNER_PASSWORD: OWNER_PASSWORD,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const running = child;
  let healthz = 0;
  for (;;) {
    if (running.exitCode !== null || running.signalCode !== null)
      throw new Error(`The server exited (${running.exitCode ?? running.signalCode}):\n${output}`);
    if (await ok(`${url}/healthz`)) {
      healthz = performance.now() - began;
      break;
    }
    if (performance.now() - began > GIVE_UP_MS) throw new Error(`No 200 from /healthz after ${GIVE_UP_MS} ms:\n${output}`);
    await sleep(POLL_MS);
  }
  let page: number | null = null;
  if (withPage) {
    if (!(await ok(`${url}/`))) throw new Error(`The home page did not answer 200 after /healthz did:\n${output}`);
    page = performance.now() - began;
  }
  const code = await stopChild();
  child = null;
  if (code !== 0) throw new Error(`The server exited with ${code} on SIGTERM:\n${output}`);
  if (/Building Dermaplan/.test(output)) throw new Error("start.mjs rebuilt the app during the run: the figure is not a cold start");
  return { healthz, page };
}

function summary(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  const median = sorted.length % 2 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { min: sorted[0]!, median, max: sorted.at(-1)! };
}

const fmt = (n: number) => `${Math.round(n)} ms`;

let tmp: string | null = null;
function cleanUp() {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  tmp = null;
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    process.stderr.write(`\n${signal}: stopping the server and removing the temporary folder\n`);
    stopChild().finally(() => {
      cleanUp();
      process.exit(signal === "SIGINT" ? 130 : 143);
    });
  });
}

async function main() {
  if (buildIsStale()) {
    throw new Error(
      `The build in ${ROOT} is older than its sources; build it first (npm run build) so start.mjs does not rebuild while it is timed.`,
    );
  }
  tmp = mkdtempSync(join(tmpdir(), "dermaplan-cold-start-"));
  const dataDir = join(tmp, "data");
  const loadBefore = loadavg();
  process.stdout.write(
    `Cold start of ${ROOT} (Node ${process.version}, ${cpus().length} cores, load ${loadBefore.map((l) => l.toFixed(2)).join(" ")})\n`,
  );
  const first = await start(dataDir, false);
  process.stdout.write(`prepared the data folder (first start, migrate and demo clinic): ${fmt(first.healthz)}\n`);
  const runs: Run[] = [];
  for (let i = 0; i < RUNS; i++) {
    if (buildIsStale())
      throw new Error("The sources changed during the runs (the app would be rebuilt): build again and run the bench again.");
    const run = await start(dataDir, PAGE);
    runs.push(run);
    process.stdout.write(
      `run ${String(i + 1).padStart(2)}: /healthz ${fmt(run.healthz)}${run.page === null ? "" : `, home page ${fmt(run.page)}`}\n`,
    );
  }
  const loadAfter = loadavg();
  const healthz = summary(runs.map((r) => r.healthz));
  const page = PAGE ? summary(runs.map((r) => r.page!)) : null;
  process.stdout.write(
    `\n/healthz   min ${fmt(healthz.min)}  median ${fmt(healthz.median)}  max ${fmt(healthz.max)}  (N=${RUNS})\n` +
      (page ? `home page  min ${fmt(page.min)}  median ${fmt(page.median)}  max ${fmt(page.max)}\n` : "") +
      `load average before ${loadBefore[0]!.toFixed(2)}, after ${loadAfter[0]!.toFixed(2)}\n`,
  );
  if (JSON_OUT !== undefined) {
    const figures = {
      root: ROOT,
      date: new Date().toISOString(),
      node: process.version,
      cores: cpus().length,
      cpu: cpus()[0]?.model.trim() ?? "unknown",
      load: { before: loadBefore, after: loadAfter },
      runs: RUNS,
      firstStartMs: first.healthz,
      healthzMs: { ...healthz, samples: runs.map((r) => r.healthz) },
      pageMs: page ? { ...page, samples: runs.map((r) => r.page!) } : null,
    };
    const text = JSON.stringify(figures, null, 2) + "\n";
    if (JSON_OUT === "") process.stdout.write(text);
    else writeFileSync(JSON_OUT, text);
  }
}

try {
  await main();
} catch (error) {
  process.exitCode = 1;
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
} finally {
  await stopChild();
  cleanUp();
}
