// The SMS provider's replies at /webhooks/sms (docs/texts.md), through the
// route's action on the test database: a signed STOP stops the client's
// texts and answers empty TwiML; START resumes them; an unsigned, wrongly
// signed or re-addressed request is refused (403) and changes nothing; a GET
// or PUT is not a reply; without a provider there is nothing here (404).
import { RouterContextProvider } from "react-router";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { servicesContext, type AppServices } from "../../context.ts";
import { clients } from "../../../src/db/schema.ts";
import { testDatabaseKind } from "../../../src/db/testing.ts";
import { agreeToTexts, getTextPreference, providerSignature } from "../../../src/notifications/texts.ts";
import { createClinicFixture, type ClinicFixture } from "../../../src/scheduling/test-fixtures.ts";
import { action, loader } from "./sms.ts";

const URL_ = "https://clinic.example/webhooks/sms";
const TOKEN = "webhook-test-token";
const MOBILE = "+12265550777";
let f: ClinicFixture | undefined;
let clientId = "";

beforeAll(async () => {
  f = await createClinicFixture();
  const [c] = await f.database.db
    .insert(clients)
    .values({ organizationId: f.clinic.organizationId, name: "Replying Client", email: "reply@example.test", emailNormalized: "reply@example.test" })
    .returning();
  clientId = c!.id;
  await agreeToTexts(f.database.db, {
    organizationId: f.clinic.organizationId,
    clientId,
    mobile: MOBILE,
    agreed: true,
    now: Date.now(),
    messages: { mobileRequired: "", mobileInvalid: "", agreeRequired: "" },
  });
}, 120_000);
afterAll(async () => {
  await f?.database.close();
});

function context(inbound: { authToken: string; url: string } | null) {
  const provider = new RouterContextProvider();
  const services = { db: f!.database.db, texts: { describe: "SMS via stub", inbound }, now: () => Date.now() } as Partial<AppServices>;
  provider.set(servicesContext, services as AppServices);
  return provider;
}

async function reply(
  fields: Record<string, string>,
  o: { signature?: string | null; inbound?: { authToken: string; url: string } | null; method?: string; url?: string } = {},
) {
  const headers = new Headers({ "content-type": "application/x-www-form-urlencoded" });
  const signature = o.signature === undefined ? providerSignature(TOKEN, URL_, fields) : o.signature;
  if (signature !== null) headers.set("x-twilio-signature", signature);
  const request = new Request(o.url ?? URL_, { method: o.method ?? "POST", headers, body: new URLSearchParams(fields).toString() });
  const inbound = o.inbound === undefined ? { authToken: TOKEN, url: URL_ } : o.inbound;
  const response = (await action({ request, context: context(inbound), params: {} } as unknown as Parameters<typeof action>[0])) as Response;
  return { status: response.status, type: response.headers.get("content-type"), body: await response.text() };
}

const fields = (body: string) => ({ MessageSid: "SM0000", AccountSid: "AC0000", From: MOBILE, To: "+15195550000", Body: body });
const active = async () => (await getTextPreference(f!.database.db, { organizationId: f!.clinic.organizationId, clientId })).active;

describe(`the SMS provider's replies on ${testDatabaseKind}`, () => {
  it("refuses what the provider did not sign, and changes nothing", async () => {
    for (const signature of [null, "", providerSignature("another-token", URL_, fields("STOP")), providerSignature(TOKEN, "https://elsewhere.example/webhooks/sms", fields("STOP"))]) {
      const r = await reply(fields("STOP"), { signature });
      expect(r.status).toBe(403);
      expect(r.type).toBe("application/problem+json");
    }
    // Signed over another body: the words were changed on the way.
    expect((await reply(fields("STOP"), { signature: providerSignature(TOKEN, URL_, fields("Hello")) })).status).toBe(403);
    expect(await active()).toBe(true);
  });

  it("a signed STOP stops the client's texts and answers empty TwiML; a signed START resumes them", async () => {
    const stop = await reply(fields("Stop"));
    expect(stop).toEqual({ status: 200, type: "text/xml; charset=utf-8", body: '<?xml version="1.0" encoding="UTF-8"?><Response></Response>' });
    expect(await active()).toBe(false);
    expect((await reply(fields("START"))).status).toBe(200);
    expect(await active()).toBe(true);
    // Anything else, signed: answered, nothing changed.
    expect((await reply(fields("See you Tuesday"))).status).toBe(200);
    expect(await active()).toBe(true);
  });

  it("is nothing without a provider (404), and only POST is a reply", async () => {
    expect((await reply(fields("STOP"), { inbound: null })).status).toBe(404);
    expect((await loader()).status).toBe(404);
    expect((await reply(fields("STOP"), { method: "PUT" })).status).toBe(405);
    expect(await active()).toBe(true);
  });
});
