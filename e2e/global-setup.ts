// Every server the browser and API suites start writes its log into this run's
// folder, and tests note there what they typed that must never be logged;
// log-scan.test.ts, run last, compares the two.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setup as databaseSetup, teardown as databaseTeardown } from "../src/db/test-global-setup.ts";

export function setup(): void {
  databaseSetup();
  const dir = mkdtempSync(join(tmpdir(), "dermaplan-e2e-logs-"));
  mkdirSync(join(dir, "logs"));
  mkdirSync(join(dir, "sensitive"));
  process.env.DERMAPLAN_E2E_DIR = dir;
}

export async function teardown(): Promise<void> {
  await databaseTeardown();
  const dir = process.env.DERMAPLAN_E2E_DIR;
  if (dir) rmSync(dir, { recursive: true, force: true });
}
