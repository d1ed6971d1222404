import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents } from "../db/schema.ts";
import { NAME_MISMATCH_MESSAGE } from "../kernel/signature-name.ts";
import { LINE_CONTROL_MESSAGE } from "../kernel/text.ts";
import { addClient, addOrganization, addStaff, db, org, useHealthTestbed } from "../privacy/test-fixtures.ts";
import {
  ConsentChangedError,
  ConsentMissingError,
  consentSha256,
  consentStanding,
  currentConsentForm,
  ensureConsentForms,
  requireProcedureConsent,
  signConsent,
  withdrawPhotoConsent,
} from "./consent.ts";
import { DEFAULT_CONSENT_FORMS } from "./default-forms.ts";
import { consentForms, consentSignatures } from "./tables.ts";

useHealthTestbed();

const NOW = Date.parse("2027-03-16T14:00:00Z");

async function sign(clientId: string, more: Partial<Parameters<typeof signConsent>[1]> = {}) {
  const form = await currentConsentForm(db, org, more.kind ?? "procedure", "en");
  return signConsent(db, {
    client: { organizationId: org, clientId },
    kind: "procedure",
    contentSha256: form!.contentSha256,
    locale: "en",
    signedName: "Hélène Côté",
    agree: true,
    ip: "203.0.113.5",
    channel: "portal",
    now: NOW,
    ...more,
  });
}

const eventsOf = (clientId: string) =>
  db
    .select({ action: auditEvents.action, actorType: auditEvents.actorType, details: auditEvents.details })
    .from(auditEvents)
    .where(and(eq(auditEvents.entityType, "client"), eq(auditEvents.entityId, clientId)))
    .orderBy(auditEvents.id);

describe("consent forms", () => {
  it("a new clinic starts with version 1 of each form, in English and French, one hash for both", async () => {
    const en = await currentConsentForm(db, org, "procedure", "en");
    const fr = await currentConsentForm(db, org, "procedure", "fr");
    expect(en).toMatchObject({ version: 1, title: "Consent to microneedling" });
    expect(fr).toMatchObject({ version: 1, title: "Consentement au microneedling", contentSha256: en!.contentSha256 });
    expect(en!.contentSha256).toBe(consentSha256(DEFAULT_CONSENT_FORMS.procedure));
    // What the form must cover: the procedure, its course, the risks, the alternatives, aftercare and the right to stop.
    for (const words of [
      "infection",
      "pigment",
      "scarring",
      "granulomatous",
      "cold-sore",
      "bruising",
      "Other choices",
      "aftercare",
      "stop",
    ])
      expect(en!.body.toLowerCase()).toContain(words.toLowerCase());
    expect((await currentConsentForm(db, org, "photos", "fr"))!.title).toBe("Consentement aux photographies");
  });
});

describe("a clinic made before consent forms existed", () => {
  it("gets version 1 of each form at start, once", async () => {
    const older = await addOrganization(db);
    expect(await currentConsentForm(db, older.organizationId, "procedure", "en")).toBeNull();
    expect(await ensureConsentForms(db)).toBeGreaterThanOrEqual(2);
    expect(await currentConsentForm(db, older.organizationId, "procedure", "en")).toMatchObject({
      version: 1,
      title: "Consent to microneedling",
    });
    expect(await currentConsentForm(db, older.organizationId, "photos", "fr")).toMatchObject({ version: 1 });
    expect(await ensureConsentForms(db)).toBe(0);
  });
});

describe("signing a consent", () => {
  it("keeps the typed name, the version and its hash, the time, the address and where; audited as the client's act", async () => {
    const client = await addClient(db, org, "Hélène Côté");
    // Without accents and in capitals is still her name.
    const { version } = await sign(client.id, { signedName: "HELENE COTE" });
    const [row] = await db.select().from(consentSignatures).where(eq(consentSignatures.clientId, client.id));
    const form = await currentConsentForm(db, org, "procedure", "en");
    expect(row).toMatchObject({
      kind: "procedure",
      version,
      contentSha256: form!.contentSha256,
      locale: "en",
      signedName: "HELENE COTE",
      ip: "203.0.113.5",
      channel: "portal",
      deskUserId: null,
      scopes: [],
      revokedAt: null,
    });
    expect(row!.signedAt.getTime()).toBe(NOW);
    expect(await eventsOf(client.id)).toEqual([
      { action: "consent.sign", actorType: "client", details: { kind: "procedure", version: 1, channel: "portal" } },
    ]);
    expect(await consentStanding(db, org, client.id)).toMatchObject({ procedure: { signedVersion: 1, current: true }, photos: null });
    await requireProcedureConsent(db, org, client.id);
  });

  it("refuses another person's name, an unticked box, a form that changed since it was read, and a desk signature without the staff member", async () => {
    const client = await addClient(db, org, "Hélène Côté");
    await expect(sign(client.id, { signedName: "Someone Else" })).rejects.toMatchObject({ errors: { signedName: NAME_MISMATCH_MESSAGE } });
    await expect(sign(client.id, { signedName: "x" })).rejects.toMatchObject({ errors: { signedName: "Type your full name to sign." } });
    // A NUL byte or a line break in a name is refused as such, not sent to the database.
    for (const forged of ["Hélène\u0000 Côté", "Hélène\nCôté"])
      await expect(sign(client.id, { signedName: forged })).rejects.toMatchObject({ errors: { signedName: LINE_CONTROL_MESSAGE } });
    await expect(sign(client.id, { agree: false })).rejects.toMatchObject({ errors: { agree: "Tick the box to say you agree." } });
    await expect(sign(client.id, { contentSha256: "0".repeat(64) })).rejects.toBeInstanceOf(ConsentChangedError);
    await expect(sign(client.id, { channel: "desk" })).rejects.toMatchObject({ code: "forbidden" });
    expect(await db.select().from(consentSignatures).where(eq(consentSignatures.clientId, client.id))).toEqual([]);
    await expect(requireProcedureConsent(db, org, client.id)).rejects.toMatchObject({ reason: "never-signed" });
  });

  it("on the clinic's tablet, keeps who handed it over", async () => {
    const client = await addClient(db, org, "Hélène Côté");
    const desk = await addStaff(db, { organizationId: org, role: "front-desk" });
    await sign(client.id, { channel: "desk", deskUserId: desk.userId, locale: "fr", signedName: "Côté, Hélène" });
    const [row] = await db.select().from(consentSignatures).where(eq(consentSignatures.clientId, client.id));
    expect(row).toMatchObject({ channel: "desk", deskUserId: desk.userId, locale: "fr" });
  });

  it("a new version of the form asks for a new signature before the next treatment", async () => {
    const other = await addOrganization(db);
    const client = await addClient(db, other.organizationId, "Hélène Côté");
    const text = { titleEn: "Consent", bodyEn: "Version one of the text.", titleFr: "Consentement", bodyFr: "Version un du texte." };
    await db
      .insert(consentForms)
      .values({ organizationId: other.organizationId, kind: "procedure", version: 1, ...text, contentSha256: consentSha256(text) });
    const signIn = async () => {
      const form = await currentConsentForm(db, other.organizationId, "procedure", "en");
      return signConsent(db, {
        client: { organizationId: other.organizationId, clientId: client.id },
        kind: "procedure",
        contentSha256: form!.contentSha256,
        locale: "en",
        signedName: "Hélène Côté",
        agree: true,
        ip: null,
        channel: "portal",
        now: NOW,
      });
    };
    await signIn();
    await requireProcedureConsent(db, other.organizationId, client.id);
    const two = { ...text, bodyEn: "Version two of the text.", bodyFr: "Version deux du texte." };
    await db
      .insert(consentForms)
      .values({ organizationId: other.organizationId, kind: "procedure", version: 2, ...two, contentSha256: consentSha256(two) });
    const refusal = await requireProcedureConsent(db, other.organizationId, client.id).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(ConsentMissingError);
    expect(refusal).toMatchObject({ reason: "older-version" });
    expect((await signIn()).version).toBe(2);
    await requireProcedureConsent(db, other.organizationId, client.id);
    // Another clinic's client is not this clinic's to sign for.
    await expect(sign(client.id)).rejects.toMatchObject({ code: "not-found" });
  });

  it("photographs: at least one known scope, a new choice replaces the last, and withdrawing stops it; all audited", async () => {
    const client = await addClient(db, org, "Hélène Côté");
    await expect(sign(client.id, { kind: "photos", scopes: [] })).rejects.toMatchObject({ errors: { scopes: expect.any(String) } });
    await expect(sign(client.id, { kind: "photos", scopes: ["record", "billboards"] })).rejects.toMatchObject({
      errors: { scopes: expect.any(String) },
    });
    await sign(client.id, { kind: "photos", scopes: ["record", "teaching"] });
    expect((await consentStanding(db, org, client.id)).photos).toMatchObject({ scopes: ["record", "teaching"], current: true });
    await sign(client.id, { kind: "photos", scopes: ["record"], now: NOW + 1000 });
    expect((await consentStanding(db, org, client.id)).photos).toMatchObject({ scopes: ["record"] });
    expect(await withdrawPhotoConsent(db, { client: { organizationId: org, clientId: client.id }, now: NOW + 2000 })).toBe(true);
    expect((await consentStanding(db, org, client.id)).photos).toBeNull();
    expect(await withdrawPhotoConsent(db, { client: { organizationId: org, clientId: client.id }, now: NOW + 3000 })).toBe(false);
    expect((await eventsOf(client.id)).map((e) => e.action)).toEqual(["consent.sign", "consent.sign", "consent.withdraw"]);
    // The procedure consent is a separate form.
    expect((await consentStanding(db, org, client.id)).procedure).toBeNull();
  });

  it("a signature cannot be changed afterwards; a photo consent is withdrawn once", async () => {
    const client = await addClient(db, org, "Hélène Côté");
    const { id } = await sign(client.id);
    await expect(db.execute(sql`UPDATE consent_signatures SET signed_name = 'Forged Name' WHERE id = ${id}`)).rejects.toThrow();
    const photos = await sign(client.id, { kind: "photos", scopes: ["record"] });
    await withdrawPhotoConsent(db, { client: { organizationId: org, clientId: client.id }, now: NOW + 1 });
    await expect(db.execute(sql`UPDATE consent_signatures SET revoked_at = now() WHERE id = ${photos.id}`)).rejects.toThrow();
  });
});
