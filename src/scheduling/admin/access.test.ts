// Who may do what: roles, and one organization's staff never reaching another's records.
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  auditEvents,
  clinicSettings,
  locations,
  organizations,
  outboxMessages,
  practitionerHours,
  practitioners,
  services,
  timeOff,
} from "../../db/schema.ts";
import { testDatabaseKind } from "../../db/testing.ts";
import {
  addTimeOff,
  createPractitioner,
  createService,
  deleteTimeOff,
  getOutboxMessage,
  getPractitionerDetail,
  getServiceDetail,
  getSettingsForStaff,
  listOutboxMessages,
  listPractitionersForStaff,
  listServicesForStaff,
  replacePractitionerHours,
  savePractitionerException,
  setPractitionerServices,
  updatePractitioner,
  updateService,
  updateSettings,
  type StaffActor,
} from "../admin.ts";
import type { ClinicFixture } from "../test-fixtures.ts";
import { adminQueries, createAdminFixture, fieldErrors, NOW, serviceInput, settingsInput } from "./test-fixture.ts";
import { ForbiddenError, NotFoundError, problemOf } from "../../kernel/errors.ts";

let f: ClinicFixture;
let org: string;
let owner: StaffActor;
let frontDesk: StaffActor;
const { auditCount, hoursOf } = adminQueries(() => f);

beforeAll(async () => {
  ({ f, org, owner, frontDesk } = await createAdminFixture());
});
afterAll(async () => {
  await f?.database.close();
});

describe(`staff administration on ${testDatabaseKind}`, () => {
  describe("roles", () => {
    it("lets front-desk staff see everything and change nothing", async () => {
      const p = f.practitioners[0]!;
      const face = f.services["microneedling-face"]!;
      const scope = { staff: frontDesk, organizationId: org };
      const audits = await auditCount();
      const refusals = [
        () => createPractitioner(f.database.db, { ...scope, input: { name: "Nope" } }),
        () => updatePractitioner(f.database.db, { ...scope, practitionerId: p.id, input: { name: "Nope", active: true } }),
        () => replacePractitionerHours(f.database.db, { ...scope, practitionerId: p.id, hours: {} }),
        () => savePractitionerException(f.database.db, { ...scope, practitionerId: p.id, input: { date: "2027-12-25", closed: true } }),
        () => addTimeOff(f.database.db, { ...scope, practitionerId: p.id, input: { start: "2027-04-01T09:00", end: "2027-04-01T10:00" } }),
        () => setPractitionerServices(f.database.db, { ...scope, practitionerId: p.id, serviceIds: [] }),
        () => createService(f.database.db, { ...scope, input: serviceInput({ slug: "nope" }) }),
        () => updateService(f.database.db, { ...scope, serviceId: face.id, input: serviceInput({ slug: face.slug }) }),
        () => updateSettings(f.database.db, { ...scope, input: settingsInput }),
      ];
      for (const attempt of refusals) await expect(attempt()).rejects.toBeInstanceOf(ForbiddenError);
      expect(await auditCount()).toBe(audits);
      expect(await hoursOf(p.id)).not.toHaveLength(0);
      expect(problemOf(new ForbiddenError("change services"))).toMatchObject({ status: 403 });

      await expect(listPractitionersForStaff(f.database.db, scope)).resolves.not.toHaveLength(0);
      await expect(listServicesForStaff(f.database.db, scope)).resolves.not.toHaveLength(0);
      await expect(getSettingsForStaff(f.database.db, scope)).resolves.toBeTruthy();
      await expect(listOutboxMessages(f.database.db, scope)).resolves.toMatchObject({ page: 1 });
      const practitionerRole: StaffActor = { userId: "p-user", role: "practitioner", organizationId: org };
      await expect(
        updateSettings(f.database.db, { staff: practitionerRole, organizationId: org, input: settingsInput }),
      ).rejects.toBeInstanceOf(ForbiddenError);
    });
  });

  describe("organization scoping", () => {
    let other: { org: string; practitionerId: string; serviceId: string; timeOffId: string; messageId: string };

    beforeAll(async () => {
      const db = f.database.db;
      const [o] = await db.insert(organizations).values({ slug: "other-clinic", name: "Other clinic" }).returning();
      await db.insert(clinicSettings).values({
        organizationId: o!.id,
        minimumNoticeMinutes: 60,
        horizonDays: 90,
        slotStepMinutes: 30,
        cancellationWindowMinutes: 720,
        holdMinutes: 5,
      });
      const [loc] = await db
        .insert(locations)
        .values({
          organizationId: o!.id,
          name: "Elsewhere",
          street: "",
          city: "Vancouver",
          region: "BC",
          postalCode: "",
          country: "CA",
          phone: "",
          email: "other@example.test",
          timeZone: "America/Vancouver",
        })
        .returning();
      const [p] = await db
        .insert(practitioners)
        .values({ organizationId: o!.id, locationId: loc!.id, name: "Other practitioner" })
        .returning();
      await db
        .insert(practitionerHours)
        .values({ organizationId: o!.id, practitionerId: p!.id, weekday: 1, startTime: "09:00", endTime: "17:00" });
      const [s] = await db
        .insert(services)
        .values({ organizationId: o!.id, slug: "other-service", name: "Other service", kind: "treatment", durationMinutes: 60 })
        .returning();
      const [t] = await db
        .insert(timeOff)
        .values({ organizationId: o!.id, practitionerId: p!.id, startsAt: new Date(NOW), endsAt: new Date(NOW + 3_600_000) })
        .returning();
      const [m] = await db
        .insert(outboxMessages)
        .values({
          organizationId: o!.id,
          kind: "booking-confirmation",
          toAddress: "x@example.test",
          subject: "Other",
          bodyText: "x",
          bodyHtml: "<p>x</p>",
        })
        .returning();
      other = { org: o!.id, practitionerId: p!.id, serviceId: s!.id, timeOffId: t!.id, messageId: m!.id };
    });

    it("does not find or change another organization's records by id", async () => {
      const scope = { staff: owner, organizationId: org };
      const audits = await auditCount();
      const attempts = [
        () => getPractitionerDetail(f.database.db, { ...scope, practitionerId: other.practitionerId, now: NOW }),
        () =>
          updatePractitioner(f.database.db, {
            ...scope,
            practitionerId: other.practitionerId,
            input: { name: "Taken over", active: true },
          }),
        () => replacePractitionerHours(f.database.db, { ...scope, practitionerId: other.practitionerId, hours: {} }),
        () =>
          addTimeOff(f.database.db, {
            ...scope,
            practitionerId: other.practitionerId,
            input: { start: "2027-04-01T09:00", end: "2027-04-01T10:00" },
          }),
        () => deleteTimeOff(f.database.db, { ...scope, practitionerId: f.practitioners[0]!.id, timeOffId: other.timeOffId }),
        () => deleteTimeOff(f.database.db, { ...scope, practitionerId: other.practitionerId, timeOffId: other.timeOffId }),
        () => getServiceDetail(f.database.db, { ...scope, serviceId: other.serviceId }),
        () => updateService(f.database.db, { ...scope, serviceId: other.serviceId, input: serviceInput({ slug: "taken-over" }) }),
        () => getOutboxMessage(f.database.db, { ...scope, id: other.messageId }),
        () => getPractitionerDetail(f.database.db, { ...scope, practitionerId: "not-a-uuid", now: NOW }),
      ];
      for (const attempt of attempts) await expect(attempt()).rejects.toBeInstanceOf(NotFoundError);

      // Another organization's ids are not accepted as links either.
      const linkService = await fieldErrors(
        setPractitionerServices(f.database.db, { ...scope, practitionerId: f.practitioners[0]!.id, serviceIds: [other.serviceId] }),
      );
      expect(linkService.serviceIds).toBeTruthy();
      const linkPractitioner = await fieldErrors(
        createService(f.database.db, { ...scope, input: serviceInput({ slug: "linked", practitionerIds: [other.practitionerId] }) }),
      );
      expect(linkPractitioner.practitionerIds).toBeTruthy();

      // Staff of one organization cannot name another organization at all.
      await expect(listServicesForStaff(f.database.db, { staff: owner, organizationId: other.org })).rejects.toBeInstanceOf(ForbiddenError);
      await expect(updateSettings(f.database.db, { staff: owner, organizationId: other.org, input: settingsInput })).rejects.toBeInstanceOf(
        ForbiddenError,
      );

      const [p] = await f.database.db.select().from(practitioners).where(eq(practitioners.id, other.practitionerId));
      expect(p!.name).toBe("Other practitioner");
      expect(await hoursOf(other.practitionerId)).toEqual(["1 09:00-17:00"]);
      expect(await f.database.db.select().from(timeOff).where(eq(timeOff.id, other.timeOffId))).toHaveLength(1);
      const [s] = await f.database.db.select().from(services).where(eq(services.id, other.serviceId));
      expect(s!.slug).toBe("other-service");
      const [settings] = await f.database.db.select().from(clinicSettings).where(eq(clinicSettings.organizationId, other.org));
      expect(settings!.horizonDays).toBe(90);
      expect(await auditCount()).toBe(audits);
      const [otherAudits] = await f.database.db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.organizationId, other.org));
      expect(Number(otherAudits!.n)).toBe(0);

      // Lists only ever show the organization's own rows.
      const list = await listServicesForStaff(f.database.db, scope);
      expect(list.map((x) => x.id)).not.toContain(other.serviceId);
      const outbox = await listOutboxMessages(f.database.db, scope);
      expect(outbox.messages.map((x) => x.id)).not.toContain(other.messageId);
    });
  });
});
