// A test run leaves nothing behind: not when a suite's browser cannot start
// after its server has, and not when the run is interrupted with SIGTERM or
// SIGINT while a server and a browser are running. Each case is a real test
// run of its own (vitest with the suites' global set-up and set-up file, over
// a fixture in e2e/fixtures/), in a temporary folder of its own; afterwards the
// server's process is gone, its data folder is gone, nothing of the run is
// left in the folder, and no process carries the run's id.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it, type ExpectStatic } from "vitest";
import { stopProcess, trackProcess } from "../src/testing/cleanup.ts";
import { processesOfRun } from "../src/testing/run-folder.ts";
import { ROOT } from "./server.ts";

interface Note {
  pid: number;
  dataDir: string;
}

function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "latin1");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

/** Starts a test run of one fixture; answers its process, its id, its folder and where the fixture notes its server. */
function runFixture(fixture: string, env: Record<string, string> = {}) {
  const folder = mkdtempSync(join(tmpdir(), "leftovers-run-"));
  const notes = mkdtempSync(join(tmpdir(), "leftovers-notes-"));
  const run = randomBytes(4).toString("hex");
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    ...env,
    TMPDIR: folder,
    DERMAPLAN_TEST_RUN: run,
    FIXTURE_NOTE: join(notes, "note.json"),
  };
  // The fixture's run is its own, on PGlite (handed this run's PGlite templates when there are), with its own log folder.
  for (const name of [
    "TEST_DATABASE_URL",
    "DERMAPLAN_PG_TEMPLATE",
    "DERMAPLAN_E2E_DIR",
    "DERMAPLAN_TEST_RUN_DIR",
    "VITEST",
    "VITEST_POOL_ID",
    "VITEST_WORKER_ID",
  ]) {
    delete childEnv[name];
  }
  const child = trackProcess(
    spawn(
      process.execPath,
      [join(ROOT, "node_modules/vitest/vitest.mjs"), "run", "--config", "e2e/fixtures/vitest.config.ts", `e2e/fixtures/${fixture}`],
      {
        cwd: ROOT,
        env: childEnv,
        stdio: ["ignore", "pipe", "pipe"],
      },
    ),
  );
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d));
  child.stderr!.on("data", (d: Buffer) => (output += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.once("exit", (code, signal) => r({ code, signal })),
  );
  const note = async (): Promise<Note> => {
    const file = join(notes, "note.json");
    const deadline = Date.now() + 150_000;
    while (!existsSync(file)) {
      if (child.exitCode !== null) throw new Error(`The fixture's run ended before its server started:\n${output}`);
      if (Date.now() > deadline) throw new Error(`The fixture's server did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return JSON.parse(readFileSync(file, "utf8")) as Note;
  };
  return { child, run, folder, exited, note, output: () => output };
}

async function expectNothingLeft(expect: ExpectStatic, fixture: ReturnType<typeof runFixture>, note: Note): Promise<void> {
  // What the run's end kills may take a moment to be reaped by the system.
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline && (alive(note.pid) || processesOfRun(fixture.run, true).length > 0)) {
    await new Promise((r) => setTimeout(r, 50));
  }
  expect(alive(note.pid), "the server's process").toBe(false);
  expect(processesOfRun(fixture.run, true), "processes carrying the run's id").toEqual([]);
  expect(existsSync(note.dataDir), "the server's data folder").toBe(false);
  expect(readdirSync(fixture.folder), "what the run left in its temporary folder").toEqual([]);
}

// The three runs are independent, so they run at once.
describe.concurrent("a test run", () => {
  it("whose browser cannot start after its server has, fails and leaves no process and no folder", async ({ expect }) => {
    const fixture = runFixture("browser-cannot-launch.fixture.ts", { CHROMIUM_PATH: "/nonexistent/chromium" });
    try {
      const note = await fixture.note();
      expect(alive(note.pid)).toBe(true);
      const { code } = await fixture.exited;
      expect(code, fixture.output()).toBe(1);
      expect(fixture.output()).toMatch(/nonexistent\/chromium/);
      await expectNothingLeft(expect, fixture, note);
    } finally {
      await stopProcess(fixture.child, 2_000);
    }
  });

  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    it(`interrupted by ${signal} while a server and a browser run, leaves no process and no folder`, async ({ expect }) => {
      const fixture = runFixture("interrupted.fixture.ts");
      try {
        const note = await fixture.note();
        expect(alive(note.pid)).toBe(true);
        expect(processesOfRun(fixture.run, true).length).toBeGreaterThanOrEqual(3); // the worker, the server, the browser
        fixture.child.kill(signal);
        const ended = await Promise.race([fixture.exited, new Promise<null>((r) => setTimeout(() => r(null), 30_000))]);
        expect(ended, `the run ended within 30 s of ${signal}`).not.toBeNull();
        await expectNothingLeft(expect, fixture, note);
      } finally {
        await stopProcess(fixture.child, 2_000);
      }
    });
  }
});
