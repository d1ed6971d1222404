// Starts the real server (built app, real database) in a child process for
// end-to-end tests, and captures its log so tests can scan it.
import { spawn, type ChildProcess } from "node:child_process";
import { appendFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import pg from "pg";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { testDatabaseName } from "../src/db/test-names.ts";
import { E2E_OWNER_PASSWORD } from "../src/testing/e2e-owner.ts";
import { postgresTemplate } from "../src/db/testing.ts";
import { cleanUpOnExit, removeFolder, stopProcess, trackFolder, trackProcess } from "../src/testing/cleanup.ts";
import { launchBrowser } from "./browser.ts";

export const ROOT = resolve(import.meta.dirname, "..");
export const OWNER_EMAIL = "owner@demo.dermaplan.test";
export const OWNER_PASSWORD = E2E_OWNER_PASSWORD;

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const address = s.address();
      s.close(() => resolvePort(typeof address === "object" && address ? address.port : 0));
    });
  });
}

export interface RunningServer {
  url: string;
  port: number;
  dataDir: string;
  env: NodeJS.ProcessEnv;
  child: ChildProcess;
  log: () => string;
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
}

/**
 * A database for one server: with TEST_DATABASE_URL, a PostgreSQL database
 * cloned from the run's migrated template (dropped at the end of the run);
 * else PGlite in the server's data folder.
 */
export async function serverDatabaseEnv(): Promise<Record<string, string>> {
  const admin = process.env.TEST_DATABASE_URL;
  if (!admin) return {};
  const name = testDatabaseName("e2e");
  const template = await postgresTemplate();
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  } finally {
    await client.end();
  }
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return { DATABASE_URL: url.toString() };
}

/**
 * Starts the server on a free port and waits until /healthz answers. A new
 * data folder (when `dataDir` is not given) starts from the run's migrated
 * PGlite template. The process and the folder are registered with
 * src/testing/cleanup.ts, so the end of the test file stops and removes them
 * even when a test or its set-up fails; the server also stops by itself when
 * the test process that started it goes (STOP_WITH_PARENT over an IPC channel).
 */
export async function startServer(options: { dataDir?: string; env?: Record<string, string>; port?: number } = {}): Promise<RunningServer> {
  cleanUpOnExit();
  const ownFolder = options.dataDir === undefined;
  const dataDir = options.dataDir ?? trackFolder(mkdtempSync(join(tmpdir(), "dermaplan-e2e-")));
  const template = process.env.DERMAPLAN_SERVER_TEMPLATE;
  if (ownFolder && template && !options.env?.DATABASE_URL) cpSync(template, join(dataDir, "pgdata"), { recursive: true });
  const port = options.port ?? (await freePort());
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TMPDIR: process.env.TMPDIR,
    DERMAPLAN_TEST_RUN: process.env.DERMAPLAN_TEST_RUN,
    STOP_WITH_PARENT: "1",
    // One compile cache for the run's servers and scripts: each start after the first compiles little.
    ...(process.env.DERMAPLAN_TEST_RUN_DIR ? { NODE_COMPILE_CACHE: join(process.env.DERMAPLAN_TEST_RUN_DIR, "node-compile-cache") } : {}),
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: "127.0.0.1",
    DEMO_OWNER_PASSWORD: OWNER_PASSWORD,
    LOG_LEVEL: "info",
    // The suites book far more from 127.0.0.1 than a person would; the limits' own tests set theirs.
    RATE_LIMIT_HOLDS_PER_IP: "100000/1h",
    RATE_LIMIT_BOOKINGS_PER_IP: "100000/1h",
    RATE_LIMIT_BOOKINGS_PER_EMAIL: "100000/1h",
    ...options.env,
  };
  const child = trackProcess(
    spawn(process.execPath, ["--import", join(ROOT, "e2e/server-preload.ts"), join(ROOT, "server/main.ts")], {
      cwd: ROOT,
      env,
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    }),
  );
  child.channel?.unref();
  let output = "";
  const logFile = process.env.DERMAPLAN_E2E_DIR ? join(process.env.DERMAPLAN_E2E_DIR, "logs", `server-${port}-${Date.now()}.log`) : null;
  const capture = (d: Buffer) => {
    output += d;
    if (logFile) appendFileSync(logFile, d);
  };
  child.stdout!.on("data", capture);
  child.stderr!.on("data", capture);
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 150_000; // a first start on a busy two-core machine can pass a minute
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`The server exited with ${child.exitCode}:\n${output}`);
      try {
        const res = await fetch(`${url}/healthz`);
        if (res.ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`The server did not become healthy:\n${output}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  } catch (e) {
    await stopProcess(child, 2_000);
    if (ownFolder) removeFolder(dataDir);
    throw e;
  }
  return {
    url,
    port,
    dataDir,
    env,
    child,
    log: () => output,
    stop: async (signal = "SIGTERM") => {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}

/**
 * A browser suite's server, on a database of its own, and a browser: both
 * started (side by side) before the file's other hooks, both stopped after its
 * tests. Read them inside a hook or a test, not when the file is collected.
 */
export function useServerAndBrowser(): { readonly server: RunningServer; readonly browser: Browser } {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    [server, browser] = await Promise.all([serverDatabaseEnv().then((env) => startServer({ env })), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  const started = <T>(what: T | undefined): T => {
    if (what === undefined) throw new Error("The server and the browser start in beforeAll; use them inside a hook or a test.");
    return what;
  };
  return {
    get server() {
      return started(server);
    },
    get browser() {
      return started(browser);
    },
  };
}

/**
 * Marks text a test typed as health information or a secret: the end of the
 * run fails if any server log contains it.
 */
export function markSensitive(...texts: string[]): void {
  const dir = process.env.DERMAPLAN_E2E_DIR;
  if (!dir) throw new Error("markSensitive needs the e2e global setup");
  appendFileSync(join(dir, "sensitive", `${process.pid}.txt`), texts.map((t) => t.replace(/\n/g, " ")).join("\n") + "\n");
}

/** Marks text sensitive (markSensitive) and keeps it in `list`, so a suite can check it appears nowhere else either. */
export function keepingSensitive(list: string[]): (...texts: string[]) => void {
  return (...texts) => {
    list.push(...texts);
    markSensitive(...texts);
  };
}

/** Waits for the e-mail to `address` that the server wrote to DATA_DIR/outbox and returns the first link matching `link`. */
export async function linkFromOutbox(dataDir: string, address: string, link: RegExp, o: { writtenSince?: number } = {}): Promise<string> {
  const dir = join(dataDir, "outbox");
  const deadline = Date.now() + 20_000;
  for (;;) {
    let files: string[] = [];
    try {
      // Newest first: a client signed in twice has two sign-in links, and the first is spent.
      files = readdirSync(dir)
        .filter((f) => f.endsWith(".eml"))
        .map((f) => ({ f, at: statSync(join(dir, f)).mtimeMs }))
        .filter((x) => o.writtenSince === undefined || x.at >= o.writtenSince)
        .sort((a, b) => b.at - a.at)
        .map((x) => x.f);
    } catch {
      // not written yet
    }
    for (const file of files) {
      const raw = readFileSync(join(dir, file), "utf8");
      if (!raw.includes(address)) continue;
      // Quoted-printable soft line breaks and escapes, then any base64 body parts.
      const qp = raw.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
      const b64 = [...raw.matchAll(/\r?\n\r?\n([A-Za-z0-9+/=\r\n]{40,})/g)].map((m) =>
        Buffer.from(m[1]!.replace(/\s/g, ""), "base64").toString("utf8"),
      );
      const match = [qp, ...b64].map((t) => t.match(link)).find(Boolean);
      if (match) return match[0];
    }
    if (Date.now() > deadline) throw new Error(`No e-mail to ${address} with such a link in ${dir}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
