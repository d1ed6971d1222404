/** What both outbox screens show of a message, its times written by `when`. */
export function outboxMessageFields(
  m: {
    id: string;
    toAddress: string;
    subject: string;
    channel: "email" | "sms";
    kind: string;
    attempts: number;
    createdAt: number;
    sentAt: number | null;
    lastError: string | null;
  },
  when: (ms: number) => string,
) {
  return {
    id: m.id,
    to: m.toAddress,
    // A text has no subject: it is named by what it is.
    subject: m.channel === "sms" ? "Text message" : m.subject,
    isText: m.channel === "sms",
    kind: m.kind,
    attempts: m.attempts,
    created: when(m.createdAt),
    sent: m.sentAt === null ? null : when(m.sentAt),
    lastError: m.lastError,
  };
}
