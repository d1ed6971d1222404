// Practitioners: weekly hours, time off and date exceptions, details, and the services they offer.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { practitionerExceptions, practitionerServices, timeOff } from "../../db/schema.ts";
import { testDatabaseKind } from "../../db/testing.ts";
import { addTimeOff, deleteTimeOff } from "./time-off.ts";
import {
  createPractitioner,
  getPractitionerDetail,
  listPractitionersForStaff,
  setPractitionerServices,
  updatePractitioner,
} from "./practitioners.ts";
import { deletePractitionerException, replacePractitionerHours, savePractitionerException } from "./working-hours.ts";
import { intervalRowsFromForm } from "./time-fields.ts";
import { fieldErrors, NOW, useAdminFixture } from "./test-fixture.ts";
import { NotFoundError } from "../../kernel/errors.ts";

const admin = useAdminFixture();
const { auditCount, lastAudit, hoursOf } = admin;

/** The owner replaces a practitioner's weekly hours. */
const ownerSetsHours = (practitionerId: string, hours: Parameters<typeof replacePractitionerHours>[1]["hours"]) =>
  replacePractitionerHours(admin.f.database.db, { staff: admin.owner, organizationId: admin.org, practitionerId, hours });
/** The owner adds time off to a practitioner's calendar. */
const ownerAddsTimeOff = (practitionerId: string, input: Parameters<typeof addTimeOff>[1]["input"]) =>
  addTimeOff(admin.f.database.db, { staff: admin.owner, organizationId: admin.org, practitionerId, input });

describe(`staff administration on ${testDatabaseKind}`, () => {
  describe("weekly hours", () => {
    it("replaces all of a practitioner's hours in one go and audits before and after", async () => {
      const p = admin.f.practitioners[0]!;
      const before = await hoursOf(p.id);
      expect(before).toContain("1 09:00-17:00");
      const result = await ownerSetsHours(p.id, {
        1: [
          { start: "1300", end: "17:00" },
          { start: "9:00", end: "12:00" },
          { start: "", end: "" },
        ],
        3: [{ start: "10:00", end: "24:00" }],
        6: [
          { start: "08:00", end: "12:00" },
          { start: "12:00", end: "14:00" },
        ],
      });
      expect(result.changed).toBe(true);
      expect(await hoursOf(p.id)).toEqual(["1 09:00-12:00", "1 13:00-17:00", "3 10:00-24:00", "6 08:00-12:00", "6 12:00-14:00"]);
      const row = await lastAudit("practitioner.hours.update");
      expect(row.entityId).toBe(p.id);
      expect(row.actorType).toBe("staff");
      expect(row.actorId).toBe("owner-user");
      expect(row.details).toMatchObject({
        before: { 1: [{ start: "09:00", end: "17:00" }], 2: [{ start: "09:00", end: "17:00" }] },
        after: {
          1: [
            { start: "09:00", end: "12:00" },
            { start: "13:00", end: "17:00" },
          ],
        },
      });
      expect((row.details.after as Record<string, unknown>)["2"]).toBeUndefined();
    });

    it("refuses overlapping, reversed and malformed intervals, changes nothing and audits nothing", async () => {
      const p = admin.f.practitioners[1]!;
      const before = await hoursOf(p.id);
      const audits = await auditCount();
      const errors = await fieldErrors(
        ownerSetsHours(p.id, {
          1: [
            { start: "09:00", end: "12:00" },
            { start: "11:30", end: "13:00" },
          ],
          2: [{ start: "17:00", end: "09:00" }],
          3: [{ start: "9am", end: "17:00" }],
          4: [{ start: "10:00", end: "25:00" }],
          5: [{ start: "10:00", end: "" }],
          6: [{ start: "12:00", end: "12:00" }],
        }),
      );
      expect(errors["hours.1.1.start"]).toMatch(/overlaps 09:00–12:00/);
      expect(errors["hours.2.0.end"]).toMatch(/after the start/);
      expect(errors["hours.3.0.start"]).toMatch(/not a time/);
      expect(errors["hours.4.0.end"]).toMatch(/not a time/);
      expect(errors["hours.5.0.end"]).toMatch(/Enter an end time/);
      expect(errors["hours.6.0.end"]).toMatch(/after the start/);
      expect(await hoursOf(p.id)).toEqual(before);
      expect(await auditCount()).toBe(audits);
    });

    it("reads interval rows from a submitted form", () => {
      const form = new FormData();
      form.append("hours.2.1.start", "13:00");
      form.append("hours.2.1.end", "17:00");
      form.append("hours.2.0.start", "09:00");
      form.append("hours.2.0.end", "12:00");
      form.append("hours.3.0.start", "10:00");
      form.append("hours.21.0.start", "10:00");
      expect(intervalRowsFromForm(form, "hours.2")).toEqual([
        { start: "09:00", end: "12:00" },
        { start: "13:00", end: "17:00" },
      ]);
    });

    it("writes nothing and audits nothing when the hours are unchanged", async () => {
      const p = admin.f.practitioners[1]!;
      const audits = await auditCount();
      const result = await ownerSetsHours(p.id, {
        2: [{ start: "11:00", end: "19:00" }],
        3: [{ start: "11:00", end: "19:00" }],
        4: [{ start: "11:00", end: "19:00" }],
        5: [{ start: "10:00", end: "18:00" }],
        6: [{ start: "10:00", end: "16:00" }],
      });
      expect(result.changed).toBe(false);
      expect(await auditCount()).toBe(audits);
    });
  });

  describe("time off and date exceptions", () => {
    it("refuses a local time that does not exist on the spring-forward day", async () => {
      const p = admin.f.practitioners[0]!;
      const audits = await auditCount();
      const errors = await fieldErrors(ownerAddsTimeOff(p.id, { start: "2027-03-14T02:30", end: "2027-03-14T10:00", reason: "Dentist" }));
      expect(errors.start).toMatch(/02:30 does not exist on 2027-03-14 in America\/Toronto/);
      expect(errors.start).toMatch(/from 02:00 to 03:00/);
      expect(errors.end).toBeUndefined();
      const rows = await admin.f.database.db.select().from(timeOff).where(eq(timeOff.practitionerId, p.id));
      expect(rows).toHaveLength(0);
      expect(await auditCount()).toBe(audits);
    });

    it("stores local date-times across a DST change as the right UTC instants", async () => {
      const p = admin.f.practitioners[0]!;
      const { id } = await ownerAddsTimeOff(p.id, { start: "2027-03-14T01:30", end: "2027-03-14T04:00", reason: "Conference" });
      const [row] = await admin.f.database.db.select().from(timeOff).where(eq(timeOff.id, id));
      expect(row!.startsAt.toISOString()).toBe("2027-03-14T06:30:00.000Z"); // EST, UTC-5
      expect(row!.endsAt.toISOString()).toBe("2027-03-14T08:00:00.000Z"); // EDT, UTC-4
      expect((await lastAudit("practitioner.time-off.create")).details).toMatchObject({ timeOffId: id });

      const detail = await getPractitionerDetail(admin.f.database.db, {
        staff: admin.frontDesk,
        organizationId: admin.org,
        practitionerId: p.id,
        now: NOW,
      });
      expect(detail.timeOff.map((t) => t.id)).toContain(id);

      await deleteTimeOff(admin.f.database.db, { staff: admin.owner, organizationId: admin.org, practitionerId: p.id, timeOffId: id });
      expect(await admin.f.database.db.select().from(timeOff).where(eq(timeOff.id, id))).toHaveLength(0);
      expect((await lastAudit("practitioner.time-off.delete")).details).toMatchObject({ timeOffId: id });
    });

    it("refuses an end before the start and malformed date-times", async () => {
      const p = admin.f.practitioners[0]!;
      const reversed = await fieldErrors(ownerAddsTimeOff(p.id, { start: "2027-04-02T12:00", end: "2027-04-02T09:00" }));
      expect(reversed.end).toMatch(/after the start/);
      const bad = await fieldErrors(ownerAddsTimeOff(p.id, { start: "2027-02-30T12:00", end: "tomorrow" }));
      expect(bad.start).toMatch(/not a date on the calendar/);
      expect(bad.end).toMatch(/not a date and time/);
    });

    it("saves a closed day and special hours, replaces the entry for the same date, and deletes it", async () => {
      const p = admin.f.practitioners[1]!;
      const scope = { staff: admin.owner, organizationId: admin.org, practitionerId: p.id };
      const first = await savePractitionerException(admin.f.database.db, {
        ...scope,
        input: { date: "2027-12-24", closed: "on", note: "Christmas Eve" },
      });
      expect(first.replaced).toBe(false);
      const second = await savePractitionerException(admin.f.database.db, {
        ...scope,
        input: { date: "2027-12-24", intervals: [{ start: "10:00", end: "14:00" }], note: "Short day" },
      });
      expect(second).toEqual({ id: first.id, replaced: true });
      const [row] = await admin.f.database.db.select().from(practitionerExceptions).where(eq(practitionerExceptions.id, first.id));
      expect(row!.intervals).toEqual([{ start: "10:00", end: "14:00" }]);
      expect((await lastAudit("practitioner.exception.update")).details).toMatchObject({
        before: { intervals: [], note: "Christmas Eve" },
        after: { intervals: [{ start: "10:00", end: "14:00" }], note: "Short day" },
      });

      const errors = await fieldErrors(
        savePractitionerException(admin.f.database.db, {
          ...scope,
          input: { date: "2027-13-01", intervals: [{ start: "14:00", end: "10:00" }] },
        }),
      );
      expect(errors.date).toBeTruthy();
      expect(errors["intervals.0.end"]).toMatch(/after the start/);
      const empty = await fieldErrors(
        savePractitionerException(admin.f.database.db, { ...scope, input: { date: "2027-12-27", intervals: [] } }),
      );
      expect(empty["intervals.0.start"]).toMatch(/Closed all day/);

      await deletePractitionerException(admin.f.database.db, { ...scope, exceptionId: first.id });
      expect(await admin.f.database.db.select().from(practitionerExceptions).where(eq(practitionerExceptions.id, first.id))).toHaveLength(
        0,
      );
      await expect(deletePractitionerException(admin.f.database.db, { ...scope, exceptionId: first.id })).rejects.toBeInstanceOf(
        NotFoundError,
      );
    });
  });

  describe("practitioners", () => {
    it("creates one, edits name, title and active, and lists inactive ones too", async () => {
      const { id } = await createPractitioner(admin.f.database.db, {
        staff: admin.owner,
        organizationId: admin.org,
        input: { name: "  Ana Silva ", title: "Aesthetician" },
      });
      expect((await lastAudit("practitioner.create")).entityId).toBe(id);
      await updatePractitioner(admin.f.database.db, {
        staff: admin.owner,
        organizationId: admin.org,
        practitionerId: id,
        input: { name: "Ana Silva", title: "Senior aesthetician", active: false, sortOrder: "3" },
      });
      expect((await lastAudit("practitioner.update")).details).toEqual({
        before: { title: "Aesthetician", active: true },
        after: { title: "Senior aesthetician", active: false },
      });
      const list = await listPractitionersForStaff(admin.f.database.db, { staff: admin.frontDesk, organizationId: admin.org });
      expect(list.find((p) => p.id === id)).toMatchObject({ name: "Ana Silva", active: false, serviceNames: [] });

      const errors = await fieldErrors(
        updatePractitioner(admin.f.database.db, {
          staff: admin.owner,
          organizationId: admin.org,
          practitionerId: id,
          input: { name: "  ", sortOrder: "first" },
        }),
      );
      expect(Object.keys(errors).sort()).toEqual(["name", "sortOrder"]);
    });

    it("sets which services a practitioner offers", async () => {
      const p = admin.f.practitioners[1]!;
      const scope = { staff: admin.owner, organizationId: admin.org, practitionerId: p.id };
      await setPractitionerServices(admin.f.database.db, { ...scope, serviceIds: [admin.f.services["consultation"]!.id] });
      const links = await admin.f.database.db.select().from(practitionerServices).where(eq(practitionerServices.practitionerId, p.id));
      expect(links.map((l) => l.serviceId)).toEqual([admin.f.services["consultation"]!.id]);
      expect((await lastAudit("practitioner.services.update")).details).toMatchObject({
        after: { serviceIds: [admin.f.services["consultation"]!.id] },
      });
      const errors = await fieldErrors(setPractitionerServices(admin.f.database.db, { ...scope, serviceIds: ["not-a-uuid"] }));
      expect(errors.serviceIds).toBeTruthy();
    });
  });
});
