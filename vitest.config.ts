import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

// Three groups of test files. Unit and browser/API suites run side by side on
// as many workers as MAX_WORKERS allows (the browser suites spend most of
// their time waiting on a server and a browser, so a two-core machine runs
// four files at once); the log scan reads what every other suite left behind,
// so it runs in a group of its own, after them.
const workers = Number(process.env.MAX_WORKERS ?? 4);
// Files of a project share their worker's loaded modules (isolate: false):
// loading the app's modules once per worker instead of once per file halves
// the unit run. No test mocks modules or changes the environment for the
// files after it; the set-up file gives each file its own folder.
const shared = {
  globalSetup: ["./src/testing/global-setup.ts"],
  setupFiles: ["./src/test-setup.ts"],
  pool: "forks" as const,
  isolate: false,
};

/**
 * Vitest's order (projects one after another, the browser project first, and
 * within a project the files it has seen take longest, else the largest)
 * leaves the watermark suites, short files that each run for up to a minute,
 * to start late in the unit project, so a run ends with them alone.
 * Files named here go first in their project. Only a run without Vitest's
 * record of durations (a clean clone, CI) needs this, but that is the run
 * that counts. Starting it before the browser files instead was slower
 * (docs/performance.md, "Test suite").
 */
const LONG_FILES = ["src/content/watermark-evaluation.test.ts", "src/content/watermark-repeats.test.ts", "src/content/watermark.test.ts"];
class LongFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const long = (f: TestSpecification) => LONG_FILES.some((name) => f.moduleId.endsWith(name));
    const projects = [...new Set(sorted.map((f) => f.project.name))];
    return projects.flatMap((name) => {
      const own = sorted.filter((f) => f.project.name === name);
      return [...own.filter(long), ...own.filter((f) => !long(f))];
    });
  }
}

export default defineConfig({
  test: {
    maxWorkers: workers,
    sequence: { sequencer: LongFilesFirst },
    projects: [
      {
        test: {
          ...shared,
          name: "unit",
          include: ["src/**/*.test.ts", "app/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          ...shared,
          name: "e2e",
          include: ["e2e/**/*.test.ts"],
          exclude: ["e2e/log-scan.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          ...shared,
          name: "log-scan",
          include: ["e2e/log-scan.test.ts"],
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
