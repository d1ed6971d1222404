// Messages are written to outbox_messages inside the transaction that caused
// them and delivered afterwards, so a rolled-back booking sends nothing and a
// committed one is not forgotten if the process dies before sending.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { eq, sql } from "drizzle-orm";
import type { Transporter } from "nodemailer";
import type { Db, DbOrTx } from "../db/open.ts";
import { rowsOf } from "../db/open.ts";
import { outboxMessages } from "../db/schema.ts";
import type { ComposedMessage } from "./booking-messages.ts";

export const OUTBOX_DEFAULTS = { pollMs: 2000, batchSize: 10, maxAttempts: 5 };

export async function enqueueMessage(
  tx: DbOrTx,
  input: { organizationId: string; appointmentId: string | null; kind: string; message: ComposedMessage },
): Promise<void> {
  await tx.insert(outboxMessages).values({
    organizationId: input.organizationId,
    appointmentId: input.appointmentId,
    kind: input.kind,
    toAddress: input.message.to,
    subject: input.message.subject,
    bodyText: input.message.text,
    bodyHtml: input.message.html,
    ics: input.message.ics,
  });
}

export interface MailTransport {
  /** Answers where the message went (an SMTP id or a file path). */
  send(message: { id: string; from: string; to: string; subject: string; text: string; html: string; ics: string | null }): Promise<string>;
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
  const smtpUrl = options.smtpUrl;
  if (smtpUrl) {
    const transport = lazyTransporter((mailer) => mailer.createTransport(smtpUrl));
    return {
      describe: "SMTP",
      async send(m) {
        const mailer = await transport();
        const info = await mailer.sendMail({
          from: m.from,
          to: m.to,
          subject: m.subject,
          text: m.text,
          html: m.html,
          ...attachments(m.ics),
        });
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
      const info = await mailer.sendMail({ from: m.from, to: m.to, subject: m.subject, text: m.text, html: m.html, ...attachments(m.ics) });
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

export function startOutboxWorker(options: {
  db: Db;
  transport: MailTransport;
  from: string;
  onError?: (error: unknown, messageId: string) => void;
  pollMs?: number;
}): OutboxWorker {
  const { db, transport, from } = options;
  const pollMs = options.pollMs ?? OUTBOX_DEFAULTS.pollMs;
  let running: Promise<number> | null = null;
  let stopped = false;
  let again = false;

  async function recover() {
    // A message left "sending" by a killed process is sent again.
    await db.update(outboxMessages).set({ status: "pending" }).where(eq(outboxMessages.status, "sending"));
  }

  async function once(): Promise<number> {
    let sent = 0;
    for (;;) {
      const claimed = rowsOf<Record<string, unknown>>(
        await db.execute(sql`
          UPDATE outbox_messages SET status = 'sending', attempts = attempts + 1
          WHERE id IN (
            SELECT id FROM outbox_messages WHERE status = 'pending'
            ORDER BY created_at LIMIT ${OUTBOX_DEFAULTS.batchSize} FOR UPDATE SKIP LOCKED
          )
          RETURNING id, to_address, subject, body_text, body_html, ics, attempts`),
      );
      if (claimed.length === 0) return sent;
      for (const row of claimed) {
        const id = String(row.id);
        try {
          const deliveredTo = await transport.send({
            id,
            from,
            to: String(row.to_address),
            subject: String(row.subject),
            text: String(row.body_text),
            html: String(row.body_html),
            ics: (row.ics as string | null) ?? null,
          });
          await db
            .update(outboxMessages)
            .set({ status: "sent", sentAt: new Date(), deliveredTo, lastError: null })
            .where(eq(outboxMessages.id, id));
          sent++;
        } catch (error) {
          const attempts = Number(row.attempts);
          await db
            .update(outboxMessages)
            .set({
              status: attempts >= OUTBOX_DEFAULTS.maxAttempts ? "failed" : "pending",
              lastError: error instanceof Error ? error.message.slice(0, 500) : "delivery failed",
            })
            .where(eq(outboxMessages.id, id));
          options.onError?.(error, id);
        }
      }
    }
  }

  function run(): Promise<number> {
    if (running) {
      again = true;
      return running;
    }
    running = once()
      .catch((error) => {
        options.onError?.(error, "");
        return 0;
      })
      .finally(() => {
        running = null;
        if (again && !stopped) {
          again = false;
          void run();
        }
      });
    return running;
  }

  const ready = recover().catch((error) => options.onError?.(error, ""));
  const timer = setInterval(() => void ready.then(run), pollMs);
  timer.unref();

  return {
    kick: () => void ready.then(run),
    drain: async () => {
      await ready;
      if (running) await running;
      return run();
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (running) await running;
    },
  };
}

export type { OutboxRow };
