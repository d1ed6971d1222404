// `npm run bench:load`: many clinics on one PostgreSQL under a mixed load.
//
// On a database filled by `npm run seed:scale` (given with --database-url, or
// made here in a scratch database with --seed-clinics N), starts the server
// with CLINICS_BY_HOST=1, once as one process and once as two
// (WEB_CONCURRENCY), and drives it from a separate process (autocannon,
// bench/load-generator.ts) with
//   - a mix: 90 % availability and public pages, 10 % bookings, every request
//     for a clinic picked at random among all of them, and
//   - bookings only, through POST /api/v1/bookings,
// then, in the same run, the same number of raw SQL INSERTs into the same
// appointments table under the same constraints from Node. Prints the rates,
// latencies and ratios and writes them into docs/performance.md.
//
//   --database-url URL   a database seed:scale filled (its key ring: DATA_DIR or DATA_KEY, as for seed:scale)
//   --seed-clinics N     instead: a scratch database on BENCH_DATABASE_URL (default the local server) with N clinics, dropped afterwards
//   --duration S         seconds of each phase (default 20)
//   --connections N      requests in flight (default 16)
//   --processes 1,2      the server process counts to measure (default 1,2; the ratios need both)
//   --no-write           print only
// BENCH_SERVER_NODE_OPTIONS goes to the server as NODE_OPTIONS (e.g. --cpu-prof --cpu-prof-dir=/tmp/prof to profile it).
import { spawn, type ChildProcess } from "node:child_process";
import { request as httpRequest } from "node:http";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { Temporal } from "temporal-polyfill";
import type { LoadPlan, LoadResult } from "./load-generator.ts";
import { postgresDatabase } from "./postgres.ts";

const ROOT = resolve(import.meta.dirname, "..");
const { values } = parseArgs({
  options: {
    "database-url": { type: "string" },
    "seed-clinics": { type: "string" },
    duration: { type: "string", default: "20" },
    connections: { type: "string", default: "16" },
    processes: { type: "string", default: "1,2" },
    "no-write": { type: "boolean", default: false },
  },
});
const DURATION = Number(values.duration);
const CONNECTIONS = Number(values.connections);
const RAW_CONNECTIONS = 8;
/** Requests in flight for the availability-only steps, and how long each runs. */
const SWEEP = [1, 2, 4, 8, 16];
const SWEEP_SECONDS = 8;
const PUBLIC_HOST = "clinics.bench.test";

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.once("error", reject);
    child.once("exit", (code) => (code === 0 ? resolveRun(out) : reject(new Error(`${args.join(" ")} exited with ${code}`))));
  });
}

async function freePort(): Promise<number> {
  const { createServer } = await import("node:net");
  return new Promise((r) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => r(port));
    });
  });
}

/** The server with CLINICS_BY_HOST=1 and `processes` processes, serving once /healthz answers. */
async function startServer(
  databaseUrl: string,
  dataDir: string,
  processes: number,
): Promise<{ url: string; port: number; stop: () => Promise<void> }> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, "server/main.ts")], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...(process.env.DATA_KEY ? { DATA_KEY: process.env.DATA_KEY } : {}),
      ...(process.env.BENCH_SERVER_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_SERVER_NODE_OPTIONS } : {}),
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: "127.0.0.1",
      PUBLIC_URL: `http://${PUBLIC_HOST}:${port}`,
      CLINICS_BY_HOST: "1",
      WEB_CONCURRENCY: String(processes),
      LOG_LEVEL: "warn",
      // Every request comes from the load generator's one address: a limit per IP
      // would serialize them all on one lock and count an ever longer list, where
      // real visitors come from thousands of addresses with a few rows each. Off,
      // as a clinic's own booking widget behind one address would set it; the
      // per-address limit stays on (each booking a new address: one lock, one row).
      RATE_LIMIT_HOLDS_PER_IP: "0/1h",
      RATE_LIMIT_BOOKINGS_PER_IP: "0/1h",
      RATE_LIMIT_BOOKINGS_PER_EMAIL: "5/1d",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not yet listening
    }
    if (Date.now() > deadline) throw new Error("the server did not answer /healthz within 2 minutes");
    await new Promise((r) => setTimeout(r, 200));
  }
  // Every process serves: the primary says so once the last has started.
  await new Promise((r) => setTimeout(r, processes > 1 ? 3000 : 500));
  return {
    url,
    port,
    stop: () =>
      new Promise<void>((r) => {
        if (child.exitCode !== null) return r();
        child.once("exit", () => r());
        child.kill("SIGTERM");
      }),
  };
}

/** A GET with the Host header given (fetch does not let a caller set it). */
function getAt(url: string, host: string, path: string): Promise<{ status: number; text: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolveGet, reject) => {
    const req = httpRequest({ host: hostname, port, path, headers: { host, accept: "application/json" } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (text += d));
      res.on("end", () => resolveGet({ status: res.statusCode ?? 0, text }));
    });
    req.once("error", reject);
    req.end();
  });
}

interface ClinicRow {
  id: string;
  slug: string;
  time_zone: string;
  service_id: string;
  service_slug: string;
  duration_minutes: number;
  buffer_before_minutes: number;
  buffer_after_minutes: number;
}

async function clinicsOf(pool: pg.Pool): Promise<ClinicRow[]> {
  const { rows } = await pool.query<ClinicRow>(`
    SELECT o.id, o.slug, l.time_zone, s.id AS service_id, s.slug AS service_slug, s.duration_minutes, s.buffer_before_minutes, s.buffer_after_minutes
    FROM organizations o
    JOIN LATERAL (SELECT time_zone FROM locations WHERE organization_id = o.id ORDER BY created_at LIMIT 1) l ON true
    JOIN services s ON s.organization_id = o.id AND s.kind = 'consultation' AND s.active
    WHERE o.slug LIKE 'scale-%'
    ORDER BY o.slug`);
  return rows;
}

/**
 * Free times far enough apart that no two overlap (buffers included), from
 * each clinic's own availability in a week no seeded appointment reaches:
 * what a visitor would be offered.
 */
async function freeTimes(url: string, clinics: ClinicRow[], from: string, to: string, perClinic: number) {
  const slots: { host: string; serviceId: string; start: string; practitionerId: string; clinic: string }[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < clinics.length) {
        const c = clinics[next++]!;
        const res = await getAt(url, `${c.slug}.${PUBLIC_HOST}`, `/api/v1/availability?serviceId=${c.service_id}&from=${from}&to=${to}`);
        if (res.status !== 200) throw new Error(`availability for ${c.slug}: ${res.status}`);
        const free = (JSON.parse(res.text) as { slots: { start: string; end: string; practitionerId: string }[] }).slots;
        const lastEnd = new Map<string, number>();
        let taken = 0;
        for (const s of free) {
          const start = Date.parse(s.start);
          const blockedFrom = start - c.buffer_before_minutes * 60_000;
          if ((lastEnd.get(s.practitionerId) ?? 0) > blockedFrom) continue;
          lastEnd.set(s.practitionerId, Date.parse(s.end) + c.buffer_after_minutes * 60_000);
          slots.push({
            host: `${c.slug}.${PUBLIC_HOST}`,
            serviceId: c.service_id,
            start: s.start,
            practitionerId: s.practitionerId,
            clinic: c.id,
          });
          if (++taken >= perClinic) break;
        }
      }
    }),
  );
  // Interleaved across clinics, so every phase books in all of them.
  return slots.sort((a, b) => a.start.localeCompare(b.start) || a.host.localeCompare(b.host));
}

async function generate(plan: LoadPlan): Promise<LoadResult> {
  const dir = mkdtempSync(join(tmpdir(), "dermaplan-load-"));
  try {
    const file = join(dir, "plan.json");
    writeFileSync(file, JSON.stringify(plan));
    const out = await run(process.execPath, [join(ROOT, "bench/load-generator.ts"), file], { PATH: process.env.PATH });
    return JSON.parse(out.trim().split("\n").pop()!) as LoadResult;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Raw SQL: single-row INSERTs into appointments, RAW_CONNECTIONS at a time, for as long as the API had. */
async function rawInserts(
  pool: pg.Pool,
  slots: { start: string; practitionerId: string; clinic: string; serviceId: string }[],
  seconds: number,
) {
  const meta = new Map<string, { location: string; duration: number }>();
  for (const row of (
    await pool.query<{ org: string; location: string; service: string; duration_minutes: number }>(
      `SELECT s.organization_id AS org, l.id AS location, s.id AS service, s.duration_minutes
       FROM services s JOIN LATERAL (SELECT id FROM locations WHERE organization_id = s.organization_id ORDER BY created_at LIMIT 1) l ON true
       WHERE s.id = ANY($1::uuid[])`,
      [[...new Set(slots.map((s) => s.serviceId))]],
    )
  ).rows)
    meta.set(row.service, { location: row.location, duration: row.duration_minutes });
  // A client for each row, made beforehand (a booked appointment has one), as the API makes one per new address.
  const run = Date.now().toString(36);
  const { rows: made } = await pool.query<{ id: string }>(
    `INSERT INTO clients (organization_id, name, email, email_normalized)
     SELECT org, 'Raw Insert', e, e FROM unnest($1::uuid[], $2::text[]) WITH ORDINALITY AS t(org, e, n) ORDER BY n
     RETURNING id`,
    [slots.map((s) => s.clinic), slots.map((_, i) => `raw-${run}-${i}@bench.test`)],
  );
  const clientIds = made.map((r) => r.id);
  let next = 0;
  let done = 0;
  const began = performance.now();
  const until = began + seconds * 1000;
  await Promise.all(
    Array.from({ length: RAW_CONNECTIONS }, async () => {
      const client = await pool.connect();
      try {
        while (next < slots.length && performance.now() < until) {
          const i = next++;
          const s = slots[i]!;
          const m = meta.get(s.serviceId)!;
          const start = new Date(s.start);
          const end = new Date(start.getTime() + m.duration * 60_000);
          await client.query(
            `INSERT INTO appointments (organization_id, location_id, service_id, practitioner_id, client_id, status, starts_at, ends_at, blocked_from, blocked_until, source)
             VALUES ($1, $2, $3, $4, $5, 'booked', $6, $7, $6, $7, 'api')`,
            [s.clinic, m.location, s.serviceId, s.practitionerId, clientIds[i], start, end],
          );
          done++;
        }
      } finally {
        client.release();
      }
    }),
  );
  return { inserts: done, perSecond: done / ((performance.now() - began) / 1000) };
}

const ms = (n: number) => `${n.toFixed(1)} ms`;

let scratch: { url: string; drop: () => Promise<void> } | null = null;
const dataDir = mkdtempSync(join(tmpdir(), "dermaplan-bench-load-"));
let databaseUrl = values["database-url"];
try {
  if (!databaseUrl) {
    const clinics = Number(values["seed-clinics"] ?? 0);
    if (!clinics) {
      process.stderr.write("bench:load needs --database-url (a database filled by npm run seed:scale) or --seed-clinics N.\n");
      process.exit(2);
    }
    scratch = await postgresDatabase(process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test");
    databaseUrl = scratch.url;
    process.stdout.write(`Seeding ${clinics} clinics into a scratch database…\n`);
    await run(process.execPath, [join(ROOT, "scripts/seed-scale.ts"), "--clinics", String(clinics), "--database-url", databaseUrl], {
      ...process.env,
      DATA_DIR: dataDir,
    });
  } else if (!process.env.DATA_KEY) {
    // The key ring the database was filled with (seed:scale's DATA_DIR), so the server opens its records.
    const keys = join(resolve(process.env.DATA_DIR ?? "./data"), "data-keys.json");
    if (existsSync(keys)) copyFileSync(keys, join(dataDir, "data-keys.json"));
  }
  const pool = new pg.Pool({ connectionString: databaseUrl, max: RAW_CONNECTIONS + 2 });
  pool.on("error", () => {});
  try {
    const clinics = await clinicsOf(pool);
    if (clinics.length === 0) throw new Error("The database holds no generated clinics: fill it with npm run seed:scale first.");
    const rows = Number((await pool.query<{ n: string }>("SELECT sum(n_live_tup)::bigint AS n FROM pg_stat_user_tables")).rows[0]!.n);
    const today = Temporal.Now.plainDateISO("America/Toronto");
    const window = (days: number) => ({ from: today.add({ days }).toString(), to: today.add({ days: days + 6 }).toString() });
    const span = (days: number) => ({ from: today.add({ days }).toString(), to: today.add({ days: days + 25 }).toString() });
    // Enough free times for a booking phase at 600 a second, spread over the clinics.
    const perClinic = Math.max(20, Math.ceil((2 * 600 * DURATION) / clinics.length));
    const results: { processes: number; mixed: LoadResult; bookings: LoadResult; sweep: { connections: number; result: LoadResult }[] }[] =
      [];
    const runId = Date.now().toString(36);
    let rawSlots: Awaited<ReturnType<typeof freeTimes>> = [];
    const counts = values.processes.split(",").map(Number);
    for (const [i, processes] of counts.entries()) {
      const server = await startServer(databaseUrl, dataDir, processes);
      try {
        // Weeks beyond the seeded months (which reach three months ahead; the clinics book six ahead): four
        // for each run's bookings, four more for the raw INSERTs, never more than either can use.
        const free = await freeTimes(server.url, clinics, span(95 + i * 26).from, span(95 + i * 26).to, perClinic);
        if (i === 0) rawSlots = await freeTimes(server.url, clinics, span(147).from, span(147).to, perClinic);
        const half = Math.floor(free.length / 2);
        const base = {
          url: server.url,
          connections: CONNECTIONS,
          durationSeconds: DURATION,
          pageShare: 1 / 3,
          clinics: clinics.map((c, n) => ({
            host: `${c.slug}.${PUBLIC_HOST}`,
            serviceId: c.service_id,
            serviceSlug: c.service_slug,
            // Weeks the seeded appointments fill: availability is computed around them.
            ...window(1 + (n % 60)),
          })),
          seed: 7 + i,
        };
        // Warm each process's code and kept clinics for a few seconds first, as a running server would be.
        await generate({ ...base, durationSeconds: 5, bookingShare: 0, slots: [], run: `${runId}w${i}` });
        const mixed = await generate({ ...base, bookingShare: 0.1, slots: free.slice(0, half), run: `${runId}m${i}` });
        const bookings = await generate({ ...base, bookingShare: 1, slots: free.slice(half), run: `${runId}b${i}` });
        // Availability alone at rising load: its latency where the machine keeps up, and where it queues.
        const sweep: { connections: number; result: LoadResult }[] = [];
        for (const connections of SWEEP) {
          const result = await generate({
            ...base,
            connections,
            durationSeconds: SWEEP_SECONDS,
            bookingShare: 0,
            pageShare: 0,
            slots: [],
            run: `${runId}s${i}`,
          });
          sweep.push({ connections, result });
        }
        if (bookings.slotsLeft === 0) process.stdout.write("  (the free times ran out during the booking phase: its rate is a floor)\n");
        results.push({ processes, mixed, bookings, sweep });
        process.stdout.write(
          `${processes} process(es): mixed ${(mixed.requests / mixed.seconds).toFixed(0)}/s, bookings ${(bookings.byKind.booking.ok / bookings.seconds).toFixed(0)}/s\n`,
        );
      } finally {
        await server.stop();
      }
    }
    const raw = await rawInserts(pool, rawSlots, DURATION);

    const one = results.find((r) => r.processes === 1) ?? results[0]!;
    const two = results.find((r) => r.processes === 2) ?? results[results.length - 1]!;
    const rate = (r: LoadResult) => r.requests / r.seconds;
    const bookRate = (r: LoadResult) => r.byKind.booking.ok / r.seconds;
    const availRate = (r: LoadResult) => r.byKind.availability.count / r.seconds;
    const failures = (r: LoadResult) =>
      Object.entries(r.byKind)
        .flatMap(([kind, k]) =>
          Object.entries(k.statuses)
            .filter(([s]) => !s.startsWith("2"))
            .map(([s, n]) => `${kind} ${s}×${n}`),
        )
        .join(", ") || "none";
    const machine = `${cpus().length} cores (${cpus()[0]?.model.trim()}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
    const lines = [
      "<!-- bench:load:start -->",
      `Measured ${new Date().toISOString().slice(0, 16)}Z on ${machine}, PostgreSQL on the same machine, by \`npm run bench:load\`: ${clinics.length} clinics, about ${(rows / 1e6).toFixed(1)} million rows; ${CONNECTIONS} requests in flight from a separate autocannon process, ${DURATION} s per phase after a 5 s warm-up; every request for a clinic picked at random, by its host name (\`CLINICS_BY_HOST=1\`).`,
      "",
      "| processes | mixed: requests/s | availability p50 | p95 | pages p95 | bookings in the mix p95 | bookings only: bookings/s | booking p95 | non-2xx |",
      "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
      ...results.map(
        (r) =>
          `| ${r.processes} | ${rate(r.mixed).toFixed(0)} (${availRate(r.mixed).toFixed(0)} availability) | ${ms(r.mixed.byKind.availability.p50)} | ${ms(r.mixed.byKind.availability.p95)} | ${ms(r.mixed.byKind.page.p95)} | ${ms(r.mixed.byKind.booking.p95)} | ${bookRate(r.bookings).toFixed(0)} | ${ms(r.bookings.byKind.booking.p95)} | ${failures(r.mixed)}; ${failures(r.bookings)} |`,
      ),
      "",
      `Availability alone (\`GET /api/v1/availability\`, a week of a clinic picked at random), ${SWEEP_SECONDS} s at each number of requests in flight:`,
      "",
      "| processes | in flight | requests/s | p50 | p95 | p99 |",
      "| --- | --- | --- | --- | --- | --- |",
      ...results.flatMap((r) =>
        r.sweep.map(
          ({ connections, result }) =>
            `| ${r.processes} | ${connections} | ${availRate(result).toFixed(0)} | ${ms(result.byKind.availability.p50)} | ${ms(result.byKind.availability.p95)} | ${ms(result.byKind.availability.p99)} |`,
        ),
      ),
      "",
      `Raw SQL on the same database in the same run: ${raw.perSecond.toFixed(0)} single-row INSERTs/s into \`appointments\` (${RAW_CONNECTIONS} connections, the same exclusion constraints, ${raw.inserts} rows).`,
      "",
      `- API bookings ÷ raw INSERTs: ${((bookRate(one.bookings) / raw.perSecond) * 100).toFixed(0)} % with one process, ${((bookRate(two.bookings) / raw.perSecond) * 100).toFixed(0)} % with two.`,
      `- Availability: ${(() => {
        const best = results
          .flatMap((r) => r.sweep.map((x) => ({ processes: r.processes, ...x })))
          .filter((x) => x.result.byKind.availability.p95 <= 20);
        const top = best.sort((a, b) => availRate(b.result) - availRate(a.result))[0];
        return top
          ? `the highest rate with p95 within 20 ms was ${availRate(top.result).toFixed(0)} requests/s (${top.processes} process${top.processes > 1 ? "es" : ""}, ${top.connections} in flight, p95 ${ms(top.result.byKind.availability.p95)})`
          : "p95 was above 20 ms at every step";
      })()}.`,
      `- Two processes ÷ one: mixed requests ${(rate(two.mixed) / rate(one.mixed)).toFixed(2)}×, availability ${(availRate(two.mixed) / availRate(one.mixed)).toFixed(2)}×, bookings ${(bookRate(two.bookings) / bookRate(one.bookings)).toFixed(2)}×.`,
      "<!-- bench:load:end -->",
    ].join("\n");
    process.stdout.write(`\n${lines}\n`);
    if (!values["no-write"]) {
      const docPath = join(ROOT, "docs/performance.md");
      let doc = readFileSync(docPath, "utf8");
      if (doc.includes("<!-- bench:load:start -->")) doc = doc.replace(/<!-- bench:load:start -->[\s\S]*<!-- bench:load:end -->/, lines);
      else doc += `\n## Many clinics under load\n\n${lines}\n`;
      writeFileSync(docPath, doc);
    }
  } finally {
    await pool.end();
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
  await scratch?.drop();
}
