// The Dermaplan server process: one database, migrations at start, the demo
// clinic on an empty database, the React Router app, and a clean shutdown.
//
// The start is in two steps (docs/decisions/0023-cold-start.md). First the
// database: opened, migrated, its keys and its clinic checked; then the server
// listens and /healthz answers. Then the app warms up: better-auth, the mail
// worker, the scheduled jobs and the built app are loaded (imported here only
// then, so that the database opens sooner). A request that arrives while the
// app warms up waits for it; none is refused.
import "./production-mode.ts";
import cluster, { type Worker } from "node:cluster";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { join, resolve } from "node:path";
import pino from "pino";
import type { Express } from "express";
import type { AppServices } from "../app/context.ts";
import type { JobHandlers } from "../src/jobs/worker.ts";
import { readEnv, smsProviderOf } from "../src/config/env.ts";
import { databaseConfigFromEnv, DataDirLockedError, migrate, openDatabase, type Database } from "../src/db/open.ts";
import { organizations } from "../src/db/schema.ts";
import { createMailTransport, startOutboxWorker } from "../src/notifications/outbox.ts";
import { createTextTransport } from "../src/notifications/texts.ts";
import { ELIGIBILITY_REMINDER_SWEEP, eligibilityReminderJobHandlers } from "../src/privacy/eligibility-reminders.ts";
import { checkinJobHandlers } from "../src/plans/record/checkins.ts";
import { reminderJobHandlers } from "../src/notifications/reminders.ts";
import { missingDataKeys } from "../src/privacy/key-rotation.ts";
import { KeyRingError, loadKeyRing, type LoadedKeyRing } from "../src/privacy/keyring.ts";
import { findPublicOrganizationId } from "../src/scheduling/clinic.ts";
import { SAFE_LOG_OPTIONS } from "../src/kernel/log.ts";
import { requestLimitsFrom } from "../src/scheduling/request-limits.ts";
import { newCspNonce, securityHeaderEntries } from "./security.ts";
import { clinicBaseUrls, clinicOriginPattern, clinicsByHost, handlersByClinic } from "./clinic-hosts.ts";
import { ensureConsentForms } from "../src/consent/consent.ts";

const SHUTDOWN_GRACE_MS = 10_000;
/** How long the warm-up waits for the first health check after the server listens (see startServer). */
const FIRST_CHECK_GRACE_MS = 50;

function readOrCreateSecret(dataDir: string): string {
  const path = join(dataDir, "auth-secret");
  if (existsSync(path)) return readFileSync(path, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  try {
    writeFileSync(path, secret, { mode: 0o600, flag: "wx" });
  } catch (error) {
    // Another process of this server wrote it first: theirs is the one.
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return readFileSync(path, "utf8").trim();
    throw error;
  }
  return secret;
}

// node:http taken as Node's own module object: importing it as an ES module
// builds a facade over every export, whose lazy getters load the whole fetch
// implementation (about 80 ms) before the server could listen.
const { createServer } = process.getBuiltinModule("node:http");

/** Resolves after the event loop has polled for I/O at least once (two check phases apart). */
const turnOfTheLoop = () => new Promise<void>((r) => setImmediate(() => setImmediate(r)));

/** startServer's answer when it was stopped before the app had warmed up. */
export class StoppedWhileStartingError extends Error {
  constructor() {
    super("The server was stopped before it had finished starting.");
    this.name = "StoppedWhileStartingError";
  }
}

/** GET or HEAD /healthz, as the app routes it. */
function isHealthCheck(req: IncomingMessage): boolean {
  return (req.method === "GET" || req.method === "HEAD") && (req.url ?? "").split("?")[0] === "/healthz";
}

export interface StartOptions {
  /**
   * Called once the server listens (the database open and checked), before
   * the app has warmed up, with the function that stops it cleanly: a process
   * wires its signals to it from then on (see runServer).
   */
  onListening?: (stop: () => Promise<void>) => void;
}

/**
 * Starts the server; resolves once the app has warmed up and every request is
 * served. /healthz answers from the moment the server listens, which is
 * before that: the database is open, migrated and checked by then, and a
 * request sent then waits for the app rather than failing.
 */
export async function startServer(source: NodeJS.ProcessEnv = process.env, options: StartOptions = {}) {
  const startedAt = performance.now();
  const env = readEnv(source);
  const logger = pino({
    level: env.LOG_LEVEL,
    // An error is logged by its name and codes, never its message or stack
    // head: a failed query's message lists its parameters (src/kernel/log.ts).
    ...SAFE_LOG_OPTIONS,
    // Request bodies, query strings and cookies are never logged: they carry
    // tokens and, from the intake on, health information.
    redact: {
      paths: ["req.headers.cookie", "req.headers.authorization", "*.token", "*.password", "*.body", "*.note", "*.reason"],
      censor: "[redacted]",
    },
  });
  const dataDir = resolve(env.DATA_DIR);

  // Health information is encrypted by the app; without its keys the server
  // must not start (it would fail on every record, or write under a stray key).
  let keys: LoadedKeyRing;
  try {
    keys = loadKeyRing({ env: source, dataDir });
  } catch (error) {
    if (error instanceof KeyRingError) {
      process.stderr.write(`\nDermaplan cannot start: ${error.message}\n\n`);
      process.exit(1);
    }
    throw error;
  }
  for (const warning of keys.warnings) logger.warn(warning);
  if (keys.created) logger.info({ file: keys.created }, "created the data encryption key file; back it up apart from the database");

  let database: Database;
  try {
    database = await openDatabase(databaseConfigFromEnv({ ...source, DATA_DIR: dataDir }));
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      process.stderr.write(`\n${error.message}\n\n`);
      process.exit(1);
    }
    throw error;
  }
  const applied = await migrate(database);
  if (applied.length) logger.info({ migrations: applied }, "database migrated");

  const missingKeys = await missingDataKeys(database.db, keys.keyRing);
  if (missingKeys.length) {
    const where =
      keys.keyRing.source === "env"
        ? "DATA_KEY and DATA_KEY_PREVIOUS"
        : `${join(dataDir, "data-keys.json")}${keys.created ? " (created just now: the key file that was there is missing)" : ""}`;
    process.stderr.write(
      `\nDermaplan cannot start: the database holds encrypted health information under ` +
        missingKeys.map((m) => `key ${m.keyId} (${m.values} ${m.values === 1 ? "value" : "values"})`).join(", ") +
        `, and that key is not in ${where}.\n` +
        `Restore the key file from your key backup (or set DATA_KEY / DATA_KEY_PREVIOUS to the key) and start again. ` +
        `Nothing was read or changed.\n\n`,
    );
    // A key file made on this start holds nothing worth keeping; leaving it
    // would make the next attempt look like a key mismatch instead of a loss.
    if (keys.created) rmSync(keys.created, { force: true });
    await database.close();
    process.exit(1);
  }

  // A clinic made before consent forms existed gets the default forms (nothing to sign otherwise, and no treatment could start).
  const consentFormsAdded = await ensureConsentForms(database.db);
  if (consentFormsAdded) logger.info({ consentFormsAdded }, "default consent forms added");

  const existing = await database.db.select({ id: organizations.id }).from(organizations).limit(1);
  if (existing.length === 0 && env.DEMO === "1") {
    // Only a first start needs the demo (and the password hashing it pulls in).
    const { DEMO_OWNER_EMAIL, loadDemoClinic } = await import("../src/db/demo.ts");
    const demo = await loadDemoClinic(database.db, { ownerPassword: env.DEMO_OWNER_PASSWORD });
    logger.info("demo clinic loaded");
    if (demo.generatedOwnerPassword) {
      // Printed once, to the terminal only: it is not stored in clear anywhere.
      process.stdout.write(
        `\n  Demo clinic ready. Staff sign-in: ${DEMO_OWNER_EMAIL}\n  Password (shown only now): ${demo.generatedOwnerPassword}\n\n`,
      );
    }
  }
  const organizationId = await findPublicOrganizationId(database.db, env.CLINIC_SLUG);
  if (!organizationId) {
    process.stderr.write(
      env.CLINIC_SLUG
        ? `\nNo clinic with the slug "${env.CLINIC_SLUG}" is in the database.\n\n`
        : "\nThe database holds no clinic. Start once with DEMO=1 to load the demo clinic.\n\n",
    );
    await database.close();
    process.exit(1);
  }

  const baseUrl = (
    env.PUBLIC_URL ?? `http://${env.HOST === "127.0.0.1" || env.HOST === "0.0.0.0" ? "localhost" : env.HOST}:${env.PORT}`
  ).replace(/\/$/, "");
  const security = { https: baseUrl.startsWith("https://") };
  // Several clinics' public sites, each at its slug in front of PUBLIC_URL's host (server/clinic-hosts.ts).
  const byHost = env.CLINICS_BY_HOST === "1" ? { publicUrl: new URL(baseUrl), defaultClinic: { organizationId, baseUrl } } : null;

  // Until the app has warmed up, /healthz is answered here, with the headers
  // and the body the app gives it (server/app.ts), and every other request
  // waits for the app.
  let app: Express | null = null;
  const warmUp = Promise.withResolvers<Express>();
  const firstCheck = Promise.withResolvers<void>();
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (app) return void app(req, res);
    if (isHealthCheck(req)) {
      for (const [name, value] of securityHeaderEntries(security, newCspNonce())) res.setHeader(name, value);
      res.setHeader("Cache-Control", "no-store");
      res.setHeader("Content-Type", "application/json; charset=utf-8");
      res.end(req.method === "HEAD" ? undefined : JSON.stringify({ status: "ok" }));
      firstCheck.resolve();
      return;
    }
    warmUp.promise.then(
      (ready) => ready(req, res),
      () => {
        res.statusCode = 503;
        res.setHeader("Cache-Control", "no-store");
        res.end();
      },
    );
  });

  // What the app runs beside the requests: started while it warms up, stopped on shutdown.
  const background: { jobs?: { stop(): Promise<void> }; outbox?: { stop(): Promise<void> } } = {};

  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      logger.info("shutting down");
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeIdleConnections();
      await Promise.race([closed, new Promise((r) => setTimeout(r, SHUTDOWN_GRACE_MS))]);
      // Whatever the warm-up started is stopped once it has finished starting it.
      await warmUp.promise.catch(() => {});
      await background.jobs?.stop();
      await background.outbox?.stop();
      await database.close();
      logger.info("stopped cleanly");
    })();
    return stopping;
  };

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once("error", rejectListen);
    server.listen(env.PORT, env.HOST, () => {
      server.off("error", rejectListen);
      resolveListen();
    });
  }).catch(async (error: unknown) => {
    await database.close();
    throw error;
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : env.PORT;
  const healthyMs = Math.round(performance.now() - startedAt);
  logger.info({ port, host: env.HOST, ms: healthyMs }, "listening; the app is warming up");
  options.onListening?.(stop);

  let services!: AppServices;
  (async () => {
    // Loading a module graph holds the event loop until it is done: one graph
    // at a time, with a turn of the loop between them, so that health checks
    // (and the requests that will wait) are taken in meanwhile; the HTTP
    // app's two largest packages go first, each on its own. A stop asked for
    // meanwhile ends the warm-up at the next turn.
    const nextTurn = async () => {
      await turnOfTheLoop();
      if (stopping) throw new StoppedWhileStartingError();
    };
    // Whoever started the server is usually polling /healthz: that answer
    // goes out first, before the warm-up holds the loop (50 ms at most).
    await new Promise<void>((resolveWait) => {
      const timer = setTimeout(resolveWait, FIRST_CHECK_GRACE_MS);
      void firstCheck.promise.then(() => {
        clearTimeout(timer);
        resolveWait();
      });
    });
    await nextTurn();
    await import("express");
    await nextTurn();
    await import("react-router");
    await nextTurn();
    const { createHttpApp, loadServerBuild } = await import("./app.ts");
    await nextTurn();
    const { createAuth } = await import("../src/auth/auth.ts");
    await nextTurn();
    const { startJobWorker } = await import("../src/jobs/worker.ts");
    const { SCHEDULED_PUBLISH_SWEEP, scheduledPublishingJobHandlers } = await import("../src/content/publish-due.ts");
    await nextTurn();
    const auth = createAuth(database.db, {
      secret: env.AUTH_SECRET ?? readOrCreateSecret(dataDir),
      baseURL: baseUrl,
      trustedOrigins: [
        `http://localhost:${env.PORT}`,
        `http://127.0.0.1:${env.PORT}`,
        ...(byHost ? [clinicOriginPattern(byHost.publicUrl)] : []),
      ],
    });
    const transport = createMailTransport({ smtpUrl: env.SMTP_URL, dataDir });
    const smsProvider = smsProviderOf(env);
    const textTransport = createTextTransport({ provider: smsProvider, dataDir });
    const outbox = startOutboxWorker({
      db: database.db,
      transport,
      texts: textTransport,
      from: env.MAIL_FROM ?? "Dermaplan <no-reply@demo.dermaplan.test>",
      onError: (error, messageId) => logger.warn({ messageId, err: error }, "e-mail delivery failed"),
    });
    background.outbox = outbox;

    // Everything done later than the request that caused it runs as a job
    // (docs/jobs.md): claimed under a lease, so two server processes on one
    // PostgreSQL never run one twice and a killed one loses none. Each domain
    // exports its handlers by kind; a kind scheduled with no handler here
    // fails with a clear error. The recurring sweeps are one job per clinic
    // per period: "tell me when I'm eligible" e-mails every ten minutes,
    // scheduled articles and pages every minute (the public pages also publish
    // a due one on request).
    const handlersLinkingTo = (base: string): JobHandlers => ({
      ...eligibilityReminderJobHandlers({ keyRing: keys.keyRing, baseUrl: base }),
      ...scheduledPublishingJobHandlers(),
      // The check-in invitations after a treatment (docs/checkins.md).
      ...checkinJobHandlers({ baseUrl: base }),
      // Appointment reminders and the next-session nudge (docs/reminders.md).
      ...reminderJobHandlers({ baseUrl: base }),
    });
    const jobHandlers = byHost
      ? handlersByClinic(handlersLinkingTo, clinicBaseUrls({ db: database.db, ...byHost }))
      : handlersLinkingTo(baseUrl);
    background.jobs = startJobWorker({
      db: database.db,
      handlers: jobHandlers,
      recurring: [ELIGIBILITY_REMINDER_SWEEP, SCHEDULED_PUBLISH_SWEEP],
      onRan: (r) => {
        // What the jobs put into the outbox goes out now rather than at its next poll.
        outbox.kick();
        if (r.failed || r.retried) logger.warn({ done: r.done, retried: r.retried, failed: r.failed }, "scheduled jobs ran with failures");
      },
      onError: (error, job) => logger.warn({ jobId: job?.id, kind: job?.kind, err: error }, "scheduled job failed"),
    });

    await nextTurn();
    const build = await loadServerBuild();
    services = {
      db: database.db,
      auth,
      outbox,
      logger,
      keyRing: keys.keyRing,
      organizationId,
      baseUrl,
      mailDescription: transport.describe,
      texts: {
        describe: textTransport.describe,
        // The provider signs the replies it posts with the auth token, over the address it was given (docs/texts.md).
        inbound: smsProvider ? { authToken: smsProvider.authToken, url: `${baseUrl}/webhooks/sms` } : null,
      },
      now: () => Date.now(),
      requestLimits: requestLimitsFrom(env),
    };
    return createHttpApp({
      build,
      services,
      clinicFor: byHost ? clinicsByHost({ db: database.db, ...byHost }) : undefined,
      allowedOrigins: [new URL(baseUrl).origin, `http://localhost:${env.PORT}`, `http://127.0.0.1:${env.PORT}`],
    });
  })().then(warmUp.resolve, warmUp.reject);
  try {
    app = await warmUp.promise;
  } catch (error) {
    // Nothing may go on answering health checks for an app that cannot serve.
    if (!(error instanceof StoppedWhileStartingError)) logger.error({ err: error }, "the app could not be loaded");
    await stop();
    throw error;
  }
  logger.info(
    {
      port,
      host: env.HOST,
      database: database.kind,
      mail: services.mailDescription,
      texts: services.texts?.describe,
      healthyMs,
      ms: Math.round(performance.now() - startedAt),
    },
    "Dermaplan is serving",
  );
  return { server, port, stop, services };
}

/**
 * Runs the server as the process's one job. SIGTERM and SIGINT stop it
 * cleanly (requests drained, the database checkpointed and closed); so does
 * the parent going away, when STOP_WITH_PARENT=1 and the process was spawned
 * with an IPC channel, so that a server started by a test never outlives the
 * test process. A stop asked for during the start takes effect as soon as the
 * server listens.
 */
export async function runServer(source: NodeJS.ProcessEnv = process.env): Promise<void> {
  // Checked here first: a primary must not start processes for settings they would refuse.
  const wanted = cluster.isPrimary ? readEnv(source).WEB_CONCURRENCY : 1;
  if (wanted > 1) {
    if (source.DATABASE_URL) return runPrimary(wanted, source);
    process.stderr.write(
      `WEB_CONCURRENCY=${wanted} asks for ${wanted} server processes, but the embedded database (no DATABASE_URL) ` +
        `is opened by one process at a time: running one. Set DATABASE_URL to a PostgreSQL database to run several.\n`,
    );
  }
  let stop: (() => Promise<void>) | null = null;
  let requested = false;
  const finish = (s: () => Promise<void>) =>
    s().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`Shutdown failed: ${error instanceof Error ? error.message : "unknown error"}\n`);
        process.exit(1);
      },
    );
  const requestStop = () => {
    if (requested) return;
    requested = true;
    if (stop) {
      void finish(stop);
      return;
    }
    // Asked to stop before the server listens: the stop waits for the start, but
    // never longer than the shutdown grace, so a start that cannot finish still ends.
    setTimeout(() => {
      process.stderr.write("Stopped before the start had finished.\n");
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
  };
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, requestStop);
  if (source.STOP_WITH_PARENT === "1" && typeof process.send === "function") {
    process.once("disconnect", requestStop);
    // The channel only listens for the parent leaving; it must not keep the process alive.
    process.channel?.unref();
    if (!process.connected) requestStop();
  }
  try {
    await startServer(source, {
      onListening: (s) => {
        stop = s;
        if (requested) void finish(s);
      },
    });
    // A process of several tells the primary it serves, so the next one starts on a prepared database.
    if (cluster.isWorker) process.send?.({ dermaplan: "serving" });
  } catch (error) {
    // Stopped while starting: finish() exits once the stop is complete.
    if (!(error instanceof StoppedWhileStartingError)) throw error;
  }
}

/**
 * WEB_CONCURRENCY=N on PostgreSQL: this process starts N server processes
 * that share the port (node:cluster hands connections out in turn) and
 * supervises them. The first is started alone and the others once it serves,
 * so the database is migrated and a first start's demo clinic loaded once.
 * Nothing a process keeps in memory outlives a change made by another: what
 * is cached is checked against the database's clinic version on every use
 * (src/scheduling/clinic-cache.ts), and background work is claimed under a
 * lease (docs/jobs.md). A process that dies is replaced; SIGTERM, SIGINT or
 * the parent going away (STOP_WITH_PARENT=1) stops every process cleanly.
 */
async function runPrimary(count: number, source: NodeJS.ProcessEnv): Promise<void> {
  const workers = new Set<Worker>();
  let stopping = false;
  /** Once every process has served: from then on one that dies is replaced (before, the start fails). */
  let allServing = false;
  let exitCode = 0;
  const fork = () =>
    new Promise<void>((resolveServing, rejectServing) => {
      const worker = cluster.fork({ ...source, WEB_CONCURRENCY: "1", STOP_WITH_PARENT: "1" });
      workers.add(worker);
      worker.on("message", (m: unknown) => {
        if ((m as { dermaplan?: string } | null)?.dermaplan === "serving") resolveServing();
      });
      worker.once("exit", (code, signal) => {
        workers.delete(worker);
        rejectServing(new Error(`a server process exited while starting (${signal ?? code})`));
        if (stopping || !allServing) {
          if (stopping && workers.size === 0) process.exit(exitCode);
          return;
        }
        process.stderr.write(`A server process ended (${signal ?? code}); starting another.\n`);
        // A second's pause, so a process that cannot run does not restart in a tight loop.
        setTimeout(() => {
          if (stopping) return;
          fork().then(
            () => process.stdout.write("The new server process is serving.\n"),
            () => {},
          );
        }, 1_000);
      });
    });
  const stopAll = () => {
    if (stopping) return;
    stopping = true;
    if (workers.size === 0) process.exit(exitCode);
    for (const worker of workers) worker.process.kill("SIGTERM");
    // Each drains within its own grace; one that does not is ended.
    setTimeout(() => {
      for (const worker of workers) worker.process.kill("SIGKILL");
      process.exit(1);
    }, SHUTDOWN_GRACE_MS + 5_000).unref();
  };
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, stopAll);
  if (source.STOP_WITH_PARENT === "1" && typeof process.send === "function") {
    process.once("disconnect", stopAll);
    process.channel?.unref();
  }
  try {
    await fork();
    await Promise.all(Array.from({ length: count - 1 }, fork));
    allServing = true;
  } catch (error) {
    if (stopping) return;
    process.stderr.write(`Dermaplan could not start its server processes: ${error instanceof Error ? error.message : "unknown error"}\n`);
    exitCode = 1;
    stopAll();
    return;
  }
  process.stdout.write(`Dermaplan is serving from ${count} processes.\n`);
}

if (import.meta.main) {
  await runServer();
}
