// `npm run bench:series`: the series planner against a clinic whose calendar is
// booked solid up to the horizon, with one free hour every third working day
// per practitioner. Prints p50/p95 and writes them to docs/performance.md
// between the bench:series markers. Set BENCH_DATABASE_URL=postgres://… to
// measure PostgreSQL as well as PGlite.
import { readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { eq } from "drizzle-orm";
import { Temporal } from "temporal-polyfill";
import { loadDemoClinic } from "../src/db/demo.ts";
import { migrate, openDatabase, type Database } from "../src/db/open.ts";
import { appointments, clients, rooms, services } from "../src/db/schema.ts";
import { proposeSeries } from "../src/plans/series-db.ts";
import { planSeries } from "../src/plans/series.ts";
import { postgresDatabase } from "./postgres.ts";
import { ms, timed as timedRuns, type Timing } from "./timing.ts";
import { getAvailability, loadSlotCalendars } from "../src/scheduling/availability.ts";
import { listPractitioners, loadClinic } from "../src/scheduling/clinic.ts";
import { computeSlots, type Slot } from "../src/scheduling/slots.ts";
import { addDays, localDateOf, todayIn, toOffsetIso } from "../src/scheduling/time.ts";

const ROOT = resolve(import.meta.dirname, "..");
const ITERATIONS = 200;
const WARMUP = 10;
const SESSIONS = 6;
const INTERVAL_MIN_DAYS = 21;
const INTERVAL_MAX_DAYS = 35;
/** Every GAP_EVERY-th working day of each practitioner keeps one bookable hour free. */
const GAP_EVERY = 3;

/** Timed after a warm-up, as the report says. */
const timed = (work: () => unknown | Promise<unknown>): Promise<Timing> => timedRuns(work, { iterations: ITERATIONS, warmup: WARMUP });

interface Figures {
  database: string;
  booked: number;
  days: number;
  anyone: Timing;
  one: Timing;
  plannerOnly: Timing;
  placed: string;
}

async function measure(database: Database, label: string): Promise<Figures> {
  const { db } = database;
  await migrate(database);
  const { organizationId } = await loadDemoClinic(db, { ownerPassword: "bench-owner-password" });
  const clinic = await loadClinic(db, organizationId);
  const tz = clinic.location.timeZone;
  const [service] = await db.select().from(services).where(eq(services.slug, "microneedling-face"));
  const staff = await listPractitioners(db, organizationId);
  const roomRows = await db.select().from(rooms).where(eq(rooms.organizationId, organizationId));
  const now = Date.now();
  const today = todayIn(tz, now);
  const earliestDate = addDays(today, 3);
  const lastBookable = addDays(today, clinic.settings.horizonDays);

  // Book every practitioner solid from the earliest date to the horizon, each
  // in a room of their own so a free hour also has a free room; every third
  // working day the third appointment of the day is left out.
  let booked = 0;
  for (const [n, p] of staff.entries()) {
    const [client] = await db
      .insert(clients)
      .values({ organizationId, name: "Bench", email: `series${n}@bench.test`, emailNormalized: `series${n}@bench.test` })
      .returning();
    const free = await getAvailability(db, { clinic, service: service!, practitionerId: p.id, from: earliestDate, to: lastBookable, now });
    const rows: (typeof appointments.$inferInsert)[] = [];
    let blockedUntil = 0;
    let day = "";
    let dayNumber = -1;
    let nthToday = 0;
    for (const slot of free) {
      if (slot.start < blockedUntil) continue;
      const date = localDateOf(slot.start, tz);
      if (date !== day) {
        day = date;
        dayNumber++;
        nthToday = 0;
      }
      nthToday++;
      const until = slot.end + service!.bufferAfterMinutes * 60_000;
      blockedUntil = until;
      if (dayNumber % GAP_EVERY === 1 && nthToday === 3) continue;
      rows.push({
        organizationId,
        locationId: clinic.location.id,
        serviceId: service!.id,
        practitionerId: p.id,
        roomId: roomRows[n % roomRows.length]!.id,
        clientId: client!.id,
        status: "booked",
        startsAt: new Date(slot.start),
        endsAt: new Date(slot.end),
        blockedFrom: new Date(slot.start),
        blockedUntil: new Date(until),
        source: "staff",
      });
    }
    for (let i = 0; i < rows.length; i += 250) await db.insert(appointments).values(rows.slice(i, i + 250));
    booked += rows.length;
  }

  const plan = {
    sessions: SESSIONS,
    intervalMinDays: INTERVAL_MIN_DAYS,
    intervalMaxDays: INTERVAL_MAX_DAYS,
    earliestDate,
    preferredTime: "10:00",
    now,
  };
  const options = { clinic, service: service!, ...plan };
  const sample = await proposeSeries(db, options);
  const placed = sample.sessions
    .map((s) => (s.status === "unplaced" ? s.reason : toOffsetIso(s.slot.start, tz).slice(5, 16).replace("T", " ")))
    .join(", ");
  if (!sample.complete) process.stderr.write(`warning: the sample plan is not complete: ${placed}\n`);

  const anyone = await timed(() => proposeSeries(db, options));
  const one = await timed(() => proposeSeries(db, { ...options, practitionerId: staff[0]!.id }));

  // The same planning in memory over calendars loaded once: what the database read costs is the difference.
  const { names: _names, ...base } = await loadSlotCalendars(db, { clinic, service: service!, from: earliestDate, to: lastBookable, now });
  const slots = (from: string, to: string): Slot[] => computeSlots({ ...base, from, to });
  const plannerOnly = await timed(() => planSeries({ timeZone: tz, ...plan, horizonDays: base.horizonDays, slots }));

  const days = Temporal.PlainDate.from(earliestDate).until(lastBookable).days + 1;
  return { database: label, booked, days, anyone, one, plannerOnly, placed };
}

const results: Figures[] = [];
{
  const database = await openDatabase({ kind: "pglite", dataDir: null });
  try {
    results.push(await measure(database, "pglite"));
  } finally {
    await database.close();
  }
}
if (process.env.BENCH_DATABASE_URL) {
  const target = await postgresDatabase(process.env.BENCH_DATABASE_URL);
  const database = await openDatabase({ kind: "postgres", url: target.url });
  try {
    results.push(await measure(database, "postgres"));
  } finally {
    await database.close();
    await target.drop();
  }
}

const machine = `${cpus().length} cores (${cpus()[0]?.model.trim()}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
const first = results[0]!;
const report = [
  "<!-- bench:series:start -->",
  `Measured ${new Date().toISOString().slice(0, 16)}Z on ${machine}, by \`npm run bench:series\`.`,
  "",
  `${SESSIONS} sessions, ${INTERVAL_MIN_DAYS}–${INTERVAL_MAX_DAYS} days apart, preferred time 10:00, against the demo clinic booked solid for ${first.days} days (earliest date to the horizon: ${first.booked} appointments over two practitioners, one free hour every ${GAP_EVERY} working days each). ${ITERATIONS} calls each after ${WARMUP} warm-up calls. Sample plan (clinic time): ${first.placed}.`,
  "",
  "| database | proposeSeries, anyone p50 | p95 | one practitioner p50 | p95 | planner alone, in memory p50 | p95 |",
  "| --- | --- | --- | --- | --- | --- | --- |",
  ...results.map(
    (r) =>
      `| ${r.database} | ${ms(r.anyone.p50)} | ${ms(r.anyone.p95)} | ${ms(r.one.p50)} | ${ms(r.one.p95)} | ${ms(r.plannerOnly.p50)} | ${ms(r.plannerOnly.p95)} |`,
  ),
  "<!-- bench:series:end -->",
].join("\n");

process.stdout.write(`${report}\n`);
const docPath = join(ROOT, "docs/performance.md");
let doc = readFileSync(docPath, "utf8");
if (!doc.includes("<!-- bench:series:start -->")) {
  doc = `${doc.trimEnd()}\n\n## Series planner\n\n<!-- bench:series:start -->\n<!-- bench:series:end -->\n`;
}
doc = doc.replace(/<!-- bench:series:start -->[\s\S]*<!-- bench:series:end -->/, report);
writeFileSync(docPath, doc);
process.exit(0);
