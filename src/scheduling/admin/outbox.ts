// The outbox (e-mails and texts), read-only: what was sent or is waiting, with the links
// in the messages made unusable for the staff who read them.
import { and, desc, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/open.ts";
import { outboxMessages } from "../../db/schema.ts";
import { NotFoundError } from "../../kernel/errors.ts";
import { isUuid } from "../../kernel/ids.ts";
import { requireView, type AdminScope } from "./access.ts";
import { clinicTimeZone } from "../clinic.ts";

export type OutboxListItem = Pick<
  typeof outboxMessages.$inferSelect,
  "id" | "kind" | "channel" | "toAddress" | "subject" | "status" | "attempts" | "appointmentId" | "lastError"
> & { createdAt: number; sentAt: number | null };

export const OUTBOX_PAGE_SIZE = 50;

/** Newest first, a page at a time. */
export async function listOutboxMessages(
  db: DbOrTx,
  o: AdminScope & { page?: number },
): Promise<{ messages: OutboxListItem[]; page: number; hasMore: boolean; timeZone: string }> {
  requireView(o);
  const page = Number.isSafeInteger(o.page) && o.page! >= 1 ? Math.min(o.page!, 10_000) : 1;
  const rows = await db
    .select({
      id: outboxMessages.id,
      kind: outboxMessages.kind,
      channel: outboxMessages.channel,
      toAddress: outboxMessages.toAddress,
      subject: outboxMessages.subject,
      status: outboxMessages.status,
      attempts: outboxMessages.attempts,
      appointmentId: outboxMessages.appointmentId,
      lastError: outboxMessages.lastError,
      createdAt: outboxMessages.createdAt,
      sentAt: outboxMessages.sentAt,
    })
    .from(outboxMessages)
    .where(eq(outboxMessages.organizationId, o.organizationId))
    .orderBy(desc(outboxMessages.createdAt), desc(outboxMessages.id))
    .limit(OUTBOX_PAGE_SIZE + 1)
    .offset((page - 1) * OUTBOX_PAGE_SIZE);
  return {
    messages: rows.slice(0, OUTBOX_PAGE_SIZE).map((r) => ({ ...r, createdAt: r.createdAt.getTime(), sentAt: r.sentAt?.getTime() ?? null })),
    page,
    hasMore: rows.length > OUTBOX_PAGE_SIZE,
    timeZone: await clinicTimeZone(db, o.organizationId),
  };
}

export type OutboxMessage = Omit<typeof outboxMessages.$inferSelect, "createdAt" | "sentAt"> & {
  createdAt: number;
  sentAt: number | null;
};

/**
 * Links in e-mails act for their recipient (manage, sign-in and invitation
 * links): staff reading the outbox see where a link went, never a usable one.
 */
export function redactLinkTokens(text: string): string {
  return text
    .replace(/\r\n[ \t]/g, "")
    .replace(/([?&](?:amp;)?token=)[A-Za-z0-9_-]+/g, "$1[hidden]")
    .replace(/(\/invite\/)[A-Za-z0-9_-]+/g, "$1[hidden]");
}

export async function getOutboxMessage(db: DbOrTx, o: AdminScope & { id: string }): Promise<{ message: OutboxMessage; timeZone: string }> {
  requireView(o);
  if (!isUuid(o.id)) throw new NotFoundError("That message");
  const [row] = await db
    .select()
    .from(outboxMessages)
    .where(and(eq(outboxMessages.organizationId, o.organizationId), eq(outboxMessages.id, o.id)))
    .limit(1);
  if (!row) throw new NotFoundError("That message");
  return {
    message: {
      ...row,
      bodyText: redactLinkTokens(row.bodyText),
      bodyHtml: redactLinkTokens(row.bodyHtml),
      ics: row.ics === null ? null : redactLinkTokens(row.ics),
      createdAt: row.createdAt.getTime(),
      sentAt: row.sentAt?.getTime() ?? null,
    },
    timeZone: await clinicTimeZone(db, o.organizationId),
  };
}
