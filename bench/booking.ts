// `npm run bench:booking`: availability latency, booking throughput through the
// HTTP API next to raw SQL INSERTs on the same database in the same run, and
// cold start to /healthz. Prints the figures and writes docs/performance.md.
// Set BENCH_DATABASE_URL=postgres://… to measure PostgreSQL as well as PGlite.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, totalmem, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { asc, eq, sql } from "drizzle-orm";
import { Temporal } from "temporal-polyfill";
import { startServer } from "../server/main.ts";
import { postgresDatabase } from "./postgres.ts";
import { ms, percentile, timed, timingOf, type Timing } from "./timing.ts";
import { appointments, clients, practitioners, services } from "../src/db/schema.ts";
import { getAvailability } from "../src/scheduling/availability.ts";
import { loadClinic } from "../src/scheduling/clinic.ts";
import { computeSlots, type Busy } from "../src/scheduling/slots.ts";

const ROOT = resolve(import.meta.dirname, "..");
const ITERATIONS = 200;
const BOOKINGS = 300;
const CONCURRENCY = 8;
const PREFILL_PER_PRACTITIONER = 120;
const COLD_STARTS = 5;

async function pool<T>(items: T[], concurrency: number, work: (item: T, i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const i = next++;
        await work(items[i]!, i);
      }
    }),
  );
}

interface Figures {
  database: string;
  availabilityOne: Timing;
  availabilityClinic: Timing;
  apiPerSecond: number;
  sqlPerSecond: number;
  apiBooked: number;
}

async function measure(database: "pglite" | "postgres", databaseUrl?: string): Promise<Figures> {
  const dataDir = mkdtempSync(join(tmpdir(), "dermaplan-bench-"));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: "0",
    LOG_LEVEL: "silent",
    DEMO_OWNER_PASSWORD: "bench-owner-password",
  };
  delete env.DATABASE_URL;
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  const running = await startServer(env);
  const { db, organizationId } = running.services;
  const url = `http://127.0.0.1:${running.port}`;
  try {
    const clinic = await loadClinic(db, organizationId);
    const tz = clinic.location.timeZone;
    const [consultation] = await db.select().from(services).where(eq(services.slug, "consultation"));
    const staff = await db
      .select()
      .from(practitioners)
      .where(eq(practitioners.organizationId, organizationId))
      .orderBy(asc(practitioners.sortOrder));
    const from = Temporal.Now.plainDateISO(tz).add({ days: 3 });
    const to = from.add({ days: 29 });

    // A realistic month: each practitioner already has appointments booked.
    const now = Date.now();
    const prefill = await getAvailability(db, { clinic, service: consultation!, from: from.toString(), to: to.toString(), now });
    const perPractitioner = new Map<string, number>();
    let clientNo = 0;
    for (const slot of prefill) {
      const count = perPractitioner.get(slot.practitionerId) ?? 0;
      if (count >= PREFILL_PER_PRACTITIONER || slot.start % (60 * 60_000) !== 0) continue;
      perPractitioner.set(slot.practitionerId, count + 1);
      const [client] = await db
        .insert(clients)
        .values({
          organizationId,
          name: "Bench",
          email: `prefill${clientNo}@bench.test`,
          emailNormalized: `prefill${clientNo++}@bench.test`,
        })
        .returning();
      await db
        .insert(appointments)
        .values({
          organizationId,
          locationId: clinic.location.id,
          serviceId: consultation!.id,
          practitionerId: slot.practitionerId,
          roomId: null,
          clientId: client!.id,
          status: "booked",
          startsAt: new Date(slot.start),
          endsAt: new Date(slot.end),
          blockedFrom: new Date(slot.start),
          blockedUntil: new Date(slot.end),
        })
        .onConflictDoNothing();
    }

    const time = (practitionerId?: string) =>
      timed(
        () =>
          getAvailability(db, {
            clinic,
            service: consultation!,
            practitionerId,
            from: from.toString(),
            to: to.toString(),
            now: Date.now(),
          }),
        { iterations: ITERATIONS },
      );
    const availabilityOne = await time(staff[0]!.id);
    const availabilityClinic = await time();

    // API bookings: distinct free slots, CONCURRENCY requests at a time.
    const later = from.add({ days: 35 });
    const slotRes = await fetch(`${url}/api/v1/availability?serviceId=${consultation!.id}&from=${later}&to=${later.add({ days: 61 })}`);
    const free = ((await slotRes.json()) as { slots: { start: string; practitionerId: string }[] }).slots;
    // On the hour through the API, on the half hour by raw SQL: the two sets never overlap.
    const minute = (s: { start: string }) => Number(s.start.slice(14, 16));
    const apiTargets = free.filter((s) => minute(s) === 0).slice(0, BOOKINGS);
    const sqlTargets = free.filter((s) => minute(s) === 30).slice(0, BOOKINGS);
    let booked = 0;
    const apiStart = performance.now();
    await pool(apiTargets, CONCURRENCY, async (slot, i) => {
      const res = await fetch(`${url}/api/v1/bookings`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({
          serviceId: consultation!.id,
          start: slot.start,
          practitionerId: slot.practitionerId,
          client: { name: "Bench Client", email: `api${i}@bench.test` },
        }),
      });
      if (res.status === 201) booked++;
      else if (process.env.BENCH_DEBUG) process.stderr.write(`${res.status} ${await res.text()}\n`);
      if (!res.bodyUsed) await res.arrayBuffer();
    });
    const apiSeconds = (performance.now() - apiStart) / 1000;

    // Raw SQL: the same number of INSERTs into the same table, under the same constraints.
    const clientIds: string[] = [];
    for (let i = 0; i < sqlTargets.length; i++) {
      const [c] = await db
        .insert(clients)
        .values({ organizationId, name: "Raw", email: `raw${i}@bench.test`, emailNormalized: `raw${i}@bench.test` })
        .returning();
      clientIds.push(c!.id);
    }
    const sqlStart = performance.now();
    await pool(sqlTargets, CONCURRENCY, async (slot, i) => {
      const start = new Date(Date.parse(slot.start));
      const end = new Date(start.getTime() + consultation!.durationMinutes * 60_000);
      await db.execute(sql`
        INSERT INTO appointments (organization_id, location_id, service_id, practitioner_id, client_id, status, starts_at, ends_at, blocked_from, blocked_until, source)
        VALUES (${organizationId}, ${clinic.location.id}, ${consultation!.id}, ${slot.practitionerId}, ${clientIds[i]}, 'booked', ${start}, ${end}, ${start}, ${end}, 'api')`);
    });
    const sqlSeconds = (performance.now() - sqlStart) / 1000;
    return {
      database,
      availabilityOne,
      availabilityClinic,
      apiPerSecond: booked / apiSeconds,
      sqlPerSecond: sqlTargets.length / sqlSeconds,
      apiBooked: booked,
    };
  } finally {
    await running.stop();
    running.server.closeAllConnections();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Process start to the first 200 from /healthz, on a data folder that already exists. */
async function coldStarts(): Promise<{ fresh: number; reopen: number[] }> {
  const dataDir = mkdtempSync(join(tmpdir(), "dermaplan-cold-"));
  const once = async () => {
    const port = 20000 + Math.floor(Math.random() * 20000);
    const began = performance.now();
    const child = spawn(process.execPath, [join(ROOT, "server/main.ts")], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        DATA_DIR: dataDir,
        PORT: String(port),
        LOG_LEVEL: "silent",
        DEMO_OWNER_PASSWORD: "bench-owner-password",
      },
      stdio: "ignore",
    });
    for (;;) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
      } catch {
        // not yet
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    const elapsed = performance.now() - began;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await exited;
    return elapsed;
  };
  const fresh = await once();
  const reopen: number[] = [];
  for (let i = 0; i < COLD_STARTS; i++) reopen.push(await once());
  rmSync(dataDir, { recursive: true, force: true });
  return { fresh, reopen };
}

/** The slot engine alone: one practitioner, a 30-day month, 200 busy ranges, two rooms. */
function engineOnly(): Timing {
  const day = [{ start: "08:00", end: "20:00" }];
  const from = Temporal.PlainDate.from("2027-04-01");
  const first = from.toZonedDateTime({ timeZone: "America/Toronto", plainTime: "08:00" }).epochMilliseconds;
  const busy: Busy[] = Array.from({ length: 200 }, (_, i) => ({
    start: first + i * 217 * 60_000,
    end: first + i * 217 * 60_000 + 45 * 60_000,
  }));
  const req = {
    timeZone: "America/Toronto",
    durationMinutes: 60,
    bufferBeforeMinutes: 10,
    bufferAfterMinutes: 10,
    minimumNoticeMinutes: 120,
    horizonDays: 180,
    stepMinutes: 15,
    from: from.toString(),
    to: from.add({ days: 29 }).toString(),
    now: first - 86_400_000,
    practitioners: [
      { id: "p", weeklyHours: { 1: day, 2: day, 3: day, 4: day, 5: day, 6: day, 7: day }, exceptions: [], timeOff: [], busy },
    ],
    rooms: [
      { id: "a", busy: busy.filter((_, i) => i % 2 === 0) },
      { id: "b", busy: busy.filter((_, i) => i % 3 === 0) },
    ],
  };
  const samples: number[] = [];
  for (let i = 0; i < ITERATIONS + 20; i++) {
    const t = performance.now();
    computeSlots(req);
    if (i >= 20) samples.push(performance.now() - t);
  }
  return timingOf(samples);
}

const engine = engineOnly();
const results: Figures[] = [await measure("pglite")];
if (process.env.BENCH_DATABASE_URL) {
  const target = await postgresDatabase(process.env.BENCH_DATABASE_URL);
  try {
    results.push(await measure("postgres", target.url));
  } finally {
    await target.drop();
  }
}
const cold = await coldStarts();

const lines: string[] = [];
for (const r of results) {
  lines.push(
    `| ${r.database} | ${ms(r.availabilityOne.p50)} | ${ms(r.availabilityOne.p95)} | ${ms(r.availabilityClinic.p50)} | ${ms(r.availabilityClinic.p95)} | ${r.apiPerSecond.toFixed(0)}/s (${r.apiBooked} booked) | ${r.sqlPerSecond.toFixed(0)}/s | ${(r.apiPerSecond / r.sqlPerSecond).toFixed(2)} |`,
  );
}
const coldP50 = percentile(cold.reopen, 50);
const coldMax = Math.max(...cold.reopen);
const machine = `${cpus().length} cores (${cpus()[0]?.model.trim()}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
const report = [
  "<!-- bench:booking:start -->",
  `Measured ${new Date().toISOString().slice(0, 16)}Z on ${machine}, by \`npm run bench:booking\`.`,
  "",
  `Availability: ${ITERATIONS} calls each over a 30-day month in which every practitioner already has up to ${PREFILL_PER_PRACTITIONER} appointments. Bookings: ${BOOKINGS} distinct free slots, ${CONCURRENCY} requests in flight, through \`POST /api/v1/bookings\` (JSON parsing, validation, slot engine check, client upsert, insert, audit row, e-mail in the outbox, all in one transaction) against the same number of single-row \`INSERT\`s into the same table under the same exclusion constraints, on the same database in the same run.`,
  "",
  "| database | one practitioner-month p50 | p95 | whole clinic p50 | p95 | API bookings | raw SQL INSERTs | API ÷ SQL |",
  "| --- | --- | --- | --- | --- | --- | --- | --- |",
  ...lines,
  "",
  `The slot engine alone (no database), one practitioner-month with 200 busy ranges and two rooms: p50 ${ms(engine.p50)}, p95 ${ms(engine.p95)}.`,
  "",
  `Cold start to the first 200 from \`/healthz\`: first start on an empty folder (migrate, load the demo clinic) ${ms(cold.fresh)}; reopening an existing folder, ${COLD_STARTS} runs: median ${ms(coldP50)}, slowest ${ms(coldMax)}.`,
  "<!-- bench:booking:end -->",
].join("\n");

process.stdout.write(`${report}\n`);
const docPath = join(ROOT, "docs/performance.md");
let doc: string;
try {
  doc = readFileSync(docPath, "utf8");
} catch {
  doc = "# Performance\n\n<!-- bench:booking:start -->\n<!-- bench:booking:end -->\n";
}
doc = doc.replace(/<!-- bench:booking:start -->[\s\S]*<!-- bench:booking:end -->/, report);
writeFileSync(docPath, doc);
process.exit(0);
