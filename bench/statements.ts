// `node bench/statements.ts`: the SQL statements one availability request and
// one booking through the API send to PostgreSQL (BENCH_DATABASE_URL, default
// the local test server), listed and counted.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { eq } from "drizzle-orm";
import { Temporal } from "temporal-polyfill";
import { startServer } from "../server/main.ts";
import { services } from "../src/db/schema.ts";
import { postgresDatabase } from "./postgres.ts";

const seen: string[] = [];
let recording = false;
const original = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  if (recording) {
    const first = args[0] as string | { text?: string };
    seen.push((typeof first === "string" ? first : (first?.text ?? "?")).replace(/\s+/g, " ").slice(0, 160));
  }
  return (original as (...a: unknown[]) => unknown).apply(this, args);
} as typeof pg.Client.prototype.query;

const database = await postgresDatabase(process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test");
const dataDir = mkdtempSync(join(tmpdir(), "dermaplan-statements-"));
try {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: "0",
    LOG_LEVEL: "silent",
    DATABASE_URL: database.url,
    DEMO_OWNER_PASSWORD: "bench-owner-password",
  };
  const running = await startServer(env);
  const url = `http://127.0.0.1:${running.port}`;
  try {
    const [consultation] = await running.services.db.select().from(services).where(eq(services.slug, "consultation"));
    const from = Temporal.Now.plainDateISO("America/Toronto").add({ days: 10 });
    const ask = () => fetch(`${url}/api/v1/availability?serviceId=${consultation!.id}&from=${from}&to=${from.add({ days: 6 })}`);
    await (await ask()).json();
    const book = async (n: number, slot: { start: string; practitionerId: string }) =>
      fetch(`${url}/api/v1/bookings`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({
          serviceId: consultation!.id,
          start: slot.start,
          practitionerId: slot.practitionerId,
          client: { name: "Probe", email: `probe${n}@bench.test` },
        }),
      });
    const warm = (await (await ask()).json()) as { slots: { start: string; practitionerId: string }[] };
    await (await book(0, warm.slots[0]!)).text();
    for (const [label, run] of [
      ["availability, 7 days", async () => (await ask()).text()],
      [
        "booking",
        async () => {
          const r = await book(1, warm.slots[5]!);
          if (r.status !== 201) throw new Error(`${r.status} ${await r.text()}`);
          await r.text();
        },
      ],
    ] as const) {
      seen.length = 0;
      recording = true;
      await run();
      recording = false;
      console.log(`\n${label}: ${seen.length} statements`);
      for (const s of seen) console.log(`  ${s}`);
    }
  } finally {
    await running.stop();
    running.server.closeAllConnections();
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
  await database.drop();
}
