// The SMS provider posts here each text a client sends to the clinic's
// number (docs/texts.md). Only STOP and START words do anything; the request
// must carry the provider's signature over this address and its fields, so
// nobody else can stop or resume someone's texts. Without a provider
// configured there is nothing here.
import type { Route } from "./+types/sms";
import { getServices } from "../../context.ts";
import { problem } from "../../lib/problem.ts";
import { receiveTextReply, validProviderSignature } from "../../../src/notifications/texts.ts";

/** An empty TwiML answer: the provider sends its own confirmation of a STOP or START. */
const EMPTY_REPLY = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

export async function loader() {
  return problem("not-found", 404, "Not found");
}

export async function action({ context, request }: Route.ActionArgs) {
  const services = getServices(context);
  const inbound = services.texts?.inbound;
  if (!inbound) return problem("not-found", 404, "Not found");
  if (request.method !== "POST") return problem("method-not-allowed", 405, "Only POST is accepted here");
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return problem("invalid-input", 400, "The body could not be read as a form");
  }
  const params: Record<string, string> = {};
  for (const [key, value] of form.entries()) if (typeof value === "string") params[key] = value;
  if (
    !validProviderSignature({
      authToken: inbound.authToken,
      url: inbound.url,
      params,
      signature: request.headers.get("x-twilio-signature"),
    })
  ) {
    return problem("forbidden", 403, "The request is not signed by the SMS provider");
  }
  await receiveTextReply(services.db, { from: params.From ?? "", body: params.Body ?? "", now: services.now() });
  return new Response(EMPTY_REPLY, { status: 200, headers: { "content-type": "text/xml; charset=utf-8", "cache-control": "no-store" } });
}
