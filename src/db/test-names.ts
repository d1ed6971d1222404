import { randomBytes } from "node:crypto";

/**
 * A PostgreSQL database name unique to this run and this call. Every database
 * a test run creates carries the run's id (src/testing/run-folder.ts), so the
 * end of the run drops its own and never one of a run going on beside it.
 */
export function testDatabaseName(kind: string): string {
  return `dermaplan_${kind}_${process.env.DERMAPLAN_TEST_RUN ?? "norun"}_${randomBytes(5).toString("hex")}`;
}
