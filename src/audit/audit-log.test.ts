// The audit page's rows in words: what each row is about by name (a service,
// a practitioner, a staff member, an invitation with the role it offers, an
// appointment as its service and time), the actor's own role, and names read
// for a whole page at once, never one query per row.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { staffInvitations } from "../auth/tables.ts";
import type { DbOrTx } from "../db/open.ts";
import { testDatabaseKind } from "../db/testing.ts";
import { addAppointment, addClient, addStaff } from "../privacy/test-fixtures.ts";
import { useClinicFixture, type ClinicFixture } from "../scheduling/test-fixtures.ts";
import { recordAuditEvent, searchAuditEvents, staffActor, summarizeDetails, type AuditEventInput } from "./audit-log.ts";

let f: ClinicFixture;
useClinicFixture((made) => {
  f = made;
});

/** `db` counting the queries it starts (select and selectDistinct). */
function counting(db: DbOrTx): { db: DbOrTx; queries: () => number } {
  let n = 0;
  const proxy = new Proxy(db, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if ((prop === "select" || prop === "selectDistinct") && typeof value === "function") {
        return (...args: unknown[]) => {
          n++;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return value;
    },
  });
  return { db: proxy, queries: () => n };
}

describe(`the audit log in words on ${testDatabaseKind}`, () => {
  it("names each row's record, gives the actor's own role, and reads names in a fixed number of queries", async () => {
    const db = f.database.db;
    const org = f.clinic.organizationId;
    const owner = await addStaff(db, { organizationId: org, role: "owner", name: "Olive Owner" });
    const manager = await addStaff(db, { organizationId: org, role: "manager", name: "Mona Manager" });
    const practitioner = await addStaff(db, {
      organizationId: org,
      role: "practitioner",
      name: "Pia Practitioner",
      practitionerId: f.practitioners[0]!.id,
    });
    const client = await addClient(db, org, "Chloé Client");
    const face = f.services["microneedling-face"]!;
    const appointment = await addAppointment(f, {
      clientId: client.id,
      practitionerId: f.practitioners[0]!.id,
      start: new Date("2027-03-16T14:00:00Z"),
      slug: "microneedling-face",
      minutes: 60,
    });
    const [invitation] = await db
      .insert(staffInvitations)
      .values({
        organizationId: org,
        email: "new.owner@example.test",
        emailNormalized: "new.owner@example.test",
        role: "owner",
        tokenHash: randomUUID(),
        invitedBy: owner.userId,
        expiresAt: new Date("2027-03-20T00:00:00Z"),
      })
      .returning();
    const write = (e: Omit<AuditEventInput, "organizationId">) => recordAuditEvent(db, { organizationId: org, ...e });
    const by = (s: { userId: string }) => staffActor(s);
    const events = async (n: number) => {
      for (let i = 0; i < n; i++) {
        await write({
          actor: by(owner),
          action: "service.update",
          entityType: "service",
          entityId: face.id,
          details: { price: { from: "2027-03-01", before: { cents: 8000, currency: "CAD" }, after: { cents: 9500, currency: "CAD" } } },
        });
        await write({ actor: by(manager), action: "practitioner.update", entityType: "practitioner", entityId: f.practitioners[1]!.id });
        // The owner invites someone as a practitioner: `role` is the invitation's, not the owner's.
        await write({
          actor: by(owner),
          action: "staff.invite",
          entityType: "staff_invitation",
          entityId: invitation!.id,
          details: { email: "new.owner@example.test", role: "practitioner" },
        });
        await write({ actor: by(manager), action: "staff.sign-in", entityType: "staff_member", entityId: manager.userId });
        await write({
          actor: by(manager),
          action: "staff.remove",
          entityType: "staff_member",
          entityId: practitioner.userId,
          details: { role: "practitioner" },
        });
        await write({ actor: by(owner), action: "appointment.book", entityType: "appointment", entityId: appointment.id });
        // A health-record row names the actor's role at the time.
        await write({
          actor: by(practitioner),
          action: "health-record.view",
          entityType: "health-record",
          entityId: client.id,
          details: { role: "practitioner" },
        });
        await write({
          actor: by(owner),
          action: "service.update",
          entityType: "service",
          entityId: randomUUID(),
          details: { after: { name: "x" } },
        });
        await write({ actor: by(owner), action: "settings.update", entityType: "clinic_settings", entityId: org });
      }
    };

    await events(1);
    const one = counting(db);
    const page = await searchAuditEvents(one.db, { staff: { role: "owner", organizationId: org }, filters: {}, pageSize: 9 });
    const row = (action: string, entityType?: string) =>
      page.events.find((e) => e.action === action && (!entityType || e.entityType === entityType))!;

    expect(row("service.update", "service")).toBeDefined();
    const price = page.events.filter((e) => e.action === "service.update");
    expect(price.map((e) => e.entity)).toEqual(
      expect.arrayContaining([
        { kind: "Service", name: "Microneedling — face", at: null, href: `/staff/services/${face.id}` },
        // A service since removed (or never this clinic's) is named by its kind alone.
        { kind: "Service", name: null, at: null, href: null },
      ]),
    );
    expect(price.map((e) => e.summary)).toContain("Price: $80.00 → $95.00 from March 1, 2027");
    expect(row("practitioner.update").entity).toMatchObject({ kind: "Practitioner", name: f.practitioners[1]!.name });
    expect(row("staff.invite")).toMatchObject({
      actorName: "Olive Owner",
      actorRole: "owner",
      entity: { kind: "Invitation", name: "new.owner@example.test (Owner)" },
    });
    expect(row("staff.sign-in")).toMatchObject({ actorRole: "manager", entity: { kind: "Staff member", name: "Mona Manager" } });
    expect(row("staff.remove")).toMatchObject({ actorRole: "manager", entity: { name: "Pia Practitioner" } });
    expect(row("appointment.book")).toMatchObject({
      clientName: "Chloé Client",
      entity: { kind: "Appointment", name: "Microneedling — face", at: Date.parse("2027-03-16T14:00:00Z") },
    });
    expect(row("health-record.view")).toMatchObject({ actorRole: "practitioner", clientName: "Chloé Client", entity: null });
    expect(row("settings.update").entity).toEqual({ kind: "Clinic settings", name: null, at: null, href: null });
    // No id is shown as a name or a kind (links may carry them).
    for (const e of page.events) expect(`${e.entity?.kind} ${e.entity?.name}`).not.toMatch(/[0-9a-f]{8}/);

    // Ten times the rows of the same kinds: the same number of queries.
    await events(9);
    const ten = counting(db);
    const big = await searchAuditEvents(ten.db, { staff: { role: "owner", organizationId: org }, filters: {}, pageSize: 90 });
    expect(big.events).toHaveLength(90);
    expect(ten.queries()).toBe(one.queries());
  });

  it("words price changes: amounts and the day, free and on request, a cancelled change", () => {
    const cad = (cents: number | null) => ({ cents, currency: "CAD" });
    expect(summarizeDetails({ price: { from: "2027-03-01", before: cad(8000), after: cad(9500) } })).toBe(
      "Price: $80.00 → $95.00 from March 1, 2027",
    );
    expect(summarizeDetails({ price: { from: "2027-03-01", before: cad(null), after: cad(0) } })).toBe(
      "Price: on request → free from March 1, 2027",
    );
    expect(summarizeDetails({ price: { from: "2027-03-10", before: null, after: cad(19950) }, after: { name: "x" } })).toBe(
      "Price: $199.50 from March 10, 2027 · Changed: name",
    );
    expect(summarizeDetails({ price: { from: "2027-03-01", before: { cents: 8000, currency: "USD" }, after: cad(9500) } })).toBe(
      "Price: US$80.00 → $95.00 from March 1, 2027",
    );
    // Anything else under `price` is not shown.
    expect(summarizeDetails({ price: { from: "yesterday", after: cad(1) } })).toBe("");
    expect(summarizeDetails({ price: "free" })).toBe("");
  });
});
