// What the hostile-input suites share. Each suite sends hostile input over
// HTTP to a real server process of its own (built app, real database: PGlite
// by default, PostgreSQL when TEST_DATABASE_URL is set):
//   hostile-input-forms.test.ts     every public, portal and staff form, field by field;
//   hostile-input-api.test.ts       the JSON API's fields, and the 422s that name the field;
//   hostile-input-requests.test.ts  hostile addresses (query strings, path segments) and bodies
//                                   of the wrong type, unreadable or over the size limit.
// The values are control characters (NUL, CR/LF in one-line fields, bidi
// overrides, lone surrogates), overlong strings, absurd dates and deeply
// nested JSON.
//
// Every answer must be a refusal (4xx, never 5xx, never a redirect that saved
// the value), nothing already stored may change, and the server's log must
// hold none of what was sent (each value carries a tag marked sensitive, which
// log-scan.test.ts also looks for) and no SQL parameters ("params:"): each
// suite ends with those checks (describeAfterEverything).
//
// Test files of a worker share loaded modules, so everything that belongs to
// one suite (its server, its tags, its signed-in owner) lives in the object
// hostileSuite() makes, never at the top of this module.
import { writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { totpCode } from "../src/auth/test-totp.ts";
import { book, consultationService, daysAhead, freeSlots } from "./booking-api.ts";
import {
  linkFromOutbox,
  markSensitive,
  OWNER_EMAIL,
  OWNER_PASSWORD,
  serverDatabaseEnv,
  startServer,
  type RunningServer,
} from "./server.ts";

export const RANDOM_UUID = "7d1f7f0e-9a53-4b55-9d43-2f1c8a8f0b11";
export const EXISTING = { name: "Rowan Keepsake", email: "rowan.keepsake@example.test", phone: "+1 519 555 0142" };
export const ARTICLE = { title: "What to expect on the day", summary: "A short summary.", body: "First line.\n\nSecond paragraph.\n" };
/** The clinic's settings form, filled in so that it passes. */
export const SETTINGS_FORM = {
  minimumNotice: "2",
  minimumNoticeUnit: "hours",
  horizonDays: "60",
  slotStepMinutes: "15",
  cancellationWindowHours: "24",
  holdMinutes: "10",
};

// ---------------------------------------------------------------------------
// Hostile values. Each carries a fresh tag that is marked sensitive: if the
// value reaches the log in any form (an SQL error's parameters, a stack), the
// tag is there.

export type Kind = "nul" | "crlf" | "bidi" | "bell" | "del" | "surrogate" | "long";
const MAKE: Record<Kind, (t: string, length?: number) => string> = {
  nul: (t) => `${t}\u0000${t}`,
  crlf: (t) => `${t}\r\nX-Injected: ${t}`,
  bidi: (t) => `${t}\u202egnp.exe`,
  bell: (t) => `${t}\u0007`,
  del: (t) => `${t}\u007f`,
  surrogate: (t) => `${t}\ud800`,
  long: (t, length = 100_000) => t + "A".repeat(length),
};
/** What a one-line field must refuse, and what a multi-line one must. */
export const LINE_KINDS: Kind[] = ["nul", "crlf", "bidi", "long"];
export const TEXT_KINDS: Kind[] = ["nul", "bell", "long"];

export const ABSURD_DATES = ["9999-12-31", "0000-01-01", "2027-02-30", "+010000-01-01", "1-1-1"];
export const ABSURD_INSTANTS = ["9999-12-31T10:00:00-05:00", "0000-01-01T10:00:00Z", "2027-02-30T10:00:00-05:00", "9999-12-31T10:00"];

// ---------------------------------------------------------------------------
// HTTP

export interface Answer {
  status: number;
  type: string;
  location: string | null;
  text: string;
  json: any;
}

export type Body = { form?: Record<string, string>; json?: unknown; raw?: string | Uint8Array; contentType?: string | null };
export type Request = Body & { cookie?: string; headers?: Record<string, string> };

async function sendTo(url: string, method: string, path: string, o: Request = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...(o.headers ?? {}) };
  if (o.cookie) headers.Cookie = o.cookie;
  let body: BodyInit | undefined;
  if (o.form) {
    headers["Content-Type"] = "application/x-www-form-urlencoded";
    body = new URLSearchParams(o.form).toString();
  } else if (o.json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = typeof o.json === "string" ? o.json : JSON.stringify(o.json);
  } else if (o.raw !== undefined) {
    body = o.raw as BodyInit;
  }
  if (o.contentType !== undefined) {
    if (o.contentType === null) delete headers["Content-Type"];
    else headers["Content-Type"] = o.contentType;
  }
  if (method !== "GET" && method !== "HEAD") headers.Origin ??= url;
  const res = await fetch(url + path, { method, headers, body, redirect: "manual" });
  const text = await res.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    // a page
  }
  return { status: res.status, type: res.headers.get("content-type") ?? "", location: res.headers.get("location"), text, json };
}

export const describeAnswer = (a: Answer) => `${a.status}${a.location ? ` → ${a.location}` : ""}: ${a.text.slice(0, 200)}`;

// ---------------------------------------------------------------------------
// Signing the owner in over HTTP: password, then two-factor set-up with the key
// read from the page.

const unescapeHtml = (s: string) =>
  s
    .replace(/&amp;/g, "&")
    .replace(/&#x3D;|&#61;/g, "=")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'");

async function signInOwner(url: string): Promise<string> {
  const jar = new Map<string, string>();
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const keepCookies = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const at = pair!.indexOf("=");
      const name = pair!.slice(0, at);
      const value = pair!.slice(at + 1);
      if (value === "" || /max-age=0\b/i.test(c)) jar.delete(name);
      else jar.set(name, value);
    }
  };
  const post = async (form: Record<string, string>) => {
    const res = await fetch(`${url}/login`, {
      method: "POST",
      headers: { Origin: url, "Content-Type": "application/x-www-form-urlencoded", Cookie: cookieHeader() },
      body: new URLSearchParams(form),
      redirect: "manual",
    });
    keepCookies(res);
    return res.text();
  };
  const page = await post({ intent: "sign-in", email: OWNER_EMAIL, password: OWNER_PASSWORD, next: "/staff" });
  const otpauth = unescapeHtml(/name="otpauth" value="([^"]+)"/.exec(page)?.[1] ?? "");
  const secret = otpauth ? new URL(otpauth).searchParams.get("secret") : null;
  if (!secret) throw new Error(`no two-factor set-up after signing in: ${page.slice(0, 300)}`);
  markSensitive(secret);
  await post({ intent: "enrol-confirm", otpauth, code: totpCode(secret), next: "/staff" });
  const cookie = cookieHeader();
  const check = await fetch(`${url}/staff`, { headers: { Cookie: cookie }, redirect: "manual" });
  if (check.status !== 200) throw new Error(`the owner is not signed in: ${check.status}`);
  return cookie;
}

// ---------------------------------------------------------------------------
// One suite's server, values and checks.

/** What a ":name" in a path stands for. */
export interface HostileIds {
  consultationId: string;
  consultationSlug: string;
  practitionerId: string;
  clientId: string;
  appointmentId: string;
  manageToken: string;
  documentId: string;
  inviteToken: string;
  slotStart: string;
  secondSlotStart: string;
}

interface Snapshot {
  clients: { clients: { id: string; name: string; email: string; phone: string }[] };
  services: { services: { id: string }[] };
  pages: Record<string, string>;
}

export interface HostileSuite {
  /** Short and random: in this suite's tags and e-mail addresses. */
  run: string;
  ids: HostileIds;
  /** The server, once start() has started it. */
  readonly server: RunningServer;
  readonly url: string;
  /** A fresh tag, marked sensitive at the end. */
  tag(): string;
  /** A hostile value of this kind, tagged. */
  hostile(kind: Kind, length?: number): string;
  /**
   * For path segments: the request log writes every path (JSON-escaped; long
   * segments masked), by design, so these are not marked sensitive. The log
   * check makes sure they cannot forge a log line.
   */
  pathValue(kind: Kind, length?: number): string;
  send(method: string, path: string, o?: Request): Promise<Answer>;
  /** A path with its ":name" parts filled in from `ids`. */
  resolvePath(path: string): string;
  /** Starts the server and stores what must survive: a client who booked, an article, an invitation. Answers the owner's cookie. */
  start(): Promise<string>;
  stop(): Promise<void>;
  /** The checks every suite ends with: nothing stored changed, nothing sent reached the log. */
  describeAfterEverything(): void;
}

/** `name` tells the suites' logs apart (HOSTILE_INPUT_LOG). */
export function hostileSuite(name: string): HostileSuite {
  const run = Math.random().toString(36).slice(2, 6);
  let sequence = 0;
  let pathSequence = 0;
  const sent: string[] = [];
  const ids: HostileIds = {
    consultationId: "",
    consultationSlug: "consultation",
    practitionerId: "",
    clientId: "",
    appointmentId: "",
    manageToken: "",
    documentId: "",
    inviteToken: "",
    slotStart: "",
    secondSlotStart: "",
  };
  let server: RunningServer | undefined;
  let url = "";
  let owner = "";
  let before: Snapshot;

  const tag = () => {
    const t = `Hx${run}${(++sequence).toString(36).padStart(3, "0")}q`;
    sent.push(t);
    return t;
  };
  const send = (method: string, path: string, o: Request = {}) => sendTo(url, method, path, o);

  /** What is stored before the first hostile request, compared after the last. */
  async function snapshot(): Promise<Snapshot> {
    const clients = await send("GET", "/api/v1/clients?pageSize=200", { cookie: owner });
    const svc = await send("GET", "/api/v1/services");
    const pages: Record<string, string> = {};
    for (const path of [
      `/staff/clients/${ids.clientId}`,
      `/staff/services/${ids.consultationId}`,
      `/staff/services`,
      `/staff/practitioners/${ids.practitionerId}`,
      `/staff/practitioners`,
      `/staff/settings`,
      `/staff/screening`,
      `/staff/consent-forms`,
      `/staff/plan-settings`,
      `/staff/supplies`,
      `/staff/content/${ids.documentId}`,
      `/staff/media`,
      `/staff/team`,
    ]) {
      const page = await send("GET", path, { cookie: owner });
      expect(page.status, path).toBe(200);
      // Per-response values: the CSP nonce and React Router's streamed route data keys.
      pages[path] = page.text.replace(/nonce="[^"]*"/g, "").replace(/<script[\s\S]*?<\/script>/g, "");
    }
    return { clients: clients.json, services: svc.json, pages };
  }

  async function start(): Promise<string> {
    server = await startServer({ env: await serverDatabaseEnv() });
    url = server.url;
    markSensitive(OWNER_PASSWORD, EXISTING.name, EXISTING.email);
    owner = await signInOwner(url);

    const consultation = await consultationService(url);
    ids.consultationId = consultation.id;
    ids.consultationSlug = consultation.slug ?? "consultation";
    const slots = await freeSlots(url, { serviceId: ids.consultationId, from: daysAhead(7), to: daysAhead(21) });
    ids.practitionerId = slots[0]!.practitionerId;
    ids.slotStart = slots[0]!.start;
    ids.secondSlotStart = slots.filter((s) => s.practitionerId === ids.practitionerId).at(-1)!.start;

    // A client who booked: their details must survive everything the suite sends.
    const booked = await book(url, {
      serviceId: ids.consultationId,
      start: slots[0]!.start,
      practitionerId: slots[0]!.practitionerId,
      client: EXISTING,
    });
    ids.appointmentId = booked.id;
    ids.manageToken = booked.manageToken;
    markSensitive(ids.manageToken);
    const listed = await send("GET", `/api/v1/clients?q=${encodeURIComponent(EXISTING.email)}`, { cookie: owner });
    ids.clientId = listed.json.clients[0].id;

    // An article on the publishing desk.
    const created = await send("POST", "/staff/content/new", {
      cookie: owner,
      form: { kind: "article", locale: "en", slug: "", coverAssetId: "", ...ARTICLE },
    });
    expect(created.status, describeAnswer(created)).toBe(303);
    ids.documentId = /\/staff\/content\/([0-9a-f-]{36})/.exec(created.location ?? "")![1]!;

    // An invitation waiting to be accepted: its page is a public form that stores a name.
    const invitee = `invitee.${run}@example.test`;
    const invited = await send("POST", "/staff/team", { cookie: owner, form: { intent: "invite", email: invitee, role: "front-desk" } });
    expect(invited.status, describeAnswer(invited)).toBe(303);
    const invitation = await linkFromOutbox(server.dataDir, invitee, /\/invite\/[A-Za-z0-9_-]+/);
    ids.inviteToken = invitation.split("/invite/")[1]!;
    markSensitive(ids.inviteToken);

    before = await snapshot();
    return owner;
  }

  async function stop(): Promise<void> {
    if (sent.length) markSensitive(...sent);
    await server?.stop();
    // For a look at what the server logged: HOSTILE_INPUT_LOG=/tmp/file.log writes /tmp/file.<suite>.log.
    const logFile = process.env.HOSTILE_INPUT_LOG;
    if (logFile && server) writeFileSync(logFile.replace(/(\.[^./]*)?$/, `.${name}$1`), server.log());
  }

  function describeAfterEverything(): void {
    describe("after everything", () => {
      it("nothing already stored changed", async () => {
        const after = await snapshot();
        // New clients may have booked along the way (valid bookings); every client and service there before is there, unchanged.
        const byId = <T extends { id: string }>(list: T[]) => new Map(list.map((x) => [x.id, x]));
        const clientsAfter = byId(after.clients.clients);
        for (const c of before.clients.clients) expect(clientsAfter.get(c.id)).toEqual(c);
        const servicesAfter = byId(after.services.services);
        for (const s of before.services.services) expect(servicesAfter.get(s.id)).toEqual(s);
        const changed = Object.keys(before.pages).flatMap((path) => {
          const [was, is] = [before.pages[path]!, after.pages[path]!];
          if (was === is) return [];
          let at = 0;
          while (was[at] === is[at]) at++;
          return [`${path}: was …${was.slice(Math.max(0, at - 80), at + 120)}… now …${is.slice(Math.max(0, at - 80), at + 120)}…`];
        });
        expect(changed, changed.join("\n")).toEqual([]);
        const existing = after.clients.clients.find((c) => c.email === EXISTING.email);
        expect(existing).toMatchObject(EXISTING);
      });

      it("the server's log holds none of the values sent and no SQL parameters", () => {
        const log = server!.log();
        expect(log.length).toBeGreaterThan(0);
        expect(sent.filter((t) => log.includes(t))).toEqual([]);
        expect(log).not.toContain("params:");
        expect(log).not.toMatch(/Failed query/i);
        expect(log).not.toContain(EXISTING.email);
        // Nothing sent could forge a log line: every line is one JSON record.
        const lines = log.split("\n").filter((l) => l.startsWith("{"));
        expect(lines.length).toBeGreaterThan(10);
        for (const line of lines) expect(() => JSON.parse(line), line.slice(0, 200)).not.toThrow();
        expect(log.split("\n").filter((l) => /Px[a-z0-9]+p/.test(l) && !l.startsWith("{"))).toEqual([]);
      });
    });
  }

  return {
    run,
    ids,
    get server() {
      if (!server) throw new Error("the hostile-input server has not started");
      return server;
    },
    get url() {
      return url;
    },
    tag,
    hostile: (kind, length) => MAKE[kind](tag(), length),
    pathValue: (kind, length) => MAKE[kind](`Px${run}${(++pathSequence).toString(36).padStart(3, "0")}p`, length),
    send,
    resolvePath: (path) => path.replace(/:([a-zA-Z]+)/g, (_, key: keyof HostileIds) => ids[key]),
    start,
    stop,
    describeAfterEverything,
  };
}
