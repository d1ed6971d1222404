// "Sent exactly once" (issue 17): two real server processes' background
// workers (src/jobs/test-exactly-once-worker.ts, each with its own connection
// pool) on one PostgreSQL, 500 due jobs that each put one e-mail and one text
// into the outbox, a stub SMTP server here that counts the e-mails it is
// given and a stub of the SMS provider's Messages API that counts the texts.
// Then the same with one process killed (SIGKILL) mid-batch: the other
// finishes its work once the leases run out, and nothing is lost.
//
// PostgreSQL only: PGlite is one connection inside one process (a second
// process cannot open its folder), so there is no second process to race.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, rowsOf, type Database } from "../db/open.ts";
import { testDatabaseName } from "../db/test-names.ts";
import { postgresTemplate, testDatabaseKind } from "../db/testing.ts";
import { removeFolder, stopProcess, trackFolder, trackProcess } from "../testing/cleanup.ts";

const JOBS = 500;
/**
 * The outbox and job workers' lease in the children. Short when a child is
 * killed, so its work is taken over quickly; long otherwise, so that a child
 * held up on a loaded machine keeps what it claimed (a lease shorter than one
 * send is the one other way to send twice, docs/jobs.md).
 */
const KILLED_LEASE_MS = 2000;
const LIVE_LEASE_MS = 60_000;
/** What the children claim at once (src/jobs/test-exactly-once-worker.ts). */
const BATCH = 10;

interface SmtpStub {
  port: number;
  /** Messages received, by subject. */
  counts: Map<string, number>;
  /** Messages received, by the process whose job enqueued them. */
  byWorker: Map<string, number>;
  total(): number;
  close(): Promise<void>;
}

/** An SMTP server that accepts anything and counts each message's Subject; each DATA is answered after `delayMs`. */
async function startSmtpStub(delayMs: () => number): Promise<SmtpStub> {
  const counts = new Map<string, number>();
  const byWorker = new Map<string, number>();
  const sockets = new Set<Socket>();
  let total = 0;
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    let buffer = "";
    let inData = false;
    const reply = (line: string) => {
      if (!socket.destroyed) socket.write(`${line}\r\n`);
    };
    reply("220 stub ESMTP");
    socket.on("data", (chunk) => {
      buffer += chunk.toString("latin1");
      for (;;) {
        if (inData) {
          const end = buffer.indexOf("\r\n.\r\n");
          if (end < 0) return;
          const message = buffer.slice(0, end);
          buffer = buffer.slice(end + 5);
          inData = false;
          const subject = /^Subject: (.*)$/m.exec(message)?.[1]?.trim() ?? "(none)";
          const worker = /ran by (child-\w+)/.exec(message)?.[1] ?? "(unknown)";
          // Counted when accepted: a sender killed after this but before its 'sent' mark sends it again.
          setTimeout(() => {
            counts.set(subject, (counts.get(subject) ?? 0) + 1);
            byWorker.set(worker, (byWorker.get(worker) ?? 0) + 1);
            total++;
            reply("250 2.0.0 queued");
          }, delayMs());
          continue;
        }
        const eol = buffer.indexOf("\r\n");
        if (eol < 0) return;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === "EHLO" || verb === "HELO") reply("250 stub");
        else if (verb === "MAIL" || verb === "RCPT" || verb === "RSET" || verb === "NOOP") reply("250 2.0.0 OK");
        else if (verb === "DATA") {
          inData = true;
          reply("354 end with <CRLF>.<CRLF>");
        } else if (verb === "QUIT") {
          reply("221 bye");
          socket.end();
        } else reply("500 5.5.1 command not recognised");
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const address = server.address();
  return {
    port: typeof address === "object" && address ? address.port : 0,
    counts,
    byWorker,
    total: () => total,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

interface SmsStub {
  url: string;
  /** Texts received, by job number. */
  counts: Map<number, number>;
  /** Texts received, by the process whose job enqueued them. */
  byWorker: Map<string, number>;
  total(): number;
  /** Requests that were not a proper send (answered 400, so the text fails: the test times out saying so). */
  rejected(): number;
  close(): Promise<void>;
}

const SMS_ACCOUNT = "AC00000000000000000000000000000017";
const SMS_TOKEN = "exactly-once-token";

/**
 * The provider's Messages API: checks each request is a signed-in POST of a
 * form to the account's Messages.json, counts the text by the job number in
 * its Body, and answers 201 with a SID.
 */
async function startSmsStub(): Promise<SmsStub> {
  const counts = new Map<number, number>();
  const byWorker = new Map<string, number>();
  const authorization = `Basic ${Buffer.from(`${SMS_ACCOUNT}:${SMS_TOKEN}`).toString("base64")}`;
  let total = 0;
  let rejected = 0;
  let sid = 0;
  const server: HttpServer = createHttpServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (body += c));
    req.on("end", () => {
      const form = new URLSearchParams(body);
      const n = /^exactly-once text (\d+), ran by (child-\w+)$/.exec(form.get("Body") ?? "");
      if (
        req.method !== "POST" ||
        req.url !== `/2010-04-01/Accounts/${SMS_ACCOUNT}/Messages.json` ||
        req.headers.authorization !== authorization ||
        !n
      ) {
        rejected++;
        res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ code: 21211, message: "unexpected request" }));
        return;
      }
      // Counted when accepted: a sender killed after this but before its 'sent' mark sends it again.
      counts.set(Number(n[1]), (counts.get(Number(n[1])) ?? 0) + 1);
      byWorker.set(n[2]!, (byWorker.get(n[2]!) ?? 0) + 1);
      total++;
      res.writeHead(201, { "content-type": "application/json" }).end(JSON.stringify({ sid: `SM${String(++sid).padStart(32, "0")}` }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const address = server.address();
  return {
    url: `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`,
    counts,
    byWorker,
    total: () => total,
    rejected: () => rejected,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

const until = async (what: string, done: () => Promise<boolean> | boolean, timeoutMs: number, state?: () => Promise<unknown>) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting until ${what}${state ? `; by then: ${JSON.stringify(await state().catch(String))}` : ""}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe.skipIf(testDatabaseKind !== "postgres")(
  "exactly once across two server processes on one PostgreSQL (skipped on PGlite: one process, one connection)",
  () => {
    const children = new Set<ChildProcess>();
    let database: Database | undefined;
    let databaseName: string | undefined;
    let url = "";
    let dataDir: string | undefined;
    let stub: SmtpStub | undefined;
    let sms: SmsStub | undefined;
    let slow = false;
    let organizationId = "";
    let textClientId = "";

    beforeAll(async () => {
      const template = await postgresTemplate();
      databaseName = testDatabaseName("t");
      await admin(`CREATE DATABASE ${databaseName} TEMPLATE ${template}`);
      url = withDatabase(process.env.TEST_DATABASE_URL!, databaseName);
      database = await openDatabase({ kind: "postgres", url, poolSize: 4 });
      dataDir = trackFolder(mkdtempSync(join(tmpdir(), "dermaplan-exactly-once-")));
      stub = await startSmtpStub(() => (slow ? 4 : 0));
      sms = await startSmsStub();
      const [org] = rowsOf<{ id: string }>(
        await database.db.execute(sql`INSERT INTO organizations (slug, name) VALUES ('exactly-once', 'Exactly Once Spa') RETURNING id`),
      );
      organizationId = org!.id;
      // The client every job texts: agreed to texts, not stopped.
      const [client] = rowsOf<{ id: string }>(
        await database.db.execute(sql`
          INSERT INTO clients (organization_id, name, email, email_normalized, text_mobile, texts_agreed_at)
          VALUES (${organizationId}, 'Text Client', 'texts@example.test', 'texts@example.test', '+12265550017', now())
          RETURNING id`),
      );
      textClientId = client!.id;
    });

    afterAll(async () => {
      // Whatever set-up got as far as starting is stopped and removed, in reverse.
      await Promise.allSettled([...children].map((c) => stopProcess(c, 2000)));
      await Promise.allSettled([stub?.close(), sms?.close()]);
      await database?.close();
      if (databaseName) await admin(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
      if (dataDir) removeFolder(dataDir);
    });

    /** Starts one child worker process; resolves once it says it is ready. */
    async function startChild(name: string, leaseMs: number): Promise<ChildProcess> {
      const child = trackProcess(
        spawn(process.execPath, [join(import.meta.dirname, "test-exactly-once-worker.ts")], {
          env: {
            ...process.env,
            DATABASE_URL: url,
            SMTP_URL: `smtp://127.0.0.1:${stub!.port}`,
            DATA_DIR: dataDir!,
            WORKER_ID: name,
            LEASE_MS: String(leaseMs),
            SMS_API_URL: sms!.url,
            SMS_ACCOUNT_SID: SMS_ACCOUNT,
            SMS_AUTH_TOKEN: SMS_TOKEN,
            SMS_FROM: "+15195550017",
            TEXT_CLIENT_ID: textClientId,
          },
          stdio: ["ignore", "pipe", "pipe", "ipc"],
        }),
      );
      children.add(child);
      child.once("exit", () => children.delete(child));
      let stderr = "";
      child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
      await new Promise<void>((resolveReady, rejectReady) => {
        child.stdout!.on("data", (d: Buffer) => {
          if (d.toString().includes("ready")) resolveReady();
        });
        child.once("exit", (code, signal) => rejectReady(new Error(`${name} exited (${code ?? signal}) before it was ready: ${stderr}`)));
      });
      return child;
    }

    /** `JOBS` jobs, all due now, numbered from `first`. */
    async function dueJobs(first: number) {
      await database!.db.execute(sql`
        INSERT INTO scheduled_jobs (organization_id, kind, run_at, dedupe_key, payload)
        SELECT ${organizationId}, 'test.exactly-once', now() - interval '1 second', 'test.exactly-once:' || n, jsonb_build_object('n', n)
        FROM generate_series(${first}::int, ${first + JOBS - 1}::int) AS n`);
    }

    const subjects = (first: number) => Array.from({ length: JOBS }, (_, i) => `exactly-once ${first + i}`);
    const numbers = (first: number) => Array.from({ length: JOBS }, (_, i) => first + i);

    /** What the jobs and the outbox hold, and what the stubs received, for a timeout's message. */
    async function state() {
      const rows = rowsOf(
        await database!.db.execute(sql`
          SELECT 'job' AS what, status, count(*)::int AS n, max(last_error) AS error FROM scheduled_jobs GROUP BY status
          UNION ALL
          SELECT channel, status, count(*)::int, max(last_error) FROM outbox_messages GROUP BY channel, status`),
      );
      return { rows, smtp: stub!.total(), sms: sms!.total(), smsRejected: sms!.rejected() };
    }

    async function allDone(first: number) {
      const [row] = rowsOf<{ jobs: number; mails: number; texts: number }>(
        await database!.db.execute(sql`
          SELECT
            (SELECT count(*) FROM scheduled_jobs WHERE kind = 'test.exactly-once' AND status = 'done'
               AND (payload->>'n')::int BETWEEN ${first} AND ${first + JOBS - 1})::int AS jobs,
            (SELECT count(*) FROM outbox_messages WHERE channel = 'email' AND status = 'sent'
               AND substring(subject from '^exactly-once ([0-9]+)$')::int BETWEEN ${first} AND ${first + JOBS - 1})::int AS mails,
            (SELECT count(*) FROM outbox_messages WHERE channel = 'sms' AND status = 'sent'
               AND substring(body_text from '^exactly-once text ([0-9]+),')::int BETWEEN ${first} AND ${first + JOBS - 1})::int AS texts`),
      );
      return (
        row!.jobs === JOBS &&
        row!.mails === JOBS &&
        row!.texts === JOBS &&
        subjects(first).every((s) => stub!.counts.has(s)) &&
        numbers(first).every((n) => sms!.counts.has(n))
      );
    }

    it("sends each of 500 due messages once, with two processes claiming at the same time", async () => {
      const both = await Promise.all([startChild("child-a", LIVE_LEASE_MS), startChild("child-b", LIVE_LEASE_MS)]);
      await dueJobs(0);
      await until("every job is done and every e-mail and text sent", () => allDone(0), 40_000, state);
      const counts = subjects(0).map((s) => stub!.counts.get(s) ?? 0);
      expect(counts.filter((c) => c !== 1)).toEqual([]);
      expect(stub!.total()).toBe(JOBS);
      const texts = numbers(0).map((n) => sms!.counts.get(n) ?? 0);
      expect(texts.filter((c) => c !== 1)).toEqual([]);
      expect(sms!.total()).toBe(JOBS);
      expect(sms!.rejected()).toBe(0);
      // Both processes did part of the work.
      expect(stub!.byWorker.get("child-a")).toBeGreaterThan(0);
      expect(stub!.byWorker.get("child-b")).toBeGreaterThan(0);
      const [outbox] = rowsOf<{ mails: number; texts: number; sids: number }>(
        await database!.db.execute(sql`
          SELECT count(*) FILTER (WHERE channel = 'email')::int AS mails, count(*) FILTER (WHERE channel = 'sms')::int AS texts,
                 count(DISTINCT delivered_to) FILTER (WHERE channel = 'sms' AND delivered_to LIKE 'SM%')::int AS sids
          FROM outbox_messages`),
      );
      // Each text marked sent with the SID the provider gave it.
      expect(outbox).toEqual({ mails: JOBS, texts: JOBS, sids: JOBS });
      await Promise.all(both.map((c) => stopProcess(c)));
      console.log(
        `exactly once: ${JOBS} jobs, ${stub!.total()} e-mails, ${sms!.total()} texts; jobs run by`,
        Object.fromEntries(stub!.byWorker),
      );
    });

    it("loses none when one process is killed mid-batch: the other takes its work over once the lease runs out", async () => {
      const first = 1000;
      const before = stub!.total();
      const textsBefore = sms!.total();
      slow = true;
      const [a] = await Promise.all([startChild("child-c", KILLED_LEASE_MS), startChild("child-d", KILLED_LEASE_MS)]);
      await dueJobs(first);
      await until("part of the batch is sent", () => stub!.total() - before >= JOBS / 4, 30_000);
      a!.kill("SIGKILL");
      await new Promise<void>((r) => (a!.exitCode !== null || a!.signalCode !== null ? r() : a!.once("exit", () => r())));
      const atKill = stub!.total() - before;
      expect(atKill).toBeLessThan(JOBS);
      const textsAtKill = sms!.total() - textsBefore;
      await until("every job is done and every e-mail and text sent", () => allDone(first), 40_000, state);
      const counts = subjects(first).map((s) => stub!.counts.get(s) ?? 0);
      const texts = numbers(first).map((n) => sms!.counts.get(n) ?? 0);
      // None lost.
      expect(counts.filter((c) => c < 1)).toEqual([]);
      expect(texts.filter((c) => c < 1)).toEqual([]);
      // A message goes twice only if its sender was killed after the SMTP server (or the SMS provider) accepted it and
      // before it was marked sent: at most what the killed process had claimed.
      const duplicates = counts.reduce((sum, c) => sum + (c - 1), 0);
      const textDuplicates = texts.reduce((sum, c) => sum + (c - 1), 0);
      expect(duplicates + textDuplicates).toBeLessThanOrEqual(BATCH);
      // Each job enqueued its e-mail and its text once: the job's work and its 'done' mark commit together.
      const [outbox] = rowsOf<{ mails: number; texts: number }>(
        await database!.db.execute(sql`
          SELECT count(*) FILTER (WHERE channel = 'email' AND substring(subject from '^exactly-once ([0-9]+)$')::int >= ${first})::int AS mails,
                 count(*) FILTER (WHERE channel = 'sms' AND substring(body_text from '^exactly-once text ([0-9]+),')::int >= ${first})::int AS texts
          FROM outbox_messages`),
      );
      expect(outbox).toEqual({ mails: JOBS, texts: JOBS });
      // What the killed process held when it died, taken over by the other after the lease.
      const [retaken] = rowsOf<{ jobs: number; mails: number }>(
        await database!.db.execute(sql`
          SELECT
            (SELECT count(*) FROM scheduled_jobs WHERE kind = 'test.exactly-once' AND attempts > 1)::int AS jobs,
            (SELECT count(*) FROM outbox_messages WHERE attempts > 1)::int AS mails`),
      );
      expect(retaken!.jobs + retaken!.mails).toBeGreaterThan(0);
      console.log(
        `killed mid-batch after ${atKill} of ${JOBS} e-mails and ${textsAtKill} texts: none lost, ` +
          `${duplicates} e-mails and ${textDuplicates} texts sent twice; ` +
          `taken over after the lease: ${retaken!.jobs} jobs, ${retaken!.mails} messages`,
      );
    });
  },
);
