// Several clinics' public sites from one deployment (CLINICS_BY_HOST=1,
// docs/operations.md "Many clinics from one deployment"): each request is
// served as the clinic its Host names, links written for a clinic point at its
// own address, and a name that is no clinic's is a 404.
import { request } from "node:http";
import { describe, expect, it } from "vitest";
import { insertClinic, insertPractitioner } from "../src/db/clinic-rows.ts";
import { openDatabase } from "../src/db/open.ts";
import { appointments, servicePrices, services } from "../src/db/schema.ts";
import { eq } from "drizzle-orm";
import { daysAhead } from "./booking-api.ts";
import { freePort, linkFromOutbox, OWNER_EMAIL, OWNER_PASSWORD, serverDatabaseEnv, startServer } from "./server.ts";

const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

/** A request with the Host header given (fetch does not let a caller set it). */
function send(
  port: number,
  host: string,
  path: string,
  o: { method?: string; body?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method: o.method ?? "GET", headers: { host, ...o.headers } }, (res) => {
      let data = "";
      res.on("data", (d) => (data += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text: data }));
    });
    req.once("error", reject);
    req.end(o.body);
  });
}

async function ask(port: number, host: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await send(port, host, path, {
    method: body === undefined ? "GET" : "POST",
    body: body === undefined ? undefined : JSON.stringify(body),
    headers: { accept: "application/json", ...(body === undefined ? {} : { "content-type": "application/json" }) },
  });
  return { status: res.status, json: res.text ? (JSON.parse(res.text) as Record<string, unknown>) : {} };
}

describe("CLINICS_BY_HOST without PUBLIC_URL", () => {
  it("refuses to start and says what is missing", async () => {
    await expect(startServer({ env: { CLINICS_BY_HOST: "1" } })).rejects.toThrow(/CLINICS_BY_HOST: needs PUBLIC_URL/);
  });
});

describe.runIf(onPostgres)("several clinics from one deployment, chosen by host name", () => {
  it("serves each clinic at its own name, links to it there, and knows no other name", async () => {
    const env = await serverDatabaseEnv();
    const port = await freePort();
    const server = await startServer({ port, env: { ...env, CLINICS_BY_HOST: "1", PUBLIC_URL: `http://clinics.test:${port}` } });
    const database = await openDatabase({ kind: "postgres", url: env.DATABASE_URL!, poolSize: 2 });
    try {
      // A second clinic, added while the server runs.
      const { organizationId: north, locationId } = await insertClinic(database.db, {
        organization: { slug: "north-spa", name: "North Spa" },
        settings: { minimumNoticeMinutes: 60, horizonDays: 90, slotStepMinutes: 30, cancellationWindowMinutes: 1440, holdMinutes: 10 },
        location: {
          name: "North",
          street: "",
          city: "Vancouver",
          region: "BC",
          postalCode: "",
          country: "CA",
          phone: "(604) 555-0100",
          email: "hello@north.example.test",
          timeZone: "America/Vancouver",
        },
      });
      const [service] = await database.db
        .insert(services)
        .values({
          organizationId: north,
          slug: "consultation",
          name: "North consultation",
          kind: "consultation",
          durationMinutes: 30,
          requiresRoom: false,
          sortOrder: 1,
        })
        .returning();
      await database.db
        .insert(servicePrices)
        .values({ organizationId: north, serviceId: service!.id, effectiveFrom: "2026-01-01", priceCents: 0, currency: "CAD" });
      const day = { startTime: "09:00", endTime: "17:00" };
      await insertPractitioner(database.db, {
        practitioner: { organizationId: north, locationId, name: "Nora North", sortOrder: 1 },
        hours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, ...day })),
        serviceIds: [service!.id],
      });

      const northHost = `north-spa.clinics.test:${port}`;
      const listed = await ask(port, northHost, "/api/v1/services");
      expect(listed.status).toBe(200);
      expect((listed.json.services as { name: string }[]).map((s) => s.name)).toEqual(["North consultation"]);
      // The deployment's own name serves its default clinic (the demo clinic here), which knows nothing of North's ids.
      const own = await ask(port, `clinics.test:${port}`, "/api/v1/services");
      expect((own.json.services as { name: string }[]).map((s) => s.name)).not.toContain("North consultation");
      const foreign = await ask(
        port,
        `clinics.test:${port}`,
        `/api/v1/availability?serviceId=${service!.id}&from=${daysAhead(3)}&to=${daysAhead(4)}`,
      );
      expect(foreign.status).toBe(422);

      // Names that are no clinic's: a 404, never another clinic.
      for (const host of [`south-spa.clinics.test:${port}`, "evil.example", `a.north-spa.clinics.test:${port}`]) {
        const res = await ask(port, host, "/api/v1/services");
        expect(res.status, host).toBe(404);
      }

      // A booking at North is North's, in North's time zone, and its links point at North's address.
      const free = await ask(port, northHost, `/api/v1/availability?serviceId=${service!.id}&from=${daysAhead(3)}&to=${daysAhead(5)}`);
      expect(free.json.timeZone).toBe("America/Vancouver");
      const slot = (free.json.slots as { start: string; practitionerId: string }[])[0]!;
      const booked = await ask(port, northHost, "/api/v1/bookings", {
        serviceId: service!.id,
        start: slot.start,
        practitionerId: slot.practitionerId,
        client: { name: "Host Visitor", email: "host.visitor@example.test" },
      });
      expect(booked.status).toBe(201);
      expect(booked.json.manageUrl).toMatch(new RegExp(`^http://north-spa\\.clinics\\.test:${port}/manage/`));
      const [row] = await database.db
        .select()
        .from(appointments)
        .where(eq(appointments.id, booked.json.id as string));
      expect(row!.organizationId).toBe(north);
      // Its public pages are North's.
      const home = await send(port, northHost, "/", { headers: { accept: "text/html" } });
      expect(home.status).toBe(200);
      expect(home.text).toContain("North Spa");
      expect(home.text).not.toContain("Jolanta");

      // The default clinic's owner has no staff access at North's address: refused, and no session kept.
      const signIn = await send(port, northHost, "/login", {
        method: "POST",
        body: new URLSearchParams({ email: OWNER_EMAIL, password: OWNER_PASSWORD }).toString(),
        headers: { accept: "text/html", "content-type": "application/x-www-form-urlencoded", origin: `http://${northHost}` },
      });
      expect(signIn.status).toBe(403);
      expect(signIn.text).toContain("no access to this clinic");

      const link = await linkFromOutbox(server.dataDir, "host.visitor@example.test", /http:\/\/[^/\s"]+\/manage\/[^\s"]+/);
      expect(link.startsWith(`http://north-spa.clinics.test:${port}/manage/`)).toBe(true);
    } finally {
      await database.close();
      await server.stop();
    }
  });
});
