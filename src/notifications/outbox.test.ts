// The Reply-To of the clinic's e-mails (docs/operations.md, "E-mail") on the
// test database (PGlite, or PostgreSQL when TEST_DATABASE_URL is set): every
// e-mail is queued with the clinic's address as it stands then, the .eml the
// file transport writes carries it as Reply-To, a text has none, a change of
// the clinic's address (a setting, audited) reaches e-mails queued after it
// and not those already waiting, and staff see the Reply-To in the outbox.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { composePlanReadyMessage } from "../clients/portal-messages.ts";
import type { Db } from "../db/open.ts";
import { auditEvents, locations, outboxMessages } from "../db/schema.ts";
import { testDatabaseKind } from "../db/testing.ts";
import { ForbiddenError } from "../kernel/errors.ts";
import { addClient } from "../privacy/test-fixtures.ts";
import { getClinicEmail, updateClinicEmail } from "../scheduling/admin/clinic-email.ts";
import { getOutboxMessage } from "../scheduling/admin/outbox.ts";
import { getSettingsForStaff } from "../scheduling/admin/settings.ts";
import type { StaffActor } from "../scheduling/admin/access.ts";
import { fieldErrors } from "../scheduling/admin/test-fixture.ts";
import { createClinicFixture, type ClinicFixture } from "../scheduling/test-fixtures.ts";
import { removeFolder, trackFolder } from "../testing/cleanup.ts";
import { createMailTransport, enqueueMessage, startOutboxWorker, type OutboxWorker } from "./outbox.ts";
import { agreeToTexts, enqueueTextFor } from "./texts.ts";

const NOW = Date.parse("2027-03-01T15:00:00Z");

let f: ClinicFixture | undefined;
let db: Db;
let org: string;
let dataDir: string | undefined;
let owner: StaffActor;
const workers: OutboxWorker[] = [];

beforeAll(async () => {
  dataDir = trackFolder(mkdtempSync(join(tmpdir(), "dermaplan-outbox-")));
  f = await createClinicFixture();
  db = f.database.db;
  org = f.clinic.organizationId;
  owner = { userId: "owner-user", role: "owner", organizationId: org };
}, 120_000);

afterAll(async () => {
  await Promise.allSettled(workers.map((w) => w.stop()));
  await f?.database.close();
  if (dataDir) removeFolder(dataDir);
});

beforeEach(async () => {
  await db.delete(outboxMessages);
});

function worker(): OutboxWorker {
  const w = startOutboxWorker({
    db,
    transport: createMailTransport({ dataDir: dataDir! }),
    from: "Glow <no-reply@example.test>",
    pollMs: 3_600_000,
    workerId: `outbox-test-${workers.length}`,
  });
  workers.push(w);
  return w;
}

async function queuePlanReady(to: string) {
  await enqueueMessage(db, {
    organizationId: org,
    appointmentId: null,
    kind: "plan-ready",
    message: composePlanReadyMessage({
      to,
      clinicName: f!.clinic.name,
      clinicPhone: f!.clinic.location.phone,
      portalUrl: "http://localhost:3000/portal/login",
    }),
  });
  const [row] = await db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, to));
  return row!;
}

/** The .eml's header block, folded lines joined. */
function headersOf(path: string): string {
  const eml = readFileSync(path, "utf8");
  return eml.slice(0, eml.indexOf("\r\n\r\n")).replace(/\r\n[ \t]+/g, " ");
}

describe(`the Reply-To of the clinic's e-mails on ${testDatabaseKind}`, () => {
  it("queues a plan-ready e-mail with the clinic's address and sends it with Reply-To, so 'reply to this e-mail' reaches the clinic", async () => {
    const clinicEmail = f!.clinic.location.email;
    expect(clinicEmail).toBe("hello@demo.dermaplan.test");
    const row = await queuePlanReady("reader@example.test");
    expect(row.replyTo).toBe(clinicEmail);
    expect(row.bodyText).toContain("reply to this e-mail");
    expect(await worker().drain()).toBe(1);
    const [sent] = await db.select().from(outboxMessages).where(eq(outboxMessages.id, row.id));
    expect(sent!.status).toBe("sent");
    const headers = headersOf(sent!.deliveredTo!);
    expect(headers).toContain(`Reply-To: ${clinicEmail}`);
    expect(headers).toContain("From: Glow <no-reply@example.test>");

    const view = await getOutboxMessage(db, { staff: owner, organizationId: org, id: row.id });
    expect(view.message.replyTo).toBe(clinicEmail);
  });

  it("a text has no Reply-To", async () => {
    const c = await addClient(db, org);
    const messages = { mobileRequired: "m", mobileInvalid: "i", agreeRequired: "a" };
    await agreeToTexts(db, { organizationId: org, clientId: c.id, mobile: "+12265550199", agreed: true, now: NOW, messages });
    expect(
      await enqueueTextFor(db, { organizationId: org, clientId: c.id, appointmentId: null, kind: "test.text", compose: () => "Glow: hi" }),
    ).toBe(true);
    const [text] = await db.select().from(outboxMessages).where(eq(outboxMessages.channel, "sms"));
    expect(text!.replyTo).toBeNull();
  });

  it("the clinic's address is a setting: owner or manager change it, audited; e-mails queued after reply there, those waiting keep theirs", async () => {
    const waiting = await queuePlanReady("before@example.test");
    const frontDesk: StaffActor = { userId: "desk-user", role: "front-desk", organizationId: org };
    await expect(updateClinicEmail(db, { staff: frontDesk, organizationId: org, input: { email: "x@example.test" } })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    expect(await fieldErrors(updateClinicEmail(db, { staff: owner, organizationId: org, input: { email: "" } }))).toEqual({
      email: "Enter the clinic's e-mail address.",
    });
    expect(await fieldErrors(updateClinicEmail(db, { staff: owner, organizationId: org, input: { email: "not an address" } }))).toEqual({
      email: "Enter an e-mail address like hello@yourclinic.ca.",
    });

    const before = await getClinicEmail(db, { staff: frontDesk, organizationId: org });
    const changed = await updateClinicEmail(db, { staff: owner, organizationId: org, input: { email: " desk@glow.example " } });
    expect(changed).toEqual({ changed: true, email: "desk@glow.example" });
    expect(await updateClinicEmail(db, { staff: owner, organizationId: org, input: { email: "desk@glow.example" } })).toEqual({
      changed: false,
      email: "desk@glow.example",
    });
    const audits = await db.select().from(auditEvents).where(eq(auditEvents.entityType, "location"));
    expect(audits.map((a) => ({ action: a.action, actorId: a.actorId, details: a.details }))).toEqual([
      { action: "settings.update", actorId: "owner-user", details: { before: { email: before }, after: { email: "desk@glow.example" } } },
    ]);
    const { history } = await getSettingsForStaff(db, { staff: frontDesk, organizationId: org });
    expect(history[0]).toMatchObject({ before: { email: before }, after: { email: "desk@glow.example" } });

    const after = await queuePlanReady("after@example.test");
    expect(after.replyTo).toBe("desk@glow.example");
    expect(await worker().drain()).toBe(2);
    const sent = await db.select().from(outboxMessages);
    const fileOf = (id: string) => sent.find((r) => r.id === id)!.deliveredTo!;
    expect(headersOf(fileOf(waiting.id))).toContain(`Reply-To: ${before}`);
    expect(headersOf(fileOf(after.id))).toContain("Reply-To: desk@glow.example");
  });

  it("a clinic with no address (or a message queued before Reply-To was stored) sends without the header", async () => {
    await db.update(locations).set({ email: "" }).where(eq(locations.organizationId, org));
    try {
      const row = await queuePlanReady("none@example.test");
      expect(row.replyTo).toBeNull();
      expect(await worker().drain()).toBe(1);
      const [sent] = await db.select().from(outboxMessages).where(eq(outboxMessages.id, row.id));
      expect(headersOf(sent!.deliveredTo!)).not.toMatch(/^Reply-To:/im);
    } finally {
      await db.update(locations).set({ email: "hello@demo.dermaplan.test" }).where(eq(locations.organizationId, org));
    }
  });
});
