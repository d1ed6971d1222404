// Text messages (src/notifications/texts.ts, docs/texts.md) on the test
// database (PGlite, or PostgreSQL when TEST_DATABASE_URL is set): numbers
// read as E.164, STOP and START words, the client's agreement (audited with
// four digits at most), replies that stop or resume every client holding a
// number, texts queued only for clients who want them, the provider's
// signature on replies (Twilio's published vectors), and the outbox worker
// sending texts through a stub of the provider's Messages API on 127.0.0.1:
// once, marked with the provider's SID; refused for good without retry (and
// an opt-out refusal stops the number); a 5xx tried again after a back-off;
// a text that waited past a STOP not sent at all. The reminder and check-in
// texts are tested with their handlers (reminders.test.ts, checkins.test.ts).
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../db/open.ts";
import { auditEvents, clients, outboxMessages } from "../db/schema.ts";
import { testDatabaseKind } from "../db/testing.ts";
import { FieldError, NotFoundError } from "../kernel/errors.ts";
import { addAppointment, addClient } from "../privacy/test-fixtures.ts";
import { createClinicFixture, type ClinicFixture } from "../scheduling/test-fixtures.ts";
import { removeFolder, trackFolder } from "../testing/cleanup.ts";
import { createMailTransport, enqueueMessage, outboxRetryDelayMs, startOutboxWorker, type OutboxWorker } from "./outbox.ts";
import {
  agreeToTexts,
  composeCheckinText,
  composeReminderText,
  createTextTransport,
  displayMobile,
  enqueueTextFor,
  getTextPreference,
  mobileEnding,
  normalizeMobile,
  providerSignature,
  receiveTextReply,
  replyKeyword,
  suggestedMobile,
  TextRefusedError,
  textStillWanted,
  validProviderSignature,
  withdrawFromTexts,
  type SmsProviderConfig,
  type TextMessages,
} from "./texts.ts";

const MESSAGES: TextMessages = { mobileRequired: "Enter a number", mobileInvalid: "Not a mobile number", agreeRequired: "Tick the box" };
const NOW = Date.parse("2027-03-01T15:00:00Z");

describe("mobile numbers", () => {
  it("reads Canadian numbers in every usual writing as +1 and ten digits", () => {
    for (const written of [
      "519-555-0123",
      "(519) 555-0123",
      "519.555.0123",
      "5195550123",
      " 519 555 0123 ",
      "15195550123",
      "1-519-555-0123",
      "1 (519) 555-0123",
      "+1 519 555 0123",
      "+1 (519) 555-0123",
      "+15195550123",
    ]) {
      expect(normalizeMobile(written), written).toBe("+15195550123");
    }
    expect(normalizeMobile("604 555 0199")).toBe("+16045550199");
  });

  it("refuses area codes and exchanges that start with 0 or 1, and the wrong number of digits", () => {
    for (const bad of [
      "019-555-0123",
      "119-555-0123",
      "519-055-0123",
      "519-155-0123",
      "+1 019 555 0123",
      "+1 519 155 0123",
      "519-555-012",
      "519-555-01234",
      "25195550123",
      "+1 519 555 01234",
    ]) {
      expect(normalizeMobile(bad), bad).toBeNull();
    }
  });

  it("keeps another country's code after +, from 8 to 15 digits", () => {
    expect(normalizeMobile("+44 20 7946 0958")).toBe("+442079460958");
    expect(normalizeMobile("+33 6 12 34 56 78")).toBe("+33612345678");
    expect(normalizeMobile("+49 1512 3456789")).toBe("+4915123456789");
    expect(normalizeMobile("+12345678")).toBeNull(); // +1 must be North American
    expect(normalizeMobile("+4412345")).toBeNull(); // 7 digits
    expect(normalizeMobile("+44123456")).toBe("+44123456"); // 8 digits
    expect(normalizeMobile("+441234567890123")).toBe("+441234567890123"); // 15 digits
    expect(normalizeMobile("+4412345678901234")).toBeNull(); // 16 digits
    expect(normalizeMobile("+0 44 20 7946 0958")).toBeNull();
    // Without +, a number is North American or nothing.
    expect(normalizeMobile("442079460958")).toBeNull();
    expect(normalizeMobile("0044 20 7946 0958")).toBeNull();
  });

  it("refuses junk and what is too long to be a number", () => {
    for (const junk of [
      "",
      "   ",
      "abc",
      "519-555-CALL",
      "519 555 0123 ext 4",
      "519-555-0123;",
      "+",
      "++15195550123",
      "519+555+0123",
      "519-555-0123+",
      "tel:+15195550123",
      "5".repeat(33),
      // Spaces count: 33 characters in all is too long, 32 is not.
      `(519)${" ".repeat(20)}555-0123`,
    ]) {
      expect(normalizeMobile(junk), JSON.stringify(junk)).toBeNull();
    }
    expect(normalizeMobile(`(519)${" ".repeat(19)}555-0123`)).toBe("+15195550123");
  });

  it("shows a North American number the usual way and any other as stored; the ending is its last four digits", () => {
    expect(displayMobile("+15195550123")).toBe("(519) 555-0123");
    expect(displayMobile("+442079460958")).toBe("+442079460958");
    expect(mobileEnding("+15195550123")).toBe("0123");
  });
});

describe("STOP and START replies", () => {
  it("knows the stop words in any case, with punctuation and spaces around them, ARRET with or without its accent", () => {
    for (const reply of [
      "STOP",
      "stop",
      "Stop",
      "stop.",
      " STOP ",
      "Stop!",
      "¡stop!",
      "STOPALL",
      "unsubscribe",
      "Cancel",
      "END",
      "quit",
      "OptOut",
      "opt-out",
      "revoke",
    ]) {
      expect(replyKeyword(reply), reply).toBe("stop");
    }
    for (const reply of ["ARRET", "arret", " Arrêt ", "ARRÊT", "arrêt.", "arre\u0302t", "ARRE\u0302T"]) {
      expect(replyKeyword(reply), reply).toBe("stop");
    }
  });

  it("knows the start words; anything else is nothing", () => {
    for (const reply of ["START", "start", " Start. ", "UNSTOP", "yes", "Yes!"]) expect(replyKeyword(reply), reply).toBe("start");
    for (const reply of [
      "",
      "  ",
      "Stop please",
      "please stop",
      "STOP STOP",
      "stopp",
      "st op",
      "OK",
      "thanks",
      "no",
      "S T O P",
      "🛑",
      "1",
    ]) {
      expect(replyKeyword(reply), reply).toBeNull();
    }
  });
});

describe("the provider's signature (X-Twilio-Signature)", () => {
  // Twilio's worked example (twilio.com/docs/usage/security, and twilio-node's
  // tests): auth token 12345, this URL, these fields. The docs have printed it
  // with two pairs of numbers over the years; each pair has its signature.
  const url = "https://mycompany.com/myapp.php?foo=1&bar=2";
  const fields = (caller: string) => ({ CallSid: "CA1234567890ABCDE", Caller: caller, Digits: "1234", From: caller, To: "+18005551212" });

  it("matches Twilio's published vectors", () => {
    expect(providerSignature("12345", url, fields("+14158675310"))).toBe("GvWf1cFY/Q7PnoempGyD5oXAezc=");
    expect(providerSignature("12345", url, fields("+12349013030"))).toBe("0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
    // The fields' order does not matter: they are sorted by name.
    const { To, From, Digits, Caller, CallSid } = fields("+14158675310");
    expect(providerSignature("12345", url, { To, From, Digits, Caller, CallSid })).toBe("GvWf1cFY/Q7PnoempGyD5oXAezc=");
  });

  it("accepts the right signature only: not another token, URL, field value or field, nor no signature", () => {
    const params = fields("+14158675310");
    const good = "GvWf1cFY/Q7PnoempGyD5oXAezc=";
    const check = (o: Partial<Parameters<typeof validProviderSignature>[0]>) =>
      validProviderSignature({ authToken: "12345", url, params, signature: good, ...o });
    expect(check({})).toBe(true);
    expect(check({ authToken: "12346" })).toBe(false);
    expect(check({ url: "https://mycompany.com/myapp.php?foo=1&bar=3" })).toBe(false);
    expect(check({ url: "http://mycompany.com/myapp.php?foo=1&bar=2" })).toBe(false);
    expect(check({ params: { ...params, Digits: "9999" } })).toBe(false);
    expect(check({ params: { ...params, Body: "STOP" } })).toBe(false);
    const { Digits: _dropped, ...fewer } = params;
    expect(check({ params: fewer })).toBe(false);
    expect(check({ signature: null })).toBe(false);
    expect(check({ signature: "" })).toBe(false);
    expect(check({ signature: good.slice(0, -1) })).toBe(false);
    expect(check({ signature: `${good}=` })).toBe(false);
    expect(check({ signature: good.toLowerCase() })).toBe(false);
  });
});

describe("what a text says", () => {
  const start = Date.parse("2027-12-07T19:00:00Z"); // Tuesday 7 December 2027, 14:00 in Toronto
  it("a reminder: the clinic, the local time, the link and how to stop, in the client's language", () => {
    const en = composeReminderText({
      clinicName: "Glow Clinic",
      start,
      timeZone: "America/Toronto",
      manageUrl: "https://c.test/manage/x?token=t",
      locale: "en",
    });
    expect(en).toMatch(
      /^Glow Clinic: a reminder of your appointment on Tue\.?, Dec\.? 7, 2:00\sp\.m\.\. To change or cancel: https:\/\/c\.test\/manage\/x\?token=t Reply STOP to stop texts\.$/,
    );
    const fr = composeReminderText({
      clinicName: "Glow Clinic",
      start,
      timeZone: "America/Toronto",
      manageUrl: "https://c.test/fr/manage/x?token=t",
      locale: "fr",
    });
    expect(fr).toContain("Glow Clinic\u00a0: rappel de votre rendez-vous le mar");
    expect(fr).toMatch(/le mar\.? 7 déc\.?, 14\sh\s00\./);
    expect(fr).toContain("https://c.test/fr/manage/x?token=t");
    expect(fr).toMatch(/Répondez ARRET pour ne plus recevoir de textos\.$/);
  });

  it("a check-in: the clinic, a question and the link", () => {
    expect(composeCheckinText({ clinicName: "Glow Clinic", url: "https://c.test/portal/checkin/a/1", locale: "en" })).toBe(
      "Glow Clinic: how are you doing since your visit? One minute in your account: https://c.test/portal/checkin/a/1 Reply STOP to stop texts.",
    );
    expect(composeCheckinText({ clinicName: "Glow Clinic", url: "https://c.test/x?lang=fr", locale: "fr" })).toMatch(
      /^Glow Clinic\u00a0: comment allez-vous .* https:\/\/c\.test\/x\?lang=fr Répondez ARRET/,
    );
  });
});

// ---------------------------------------------------------------------------
// On the database

let f: ClinicFixture | undefined;
let db: Db;
let org: string;
let dataDir: string | undefined;
let stub: ProviderStub | undefined;

beforeAll(async () => {
  dataDir = trackFolder(mkdtempSync(join(tmpdir(), "dermaplan-texts-")));
  stub = await startProviderStub();
  f = await createClinicFixture();
  db = f.database.db;
  org = f.clinic.organizationId;
}, 120_000);

afterAll(async () => {
  // Whatever set-up got as far as starting is stopped and removed, even when a later step failed.
  await Promise.allSettled([stub?.close(), f?.database.close()]);
  if (dataDir) removeFolder(dataDir);
});

let numbers = 0;
/** A mobile number no other test uses, written as a client would type it, and as stored. */
function freshMobile(): { typed: string; e164: string } {
  const n = String(++numbers).padStart(4, "0");
  return { typed: `(226) 555-${n}`, e164: `+1226555${n}` };
}

async function agreedClient(o: { locale?: "en" | "fr"; mobile?: string } = {}) {
  const c = await addClient(db, org);
  if (o.locale) await db.update(clients).set({ preferredLocale: o.locale }).where(eq(clients.id, c.id));
  const mobile = o.mobile ?? freshMobile().e164;
  await agreeToTexts(db, { organizationId: org, clientId: c.id, mobile, agreed: true, now: NOW, messages: MESSAGES });
  return { clientId: c.id, mobile };
}

const ref = (clientId: string) => ({ organizationId: org, clientId });

const auditOf = (clientId: string) =>
  db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.entityType, "client"), eq(auditEvents.entityId, clientId)))
    .orderBy(auditEvents.id);

describe(`the client's agreement on ${testDatabaseKind}`, () => {
  it("refuses an empty or impossible number and a missing tick, one message per field, and writes nothing", async () => {
    const c = await addClient(db, org);
    const agree = (mobile: string, agreed: boolean) => agreeToTexts(db, { ...ref(c.id), mobile, agreed, now: NOW, messages: MESSAGES });
    await expect(agree("  ", true)).rejects.toMatchObject({ errors: { mobile: "Enter a number" } });
    await expect(agree("555-0123", true)).rejects.toMatchObject({ errors: { mobile: "Not a mobile number" } });
    await expect(agree("(519) 555-0123", false)).rejects.toMatchObject({ errors: { agree: "Tick the box" } });
    const both = await agree("", false).catch((e: unknown) => e);
    expect(both).toBeInstanceOf(FieldError);
    expect((both as FieldError).errors).toEqual({ mobile: "Enter a number", agree: "Tick the box" });
    await expect(agree("nope", false)).rejects.toMatchObject({ errors: { mobile: "Not a mobile number", agree: "Tick the box" } });
    expect(await getTextPreference(db, ref(c.id))).toEqual({ mobile: null, agreedAt: null, stoppedAt: null, active: false });
    expect(await auditOf(c.id)).toEqual([]);
  });

  it("stores the number in E.164, audits with the client as actor and four digits only; turning texts off forgets the number", async () => {
    const c = await addClient(db, org, "Agreeing Client", "519 555 0177");
    expect(await suggestedMobile(db, ref(c.id))).toBe("+15195550177");
    const preference = await agreeToTexts(db, { ...ref(c.id), mobile: "1 (226) 555-9876", agreed: true, now: NOW, messages: MESSAGES });
    expect(preference).toEqual({ mobile: "+12265559876", agreedAt: NOW, stoppedAt: null, active: true });
    const [row] = await db.select().from(clients).where(eq(clients.id, c.id));
    expect(row!.textMobile).toBe("+12265559876");
    // The phone they booked with is not changed.
    expect(row!.phone).toBe("519 555 0177");

    await withdrawFromTexts(db, { ...ref(c.id), now: NOW + 1000 });
    expect(await getTextPreference(db, ref(c.id))).toEqual({ mobile: null, agreedAt: null, stoppedAt: null, active: false });
    // Withdrawing again changes nothing and is not audited twice.
    await withdrawFromTexts(db, { ...ref(c.id), now: NOW + 2000 });

    const events = await auditOf(c.id);
    expect(events.map((e) => [e.action, e.actorType, e.actorId])).toEqual([
      ["client.texts-agree", "client", c.id],
      ["client.texts-withdraw", "client", c.id],
    ]);
    expect(events[0]!.details).toEqual({ ending: "9876" });
    const written = JSON.stringify(events);
    for (const part of ["2265559876", "226555", "555-9876", "(226)"]) expect(written).not.toContain(part);
  });

  it("refuses a client it does not find in the clinic (another clinic's id, or none), agreeing and auditing nothing", async () => {
    const c = await addClient(db, org);
    const other = "00000000-0000-4000-8000-000000000000";
    const agree = (organizationId: string, clientId: string) =>
      agreeToTexts(db, { organizationId, clientId, mobile: freshMobile().typed, agreed: true, now: NOW, messages: MESSAGES });
    await expect(agree(other, c.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(agree(org, other)).rejects.toBeInstanceOf(NotFoundError);
    expect((await getTextPreference(db, ref(c.id))).active).toBe(false);
    expect(await auditOf(c.id)).toEqual([]);
    expect(await auditOf(other)).toEqual([]);
  });

  it("agreeing again after a STOP resumes texts", async () => {
    const { clientId, mobile } = await agreedClient();
    expect(await receiveTextReply(db, { from: mobile, body: "STOP", now: NOW + 1000 })).toBe(1);
    expect(await getTextPreference(db, ref(clientId))).toMatchObject({ mobile, stoppedAt: NOW + 1000, active: false });
    const again = await agreeToTexts(db, { ...ref(clientId), mobile, agreed: true, now: NOW + 2000, messages: MESSAGES });
    expect(again).toEqual({ mobile, agreedAt: NOW + 2000, stoppedAt: null, active: true });
  });
});

describe(`replies from a phone on ${testDatabaseKind}`, () => {
  it("STOP stops every client holding the number, once; START resumes them; nothing of the reply is stored", async () => {
    const shared = freshMobile();
    const parent = await agreedClient({ mobile: shared.e164 });
    const child = await agreedClient({ mobile: shared.e164 });
    const elsewhere = await agreedClient();
    // A client who typed the number but withdrew is not resumed by START.
    const withdrawn = await agreedClient({ mobile: shared.e164 });
    await withdrawFromTexts(db, { ...ref(withdrawn.clientId), now: NOW });

    const body = "Stop. My rosacea is none of your business";
    expect(await receiveTextReply(db, { from: shared.e164, body, now: NOW + 1000 })).toBe(0);
    expect(await receiveTextReply(db, { from: shared.e164, body: "Stop.", now: NOW + 1000 })).toBe(2);
    for (const c of [parent, child])
      expect(await getTextPreference(db, ref(c.clientId))).toMatchObject({ active: false, stoppedAt: NOW + 1000 });
    expect((await getTextPreference(db, ref(elsewhere.clientId))).active).toBe(true);
    // A second STOP changes nothing more (and is not audited again).
    expect(await receiveTextReply(db, { from: shared.e164, body: "STOP", now: NOW + 2000 })).toBe(0);
    expect((await getTextPreference(db, ref(parent.clientId))).stoppedAt).toBe(NOW + 1000);
    // Nothing queued for them meanwhile.
    expect(await enqueueTextFor(db, { ...ref(parent.clientId), appointmentId: null, kind: "test.text", compose: () => "x" })).toBe(false);

    // The provider posts the number as E.164; another writing of it is the same number.
    expect(await receiveTextReply(db, { from: "1-" + shared.typed, body: " start ", now: NOW + 3000 })).toBe(2);
    for (const c of [parent, child]) expect(await getTextPreference(db, ref(c.clientId))).toMatchObject({ active: true, stoppedAt: null });
    expect(await getTextPreference(db, ref(withdrawn.clientId))).toMatchObject({ mobile: null, active: false });

    const events = [...(await auditOf(parent.clientId)), ...(await auditOf(child.clientId))];
    expect(events.map((e) => e.action).sort()).toEqual(
      [
        "client.texts-agree",
        "client.texts-agree",
        "client.texts-start",
        "client.texts-start",
        "client.texts-stop",
        "client.texts-stop",
      ].sort(),
    );
    for (const e of events.filter((x) => x.action !== "client.texts-agree")) {
      expect(e).toMatchObject({ actorType: "system", actorId: null });
      expect(e.details).toEqual({ source: "text reply" });
    }
    expect(JSON.stringify(await db.select().from(auditEvents))).not.toContain("rosacea");
  });

  it("a number nobody agreed with, a number that is not one, and words that are not keywords change nothing", async () => {
    const { clientId, mobile } = await agreedClient();
    const before = (await db.select().from(auditEvents)).length;
    expect(await receiveTextReply(db, { from: freshMobile().e164, body: "STOP", now: NOW })).toBe(0);
    expect(await receiveTextReply(db, { from: "GLOWCLINIC", body: "STOP", now: NOW })).toBe(0);
    expect(await receiveTextReply(db, { from: "", body: "STOP", now: NOW })).toBe(0);
    expect(await receiveTextReply(db, { from: mobile, body: "Thanks, see you Tuesday", now: NOW })).toBe(0);
    expect(await receiveTextReply(db, { from: mobile, body: "START", now: NOW })).toBe(0);
    expect((await getTextPreference(db, ref(clientId))).active).toBe(true);
    expect(await db.select().from(auditEvents)).toHaveLength(before);
  });
});

describe(`queuing a text on ${testDatabaseKind}`, () => {
  beforeEach(async () => {
    await db.delete(outboxMessages);
  });

  const queue = (clientId: string, appointmentId: string | null = null) =>
    enqueueTextFor(db, { ...ref(clientId), appointmentId, kind: "test.text", compose: (locale) => `text in ${locale}` });

  it("queues an 'sms' row to the agreed number in the client's language; none without agreement, after a STOP or a withdrawal", async () => {
    const en = await agreedClient();
    const fr = await agreedClient({ locale: "fr" });
    const never = await addClient(db, org);
    const stopped = await agreedClient();
    await receiveTextReply(db, { from: stopped.mobile, body: "STOP", now: NOW });
    const withdrawn = await agreedClient();
    await withdrawFromTexts(db, { ...ref(withdrawn.clientId), now: NOW });

    expect(await queue(en.clientId)).toBe(true);
    expect(await queue(fr.clientId)).toBe(true);
    expect(await queue(never.id)).toBe(false);
    expect(await queue(stopped.clientId)).toBe(false);
    expect(await queue(withdrawn.clientId)).toBe(false);
    // Another clinic's id for the same client: nothing.
    expect(
      await enqueueTextFor(db, {
        organizationId: "00000000-0000-4000-8000-000000000000",
        clientId: en.clientId,
        appointmentId: null,
        kind: "test.text",
        compose: () => "x",
      }),
    ).toBe(false);

    const rows = await db.select().from(outboxMessages).orderBy(outboxMessages.createdAt);
    expect(rows.map((r) => [r.channel, r.toAddress, r.bodyText, r.subject, r.bodyHtml, r.ics, r.status]).sort()).toEqual(
      [
        ["sms", en.mobile, "text in en", "", "", null, "pending"],
        ["sms", fr.mobile, "text in fr", "", "", null, "pending"],
      ].sort(),
    );
  });
});

// ---------------------------------------------------------------------------
// Sending, through a stub of the provider's Messages API

interface StubRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  contentType: string | undefined;
  form: Record<string, string>;
}

interface ProviderStub {
  url: string;
  requests: StubRequest[];
  /** How the next requests are answered (status and JSON body); 201 with a fresh SID unless set. */
  answer: (r: StubRequest) => { status: number; body: unknown };
  close(): Promise<void>;
}

let sids = 0;
const created = () => ({ status: 201, body: { sid: `SM${String(++sids).padStart(32, "0")}`, status: "queued" } });

async function startProviderStub(): Promise<ProviderStub> {
  const read = (req: IncomingMessage) =>
    new Promise<string>((resolve, reject) => {
      let body = "";
      req.setEncoding("utf8");
      req.on("data", (c: string) => (body += c));
      req.on("end", () => resolve(body));
      req.on("error", reject);
    });
  const stubbed: ProviderStub = { url: "", requests: [], answer: created, close: async () => {} };
  const server: Server = createServer((req, res) => {
    void read(req).then((body) => {
      const r: StubRequest = {
        method: req.method ?? "",
        path: req.url ?? "",
        authorization: req.headers.authorization,
        contentType: req.headers["content-type"],
        form: Object.fromEntries(new URLSearchParams(body)),
      };
      stubbed.requests.push(r);
      const { status, body: answer } = stubbed.answer(r);
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  stubbed.url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  stubbed.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return stubbed;
}

const SID = "AC0123456789abcdef0123456789abcdef";
const TOKEN = "test-auth-token-0123456789";
const FROM = "+15195550000";
const provider = (over: Partial<SmsProviderConfig> = {}): SmsProviderConfig => ({
  baseUrl: stub!.url,
  accountSid: SID,
  authToken: TOKEN,
  from: FROM,
  ...over,
});

describe("the provider's Messages API", () => {
  beforeEach(() => {
    stub!.requests.length = 0;
    stub!.answer = created;
  });

  it("posts the text as a form to the account's Messages.json with HTTP Basic, and answers the SID", async () => {
    const texts = createTextTransport({ provider: provider({ baseUrl: `${stub!.url}/` }), dataDir: dataDir! });
    expect(texts.describe).toBe(`SMS via ${new URL(stub!.url).host}`);
    const sid = await texts.send({ id: "m1", to: "+12265550001", text: "Glow: à bientôt & see you? https://c.test/x?a=1&b=2" });
    expect(sid).toMatch(/^SM\d{32}$/);
    expect(stub!.requests).toEqual([
      {
        method: "POST",
        path: `/2010-04-01/Accounts/${SID}/Messages.json`,
        authorization: `Basic ${Buffer.from(`${SID}:${TOKEN}`).toString("base64")}`,
        contentType: "application/x-www-form-urlencoded",
        form: { To: "+12265550001", From: FROM, Body: "Glow: à bientôt & see you? https://c.test/x?a=1&b=2" },
      },
    ]);
  });

  it("sends from a messaging service (MG…) as MessagingServiceSid, not From", async () => {
    const service = `MG${"a1".repeat(16)}`;
    await createTextTransport({ provider: provider({ from: service }), dataDir: dataDir! }).send({
      id: "m2",
      to: "+12265550002",
      text: "hi",
    });
    expect(stub!.requests[0]!.form).toEqual({ To: "+12265550002", MessagingServiceSid: service, Body: "hi" });
  });

  it("an opt-out refusal is final and says so; another 4xx is final; 5xx, 429 and a wrong account are not; nothing of the text in the error", async () => {
    const texts = createTextTransport({ provider: provider(), dataDir: dataDir! });
    const send = () => texts.send({ id: "m3", to: "+12265550003", text: "secret words" });
    stub!.answer = () => ({ status: 400, body: { code: 21610, message: "Attempt to send to unsubscribed recipient +12265550003" } });
    const optedOut = await send().catch((e: unknown) => e);
    expect(optedOut).toBeInstanceOf(TextRefusedError);
    expect(optedOut).toMatchObject({ code: 21610, optedOut: true, message: "the SMS provider answered 400 (error 21610)" });
    stub!.answer = () => ({ status: 400, body: { code: 21211, message: "Invalid 'To' Phone Number" } });
    expect(await send().catch((e: unknown) => e)).toMatchObject({ name: "TextRefusedError", code: 21211, optedOut: false });
    for (const status of [500, 503, 429, 401, 404]) {
      stub!.answer = () => ({ status, body: { code: 20003, message: "x" } });
      const e = await send().catch((x: unknown) => x);
      expect(e, String(status)).toBeInstanceOf(Error);
      expect(e, String(status)).not.toBeInstanceOf(TextRefusedError);
      expect(String((e as Error).message)).not.toMatch(/secret|2265550003/);
    }
    // Accepted without the SID we expected: sent all the same (sending again would send it twice).
    stub!.answer = () => ({ status: 201, body: {} });
    expect(await send()).toBe("SMS provider 201");
  });
});

describe(`the outbox worker sending texts on ${testDatabaseKind}`, () => {
  let clock = NOW;
  const workers: OutboxWorker[] = [];
  const errors: unknown[] = [];

  function worker(o: { texts?: "provider" | "files" | "none" } = {}): OutboxWorker {
    const mode = o.texts ?? "provider";
    const w = startOutboxWorker({
      db,
      transport: createMailTransport({ dataDir: dataDir! }),
      texts:
        mode === "none" ? undefined : createTextTransport({ provider: mode === "provider" ? provider() : undefined, dataDir: dataDir! }),
      from: "Glow <no-reply@example.test>",
      pollMs: 3_600_000,
      workerId: `texts-test-${workers.length}`,
      now: () => clock,
      onError: (e) => errors.push(e),
    });
    workers.push(w);
    return w;
  }

  beforeEach(async () => {
    await db.delete(outboxMessages);
    stub!.requests.length = 0;
    stub!.answer = created;
    errors.length = 0;
    clock += 3_600_000;
  });

  afterAll(async () => {
    await Promise.allSettled(workers.map((w) => w.stop()));
  });

  const rowsOf = () => db.select().from(outboxMessages).orderBy(outboxMessages.createdAt);

  async function queued(o: { locale?: "en" | "fr"; appointment?: boolean } = {}) {
    const c = await agreedClient({ locale: o.locale });
    let appointmentId: string | null = null;
    if (o.appointment) {
      appointmentId = (
        await addAppointment(f!, { clientId: c.clientId, practitionerId: f!.practitioners[0]!.id, daysFromNow: 30 + numbers })
      ).id;
    }
    expect(
      await enqueueTextFor(db, {
        ...ref(c.clientId),
        appointmentId,
        kind: "test.text",
        compose: () => `Glow: text ${numbers}. Reply STOP to stop texts.`,
      }),
    ).toBe(true);
    return { ...c, appointmentId, body: `Glow: text ${numbers}. Reply STOP to stop texts.` };
  }

  it("delivers a text once and marks it sent with the provider's SID", async () => {
    const t = await queued();
    const w = worker();
    expect(await w.drain()).toBe(1);
    expect(stub!.requests.map((r) => [r.path, r.form])).toEqual([
      [`/2010-04-01/Accounts/${SID}/Messages.json`, { To: t.mobile, From: FROM, Body: t.body }],
    ]);
    const [row] = await rowsOf();
    expect(row).toMatchObject({ channel: "sms", status: "sent", attempts: 1, lastError: null, claimedBy: null, claimedUntil: null });
    expect(row!.deliveredTo).toMatch(/^SM\d{32}$/);
    // Sent is sent: later passes, even much later, send nothing more.
    clock += 3_600_000;
    expect(await w.drain()).toBe(0);
    expect(stub!.requests).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  it("an opt-out refusal (21610) fails the text without retry and stops texts to that number", async () => {
    const t = await queued();
    stub!.answer = () => ({ status: 400, body: { code: 21610, message: "unsubscribed recipient" } });
    const w = worker();
    expect(await w.drain()).toBe(0);
    const [row] = await rowsOf();
    expect(row).toMatchObject({
      status: "failed",
      attempts: 1,
      lastError: "the SMS provider answered 400 (error 21610)",
      deliveredTo: null,
    });
    expect(await getTextPreference(db, ref(t.clientId))).toMatchObject({ active: false, stoppedAt: clock });
    const [stop] = (await auditOf(t.clientId)).filter((e) => e.action === "client.texts-stop");
    expect(stop).toMatchObject({ actorType: "system", details: { source: "provider refusal" } });
    // Not tried again, however long one waits.
    stub!.answer = created;
    clock += 24 * 3_600_000;
    await w.drain();
    expect(stub!.requests).toHaveLength(1);
    expect((await rowsOf())[0]!.status).toBe("failed");
    expect(errors).toHaveLength(1);
  });

  it("another refusal (not a mobile) fails the text without retry and leaves the client's texts on", async () => {
    const t = await queued();
    stub!.answer = () => ({ status: 400, body: { code: 21614, message: "not a mobile number" } });
    await worker().drain();
    expect((await rowsOf())[0]).toMatchObject({ status: "failed", attempts: 1 });
    expect((await getTextPreference(db, ref(t.clientId))).active).toBe(true);
  });

  it("a 500 leaves the text pending; it is tried again after the back-off, not in the same pass", async () => {
    const t = await queued();
    stub!.answer = () => ({ status: 500, body: { message: "oops" } });
    const w = worker();
    expect(await w.drain()).toBe(0);
    expect(stub!.requests).toHaveLength(1);
    const [failed] = await rowsOf();
    expect(failed).toMatchObject({ status: "pending", attempts: 1, lastError: "the SMS provider answered 500", claimedBy: null });
    expect(failed!.claimedUntil!.getTime()).toBe(clock + outboxRetryDelayMs(1));
    // Not before its back-off.
    clock += outboxRetryDelayMs(1) - 1;
    expect(await w.drain()).toBe(0);
    expect(stub!.requests).toHaveLength(1);
    // After it: sent, once.
    stub!.answer = created;
    clock += 2;
    expect(await w.drain()).toBe(1);
    expect(stub!.requests.map((r) => r.form.Body)).toEqual([t.body, t.body]);
    expect((await rowsOf())[0]).toMatchObject({ status: "sent", attempts: 2, lastError: null, claimedUntil: null });
  });

  it("a provider that keeps failing: five tries, each after a longer wait, then failed", async () => {
    await queued();
    stub!.answer = () => ({ status: 503, body: {} });
    const w = worker();
    for (let attempt = 1; attempt <= 5; attempt++) {
      await w.drain();
      expect(stub!.requests, `try ${attempt}`).toHaveLength(attempt);
      clock += outboxRetryDelayMs(attempt) + 1;
    }
    expect((await rowsOf())[0]).toMatchObject({ status: "failed", attempts: 5, claimedUntil: null });
    expect([1, 2, 3, 4].map(outboxRetryDelayMs)).toEqual([30_000, 60_000, 120_000, 240_000]);
  });

  it("a wrong account (401) is retried: the text is not refused for the account's mistake", async () => {
    await queued();
    stub!.answer = () => ({ status: 401, body: { code: 20003, message: "Authenticate" } });
    await worker().drain();
    expect((await rowsOf())[0]).toMatchObject({ status: "pending", attempts: 1 });
  });

  it("does not send a text that waited past a STOP, or past the client turning texts off", async () => {
    const stopped = await queued({ appointment: true });
    const withdrawn = await queued();
    // The same number, still agreed by someone else of the clinic: the appointment's client decides.
    const family = await agreedClient({ mobile: stopped.mobile });
    await db
      .update(clients)
      .set({ textsStoppedAt: new Date(NOW) })
      .where(eq(clients.id, stopped.clientId));
    await withdrawFromTexts(db, { ...ref(withdrawn.clientId), now: NOW });
    expect(await textStillWanted(db, { organizationId: org, appointmentId: stopped.appointmentId, to: stopped.mobile })).toBe(false);
    expect(await textStillWanted(db, { organizationId: org, appointmentId: null, to: stopped.mobile })).toBe(true);
    expect(family.mobile).toBe(stopped.mobile);

    expect(await worker().drain()).toBe(0);
    expect(stub!.requests).toEqual([]);
    const rows = await rowsOf();
    expect(rows.map((r) => [r.status, r.lastError])).toEqual([
      ["failed", "texts stopped or turned off before sending"],
      ["failed", "texts stopped or turned off before sending"],
    ]);
  });

  it("a worker without a text transport leaves texts pending and still sends e-mails; one with it sends them", async () => {
    const t = await queued();
    await enqueueMessage(db, {
      organizationId: org,
      appointmentId: null,
      kind: "test.mail",
      message: { to: "someone@example.test", subject: "An e-mail", text: "x", html: "<p>x</p>", ics: null },
    });
    expect(await worker({ texts: "none" }).drain()).toBe(1);
    const rows = await rowsOf();
    const mail = rows.find((r) => r.channel === "email")!;
    const text = rows.find((r) => r.channel === "sms")!;
    expect(mail).toMatchObject({ status: "sent", deliveredTo: join(dataDir!, "outbox", `${mail.id}.eml`) });
    expect(text).toMatchObject({ status: "pending", attempts: 0, claimedBy: null });
    expect(stub!.requests).toEqual([]);
    expect(await worker().drain()).toBe(1);
    expect(stub!.requests.map((r) => r.form.To)).toEqual([t.mobile]);
  });

  it("without a provider, a text is written to the outbox folder under its id, and a second write overwrites it", async () => {
    const t = await queued();
    expect(await worker({ texts: "files" }).drain()).toBe(1);
    const [row] = await rowsOf();
    const path = join(dataDir!, "outbox", `${row!.id}.sms.txt`);
    expect(row).toMatchObject({ status: "sent", deliveredTo: path });
    expect(readFileSync(path, "utf8")).toBe(`To: ${t.mobile}\n\n${t.body}\n`);
    const files = createTextTransport({ dataDir: dataDir! });
    expect(files.describe).toBe(`files in ${join(dataDir!, "outbox")}`);
    await files.send({ id: row!.id, to: t.mobile, text: "again" });
    expect(readFileSync(path, "utf8")).toBe(`To: ${t.mobile}\n\nagain\n`);
    expect(existsSync(join(dataDir!, "outbox", `${row!.id}.eml`))).toBe(false);
    expect(stub!.requests).toEqual([]);
  });
});
