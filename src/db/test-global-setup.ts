import { randomBytes } from "node:crypto";
import pg from "pg";

// Every PostgreSQL database a test run creates carries this run's id, so the
// teardown drops its own and never one of a run going on beside it.
export function setup(): void {
  process.env.DERMAPLAN_TEST_RUN ??= randomBytes(4).toString("hex");
}

export async function teardown(): Promise<void> {
  const url = process.env.TEST_DATABASE_URL;
  const run = process.env.DERMAPLAN_TEST_RUN;
  if (!url || !run) return;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1", [`dermaplan\\_%${run}%`]);
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** A database name unique to this run and this call. */
export function testDatabaseName(kind: string): string {
  return `dermaplan_${kind}_${process.env.DERMAPLAN_TEST_RUN ?? "norun"}_${randomBytes(5).toString("hex")}`;
}
