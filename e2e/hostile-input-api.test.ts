// Hostile input in the JSON API: every field of the booking, availability,
// manage, screening and plans routes, deeply nested bodies; and first, the
// refusals the issue names — a 422 naming the field, in the API and on the
// pages that take the same fields. What the values are, and what every answer
// must be, is in e2e/hostile-input.ts; forms are hostile-input-forms.test.ts,
// addresses and bodies hostile-input-requests.test.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { book } from "./booking-api.ts";
import {
  ABSURD_DATES,
  ABSURD_INSTANTS,
  ARTICLE,
  describeAnswer,
  hostileSuite,
  LINE_KINDS,
  type Answer,
  type Kind,
} from "./hostile-input.ts";

const s = hostileSuite("api");
const { ids, send, hostile, tag, pathValue, run: RUN } = s;
let owner = "";

beforeAll(async () => {
  owner = await s.start();
}, 180_000);

afterAll(() => s.stop());

// ---------------------------------------------------------------------------
// The refusals the issue names, first (before any rate limit can answer).

describe("control characters get a 422 naming the field", () => {
  let mail = 0;
  const fresh = () => `hostile.${RUN}.${++mail}@example.test`;
  const booking = (client: Record<string, string>) => ({
    serviceId: ids.consultationId,
    start: ids.secondSlotStart,
    practitionerId: ids.practitionerId,
    client: { name: "Sam Plain", email: fresh(), phone: "+1 519 555 0199", ...client },
  });

  it.each([
    ["a NUL byte in the name", "name", "nul"],
    ["CR/LF in the name", "name", "crlf"],
    ["a bidi override in the name", "name", "bidi"],
    ["DEL in the name", "name", "del"],
    ["a lone surrogate in the name", "name", "surrogate"],
    ["a NUL byte in the e-mail", "email", "nul"],
    ["a bidi override in the e-mail", "email", "bidi"],
    ["a NUL byte in the phone", "phone", "nul"],
    ["CR/LF in the phone", "phone", "crlf"],
  ] as const)("POST /api/v1/bookings: %s", async (_label, field, kind) => {
    const value = hostile(kind);
    const a = await send("POST", "/api/v1/bookings", { json: booking({ [field]: value }) });
    expect(a.status, describeAnswer(a)).toBe(422);
    expect(a.type).toContain("application/problem+json");
    expect(a.json.errors).toHaveProperty(`client.${field}`);
  });

  it("the booking page shows the name's field error", async () => {
    for (const locale of ["", "/fr"]) {
      const a = await send("POST", `${locale}/book/${ids.consultationSlug}`, {
        form: { intent: "book", start: ids.secondSlotStart, name: hostile("nul"), email: fresh(), phone: "" },
      });
      expect(a.status, describeAnswer(a)).toBe(422);
      expect(a.text).toMatch(/id="field-name-error"|aria-invalid="true"/);
    }
  });

  it.each(["nul", "crlf", "bidi"] as const)("GET /api/v1/clients?q= with %s", async (kind) => {
    const a = await send("GET", `/api/v1/clients?q=${encodeURIComponent(hostile(kind))}`, { cookie: owner });
    expect(a.status, describeAnswer(a)).toBe(422);
    expect(a.json.errors).toHaveProperty("q");
  });

  it.each(["nul", "crlf", "bidi"] as const)("GET /staff/clients?q= with %s", async (kind) => {
    const a = await send("GET", `/staff/clients?q=${encodeURIComponent(hostile(kind))}`, { cookie: owner });
    expect(a.status, describeAnswer(a)).toBe(422);
    expect(a.text).toContain('aria-invalid="true"');
  });

  it.each(["nul", "crlf", "bidi"] as const)("a content title with %s", async (kind) => {
    const created = await send("POST", "/staff/content/new", {
      cookie: owner,
      form: { kind: "article", locale: "en", title: hostile(kind), slug: "", summary: "", body: "Text.", coverAssetId: "" },
    });
    expect(created.status, describeAnswer(created)).toBe(422);
    expect(created.text).toMatch(/id="[^"]*title[^"]*-error"/);
    const saved = await send("POST", `/staff/content/${ids.documentId}`, {
      cookie: owner,
      form: { intent: "save", ...ARTICLE, title: hostile(kind), slug: "", coverAssetId: "" },
    });
    expect(saved.status, describeAnswer(saved)).toBe(422);
  });

  it.each(["9999-12-31", "0000-01-01", "2027-02-30", "99999-01-01"])("GET /staff?date=%s is refused with a message", async (date) => {
    for (const view of ["day", "week"]) {
      const a = await send("GET", `/staff?view=${view}&date=${date}`, { cookie: owner });
      expect(a.status, describeAnswer(a)).toBe(400);
      expect(a.text).toContain("1900");
    }
  });

  it("refuses a booking nested 200,000 levels deep, with or without an Idempotency-Key", async () => {
    const body = JSON.stringify(booking({})).replace(/}$/, `,"extra":${"[".repeat(200_000)}${"]".repeat(200_000)}}`);
    for (const headers of [{ "Idempotency-Key": `deep-${RUN}` }, {} as Record<string, string>]) {
      const a = await send("POST", "/api/v1/bookings", { json: body, headers });
      expect(a.status, describeAnswer(a)).toBe(400);
      expect(a.json.errors).toHaveProperty("body");
    }
    // 33 levels is one too many; 32 pass the depth check and reach the schema (here refused for the empty name, so nothing is booked).
    const nest = (n: number) => `${"[".repeat(n - 1)}${"]".repeat(n - 1)}`;
    const at = (n: number) => JSON.stringify(booking({ name: "" })).replace(/}$/, `,"extra":${nest(n)}}`);
    expect((await send("POST", "/api/v1/bookings", { json: at(33) })).status).toBe(400);
    const reached = await send("POST", "/api/v1/bookings", { json: at(32), headers: { "Idempotency-Key": `ok-${RUN}` } });
    expect(reached.status, describeAnswer(reached)).toBe(422);
    expect(reached.json.errors).toHaveProperty("client.name");
  });
});

// ---------------------------------------------------------------------------
// Every API route, every field, every kind of hostile value.

describe("every API route refuses every hostile value", () => {
  const bookingBody = (client: Record<string, unknown> = {}, rest: Record<string, unknown> = {}) => ({
    serviceId: ids.consultationId,
    start: ids.secondSlotStart,
    practitionerId: ids.practitionerId,
    client: { name: "Sam Plain", email: `api.${tag()}@example.test`, phone: "", ...client },
    ...rest,
  });

  // The time these bodies name is booked first. A key the API does not know is ignored whatever it holds (the body's
  // check, src/kernel/text.ts, refuses in keys only what no field may hold; line rules are each field's), so a body
  // whose only hostile part is such a key is refused for the time (409) instead of booking it.
  beforeAll(async () => {
    await book(s.url, bookingBody());
  });

  it("POST /api/v1/bookings", async () => {
    const failures: string[] = [];
    const cases: [string, unknown][] = [];
    for (const kind of [...LINE_KINDS, "del", "surrogate", "bell"] as Kind[]) {
      for (const field of ["name", "email", "phone"]) cases.push([`client.${field} ${kind}`, bookingBody({ [field]: hostile(kind) })]);
      for (const field of ["serviceId", "start", "practitionerId", "locale"])
        cases.push([`${field} ${kind}`, bookingBody({}, { [field]: hostile(kind) })]);
      cases.push([`a key with ${kind}`, bookingBody({}, { [hostile(kind)]: "x" })]);
    }
    for (const at of ABSURD_INSTANTS) cases.push([`start ${at}`, bookingBody({}, { start: at })]);
    cases.push(["client as a string", bookingBody({}, { client: hostile("nul") })]);
    for (const [label, body] of cases) {
      const a = await send("POST", "/api/v1/bookings", { json: body, headers: { "Idempotency-Key": tag() } });
      if (a.status < 400 || a.status >= 500) failures.push(`${label}: ${describeAnswer(a)}`);
    }
    const key = await send("POST", "/api/v1/bookings", {
      json: bookingBody(),
      headers: { "Idempotency-Key": tag() + "x".repeat(300) },
    });
    if (key.status < 400 || key.status >= 500) failures.push(`a long Idempotency-Key: ${describeAnswer(key)}`);
    expect(failures, failures.join("\n")).toEqual([]);
  });

  it("GET /api/v1/availability", async () => {
    const failures: string[] = [];
    const base = { serviceId: ids.consultationId, from: "2027-03-01", to: "2027-03-02", practitionerId: ids.practitionerId };
    const cases: Record<string, string>[] = [];
    for (const field of Object.keys(base)) for (const kind of LINE_KINDS) cases.push({ ...base, [field]: hostile(kind) });
    for (const date of ABSURD_DATES) cases.push({ ...base, from: date }, { ...base, to: date }, { ...base, from: date, to: date });
    cases.push({ ...base, from: "9999-12-01", to: "9999-12-31" }, { ...base, from: "0001-01-01", to: "0001-01-31" });
    for (const q of cases) {
      const a = await send("GET", `/api/v1/availability?${new URLSearchParams(q)}`);
      if (a.status < 400 || a.status >= 500) failures.push(`${JSON.stringify(q).slice(0, 200)}: ${describeAnswer(a)}`);
    }
    expect(failures, failures.join("\n")).toEqual([]);
  });

  it("a booking's own routes", async () => {
    const failures: string[] = [];
    const check = (label: string, a: Answer) => {
      if (a.status < 400 || a.status >= 500) failures.push(`${label}: ${describeAnswer(a)}`);
    };
    const id = ids.appointmentId;
    for (const kind of LINE_KINDS) {
      const v = encodeURIComponent(hostile(kind));
      const p = encodeURIComponent(pathValue(kind));
      check(`GET id ${kind}`, await send("GET", `/api/v1/bookings/${p}?token=x`));
      check(`GET token ${kind}`, await send("GET", `/api/v1/bookings/${id}?token=${v}`));
      check(`cancel token ${kind}`, await send("POST", `/api/v1/bookings/${id}/cancel?token=${v}`, { json: {} }));
      check(`cancel id ${kind}`, await send("POST", `/api/v1/bookings/${p}/cancel?token=x`, { json: {} }));
      check(
        `reschedule start ${kind}`,
        await send("POST", `/api/v1/bookings/${id}/reschedule?token=${ids.manageToken}`, { json: { start: hostile(kind) } }),
      );
      check(
        `reschedule practitioner ${kind}`,
        await send("POST", `/api/v1/bookings/${id}/reschedule?token=${ids.manageToken}`, {
          json: { start: ids.secondSlotStart, practitionerId: hostile(kind) },
        }),
      );
    }
    for (const at of ABSURD_INSTANTS)
      check(
        `reschedule to ${at}`,
        await send("POST", `/api/v1/bookings/${id}/reschedule?token=${ids.manageToken}`, { json: { start: at } }),
      );
    expect(failures, failures.join("\n")).toEqual([]);
  });

  it("POST /api/v1/screenings and the plans API", async () => {
    const failures: string[] = [];
    const check = (label: string, a: Answer) => {
      if (a.status < 400 || a.status >= 500) failures.push(`${label}: ${describeAnswer(a)}`);
    };
    for (const kind of [...LINE_KINDS, "surrogate", "bell"] as Kind[]) {
      check(
        `screening answer ${kind}`,
        await send("POST", "/api/v1/screenings", { json: { birthDate: hostile(kind), answers: { x: hostile(kind) } } }),
      );
      check(`screening key ${kind}`, await send("POST", "/api/v1/screenings", { json: { [hostile(kind)]: true } }));
      check(
        `plan ${kind}`,
        await send("POST", `/api/v1/clients/${ids.clientId}/plans`, { cookie: owner, json: { noteToClient: hostile(kind), zones: [] } }),
      );
      if (kind !== "surrogate")
        check(
          `plans of client ${kind}`,
          await send("GET", `/api/v1/clients/${encodeURIComponent(pathValue(kind))}/plans`, { cookie: owner }),
        );
    }
    const deep = `{"a":${"[".repeat(200_000)}${"]".repeat(200_000)}}`;
    check("deep screening", await send("POST", "/api/v1/screenings", { json: deep }));
    check("deep plan", await send("POST", `/api/v1/clients/${ids.clientId}/plans`, { cookie: owner, json: deep }));
    check(
      "deep reschedule",
      await send("POST", `/api/v1/bookings/${ids.appointmentId}/reschedule?token=${ids.manageToken}`, { json: deep }),
    );
    check("deep plan anonymous", await send("POST", `/api/v1/clients/${ids.clientId}/plans`, { json: deep }));
    expect(failures, failures.join("\n")).toEqual([]);
  });

  it("GET /api/v1/clients", async () => {
    const failures: string[] = [];
    const queries: Record<string, string>[] = [
      { q: hostile("nul") },
      { q: hostile("long") },
      { q: "x", page: hostile("nul") },
      { q: "x", pageSize: hostile("nul") },
      { q: "x", page: "99999999999999999999" },
    ];
    for (const q of queries) {
      const a = await send("GET", `/api/v1/clients?${new URLSearchParams(q)}`, { cookie: owner });
      if (a.status < 400 || a.status >= 500) failures.push(`${JSON.stringify(q).slice(0, 80)}: ${describeAnswer(a)}`);
    }
    expect(failures, failures.join("\n")).toEqual([]);
  });
});

s.describeAfterEverything();
