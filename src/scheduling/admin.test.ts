import { and, asc, count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ForbiddenError } from "../auth/roles.ts";
import {
  auditEvents,
  clinicSettings,
  locations,
  organizations,
  outboxMessages,
  practitionerExceptions,
  practitionerHours,
  practitionerServices,
  practitioners,
  services,
  timeOff,
} from "../db/schema.ts";
import { testDatabaseKind } from "../db/testing.ts";
import {
  addTimeOff,
  centsToPriceInput,
  classifyAdminError,
  createPractitioner,
  createService,
  deletePractitionerException,
  deleteTimeOff,
  getOutboxMessage,
  getPractitionerDetail,
  getServiceDetail,
  getSettingsForStaff,
  intervalRowsFromForm,
  listOutboxMessages,
  listPractitionersForStaff,
  listServicesForStaff,
  parsePriceToCents,
  replacePractitionerHours,
  savePractitionerException,
  setPractitionerServices,
  slugify,
  updatePractitioner,
  updateService,
  updateSettings,
  type ServiceInput,
  type StaffActor,
} from "./admin.ts";
import { constraintViolation, FieldError, NotFoundError } from "./errors.ts";
import { createClinicFixture, type ClinicFixture } from "./test-fixtures.ts";

const NOW = Date.parse("2027-03-10T12:00:00Z");
let f: ClinicFixture;
let org: string;
let owner: StaffActor;
let frontDesk: StaffActor;

/** The FieldError a promise rejects with, so its messages can be checked. */
async function fieldErrors(promise: Promise<unknown>): Promise<Record<string, string>> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof FieldError) return error.errors;
    throw error;
  }
  throw new Error("expected a FieldError, but it succeeded");
}

async function auditCount(action?: string): Promise<number> {
  const [row] = await f.database.db
    .select({ n: count() })
    .from(auditEvents)
    .where(and(eq(auditEvents.organizationId, org), action ? eq(auditEvents.action, action) : undefined));
  return Number(row!.n);
}

async function lastAudit(action: string) {
  const rows = await f.database.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.organizationId, org), eq(auditEvents.action, action)))
    .orderBy(sql`${auditEvents.id} DESC`)
    .limit(1);
  return rows[0]!;
}

async function hoursOf(practitionerId: string) {
  const rows = await f.database.db
    .select()
    .from(practitionerHours)
    .where(eq(practitionerHours.practitionerId, practitionerId))
    .orderBy(asc(practitionerHours.weekday), asc(practitionerHours.startTime));
  return rows.map((r) => `${r.weekday} ${r.startTime}-${r.endTime}`);
}

function serviceInput(overrides: ServiceInput = {}): ServiceInput {
  return {
    name: "Microneedling — hands",
    slug: "",
    kind: "treatment",
    description: "Backs of the hands.",
    durationMinutes: "45",
    bufferBeforeMinutes: "0",
    bufferAfterMinutes: "15",
    price: "199.50",
    currency: "cad",
    requiresRoom: "on",
    requiresEligibility: "on",
    active: "on",
    sortOrder: "9",
    practitionerIds: [],
    ...overrides,
  };
}

const settingsInput = {
  minimumNotice: "2",
  minimumNoticeUnit: "hours",
  horizonDays: "180",
  slotStepMinutes: "15",
  cancellationWindowHours: "24",
  holdMinutes: "10",
};

beforeAll(async () => {
  f = await createClinicFixture();
  org = f.clinic.organizationId;
  owner = { userId: "owner-user", role: "owner", organizationId: org };
  frontDesk = { userId: "front-desk-user", role: "front-desk", organizationId: org };
});
afterAll(async () => {
  await f?.database.close();
});

describe(`staff administration on ${testDatabaseKind}`, () => {
  describe("weekly hours", () => {
    it("replaces all of a practitioner's hours in one go and audits before and after", async () => {
      const p = f.practitioners[0]!;
      const before = await hoursOf(p.id);
      expect(before).toContain("1 09:00-17:00");
      const result = await replacePractitionerHours(f.database.db, {
        staff: owner,
        organizationId: org,
        practitionerId: p.id,
        hours: {
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
        },
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
      const p = f.practitioners[1]!;
      const before = await hoursOf(p.id);
      const audits = await auditCount();
      const errors = await fieldErrors(
        replacePractitionerHours(f.database.db, {
          staff: owner,
          organizationId: org,
          practitionerId: p.id,
          hours: {
            1: [
              { start: "09:00", end: "12:00" },
              { start: "11:30", end: "13:00" },
            ],
            2: [{ start: "17:00", end: "09:00" }],
            3: [{ start: "9am", end: "17:00" }],
            4: [{ start: "10:00", end: "25:00" }],
            5: [{ start: "10:00", end: "" }],
            6: [{ start: "12:00", end: "12:00" }],
          },
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
      const p = f.practitioners[1]!;
      const audits = await auditCount();
      const result = await replacePractitionerHours(f.database.db, {
        staff: owner,
        organizationId: org,
        practitionerId: p.id,
        hours: {
          2: [{ start: "11:00", end: "19:00" }],
          3: [{ start: "11:00", end: "19:00" }],
          4: [{ start: "11:00", end: "19:00" }],
          5: [{ start: "10:00", end: "18:00" }],
          6: [{ start: "10:00", end: "16:00" }],
        },
      });
      expect(result.changed).toBe(false);
      expect(await auditCount()).toBe(audits);
    });
  });

  describe("time off and date exceptions", () => {
    it("refuses a local time that does not exist on the spring-forward day", async () => {
      const p = f.practitioners[0]!;
      const audits = await auditCount();
      const errors = await fieldErrors(
        addTimeOff(f.database.db, {
          staff: owner,
          organizationId: org,
          practitionerId: p.id,
          input: { start: "2027-03-14T02:30", end: "2027-03-14T10:00", reason: "Dentist" },
        }),
      );
      expect(errors.start).toMatch(/02:30 does not exist on 2027-03-14 in America\/Toronto/);
      expect(errors.start).toMatch(/from 02:00 to 03:00/);
      expect(errors.end).toBeUndefined();
      const rows = await f.database.db.select().from(timeOff).where(eq(timeOff.practitionerId, p.id));
      expect(rows).toHaveLength(0);
      expect(await auditCount()).toBe(audits);
    });

    it("stores local date-times across a DST change as the right UTC instants", async () => {
      const p = f.practitioners[0]!;
      const { id } = await addTimeOff(f.database.db, {
        staff: owner,
        organizationId: org,
        practitionerId: p.id,
        input: { start: "2027-03-14T01:30", end: "2027-03-14T04:00", reason: "Conference" },
      });
      const [row] = await f.database.db.select().from(timeOff).where(eq(timeOff.id, id));
      expect(row!.startsAt.toISOString()).toBe("2027-03-14T06:30:00.000Z"); // EST, UTC-5
      expect(row!.endsAt.toISOString()).toBe("2027-03-14T08:00:00.000Z"); // EDT, UTC-4
      expect((await lastAudit("practitioner.time-off.create")).details).toMatchObject({ timeOffId: id });

      const detail = await getPractitionerDetail(f.database.db, { staff: frontDesk, organizationId: org, practitionerId: p.id, now: NOW });
      expect(detail.timeOff.map((t) => t.id)).toContain(id);

      await deleteTimeOff(f.database.db, { staff: owner, organizationId: org, practitionerId: p.id, timeOffId: id });
      expect(await f.database.db.select().from(timeOff).where(eq(timeOff.id, id))).toHaveLength(0);
      expect((await lastAudit("practitioner.time-off.delete")).details).toMatchObject({ timeOffId: id });
    });

    it("refuses an end before the start and malformed date-times", async () => {
      const p = f.practitioners[0]!;
      const reversed = await fieldErrors(
        addTimeOff(f.database.db, {
          staff: owner,
          organizationId: org,
          practitionerId: p.id,
          input: { start: "2027-04-02T12:00", end: "2027-04-02T09:00" },
        }),
      );
      expect(reversed.end).toMatch(/after the start/);
      const bad = await fieldErrors(
        addTimeOff(f.database.db, {
          staff: owner,
          organizationId: org,
          practitionerId: p.id,
          input: { start: "2027-02-30T12:00", end: "tomorrow" },
        }),
      );
      expect(bad.start).toMatch(/not a date on the calendar/);
      expect(bad.end).toMatch(/not a date and time/);
    });

    it("saves a closed day and special hours, replaces the entry for the same date, and deletes it", async () => {
      const p = f.practitioners[1]!;
      const scope = { staff: owner, organizationId: org, practitionerId: p.id };
      const first = await savePractitionerException(f.database.db, {
        ...scope,
        input: { date: "2027-12-24", closed: "on", note: "Christmas Eve" },
      });
      expect(first.replaced).toBe(false);
      const second = await savePractitionerException(f.database.db, {
        ...scope,
        input: { date: "2027-12-24", intervals: [{ start: "10:00", end: "14:00" }], note: "Short day" },
      });
      expect(second).toEqual({ id: first.id, replaced: true });
      const [row] = await f.database.db.select().from(practitionerExceptions).where(eq(practitionerExceptions.id, first.id));
      expect(row!.intervals).toEqual([{ start: "10:00", end: "14:00" }]);
      expect((await lastAudit("practitioner.exception.update")).details).toMatchObject({
        before: { intervals: [], note: "Christmas Eve" },
        after: { intervals: [{ start: "10:00", end: "14:00" }], note: "Short day" },
      });

      const errors = await fieldErrors(
        savePractitionerException(f.database.db, {
          ...scope,
          input: { date: "2027-13-01", intervals: [{ start: "14:00", end: "10:00" }] },
        }),
      );
      expect(errors.date).toBeTruthy();
      expect(errors["intervals.0.end"]).toMatch(/after the start/);
      const empty = await fieldErrors(savePractitionerException(f.database.db, { ...scope, input: { date: "2027-12-27", intervals: [] } }));
      expect(empty["intervals.0.start"]).toMatch(/Closed all day/);

      await deletePractitionerException(f.database.db, { ...scope, exceptionId: first.id });
      expect(await f.database.db.select().from(practitionerExceptions).where(eq(practitionerExceptions.id, first.id))).toHaveLength(0);
      await expect(deletePractitionerException(f.database.db, { ...scope, exceptionId: first.id })).rejects.toBeInstanceOf(NotFoundError);
    });
  });

  describe("practitioners", () => {
    it("creates one, edits name, title and active, and lists inactive ones too", async () => {
      const { id } = await createPractitioner(f.database.db, {
        staff: owner,
        organizationId: org,
        input: { name: "  Ana Silva ", title: "Aesthetician" },
      });
      expect((await lastAudit("practitioner.create")).entityId).toBe(id);
      await updatePractitioner(f.database.db, {
        staff: owner,
        organizationId: org,
        practitionerId: id,
        input: { name: "Ana Silva", title: "Senior aesthetician", active: false, sortOrder: "3" },
      });
      expect((await lastAudit("practitioner.update")).details).toEqual({
        before: { title: "Aesthetician", active: true },
        after: { title: "Senior aesthetician", active: false },
      });
      const list = await listPractitionersForStaff(f.database.db, { staff: frontDesk, organizationId: org });
      expect(list.find((p) => p.id === id)).toMatchObject({ name: "Ana Silva", active: false, serviceNames: [] });

      const errors = await fieldErrors(
        updatePractitioner(f.database.db, {
          staff: owner,
          organizationId: org,
          practitionerId: id,
          input: { name: "  ", sortOrder: "first" },
        }),
      );
      expect(Object.keys(errors).sort()).toEqual(["name", "sortOrder"]);
    });

    it("sets which services a practitioner offers", async () => {
      const p = f.practitioners[1]!;
      const scope = { staff: owner, organizationId: org, practitionerId: p.id };
      await setPractitionerServices(f.database.db, { ...scope, serviceIds: [f.services["consultation"]!.id] });
      const links = await f.database.db.select().from(practitionerServices).where(eq(practitionerServices.practitionerId, p.id));
      expect(links.map((l) => l.serviceId)).toEqual([f.services["consultation"]!.id]);
      expect((await lastAudit("practitioner.services.update")).details).toMatchObject({
        after: { serviceIds: [f.services["consultation"]!.id] },
      });
      const errors = await fieldErrors(setPractitionerServices(f.database.db, { ...scope, serviceIds: ["not-a-uuid"] }));
      expect(errors.serviceIds).toBeTruthy();
    });
  });

  describe("services", () => {
    it("parses prices in dollars to integer cents", () => {
      expect(parsePriceToCents("299")).toEqual({ ok: true, cents: 29900 });
      expect(parsePriceToCents("299.50")).toEqual({ ok: true, cents: 29950 });
      expect(parsePriceToCents("299.5")).toEqual({ ok: true, cents: 29950 });
      expect(parsePriceToCents(" $1,299.99 ")).toEqual({ ok: true, cents: 129999 });
      expect(parsePriceToCents("299,50")).toEqual({ ok: true, cents: 29950 });
      expect(parsePriceToCents("0.07")).toEqual({ ok: true, cents: 7 });
      expect(parsePriceToCents("0")).toEqual({ ok: true, cents: 0 });
      expect(parsePriceToCents("")).toEqual({ ok: true, cents: null });
      for (const bad of ["-5", "12.345", "abc", "1e3", "299.", ".5", "10000000"]) expect(parsePriceToCents(bad).ok).toBe(false);
      expect(centsToPriceInput(29950)).toBe("299.50");
      expect(centsToPriceInput(29900)).toBe("299");
      expect(centsToPriceInput(7)).toBe("0.07");
      expect(centsToPriceInput(null)).toBe("");
    });

    it("creates a service with a slug from its name, price in cents and its practitioners", async () => {
      expect(slugify("Microneedling — face & neck")).toBe("microneedling-face-neck");
      const { id, slug } = await createService(f.database.db, {
        staff: owner,
        organizationId: org,
        input: serviceInput({ practitionerIds: [f.practitioners[0]!.id] }),
      });
      expect(slug).toBe("microneedling-hands");
      const detail = await getServiceDetail(f.database.db, { staff: frontDesk, organizationId: org, serviceId: id });
      expect(detail.service).toMatchObject({
        priceCents: 19950,
        currency: "CAD",
        durationMinutes: 45,
        bufferAfterMinutes: 15,
        requiresEligibility: true,
      });
      expect(detail.practitionerIds).toEqual([f.practitioners[0]!.id]);
      expect((await lastAudit("service.create")).details).toMatchObject({ after: { slug: "microneedling-hands", priceCents: 19950 } });
    });

    it("refuses a slug another service of the clinic uses, and a malformed one", async () => {
      const audits = await auditCount();
      const taken = await fieldErrors(
        createService(f.database.db, { staff: owner, organizationId: org, input: serviceInput({ name: "Another", slug: "consultation" }) }),
      );
      expect(taken.slug).toMatch(/already uses/);
      const face = f.services["microneedling-face"]!;
      const renamed = await fieldErrors(
        updateService(f.database.db, {
          staff: owner,
          organizationId: org,
          serviceId: face.id,
          input: serviceInput({ slug: "consultation" }),
        }),
      );
      expect(renamed.slug).toMatch(/already uses/);
      const bad = await fieldErrors(
        createService(f.database.db, {
          staff: owner,
          organizationId: org,
          input: serviceInput({ slug: "Bad Slug", durationMinutes: "481", price: "12.345", currency: "dollars", kind: "massage" }),
        }),
      );
      expect(Object.keys(bad).sort()).toEqual(["currency", "durationMinutes", "kind", "price", "slug"].sort());
      expect(await auditCount()).toBe(audits);
    });

    it("updates a service, records only what changed, and lists inactive services", async () => {
      const scalp = f.services["microneedling-scalp"]!;
      const before = await getServiceDetail(f.database.db, { staff: owner, organizationId: org, serviceId: scalp.id });
      await updateService(f.database.db, {
        staff: owner,
        organizationId: org,
        serviceId: scalp.id,
        input: serviceInput({
          name: scalp.name,
          slug: scalp.slug,
          kind: scalp.kind,
          description: scalp.description,
          durationMinutes: String(scalp.durationMinutes),
          bufferBeforeMinutes: "",
          bufferAfterMinutes: String(scalp.bufferAfterMinutes),
          price: "249",
          currency: "CAD",
          requiresRoom: scalp.requiresRoom,
          requiresEligibility: scalp.requiresEligibility,
          active: undefined,
          sortOrder: String(scalp.sortOrder),
          practitionerIds: before.practitionerIds,
        }),
      });
      expect((await lastAudit("service.update")).details).toEqual({
        before: { priceCents: 29900, active: true },
        after: { priceCents: 24900, active: false },
      });
      const list = await listServicesForStaff(f.database.db, { staff: frontDesk, organizationId: org });
      expect(list.find((s) => s.id === scalp.id)).toMatchObject({ active: false, priceCents: 24900 });
    });
  });

  describe("settings", () => {
    it("accepts the edges of every range and audits the change", async () => {
      const result = await updateSettings(f.database.db, {
        staff: owner,
        organizationId: org,
        input: {
          ...settingsInput,
          minimumNotice: "336",
          horizonDays: "730",
          slotStepMinutes: "60",
          cancellationWindowHours: "0",
          holdMinutes: "1",
        },
      });
      expect(result.settings).toEqual({
        minimumNoticeMinutes: 20160,
        horizonDays: 730,
        slotStepMinutes: 60,
        cancellationWindowMinutes: 0,
        holdMinutes: 1,
      });
      const row = await lastAudit("settings.update");
      expect(row.details).toEqual({
        before: { minimumNoticeMinutes: 120, horizonDays: 180, slotStepMinutes: 15, cancellationWindowMinutes: 1440, holdMinutes: 10 },
        after: { minimumNoticeMinutes: 20160, horizonDays: 730, slotStepMinutes: 60, cancellationWindowMinutes: 0, holdMinutes: 1 },
      });
      await updateSettings(f.database.db, {
        staff: owner,
        organizationId: org,
        input: {
          ...settingsInput,
          minimumNotice: "1.5",
          minimumNoticeUnit: "hours",
          horizonDays: "1",
          cancellationWindowHours: "336",
          holdMinutes: "60",
        },
      });
      const { settings, history } = await getSettingsForStaff(f.database.db, { staff: frontDesk, organizationId: org });
      expect(settings).toEqual({
        minimumNoticeMinutes: 90,
        horizonDays: 1,
        slotStepMinutes: 15,
        cancellationWindowMinutes: 20160,
        holdMinutes: 60,
      });
      expect(history).toHaveLength(2);
      expect(history[0]!.after).toMatchObject({ minimumNoticeMinutes: 90, cancellationWindowMinutes: 20160 });
    });

    it("refuses values outside the ranges with a message per field, and changes nothing", async () => {
      const audits = await auditCount();
      const { settings: before } = await getSettingsForStaff(f.database.db, { staff: owner, organizationId: org });
      const errors = await fieldErrors(
        updateSettings(f.database.db, {
          staff: owner,
          organizationId: org,
          input: {
            minimumNotice: "337",
            minimumNoticeUnit: "hours",
            horizonDays: "731",
            slotStepMinutes: "7",
            cancellationWindowHours: "337",
            holdMinutes: "0",
          },
        }),
      );
      expect(Object.keys(errors).sort()).toEqual([
        "cancellationWindowHours",
        "holdMinutes",
        "horizonDays",
        "minimumNotice",
        "slotStepMinutes",
      ]);
      const more = await fieldErrors(
        updateSettings(f.database.db, {
          staff: owner,
          organizationId: org,
          input: {
            ...settingsInput,
            minimumNotice: "20161",
            minimumNoticeUnit: "minutes",
            horizonDays: "0",
            holdMinutes: "61",
            cancellationWindowHours: "1.5",
          },
        }),
      );
      expect(Object.keys(more).sort()).toEqual(["cancellationWindowHours", "holdMinutes", "horizonDays", "minimumNotice"]);
      const unit = await fieldErrors(
        updateSettings(f.database.db, { staff: owner, organizationId: org, input: { ...settingsInput, minimumNoticeUnit: "days" } }),
      );
      expect(unit.minimumNoticeUnit).toBeTruthy();
      const { settings: after } = await getSettingsForStaff(f.database.db, { staff: owner, organizationId: org });
      expect(after).toEqual(before);
      expect(await auditCount()).toBe(audits);
    });

    it("writes the audit row in the same transaction: when the audit insert fails, the change is rolled back", async () => {
      const { settings: before } = await getSettingsForStaff(f.database.db, { staff: owner, organizationId: org });
      await f.database.db.execute(
        sql.raw(
          `ALTER TABLE audit_events ADD CONSTRAINT test_refuse_audit CHECK (action NOT IN ('settings.update', 'practitioner.update')) NOT VALID`,
        ),
      );
      try {
        const failure = await updateSettings(f.database.db, {
          staff: owner,
          organizationId: org,
          input: { ...settingsInput, horizonDays: "99" },
        }).then(
          () => null,
          (error: unknown) => error,
        );
        expect(constraintViolation(failure)?.code).toBe("23514"); // the audit insert's check_violation
        const p = f.practitioners[0]!;
        await expect(
          updatePractitioner(f.database.db, {
            staff: owner,
            organizationId: org,
            practitionerId: p.id,
            input: { name: "Renamed", title: p.title, active: true },
          }),
        ).rejects.toThrow();
        const [row] = await f.database.db.select().from(practitioners).where(eq(practitioners.id, p.id));
        expect(row!.name).toBe(p.name);
      } finally {
        await f.database.db.execute(sql.raw(`ALTER TABLE audit_events DROP CONSTRAINT test_refuse_audit`));
      }
      const { settings: after } = await getSettingsForStaff(f.database.db, { staff: owner, organizationId: org });
      expect(after).toEqual(before);
    });
  });

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
      expect(classifyAdminError(new ForbiddenError("change services"))).toMatchObject({ status: 403 });

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

describe("outbox links", () => {
  it("hides the tokens of manage, sign-in and invitation links, even in a folded calendar line", async () => {
    const { redactLinkTokens } = await import("./admin.ts");
    const text = [
      "Manage: http://x/manage/1b2c?token=AbC_d-12345",
      '<a href="http://x/portal/verify?token=ZZZ999">sign in</a>',
      '<a href="http://x/manage/1?id=2&amp;token=QQQ">x</a>',
      "Join: http://x/invite/tok_en-123",
      "DESCRIPTION:Manage your appointment: http://x/manage/1?token=AAAAAAAAAA\r\n BBBBB",
    ].join("\n");
    const out = redactLinkTokens(text);
    for (const secret of ["AbC_d-12345", "ZZZ999", "QQQ", "tok_en-123", "AAAAAAAAAA", "BBBBB"]) expect(out).not.toContain(secret);
    expect(out).toContain("/manage/1b2c?token=[hidden]");
  });
});
