// The server's two-step start (docs/decisions/0023-cold-start.md), stopping
// with the parent, and npm start's drizzle-orm shortcut. (The rest of the
// server as a process is in process.test.ts; the two files run side by side.)
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { drizzleRelativeImport, isDrizzleImportFromProject } from "../server/module-loading.ts";
import { freePort, ROOT, startServer } from "./server.ts";

/** `npm start` (scripts/start.mjs) or server/main.ts as a process of its own, its output kept. */
function spawnServer(script: "scripts/start.mjs" | "server/main.ts", env: NodeJS.ProcessEnv, ipc = false) {
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, script)], {
    cwd: ROOT,
    env,
    stdio: ipc ? ["ignore", "pipe", "pipe", "ipc"] : ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  const url = `http://127.0.0.1:${env.PORT}`;
  return {
    child,
    url,
    exited,
    log: () => output,
    /** Polls /healthz every 10 ms until it answers 200. */
    async healthy(): Promise<void> {
      const deadline = Date.now() + 120_000;
      for (;;) {
        if (child.exitCode !== null) throw new Error(`The server exited with ${child.exitCode}:\n${output}`);
        try {
          if ((await fetch(`${url}/healthz`)).status === 200) return;
        } catch {
          // not listening yet
        }
        if (Date.now() > deadline) throw new Error(`The server did not become healthy:\n${output}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    /** SIGTERM unless it has gone already; resolves with its exit code (SIGKILL after 60 s). */
    async stop(): Promise<number | null> {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

let stopped: Promise<NodeJS.ProcessEnv> | null = null;

/**
 * A data folder that already holds the migrated demo clinic (a copy of one a
 * server made and stopped cleanly, made once for the file), and the
 * environment to start on it.
 */
async function existingDataFolder(): Promise<NodeJS.ProcessEnv> {
  stopped ??= (async () => {
    const first = await startServer();
    expect(await first.stop()).toBe(0);
    return first.env;
  })();
  const env = await stopped;
  const copy = mkdtempSync(join(tmpdir(), "dermaplan-existing-"));
  cpSync(env.DATA_DIR!, copy, { recursive: true });
  return { ...env, DATA_DIR: copy, PORT: String(await freePort()), LOG_LEVEL: "info" };
}

describe("the two-step start (docs/decisions/0023-cold-start.md)", () => {
  it("npm start answers /healthz once the database is checked, and a request sent then waits for the app instead of failing", async () => {
    const env = await existingDataFolder();
    const server = spawnServer("scripts/start.mjs", { ...env, STOP_WITH_PARENT: "1" }); // no IPC channel: the setting does nothing
    try {
      await server.healthy();
      const [home, services, asset] = await Promise.all([
        fetch(`${server.url}/`),
        fetch(`${server.url}/api/v1/services`),
        fetch(`${server.url}/assets/no-such-file.js`),
      ]);
      expect(home.status).toBe(200);
      expect(services.status).toBe(200);
      expect(asset.status).toBe(404);
      const health = await fetch(`${server.url}/healthz`);
      expect(health.headers.get("cache-control")).toBe("no-store");
      expect(health.headers.get("content-security-policy")).toContain("default-src 'self'");
      expect(await health.json()).toEqual({ status: "ok" });
      const log = server.log();
      expect(log).toContain("listening; the app is warming up");
      expect(log.indexOf("Dermaplan is serving")).toBeGreaterThan(log.indexOf("listening; the app is warming up"));
    } finally {
      expect(await server.stop()).toBe(0);
    }
    expect(server.log()).toContain("stopped cleanly");
    expect(existsSync(join(env.DATA_DIR!, "dermaplan.lock"))).toBe(false);
  });

  it("a SIGTERM right after the first health check still stops cleanly, and the folder opens again", async () => {
    const env = await existingDataFolder();
    const server = spawnServer("scripts/start.mjs", env);
    try {
      await server.healthy();
    } finally {
      expect(await server.stop()).toBe(0);
    }
    expect(server.log()).toContain("stopped cleanly");
    expect(existsSync(join(env.DATA_DIR!, "dermaplan.lock"))).toBe(false);
    const again = spawnServer("server/main.ts", { ...env, PORT: String(await freePort()) });
    try {
      await again.healthy();
      expect((await fetch(`${again.url}/api/v1/services`)).status).toBe(200);
    } finally {
      expect(await again.stop()).toBe(0);
    }
  });

  it("with STOP_WITH_PARENT=1 and an IPC channel, the server stops cleanly when the channel closes; without the setting it stays", async () => {
    const env = await existingDataFolder();
    const withParent = spawnServer("server/main.ts", { ...env, STOP_WITH_PARENT: "1" }, true);
    try {
      await withParent.healthy();
      withParent.child.disconnect();
      expect(await withParent.exited).toBe(0);
    } finally {
      await withParent.stop();
    }
    expect(withParent.log()).toContain("stopped cleanly");
    expect(existsSync(join(env.DATA_DIR!, "dermaplan.lock"))).toBe(false);

    const without = spawnServer("server/main.ts", { ...env, PORT: String(await freePort()), STOP_WITH_PARENT: "0" }, true);
    try {
      await without.healthy();
      without.child.disconnect();
      await new Promise((r) => setTimeout(r, 1_000));
      expect(without.child.exitCode).toBe(null);
      expect((await fetch(`${without.url}/healthz`)).status).toBe(200);
    } finally {
      expect(await without.stop()).toBe(0);
    }
  });

  it("refuses a STOP_WITH_PARENT that is neither 0 nor 1", () => {
    const dataDir = mkdtempSync(join(tmpdir(), "dermaplan-env-"));
    try {
      const result = spawnSync(process.execPath, [join(ROOT, "server/main.ts")], {
        cwd: ROOT,
        env: { PATH: process.env.PATH, DATA_DIR: dataDir, STOP_WITH_PARENT: "yes" },
        encoding: "utf8",
        timeout: 60_000,
      });
      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain("STOP_WITH_PARENT");
      expect(readdirSync(dataDir)).toEqual([]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe("npm start's drizzle-orm shortcut (server/module-loading.ts)", () => {
  it("answers only relative .js imports inside the package, and bare drizzle-orm imports from the project's own files", () => {
    const pkg = "file:///app/node_modules/drizzle-orm/";
    expect(drizzleRelativeImport("./sql/index.js", `${pkg}index.js`, pkg)).toBe(`${pkg}sql/index.js`);
    expect(drizzleRelativeImport("../column.js", `${pkg}pg-core/table.js`, pkg)).toBe(`${pkg}column.js`);
    expect(drizzleRelativeImport("../../x.js", `${pkg}pg-core/table.js`, pkg)).toBe(null); // leaves the package
    expect(drizzleRelativeImport("./index.cjs", `${pkg}index.cjs`, pkg)).toBe(null);
    expect(drizzleRelativeImport("pg", `${pkg}node-postgres/driver.js`, pkg)).toBe(null);
    expect(drizzleRelativeImport("./a.js", "file:///app/src/db/open.ts", pkg)).toBe(null);
    expect(isDrizzleImportFromProject("drizzle-orm/pg-core", "file:///app/src/db/schema.ts", "file:///app/")).toBe(true);
    expect(isDrizzleImportFromProject("drizzle-orm", "file:///app/node_modules/better-auth/x.js", "file:///app/")).toBe(false);
    expect(isDrizzleImportFromProject("drizzle-orm-extra", "file:///app/src/a.ts", "file:///app/")).toBe(false);
  });

  it("resolves every import of drizzle-orm and the schema exactly as Node does without it", () => {
    // Each run records what every import resolved to (the recording hook, registered last, runs first).
    const script = (withShortcut: boolean) => `
      import { registerHooks } from "node:module";
      ${withShortcut ? `(await import(${JSON.stringify(pathToFileURL(join(ROOT, "server/module-loading.ts")).href)})).registerDrizzleShortcut();` : ""}
      const seen = [];
      registerHooks({ resolve(specifier, context, next) { const r = next(specifier, context); seen.push([specifier, context.parentURL, r.url, r.format ?? null].join(" ")); return r; } });
      for (const m of ["drizzle-orm", "drizzle-orm/pg-core", "drizzle-orm/pglite", "drizzle-orm/node-postgres"]) await import(m);
      await import(${JSON.stringify(pathToFileURL(join(ROOT, "src/db/schema.ts")).href)});
      process.stdout.write(JSON.stringify(seen.sort()));
    `;
    const run = (withShortcut: boolean) => {
      const result = spawnSync(process.execPath, ["--input-type=module", "-e", script(withShortcut)], {
        cwd: ROOT,
        encoding: "utf8",
        timeout: 60_000,
      });
      expect(result.status, result.stderr).toBe(0);
      return JSON.parse(result.stdout) as string[];
    };
    const plain = run(false);
    expect(plain.filter((line) => line.includes("/node_modules/drizzle-orm/")).length).toBeGreaterThan(200);
    expect(run(true)).toEqual(plain);
  });
});
