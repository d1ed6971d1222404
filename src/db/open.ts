import { closeSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import pg from "pg";
import * as schema from "./schema.ts";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Db = PgDatabase<PgQueryResultHKT, typeof schema, any>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;

export type DatabaseConfig =
  | { kind: "pglite"; dataDir: string | null; loadDataDir?: Blob }
  | { kind: "postgres"; url: string; poolSize?: number };

export interface Database {
  db: Db;
  kind: "pglite" | "postgres";
  /** Flushes to disk where that means something (PGlite), then releases everything. */
  close(): Promise<void>;
  /** The embedded client, for dumping a migrated template in tests. */
  pglite: PGlite | null;
}

const MIGRATIONS_DIR = fileURLToPath(new URL("./migrations/", import.meta.url));

export class DataDirLockedError extends Error {
  constructor(dir: string, pid: number) {
    super(
      `The data folder ${dir} is already open in another Dermaplan process (pid ${pid}). ` +
        `Stop that process first, or point DATA_DIR elsewhere. The embedded database must be opened by one process at a time.`,
    );
    this.name = "DataDirLockedError";
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** One process per PGlite folder: a second opener would corrupt it. A lock left by a killed process is taken over. */
function lockDataDir(dataDir: string): () => void {
  const lockPath = join(dataDir, "dermaplan.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, "wx", 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const pid = Number.parseInt(readFileSync(lockPath, "utf8"), 10);
      if (Number.isInteger(pid) && pid !== process.pid && isAlive(pid)) throw new DataDirLockedError(dataDir, pid);
      rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Could not take the lock on ${dataDir}`);
}

export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  if (config.kind === "postgres") {
    const pool = new pg.Pool({ connectionString: config.url, max: config.poolSize ?? 10 });
    // A dropped idle connection must not crash the process; the pool replaces it.
    pool.on("error", () => {});
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    return { db, kind: "postgres", pglite: null, close: () => pool.end() };
  }
  let unlock = () => {};
  let dataDir: string | undefined;
  if (config.dataDir) {
    mkdirSync(config.dataDir, { recursive: true });
    unlock = lockDataDir(config.dataDir);
    dataDir = join(config.dataDir, "pgdata");
  }
  let client: PGlite;
  try {
    client = await PGlite.create({
      dataDir,
      loadDataDir: config.loadDataDir,
      extensions: { btree_gist },
    });
  } catch (error) {
    unlock();
    throw error;
  }
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  let closed = false;
  return {
    db,
    kind: "pglite",
    pglite: client,
    async close() {
      if (closed) return;
      closed = true;
      try {
        if (dataDir) await client.exec("CHECKPOINT");
        await client.close();
      } finally {
        unlock();
      }
    },
  };
}

export function databaseConfigFromEnv(env: NodeJS.ProcessEnv): DatabaseConfig {
  if (env.DATABASE_URL) return { kind: "postgres", url: env.DATABASE_URL };
  return { kind: "pglite", dataDir: env.DATA_DIR ?? "./data" };
}

/**
 * Applies the committed SQL migrations in name order, each in its own
 * transaction. An advisory lock keeps two app processes on one PostgreSQL from
 * migrating at once.
 */
export async function migrate(database: Database): Promise<string[]> {
  const { db } = database;
  const files = readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith(".sql")).sort();
  const applied: string[] = [];
  await db.execute(sql`SELECT pg_advisory_lock(727274)`);
  try {
    await db.execute(
      sql`CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const done = await db.execute<{ name: string }>(sql`SELECT name FROM schema_migrations`);
    const have = new Set(rowsOf<{ name: string }>(done).map((r) => r.name));
    for (const file of files) {
      if (have.has(file)) continue;
      const body = readFileSync(join(MIGRATIONS_DIR, file), "utf8");
      if (database.pglite) {
        // PGlite's query() takes one statement; exec() takes a script.
        await database.pglite.transaction(async (tx) => {
          await tx.exec(body);
          await tx.query("INSERT INTO schema_migrations (name) VALUES ($1)", [file]);
        });
      } else {
        await db.transaction(async (tx) => {
          await tx.execute(sql.raw(body));
          await tx.execute(sql`INSERT INTO schema_migrations (name) VALUES (${file})`);
        });
      }
      applied.push(file);
    }
  } finally {
    await db.execute(sql`SELECT pg_advisory_unlock(727274)`);
  }
  return applied;
}

/** node-postgres answers { rows }, PGlite answers { rows } too, but drizzle types them apart. */
export function rowsOf<T>(result: unknown): T[] {
  const r = result as { rows?: T[] } | T[];
  return Array.isArray(r) ? r : (r.rows ?? []);
}
