import { defineConfig } from "vitest/config";

// Only the pure engines' unit tests, for `npm run test:mutation` (decision
// 0022). No database, so no globalSetup; the same setup file as the unit
// project, so a console.error still fails a test. The fast-check property
// suites are left out: they pick new random cases on every run, so whether
// they kill a mutant would change from run to run, and they take seconds.
export default defineConfig({
  test: {
    include: [
      "src/scheduling/slots.test.ts",
      "src/scheduling/slots.*.test.ts",
      "src/screening/engine.test.ts",
      "src/screening/engine.*.test.ts",
      "src/plans/validate.test.ts",
      "src/plans/validate.*.test.ts",
      "src/plans/suggest.test.ts",
      "src/plans/suggest.*.test.ts",
    ],
    exclude: ["**/node_modules/**", "**/*.property.test.ts"],
    setupFiles: ["./src/test-setup.ts"],
    testTimeout: 60_000,
  },
});
