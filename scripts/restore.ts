// `npm run restore -- backup.tar.gz`: loads a backup made by `npm run backup`
// into an empty DATA_DIR. It never overwrites an existing database.
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { readEnv } from "../src/config/env.ts";
import { openDatabase } from "../src/db/open.ts";

const env = readEnv(process.env);
const file = process.argv[2];
if (!file) {
  process.stderr.write("Name the backup file: npm run restore -- dermaplan-backup.tar.gz\n");
  process.exit(2);
}
const dataDir = resolve(env.DATA_DIR);
if (existsSync(join(dataDir, "pgdata"))) {
  process.stderr.write(`${dataDir} already holds a database. Move ${join(dataDir, "pgdata")} aside first; nothing was changed.\n`);
  process.exit(1);
}
const blob = new Blob([readFileSync(resolve(file))]);
const database = await openDatabase({ kind: "pglite", dataDir, loadDataDir: blob });
const { rows } = await database.pglite!.query<{ n: number }>("SELECT count(*)::int AS n FROM appointments");
await database.close();
process.stdout.write(`Restored ${file} into ${dataDir} (${rows[0]?.n ?? 0} appointments).\n`);
