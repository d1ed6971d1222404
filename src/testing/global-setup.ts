// The global set-up of every test project (vitest.config.ts). Once per run, in
// the runner's own process:
// - one run folder and id (src/testing/run-folder.ts): TMPDIR points inside,
//   every process the run starts carries the id, and the end of the run (or
//   SIGINT/SIGTERM) reaps what is left and removes the folder;
// - the migrated database templates the workers clone: a PGlite dump for
//   in-process databases, a PGlite data folder for the servers the browser
//   suites start, or a PostgreSQL template database with TEST_DATABASE_URL;
// - the folder where every server writes its log and every test notes what it
//   typed that must never be logged (scanned by e2e/log-scan.test.ts, last);
// - the npm Chromium, unpacked before any worker asks for it.
// Several projects call it; the first call does the work, the last teardown ends the run.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { ensureConsentForms } from "../consent/consent.ts";
import { loadDemoClinic } from "../db/demo.ts";
import { migrate, openDatabase } from "../db/open.ts";
import { testDatabaseName } from "../db/test-names.ts";
import { chromiumInstall } from "./chromium.ts";
import { E2E_OWNER_PASSWORD } from "./e2e-owner.ts";
import { startTestRun, type TestRun } from "./run-folder.ts";

// Vitest loads this module once per project: the run is kept on globalThis so
// the projects share one run, one folder and one set of templates.
interface Shared {
  run: TestRun | null;
  users: number;
  ready: Promise<void> | null;
}
const shared: Shared = ((globalThis as { __dermaplanTestRun?: Shared }).__dermaplanTestRun ??= { run: null, users: 0, ready: null });

async function admin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function prepareTemplates(dir: string): Promise<void> {
  // A run started by a test of the runs themselves (e2e/leftovers.test.ts) is handed its parent's.
  const { DERMAPLAN_PGLITE_TEMPLATE: dump, DERMAPLAN_SERVER_TEMPLATE: folder } = process.env;
  if (!process.env.TEST_DATABASE_URL && dump && folder && existsSync(dump) && existsSync(folder)) return;
  const postgres = process.env.TEST_DATABASE_URL;
  if (postgres) {
    const name = testDatabaseName("tpl");
    await admin(postgres, (c) => c.query(`CREATE DATABASE ${name}`));
    const database = await openDatabase({ kind: "postgres", url: withDatabase(postgres, name) });
    try {
      await migrate(database);
    } finally {
      await database.close();
    }
    process.env.DERMAPLAN_PG_TEMPLATE = name;
    return;
  }
  // A migrated data folder for servers, and its dump for in-process databases
  // (which load a clinic of their own). The servers' folder then gets the demo
  // clinic a server's first start would load, with the suites' owner password,
  // so each server starts as on an existing folder.
  const serverTemplate = join(dir, "server-template");
  const database = await openDatabase({ kind: "pglite", dataDir: serverTemplate });
  try {
    await migrate(database);
    const dump = await database.pglite!.dumpDataDir("none");
    writeFileSync(join(dir, "pglite-template.tar"), Buffer.from(await dump.arrayBuffer()));
    await loadDemoClinic(database.db, { ownerPassword: E2E_OWNER_PASSWORD });
    await ensureConsentForms(database.db);
  } finally {
    await database.close();
  }
  process.env.DERMAPLAN_PGLITE_TEMPLATE = join(dir, "pglite-template.tar");
  process.env.DERMAPLAN_SERVER_TEMPLATE = join(serverTemplate, "pgdata");
}

/** The part of Vitest's TestProject this set-up reads: the folder Vitest made for itself. */
interface Project {
  tmpDir?: string;
}

export async function setup(project?: Project): Promise<void> {
  shared.users++;
  shared.ready ??= (async () => {
    const run = startTestRun(project?.tmpDir ? [project.tmpDir] : []);
    shared.run = run;
    try {
      const logs = join(run.dir, "e2e");
      mkdirSync(join(logs, "logs"), { recursive: true });
      mkdirSync(join(logs, "sensitive"));
      process.env.DERMAPLAN_E2E_DIR = logs;
      await Promise.all([prepareTemplates(run.dir), chromiumInstall()]);
    } catch (e) {
      await endRun();
      throw e;
    }
  })();
  await shared.ready;
}

async function endRun(): Promise<void> {
  if (!shared.run) return;
  const ending = shared.run;
  shared.run = null;
  try {
    const url = process.env.TEST_DATABASE_URL;
    if (url) {
      await admin(url, async (c) => {
        const { rows } = await c.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1", [
          `dermaplan\\_%${ending.id}%`,
        ]);
        for (const { datname } of rows) await c.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
      });
    }
  } finally {
    const left = ending.end();
    if (left.length) process.stderr.write(`The test run ended ${left.length} process(es) its tests had left running: ${left.join(", ")}\n`);
  }
}

export async function teardown(): Promise<void> {
  shared.users--;
  if (shared.users > 0) return;
  await endRun();
}
