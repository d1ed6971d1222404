// Text messages (docs/texts.md): appointment reminders and check-in links by
// SMS, for clients who gave a mobile number and agreed to texts in their
// account. A text is a line and a link: it never names a treatment, a
// condition, an answer or anything else about the client's health, because
// a phone's lock screen shows it to whoever holds the phone.
//
// Texts go through the outbox beside e-mails (channel 'sms'), so they are
// written in the transaction that caused them and sent exactly once by the
// same leased worker (docs/jobs.md). The transport speaks the Messages API of
// Twilio (form-encoded POST, HTTP Basic with the account SID and auth token),
// at a base URL the deployment sets, so tests run against a local stub. With
// no provider configured, texts are written to the outbox folder as e-mails
// are.
//
// STOP: the provider posts the client's replies to /webhooks/sms, signed with
// the auth token; a STOP (or ARRET, UNSUBSCRIBE, CANCEL, END, QUIT, STOPALL)
// from a number stops every text to it at once, START (or UNSTOP, YES, or
// agreeing again in the account) resumes them. A send the provider refuses
// because the number has opted out (error 21610) stops that number too.
import { createHmac, timingSafeEqual } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { and, eq, isNotNull, isNull } from "drizzle-orm";
import { recordAuditEvent } from "../audit/audit-log.ts";
import { CLIENT_INTL_LOCALE, clientLocaleOf, type ClientLocale } from "../clients/locale.ts";
import type { DbOrTx } from "../db/open.ts";
import { appointments, clients, outboxMessages } from "../db/schema.ts";
import { FieldError, NotFoundError } from "../kernel/errors.ts";
import { Temporal } from "temporal-polyfill";

// ---------------------------------------------------------------------------
// Mobile numbers

/**
 * A mobile number in E.164 (+15195550123), or null when it cannot be one.
 * A number without a country code is read as North American (the clinic is
 * in Ontario): ten digits, or eleven starting with 1, area code and exchange
 * not starting with 0 or 1. A number with "+" keeps its country code: 8 to 15
 * digits in all (ITU-T E.164).
 */
export function normalizeMobile(input: string): string | null {
  const trimmed = input.trim();
  if (trimmed === "" || trimmed.length > 32 || !/^\+?[\d\s().\-]+$/.test(trimmed)) return null;
  const digits = trimmed.replace(/\D/g, "");
  if (trimmed.startsWith("+")) {
    if (!/^[1-9]\d{7,14}$/.test(digits)) return null;
    if (digits.startsWith("1")) return validNanp(digits.slice(1)) ? `+${digits}` : null;
    return `+${digits}`;
  }
  const national = digits.length === 11 && digits.startsWith("1") ? digits.slice(1) : digits;
  return validNanp(national) ? `+1${national}` : null;
}

function validNanp(ten: string): boolean {
  return /^[2-9]\d{2}[2-9]\d{6}$/.test(ten);
}

/** "+15195550123" → "(519) 555-0123"; any other country as given. */
export function displayMobile(e164: string): string {
  const m = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  return m ? `(${m[1]}) ${m[2]}-${m[3]}` : e164;
}

/** The last four digits, for a page that confirms a number without showing it. */
export function mobileEnding(e164: string): string {
  return e164.slice(-4);
}

// ---------------------------------------------------------------------------
// The client's agreement

export interface TextPreference {
  /** The number texts go to, E.164; null when none was given. */
  mobile: string | null;
  agreedAt: number | null;
  /** When the client replied STOP; texts wait until they reply START or agree again. */
  stoppedAt: number | null;
  /** Whether a text would go now. */
  active: boolean;
}

type ClientRef = { organizationId: string; clientId: string };

export async function getTextPreference(db: DbOrTx, client: ClientRef): Promise<TextPreference> {
  const [row] = await db
    .select({ mobile: clients.textMobile, agreedAt: clients.textsAgreedAt, stoppedAt: clients.textsStoppedAt, phone: clients.phone })
    .from(clients)
    .where(and(eq(clients.id, client.clientId), eq(clients.organizationId, client.organizationId)));
  if (!row) return { mobile: null, agreedAt: null, stoppedAt: null, active: false };
  return {
    mobile: row.mobile,
    agreedAt: row.agreedAt?.getTime() ?? null,
    stoppedAt: row.stoppedAt?.getTime() ?? null,
    active: row.mobile !== null && row.agreedAt !== null && row.stoppedAt === null,
  };
}

/** The phone the client booked with, as a suggestion for the texts form (never agreed to on their behalf). */
export async function suggestedMobile(db: DbOrTx, client: ClientRef): Promise<string | null> {
  const [row] = await db
    .select({ phone: clients.phone })
    .from(clients)
    .where(and(eq(clients.id, client.clientId), eq(clients.organizationId, client.organizationId)));
  return row?.phone ? normalizeMobile(row.phone) : null;
}

export type TextMessages = Record<"mobileRequired" | "mobileInvalid" | "agreeRequired", string>;

/**
 * The client agrees to texts at a number, in their own account. Agreeing
 * again after a STOP resumes texts (the client asked for them, in writing).
 * Audited with the last four digits only.
 */
export async function agreeToTexts(
  db: DbOrTx,
  input: ClientRef & { mobile: string; agreed: boolean; now: number; messages: TextMessages },
): Promise<TextPreference> {
  const errors: Record<string, string> = {};
  const mobile = normalizeMobile(input.mobile);
  if (input.mobile.trim() === "") errors.mobile = input.messages.mobileRequired;
  else if (!mobile) errors.mobile = input.messages.mobileInvalid;
  if (!input.agreed) errors.agree = input.messages.agreeRequired;
  if (Object.keys(errors).length > 0 || !mobile) throw new FieldError(errors);
  const at = new Date(input.now);
  const changed = await db
    .update(clients)
    .set({ textMobile: mobile, textsAgreedAt: at, textsStoppedAt: null })
    .where(and(eq(clients.id, input.clientId), eq(clients.organizationId, input.organizationId)))
    .returning({ id: clients.id });
  // No such client of this clinic: nothing agreed, nothing to audit.
  if (changed.length === 0) throw new NotFoundError("The client");
  await recordAuditEvent(db, {
    organizationId: input.organizationId,
    actor: { type: "client", id: input.clientId },
    action: "client.texts-agree",
    entityType: "client",
    entityId: input.clientId,
    details: { ending: mobileEnding(mobile) },
  });
  return getTextPreference(db, input);
}

/** The client turns texts off in their account: the number is forgotten with the agreement. */
export async function withdrawFromTexts(db: DbOrTx, input: ClientRef & { now: number }): Promise<void> {
  const before = await getTextPreference(db, input);
  if (!before.mobile && !before.agreedAt) return;
  await db
    .update(clients)
    .set({ textMobile: null, textsAgreedAt: null, textsStoppedAt: null })
    .where(and(eq(clients.id, input.clientId), eq(clients.organizationId, input.organizationId)));
  await recordAuditEvent(db, {
    organizationId: input.organizationId,
    actor: { type: "client", id: input.clientId },
    action: "client.texts-withdraw",
    entityType: "client",
    entityId: input.clientId,
  });
}

// ---------------------------------------------------------------------------
// Replies from the client's phone

/** Replies that stop texts: the provider's standard opt-out words, and ARRET (ARRÊT), the French one Canadian carriers honour. */
export const STOP_WORDS = ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "ARRET", "ARRÊT", "OPTOUT", "OPT-OUT", "REVOKE"] as const;
/** Replies that resume them. */
export const START_WORDS = ["START", "UNSTOP", "YES"] as const;

export function replyKeyword(body: string): "stop" | "start" | null {
  // A keyword is the whole reply, in any case, with punctuation around it ("Stop.", " STOP "),
  // accents or not however the phone composed them (ARRÊT as one character or as E and a circumflex).
  const word = body
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .trim()
    .toUpperCase()
    .replace(/^[^\p{L}]+|[^\p{L}]+$/gu, "");
  if ((STOP_WORDS as readonly string[]).includes(word)) return "stop";
  if ((START_WORDS as readonly string[]).includes(word)) return "start";
  return null;
}

/**
 * A reply from a mobile number: STOP stops texts to that number for every
 * client who gave it (one phone may be a family's), START resumes them for
 * those who had agreed. Anything else changes nothing. The reply's words are
 * never stored or logged: a client may answer a reminder with anything.
 * Answers how many clients it changed.
 */
export async function receiveTextReply(db: DbOrTx, input: { from: string; body: string; now: number }): Promise<number> {
  const keyword = replyKeyword(input.body);
  const mobile = normalizeMobile(input.from);
  if (!keyword || !mobile) return 0;
  return stopOrStart(db, { mobile, keyword, now: input.now, via: "reply" });
}

async function stopOrStart(
  db: DbOrTx,
  input: { mobile: string; keyword: "stop" | "start"; now: number; via: "reply" | "provider" },
): Promise<number> {
  const holders = await db
    .select({ id: clients.id, organizationId: clients.organizationId, stoppedAt: clients.textsStoppedAt })
    .from(clients)
    .where(and(eq(clients.textMobile, input.mobile), isNotNull(clients.textsAgreedAt)));
  let changed = 0;
  for (const h of holders) {
    const stopped = h.stoppedAt !== null;
    if ((input.keyword === "stop") === stopped) continue;
    await db
      .update(clients)
      .set({ textsStoppedAt: input.keyword === "stop" ? new Date(input.now) : null })
      .where(eq(clients.id, h.id));
    await recordAuditEvent(db, {
      organizationId: h.organizationId,
      actor: { type: "system", id: null },
      action: input.keyword === "stop" ? "client.texts-stop" : "client.texts-start",
      entityType: "client",
      entityId: h.id,
      details: { source: input.via === "reply" ? "text reply" : "provider refusal" },
    });
    changed++;
  }
  return changed;
}

/**
 * Whether a text waiting in the outbox may still go: its client (the
 * appointment's, when it has one; else anyone of the clinic at that number)
 * has agreed to texts at that number and not stopped them since it was written.
 */
export async function textStillWanted(
  db: DbOrTx,
  o: { organizationId: string; appointmentId: string | null; to: string },
): Promise<boolean> {
  let clientId: string | null = null;
  if (o.appointmentId) {
    const [a] = await db
      .select({ clientId: appointments.clientId })
      .from(appointments)
      .where(and(eq(appointments.id, o.appointmentId), eq(appointments.organizationId, o.organizationId)));
    clientId = a?.clientId ?? null;
  }
  const holders = await db
    .select({ id: clients.id })
    .from(clients)
    .where(
      and(
        eq(clients.organizationId, o.organizationId),
        eq(clients.textMobile, o.to),
        isNotNull(clients.textsAgreedAt),
        isNull(clients.textsStoppedAt),
        clientId ? eq(clients.id, clientId) : undefined,
      ),
    )
    .limit(1);
  return holders.length > 0;
}

/** The provider refused a send because the number opted out with it: the same as a STOP. */
export async function stopTextsToNumber(db: DbOrTx, input: { mobile: string; now: number }): Promise<number> {
  return stopOrStart(db, { mobile: input.mobile, keyword: "stop", now: input.now, via: "provider" });
}

// ---------------------------------------------------------------------------
// Writing texts

/**
 * Puts a text into the outbox for a client, in the transaction of what caused
 * it, when they have agreed to texts and not stopped them. Answers whether one
 * was queued.
 */
export async function enqueueTextFor(
  tx: DbOrTx,
  input: ClientRef & { appointmentId: string | null; kind: string; compose: (locale: ClientLocale) => string },
): Promise<boolean> {
  const [row] = await tx
    .select({
      mobile: clients.textMobile,
      agreedAt: clients.textsAgreedAt,
      stoppedAt: clients.textsStoppedAt,
      locale: clients.preferredLocale,
    })
    .from(clients)
    .where(and(eq(clients.id, input.clientId), eq(clients.organizationId, input.organizationId)));
  if (!row?.mobile || !row.agreedAt || row.stoppedAt) return false;
  await tx.insert(outboxMessages).values({
    organizationId: input.organizationId,
    appointmentId: input.appointmentId,
    kind: input.kind,
    channel: "sms",
    toAddress: row.mobile,
    subject: "",
    bodyText: input.compose(clientLocaleOf(row.locale)),
    bodyHtml: "",
    ics: null,
  });
  return true;
}

const TEXT_COPY: Record<
  ClientLocale,
  { reminder: (clinic: string, when: string, url: string) => string; checkin: (clinic: string, url: string) => string; stop: string }
> = {
  en: {
    reminder: (clinic, when, url) => `${clinic}: a reminder of your appointment on ${when}. To change or cancel: ${url}`,
    checkin: (clinic, url) => `${clinic}: how are you doing since your visit? One minute in your account: ${url}`,
    stop: "Reply STOP to stop texts.",
  },
  fr: {
    reminder: (clinic, when, url) => `${clinic}\u00a0: rappel de votre rendez-vous le ${when}. Pour le modifier ou l'annuler\u00a0: ${url}`,
    checkin: (clinic, url) => `${clinic}\u00a0: comment allez-vous depuis votre visite\u00a0? Une minute dans votre compte\u00a0: ${url}`,
    stop: "Répondez ARRET pour ne plus recevoir de textos.",
  },
};

/** "Tue., Dec. 8, 2:00 p.m." in the clinic's zone: short, for a phone's screen. */
export function textWhen(start: number, timeZone: string, locale: ClientLocale): string {
  return Temporal.Instant.fromEpochMilliseconds(start)
    .toZonedDateTimeISO(timeZone)
    .toLocaleString(CLIENT_INTL_LOCALE[locale], { weekday: "short", month: "short", day: "numeric", hour: "numeric", minute: "2-digit" });
}

/** The reminder text: the clinic, the time and the manage link. No service, no practitioner, nothing of the visit's purpose. */
export function composeReminderText(m: {
  clinicName: string;
  start: number;
  timeZone: string;
  manageUrl: string;
  locale: ClientLocale;
}): string {
  const copy = TEXT_COPY[m.locale];
  return `${copy.reminder(m.clinicName, textWhen(m.start, m.timeZone, m.locale), m.manageUrl)} ${copy.stop}`;
}

/** The check-in text: the clinic and a link into the account. */
export function composeCheckinText(m: { clinicName: string; url: string; locale: ClientLocale }): string {
  const copy = TEXT_COPY[m.locale];
  return `${copy.checkin(m.clinicName, m.url)} ${copy.stop}`;
}

// ---------------------------------------------------------------------------
// Sending

/** The SMS provider, from the environment (docs/texts.md); absent: texts go to files. */
export interface SmsProviderConfig {
  /** The Messages API's base, e.g. https://api.twilio.com (a local stub in tests). */
  baseUrl: string;
  accountSid: string;
  authToken: string;
  /** The clinic's sending number (E.164), or a messaging service SID (MG…). */
  from: string;
}

export interface TextTransport {
  /** Answers where the text went (the provider's message SID, or a file path). */
  send(message: { id: string; to: string; text: string }): Promise<string>;
  describe: string;
}

/** A send the provider refused for good: retrying cannot help (the number opted out, or is not a mobile). */
export class TextRefusedError extends Error {
  readonly code: number | null;
  readonly optedOut: boolean;
  constructor(message: string, code: number | null, optedOut: boolean) {
    super(message);
    this.name = "TextRefusedError";
    this.code = code;
    this.optedOut = optedOut;
  }
}

/** The provider's error codes that mean "this number opted out of your texts" (Twilio 21610). */
const OPTED_OUT_CODES = new Set([21610]);
/**
 * 4xx answers that are not about the text: the account's credentials or
 * address (401, 403, 404: fixed in the settings, then the text can go),
 * a timeout (408) and throttling (429). Tried again; any other 4xx refuses
 * the text for good.
 */
const RETRIED_4XX = new Set([401, 403, 404, 408, 429]);

export function createTextTransport(options: { provider?: SmsProviderConfig; dataDir: string; fetch?: typeof fetch }): TextTransport {
  const provider = options.provider;
  if (provider) {
    const doFetch = options.fetch ?? fetch;
    const url = `${provider.baseUrl.replace(/\/$/, "")}/2010-04-01/Accounts/${encodeURIComponent(provider.accountSid)}/Messages.json`;
    const authorization = `Basic ${Buffer.from(`${provider.accountSid}:${provider.authToken}`).toString("base64")}`;
    return {
      describe: `SMS via ${new URL(provider.baseUrl).host}`,
      async send(m) {
        const body = new URLSearchParams({ To: m.to, Body: m.text });
        body.set(provider.from.startsWith("MG") ? "MessagingServiceSid" : "From", provider.from);
        const response = await doFetch(url, {
          method: "POST",
          headers: { authorization, "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
          body: body.toString(),
          signal: AbortSignal.timeout(15_000),
        });
        const answer = (await response.json().catch(() => ({}))) as { sid?: unknown; code?: unknown; message?: unknown };
        // Accepted: sent, even without the SID we expected (trying again would send it twice).
        if (response.ok) return typeof answer.sid === "string" ? answer.sid : `SMS provider ${response.status}`;
        const code = typeof answer.code === "number" ? answer.code : null;
        // Never the text or the number in the error: it goes to logs.
        const what = `the SMS provider answered ${response.status}${code ? ` (error ${code})` : ""}`;
        if (response.status >= 400 && response.status < 500 && !RETRIED_4XX.has(response.status)) {
          throw new TextRefusedError(what, code, code !== null && OPTED_OUT_CODES.has(code));
        }
        throw new Error(what);
      },
    };
  }
  const dir = join(options.dataDir, "outbox");
  return {
    describe: `files in ${dir}`,
    async send(m) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      // Named by message id, so a text re-sent after a crash overwrites itself.
      const path = join(dir, `${m.id}.sms.txt`);
      writeFileSync(path, `To: ${m.to}\n\n${m.text}\n`, { mode: 0o600 });
      return path;
    },
  };
}

// ---------------------------------------------------------------------------
// The provider's signature on the replies it posts

/**
 * Whether a request the provider posted carries its signature: base64 of
 * HMAC-SHA1, keyed with the auth token, over the full URL it posted to and
 * each form field's name and value, sorted by name (Twilio's
 * X-Twilio-Signature). Compared in constant time.
 */
export function validProviderSignature(o: {
  authToken: string;
  url: string;
  params: Record<string, string>;
  signature: string | null;
}): boolean {
  if (!o.signature) return false;
  const expected = providerSignature(o.authToken, o.url, o.params);
  const a = Buffer.from(expected);
  const b = Buffer.from(o.signature);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function providerSignature(authToken: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, key) => acc + key + params[key], url);
  return createHmac("sha1", authToken).update(data, "utf8").digest("base64");
}
