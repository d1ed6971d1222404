import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, vi } from "vitest";
import { cleanUpAll, cleanUpOnExit, trackFolder } from "./testing/cleanup.ts";

// A console.error during a test is a bug somewhere, so it fails the test.
let errors: unknown[][] = [];
vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
  errors.push(args);
});
afterEach(() => {
  const seen = errors;
  errors = [];
  if (seen.length > 0) throw new Error(`console.error was called: ${seen.map((a) => a.map(String).join(" ")).join("\n")}`);
});

// In a test run (the global set-up made its folder), each test file gets a
// temporary folder of its own: whatever it (or a server it starts) writes
// under tmpdir() goes there, and the file's last hook stops every process it
// started and removes the folder, whether the file passed, failed or failed in
// its set-up. (The mutation run's pure tests have no global set-up and write
// nothing.)
const runFolder = process.env.DERMAPLAN_TEST_RUN_DIR;
if (runFolder) {
  const fileFolder = trackFolder(mkdtempSync(join(runFolder, "file-")));
  process.env.TMPDIR = fileFolder;
  cleanUpOnExit();
  afterAll(async () => {
    await cleanUpAll();
    process.env.TMPDIR = runFolder;
    rmSync(fileFolder, { recursive: true, force: true });
  });
}
