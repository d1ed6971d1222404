// Test databases: one migrated template per run (made by the run's global
// set-up, src/testing/global-setup.ts), cloned per suite, on PGlite by default
// or on PostgreSQL when TEST_DATABASE_URL is set. Run outside that set-up, a
// worker makes its own template once.
import { readFileSync } from "node:fs";
import pg from "pg";
import { migrate, openDatabase, type Database } from "./open.ts";
import { testDatabaseName } from "./test-names.ts";

let pgliteTemplate: Promise<Blob> | null = null;

export const testDatabaseKind: "pglite" | "postgres" = process.env.TEST_DATABASE_URL ? "postgres" : "pglite";

async function pgliteBlob(): Promise<Blob> {
  pgliteTemplate ??= (async () => {
    const prepared = process.env.DERMAPLAN_PGLITE_TEMPLATE;
    if (prepared) return new Blob([readFileSync(prepared)]);
    const database = await openDatabase({ kind: "pglite", dataDir: null });
    await migrate(database);
    const blob = await database.pglite!.dumpDataDir("none");
    await database.close();
    return blob;
  })();
  return pgliteTemplate;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

let pgTemplate: Promise<string> | null = null;

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

export async function postgresTemplate(): Promise<string> {
  pgTemplate ??= (async () => {
    const prepared = process.env.DERMAPLAN_PG_TEMPLATE;
    if (prepared) return prepared;
    const name = testDatabaseName("tpl");
    await adminQuery(`CREATE DATABASE ${name}`);
    const database = await openDatabase({ kind: "postgres", url: withDatabase(process.env.TEST_DATABASE_URL!, name) });
    await migrate(database);
    await database.close();
    return name;
  })();
  return pgTemplate;
}

/** A fresh, migrated, empty database. close() drops it when it is a PostgreSQL one. */
export async function createTestDatabase(): Promise<Database> {
  if (testDatabaseKind === "pglite") {
    return openDatabase({ kind: "pglite", dataDir: null, loadDataDir: await pgliteBlob() });
  }
  const template = await postgresTemplate();
  const name = testDatabaseName("t");
  await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  const database = await openDatabase({
    kind: "postgres",
    url: withDatabase(process.env.TEST_DATABASE_URL!, name),
    poolSize: 20,
  });
  return {
    ...database,
    async close() {
      await database.close();
      await adminQuery(`DROP DATABASE IF EXISTS ${name}`);
    },
  };
}
