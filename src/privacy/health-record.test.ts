// The health record's own data: its tables, the practitioners' notes, the
// client's own record and its exports, key rotation and the audit search.
// Who may open it is access.test.ts.
import { eq, inArray, sql } from "drizzle-orm";
import { getTableConfig } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import { searchAuditEvents } from "../audit/audit-log.ts";
import { rowsOf } from "../db/open.ts";
import { auditEvents } from "../db/schema.ts";
import { testDatabaseKind } from "../db/testing.ts";
import { FieldError } from "../kernel/errors.ts";
import { addHealthNote, viewHealthRecord } from "./health-notes.ts";
import { breakGlass, describeHealthAccess } from "./staff-access.ts";
import { clientOwnRecord } from "./client-record.ts";
import { encryptedValueCounts, missingDataKeys, reencryptHealthData } from "./key-rotation.ts";
import { requestCorrection, resolveCorrectionRequest } from "./corrections.ts";
import { toFhirBundle, toJsonExport } from "./record-export.ts";
import { clientHealthNotes, clientRecordLocks, recordCorrectionRequests } from "./health-tables.ts";
import { createKeyRing, DecryptionError, generateDataKey, keyIdOf } from "./keyring.ts";
import {
  addClient,
  addStaff,
  baseKey,
  db,
  f,
  healthEvents as events,
  keyRing,
  org,
  practitionerStaff,
  useDataKey,
  useHealthTestbed,
} from "./test-fixtures.ts";

useHealthTestbed();

/** Flips one bit of a stored note's ciphertext, as someone editing the database would. */
async function tamper(noteId: string) {
  const [row] = await db.select().from(clientHealthNotes).where(eq(clientHealthNotes.id, noteId));
  const parts = row!.bodyEncrypted.split(":");
  const data = Buffer.from(parts[4]!, "base64url");
  data[0]! ^= 0x01;
  parts[4] = data.toString("base64url");
  await db
    .update(clientHealthNotes)
    .set({ bodyEncrypted: parts.join(":") })
    .where(eq(clientHealthNotes.id, noteId));
}

describe(`health tables on ${testDatabaseKind}`, () => {
  it("match the migration, column for column", async () => {
    const columns = rowsOf<{ table_name: string; column_name: string; is_nullable: string }>(
      await db.execute(sql`SELECT table_name, column_name, is_nullable FROM information_schema.columns WHERE table_schema = 'public'`),
    );
    const actual = new Map(columns.map((c) => [`${c.table_name}.${c.column_name}`, c.is_nullable === "YES"]));
    for (const table of [clientHealthNotes, clientRecordLocks, recordCorrectionRequests]) {
      const config = getTableConfig(table);
      for (const column of config.columns) {
        const key = `${config.name}.${column.name}`;
        expect(actual.has(key), `${key} exists`).toBe(true);
        expect(actual.get(key), `${key} nullable`).toBe(!column.notNull && !column.primary);
      }
    }
  });

  it("keep audit_events append-only: UPDATE, DELETE and TRUNCATE are refused by the database", async () => {
    const client = await addClient(db, org);
    const owner = await addStaff(db, { organizationId: org, role: "owner" });
    await breakGlass(db, { staff: owner, clientId: client.id, reason: "Client asked for a copy by phone" });
    const [row] = await events(client.id, "health-record.break-glass");
    expect(row).toBeDefined();
    for (const statement of [
      sql`UPDATE audit_events SET action = 'nothing' WHERE id = ${row!.id}`,
      sql`DELETE FROM audit_events WHERE id = ${row!.id}`,
      sql`TRUNCATE audit_events`,
    ]) {
      const error = await db.execute(statement).then(
        () => null,
        (e: Error & { cause?: Error }) => e,
      );
      expect(`${error?.message} ${error?.cause?.message}`).toMatch(/audit_events is append-only/);
    }
    const [still] = await events(client.id, "health-record.break-glass");
    expect(still!.action).toBe("health-record.break-glass");
  });
});

describe("health notes", () => {
  it("are encrypted at rest, decrypted for the care team, and audited without their text", async () => {
    const client = await addClient(db, org);
    const staff = await practitionerStaff(client.id, true);
    const text = "Takes warfarin since 2025; avoid deep needling near the jaw.";
    const { id } = await addHealthNote(db, { staff, keyRing, clientId: client.id, body: text });
    const raw = rowsOf<{ body_encrypted: string }>(await db.execute(sql`SELECT body_encrypted FROM client_health_notes WHERE id = ${id}`));
    expect(raw[0]!.body_encrypted).toMatch(/^v1:k[0-9a-f]{16}:/);
    expect(raw[0]!.body_encrypted).not.toContain("warfarin");
    const record = await viewHealthRecord(db, { staff, keyRing, clientId: client.id });
    expect(record.notes).toMatchObject([{ id, body: text, damaged: false, authorName: staff.name }]);
    const all = await events(client.id);
    expect(all.map((e) => e.action)).toEqual(["health-record.edit", "health-record.view"]);
    expect(JSON.stringify(all)).not.toContain("warfarin");
  });

  it("refuses an empty note and changes nothing", async () => {
    const client = await addClient(db, org);
    const staff = await practitionerStaff(client.id, true);
    await expect(addHealthNote(db, { staff, keyRing, clientId: client.id, body: "   " })).rejects.toBeInstanceOf(FieldError);
    expect(await events(client.id)).toEqual([]);
  });

  it("shows a tampered or moved note as damaged, never as other text, and refuses to export it", async () => {
    const client = await addClient(db, org);
    const staff = await practitionerStaff(client.id, true);
    const { id } = await addHealthNote(db, { staff, keyRing, clientId: client.id, body: "Original note" });
    await tamper(id);
    const record = await viewHealthRecord(db, { staff, keyRing, clientId: client.id });
    expect(record.notes).toMatchObject([{ id, body: null, damaged: true }]);
    await expect(
      clientOwnRecord(db, { client: { clientId: client.id, organizationId: org }, keyRing, purpose: "export" }),
    ).rejects.toBeInstanceOf(DecryptionError);

    // A valid ciphertext copied from another client's note does not decrypt here either.
    const victim = await addClient(db, org);
    const victimStaff = await practitionerStaff(victim.id, true);
    const { id: victimNote } = await addHealthNote(db, { staff: victimStaff, keyRing, clientId: victim.id, body: "Victim's note" });
    const other = await addClient(db, org);
    const otherStaff = await practitionerStaff(other.id, true);
    const { id: otherNote } = await addHealthNote(db, { staff: otherStaff, keyRing, clientId: other.id, body: "Other note" });
    await db.execute(
      sql`UPDATE client_health_notes SET body_encrypted = (SELECT body_encrypted FROM client_health_notes WHERE id = ${victimNote}) WHERE id = ${otherNote}`,
    );
    const moved = await viewHealthRecord(db, { staff: otherStaff, keyRing, clientId: other.id });
    expect(moved.notes).toMatchObject([{ body: null, damaged: true }]);
    // Damaged values would (rightly) stop the key rotation tested below.
    await db.delete(clientHealthNotes).where(inArray(clientHealthNotes.id, [id, otherNote]));
  });
});

describe("the client's own record", () => {
  async function seeded() {
    const client = await addClient(db, org, "Record Holder");
    const staff = await practitionerStaff(client.id, true);
    await addHealthNote(db, { staff, keyRing, clientId: client.id, body: "Fitzpatrick III. Mild acne scarring on cheeks." });
    const owner = await addStaff(db, { organizationId: org, role: "owner", name: "Jolanta Owner" });
    await breakGlass(db, { staff: owner, clientId: client.id, reason: "Client disputes an invoice, checking the visit" });
    await viewHealthRecord(db, { staff: owner, keyRing, clientId: client.id });
    return { client, staff, owner, actor: { clientId: client.id, organizationId: org } };
  }

  it("holds contact details, appointments, decrypted notes and who looked (with break-the-glass reasons); audited as the client's", async () => {
    const { client, staff, actor } = await seeded();
    const record = await clientOwnRecord(db, { client: actor, keyRing });
    expect(record.contact).toMatchObject({ id: client.id, name: "Record Holder" });
    expect(record.appointments).toHaveLength(1);
    expect(record.notes.map((n) => n.body)).toEqual(["Fitzpatrick III. Mild acne scarring on cheeks."]);
    const log = record.accessLog.map((e) => [e.action, e.actorName, e.actorRole, e.reason]);
    expect(log).toContainEqual(["health-record.break-glass", "Jolanta Owner", "owner", "Client disputes an invoice, checking the visit"]);
    expect(log).toContainEqual(["health-record.view", "Jolanta Owner", "owner", null]);
    expect(log).toContainEqual(["health-record.edit", staff.name, "practitioner", null]);
    const [own] = (await events(client.id, "health-record.view")).filter((e) => e.actorType === "client");
    expect(own).toMatchObject({ actorId: client.id, organizationId: org });
    // The client's own visits do not fill their access log.
    const again = await clientOwnRecord(db, { client: actor, keyRing });
    expect(again.accessLog.filter((e) => e.actorType === "client")).toEqual([]);
  });

  it("exports as JSON and as a FHIR R4 collection Bundle, audited as an export by the client", async () => {
    const { client, actor } = await seeded();
    await requestCorrection(db, { client: actor, keyRing, body: "My skin type is IV, not III." });
    const record = await clientOwnRecord(db, { client: actor, keyRing, purpose: "export", format: "fhir" });
    const [exp] = await events(client.id, "health-record.export");
    expect(exp).toMatchObject({ actorType: "client", actorId: client.id });
    expect(exp!.details).toMatchObject({ format: "fhir" });

    const bundle = JSON.parse(JSON.stringify(toFhirBundle(record, "Demo spa"))) as {
      resourceType: string;
      type: string;
      entry: { fullUrl: string; resource: Record<string, unknown> & { resourceType: string } }[];
    };
    expect(bundle.resourceType).toBe("Bundle");
    expect(bundle.type).toBe("collection");
    const types = bundle.entry.map((e) => e.resource.resourceType);
    expect(types.filter((t) => t === "Patient")).toHaveLength(1);
    expect(types).toContain("Appointment");
    expect(types).toContain("Observation");
    expect(types).toContain("Task");
    const walk = (value: unknown, path: string) => {
      if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}[${i}]`));
      else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) walk(v, `${path}.${k}`);
      else expect(value, path).not.toBeUndefined();
    };
    walk(bundle, "bundle");
    for (const e of bundle.entry) {
      expect(e.fullUrl).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
      expect(typeof e.resource.id).toBe("string");
    }
    const patient = bundle.entry.find((e) => e.resource.resourceType === "Patient")!;
    const appointment = bundle.entry.find((e) => e.resource.resourceType === "Appointment")!.resource as unknown as {
      status: string;
      start: string;
      participant: { actor: { reference?: string }; status: string }[];
    };
    expect(["booked", "fulfilled", "cancelled", "noshow"]).toContain(appointment.status);
    expect(appointment.start).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(appointment.participant[0]!.actor.reference).toBe(patient.fullUrl);
    expect(appointment.participant.every((p) => p.status === "accepted")).toBe(true);
    const observation = bundle.entry.find((e) => e.resource.resourceType === "Observation")!.resource;
    expect(observation).toMatchObject({ status: "final", code: { text: expect.any(String) }, subject: { reference: patient.fullUrl } });
    expect(observation.valueString).toBe("Fitzpatrick III. Mild acne scarring on cheeks.");

    const json = toJsonExport(record, "Demo spa");
    expect(json.healthNotes[0]!.text).toContain("Fitzpatrick");
    expect(json.correctionRequests[0]!.text).toBe("My skin type is IV, not III.");
    expect(json.accessLog.some((e) => e.reason === "Client disputes an invoice, checking the visit")).toBe(true);
  });

  it("stores correction requests encrypted, shows them to whoever may open the record, and audits each step", async () => {
    const { client, staff, actor } = await seeded();
    await expect(requestCorrection(db, { client: actor, keyRing, body: "short" })).rejects.toBeInstanceOf(FieldError);
    const { id } = await requestCorrection(db, { client: actor, keyRing, body: "I stopped isotretinoin in 2024, not 2025." });
    const raw = rowsOf<{ body_encrypted: string }>(
      await db.execute(sql`SELECT body_encrypted FROM record_correction_requests WHERE id = ${id}`),
    );
    expect(raw[0]!.body_encrypted).not.toContain("isotretinoin");
    expect((await describeHealthAccess(db, { staff, clientId: client.id })).openCorrections).toBe(1);
    const record = await viewHealthRecord(db, { staff, keyRing, clientId: client.id });
    expect(record.corrections).toMatchObject([{ id, status: "open", body: "I stopped isotretinoin in 2024, not 2025." }]);
    await resolveCorrectionRequest(db, { staff, clientId: client.id, requestId: id, status: "corrected" });
    await expect(resolveCorrectionRequest(db, { staff, clientId: client.id, requestId: id, status: "refused" })).rejects.toBeInstanceOf(
      FieldError,
    );
    const desk = await addStaff(db, { organizationId: org, role: "front-desk" });
    await expect(
      resolveCorrectionRequest(db, { staff: desk, clientId: client.id, requestId: id, status: "refused" }),
    ).rejects.toMatchObject({ reason: "role" });
    expect((await events(client.id, "health-record.correction-request")).map((e) => e.actorType)).toEqual(["client"]);
    expect((await events(client.id, "health-record.edit")).map((e) => (e.details as { change: string }).change)).toContain(
      "correction-corrected",
    );
  });
});

describe("data keys", () => {
  it("rotates: every value moves to the new key in one go, old keys become unused, and the data still reads", async () => {
    const oldKey = generateDataKey();
    const oldRing = createKeyRing([oldKey]);
    const client = await addClient(db, org);
    const staff = await practitionerStaff(client.id, true);
    await addHealthNote(db, { staff, keyRing: oldRing, clientId: client.id, body: "Rotated note one" });
    await addHealthNote(db, { staff, keyRing: oldRing, clientId: client.id, body: "Rotated note two" });
    await requestCorrection(db, {
      client: { clientId: client.id, organizationId: org },
      keyRing: oldRing,
      body: "Rotated correction text",
    });
    expect((await encryptedValueCounts(db)).get(keyIdOf(oldKey))).toBe(3);

    const newKey = generateDataKey();
    // The earlier tests' values (under baseKey) move too: every key the data names is in the ring.
    const ring = createKeyRing([newKey, oldKey, baseKey], { activeKeyId: keyIdOf(newKey) });
    const result = await reencryptHealthData(db, { keyRing: ring });
    expect(result.notes + result.corrections).toBeGreaterThanOrEqual(3);
    const counts = await encryptedValueCounts(db);
    expect([...counts.keys()]).toEqual([keyIdOf(newKey)]);
    expect(counts.get(keyIdOf(newKey))).toBe(result.notes + result.corrections);

    const onlyNew = createKeyRing([newKey]);
    const record = await viewHealthRecord(db, { staff, keyRing: onlyNew, clientId: client.id });
    expect(record.notes.map((n) => n.body).sort()).toEqual(["Rotated note one", "Rotated note two"]);
    expect(record.corrections.map((c) => c.body)).toEqual(["Rotated correction text"]);
    const [rotation] = await db.select().from(auditEvents).where(eq(auditEvents.action, "data-key.rotate"));
    expect(rotation).toMatchObject({ actorType: "system", entityId: keyIdOf(newKey) });
    useDataKey(newKey);
  });

  it("stops a rotation that meets a damaged value and changes nothing", async () => {
    const client = await addClient(db, org);
    const staff = await practitionerStaff(client.id, true);
    const { id } = await addHealthNote(db, { staff, keyRing, clientId: client.id, body: "Will be damaged" });
    await addHealthNote(db, { staff, keyRing, clientId: client.id, body: "Stays fine" });
    await tamper(id);
    const before = await encryptedValueCounts(db);
    const next = generateDataKey();
    const ring = createKeyRing([next, baseKey], { activeKeyId: keyIdOf(next) });
    await expect(reencryptHealthData(db, { keyRing: ring })).rejects.toThrow(/changed nothing.*health note/);
    expect(await encryptedValueCounts(db)).toEqual(before);
    await db.execute(sql`DELETE FROM client_health_notes WHERE id = ${id}`);
  });

  it("finds stored values whose key is missing, so the server can refuse to start", async () => {
    const client = await addClient(db, org);
    const staff = await practitionerStaff(client.id, true);
    await addHealthNote(db, { staff, keyRing, clientId: client.id, body: "Needs its key" });
    expect(await missingDataKeys(db, keyRing)).toEqual([]);
    const stranger = createKeyRing([generateDataKey()]);
    const missing = await missingDataKeys(db, stranger);
    expect(missing).toEqual([{ keyId: keyRing.activeKeyId, values: expect.any(Number) }]);
    expect(missing[0]!.values).toBeGreaterThan(0);
  });
});

describe("the audit search", () => {
  it("filters by client, staff member, action and dates, pages, and never shows note text", async () => {
    const client = await addClient(db, org, "Audit Searchable");
    const staff = await practitionerStaff(client.id, true);
    for (let i = 0; i < 3; i++) await addHealthNote(db, { staff, keyRing, clientId: client.id, body: `Secret note ${i}` });
    await viewHealthRecord(db, { staff, keyRing, clientId: client.id });
    const manager = await addStaff(db, { organizationId: org, role: "manager" });

    const byClient = await searchAuditEvents(db, { staff: manager, filters: { client: "audit searchable" } });
    expect(byClient.total).toBe(4);
    expect(byClient.events.every((e) => e.clientName === "Audit Searchable" && e.clientId === client.id)).toBe(true);
    expect(JSON.stringify(byClient)).not.toContain("Secret note");

    const paged = await searchAuditEvents(db, { staff: manager, filters: { clientId: client.id }, page: 2, pageSize: 3 });
    expect(paged).toMatchObject({ total: 4, page: 2, pageCount: 2 });
    expect(paged.events).toHaveLength(1);

    const byActor = await searchAuditEvents(db, { staff: manager, filters: { actorUserId: staff.userId, action: "health-record.view" } });
    expect(byActor.events.map((e) => [e.actorName, e.actorRole])).toEqual([[staff.name, "practitioner"]]);

    const future = await searchAuditEvents(db, { staff: manager, filters: { clientId: client.id, from: Date.now() + 86_400_000 } });
    expect(future.total).toBe(0);
    const past = await searchAuditEvents(db, { staff: manager, filters: { clientId: client.id, to: Date.now() - 86_400_000 } });
    expect(past.total).toBe(0);

    const practitioner = await addStaff(db, { organizationId: org, role: "practitioner" });
    await expect(searchAuditEvents(db, { staff: practitioner, filters: {} })).rejects.toThrow(/audit log/);
  });
});
