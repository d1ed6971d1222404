// The server as a process: the built client, crash safety, one opener per
// data folder, clean shutdown, backup and restore.
import { execFile, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { consultationService, daysAhead, freeSlots } from "./booking-api.ts";
import { ROOT, serverDatabaseEnv, startServer } from "./server.ts";

async function consultation(url: string): Promise<string> {
  return (await consultationService(url)).id;
}

/** The free times of `days` days from a week ahead. */
async function slots(url: string, serviceId: string, days: number) {
  return freeSlots(url, { serviceId, from: daysAhead(7), to: daysAhead(7 + days) });
}

describe("the built client", () => {
  it("carries no server code: no database engine, no driver, nothing over 300 KB", () => {
    const dir = join(ROOT, "build/client/assets");
    for (const file of readdirSync(dir)) {
      expect(file, file).not.toMatch(/\.(wasm|data)$/);
      expect(statSync(join(dir, file)).size, file).toBeLessThan(300 * 1024);
    }
  });
});

describe("the server process", () => {
  it("keeps every booking it answered 201 for when it is killed mid-burst", async () => {
    const dbEnv = await serverDatabaseEnv();
    const first = await startServer({ env: dbEnv });
    const serviceId = await consultation(first.url);
    const free = await slots(first.url, serviceId, 20);
    const confirmed: { id: string; token: string }[] = [];
    let killed = false;
    const attempts = free.slice(0, 400).map(async (slot, i) => {
      // Spread the burst so the kill lands in the middle of it.
      await new Promise((r) => setTimeout(r, i * 2));
      try {
        const res = await fetch(`${first.url}/api/v1/bookings`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({
            serviceId,
            start: slot.start,
            practitionerId: slot.practitionerId,
            client: { name: "Crash Test", email: `crash${i}@example.test` },
          }),
        });
        if (res.status === 201) {
          const body = (await res.json()) as { id: string; manageUrl: string };
          confirmed.push({ id: body.id, token: new URL(body.manageUrl).searchParams.get("token")! });
        }
      } catch {
        // connection cut by the kill: no answer, no promise made
      }
    });
    const killer = (async () => {
      while (confirmed.length < 20) await new Promise((r) => setTimeout(r, 5));
      first.child.kill("SIGKILL");
      killed = true;
    })();
    await Promise.all([...attempts, killer]);
    expect(killed).toBe(true);
    expect(confirmed.length).toBeGreaterThanOrEqual(20);
    await first.stop();

    const second = await startServer({ dataDir: first.dataDir, env: dbEnv });
    try {
      for (const b of confirmed) {
        const res = await fetch(`${second.url}/api/v1/bookings/${b.id}?token=${b.token}`);
        expect(res.status, `booking ${b.id}`).toBe(200);
      }
    } finally {
      await second.stop();
    }
  });

  it("refuses a second process on the same data folder with a clear message", async () => {
    const running = await startServer();
    try {
      // Not spawnSync: the first server's output must keep flowing while the second starts.
      const result = await new Promise<{ status: number | null; stderr: string }>((resolveRun) => {
        execFile(
          process.execPath,
          [join(ROOT, "server/main.ts")],
          { cwd: ROOT, env: { ...running.env, PORT: "0" }, encoding: "utf8", timeout: 60_000, killSignal: "SIGKILL" },
          (error, _stdout, stderr) => resolveRun({ status: error ? (typeof error.code === "number" ? error.code : null) : 0, stderr }),
        );
      });
      expect(result.status, result.stderr).toBe(1);
      expect(result.stderr).toContain("already open in another Dermaplan process");
      // The first one is unharmed.
      expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
    } finally {
      await running.stop();
    }
  });

  it("backs up a stopped embedded database and restores it into an empty folder", async () => {
    const running = await startServer();
    const serviceId = await consultation(running.url);
    const [slot] = await slots(running.url, serviceId, 5);
    const res = await fetch(`${running.url}/api/v1/bookings`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ serviceId, start: slot!.start, client: { name: "Backup Test", email: "backup@example.test" } }),
    });
    const booking = (await res.json()) as { id: string; manageUrl: string };
    const whileRunning = spawnSync(process.execPath, [join(ROOT, "scripts/backup.ts"), join(running.dataDir, "b.tgz")], {
      cwd: ROOT,
      env: running.env,
      encoding: "utf8",
    });
    expect(whileRunning.status).toBe(1);
    expect(whileRunning.stderr).toContain("Stop the server");
    await running.stop();

    const file = join(running.dataDir, "backup.tar.gz");
    const backup = spawnSync(process.execPath, [join(ROOT, "scripts/backup.ts"), file], { cwd: ROOT, env: running.env, encoding: "utf8" });
    expect(backup.status, backup.stderr).toBe(0);
    const target = mkdtempSync(join(tmpdir(), "dermaplan-restore-"));
    const restore = spawnSync(process.execPath, [join(ROOT, "scripts/restore.ts"), file], {
      cwd: ROOT,
      env: { ...running.env, DATA_DIR: target },
      encoding: "utf8",
    });
    expect(restore.status, restore.stderr).toBe(0);
    const again = spawnSync(process.execPath, [join(ROOT, "scripts/restore.ts"), file], {
      cwd: ROOT,
      env: { ...running.env, DATA_DIR: target },
      encoding: "utf8",
    });
    expect(again.status).toBe(1);

    const restored = await startServer({ dataDir: target });
    try {
      const token = new URL(booking.manageUrl).searchParams.get("token");
      expect((await fetch(`${restored.url}/api/v1/bookings/${booking.id}?token=${token}`)).status).toBe(200);
    } finally {
      await restored.stop();
    }
  });

  it("shuts down cleanly on SIGTERM and opens again", async () => {
    const running = await startServer();
    const code = await running.stop("SIGTERM");
    expect(code).toBe(0);
    expect(running.log()).toContain("stopped cleanly");
    expect(existsSync(join(running.dataDir, "dermaplan.lock"))).toBe(false);
    const again = await startServer({ dataDir: running.dataDir });
    expect((await fetch(`${again.url}/api/v1/services`)).status).toBe(200);
    await again.stop();
  });
});
