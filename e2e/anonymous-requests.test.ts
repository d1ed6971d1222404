// What an anonymous request can make the server do, sent raw (node:net), as
// fetch would never send it: a body without a length far over the limit, an
// address that cannot be decoded, a method the site does not serve, a request
// that makes a query fail. The app is server/app.ts over the production build,
// with a logger whose every line the test reads.
import { mkdtempSync } from "node:fs";
import type { Server } from "node:http";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { sql } from "drizzle-orm";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpApp, loadServerBuild } from "../server/app.ts";
import { signInWithPassword } from "../src/auth/sign-in.ts";
import {
  cookiesFrom,
  createAccountsFixture,
  OWNER_PASSWORD,
  STAFF_PASSWORD,
  userIdOf,
  type AccountsFixture,
} from "../src/auth/test-fixtures.ts";
import { createDocument } from "../src/content/draft-writing.ts";
import { publishDocument } from "../src/content/document-workflow.ts";
import { createMailTransport, startOutboxWorker, type OutboxWorker } from "../src/notifications/outbox.ts";
import { createKeyRing, generateDataKey } from "../src/privacy/keyring.ts";
import { enrolAndSignIn } from "./in-process.ts";
import { freePort, markSensitive } from "./server.ts";

const MiB = 1024 * 1024;
const BODY_LIMIT = 1 * MiB;
const UPLOAD_LIMIT = 12 * MiB;
/** What a client may write after the server stopped reading: the socket buffers on both ends of a loopback connection. */
const SOCKET_SLACK = 16 * MiB;
const HUGE = 64 * MiB;

let f: AccountsFixture;
let http: Server;
let outbox: OutboxWorker;
let port: number;
let log = "";

beforeAll(async () => {
  f = await createAccountsFixture();
  const dataDir = mkdtempSync(join(tmpdir(), "dermaplan-anon-"));
  // A plain pino logger, as a test or another process might build it: the app must make it safe itself.
  const logger = pino(
    { level: "info" },
    new Writable({
      write(chunk, _encoding, callback) {
        log += String(chunk);
        callback();
      },
    }),
  );
  const transport = createMailTransport({ dataDir });
  outbox = startOutboxWorker({ db: f.database.db, transport, from: "Dermaplan <no-reply@demo.dermaplan.test>", onError: () => {} });
  port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const app = createHttpApp({
    build: await loadServerBuild(),
    services: {
      db: f.database.db,
      auth: f.auth,
      outbox,
      logger,
      keyRing: createKeyRing([generateDataKey()]),
      organizationId: f.organizationId,
      baseUrl: url,
      mailDescription: transport.describe,
      now: () => Date.now(),
    },
    allowedOrigins: [url],
  });
  http = await new Promise<Server>((resolve) => {
    const s: Server = app.listen(port, "127.0.0.1", () => resolve(s));
  });
});

afterAll(async () => {
  await new Promise<void>((r) => (http ? http.close(() => r()) : r()));
  await outbox?.stop();
  await f?.database.close();
});

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

function parseResponse(raw: string): RawResponse | null {
  const end = raw.indexOf("\r\n\r\n");
  if (end < 0) return null;
  const [statusLine, ...lines] = raw.slice(0, end).split("\r\n");
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const i = line.indexOf(":");
    headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  let body = raw.slice(end + 4);
  const length = headers["content-length"];
  if (length !== undefined) body = body.slice(0, Number(length));
  else if (/chunked/i.test(headers["transfer-encoding"] ?? "")) {
    let out = "";
    let rest = body;
    for (;;) {
      const lineEnd = rest.indexOf("\r\n");
      if (lineEnd < 0) break;
      const size = parseInt(rest.slice(0, lineEnd), 16);
      if (!size) break;
      out += rest.slice(lineEnd + 2, lineEnd + 2 + size);
      rest = rest.slice(lineEnd + 2 + size + 2);
    }
    body = out;
  }
  return { status: Number(statusLine!.split(" ")[1]), headers, body };
}

/** One request as given, byte for byte; the answer once the server has closed the connection or sent a whole response. */
function raw(head: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let received = "";
    const timer = setTimeout(() => socket.destroy(), 15_000);
    socket.on("data", (d) => {
      received += d.toString("latin1");
      const res = parseResponse(received);
      const length = res ? Number(res.headers["content-length"] ?? NaN) : NaN;
      if (res && Buffer.byteLength(res.body, "latin1") >= length) socket.end();
    });
    socket.on("error", () => {});
    socket.on("close", () => {
      clearTimeout(timer);
      const res = parseResponse(received);
      if (res) resolve(res);
      else reject(new Error(`no response to ${head.split("\r\n")[0]}: ${JSON.stringify(received)}`));
    });
    socket.write(head);
  });
}

interface ChunkedResult {
  response: RawResponse | null;
  /** Body bytes written when the response's head arrived. */
  writtenAtResponse: number | null;
  /** Body bytes written when the connection closed (or the test gave up). */
  written: number;
  /** Whether the server closed the connection before the whole body was sent. */
  closedEarly: boolean;
}

/**
 * POSTs `total` bytes as a chunked body (no Content-Length), writing as fast
 * as the connection takes them, and stops when the server closes it.
 */
function postChunked(path: string, headers: Record<string, string>, total = HUGE): Promise<ChunkedResult> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let received = "";
    let written = 0;
    let writtenAtResponse: number | null = null;
    let closed = false;
    const piece = Buffer.alloc(64 * 1024, "a");
    const chunk = Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from("\r\n")]);
    const timer = setTimeout(() => socket.destroy(), 60_000);
    const pump = () => {
      while (!closed && written < total) {
        written += piece.length;
        if (!socket.write(chunk)) {
          socket.once("drain", pump);
          return;
        }
      }
      if (!closed && written >= total) socket.write("0\r\n\r\n");
    };
    socket.on("data", (d) => {
      received += d.toString("latin1");
      if (writtenAtResponse === null && received.includes("\r\n\r\n")) writtenAtResponse = written;
    });
    socket.on("error", () => {});
    socket.on("close", () => {
      closed = true;
      clearTimeout(timer);
      resolve({ response: parseResponse(received), writtenAtResponse, written, closedEarly: written < total });
    });
    const head = Object.entries({ Host: `127.0.0.1:${port}`, "Transfer-Encoding": "chunked", ...headers })
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join("");
    socket.write(`POST ${path} HTTP/1.1\r\n${head}\r\n`);
    pump();
  });
}

function expectBounded(result: ChunkedResult, limit: number) {
  expect(result.closedEarly, "the server closed the connection before the whole body was sent").toBe(true);
  expect(result.written).toBeLessThan(Math.min(HUGE, limit + SOCKET_SLACK));
  expect(result.writtenAtResponse).not.toBeNull();
  expect(result.writtenAtResponse!).toBeLessThan(limit + SOCKET_SLACK);
}

function expectTooLarge(result: ChunkedResult, limit: number, as: "json" | "html") {
  const res = result.response;
  expect(res?.status).toBe(413);
  expect(res!.headers.connection).toBe("close");
  if (as === "json") {
    expect(res!.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(res!.body)).toMatchObject({ type: "https://dermaplan.app/problems/payload-too-large", status: 413 });
  } else {
    expect(res!.headers["content-type"]).toMatch(/^text\/html/);
    expect(res!.body).toContain("<h1>");
  }
  expectBounded(result, limit);
}

/** Nothing of the server's insides: no stack frame, no file, no error class or message of a library. */
function expectNoInternals(body: string, label: string) {
  expect(body, label).not.toMatch(
    /node_modules|\.[cm]?[jt]sx?:\d+|URIError|TypeError|RangeError|DrizzleQueryError|Failed query|^\s*at \S/m,
  );
  expect(body, label).not.toMatch(/\bat [\w$.<>]+ \(/);
}

describe("request bodies are counted as they are read, whatever their length says", () => {
  it("a page's form: 413 as soon as 1 MiB has passed, not after 64 MiB", async () => {
    const result = await postChunked("/login", { "Content-Type": "application/x-www-form-urlencoded", Accept: "text/html" });
    expectTooLarge(result, BODY_LIMIT, "html");
    expectNoInternals(result.response!.body, "/login");
  });

  it("the booking API: 413 problem+json as soon as 1 MiB has passed", async () => {
    const result = await postChunked("/api/v1/bookings", { "Content-Type": "application/json", Accept: "application/json" });
    expectTooLarge(result, BODY_LIMIT, "json");
  });

  it("an upload path, signed in: 413 once its own 12 MiB limit has passed", async () => {
    const staff = await f.addStaff("front-desk");
    const signedIn = await signInWithPassword(f.ctx({ ip: "127.0.0.1" }), { email: staff.email, password: STAFF_PASSWORD });
    if (signedIn.kind !== "signed-in") throw new Error(`sign-in: ${signedIn.kind}`);
    const cookie = cookiesFrom(signedIn.setCookies);
    const result = await postChunked("/staff/media", {
      "Content-Type": "multipart/form-data; boundary=----dermaplan",
      Cookie: cookie,
    });
    expectTooLarge(result, UPLOAD_LIMIT, "json");
    // More than the ordinary limit was read: the upload limit applies there.
    expect(result.writtenAtResponse!).toBeGreaterThan(BODY_LIMIT);
  });

  it("an upload path, anonymous: answered without reading the body, and the connection closed", async () => {
    const result = await postChunked("/staff/media", { "Content-Type": "multipart/form-data; boundary=----dermaplan" });
    expect(result.response?.status).toBeGreaterThanOrEqual(300);
    expect(result.response?.status).toBeLessThan(500);
    expect(result.response!.headers.connection).toBe("close");
    expectBounded(result, 0);
  });

  it("a page without a form: its answer, and the rest of the body is never read", async () => {
    const result = await postChunked("/about", { "Content-Type": "application/x-www-form-urlencoded" });
    expect(result.response?.status).toBe(405);
    expect(result.response!.headers.connection).toBe("close");
    expectBounded(result, 0);
  });

  it("a declared length over the limit is refused before anything is read", async () => {
    const res = await raw(
      `POST /api/v1/bookings HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${2 * MiB}\r\n\r\n{`,
    );
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toMatchObject({ type: "https://dermaplan.app/problems/payload-too-large" });
  });
});

describe("errors a visitor can cause get the product's answer, never the server's insides", () => {
  it("an address that cannot be decoded: 400, the product's page or problem+json", async () => {
    for (const path of ["/%", "/%E0%A4%A", "/articles/%zz", "/fr/%", "/staff/%"]) {
      const res = await raw(`GET ${path} HTTP/1.1\r\nHost: x\r\nAccept: text/html\r\nConnection: close\r\n\r\n`);
      expect(res.status, path).toBe(400);
      expect(res.headers["content-type"], path).toMatch(/^text\/html/);
      expect(res.body, path).toContain("<h1>");
      expect(res.body, path).toContain('href="/');
      expectNoInternals(res.body, path);
    }
    const fr = await raw(`GET /fr/% HTTP/1.1\r\nHost: x\r\nAccept: text/html\r\nConnection: close\r\n\r\n`);
    expect(fr.body).toContain('lang="fr-CA"');
    const api = await raw(`GET /api/v1/% HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    expect(api.status).toBe(400);
    expect(api.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(api.body)).toMatchObject({ status: 400, type: "https://dermaplan.app/problems/bad-request" });
    expectNoInternals(api.body, "/api/v1/%");
  });

  it("a method the site does not serve: 405 with Allow", async () => {
    for (const [method, path] of [
      ["TRACE", "/staff"],
      ["TRACE", "/"],
      ["PROPFIND", "/about"],
      ["TRACE", "/api/v1/bookings"],
      ["MKCOL", "/api/v1/services"],
    ] as const) {
      const res = await raw(`${method} ${path} HTTP/1.1\r\nHost: x\r\nAccept: text/html\r\nConnection: close\r\n\r\n`);
      expect(res.status, `${method} ${path}`).toBe(405);
      expect(res.headers.allow, `${method} ${path}`).toBe("GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
      expect(res.headers["content-type"], `${method} ${path}`).toMatch(
        path.startsWith("/api/") ? /^application\/problem\+json/ : /^text\/html/,
      );
      expectNoInternals(res.body, `${method} ${path}`);
    }
  });

  it("a method the site serves but a page does not take: 4xx, nothing of the error", async () => {
    for (const [method, path] of [
      ["OPTIONS", "/"],
      ["PUT", "/about"],
      ["PATCH", "/staff"],
      ["DELETE", "/articles"],
      ["PUT", "/api/v1/bookings"],
      ["OPTIONS", "/api/v1/services"],
    ] as const) {
      const res = await raw(`${method} ${path} HTTP/1.1\r\nHost: x\r\nAccept: text/html\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
      expect(res.status, `${method} ${path}`).toBeGreaterThanOrEqual(200);
      expect(res.status, `${method} ${path}`).toBeLessThan(500);
      expectNoInternals(res.body, `${method} ${path}`);
    }
  });

  it("a Host header that makes no address: 400, nothing of the error", async () => {
    const res = await raw(`GET / HTTP/1.1\r\nHost: exa mple\r\nAccept: text/html\r\nConnection: close\r\n\r\n`);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expectNoInternals(res.body, "bad host");
  });
});

describe("published articles and pages name the configured address, whatever Host a request carries", () => {
  const BODY =
    "## Before your visit\n\nCome with clean skin, and tell us about any medication you take.\n\n[Book your next visit](/book).\n";

  async function publish(kind: "article" | "page", slug: string): Promise<string> {
    const staff = { userId: await userIdOf(f, f.ownerEmail), role: "owner" as const, organizationId: f.organizationId };
    const { documentId } = await createDocument(f.database.db, {
      staff,
      input: {
        kind,
        locale: "en",
        slug,
        title: "Getting ready for microneedling",
        summary: "What to do before and after a visit.",
        body: BODY,
        coverAssetId: "",
      },
      now: Date.now() - 60_000,
    });
    await publishDocument(f.database.db, { staff, documentId, now: Date.now() - 30_000 });
    return documentId;
  }

  const get = (path: string, host: string) =>
    raw(`GET ${path} HTTP/1.1\r\nHost: ${host}\r\nX-Forwarded-Host: ${host}\r\nAccept: text/html\r\nConnection: close\r\n\r\n`);

  it("canonical, og:url and JSON-LD use PUBLIC_URL; the page is publicly cacheable for a short while", async () => {
    await publish("article", "getting-ready");
    await publish("page", "our-promise");
    const base = `http://127.0.0.1:${port}`;
    for (const [path, jsonLd] of [
      ["/articles/getting-ready", "Article"],
      ["/pages/our-promise", "WebPage"],
    ] as const) {
      const res = await get(path, "evil.example");
      expect(res.status, path).toBe(200);
      expect(res.body, path).not.toContain("evil.example");
      expect(res.body, path).toContain(`<link rel="canonical" href="${base}${path}"/>`);
      expect(res.body, path).toContain(`<meta property="og:url" content="${base}${path}"/>`);
      const ld = /<script type="application\/ld\+json">([^<]*)<\/script>/.exec(res.body)?.[1];
      expect(ld, path).toBeDefined();
      const data = JSON.parse(ld!) as { "@type": string; mainEntityOfPage?: string; url?: string; publisher: { url: string } };
      expect(data["@type"]).toBe(jsonLd);
      expect(data.mainEntityOfPage ?? data.url).toBe(`${base}${path}`);
      expect(data.publisher.url).toBe(`${base}/`);
      expect(res.headers["cache-control"], path).toBe("public, max-age=300");
    }
    const list = await get("/articles", "evil.example");
    expect(list.status).toBe(200);
    expect(list.body).not.toContain("evil.example");
    expect(list.body).toContain(`<link rel="canonical" href="${base}/articles"/>`);
    expect(list.headers["cache-control"]).toBe("public, max-age=300");
    // Not found is not cached as a page.
    const missing = await get("/articles/not-written-yet", "evil.example");
    expect(missing.status).toBe(404);
    expect(missing.headers["cache-control"] ?? "").not.toMatch(/public/);
  });

  it("a draft's preview stays private, no-store", async () => {
    const staff = { userId: await userIdOf(f, f.ownerEmail), role: "owner" as const, organizationId: f.organizationId };
    const { documentId } = await createDocument(f.database.db, {
      staff,
      input: { kind: "article", locale: "en", slug: "still-a-draft", title: "A draft", summary: "Not yet.", body: BODY, coverAssetId: "" },
      now: Date.now(),
    });
    const cookie = await enrolAndSignIn(f, f.ctx({ ip: "127.0.0.1" }), f.ownerEmail, OWNER_PASSWORD);
    const res = await raw(
      `GET /staff/content/${documentId}/preview HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${cookie}\r\nAccept: text/html\r\nConnection: close\r\n\r\n`,
    );
    expect(res.status).toBe(200);
    expect(res.body).toContain("A draft");
    expect(res.headers["cache-control"]).toBe("private, no-store");
    const publicDraft = await get("/articles/still-a-draft", "evil.example");
    expect(publicDraft.status).toBe(404);
  });
});

// Last: it breaks the table of staff accounts in this suite's database.
describe("a failed query", () => {
  it("answers 500 with the product's page and logs the error by name and code, not its parameters", async () => {
    const MARK = "marked.visitor.5e1f@example.com";
    markSensitive(MARK);
    // Every read of staff accounts now fails inside PostgreSQL, after the query and its parameters were sent.
    for (const statement of [
      "ALTER TABLE auth_users RENAME TO auth_users_real",
      "CREATE FUNCTION dermaplan_test_fail() RETURNS boolean LANGUAGE plpgsql STABLE AS $$ BEGIN RAISE EXCEPTION 'query refused by the test' USING ERRCODE = 'XX000'; END $$",
      "CREATE VIEW auth_users AS SELECT * FROM auth_users_real WHERE dermaplan_test_fail()",
    ])
      await f.database.db.execute(sql.raw(statement));
    const stderr: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      stderr.push(String(chunk));
      return (write as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stderr.write;
    // React Router's default would have printed the error to the console.
    const consoleError = console.error;
    console.error = (...args: unknown[]) => {
      stderr.push(args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack}` : String(a))).join(" "));
      consoleError(...args);
    };
    let res: RawResponse;
    try {
      const body = new URLSearchParams({ email: MARK, password: "a password that is long enough" }).toString();
      res = await raw(
        `POST /login HTTP/1.1\r\nHost: x\r\nAccept: text/html\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
      );
    } finally {
      process.stderr.write = write;
      console.error = consoleError;
    }
    expect(res.status).toBe(500);
    expect(res.body).not.toContain(MARK);
    expectNoInternals(res.body, "failed query");
    const everything = `${log}\n${stderr.join("")}`;
    expect(everything).not.toContain(MARK);
    expect(everything).not.toMatch(/Failed query|params:/);
    // The failure is in the log, with what an operator needs: its kind and PostgreSQL's code.
    const failed = log
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { msg?: string; err?: { type?: string; code?: string; cause?: { code?: string } } })
      .filter((l) => l.msg === "request failed");
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.some((l) => (l.err?.code ?? l.err?.cause?.code) === "XX000")).toBe(true);
  });
});
