// What a test starts, a test stops. Every process the test helpers spawn and
// every temporary folder of a test file is registered here; the file's last
// hook (src/test-setup.ts) stops what is still running and removes the
// folders, and an interrupted worker (SIGINT, SIGTERM, SIGHUP) does the same
// before it goes. The run as a whole has a last line of defence too:
// src/testing/run-folder.ts reaps whatever still carries the run's id.
import type { ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";

const processes = new Set<ChildProcess>();
const closers = new Set<() => Promise<unknown>>();
const folders = new Set<string>();

function running(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/** Stops `child` with the file's other leftovers, and forgets it once it exits. */
export function trackProcess(child: ChildProcess): ChildProcess {
  processes.add(child);
  child.once("exit", () => processes.delete(child));
  return child;
}

/** Runs `close` at the end of the test file unless `forget` is called first (a browser, say). */
export function trackCloser(close: () => Promise<unknown>): { forget: () => void } {
  closers.add(close);
  return { forget: () => closers.delete(close) };
}

/** Removes `path` at the end of the test file (or at an interruption) unless the test removed it already. */
export function trackFolder(path: string): string {
  folders.add(path);
  return path;
}

export function removeFolder(path: string): void {
  rmSync(path, { recursive: true, force: true });
  folders.delete(path);
}

/** Stops `child`: SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
export async function stopProcess(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (!running(child)) return;
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => {
    if (running(child)) child.kill("SIGKILL");
  }, graceMs);
  await exited;
  clearTimeout(timer);
}

/** Everything still registered: processes stopped, then folders removed. */
export async function cleanUpAll(): Promise<void> {
  await Promise.allSettled([...closers].map((close) => close()));
  closers.clear();
  await Promise.all([...processes].map((child) => stopProcess(child)));
  for (const path of [...folders]) removeFolder(path);
}

/** The same at once, for an exit or a signal: nothing may wait. */
function cleanUpNow(): void {
  for (const child of processes) if (running(child)) child.kill("SIGKILL");
  for (const path of folders) rmSync(path, { recursive: true, force: true });
  folders.clear();
}

let installed = false;

/** Installs the exit and signal handlers once per process. */
export function cleanUpOnExit(): void {
  if (installed) return;
  installed = true;
  process.once("exit", cleanUpNow);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.once(signal, () => {
      cleanUpNow();
      // Others listening (the test runner) decide how to end; alone, end as the signal would.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  }
}
