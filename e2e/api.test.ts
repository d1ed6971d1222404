// The JSON API over real HTTP, as the booking contract states it.
import { Temporal } from "temporal-polyfill";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { book as bookViaApi, freeSlots, type FreeSlot as Slot } from "./booking-api.ts";
import { markSensitive, serverDatabaseEnv, startServer, type RunningServer } from "./server.ts";

let server: RunningServer;
let consultationId: string;
let faceId: string;

async function api(path: string, init: RequestInit & { json?: unknown } = {}) {
  const headers = new Headers(init.headers);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set("Content-Type", "application/json");
    body = JSON.stringify(init.json);
  }
  const res = await fetch(server.url + path, { ...init, headers, body });
  const text = await res.text();
  let parsed: any = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = text;
  }
  return { status: res.status, type: res.headers.get("content-type") ?? "", body: parsed, headers: res.headers };
}

function nextWeekday(isoWeekday: number, weeksAhead = 1): string {
  const today = Temporal.Now.plainDateISO("America/Toronto");
  let d = today.add({ days: 7 * weeksAhead });
  while (d.dayOfWeek !== isoWeekday) d = d.add({ days: 1 });
  return d.toString();
}

async function slotsOn(date: string, serviceId = consultationId, practitionerId?: string): Promise<Slot[]> {
  return freeSlots(server.url, { serviceId, from: date, to: date, practitionerId });
}

let emailCounter = 0;
const client = () => ({ name: "Test Client", email: `api${++emailCounter}@example.test`, phone: "+1 519 555 0100" });

beforeAll(async () => {
  server = await startServer({ env: await serverDatabaseEnv() });
  const res = await api("/api/v1/services");
  consultationId = res.body.services.find((s: any) => s.kind === "consultation").id;
  faceId = res.body.services.find((s: any) => s.name.includes("face") && !s.name.includes("neck")).id;
});

afterAll(async () => {
  await server?.stop();
});

describe("GET /api/v1/services", () => {
  it("lists the demo clinic's services in the contract's shape", async () => {
    const res = await api("/api/v1/services");
    expect(res.status).toBe(200);
    expect(res.type).toContain("application/json");
    const consultation = res.body.services.find((s: any) => s.kind === "consultation");
    expect(consultation).toMatchObject({ durationMinutes: 30, currency: "CAD", requiresEligibility: false });
    const treatments = res.body.services.filter((s: any) => s.kind === "treatment");
    expect(treatments.length).toBeGreaterThanOrEqual(4);
    for (const t of treatments) {
      expect(t).toMatchObject({ durationMinutes: 60, requiresEligibility: true });
      expect(Number.isInteger(t.priceCents)).toBe(true);
    }
  });
});

describe("GET /api/v1/availability", () => {
  it("lists slots in order, with the location's offset", async () => {
    const date = nextWeekday(3);
    const res = await api(`/api/v1/availability?serviceId=${consultationId}&from=${date}&to=${date}`);
    expect(res.status).toBe(200);
    expect(res.body.timeZone).toBe("America/Toronto");
    const starts = res.body.slots.map((s: Slot) => Date.parse(s.start));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(res.body.slots[0].start).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d-0[45]:00$/);
  });

  it.each([
    ["no parameters", "", ["serviceId", "from", "to"]],
    ["an impossible date", `serviceId=SERVICE&from=2027-02-30&to=2027-03-01`, ["from"]],
    ["to before from", `serviceId=SERVICE&from=2027-03-10&to=2027-03-01`, ["to"]],
    ["more than 62 days", `serviceId=SERVICE&from=2027-01-01&to=2027-03-05`, ["to"]],
    ["an unknown service", `serviceId=00000000-0000-0000-0000-000000000000&from=2027-03-01&to=2027-03-02`, ["serviceId"]],
    ["a junk practitioner", `serviceId=SERVICE&from=2027-03-01&to=2027-03-02&practitionerId=x`, ["practitionerId"]],
  ])("answers %s with 422 naming each field", async (_name, query, fields) => {
    const res = await api(`/api/v1/availability?${query.replace("SERVICE", consultationId)}`);
    expect(res.status).toBe(422);
    expect(res.type).toContain("application/problem+json");
    expect(res.body.type).toMatch(/\/invalid-input$/);
    for (const f of fields) expect(res.body.errors).toHaveProperty(f);
  });

  it("accepts exactly 62 days", async () => {
    const from = nextWeekday(1);
    const to = Temporal.PlainDate.from(from).add({ days: 61 }).toString();
    expect((await api(`/api/v1/availability?serviceId=${consultationId}&from=${from}&to=${to}`)).status).toBe(200);
  });
});

describe("POST /api/v1/bookings", () => {
  it("books a listed slot, and the slot is no longer listed", async () => {
    const date = nextWeekday(2);
    const [slot] = await slotsOn(date);
    const res = await api("/api/v1/bookings", {
      method: "POST",
      json: { serviceId: consultationId, start: slot!.start, practitionerId: slot!.practitionerId, client: client() },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: "booked",
      serviceId: consultationId,
      practitionerId: slot!.practitionerId,
      start: slot!.start,
      end: slot!.end,
    });
    expect(new URL(res.body.manageUrl).searchParams.get("token")!.length).toBeGreaterThanOrEqual(22);
    const after = await slotsOn(date, consultationId, slot!.practitionerId);
    expect(after.map((s) => s.start)).not.toContain(slot!.start);
  });

  it("answers a taken slot with 409 and up to three nearest alternatives", async () => {
    const date = nextWeekday(4);
    const [slot] = await slotsOn(date);
    const body = { serviceId: consultationId, start: slot!.start, practitionerId: slot!.practitionerId };
    expect((await api("/api/v1/bookings", { method: "POST", json: { ...body, client: client() } })).status).toBe(201);
    const res = await api("/api/v1/bookings", { method: "POST", json: { ...body, client: client() } });
    expect(res.status).toBe(409);
    expect(res.type).toContain("application/problem+json");
    expect(res.body.type).toMatch(/\/slot-unavailable$/);
    expect(res.body.alternatives.length).toBeGreaterThan(0);
    expect(res.body.alternatives.length).toBeLessThanOrEqual(3);
    const listed = new Set((await slotsOn(date, consultationId, slot!.practitionerId)).map((s) => s.start));
    for (const alt of res.body.alternatives) if (alt.start.startsWith(date)) expect(listed.has(alt.start)).toBe(true);
  });

  it("refuses a start that was never offered (a Sunday, before notice, off-step)", async () => {
    const sunday = nextWeekday(7);
    const offStep = `${nextWeekday(3)}T10:07:00-05:00`;
    for (const start of [`${sunday}T10:00:00-05:00`, offStep, "2020-01-06T10:00:00-05:00"]) {
      const res = await api("/api/v1/bookings", { method: "POST", json: { serviceId: consultationId, start, client: client() } });
      expect(res.status).toBe(409);
    }
  });

  it("replays a retry with the same Idempotency-Key and refuses the key with another body", async () => {
    const [slot] = await slotsOn(nextWeekday(5));
    const body = { serviceId: consultationId, start: slot!.start, client: client() };
    const first = await api("/api/v1/bookings", { method: "POST", json: body, headers: { "Idempotency-Key": "api-key-1" } });
    const again = await api("/api/v1/bookings", {
      method: "POST",
      json: { client: body.client, start: body.start, serviceId: body.serviceId },
      headers: { "Idempotency-Key": "api-key-1" },
    });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    const other = await api("/api/v1/bookings", {
      method: "POST",
      json: { ...body, client: client() },
      headers: { "Idempotency-Key": "api-key-1" },
    });
    expect(other.status).toBe(422);
    expect(other.body.type).toMatch(/\/idempotency-key-reuse$/);
  });

  it("answers bad input with 4xx problem+json naming the fields, never 5xx", async () => {
    const cases: [string, BodyInit | undefined, Record<string, string>, number, string[]][] = [
      ["not json", "{nope", { "Content-Type": "application/json" }, 400, []],
      ["wrong media type", "a=b", { "Content-Type": "application/x-www-form-urlencoded" }, 415, []],
      ["empty object", "{}", { "Content-Type": "application/json" }, 422, ["serviceId", "start", "client"]],
      ["array", "[]", { "Content-Type": "application/json" }, 422, []],
      ["null", "null", { "Content-Type": "application/json" }, 422, []],
      [
        "bad e-mail and phone",
        JSON.stringify({ serviceId: "x", start: "2027-03-15T10:00:00-04:00", client: { name: "A", email: "a@", phone: "call me" } }),
        { "Content-Type": "application/json" },
        422,
        ["client.email", "client.phone"],
      ],
      [
        "start without offset",
        JSON.stringify({ serviceId: "x", start: "2027-03-15T10:00:00", client: { name: "A", email: "a@b.co" } }),
        { "Content-Type": "application/json" },
        422,
        ["start"],
      ],
      [
        "impossible start",
        JSON.stringify({ serviceId: "x", start: "2027-02-30T10:00:00-05:00", client: { name: "A", email: "a@b.co" } }),
        { "Content-Type": "application/json" },
        422,
        ["start"],
      ],
      [
        "unknown service",
        JSON.stringify({ serviceId: "nope", start: "2027-03-15T10:00:00-04:00", client: { name: "A", email: "a@b.co" } }),
        { "Content-Type": "application/json" },
        422,
        ["serviceId"],
      ],
      [
        "empty name",
        JSON.stringify({ serviceId: "x", start: "2027-03-15T10:00:00-04:00", client: { name: "  ", email: "a@b.co" } }),
        { "Content-Type": "application/json" },
        422,
        ["client.name"],
      ],
    ];
    for (const [name, body, headers, status, fields] of cases) {
      const res = await api("/api/v1/bookings", { method: "POST", body, headers });
      expect(res.status, name).toBe(status);
      expect(res.type, name).toContain("application/problem+json");
      for (const f of fields) expect(res.body.errors, name).toHaveProperty(f);
    }
    const huge = await api("/api/v1/bookings", {
      method: "POST",
      body: "x".repeat(2 * 1024 * 1024),
      headers: { "Content-Type": "application/json" },
    });
    expect(huge.status).toBe(413);
    expect((await api("/api/v1/bookings")).status).toBe(405);
    expect((await api("/api/v1/nothing-here")).status).toBe(404);
  });
});

describe("managing a booking", () => {
  async function book(date: string) {
    const [slot] = await slotsOn(date);
    const booking = await bookViaApi(server.url, {
      serviceId: consultationId,
      start: slot!.start,
      practitionerId: slot!.practitionerId,
      client: client(),
    });
    return { booking, token: booking.manageToken, slot: slot! };
  }

  it("shows the booking to its token holder only", async () => {
    const { booking, token } = await book(nextWeekday(1, 2));
    expect((await api(`/api/v1/bookings/${booking.id}?token=${token}`)).body).toMatchObject({ id: booking.id, status: "booked" });
    expect((await api(`/api/v1/bookings/${booking.id}?token=wrong`)).status).toBe(404);
    expect((await api(`/api/v1/bookings/${booking.id}`)).status).toBe(404);
    expect((await api(`/api/v1/bookings/not-a-uuid?token=${token}`)).status).toBe(404);
  });

  it("cancels, and the slot is bookable again at once", async () => {
    const { booking, token, slot } = await book(nextWeekday(2, 2));
    const res = await api(`/api/v1/bookings/${booking.id}/cancel?token=${token}`, { method: "POST" });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: booking.id, status: "cancelled", lateCancellation: false });
    const again = await api("/api/v1/bookings", {
      method: "POST",
      json: { serviceId: consultationId, start: slot.start, practitionerId: slot.practitionerId, client: client() },
    });
    expect(again.status).toBe(201);
  });

  it("says lateCancellation inside the 24-hour window", async () => {
    // The earliest bookable slot is at least two hours (minimum notice) and at most a few days away.
    const today = Temporal.Now.plainDateISO("America/Toronto");
    let slot: Slot | undefined;
    for (let i = 0; i < 7 && !slot; i++) slot = (await slotsOn(today.add({ days: i }).toString()))[0];
    const hoursAway = (Date.parse(slot!.start) - Date.now()) / 3_600_000;
    const res = await api("/api/v1/bookings", {
      method: "POST",
      json: { serviceId: consultationId, start: slot!.start, practitionerId: slot!.practitionerId, client: client() },
    });
    const token = new URL(res.body.manageUrl).searchParams.get("token");
    const cancel = await api(`/api/v1/bookings/${res.body.id}/cancel?token=${token}`, { method: "POST" });
    expect(cancel.body.lateCancellation).toBe(hoursAway < 24);
  });

  it("reschedules atomically and keeps the old time when the new one is taken", async () => {
    const date = nextWeekday(4, 2);
    const { booking, token, slot } = await book(date);
    const free = await slotsOn(date, consultationId, slot.practitionerId);
    const taken = free[0]!;
    const blocker = await api("/api/v1/bookings", {
      method: "POST",
      json: { serviceId: consultationId, start: taken.start, practitionerId: taken.practitionerId, client: client() },
    });
    expect(blocker.status).toBe(201);
    const refused = await api(`/api/v1/bookings/${booking.id}/reschedule?token=${token}`, { method: "POST", json: { start: taken.start } });
    expect(refused.status).toBe(409);
    expect((await api(`/api/v1/bookings/${booking.id}?token=${token}`)).body.start).toBe(slot.start);

    const target = (await slotsOn(date, consultationId, slot.practitionerId)).at(-1)!;
    const moved = await api(`/api/v1/bookings/${booking.id}/reschedule?token=${token}`, { method: "POST", json: { start: target.start } });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ id: booking.id, start: target.start, practitionerId: slot.practitionerId });
    expect((await slotsOn(date, consultationId, slot.practitionerId)).map((s) => s.start)).toContain(slot.start);
    const bad = await api(`/api/v1/bookings/${booking.id}/reschedule?token=${token}`, { method: "POST", json: { start: "tomorrow" } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toHaveProperty("start");
  });
});

describe("screening (POST /api/v1/screenings)", () => {
  const inMonths = (from: string, months: number) => {
    const [y, m, d] = from.split("-").map(Number) as [number, number, number];
    const target = new Date(Date.UTC(y, m - 1 + months, 1));
    const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
    return `${target.getUTCFullYear()}-${String(target.getUTCMonth() + 1).padStart(2, "0")}-${String(Math.min(d, last)).padStart(2, "0")}`;
  };

  it("defers a person who stopped isotretinoin three months ago until six months after they stopped, and stores nothing", async () => {
    const asOf = "2027-05-10";
    const stoppedOn = inMonths(asOf, -3);
    const res = await api("/api/v1/screenings", {
      method: "POST",
      json: { asOf, treatmentAreas: ["face"], medications: { isotretinoin: { status: "stopped", stoppedOn } } },
    });
    expect(res.status).toBe(200);
    expect(res.body.outcome).toBe("deferred");
    expect(res.body.earliestDate).toBe(inMonths(stoppedOn, 6));
    expect(res.body.awaitingResolution).toBe(false);
    expect(res.body.reasons.map((r: { ruleId: string }) => r.ruleId)).toEqual(["isotretinoin"]);
    expect(res.body.reasons[0].until).toBe(inMonths(stoppedOn, 6));
    expect(res.body.reasons[0].clientMessage.length).toBeGreaterThan(20);
    expect(res.body.rulesVersion).toMatch(/^[0-9a-f]{12}$/);
    expect(res.headers.get("cache-control")).toBe("no-store");

    const clear = await api("/api/v1/screenings", { method: "POST", json: { asOf, treatmentAreas: ["face"], fitzpatrickType: 2 } });
    expect(clear.body).toMatchObject({
      outcome: "suitable",
      earliestDate: asOf,
      awaitingResolution: false,
      fitzpatrickType: 2,
      reasons: [],
    });
    expect(clear.body.rulesVersion).toBe(res.body.rulesVersion);
    // Stateless: nothing about either request is in the log but the path.
    expect(server.log()).not.toContain("isotretinoin");
    expect(server.log()).not.toContain(stoppedOn);
  });

  it("answers 422 naming every invalid field, 400 for a body that is not JSON, 415 for another type and 405 for GET", async () => {
    const bad = await api("/api/v1/screenings", {
      method: "POST",
      json: {
        asOf: "2027-05-10",
        treatmentAreas: [],
        fitzpatrickType: 9,
        conditions: ["sunburnt"],
        medications: { isotretinoin: { status: "stopped", stoppedOn: "2027-06-01" } },
        recentProcedures: [{ type: "laser", date: "2027-02-30" }],
      },
    });
    expect(bad.status).toBe(422);
    expect(bad.headers.get("content-type")).toContain("application/problem+json");
    expect(bad.body.type).toBe("https://dermaplan.app/problems/invalid-input");
    expect(Object.keys(bad.body.errors).sort()).toEqual(
      ["conditions[0]", "fitzpatrickType", "medications.isotretinoin.stoppedOn", "recentProcedures[0].date", "treatmentAreas"].sort(),
    );
    const notJson = await fetch(`${server.url}/api/v1/screenings`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: "{",
    });
    expect(notJson.status).toBe(400);
    const array = await api("/api/v1/screenings", { method: "POST", json: [] });
    expect(array.status).toBe(400);
    const form = await fetch(`${server.url}/api/v1/screenings`, { method: "POST", headers: { "Content-Type": "text/plain" }, body: "{}" });
    expect(form.status).toBe(415);
    expect((await api("/api/v1/screenings")).status).toBe(405);
  });
});

describe("the server's edges", () => {
  it("publishes an OpenAPI 3.1 document naming every endpoint", async () => {
    const res = await api("/api/v1/openapi.json");
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe("3.1.0");
    for (const path of [
      "/api/v1/services",
      "/api/v1/availability",
      "/api/v1/bookings",
      "/api/v1/bookings/{id}",
      "/api/v1/bookings/{id}/cancel",
      "/api/v1/bookings/{id}/reschedule",
      "/api/v1/screenings",
    ]) {
      expect(res.body.paths).toHaveProperty([path]);
    }
  });

  it("sends staff pages without a session to the sign-in page", async () => {
    const res = await fetch(`${server.url}/staff/services`, { redirect: "manual" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/login?next=%2Fstaff%2Fservices");
  });

  it("never writes manage tokens or client details to the log", async () => {
    const { booking } = await (async () => {
      const [slot] = await slotsOn(nextWeekday(5, 2));
      const res = await api("/api/v1/bookings", {
        method: "POST",
        json: { serviceId: consultationId, start: slot!.start, client: { name: "Zelda Logcheck", email: "zelda.logcheck@example.test" } },
      });
      return { booking: res.body };
    })();
    const token = new URL(booking.manageUrl).searchParams.get("token")!;
    markSensitive(token, "Zelda Logcheck");
    await api(`/api/v1/bookings/${booking.id}?token=${token}`);
    // The request line is written when the response finishes, a moment after the client has it.
    for (let i = 0; i < 50 && !server.log().includes(`/api/v1/bookings/${booking.id}"`); i++) await new Promise((r) => setTimeout(r, 20));
    const log = server.log();
    expect(log).toContain(`/api/v1/bookings/${booking.id}`);
    expect(log).not.toContain(token);
    expect(log).not.toContain("Zelda");
    expect(log).not.toContain("zelda.logcheck");
  });

  it("books treatments through the same engine", async () => {
    const [slot] = await slotsOn(nextWeekday(3, 3), faceId);
    expect(Date.parse(slot!.end) - Date.parse(slot!.start)).toBe(60 * 60_000);
  });
});
