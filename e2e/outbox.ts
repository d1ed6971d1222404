// The e-mails a test server wrote to its outbox folder (no SMTP in the tests):
// each .eml file decoded, so a test reads what the client would read.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

export interface OutboxMail {
  subject: string;
  /** Every MIME part (text, HTML, calendar) decoded from quoted-printable or base64, joined. */
  body: string;
}

/** RFC 2047 encoded words (=?UTF-8?B?…?= and =?UTF-8?Q?…?=) in a header, decoded. */
function decodeHeader(value: string): string {
  return value.replace(/\?=\s+=\?/g, "?==?").replace(/=\?utf-8\?([BQ])\?([^?]*)\?=/gi, (_, enc: string, text: string) =>
    enc.toUpperCase() === "B"
      ? Buffer.from(text, "base64").toString("utf8")
      : Buffer.from(
          text.replace(/_/g, " ").replace(/=([0-9A-Fa-f]{2})/g, (__, h: string) => String.fromCharCode(Number.parseInt(h, 16))),
          "latin1",
        ).toString("utf8"),
  );
}

/** One .eml file: its subject, and each MIME part decoded and joined. */
export function decodeEml(raw: string): OutboxMail {
  const subject = decodeHeader(/^Subject: (.*(?:\r?\n[ \t].*)*)/im.exec(raw)?.[1]?.replace(/\r?\n[ \t]/g, " ") ?? "");
  const body = raw
    .split(/\r?\n--[^\r\n]+\r?\n/)
    .map((part) => {
      const [head, ...rest] = part.split(/\r?\n\r?\n/);
      const text = rest.join("\n\n");
      const encoding = /content-transfer-encoding:\s*([\w-]+)/i.exec(head ?? "")?.[1]?.toLowerCase();
      if (encoding === "base64") return Buffer.from(text.replace(/\s+/g, ""), "base64").toString("utf8");
      if (encoding === "quoted-printable") {
        return Buffer.from(
          text.replace(/=\r?\n/g, "").replace(/=([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16))),
          "latin1",
        ).toString("utf8");
      }
      return part;
    })
    .join("\n");
  return { subject, body };
}

/** The e-mails in a server's outbox (`DATA_DIR/outbox`) to one address, oldest first. */
export function outboxMailsTo(dataDir: string, address: string): OutboxMail[] {
  const dir = join(dataDir, "outbox");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".eml"))
    .map((f) => ({ path: join(dir, f), at: statSync(join(dir, f)).mtimeMs }))
    .sort((a, b) => a.at - b.at)
    .map((f) => readFileSync(f.path, "utf8"))
    .filter((raw) => new RegExp(`^To: .*${address.replace(/[.]/g, "\\.")}`, "im").test(raw))
    .map(decodeEml);
}
