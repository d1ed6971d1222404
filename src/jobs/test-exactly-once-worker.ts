// One server process's background work, as a child process of
// exactly-once.test.ts: its own connection pool to the test's PostgreSQL, a
// job worker whose one kind puts an e-mail and a text into the outbox, and an
// outbox worker sending the e-mails to the test's stub SMTP server and the
// texts to its stub of the SMS provider's Messages API. It says "ready" on
// stdout, and stops on SIGTERM or when the test process goes away.
import { openDatabase } from "../db/open.ts";
import { createMailTransport, enqueueMessage, startOutboxWorker } from "../notifications/outbox.ts";
import { createTextTransport, enqueueTextFor } from "../notifications/texts.ts";
import { startJobWorker } from "./worker.ts";

const env = process.env;
const workerId = env.WORKER_ID ?? "child";
const database = await openDatabase({ kind: "postgres", url: env.DATABASE_URL!, poolSize: 4 });
const leaseMs = Number(env.LEASE_MS ?? 2000);
const outbox = startOutboxWorker({
  db: database.db,
  transport: createMailTransport({ smtpUrl: env.SMTP_URL!, dataDir: env.DATA_DIR! }),
  texts: createTextTransport({
    provider: { baseUrl: env.SMS_API_URL!, accountSid: env.SMS_ACCOUNT_SID!, authToken: env.SMS_AUTH_TOKEN!, from: env.SMS_FROM! },
    dataDir: env.DATA_DIR!,
  }),
  from: "Dermaplan <no-reply@example.test>",
  pollMs: 50,
  leaseMs,
  workerId: `${workerId}:outbox`,
  onError: () => {},
});
const jobs = startJobWorker({
  db: database.db,
  workerId: `${workerId}:jobs`,
  pollMs: 50,
  leaseMs,
  batchSize: 10,
  handlers: {
    "test.exactly-once": async (tx, job) => {
      await enqueueMessage(tx, {
        organizationId: job.organizationId,
        appointmentId: null,
        kind: "test",
        message: {
          to: "client@example.test",
          subject: `exactly-once ${String(job.payload.n)}`,
          text: `ran by ${workerId}`,
          html: "<p>x</p>",
          ics: null,
        },
      });
      // And a text, to the client of the test's clinic who agreed to texts.
      const queued = await enqueueTextFor(tx, {
        organizationId: job.organizationId,
        clientId: env.TEXT_CLIENT_ID!,
        appointmentId: null,
        kind: "test",
        compose: () => `exactly-once text ${String(job.payload.n)}, ran by ${workerId}`,
      });
      if (!queued) throw new Error("the test's client has not agreed to texts");
    },
  },
  onRan: () => outbox.kick(),
  onError: () => {},
});

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await jobs.stop();
  await outbox.stop();
  await database.close();
  process.exit(0);
}
process.once("SIGTERM", () => void stop());
process.once("disconnect", () => void stop());
// The workers' timers do not hold a process open (a server has its HTTP server for that); this one must.
setInterval(() => {}, 60_000);
process.stdout.write("ready\n");
