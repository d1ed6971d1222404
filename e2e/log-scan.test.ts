// Runs after every other browser and API suite (its own project, group 1, in vitest.config.ts): the logs of
// every server they started must contain nothing they marked sensitive —
// health answers, passwords, tokens, client details.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";

it("finds nothing the tests marked sensitive in any server log", () => {
  const dir = process.env.DERMAPLAN_E2E_DIR!;
  const logs = readdirSync(join(dir, "logs")).map((f) => readFileSync(join(dir, "logs", f), "utf8"));
  const sensitive = readdirSync(join(dir, "sensitive")).flatMap((f) =>
    readFileSync(join(dir, "sensitive", f), "utf8")
      .split("\n")
      .filter((line) => line.trim().length >= 6),
  );
  if (logs.length === 0 || sensitive.length === 0) {
    // Run alone, with no other suite before it: nothing to scan.
    return;
  }
  const leaks = sensitive.filter((s) => logs.some((log) => log.includes(s)));
  expect(leaks.map((l) => `${l.slice(0, 6)}…`)).toEqual([]);
});
