// Messages are written to outbox_messages inside the transaction that caused
// them and delivered afterwards, so a rolled-back booking sends nothing and a
// committed one is not forgotten if the process dies before sending.
import { mkdirSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { and, asc, eq, ne, sql } from "drizzle-orm";
import type { Transporter } from "nodemailer";
import type { Db, DbOrTx } from "../db/open.ts";
import { rowsOf } from "../db/open.ts";
import { locations, outboxMessages } from "../db/schema.ts";
import { startPollLoop } from "../kernel/poll-loop.ts";
import type { ComposedMessage } from "./booking-messages.ts";
import { stopTextsToNumber, textStillWanted, TextRefusedError, type TextTransport } from "./texts.ts";

export const OUTBOX_DEFAULTS = { pollMs: 2000, batchSize: 10, maxAttempts: 5, leaseMs: 2 * 60_000 };

/**
 * How long a message that failed waits before its next try: 30 s, 1, 2, 4
 * minutes (as jobs do, docs/jobs.md), so an SMTP server or SMS provider down
 * for a few minutes does not use up a message's five attempts in one pass.
 */
export function outboxRetryDelayMs(attempts: number): number {
  return 30_000 * 2 ** Math.min(Math.max(attempts - 1, 0), 8);
}

/**
 * The address replies to the clinic's e-mails go to: the clinic's e-mail (its
 * first location's, the one the messages sign with), a setting staff change on
 * the settings page. Null when the clinic has none: the e-mail then has no Reply-To.
 */
async function clinicReplyTo(db: DbOrTx, organizationId: string): Promise<string | null> {
  const [row] = await db
    .select({ email: locations.email })
    .from(locations)
    .where(and(eq(locations.organizationId, organizationId), ne(locations.email, "")))
    .orderBy(asc(locations.createdAt))
    .limit(1);
  return row?.email ?? null;
}

/**
 * Queues an e-mail in the caller's transaction. Its Reply-To is the clinic's
 * address as it stands now, stored with the message, so the e-mail says the
 * same whenever the worker sends it.
 */
export async function enqueueMessage(tx: DbOrTx, input: OutboxInput): Promise<void> {
  await (
    await outboxInsert(tx, input)
  ).insert;
}

export interface OutboxInput {
  organizationId: string;
  appointmentId: string | null;
  kind: string;
  message: ComposedMessage;
  /** The clinic's first location's e-mail address when the caller has it at hand (a booking's kept clinic); otherwise read here. */
  clinicEmail?: string;
}

/**
 * The INSERT that queues an e-mail, not yet run (wrapped, so awaiting this
 * does not run it): for a caller that folds it with other writes into one
 * statement (a booking, src/db/statements.ts).
 */
export async function outboxInsert(tx: DbOrTx, input: OutboxInput) {
  const insert = tx.insert(outboxMessages).values({
    organizationId: input.organizationId,
    appointmentId: input.appointmentId,
    kind: input.kind,
    toAddress: input.message.to,
    subject: input.message.subject,
    bodyText: input.message.text,
    bodyHtml: input.message.html,
    ics: input.message.ics,
    replyTo: input.clinicEmail ? input.clinicEmail : await clinicReplyTo(tx, input.organizationId),
  });
  return { insert };
}

export interface MailTransport {
  /** Answers where the message went (an SMTP id or a file path). */
  send(message: {
    id: string;
    from: string;
    to: string;
    /** Where replies go (the clinic's address); null: no Reply-To header. */
    replyTo: string | null;
    subject: string;
    text: string;
    html: string;
    ics: string | null;
  }): Promise<string>;
  describe: string;
}

// nodemailer is loaded when the first message goes out, not when the server
// starts (docs/decisions/0023-cold-start.md).
function lazyTransporter(create: (mailer: typeof import("nodemailer")) => Transporter): () => Promise<Transporter> {
  let transporter: Promise<Transporter> | null = null;
  return () => (transporter ??= import("nodemailer").then(create));
}

export function createMailTransport(options: { smtpUrl?: string; dataDir: string }): MailTransport {
  const attachments = (ics: string | null) =>
    ics
      ? {
          icalEvent: { method: ics.includes("METHOD:CANCEL") ? "CANCEL" : "REQUEST", content: ics, filename: "appointment.ics" },
        }
      : {};
  // The same message whichever transport: the .eml file shows what SMTP would send.
  const mailOf = (m: Parameters<MailTransport["send"]>[0]) => ({
    from: m.from,
    to: m.to,
    ...(m.replyTo ? { replyTo: m.replyTo } : {}),
    subject: m.subject,
    text: m.text,
    html: m.html,
    ...attachments(m.ics),
  });
  const smtpUrl = options.smtpUrl;
  if (smtpUrl) {
    const transport = lazyTransporter((mailer) => mailer.createTransport(smtpUrl));
    return {
      describe: "SMTP",
      async send(m) {
        const mailer = await transport();
        const info = await mailer.sendMail(mailOf(m));
        return String(info.messageId ?? "smtp");
      },
    };
  }
  const dir = join(options.dataDir, "outbox");
  const transport = lazyTransporter((mailer) => mailer.createTransport({ streamTransport: true, buffer: true, newline: "windows" }));
  return {
    describe: `files in ${dir}`,
    async send(m) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const mailer = await transport();
      const info = await mailer.sendMail(mailOf(m));
      // Named by message id, so a message re-sent after a crash overwrites itself.
      const path = join(dir, `${m.id}.eml`);
      writeFileSync(path, info.message as Buffer, { mode: 0o600 });
      return path;
    },
  };
}

export interface OutboxWorker {
  /** Deliver now rather than at the next poll. */
  kick(): void;
  /** Delivers whatever is pending, once; resolves when done. */
  drain(): Promise<number>;
  stop(): Promise<void>;
}

type OutboxRow = typeof outboxMessages.$inferSelect;

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Delivers the outbox. Several processes may run one each on one database:
 * a message is claimed under a lease (status 'sending', claimed_by,
 * claimed_until) and only its holder marks it sent or failed. The lease is
 * renewed just before each message goes to the transport, so it only has to
 * outlast one send. A process killed while sending leaves its messages
 * 'sending' until the lease runs out; then another worker (or this one,
 * restarted) claims and sends them.
 *
 * Delivery is exactly once except in one window: between the SMTP server
 * accepting a message and the 'sent' mark being written. A process killed
 * there (or a database that cannot be reached for the mark) sends that
 * message again once its lease runs out. SMTP gives no way to close that
 * window. The file transport is idempotent: a message is written under its
 * id, so a second send overwrites the first. (docs/jobs.md)
 *
 * A failed send is tried again after a back-off (outboxRetryDelayMs), five
 * times in all; a text the provider refused for good is not. A text is sent
 * only while its client still wants texts at that number: one that waited
 * past a STOP or the client turning texts off is failed unsent.
 */
export function startOutboxWorker(options: {
  db: Db;
  transport: MailTransport;
  /** Where texts (channel 'sms') go; without it they wait, pending, for a worker that has one. */
  texts?: TextTransport;
  from: string;
  onError?: (error: unknown, messageId: string) => void;
  pollMs?: number;
  /** How long a claimed message is this worker's alone; it must outlast one send. */
  leaseMs?: number;
  batchSize?: number;
  workerId?: string;
  now?: () => number;
}): OutboxWorker {
  const { db, transport, texts, from } = options;
  const pollMs = options.pollMs ?? OUTBOX_DEFAULTS.pollMs;
  const leaseMs = options.leaseMs ?? OUTBOX_DEFAULTS.leaseMs;
  const batchSize = options.batchSize ?? OUTBOX_DEFAULTS.batchSize;
  const workerId = options.workerId ?? `outbox:${hostname()}:${process.pid}:${crypto.randomUUID().slice(0, 8)}`;
  const now = options.now ?? Date.now;

  async function once(stopped: () => boolean): Promise<number> {
    let sent = 0;
    while (!stopped()) {
      // Pending messages (a failed try's back-off over: a pending row's
      // claimed_until is when it may be tried again), and messages whose
      // sender's lease ran out (it was killed, or rows left 'sending' before
      // leases existed).
      const claimed = rowsOf<Record<string, unknown>>(
        await db.execute(sql`
          UPDATE outbox_messages
          SET status = 'sending', attempts = attempts + 1, claimed_by = ${workerId}, claimed_until = ${iso(now() + leaseMs)}::timestamptz
          WHERE (organization_id, id) IN (
            SELECT organization_id, id FROM outbox_messages
            WHERE status IN ('pending', 'sending')
              AND coalesce(claimed_until, '-infinity'::timestamptz) < ${iso(now())}::timestamptz
              AND (channel = 'email' OR ${texts !== undefined}::boolean)
            ORDER BY created_at LIMIT ${batchSize} FOR UPDATE SKIP LOCKED
          )
          RETURNING id, organization_id, appointment_id, channel, to_address, reply_to, subject, body_text, body_html, ics, attempts`),
      );
      if (claimed.length === 0) return sent;
      for (const row of claimed) {
        if (stopped()) break;
        const id = String(row.id);
        const mine = sql`organization_id = ${String(row.organization_id)} AND id = ${id} AND claimed_by = ${workerId} AND status = 'sending'`;
        // Renewed just before sending, so the lease covers this send; a message
        // whose lease ran out while the batch waited may be another's by now.
        const renewed = rowsOf(
          await db.execute(sql`UPDATE outbox_messages SET claimed_until = ${iso(now() + leaseMs)}::timestamptz WHERE ${mine} RETURNING id`),
        );
        if (renewed.length === 0) continue;
        // A text waits in the outbox; the client may have replied STOP or turned texts off meanwhile.
        if (
          row.channel === "sms" &&
          !(await textStillWanted(db, {
            organizationId: String(row.organization_id),
            appointmentId: (row.appointment_id as string | null) ?? null,
            to: String(row.to_address),
          }))
        ) {
          await db.execute(sql`
            UPDATE outbox_messages
            SET status = 'failed', last_error = 'texts stopped or turned off before sending', claimed_by = NULL, claimed_until = NULL
            WHERE ${mine}`);
          continue;
        }
        try {
          const deliveredTo =
            row.channel === "sms" && texts
              ? await texts.send({ id, to: String(row.to_address), text: String(row.body_text) })
              : await transport.send({
                  id,
                  from,
                  to: String(row.to_address),
                  replyTo: (row.reply_to as string | null) ?? null,
                  subject: String(row.subject),
                  text: String(row.body_text),
                  html: String(row.body_html),
                  ics: (row.ics as string | null) ?? null,
                });
          const marked = rowsOf(
            await db.execute(sql`
              UPDATE outbox_messages
              SET status = 'sent', sent_at = ${iso(now())}::timestamptz, delivered_to = ${deliveredTo}, last_error = NULL,
                  claimed_by = NULL, claimed_until = NULL
              WHERE ${mine} RETURNING id`),
          );
          if (marked.length > 0) sent++;
        } catch (error) {
          const attempts = Number(row.attempts);
          // Refused for good (the number opted out with the provider, or is not a mobile): not retried.
          const refused = error instanceof TextRefusedError;
          if (refused && error.optedOut) await stopTextsToNumber(db, { mobile: String(row.to_address), now: now() }).catch(() => 0);
          const final = refused || attempts >= OUTBOX_DEFAULTS.maxAttempts;
          await db.execute(sql`
            UPDATE outbox_messages
            SET status = ${final ? "failed" : "pending"},
                last_error = ${error instanceof Error ? error.message.slice(0, 500) : "delivery failed"},
                claimed_by = NULL,
                claimed_until = ${final ? null : iso(now() + outboxRetryDelayMs(attempts))}::timestamptz
            WHERE ${mine}`);
          options.onError?.(error, id);
        }
      }
    }
    return sent;
  }

  return startPollLoop({
    pass: once,
    failed: (error) => {
      options.onError?.(error, "");
      return 0;
    },
    pollMs,
  });
}

export type { OutboxRow };
