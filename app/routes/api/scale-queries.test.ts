// Every statement a public page or the public API sends stays on an index and
// is scoped by its clinic (docs/scale.md). A small scale data set (the same
// generator as `npm run seed:scale`) is written, the routes' own loaders and
// actions run against it with every statement captured through Drizzle's
// logger, and each statement is explained with its parameters under
// `enable_seqscan = off`: a sequential scan of a clinic's table that remains
// means no index can serve it, at any size. Such a query is named; the fix is
// an index (migration 0030), not a weaker test.
import { drizzle } from "drizzle-orm/node-postgres";
import type pg from "pg";
import { RouterContextProvider } from "react-router";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { servicesContext, type AppServices } from "../../context.ts";
import { loader as availabilityLoader } from "./availability.ts";
import { loader as bookingLoader } from "./booking.ts";
import { action as bookingsAction } from "./bookings.ts";
import { action as cancelAction } from "./booking-cancel.ts";
import { action as rescheduleAction } from "./booking-reschedule.ts";
import { loader as servicesLoader } from "./services.ts";
import { loader as homePageLoader } from "../home.tsx";
import { loader as managePageLoader } from "../manage.tsx";
import { loader as microneedlingPageLoader } from "../microneedling.tsx";
import { loader as publicLayoutLoader } from "../public-layout.tsx";
import { loader as bookPageLoader } from "../book.tsx";
import { loader as bookServicePageLoader } from "../book.service.tsx";
import { createKeyRing, generateDataKey } from "../../../src/privacy/keyring.ts";
import { findPublicOrganizationId } from "../../../src/scheduling/clinic.ts";
import { addDays, todayIn } from "../../../src/scheduling/time.ts";
import type { Database, Db } from "../../../src/db/open.ts";
import { seedScale, type ScaleClinic } from "../../../src/db/scale-seed.ts";
import * as schema from "../../../src/db/schema.ts";
import { createTestDatabase, testDatabaseKind } from "../../../src/db/testing.ts";

const NOW = Date.parse("2027-03-10T15:00:00Z");
const BASE_URL = "http://localhost:3000";

interface Captured {
  /** What the app was doing: the route or function that sent it. */
  step: string;
  sql: string;
  params: unknown[];
}

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  "Index Cond"?: string;
  Filter?: string;
  Plans?: PlanNode[];
}

function* nodesOf(node: PlanNode): Generator<PlanNode> {
  yield node;
  for (const child of node.Plans ?? []) yield* nodesOf(child);
}

/** The tables a clinic owns rows of: those with organization_id, and the organizations themselves. */
async function tenantTables(pool: pg.Pool): Promise<Set<string>> {
  const { rows } = await pool.query<{ table_name: string }>(
    "SELECT DISTINCT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'organization_id'",
  );
  return new Set([...rows.map((r) => r.table_name), "organizations"]);
}

/** Tables a statement names after FROM, JOIN, INTO or UPDATE. */
function tablesNamed(sql: string): string[] {
  return [...sql.matchAll(/\b(?:from|join|into|update)\s+"?([a-z_]+)"?/gi)].map((m) => m[1]!.toLowerCase());
}

/** Scoped by its clinic: it names organization_id, or (on the organizations table alone) picks the row by id or slug. */
function scopedByClinic(sql: string, touched: string[]): boolean {
  if (/organization_id/.test(sql)) return true;
  return touched.every((t) => t === "organizations") && /where\s+"organizations"\."(id|slug)"\s*=/i.test(sql);
}

describe.skipIf(testDatabaseKind !== "postgres")(
  "the public pages' and API's queries on the scale data set (PostgreSQL only: the embedded database serves one clinic, and its plans say nothing of scale)",
  () => {
    let database: Database;
    let pool: pg.Pool;
    let db: Db;
    const captured: Captured[] = [];
    let step = "";
    let clinics: ScaleClinic[] = [];
    const keyRing = createKeyRing([generateDataKey()]);

    beforeAll(async () => {
      database = await createTestDatabase();
      pool = (database.db as unknown as { $client: pg.Pool }).$client;
      clinics = await seedScale(pool, { clinics: 20, months: 1, seed: 42, now: NOW, keyRing, ownerPasswordHash: null, concurrency: 2 });
      await pool.query("ANALYZE");
      db = drizzle(pool, {
        schema,
        logger: { logQuery: (sql: string, params: unknown[]) => captured.push({ step, sql, params }) },
      }) as unknown as Db;
    }, 240_000);

    afterAll(async () => {
      await database?.close();
    });

    function context(organizationId: string) {
      const provider = new RouterContextProvider();
      const services: Partial<AppServices> = {
        db,
        organizationId,
        keyRing,
        baseUrl: BASE_URL,
        now: () => NOW,
        outbox: { kick() {} } as unknown as AppServices["outbox"],
      };
      provider.set(servicesContext, services as AppServices);
      return provider;
    }
    type Args = { request: Request; context: RouterContextProvider; params: Record<string, string> };
    async function run<T>(name: string, call: () => Promise<T>): Promise<T> {
      step = name;
      try {
        return await call();
      } finally {
        step = "";
      }
    }

    it("writes the clinics like the demo's: hours, rooms, services, appointments at about 70 %", () => {
      expect(clinics).toHaveLength(20);
      for (const c of clinics) {
        expect(c.practitionerIds.length).toBeGreaterThanOrEqual(2);
        expect(c.practitionerIds.length).toBeLessThanOrEqual(6);
        expect(c.services.map((s) => s.slug)).toContain("consultation");
        expect(c.rows.appointments).toBeGreaterThan(0);
        expect(c.occupancy).toBeGreaterThan(0.6);
        expect(c.occupancy).toBeLessThan(0.8);
      }
    });

    it("keeps every statement of the public pages and API on an index, scoped by the clinic", async () => {
      const clinic = clinics[7]!;
      const org = clinic.organizationId;
      const consultation = clinic.services.find((s) => s.kind === "consultation")!;
      const treatment = clinic.services.find((s) => s.kind === "treatment")!;
      const today = todayIn(clinic.timeZone, NOW);
      const from = addDays(today, 1);
      const to = addDays(today, 7);

      const found = await run("clinic lookup by slug (server start, CLINIC_SLUG)", () => findPublicOrganizationId(db, clinic.slug));
      expect(found).toBe(org);

      const api = (path: string) => new Request(`${BASE_URL}${path}`);
      const services = (await run("GET /api/v1/services", () =>
        servicesLoader({ request: api("/api/v1/services"), context: context(org), params: {} } as Args as never),
      )) as Response;
      expect(services.status).toBe(200);

      const availabilityPath = `/api/v1/availability?serviceId=${consultation.id}&from=${from}&to=${to}`;
      const availability = (await run("GET /api/v1/availability", () =>
        availabilityLoader({ request: api(availabilityPath), context: context(org), params: {} } as Args as never),
      )) as Response;
      expect(availability.status).toBe(200);
      const { slots } = (await availability.json()) as { slots: { start: string; practitionerId: string }[] };
      expect(slots.length).toBeGreaterThan(0);

      const onePractitioner = `/api/v1/availability?serviceId=${treatment.id}&from=${from}&to=${to}&practitionerId=${clinic.practitionerIds[0]}`;
      const ofOne = (await run("GET /api/v1/availability (one practitioner)", () =>
        availabilityLoader({ request: api(onePractitioner), context: context(org), params: {} } as Args as never),
      )) as Response;
      expect(ofOne.status).toBe(200);

      const body = JSON.stringify({
        serviceId: consultation.id,
        start: slots[0]!.start,
        client: { name: "Scale Visitor", email: "scale.visitor@example.test", phone: "519-555-0100" },
      });
      const post = new Request(`${BASE_URL}/api/v1/bookings`, {
        method: "POST",
        headers: { "content-type": "application/json", "idempotency-key": "scale-test-1", "x-forwarded-for": "203.0.113.9" },
        body,
      });
      const booked = (await run("POST /api/v1/bookings", () =>
        bookingsAction({ request: post, context: context(org), params: {} } as Args as never),
      )) as Response;
      expect(booked.status, await booked.clone().text()).toBe(201);
      const booking = (await booked.json()) as { id: string; manageUrl: string; practitionerId: string };
      const token = new URL(booking.manageUrl).searchParams.get("token") ?? booking.manageUrl.split("token=")[1] ?? "";

      const manage = (await run("GET /api/v1/bookings/{id} (manage lookup)", () =>
        bookingLoader({
          request: api(`/api/v1/bookings/${booking.id}?token=${encodeURIComponent(token)}`),
          context: context(org),
          params: { id: booking.id },
        } as Args as never),
      )) as Response;
      expect(manage.status).toBe(200);

      const managePage = `/manage/${booking.id}?token=${encodeURIComponent(token)}`;
      await run("GET /manage/:id (page)", () =>
        managePageLoader({ request: api(managePage), context: context(org), params: { id: booking.id } } as Args as never),
      );

      // A reschedule keeps the booking's practitioner unless another is asked for: a later time of theirs.
      const moveTo = slots.filter((x) => x.practitionerId === booking.practitionerId).at(-1)!.start;
      const moved = (await run("POST /api/v1/bookings/{id}/reschedule", () =>
        rescheduleAction({
          request: new Request(`${BASE_URL}/api/v1/bookings/${booking.id}/reschedule?token=${encodeURIComponent(token)}`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ start: moveTo }),
          }),
          context: context(org),
          params: { id: booking.id },
        } as Args as never),
      )) as Response;
      expect(moved.status, await moved.clone().text()).toBe(200);

      const cancelled = (await run("POST /api/v1/bookings/{id}/cancel", () =>
        cancelAction({
          request: new Request(`${BASE_URL}/api/v1/bookings/${booking.id}/cancel?token=${encodeURIComponent(token)}`, { method: "POST" }),
          context: context(org),
          params: { id: booking.id },
        } as Args as never),
      )) as Response;
      expect(cancelled.status, await cancelled.clone().text()).toBe(200);

      // The public pages: the layout every page has, the home and treatment pages, the booking pages.
      await run("GET / (layout)", () => publicLayoutLoader({ request: api("/"), context: context(org), params: {} } as Args as never));
      await run("GET / (page)", () => homePageLoader({ request: api("/"), context: context(org), params: {} } as Args as never));
      await run("GET /microneedling (page)", () =>
        microneedlingPageLoader({ request: api("/microneedling"), context: context(org), params: {} } as Args as never),
      );
      await run("GET /book (page)", () => bookPageLoader({ request: api("/book"), context: context(org), params: {} } as Args as never));
      await run("GET /book/:serviceSlug (page)", () =>
        bookServicePageLoader({
          request: api(`/book/${treatment.slug}?date=${from}`),
          context: context(org),
          params: { serviceSlug: treatment.slug },
        } as Args as never),
      );

      const tenants = await tenantTables(pool);
      const statements = captured.filter((c) => /^\s*(select|insert|update|delete|with)\b/i.test(c.sql));
      expect(statements.length).toBeGreaterThan(10);
      const problems: string[] = [];
      const covered = new Set<string>();
      const client = await pool.connect();
      try {
        await client.query("SET enable_seqscan = off");
        for (const s of statements) {
          covered.add(s.step);
          const touched = tablesNamed(s.sql).filter((t) => tenants.has(t));
          const name = `[${s.step}] ${s.sql.replace(/\s+/g, " ").slice(0, 300)}`;
          if (touched.length && !scopedByClinic(s.sql, touched)) problems.push(`not scoped by organization_id: ${name}`);
          const { rows } = await client.query<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(`EXPLAIN (FORMAT JSON) ${s.sql}`, s.params);
          for (const node of nodesOf(rows[0]!["QUERY PLAN"][0].Plan)) {
            if (node["Node Type"] === "Seq Scan" && node["Relation Name"] && tenants.has(node["Relation Name"])) {
              problems.push(`sequential scan of ${node["Relation Name"]}${node.Filter ? ` (filter ${node.Filter})` : ""}: ${name}`);
            }
          }
        }
      } finally {
        await client.query("RESET enable_seqscan").catch(() => {});
        client.release();
      }
      expect([...covered]).toEqual(
        expect.arrayContaining([
          "clinic lookup by slug (server start, CLINIC_SLUG)",
          "GET /api/v1/services",
          "GET /api/v1/availability",
          "POST /api/v1/bookings",
          "GET /api/v1/bookings/{id} (manage lookup)",
          "POST /api/v1/bookings/{id}/reschedule",
          "POST /api/v1/bookings/{id}/cancel",
          "GET /manage/:id (page)",
          "GET / (page)",
          "GET /book/:serviceSlug (page)",
        ]),
      );
      expect(problems, problems.join("\n\n")).toEqual([]);
    }, 120_000);
  },
);
