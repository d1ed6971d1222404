// `npm run backup -- [file]`: a consistent copy of the embedded database as a
// gzipped tarball that PGlite can load again (restore: see docs/operations.md).
// The embedded database runs with fsync off and belongs to one process, so the
// server must be stopped first; for PostgreSQL use pg_dump instead.
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { readEnv } from "../src/config/env.ts";
import { DataDirLockedError, openDatabase } from "../src/db/open.ts";

const env = readEnv(process.env);
if (env.DATABASE_URL) {
  process.stderr.write("DATABASE_URL points at PostgreSQL: back it up with pg_dump (see docs/operations.md).\n");
  process.exit(2);
}
const dataDir = resolve(env.DATA_DIR);
const stamp = new Date().toISOString().replace(/[:]/g, "-").slice(0, 19);
const out = resolve(process.argv[2] ?? `dermaplan-backup-${stamp}.tar.gz`);
try {
  const database = await openDatabase({ kind: "pglite", dataDir });
  await database.pglite!.exec("CHECKPOINT");
  const blob = await database.pglite!.dumpDataDir("gzip");
  writeFileSync(out, Buffer.from(await blob.arrayBuffer()), { mode: 0o600 });
  await database.close();
  process.stdout.write(`Backed up ${dataDir} to ${out} (${blob.size} bytes). It holds client data: keep it encrypted and private.\n`);
} catch (error) {
  if (error instanceof DataDirLockedError) {
    process.stderr.write(`${error.message}\nStop the server, then run the backup again.\n`);
    process.exit(1);
  }
  throw error;
}
