// What anonymous requests can do over HTTP: holds and bookings are limited
// per address (429 with Retry-After), a browser keeps one live hold, a refusal
// that concerns the client is one neutral answer, and token-bearing pages are
// never cached.
import { and, eq, gt } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appointments, clients, outboxMessages, services } from "../src/db/schema.ts";
import { screenClient } from "../src/privacy/screening-test-fixtures.ts";
import { bookAppointment } from "../src/scheduling/book-appointment.ts";
import { getService, loadClinic } from "../src/scheduling/clinic.ts";
import { startInProcessClinic, type InProcessClinic } from "./in-process.ts";
import { markSensitive } from "./server.ts";

let app: InProcessClinic;
let consultation: { id: string; slug: string };
let treatment: { id: string; slug: string };
let slots: string[] = [];
let treatmentSlots: string[] = [];

beforeAll(async () => {
  app = await startInProcessClinic({
    requestLimits: {
      holdsPerIp: { max: 10, windowMs: 10 * 60_000 },
      bookingsPerIp: { max: 8, windowMs: 60 * 60_000 },
      bookingsPerEmail: { max: 3, windowMs: 24 * 60 * 60_000 },
    },
  });
  const rows = await app.f.database.db.select().from(services).where(eq(services.organizationId, app.f.organizationId));
  const c = rows.find((s) => s.kind === "consultation")!;
  const t = rows.find((s) => s.kind === "treatment")!;
  consultation = { id: c.id, slug: c.slug };
  treatment = { id: t.id, slug: t.slug };
  const from = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
  const to = new Date(Date.now() + 35 * 86_400_000).toISOString().slice(0, 10);
  const list = async (serviceId: string) =>
    (
      (await (await fetch(`${app.url}/api/v1/availability?serviceId=${serviceId}&from=${from}&to=${to}`)).json()) as {
        slots: { start: string }[];
      }
    ).slots.map((s) => s.start);
  // Distinct start times, far enough apart that one booking never takes another's.
  const spaced = (all: string[]) => {
    const kept: string[] = [];
    for (const s of [...all].sort((a, b) => Date.parse(a) - Date.parse(b))) {
      if (kept.length === 0 || Date.parse(s) - Date.parse(kept.at(-1)!) >= 2 * 3_600_000) kept.push(s);
    }
    return kept;
  };
  slots = spaced([...new Set(await list(consultation.id))]);
  treatmentSlots = spaced([...new Set(await list(treatment.id))]);
});

afterAll(async () => {
  await app?.close();
});

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

async function post(path: string, fields: Record<string, string>, cookie?: string, base = app.url) {
  return fetch(`${base}${path}`, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Origin: base,
      ...(cookie ? { Cookie: cookie } : {}),
    },
    body: form(fields),
    redirect: "manual",
  });
}

/** The booking page's time picker sends the time with its offset, as the API lists it. */
const local = (iso: string) => iso;

async function liveHolds(): Promise<number> {
  return (
    await app.f.database.db
      .select({ id: appointments.id })
      .from(appointments)
      .where(
        and(
          eq(appointments.organizationId, app.f.organizationId),
          eq(appointments.status, "held"),
          gt(appointments.holdExpiresAt, new Date()),
        ),
      )
  ).length;
}

describe("anonymous requests over HTTP", () => {
  it("never lets a manage link's page be cached or passed on as a referrer", async () => {
    const res = await fetch(`${app.url}/api/v1/bookings`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        serviceId: consultation.id,
        start: slots.at(-1),
        client: { name: "Manage Page", email: "manage.page@example.test" },
      }),
    });
    expect(res.status).toBe(201);
    const { manageUrl } = (await res.json()) as { manageUrl: string };
    markSensitive(new URL(manageUrl).searchParams.get("token")!);
    const page = await fetch(manageUrl);
    expect(page.status).toBe(200);
    expect(page.headers.get("cache-control")).toBe("private, no-store");
    expect(await page.text()).toContain('<meta name="referrer" content="same-origin"');
    // A link that does not match (a wrong token, a typo) is not cached either.
    const wrong = await fetch(`${app.url}/manage/00000000-0000-4000-8000-000000000000?token=${"a".repeat(43)}`);
    expect(wrong.status).toBe(404);
    expect(wrong.headers.get("cache-control")).toBe("private, no-store");
    const verify = await fetch(`${app.url}/portal/verify?token=${"b".repeat(43)}`);
    expect(verify.headers.get("cache-control")).toMatch(/no-store/);
  });

  it("keeps one live hold per browser: picking another time lets go of the first", async () => {
    const first = await post(`/book/${consultation.slug}`, { intent: "hold", start: local(slots[0]!) });
    expect(first.status).toBe(200);
    const cookie = first.headers.get("set-cookie")!.split(";")[0]!;
    expect(cookie).toMatch(/^dp_hold=/);
    expect(first.headers.get("set-cookie")).toMatch(/HttpOnly/);
    expect(await liveHolds()).toBe(1);
    const second = await post(`/book/${consultation.slug}`, { intent: "hold", start: local(slots[1]!) }, cookie);
    expect(second.status).toBe(200);
    expect(await liveHolds()).toBe(1);
  });

  it("refuses holds past the limit from one address with 429 and Retry-After, so a calendar cannot be emptied", async () => {
    // Sixteen holds at once, as a script ignoring cookies would send them.
    const answers = await Promise.all(
      slots.slice(2, 18).map((s) => post(`/book/${consultation.slug}`, { intent: "hold", start: local(s) })),
    );
    const statuses = answers.map((r) => r.status);
    // Ten per ten minutes in this test's limits, two of them taken by the test before.
    expect(statuses.filter((s) => s === 200)).toHaveLength(8);
    const refused = answers.filter((r) => r.status === 429);
    expect(refused).toHaveLength(8);
    expect(Number(refused[0]!.headers.get("retry-after"))).toBeGreaterThan(500);
    expect(await refused[0]!.text()).toContain("Too many bookings have been tried from here");
    expect(await liveHolds()).toBeLessThanOrEqual(9);
  });

  it("limits API bookings per e-mail and per address, answering 429 problem+json with Retry-After", async () => {
    const book = (start: string, email: string) =>
      fetch(`${app.url}/api/v1/bookings`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ serviceId: consultation.id, start, client: { name: "Limit Tester", email } }),
      });
    const email = "limit.tester@example.test";
    markSensitive(email);
    const codes: number[] = [];
    for (const start of slots.slice(20, 24)) codes.push((await book(start, email)).status);
    expect(codes).toEqual([201, 201, 201, 429]);
    const res = await book(slots[25]!, email.toUpperCase());
    expect(res.status).toBe(429);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(3600);
    const body = (await res.json()) as { type: string; retryAfterSeconds: number };
    expect(body.type).toBe("https://dermaplan.app/problems/rate-limited");
    // Other addresses from the same IP: eight tries per hour in all, and six were made (the manage test's and refused ones count too).
    const more: number[] = [];
    for (const [i, start] of slots.slice(26, 29).entries()) more.push((await book(start, `other${i}@example.test`)).status);
    expect(more).toEqual([201, 201, 429]);
  });

  it("answers a stranger the same neutral 409 whatever the client's screening says, and e-mails the date to the address on file", async () => {
    const email = "waiting.client@example.test";
    markSensitive(email);
    // A fresh app with room under its limits: the tests before spent this address's.
    const fresh = await startInProcessClinic();
    try {
      const rows = await fresh.f.database.db.select().from(services).where(eq(services.organizationId, fresh.f.organizationId));
      const t = rows.find((s) => s.kind === "treatment")!;
      await screenClient(fresh.f.database.db, fresh.keyRing, {
        organizationId: fresh.f.organizationId,
        email,
        name: "Waiting Client",
        intake: {
          medications: {
            isotretinoin: { status: "stopped", stoppedOn: new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10) },
          },
        },
        asOf: new Date().toISOString().slice(0, 10),
        now: Date.now(),
      });
      const start = treatmentSlots[0]!;
      const asStranger = await fetch(`${fresh.url}/api/v1/bookings`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ serviceId: t.id, start, client: { name: "Nosy Neighbour", email } }),
      });
      expect(asStranger.status).toBe(409);
      const body = (await asStranger.json()) as Record<string, unknown>;
      expect(body).toEqual({
        type: "https://dermaplan.app/problems/not-eligible",
        title: "This appointment can't be booked online for you yet",
        status: 409,
        detail: "We have e-mailed you what to do.",
        alternatives: [],
      });
      // A new address gets exactly the same answer.
      const unknown = await fetch(`${fresh.url}/api/v1/bookings`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ serviceId: t.id, start, client: { name: "Nobody Yet", email: "nobody.yet@example.test" } }),
      });
      expect(unknown.status).toBe(409);
      expect(await unknown.json()).toEqual(body);
      // The booking page says the same, without the date.
      const page = await post(
        `/book/${t.slug}`,
        { intent: "book", start: local(start), name: "Nosy Neighbour", email },
        undefined,
        fresh.url,
      );
      expect(page.status).toBe(409);
      const html = await page.text();
      expect(html).toContain("be booked online for you yet. We have e-mailed you what to do.");
      expect(html).not.toMatch(/based on your screening/i);
      // The e-mails went to the stored address, with the date.
      const [mail] = await fresh.f.database.db
        .select()
        .from(outboxMessages)
        .where(and(eq(outboxMessages.kind, "booking-refused"), eq(outboxMessages.toAddress, email)));
      expect(mail!.bodyText).toMatch(/a treatment can be booked from/);
      expect(mail!.bodyText).toContain("Hello Waiting Client,");
      const [client] = await fresh.f.database.db.select().from(clients).where(eq(clients.emailNormalized, email));
      expect(client!.name).toBe("Waiting Client");
    } finally {
      await fresh.close();
    }
  });
});

describe("details typed at booking", () => {
  it("are shown to the desk on the appointment page and adopted from there, field by field", async () => {
    const { db } = app.f.database;
    const clinic = await loadClinic(db, app.f.organizationId);
    const service = (await getService(db, app.f.organizationId, consultation.id))!;
    await db.insert(clients).values({
      organizationId: app.f.organizationId,
      name: "Robin Stored",
      email: "robin@example.test",
      emailNormalized: "robin@example.test",
      phone: "519-555-0111",
    });
    const { booking } = await bookAppointment(db, {
      clinic,
      keyRing: app.keyRing,
      service,
      start: Date.parse(slots[40]!),
      client: { name: "Robin Typed", email: "robin@example.test", phone: "416-555-0112" },
      source: "online",
      now: Date.now(),
      baseUrl: app.url,
      actor: { type: "public", id: null },
    });
    markSensitive("Robin Typed", "416-555-0112");
    const desk = await app.addSignedInStaff("front-desk");
    const page = await (await fetch(`${app.url}/staff/appointments/${booking.id}`, { headers: { Cookie: desk.cookie } })).text();
    expect(page).toContain("Details typed at booking");
    expect(page).toContain("Robin Typed");
    const adopted = await post(`/staff/appointments/${booking.id}`, { intent: "adopt-details", adopt: "phone" }, desk.cookie);
    expect(adopted.status).toBe(303);
    const [after] = await db.select().from(clients).where(eq(clients.emailNormalized, "robin@example.test"));
    expect(after).toMatchObject({ name: "Robin Stored", phone: "416-555-0112" });
    const again = await (await fetch(`${app.url}/staff/appointments/${booking.id}`, { headers: { Cookie: desk.cookie } })).text();
    expect(again).not.toContain("Details typed at booking");
  });
});

describe("an API request that fails inside the server", () => {
  it("answers problem+json 500 with no internals, and logs no message", async () => {
    const broken = await startInProcessClinic();
    try {
      // A database that went away mid-flight: every query now throws.
      await broken.f.database.close();
      const res = await fetch(`${broken.url}/api/v1/services`);
      expect(res.status).toBe(500);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      const body = await res.text();
      expect(JSON.parse(body)).toMatchObject({ type: "https://dermaplan.app/problems/server-error", status: 500 });
      expect(body).not.toMatch(/node_modules|\.ts:|at |closed|PGlite/i);
    } finally {
      await broken.close().catch(() => {});
    }
  });
});
