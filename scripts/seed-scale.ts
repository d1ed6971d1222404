// `npm run seed:scale -- --clinics 1000`: fills a PostgreSQL database with the
// scale data set (docs/scale.md): generated clinics like the demo clinic, with
// months of appointments at about 70 % occupancy, clients, screenings and plans.
//
//   --clinics N         clinics to write (default 1000)
//   --months N          months of appointments, half before today, half after (default 6)
//   --seed N            the generator's seed (default 1): same seed, same clinics
//   --database-url URL  PostgreSQL (default DATABASE_URL); the embedded database is refused
//   --concurrency N     clinics written at once (default 2)
//   --reset             empty a database that holds generated clinics only, then write
//   --out FILE          write the clinics (slug, id, zone, practitioners, services) as JSON there
//   --owner-password P  owners can sign in as owner@<slug>.example.test with it (default: they cannot)
//
// A database that already holds generated clinics is refused without --reset,
// so a run never mixes two seeds. Encrypted columns use the app's key ring
// (DATA_KEY, or DATA_DIR/data-keys.json, made if missing), so the app started
// with the same settings reads them.
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { hashPassword } from "better-auth/crypto";
import pg from "pg";
import { migrate, openDatabase } from "../src/db/open.ts";
import { countScaleClinics, resetScaleDatabase, seedScale } from "../src/db/scale-seed.ts";
import { KeyRingError, loadKeyRing } from "../src/privacy/keyring.ts";

const { values } = parseArgs({
  options: {
    clinics: { type: "string", default: "1000" },
    months: { type: "string", default: "6" },
    seed: { type: "string", default: "1" },
    "database-url": { type: "string" },
    concurrency: { type: "string", default: "2" },
    reset: { type: "boolean", default: false },
    out: { type: "string" },
    "owner-password": { type: "string" },
  },
});

function positive(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) {
    process.stderr.write(`--${name} must be a whole number of at least 1 (got "${text}").\n`);
    process.exit(2);
  }
  return n;
}

const clinics = positive("clinics", values.clinics);
const months = positive("months", values.months);
const seed = Number(values.seed);
const concurrency = positive("concurrency", values.concurrency);
const url = values["database-url"] ?? process.env.DATABASE_URL;
if (!url || !/^postgres(ql)?:\/\//.test(url)) {
  process.stderr.write(
    "seed:scale writes millions of rows and needs PostgreSQL: pass --database-url postgres://… or set DATABASE_URL.\n" +
      "It refuses the embedded database (DATA_DIR), which is for one clinic.\n",
  );
  process.exit(2);
}
let keyRing;
try {
  keyRing = loadKeyRing({ env: process.env, dataDir: resolve(process.env.DATA_DIR ?? "./data") }).keyRing;
} catch (error) {
  if (error instanceof KeyRingError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}

const started = performance.now();
const elapsed = () => ((performance.now() - started) / 1000).toFixed(1);
const database = await openDatabase({ kind: "postgres", url, poolSize: 2 });
const applied = await migrate(database);
await database.close();
process.stdout.write(`Migrated (${applied.length} migration(s) applied) in ${elapsed()} s.\n`);

const pool = new pg.Pool({ connectionString: url, max: concurrency + 1 });
pool.on("error", () => {});
try {
  const existing = await countScaleClinics(pool);
  if (existing > 0) {
    if (!values.reset) {
      process.stderr.write(
        `This database already holds ${existing} generated clinic(s). Run with --reset to empty it first, or use another database.\n`,
      );
      process.exit(1);
    }
    await resetScaleDatabase(pool);
    process.stdout.write(`Emptied the database (it held ${existing} generated clinics) in ${elapsed()} s.\n`);
  }
  const ownerPasswordHash = values["owner-password"] ? await hashPassword(values["owner-password"]) : null;
  let lastReport = 0;
  const made = await seedScale(pool, {
    clinics,
    months,
    seed,
    now: Date.now(),
    keyRing,
    ownerPasswordHash,
    concurrency,
    onClinic(done, total) {
      const now = performance.now();
      if (done === total || now - lastReport > 5000) {
        lastReport = now;
        const rate = done / ((now - started) / 1000);
        process.stdout.write(`  ${done}/${total} clinics, ${elapsed()} s, ${rate.toFixed(1)} clinics/s\n`);
      }
    },
  });
  const writeSeconds = elapsed();
  await pool.query("ANALYZE");
  const tables = await pool.query<{ name: string }>(
    "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations' ORDER BY 1",
  );
  const counts: [string, number][] = [];
  for (const { name } of tables.rows) {
    const { rows } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${pg.escapeIdentifier(name)}`);
    if (Number(rows[0]!.n) > 0) counts.push([name, Number(rows[0]!.n)]);
  }
  counts.sort((a, b) => b[1] - a[1]);
  const total = counts.reduce((sum, [, n]) => sum + n, 0);
  const occupancy = made.reduce((sum, c) => sum + c.occupancy, 0) / Math.max(1, made.length);
  process.stdout.write(`\nRows by table:\n`);
  for (const [name, n] of counts) process.stdout.write(`  ${name.padEnd(32)} ${n.toLocaleString("en-CA").padStart(12)}\n`);
  process.stdout.write(`  ${"total".padEnd(32)} ${total.toLocaleString("en-CA").padStart(12)}\n`);
  process.stdout.write(
    `\n${made.length} clinics, ${months} months, seed ${seed}: written in ${writeSeconds} s, ${elapsed()} s with ANALYZE and counts; ` +
      `mean occupancy ${(occupancy * 100).toFixed(1)} %.\n`,
  );
  const list = made.map((c) => ({
    slug: c.slug,
    organizationId: c.organizationId,
    timeZone: c.timeZone,
    practitionerIds: c.practitionerIds,
    services: c.services,
  }));
  if (values.out) {
    writeFileSync(resolve(values.out), JSON.stringify({ seed, months, clinics: list }, null, 1));
    process.stdout.write(`The clinics (slugs, ids, services) are in ${resolve(values.out)}.\n`);
  } else {
    process.stdout.write(`\nClinics (slug organizationId consultationServiceId treatmentServiceId):\n`);
    for (const c of list) {
      const consult = c.services.find((s) => s.kind === "consultation")!.id;
      const treat = c.services.find((s) => s.kind === "treatment")!.id;
      process.stdout.write(`${c.slug} ${c.organizationId} ${consult} ${treat}\n`);
    }
  }
} finally {
  await pool.end();
}
