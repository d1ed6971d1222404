// The Dermaplan server process: one database, migrations at start, the demo
// clinic on an empty database, the React Router app, and a clean shutdown.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import { join, resolve } from "node:path";
import pino from "pino";
import { createHttpApp, loadServerBuild } from "./app.ts";
import type { AppServices } from "../app/context.ts";
import { createAuth } from "../src/auth/auth.ts";
import { readEnv } from "../src/config/env.ts";
import { DEMO_OWNER_EMAIL, loadDemoClinic } from "../src/db/demo.ts";
import { databaseConfigFromEnv, DataDirLockedError, migrate, openDatabase, type Database } from "../src/db/open.ts";
import { organizations } from "../src/db/schema.ts";
import { createMailTransport, startOutboxWorker } from "../src/notifications/outbox.ts";
import { startScheduledPublisher } from "../src/content/publishing.ts";
import { sendDueEligibilityReminders } from "../src/privacy/eligibility-reminders.ts";
import { missingDataKeys } from "../src/privacy/health-record.ts";
import { KeyRingError, loadKeyRing, type LoadedKeyRing } from "../src/privacy/keyring.ts";
import { findPublicOrganizationId } from "../src/scheduling/clinic.ts";
import { SAFE_LOG_OPTIONS } from "../src/kernel/log.ts";
import { requestLimitsFrom } from "../src/scheduling/request-limits.ts";

const SHUTDOWN_GRACE_MS = 10_000;
const REMINDER_INTERVAL_MS = 10 * 60_000;

function readOrCreateSecret(dataDir: string): string {
  const path = join(dataDir, "auth-secret");
  if (existsSync(path)) return readFileSync(path, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(path, secret, { mode: 0o600, flag: "wx" });
  return secret;
}

export async function startServer(source: NodeJS.ProcessEnv = process.env) {
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

  const existing = await database.db.select({ id: organizations.id }).from(organizations).limit(1);
  if (existing.length === 0 && env.DEMO === "1") {
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
  const auth = createAuth(database.db, {
    secret: env.AUTH_SECRET ?? readOrCreateSecret(dataDir),
    baseURL: baseUrl,
    trustedOrigins: [`http://localhost:${env.PORT}`, `http://127.0.0.1:${env.PORT}`],
  });
  const transport = createMailTransport({ smtpUrl: env.SMTP_URL, dataDir });
  const outbox = startOutboxWorker({
    db: database.db,
    transport,
    from: env.MAIL_FROM ?? "Dermaplan <no-reply@demo.dermaplan.test>",
    onError: (error, messageId) => logger.warn({ messageId, err: error }, "e-mail delivery failed"),
  });

  // "Tell me when I'm eligible" e-mails: checked at start and every ten minutes.
  const sendReminders = () =>
    sendDueEligibilityReminders(database.db, { keyRing: keys.keyRing, now: Date.now(), baseUrl })
      .then((n) => {
        if (n > 0) {
          logger.info({ reminders: n }, "eligibility reminders queued");
          outbox.kick();
        }
      })
      .catch((error) => logger.warn({ err: error }, "eligibility reminders failed"));
  void sendReminders();
  const reminderTimer = setInterval(sendReminders, REMINDER_INTERVAL_MS);
  reminderTimer.unref();

  // Scheduled articles and pages go live when their time comes (the public pages also publish a due one on request).
  const publisher = startScheduledPublisher({
    db: database.db,
    onResult: (r) => logger.info({ published: r.published.length, blocked: r.blocked.length }, "scheduled content published"),
    onError: (error) => logger.warn({ err: error }, "scheduled publishing failed"),
  });

  const build = await loadServerBuild();
  const services: AppServices = {
    db: database.db,
    auth,
    outbox,
    logger,
    keyRing: keys.keyRing,
    organizationId,
    baseUrl,
    mailDescription: transport.describe,
    now: () => Date.now(),
    requestLimits: requestLimitsFrom(env),
  };
  const app = createHttpApp({
    build,
    services,
    allowedOrigins: [new URL(baseUrl).origin, `http://localhost:${env.PORT}`, `http://127.0.0.1:${env.PORT}`],
  });

  const server: Server = await new Promise((resolveListen) => {
    const s = app.listen(env.PORT, env.HOST, () => resolveListen(s));
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : env.PORT;
  logger.info(
    { port, host: env.HOST, database: database.kind, mail: transport.describe, ms: Math.round(performance.now() - startedAt) },
    "Dermaplan is serving",
  );

  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      logger.info("shutting down");
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeIdleConnections();
      await Promise.race([closed, new Promise((r) => setTimeout(r, SHUTDOWN_GRACE_MS))]);
      clearInterval(reminderTimer);
      await publisher.stop();
      await outbox.stop();
      await database.close();
      logger.info("stopped cleanly");
    })();
    return stopping;
  };
  return { server, port, stop, services };
}

if (import.meta.main) {
  const running = await startServer();
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      running.stop().then(
        () => process.exit(0),
        (error) => {
          process.stderr.write(`Shutdown failed: ${error instanceof Error ? error.message : "unknown error"}\n`);
          process.exit(1);
        },
      );
    });
  }
}
