// Test databases: one migrated template per run (made by the run's global
// set-up, src/testing/global-setup.ts), cloned per suite, on PGlite by default
// or on PostgreSQL when TEST_DATABASE_URL is set. Run outside that set-up, a
// worker makes its own template once.
//
// Starting an embedded database from the template costs about 0.6 s of CPU,
// and a run starts hundreds. A worker therefore keeps the few it has finished
// with: closing one empties every table (the template has no rows but the
// migrations' own record) and puts it back, unless the suite changed its
// schema, in which case it is really closed. The suite that closed it can no
// longer reach it: its client refuses every call once closed.
import { readFileSync } from "node:fs";
import type { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import pg from "pg";
import { migrate, openDatabase, type Database, type Db } from "./open.ts";
import * as schema from "./schema.ts";
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

/** What makes a database's schema this one: its tables, constraints, functions, triggers and indexes. */
const SCHEMA_FINGERPRINT = `SELECT md5(coalesce(string_agg(x, ',' ORDER BY x), '')) AS fingerprint FROM (
  SELECT 'c:' || relname || ':' || relkind::text FROM pg_class WHERE relnamespace = 'public'::regnamespace
  UNION ALL SELECT 'k:' || conname || ':' || conrelid::regclass::text || ':' || convalidated::text FROM pg_constraint WHERE connamespace = 'public'::regnamespace
  UNION ALL SELECT 'f:' || proname || ':' || md5(prosrc) FROM pg_proc WHERE pronamespace = 'public'::regnamespace
  UNION ALL SELECT 't:' || tgname || ':' || tgrelid::regclass::text || ':' || tgenabled::text FROM pg_trigger WHERE NOT tgisinternal
  UNION ALL SELECT 'a:' || attrelid::regclass::text || ':' || attname || ':' || atttypid::regtype::text || ':' || attnotnull::text || ':' || attisdropped::text
    FROM pg_attribute WHERE attnum > 0 AND attrelid IN (SELECT oid FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p', 'v'))
) s(x)`;

/** The few calls the recycling needs, which PGlite and a node-postgres pool both answer. */
interface Queryable {
  query<T>(text: string): Promise<{ rows: T[] }>;
}

interface Shape {
  fingerprint: string;
  /** Empties every table but the migrations' record, as the template has them. */
  empty: string;
}

async function fingerprintOf(client: Queryable): Promise<string> {
  const { rows } = await client.query<{ fingerprint: string }>(SCHEMA_FINGERPRINT);
  return rows[0]!.fingerprint;
}

/** The template's schema, read from the first database a worker opens (the same for every database of the run). */
let shape: Promise<Shape> | null = null;
/** Enough for the suites that hold two or three databases at once. */
const MAX_IDLE = 3;
const idlePglite: PGlite[] = [];
const idlePostgres: string[] = [];

async function shapeOf(client: Queryable): Promise<Shape> {
  const { rows } = await client.query<{ name: string }>(
    "SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations' ORDER BY 1",
  );
  // Triggers off for the statement: the audit log refuses TRUNCATE, as it should everywhere else.
  const empty = [
    "SET session_replication_role = replica",
    `TRUNCATE ${rows.map((r) => r.name).join(", ")} RESTART IDENTITY CASCADE`,
    "RESET ALL",
    "SELECT pg_advisory_unlock_all()",
  ].join(";\n");
  return { fingerprint: await fingerprintOf(client), empty };
}

/** True when the database was emptied and can be handed on; false when it must be closed (changed schema, or a failure). */
async function emptied(client: Queryable, runScript: (text: string) => Promise<unknown>, idle: unknown[]): Promise<boolean> {
  try {
    const known = await shape!;
    if (idle.length >= MAX_IDLE || (await fingerprintOf(client)) !== known.fingerprint) return false;
    await runScript(known.empty);
    return true;
  } catch {
    // A suite that left it in a failed transaction or broke it.
    return false;
  }
}

/**
 * The client a suite gets: every method refuses once the suite has closed the
 * database, which may by then be another suite's.
 */
function guarded<T extends object>(client: T, isOpen: () => boolean): T {
  return new Proxy(client, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== "function" || prop === "constructor") return value;
      return (...args: unknown[]) => {
        if (!isOpen()) throw new Error("This test database was closed.");
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

async function leasePglite(): Promise<Database> {
  let client = idlePglite.pop();
  if (!client) {
    const opened = await openDatabase({ kind: "pglite", dataDir: null, loadDataDir: await pgliteBlob() });
    client = opened.pglite!;
    shape ??= shapeOf(client);
  }
  await shape;
  const own = client;
  let open = true;
  const mine = guarded(own, () => open);
  return {
    db: drizzlePglite(mine, { schema }) as unknown as Db,
    kind: "pglite",
    pglite: mine,
    async close() {
      if (!open) return;
      open = false;
      if (await emptied(own, (text) => own.exec(text), idlePglite)) idlePglite.push(own);
      else await own.close().catch(() => {});
    },
  };
}

async function leasePostgres(): Promise<Database> {
  let name = idlePostgres.pop();
  if (!name) {
    const template = await postgresTemplate();
    name = testDatabaseName("t");
    await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  }
  const own = name;
  // Connections are not handed on, only the database: a suite's session settings and locks end with its pool.
  const pool = new pg.Pool({ connectionString: withDatabase(process.env.TEST_DATABASE_URL!, own), max: 20 });
  pool.on("error", () => {});
  shape ??= shapeOf(pool);
  await shape;
  let open = true;
  return {
    db: drizzlePg(
      guarded(pool, () => open),
      { schema },
    ) as unknown as Db,
    kind: "postgres",
    pglite: null,
    async close() {
      if (!open) return;
      open = false;
      // A connection the suite still holds would keep its transaction going: such a database is not handed on.
      const kept = pool.totalCount === pool.idleCount && (await emptied(pool, (text) => pool.query(text), idlePostgres));
      await pool.end();
      if (kept) idlePostgres.push(own);
      else await adminQuery(`DROP DATABASE IF EXISTS ${own} WITH (FORCE)`);
    },
  };
}

/** A fresh, migrated, empty database; closing it hands it on to the worker's next suite or drops it. */
export async function createTestDatabase(): Promise<Database> {
  return testDatabaseKind === "pglite" ? leasePglite() : leasePostgres();
}
