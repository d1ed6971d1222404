// Who may do what: roles, and one organization's staff never reaching another's records.
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertClinic, insertPractitioner } from "../../db/clinic-rows.ts";
import { auditEvents, clinicSettings, outboxMessages, practitioners, services, timeOff } from "../../db/schema.ts";
import { testDatabaseKind } from "../../db/testing.ts";
import { addTimeOff, deleteTimeOff } from "./time-off.ts";
import {
  createPractitioner,
  getPractitionerDetail,
  listPractitionersForStaff,
  setPractitionerServices,
  updatePractitioner,
} from "./practitioners.ts";
import { createService, getServiceDetail, listServicesForStaff, updateService } from "./services.ts";
import { getOutboxMessage, listOutboxMessages } from "./outbox.ts";
import { getSettingsForStaff, updateSettings } from "./settings.ts";
import { replacePractitionerHours, savePractitionerException } from "./working-hours.ts";
import { type StaffActor } from "./access.ts";
import { otherClinicRows } from "../test-fixtures.ts";
import { fieldErrors, NOW, serviceInput, settingsInput, useAdminFixture } from "./test-fixture.ts";
import { ForbiddenError, NotFoundError, problemOf } from "../../kernel/errors.ts";

const admin = useAdminFixture();
const { auditCount, hoursOf } = admin;

describe(`staff administration on ${testDatabaseKind}`, () => {
  describe("roles", () => {
    it("lets front-desk staff see everything and change nothing", async () => {
      const p = admin.f.practitioners[0]!;
      const face = admin.f.services["microneedling-face"]!;
      const scope = { staff: admin.frontDesk, organizationId: admin.org };
      const audits = await auditCount();
      const refusals = [
        () => createPractitioner(admin.f.database.db, { ...scope, input: { name: "Nope" } }),
        () => updatePractitioner(admin.f.database.db, { ...scope, practitionerId: p.id, input: { name: "Nope", active: true } }),
        () => replacePractitionerHours(admin.f.database.db, { ...scope, practitionerId: p.id, hours: {} }),
        () =>
          savePractitionerException(admin.f.database.db, { ...scope, practitionerId: p.id, input: { date: "2027-12-25", closed: true } }),
        () =>
          addTimeOff(admin.f.database.db, {
            ...scope,
            practitionerId: p.id,
            input: { start: "2027-04-01T09:00", end: "2027-04-01T10:00" },
          }),
        () => setPractitionerServices(admin.f.database.db, { ...scope, practitionerId: p.id, serviceIds: [] }),
        () => createService(admin.f.database.db, { ...scope, input: serviceInput({ slug: "nope" }) }),
        () => updateService(admin.f.database.db, { ...scope, serviceId: face.id, input: serviceInput({ slug: face.slug }) }),
        () => updateSettings(admin.f.database.db, { ...scope, input: settingsInput }),
      ];
      for (const attempt of refusals) await expect(attempt()).rejects.toBeInstanceOf(ForbiddenError);
      expect(await auditCount()).toBe(audits);
      expect(await hoursOf(p.id)).not.toHaveLength(0);
      expect(problemOf(new ForbiddenError("change services"))).toMatchObject({ status: 403 });

      await expect(listPractitionersForStaff(admin.f.database.db, scope)).resolves.not.toHaveLength(0);
      await expect(listServicesForStaff(admin.f.database.db, scope)).resolves.not.toHaveLength(0);
      await expect(getSettingsForStaff(admin.f.database.db, scope)).resolves.toBeTruthy();
      await expect(listOutboxMessages(admin.f.database.db, scope)).resolves.toMatchObject({ page: 1 });
      const practitionerRole: StaffActor = { userId: "p-user", role: "practitioner", organizationId: admin.org };
      await expect(
        updateSettings(admin.f.database.db, { staff: practitionerRole, organizationId: admin.org, input: settingsInput }),
      ).rejects.toBeInstanceOf(ForbiddenError);
    });
  });

  describe("organization scoping", () => {
    let other: { org: string; practitionerId: string; serviceId: string; timeOffId: string; messageId: string };

    beforeAll(async () => {
      const db = admin.f.database.db;
      const { organizationId, locationId } = await insertClinic(
        db,
        otherClinicRows({
          settings: { minimumNoticeMinutes: 60, horizonDays: 90, slotStepMinutes: 30, cancellationWindowMinutes: 720, holdMinutes: 5 },
          phone: "",
        }),
      );
      const practitionerId = await insertPractitioner(db, {
        practitioner: { organizationId, locationId, name: "Other practitioner" },
        hours: [{ weekday: 1, startTime: "09:00", endTime: "17:00" }],
      });
      const [s] = await db
        .insert(services)
        .values({ organizationId, slug: "other-service", name: "Other service", kind: "treatment", durationMinutes: 60 })
        .returning();
      const [t] = await db
        .insert(timeOff)
        .values({ organizationId, practitionerId, startsAt: new Date(NOW), endsAt: new Date(NOW + 3_600_000) })
        .returning();
      const [m] = await db
        .insert(outboxMessages)
        .values({
          organizationId,
          kind: "booking-confirmation",
          toAddress: "x@example.test",
          subject: "Other",
          bodyText: "x",
          bodyHtml: "<p>x</p>",
        })
        .returning();
      other = { org: organizationId, practitionerId, serviceId: s!.id, timeOffId: t!.id, messageId: m!.id };
    });

    it("does not find or change another organization's records by id", async () => {
      const scope = { staff: admin.owner, organizationId: admin.org };
      const audits = await auditCount();
      const attempts = [
        () => getPractitionerDetail(admin.f.database.db, { ...scope, practitionerId: other.practitionerId, now: NOW }),
        () =>
          updatePractitioner(admin.f.database.db, {
            ...scope,
            practitionerId: other.practitionerId,
            input: { name: "Taken over", active: true },
          }),
        () => replacePractitionerHours(admin.f.database.db, { ...scope, practitionerId: other.practitionerId, hours: {} }),
        () =>
          addTimeOff(admin.f.database.db, {
            ...scope,
            practitionerId: other.practitionerId,
            input: { start: "2027-04-01T09:00", end: "2027-04-01T10:00" },
          }),
        () => deleteTimeOff(admin.f.database.db, { ...scope, practitionerId: admin.f.practitioners[0]!.id, timeOffId: other.timeOffId }),
        () => deleteTimeOff(admin.f.database.db, { ...scope, practitionerId: other.practitionerId, timeOffId: other.timeOffId }),
        () => getServiceDetail(admin.f.database.db, { ...scope, serviceId: other.serviceId }),
        () => updateService(admin.f.database.db, { ...scope, serviceId: other.serviceId, input: serviceInput({ slug: "taken-over" }) }),
        () => getOutboxMessage(admin.f.database.db, { ...scope, id: other.messageId }),
        () => getPractitionerDetail(admin.f.database.db, { ...scope, practitionerId: "not-a-uuid", now: NOW }),
      ];
      for (const attempt of attempts) await expect(attempt()).rejects.toBeInstanceOf(NotFoundError);

      // Another organization's ids are not accepted as links either.
      const linkService = await fieldErrors(
        setPractitionerServices(admin.f.database.db, {
          ...scope,
          practitionerId: admin.f.practitioners[0]!.id,
          serviceIds: [other.serviceId],
        }),
      );
      expect(linkService.serviceIds).toBeTruthy();
      const linkPractitioner = await fieldErrors(
        createService(admin.f.database.db, { ...scope, input: serviceInput({ slug: "linked", practitionerIds: [other.practitionerId] }) }),
      );
      expect(linkPractitioner.practitionerIds).toBeTruthy();

      // Staff of one organization cannot name another organization at all.
      await expect(listServicesForStaff(admin.f.database.db, { staff: admin.owner, organizationId: other.org })).rejects.toBeInstanceOf(
        ForbiddenError,
      );
      await expect(
        updateSettings(admin.f.database.db, { staff: admin.owner, organizationId: other.org, input: settingsInput }),
      ).rejects.toBeInstanceOf(ForbiddenError);

      const [p] = await admin.f.database.db.select().from(practitioners).where(eq(practitioners.id, other.practitionerId));
      expect(p!.name).toBe("Other practitioner");
      expect(await hoursOf(other.practitionerId)).toEqual(["1 09:00-17:00"]);
      expect(await admin.f.database.db.select().from(timeOff).where(eq(timeOff.id, other.timeOffId))).toHaveLength(1);
      const [s] = await admin.f.database.db.select().from(services).where(eq(services.id, other.serviceId));
      expect(s!.slug).toBe("other-service");
      const [settings] = await admin.f.database.db.select().from(clinicSettings).where(eq(clinicSettings.organizationId, other.org));
      expect(settings!.horizonDays).toBe(90);
      expect(await auditCount()).toBe(audits);
      const [otherAudits] = await admin.f.database.db
        .select({ n: count() })
        .from(auditEvents)
        .where(eq(auditEvents.organizationId, other.org));
      expect(Number(otherAudits!.n)).toBe(0);

      // Lists only ever show the organization's own rows.
      const list = await listServicesForStaff(admin.f.database.db, scope);
      expect(list.map((x) => x.id)).not.toContain(other.serviceId);
      const outbox = await listOutboxMessages(admin.f.database.db, scope);
      expect(outbox.messages.map((x) => x.id)).not.toContain(other.messageId);
    });
  });
});
