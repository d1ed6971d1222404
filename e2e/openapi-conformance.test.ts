// The API answers what its OpenAPI document says, over real HTTP (server/app.ts
// over the production build, in this process so staff can be signed in
// without a browser). Every operation is called with good and bad input, and
// every answer is checked against the document the server itself publishes at
// /api/v1/openapi.json: (a) its status is declared for that operation, (b) its
// body validates against the schema declared for that status and content type
// (Ajv, JSON Schema 2020-12, $refs resolved in the document), (c) its
// Content-Type is the declared one, and the headers declared as required are
// there and valid (Allow on 405, Retry-After on 429). A problem's `status` is
// the HTTP status. New statuses a route starts sending fail here until the
// document declares them.
import { and, eq } from "drizzle-orm";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appointments, practitioners, services as serviceTable } from "../src/db/schema.ts";
import { planGlides } from "../src/plans/tables.ts";
import { screenClient } from "../src/privacy/screening-test-fixtures.ts";
import { fullDay } from "./days.ts";
import { startInProcessClinic, type InProcessClinic } from "./in-process.ts";
import { markSensitive } from "./server.ts";

const DOC_ID = "https://dermaplan.test/openapi.json";
const PROBLEMS = "https://dermaplan.app/problems/";
const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

interface Schema {
  [key: string]: unknown;
}
interface ResponseObject {
  $ref?: string;
  description?: string;
  headers?: Record<string, { $ref?: string; required?: boolean; schema?: Schema }>;
  content?: Record<string, { schema: Schema }>;
}
interface OperationObject {
  operationId: string;
  responses: Record<string, ResponseObject>;
}
interface OpenApi {
  paths: Record<string, Record<string, OperationObject>>;
  components: { responses: Record<string, ResponseObject>; headers: Record<string, { required?: boolean; schema?: Schema }> };
}

interface Answer {
  status: number;
  contentType: string;
  headers: Headers;
  text: string;
  body: any;
}

let app: InProcessClinic;
let doc: OpenApi;
let ajv: Ajv2020;
let consultationId = "";
let faceId = "";
let glideId = "";
let practitionerId = "";
let ownerCookie = "";
let practitionerCookie = "";
/** A second owner who treats nobody: outside every care team (the demo's own owner treats, linked to a practitioner). */
let outsideOwnerCookie = "";
let planClientId = "";
let day = "";
/** operationId → statuses seen, for the coverage check at the end. */
const seen = new Map<string, Set<number>>();

/**
 * Limits on anonymous bookings: generous per address (this process books far
 * more from 127.0.0.1 than a person would), a few per e-mail address, so that
 * the fifth attempt for one address answers 429. No other case books more
 * than three times for one address.
 */
const LIMITS = {
  holdsPerIp: { max: 100_000, windowMs: 3_600_000 },
  bookingsPerIp: { max: 100_000, windowMs: 3_600_000 },
  bookingsPerEmail: { max: 4, windowMs: 3_600_000 },
};
let emailCounter = 0;
const email = (what = "conformance") => `${what}.${Date.now().toString(36)}.${++emailCounter}@example.test`;

async function call(
  method: string,
  path: string,
  init: { json?: unknown; body?: BodyInit; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers = new Headers(init.headers);
  let body = init.body;
  if (init.json !== undefined) {
    if (!headers.has("Content-Type")) headers.set("Content-Type", "application/json");
    body = JSON.stringify(init.json);
  }
  const res = await fetch(app.url + path, { method, headers, body, redirect: "manual" });
  const text = await res.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  return { status: res.status, contentType: res.headers.get("content-type") ?? "", headers: res.headers, text, body: parsed };
}

const escapePointer = (s: string) => s.replaceAll("~", "~0").replaceAll("/", "~1");

function resolveResponse(answer: ResponseObject): { response: ResponseObject; pointer: string } | null {
  if (!answer.$ref) return null;
  const name = answer.$ref.split("/").pop()!;
  return { response: doc.components.responses[name]!, pointer: `/components/responses/${escapePointer(name)}` };
}

/** Checks one answer against the operation `method path` (path as the document writes it) and returns it. */
function conforms(method: (typeof METHODS)[number], path: string, answer: Answer): Answer {
  const where = `${method.toUpperCase()} ${path} → ${answer.status} ${answer.text.slice(0, 300)}`;
  const operation = doc.paths[path]?.[method];
  expect(operation, `${method.toUpperCase()} ${path} is not in the document`).toBeDefined();
  seen.set(operation!.operationId, (seen.get(operation!.operationId) ?? new Set()).add(answer.status));
  // (a) The status is declared (or a default answer is).
  const key = String(answer.status) in operation!.responses ? String(answer.status) : "default";
  expect(operation!.responses, `status not declared: ${where}`).toHaveProperty([key]);
  const declared = operation!.responses[key]!;
  const resolved = resolveResponse(declared) ?? {
    response: declared,
    pointer: `/paths/${escapePointer(path)}/${method}/responses/${key}`,
  };
  const { response, pointer } = resolved;
  // (c) The Content-Type is one the response declares (or none, for a response without content).
  const essence = answer.contentType.split(";")[0]!.trim().toLowerCase();
  const types = Object.keys(response.content ?? {});
  if (types.length === 0) {
    expect(answer.text, `a body where none is declared: ${where}`).toBe("");
  } else {
    expect(types, `Content-Type ${answer.contentType}: ${where}`).toContain(essence);
    // (b) The body validates against the schema for that status and type.
    const validate = ajv.getSchema(`${DOC_ID}#${pointer}/content/${escapePointer(essence)}/schema`)!;
    expect(validate, `no schema: ${where}`).toBeDefined();
    const valid = validate(answer.body);
    expect(valid ? [] : validate.errors, `body does not match the schema: ${where}`).toEqual([]);
  }
  // Declared headers: the required ones are there, and every one sent is valid.
  for (const [name, header] of Object.entries(response.headers ?? {})) {
    const h = header.$ref ? doc.components.headers[header.$ref.split("/").pop()!]! : header;
    const value = answer.headers.get(name);
    if (h.required) expect(value, `header ${name} missing: ${where}`).not.toBeNull();
    if (value !== null && h.schema) {
      const v = h.schema.type === "integer" && /^-?\d+$/.test(value) ? Number(value) : value;
      const validate = ajv.compile(h.schema);
      expect(validate(v), `header ${name}: ${value} (${where})`).toBe(true);
    }
  }
  // A problem says its own status, and its type is one of ours.
  if (essence === "application/problem+json") {
    expect(answer.body.status, where).toBe(answer.status);
    expect(answer.body.type, where).toMatch(new RegExp(`^${PROBLEMS.replaceAll(".", "\\.")}[a-z-]+$`));
  }
  // A 405 names the methods of the path, as the document lists them.
  if (answer.status === 405) {
    const allowed = (answer.headers.get("allow") ?? "").split(",").map((m) => m.trim().toLowerCase());
    const documented = METHODS.filter((m) => m in doc.paths[path]!);
    expect(allowed.sort(), where).toEqual([...documented].sort());
  }
  return answer;
}

type Slot = { start: string; practitionerId: string };

async function slots(serviceId: string, date: string, practitioner?: string): Promise<Slot[]> {
  const q = new URLSearchParams({ serviceId, from: date, to: date });
  if (practitioner) q.set("practitionerId", practitioner);
  const res = conforms("get", "/api/v1/availability", await call("GET", `/api/v1/availability?${q}`));
  expect(res.status).toBe(200);
  return res.body.slots;
}

/** The first time still free on the test day: what was booked is no longer listed. */
async function nextSlot(practitioner?: string) {
  const [slot] = await slots(consultationId, day, practitioner);
  if (!slot) throw new Error("No free time left on the test day");
  return slot;
}

/** The body of a booking for a consultation at this slot, with the practitioner it was listed for. */
const consultationAt = (slot: Slot, client: { name: string; email: string }) => ({
  serviceId: consultationId,
  start: slot.start,
  practitionerId: slot.practitionerId,
  client,
});

async function book(extra: Record<string, unknown> = {}) {
  const slot = await nextSlot();
  const res = conforms(
    "post",
    "/api/v1/bookings",
    await call("POST", "/api/v1/bookings", {
      json: { ...consultationAt(slot, { name: "Ana Conform", email: email() }), ...extra },
    }),
  );
  expect(res.status, res.text).toBe(201);
  return { booking: res.body, token: new URL(res.body.manageUrl).searchParams.get("token")!, slot };
}

beforeAll(async () => {
  app = await startInProcessClinic({ requestLimits: LIMITS });
  const { db } = app.f.database;
  const orgId = app.f.organizationId;
  // The document as the server publishes it; Ajv resolves its $refs by this id.
  const published = await call("GET", "/api/v1/openapi.json");
  expect(published.status).toBe(200);
  doc = published.body;
  ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema({ ...published.body, $id: DOC_ID });
  conforms("get", "/api/v1/openapi.json", published);

  const [consultation] = await db
    .select()
    .from(serviceTable)
    .where(and(eq(serviceTable.organizationId, orgId), eq(serviceTable.kind, "consultation")));
  const [face] = await db
    .select()
    .from(serviceTable)
    .where(and(eq(serviceTable.organizationId, orgId), eq(serviceTable.slug, "microneedling-face")));
  consultationId = consultation!.id;
  faceId = face!.id;
  const [glide] = await db.select({ id: planGlides.id }).from(planGlides).where(eq(planGlides.organizationId, orgId));
  glideId = glide!.id;
  const [first] = await db.select().from(practitioners).where(eq(practitioners.organizationId, orgId)).limit(1);
  practitionerId = first!.id;
  day = fullDay();

  // A client in the practitioner's care team (a consultation with her, and a screening), for the plan operations.
  const planClient = { name: "Pia Planholder", email: email("pia") };
  markSensitive(planClient.name, planClient.email);
  const mine = await nextSlot(practitionerId);
  const booked = conforms(
    "post",
    "/api/v1/bookings",
    await call("POST", "/api/v1/bookings", { json: { serviceId: consultationId, start: mine.start, practitionerId, client: planClient } }),
  );
  expect(booked.status, booked.text).toBe(201);
  // A booking anyone could make by typing the address widens nobody's access to the record; a consultation
  // that took place does (src/privacy/access.ts, isCareTeam).
  await db.update(appointments).set({ status: "completed" }).where(eq(appointments.id, booked.body.id));
  const today = new Date().toLocaleDateString("en-CA", { timeZone: "America/Toronto" });
  ({ clientId: planClientId } = await screenClient(db, app.keyRing, {
    organizationId: orgId,
    email: planClient.email,
    asOf: today,
    now: Date.now(),
  }));
  [ownerCookie, practitionerCookie, outsideOwnerCookie] = await Promise.all([
    app.ownerCookie(),
    app.addSignedInStaff("practitioner", { practitionerId, name: "Pat Conformance" }).then((s) => s.cookie),
    app.addSignedInStaff("owner", { name: "Olive Owner" }).then((s) => s.cookie),
  ]);
}, 180_000);

afterAll(async () => {
  await app?.close();
});

describe("reference operations", () => {
  it("services, the depth table and the document itself", async () => {
    const services = conforms("get", "/api/v1/services", await call("GET", "/api/v1/services"));
    expect(services.status).toBe(200);
    expect(services.body.services.some((s: { kind: string }) => s.kind === "treatment")).toBe(true);
    expect(conforms("get", "/api/v1/depth-table", await call("GET", "/api/v1/depth-table")).status).toBe(200);
    expect(conforms("get", "/api/v1/openapi.json", await call("GET", "/api/v1/openapi.json")).status).toBe(200);
    // Another method: 405 with Allow.
    expect(conforms("get", "/api/v1/services", await call("POST", "/api/v1/services", { json: {} })).status).toBe(405);
    expect(conforms("get", "/api/v1/depth-table", await call("DELETE", "/api/v1/depth-table")).status).toBe(405);
    expect(conforms("get", "/api/v1/openapi.json", await call("PUT", "/api/v1/openapi.json", { json: {} })).status).toBe(405);
  });

  it("availability, and a bad query", async () => {
    expect((await slots(consultationId, day)).length).toBeGreaterThan(0);
    const bad = conforms("get", "/api/v1/availability", await call("GET", "/api/v1/availability?from=2027-02-30"));
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toHaveProperty("serviceId");
    const tooLong = conforms(
      "get",
      "/api/v1/availability",
      await call("GET", `/api/v1/availability?serviceId=${consultationId}&from=2027-01-01&to=2027-03-05`),
    );
    expect(tooLong.status).toBe(422);
  });
});

describe("POST /api/v1/bookings", () => {
  const op = (answer: Answer) => conforms("post", "/api/v1/bookings", answer);

  it("books, replays a retry and refuses the key with another body", async () => {
    const slot = await nextSlot();
    const body = { serviceId: consultationId, start: slot.start, client: { name: "Rui Replay", email: email("replay") } };
    const key = `conformance-${Date.now()}`;
    const first = op(await call("POST", "/api/v1/bookings", { json: body, headers: { "Idempotency-Key": key } }));
    expect(first.status, first.text).toBe(201);
    const again = op(await call("POST", "/api/v1/bookings", { json: body, headers: { "Idempotency-Key": key } }));
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    const other = op(
      await call("POST", "/api/v1/bookings", {
        json: { ...body, client: { ...body.client, name: "Someone Else" } },
        headers: { "Idempotency-Key": key },
      }),
    );
    expect(other.status).toBe(422);
    expect(other.body.type).toBe(`${PROBLEMS}idempotency-key-reuse`);
  });

  it("answers a taken slot with 409 slot-unavailable and alternatives", async () => {
    const { slot } = await book();
    const taken = op(
      await call("POST", "/api/v1/bookings", {
        json: consultationAt(slot, { name: "Late Comer", email: email() }),
      }),
    );
    expect(taken.status).toBe(409);
    expect(taken.body.type).toBe(`${PROBLEMS}slot-unavailable`);
  });

  it("answers the caller's mistakes with 400, 403, 405, 413, 415 and 422", async () => {
    const valid = { serviceId: consultationId, start: `${day}T10:00:00-05:00`, client: { name: "Ann Input", email: email() } };
    const badJson = op(await call("POST", "/api/v1/bookings", { body: "{nope", headers: { "Content-Type": "application/json" } }));
    expect(badJson.status).toBe(400);
    expect(badJson.body.type).toBe(`${PROBLEMS}invalid-input`);
    const form = op(
      await call("POST", "/api/v1/bookings", { body: "a=b", headers: { "Content-Type": "application/x-www-form-urlencoded" } }),
    );
    expect(form.status).toBe(415);
    const invalid = op(await call("POST", "/api/v1/bookings", { json: { ...valid, client: { name: "A", email: "a@" } } }));
    expect(invalid.status).toBe(422);
    expect(invalid.body.errors).toHaveProperty(["client.email"]);
    const badKey = op(await call("POST", "/api/v1/bookings", { json: valid, headers: { "Idempotency-Key": "k".repeat(201) } }));
    expect(badKey.status).toBe(422);
    // A control character in a field (and an unknown service, so that nothing is booked whatever the server makes of it).
    const control = op(
      await call("POST", "/api/v1/bookings", { json: { ...valid, serviceId: "nope", client: { name: "Bell\u0007", email: email() } } }),
    );
    expect(control.status).toBe(422);
    expect(control.body.errors).toHaveProperty(["client.name"]);
    // Nested far too deep: refused before it is looked at.
    const deep = op(
      await call("POST", "/api/v1/bookings", {
        body: `{"serviceId":"nope","start":"${valid.start}","client":${"[".repeat(5000)}${"]".repeat(5000)}}`,
        headers: { "Content-Type": "application/json" },
      }),
    );
    expect(deep.status).toBe(400);
    expect(deep.body.type).toBe(`${PROBLEMS}invalid-input`);
    const wrongMethod = op(await call("GET", "/api/v1/bookings"));
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("POST");
    const huge = op(
      await call("POST", "/api/v1/bookings", { body: "x".repeat(1024 * 1024 + 1), headers: { "Content-Type": "application/json" } }),
    );
    expect(huge.status).toBe(413);
    // A cookie sent from another site.
    const crossSite = op(
      await call("POST", "/api/v1/bookings", { json: valid, headers: { Origin: "https://elsewhere.example", Cookie: "dp_client=x" } }),
    );
    expect(crossSite.status).toBe(403);
    expect(crossSite.body.type).toBe(`${PROBLEMS}cross-origin`);
  });

  it("refuses a treatment for a client without a screening with 409 not-eligible, neutral to anyone", async () => {
    const [slot] = await slots(faceId, day);
    const body = { serviceId: faceId, start: slot!.start, client: { name: "Nell Newcomer", email: email("nell") } };
    markSensitive(body.client.name, body.client.email);
    const anonymous = op(await call("POST", "/api/v1/bookings", { json: body }));
    expect(anonymous.status, anonymous.text).toBe(409);
    expect(anonymous.body.type).toBe(`${PROBLEMS}not-eligible`);
    // The neutral answer: the same for every cause, no reason and no date (the contract; openapi.test.ts checks
    // that the schema also takes the answer with them, which staff and the signed-in client get).
    expect(anonymous.body).toEqual({
      type: `${PROBLEMS}not-eligible`,
      title: "This appointment can't be booked online for you yet",
      status: 409,
      detail: "We have e-mailed you what to do.",
      alternatives: [],
    });
    // Staff, by their session cookie from the clinic's own site. The contract gives them the reason and the
    // date; the schema accepts the answer with them or without (the route does not tell staff apart yet).
    const staff = op(await call("POST", "/api/v1/bookings", { json: body, headers: { Cookie: ownerCookie, Origin: app.url } }));
    expect(staff.status, staff.text).toBe(409);
    expect(staff.body.type).toBe(`${PROBLEMS}not-eligible`);
  });

  it("answers 429 with Retry-After once one e-mail address has booked too often", async () => {
    // Attempts at a taken time count too, and book nothing.
    const { slot } = await book();
    const address = email("often");
    let limited: Answer | null = null;
    for (let i = 0; i <= LIMITS.bookingsPerEmail.max && !limited; i++) {
      const res = op(
        await call("POST", "/api/v1/bookings", {
          json: consultationAt(slot, { name: "Otto Often", email: address }),
        }),
      );
      if (res.status === 429) limited = res;
      else expect(res.status).toBe(409);
    }
    expect(limited, `no 429 after ${LIMITS.bookingsPerEmail.max} attempts for one e-mail address`).not.toBeNull();
    expect(limited!.body.type).toBe(`${PROBLEMS}rate-limited`);
    expect(String(limited!.body.retryAfterSeconds)).toBe(limited!.headers.get("retry-after"));
  });
});

describe("a booking's own operations", () => {
  const unknown = "7d1f7f0e-9a53-4b55-9d43-2f1c8a8f0b11";

  it("GET /api/v1/bookings/{id}: 200 for the token holder, 404 otherwise, 400 for a broken address, 405", async () => {
    const { booking, token } = await book();
    const path = "/api/v1/bookings/{id}";
    expect(conforms("get", path, await call("GET", `/api/v1/bookings/${booking.id}?token=${token}`)).status).toBe(200);
    expect(conforms("get", path, await call("GET", `/api/v1/bookings/${booking.id}?token=wrong`)).status).toBe(404);
    expect(conforms("get", path, await call("GET", `/api/v1/bookings/${unknown}?token=${token}`)).status).toBe(404);
    expect(conforms("get", path, await call("GET", `/api/v1/bookings/not-a-uuid?token=${token}`)).status).toBe(404);
    expect(conforms("get", path, await call("GET", `/api/v1/bookings/%E0%A4%A?token=x`)).status).toBe(400);
    expect(conforms("get", path, await call("POST", `/api/v1/bookings/${booking.id}?token=${token}`, { json: {} })).status).toBe(405);
  });

  it("POST …/reschedule: 200, 409 for a taken time, 400, 404, 405, 413, 415, 422", async () => {
    const { booking, token, slot } = await book();
    const path = "/api/v1/bookings/{id}/reschedule";
    const url = `/api/v1/bookings/${booking.id}/reschedule?token=${token}`;
    const blocker = await book();
    const taken = conforms(
      "post",
      path,
      await call("POST", url, { json: { start: blocker.slot.start, practitionerId: blocker.slot.practitionerId } }),
    );
    expect(taken.status, taken.text).toBe(409);
    expect(taken.body.type).toBe(`${PROBLEMS}slot-unavailable`);
    const target = (await slots(consultationId, day, slot.practitionerId)).at(-1)!;
    const moved = conforms("post", path, await call("POST", url, { json: { start: target.start } }));
    expect(moved.status, moved.text).toBe(200);
    expect(moved.body.start).toBe(target.start);
    expect(conforms("post", path, await call("POST", url, { body: "{", headers: { "Content-Type": "application/json" } })).status).toBe(
      400,
    );
    expect(conforms("post", path, await call("POST", url, { body: "{}", headers: { "Content-Type": "text/plain" } })).status).toBe(415);
    expect(conforms("post", path, await call("POST", url, { json: { start: "tomorrow" } })).status).toBe(422);
    expect(
      conforms("post", path, await call("POST", `/api/v1/bookings/${unknown}/reschedule?token=${token}`, { json: { start: target.start } }))
        .status,
    ).toBe(404);
    expect(conforms("post", path, await call("GET", url)).status).toBe(405);
    expect(
      conforms(
        "post",
        path,
        await call("POST", url, { body: " ".repeat(1024 * 1024 + 1), headers: { "Content-Type": "application/json" } }),
      ).status,
    ).toBe(413);
  });

  it("POST …/cancel: 200, and 200 again; 404 for an unknown booking; 405", async () => {
    const { booking, token } = await book();
    const path = "/api/v1/bookings/{id}/cancel";
    const cancelled = conforms("post", path, await call("POST", `/api/v1/bookings/${booking.id}/cancel?token=${token}`));
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ id: booking.id, status: "cancelled" });
    // Cancelling again changes nothing and answers the same.
    const again = conforms("post", path, await call("POST", `/api/v1/bookings/${booking.id}/cancel?token=${token}`));
    expect(again.status).toBe(200);
    expect(again.body).toEqual(cancelled.body);
    expect(conforms("post", path, await call("POST", `/api/v1/bookings/${unknown}/cancel?token=x`)).status).toBe(404);
    expect(conforms("post", path, await call("GET", `/api/v1/bookings/${booking.id}/cancel?token=${token}`)).status).toBe(405);
  });
});

describe("POST /api/v1/screenings", () => {
  const op = (answer: Answer) => conforms("post", "/api/v1/screenings", answer);

  it("screens, and answers 400, 403, 405, 415 and 422", async () => {
    const ok = op(await call("POST", "/api/v1/screenings", { json: { asOf: "2027-05-10", treatmentAreas: ["face"], fitzpatrickType: 2 } }));
    expect(ok.status).toBe(200);
    expect(ok.body.outcome).toBe("suitable");
    const invalid = op(await call("POST", "/api/v1/screenings", { json: { treatmentAreas: [], fitzpatrickType: 9 } }));
    expect(invalid.status).toBe(422);
    expect(op(await call("POST", "/api/v1/screenings", { json: [] })).status).toBe(400);
    expect(op(await call("POST", "/api/v1/screenings", { body: "{", headers: { "Content-Type": "application/json" } })).status).toBe(400);
    expect(op(await call("POST", "/api/v1/screenings", { body: "{}", headers: { "Content-Type": "text/plain" } })).status).toBe(415);
    expect(op(await call("GET", "/api/v1/screenings")).status).toBe(405);
    const crossSite = op(
      await call("POST", "/api/v1/screenings", {
        json: { treatmentAreas: ["face"] },
        headers: { Origin: "https://elsewhere.example", Cookie: "a=b" },
      }),
    );
    expect(crossSite.status).toBe(403);
  });
});

describe("staff operations", () => {
  it("GET /api/v1/clients: 401 without a session, 200, 422 for a bad page, 405", async () => {
    const path = "/api/v1/clients";
    expect(conforms("get", path, await call("GET", "/api/v1/clients")).status).toBe(401);
    const list = conforms("get", path, await call("GET", "/api/v1/clients?q=pia", { headers: { Cookie: ownerCookie } }));
    expect(list.status).toBe(200);
    expect(list.body.clients.length).toBeGreaterThan(0);
    expect(conforms("get", path, await call("GET", "/api/v1/clients?page=0", { headers: { Cookie: ownerCookie } })).status).toBe(422);
    expect(
      conforms("get", path, await call("DELETE", "/api/v1/clients", { headers: { Cookie: ownerCookie, Origin: app.url } })).status,
    ).toBe(405);
  });

  it("GET /api/v1/clients/{clientId}/plans: 401, 403 outside the care team, 404 for no such client, 200 for the practitioner", async () => {
    const path = "/api/v1/clients/{clientId}/plans";
    const url = `/api/v1/clients/${planClientId}/plans`;
    expect(conforms("get", path, await call("GET", url)).status).toBe(401);
    expect(conforms("get", path, await call("GET", url, { headers: { Cookie: outsideOwnerCookie } })).status).toBe(403);
    const none = conforms(
      "get",
      path,
      await call("GET", "/api/v1/clients/7d1f7f0e-9a53-4b55-9d43-2f1c8a8f0b11/plans", { headers: { Cookie: practitionerCookie } }),
    );
    expect(none.status).toBe(404);
    const mine = conforms("get", path, await call("GET", url, { headers: { Cookie: practitionerCookie } }));
    expect(mine.status).toBe(200);
    expect(
      conforms("get", path, await call("PUT", url, { json: {}, headers: { Cookie: practitionerCookie, Origin: app.url } })).status,
    ).toBe(405);
  });

  it("POST /api/v1/clients/{clientId}/plans: 401, 400, 415, 422 naming the rule, 201", async () => {
    const path = "/api/v1/clients/{clientId}/plans";
    const url = `/api/v1/clients/${planClientId}/plans`;
    const as = { Cookie: practitionerCookie, Origin: app.url };
    const draft = {
      assessment: { fitzpatrick: 2, fitzpatrickFromIntake: null, glogau: null, concerns: [], notes: "" },
      zones: [{ zone: "periorbital-left", indication: "fine-lines", depthMinMm: 0.2, depthMaxMm: 0.3 }],
      serviceId: faceId,
      practitionerId: null,
      sessions: 4,
      intervalMinDays: 28,
      intervalMaxDays: 35,
      numbingCream: false,
      glideId,
      productIds: [],
      pricePerSessionCents: 29900,
      packagePriceCents: 99900,
      currency: "CAD",
      noteToClient: "",
    };
    expect(conforms("post", path, await call("POST", url, { json: draft })).status).toBe(401);
    expect(
      conforms("post", path, await call("POST", url, { body: "{", headers: { ...as, "Content-Type": "application/json" } })).status,
    ).toBe(400);
    expect(conforms("post", path, await call("POST", url, { body: "{}", headers: { ...as, "Content-Type": "text/plain" } })).status).toBe(
      415,
    );
    const refused = conforms(
      "post",
      path,
      await call("POST", url, { json: { ...draft, zones: [{ ...draft.zones[0], depthMaxMm: 0.5 }], intervalMinDays: 7 }, headers: as }),
    );
    expect(refused.status, refused.text).toBe(422);
    expect(refused.body.violations.length).toBeGreaterThan(0);
    const created = conforms("post", path, await call("POST", url, { json: draft, headers: as }));
    expect(created.status, created.text).toBe(201);
    expect(created.headers.get("location")).toBe(`/staff/plans/${created.body.planId}`);
  });
});

describe("coverage", () => {
  it("called every operation of the document", () => {
    const all = Object.values(doc.paths).flatMap((item) => METHODS.filter((m) => m in item).map((m) => item[m]!.operationId));
    expect(all.filter((id) => !seen.has(id))).toEqual([]);
  });
});
