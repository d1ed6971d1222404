import { defineConfig } from "vitest/config";
import LogScanLast from "./e2e/sequencer.ts";

export default defineConfig({
  test: {
    sequence: { sequencer: LogScanLast },
    projects: [
      {
        test: {
          name: "unit",
          include: ["src/**/*.test.ts", "app/**/*.test.ts"],
          globalSetup: ["./src/db/test-global-setup.ts"],
          setupFiles: ["./src/test-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: "forks",
        },
      },
      {
        test: {
          name: "e2e",
          globalSetup: ["./e2e/global-setup.ts"],
          include: ["e2e/**/*.test.ts"],
          setupFiles: ["./src/test-setup.ts"],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          pool: "forks",
          fileParallelism: false,
        },
      },
    ],
  },
});
