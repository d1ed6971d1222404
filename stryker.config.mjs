// Mutation testing of the pure engines (decision 0022): `npm run test:mutation`.
// @ts-check
/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutation.config.ts" },
  // No checker: the TypeScript checker would only drop mutants that do not
  // compile, at the cost of a compiler per run.
  checkers: [],
  mutate: ["src/scheduling/slots.ts", "src/screening/engine.ts", "src/plans/validate.ts", "src/plans/suggest.ts"],
  coverageAnalysis: "perTest",
  // One test runner: the machine has two cores and the other one is not ours.
  concurrency: 1,
  // Skips the mutants of human-readable message text only; see the file.
  appendPlugins: ["./scripts/stryker-message-wording.mjs"],
  ignorers: ["message-wording"],
  thresholds: { high: 95, low: 90, break: 90 },
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/mutation.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  clearTextReporter: { allowEmojis: false, logTests: false, reportMutants: true, reportScoreTable: true },
  // Full runs by default; `npx stryker run --incremental` reuses this file while iterating.
  incremental: false,
  incrementalFile: "reports/stryker-incremental.json",
  // Generated or local folders the engines' tests never read; not copied to the sandbox.
  ignorePatterns: ["/build", "/.react-router", "/data", "/test-results", "/.tmp", "/reports"],
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
};
