// Hostile requests rather than hostile fields: query strings and path
// segments on every page, absurd dates on the date pages, bodies of the wrong
// type or unreadable, and bodies over the size limit (declared or chunked).
// What the values are, and what every answer must be, is in
// e2e/hostile-input.ts; forms are hostile-input-forms.test.ts, the JSON API
// hostile-input-api.test.ts.
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ABSURD_DATES, describeAnswer, hostileSuite, type Body } from "./hostile-input.ts";

const s = hostileSuite("requests");
const { ids, send, hostile, pathValue, resolvePath } = s;
let owner = "";

beforeAll(async () => {
  owner = await s.start();
}, 180_000);

afterAll(() => s.stop());

/** A fetch with no body type of its own (raw bytes, no Content-Type header unless given). */
function rawBody(bytes: string, contentType: string | null): Body {
  return { raw: new TextEncoder().encode(bytes), contentType };
}

/**
 * A chunked body of `bytes` bytes (no Content-Length), written on a raw socket
 * so the answer is read even when the server answers before the body ends and
 * closes the connection (a client library may report only the reset then).
 * Resolves with the status the server answered (0: none).
 */
function sendChunked(path: string, bytes: number, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const { hostname, port } = new URL(s.url);
    const socket = connect(Number(port), hostname);
    let answer = "";
    let stopped = false;
    socket.on("data", (d) => {
      answer += d.toString("latin1");
      stopped = true; // answered: stop sending
    });
    socket.on("error", () => {
      stopped = true;
    });
    socket.on("close", () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0)));
    const head = [
      `POST ${path} HTTP/1.1`,
      `Host: ${hostname}:${port}`,
      `Origin: ${s.url}`,
      "Transfer-Encoding: chunked",
      "Connection: close",
    ];
    for (const [k, v] of Object.entries(headers)) head.push(`${k}: ${v}`);
    socket.write(`${head.join("\r\n")}\r\n\r\n`);
    const chunk = Buffer.concat([Buffer.from(`${(64 * 1024).toString(16)}\r\n`), Buffer.alloc(64 * 1024, "a"), Buffer.from("\r\n")]);
    let written = 0;
    const pump = () => {
      while (!stopped && written < bytes) {
        written += 64 * 1024;
        if (!socket.write(chunk)) {
          socket.once("drain", pump);
          return;
        }
      }
      if (!stopped) socket.write("0\r\n\r\n");
    };
    pump();
    setTimeout(() => socket.destroy(), 20_000).unref();
  });
}

// ---------------------------------------------------------------------------
// Pages: hostile query strings and path segments.

const PUBLIC_PAGES = [
  "/",
  "/microneedling",
  "/about",
  "/contact",
  "/articles",
  "/privacy",
  "/book",
  "/book/:consultationSlug",
  "/candidate",
  "/candidate/book",
  "/candidate/remind",
  "/manage/:appointmentId",
  "/login",
  "/login/two-factor",
  "/portal/login",
  "/portal/verify",
  "/portal",
  "/sitemap.xml",
  "/robots.txt",
];
const STAFF_PAGES = [
  "/staff",
  "/staff/appointments/new",
  "/staff/appointments/:appointmentId",
  "/staff/practitioners",
  "/staff/practitioners/:practitionerId",
  "/staff/services",
  "/staff/services/:consultationId",
  "/staff/settings",
  "/staff/screening",
  "/staff/consent-forms",
  "/staff/outbox",
  "/staff/clients",
  "/staff/clients/:clientId",
  "/staff/plan-settings",
  "/staff/supplies",
  "/staff/supplies/recall",
  "/staff/content",
  "/staff/content/new",
  "/staff/content/:documentId",
  "/staff/content/:documentId/preview",
  "/staff/content/:documentId/revisions",
  "/staff/media",
  "/staff/audit",
  "/staff/team",
  "/staff/account",
];
const SEGMENT_PATHS = [
  "/articles/@",
  "/fr/articles/@",
  "/pages/@",
  "/book/@",
  "/manage/@",
  "/invite/@",
  "/media/@/@",
  "/portal/plans/@",
  "/staff/appointments/@",
  "/staff/practitioners/@",
  "/staff/services/@",
  "/staff/outbox/@",
  "/staff/clients/@",
  "/staff/clients/@/record/json",
  "/staff/clients/@/plans/new",
  "/staff/plans/@",
  "/staff/plans/@/pdf",
  "/staff/plans/@/series",
  "/staff/plans/@/photos",
  "/staff/content/@",
  "/staff/content/@/preview",
  "/staff/content/@/revisions",
  "/staff/media/@",
  "/api/v1/bookings/@",
  "/api/v1/clients/@/plans",
  "/api/v1/@",
];
const QUERY_NAMES = [
  "q",
  "date",
  "week",
  "from",
  "to",
  "view",
  "page",
  "token",
  "next",
  "step",
  "practitioner",
  "service",
  "clientId",
  "notice",
  "saved",
  "status",
  "published",
];

describe("pages answer hostile query strings and path segments without failing", () => {
  it("query strings: no 5xx on any page", async () => {
    const failures: string[] = [];
    const french = ["/fr", "/fr/book", "/fr/book/:consultationSlug", "/fr/candidate", "/fr/articles", "/fr/manage/:appointmentId"];
    for (const path of [...PUBLIC_PAGES, ...french, ...STAFF_PAGES]) {
      for (const kind of ["nul", "crlf", "bidi", "long", "dates"] as const) {
        const params = new URLSearchParams();
        QUERY_NAMES.forEach((name, i) => {
          // Dates: year 9999 and year 0 by turns; "long": 16 × 600 characters, under the 16 KiB a request line may take.
          params.set(name, kind === "dates" ? (i % 2 ? "9999-12-31" : "0000-01-01") : hostile(kind, 600));
        });
        if (path === "/staff/clients") params.delete("q"); // its own test above expects 422 for a hostile q
        const a = await send("GET", `${resolvePath(path)}?${params}`, { cookie: path.startsWith("/staff") ? owner : undefined });
        if (a.status >= 500) failures.push(`${path} ${kind}: ${describeAnswer(a)}`);
      }
    }
    expect(failures, failures.join("\n")).toEqual([]);
  });

  it("path segments: 4xx everywhere", async () => {
    const failures: string[] = [];
    for (const pattern of SEGMENT_PATHS) {
      for (const kind of ["nul", "crlf", "bidi", "long"] as const) {
        const path = pattern.replace(/@/g, () => encodeURIComponent(pathValue(kind, 3_000)));
        const a = await send("GET", path, { cookie: path.startsWith("/staff") || path.startsWith("/api/v1/clients") ? owner : undefined });
        // Public slugs are lower case: another case is first sent to its lower-case address (which is then not found).
        const lowered = a.status === 301 && a.location === path.toLowerCase();
        const signIn = a.status === 302 && a.location === "/portal/login";
        if ((a.status < 400 || a.status >= 500) && !lowered && !signIn) failures.push(`${pattern} ${kind}: ${describeAnswer(a)}`);
      }
    }
    expect(failures, failures.join("\n")).toEqual([]);
  });

  it("dates far out of range on the date pages", async () => {
    const failures: string[] = [];
    for (const path of [
      "/staff/appointments/new?date=@",
      "/staff/appointments/:appointmentId?date=@",
      "/book/:consultationSlug?date=@",
      "/book/:consultationSlug?week=@",
      "/manage/:appointmentId?token=:manageToken&date=@",
      "/staff/audit?from=@&to=@",
    ]) {
      for (const date of ABSURD_DATES) {
        const a = await send("GET", resolvePath(path).replace(/@/g, date), { cookie: path.startsWith("/staff") ? owner : undefined });
        if (a.status >= 500) failures.push(`${path} ${date}: ${describeAnswer(a)}`);
      }
    }
    expect(failures, failures.join("\n")).toEqual([]);
  });
});

// ---------------------------------------------------------------------------
// Bodies of the wrong kind.

describe("wrong, missing and oversized bodies", () => {
  const JSON_ROUTES = [
    "/api/v1/bookings",
    "/api/v1/screenings",
    "/api/v1/bookings/:appointmentId/reschedule",
    "/api/v1/clients/:clientId/plans",
  ];
  const FORM_ROUTES = [
    "/book/:consultationSlug",
    "/candidate",
    "/candidate/remind",
    "/login",
    "/portal/login",
    "/staff/content/new",
    "/staff/content/:documentId",
    "/staff/services/new",
    "/staff/practitioners/:practitionerId",
    "/staff/settings",
    "/staff/team",
    "/staff/appointments/new",
    "/staff/clients/:clientId",
    "/staff/media",
  ];
  const WRONG: [string, Body][] = [
    ["no Content-Type", rawBody('{"a":1}', null)],
    ["text/plain", rawBody('{"a":1}', "text/plain")],
    ["JSON to a form / form to JSON", rawBody("a=1&b=2", "application/json")],
    ["invalid JSON", rawBody('{"a":', "application/json")],
    ["multipart without a boundary", rawBody("--x\r\n\r\n", "multipart/form-data")],
    ["broken multipart", rawBody('--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n\u0000', "multipart/form-data; boundary=x")],
    ["url-encoded", rawBody("a=%00&b=%ZZ", "application/x-www-form-urlencoded")],
    ["url-encoded JSON", rawBody('{"a":1}', "application/x-www-form-urlencoded; charset=utf-16")],
  ];

  it("wrong and missing content types: 4xx", async () => {
    const failures: string[] = [];
    for (const path of [...JSON_ROUTES, ...FORM_ROUTES]) {
      for (const [label, body] of WRONG) {
        const resolved = resolvePath(path) + (path.includes("reschedule") ? `?token=${ids.manageToken}` : "");
        const a = await send("POST", resolved, {
          ...body,
          cookie: path.startsWith("/staff") || path.includes("/clients/") ? owner : undefined,
        });
        // A URL-encoded body is a form: the stateless self-check shows its first step again.
        const formToStatelessPage = path === "/candidate" && label.startsWith("url-encoded") && a.status === 200;
        if ((a.status < 400 || a.status >= 500) && !formToStatelessPage) failures.push(`${path} ${label}: ${describeAnswer(a)}`);
      }
    }
    expect(failures, failures.join("\n")).toEqual([]);
  });

  it("a JSON body where a form is expected and a form where JSON is: 4xx", async () => {
    const failures: string[] = [];
    for (const path of FORM_ROUTES) {
      const a = await send("POST", resolvePath(path), {
        json: { name: hostile("nul") },
        cookie: path.startsWith("/staff") ? owner : undefined,
      });
      if (a.status < 400 || a.status >= 500) failures.push(`${path}: ${describeAnswer(a)}`);
    }
    for (const path of JSON_ROUTES) {
      const a = await send("POST", resolvePath(path), {
        form: { name: hostile("nul") },
        cookie: path.includes("/clients/") ? owner : undefined,
      });
      if (a.status < 400 || a.status >= 500) failures.push(`${path}: ${describeAnswer(a)}`);
    }
    expect(failures, failures.join("\n")).toEqual([]);
  });

  // The server counts a chunked body's bytes as it reads them (no Content-Length to check up front).
  it.each([
    ["/api/v1/bookings", "application/json"],
    ["/book/:consultationSlug", "application/x-www-form-urlencoded"],
    ["/login", "application/x-www-form-urlencoded"],
    ["/staff/content/new", "application/x-www-form-urlencoded"],
  ])("a chunked body over 1 MiB to %s: 413", async (path, type) => {
    const status = await sendChunked(resolvePath(path), 1024 * 1024 + 256 * 1024, {
      "Content-Type": type,
      ...(path.startsWith("/staff") ? { Cookie: owner } : {}),
    });
    expect(status).toBe(413);
  });

  it("a declared Content-Length over 1 MiB: 413", async () => {
    const a = await send("POST", "/api/v1/bookings", { json: JSON.stringify({ pad: "a".repeat(1024 * 1024 + 10) }) });
    expect(a.status).toBe(413);
  });
});

s.describeAfterEverything();
