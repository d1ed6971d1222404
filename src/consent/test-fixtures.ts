// Signing a clinic's current consent form in a test, as a client would in
// their portal (the name typed must be the client's).
import type { Db } from "../db/open.ts";
import { currentConsentForm, signConsent } from "./consent.ts";
import type { ConsentKind } from "./tables.ts";

export async function signCurrentConsent(
  db: Db,
  o: { organizationId: string; clientId: string; name: string; kind?: ConsentKind; scopes?: string[]; now?: number },
) {
  const kind = o.kind ?? "procedure";
  const form = await currentConsentForm(db, o.organizationId, kind, "en");
  if (!form) throw new Error(`the clinic has no ${kind} consent form`);
  return signConsent(db, {
    client: { organizationId: o.organizationId, clientId: o.clientId },
    kind,
    contentSha256: form.contentSha256,
    locale: "en",
    signedName: o.name,
    agree: true,
    scopes: o.scopes,
    ip: "203.0.113.7",
    channel: "portal",
    now: o.now ?? Date.now(),
  });
}
