// Several server processes on one PostgreSQL (docs/operations.md, "Several
// processes"): WEB_CONCURRENCY, what one process keeps of a clinic between
// requests when another changes it, and a booking race across processes. The
// embedded database is one process, and says so when asked for more.
import { readdirSync, readFileSync } from "node:fs";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { consultationService, daysAhead, freeSlots } from "./booking-api.ts";
import { serverDatabaseEnv, startServer, type RunningServer } from "./server.ts";

const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

/** The processes whose parent is `pid`, read from /proc. */
function childrenOf(pid: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (parent === pid) found.push(Number(entry));
    } catch {
      // ended meanwhile
    }
  }
  return found;
}

async function until(what: string, done: () => boolean, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function timeZoneServedBy(server: RunningServer, serviceId: string): Promise<string> {
  const q = new URLSearchParams({ serviceId, from: daysAhead(7), to: daysAhead(8) });
  const res = await fetch(`${server.url}/api/v1/availability?${q}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { timeZone: string }).timeZone;
}

describe.runIf(onPostgres)("several server processes on one PostgreSQL", () => {
  it("WEB_CONCURRENCY=2 serves from two processes sharing the port, and SIGTERM stops them all", async () => {
    const server = await startServer({ env: { ...(await serverDatabaseEnv()), WEB_CONCURRENCY: "2" } });
    const primary = server.child.pid!;
    await until("two serving processes", () => server.log().includes("Dermaplan is serving from 2 processes."));
    const workers = childrenOf(primary);
    expect(workers).toHaveLength(2);
    const answers = await Promise.all(Array.from({ length: 20 }, () => fetch(`${server.url}/healthz`).then((r) => r.status)));
    expect(answers.every((s) => s === 200)).toBe(true);
    // Each process logged its own start.
    for (const pid of workers) expect(server.log()).toContain(`"pid":${pid}`);
    expect(await server.stop()).toBe(0);
    for (const pid of workers) expect(() => process.kill(pid, 0), `process ${pid} stopped`).toThrow();
  });

  it("replaces a process that dies, and the port keeps answering", async () => {
    const server = await startServer({ env: { ...(await serverDatabaseEnv()), WEB_CONCURRENCY: "2" } });
    try {
      const primary = server.child.pid!;
      await until("two serving processes", () => server.log().includes("Dermaplan is serving from 2 processes."));
      const [victim, survivor] = childrenOf(primary);
      process.kill(victim!, "SIGKILL");
      await until("the replacement to serve", () => server.log().includes("The new server process is serving."));
      expect(server.log()).toContain("A server process ended (SIGKILL); starting another.");
      const now = childrenOf(primary);
      expect(now).toHaveLength(2);
      expect(now).toContain(survivor);
      expect(now).not.toContain(victim);
      // Fresh connections, each handed to one of the two processes: all answered.
      const answers = await Promise.all(
        Array.from({ length: 20 }, () =>
          fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(10_000), headers: { connection: "close" } }).then((r) => r.status),
        ),
      );
      expect(answers.every((s) => s === 200)).toBe(true);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it("a change made outside a process is seen by it at its next request, with no waiting", async () => {
    const env = await serverDatabaseEnv();
    const a = await startServer({ env });
    const b = await startServer({ env });
    try {
      const serviceId = (await consultationService(a.url)).id;
      // Both have read the clinic, and keep it.
      expect(await timeZoneServedBy(a, serviceId)).toBe("America/Toronto");
      expect(await timeZoneServedBy(b, serviceId)).toBe("America/Toronto");
      const sql = new pg.Client({ connectionString: env.DATABASE_URL });
      await sql.connect();
      try {
        await sql.query("UPDATE locations SET time_zone = 'America/Vancouver'");
      } finally {
        await sql.end();
      }
      expect(await timeZoneServedBy(b, serviceId)).toBe("America/Vancouver");
      expect(await timeZoneServedBy(a, serviceId)).toBe("America/Vancouver");
    } finally {
      await a.stop();
      await b.stop();
    }
  });

  it("a time asked for by twenty visitors through two processes at once is booked once", async () => {
    const env = await serverDatabaseEnv();
    const a = await startServer({ env });
    const b = await startServer({ env });
    try {
      const serviceId = (await consultationService(a.url)).id;
      const [slot] = await freeSlots(a.url, { serviceId, from: daysAhead(7), to: daysAhead(9) });
      const statuses = await Promise.all(
        Array.from({ length: 20 }, async (_, i) => {
          const res = await fetch(`${(i % 2 ? a : b).url}/api/v1/bookings`, {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({
              serviceId,
              start: slot!.start,
              practitionerId: slot!.practitionerId,
              client: { name: `Racer ${i}`, email: `racer${i}@example.test` },
            }),
          });
          return res.status;
        }),
      );
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(statuses.filter((s) => s !== 201).every((s) => s === 409)).toBe(true);
      const sql = new pg.Client({ connectionString: env.DATABASE_URL });
      await sql.connect();
      try {
        const { rows } = await sql.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM appointments WHERE starts_at = $1 AND status = 'booked' AND practitioner_id = $2",
          [slot!.start, slot!.practitionerId],
        );
        expect(rows[0]!.n).toBe(1);
      } finally {
        await sql.end();
      }
    } finally {
      await a.stop();
      await b.stop();
    }
  });
});

describe.runIf(!onPostgres)("WEB_CONCURRENCY on the embedded database", () => {
  it("runs one process and says why", async () => {
    const server = await startServer({ env: { WEB_CONCURRENCY: "3" } });
    try {
      expect(server.log()).toContain("WEB_CONCURRENCY=3 asks for 3 server processes, but the embedded database");
      expect(childrenOf(server.child.pid!)).toHaveLength(0);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      await server.stop();
    }
  });
});
