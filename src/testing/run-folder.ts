// One folder and one id for a whole test run. The run's global set-up makes
// the folder, points TMPDIR at it (so every worker, server and browser the run
// starts puts its temporary files inside) and tags the run's processes with
// DERMAPLAN_TEST_RUN. At the end, or at SIGINT/SIGTERM/SIGHUP, any process
// still carrying the id is killed and the folder removed, so a failed or
// interrupted run leaves nothing behind.
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

function parentOf(pid: string): number {
  // /proc/<pid>/stat: "pid (command) state ppid …"; the command may hold spaces and parentheses.
  const stat = readFileSync(`/proc/${pid}/stat`, "latin1");
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
}

/**
 * Processes whose environment carries `DERMAPLAN_TEST_RUN=run`, other than this
 * one and, unless `withChildren`, its own children (the runner's workers, which
 * the runner ends itself at a normal end).
 */
export function processesOfRun(run: string, withChildren = false): number[] {
  const tag = `DERMAPLAN_TEST_RUN=${run}`;
  const found: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (!readFileSync(`/proc/${entry}/environ`, "latin1").split("\0").includes(tag)) continue;
      if (withChildren || parentOf(entry) !== process.pid) found.push(Number(entry));
    } catch {
      // gone already, or not ours to read
    }
  }
  return found;
}

/** Kills every process of the run; answers the ones it had to kill. */
export function reapRun(run: string, withChildren = false): number[] {
  const left = processesOfRun(run, withChildren);
  for (const pid of left) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // exited meanwhile
    }
  }
  return left;
}

export interface TestRun {
  id: string;
  dir: string;
  /** Reaps the run's processes (with the workers when `interrupted`) and removes its folder; answers the pids that were still alive. */
  end(interrupted?: boolean): number[];
}

/**
 * `runnerFolders`: folders the test runner made for itself before the run
 * began (it removes them itself when all goes well, not when interrupted).
 */
export function startTestRun(runnerFolders: string[] = []): TestRun {
  const id = (process.env.DERMAPLAN_TEST_RUN ??= randomBytes(4).toString("hex"));
  const dir = mkdtempSync(join(tmpdir(), `dermaplan-test-${id}-`));
  process.env.TMPDIR = dir;
  process.env.DERMAPLAN_TEST_RUN_DIR = dir;
  let ended = false;
  const end = (interrupted = false): number[] => {
    if (ended) return [];
    ended = true;
    const left = reapRun(id, interrupted);
    rmSync(dir, { recursive: true, force: true });
    // The runner removes its own folder when it ends well, not always when a test timed out; the run is over either way.
    for (const folder of runnerFolders) rmSync(folder, { recursive: true, force: true });
    return left;
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.once(signal, () => {
      end(true);
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  }
  process.once("exit", () => end());
  return { id, dir, end };
}
