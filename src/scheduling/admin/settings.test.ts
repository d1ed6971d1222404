// The clinic's settings: ranges, field messages, and the audit row written with the change.
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { practitioners } from "../../db/schema.ts";
import { testDatabaseKind } from "../../db/testing.ts";
import { getSettingsForStaff, updateSettings } from "./settings.ts";
import { updatePractitioner } from "./practitioners.ts";
import { constraintViolation } from "../errors.ts";
import { fieldErrors, settingsInput, useAdminFixture } from "./test-fixture.ts";

const admin = useAdminFixture();
const { auditCount, lastAudit } = admin;

describe(`staff administration on ${testDatabaseKind}`, () => {
  describe("settings", () => {
    it("accepts the edges of every range and audits the change", async () => {
      const result = await updateSettings(admin.f.database.db, {
        staff: admin.owner,
        organizationId: admin.org,
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
      await updateSettings(admin.f.database.db, {
        staff: admin.owner,
        organizationId: admin.org,
        input: {
          ...settingsInput,
          minimumNotice: "1.5",
          minimumNoticeUnit: "hours",
          horizonDays: "1",
          cancellationWindowHours: "336",
          holdMinutes: "60",
        },
      });
      const { settings, history } = await getSettingsForStaff(admin.f.database.db, { staff: admin.frontDesk, organizationId: admin.org });
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
      const { settings: before } = await getSettingsForStaff(admin.f.database.db, { staff: admin.owner, organizationId: admin.org });
      const errors = await fieldErrors(
        updateSettings(admin.f.database.db, {
          staff: admin.owner,
          organizationId: admin.org,
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
        updateSettings(admin.f.database.db, {
          staff: admin.owner,
          organizationId: admin.org,
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
        updateSettings(admin.f.database.db, {
          staff: admin.owner,
          organizationId: admin.org,
          input: { ...settingsInput, minimumNoticeUnit: "days" },
        }),
      );
      expect(unit.minimumNoticeUnit).toBeTruthy();
      const { settings: after } = await getSettingsForStaff(admin.f.database.db, { staff: admin.owner, organizationId: admin.org });
      expect(after).toEqual(before);
      expect(await auditCount()).toBe(audits);
    });

    it("writes the audit row in the same transaction: when the audit insert fails, the change is rolled back", async () => {
      const { settings: before } = await getSettingsForStaff(admin.f.database.db, { staff: admin.owner, organizationId: admin.org });
      await admin.f.database.db.execute(
        sql.raw(
          `ALTER TABLE audit_events ADD CONSTRAINT test_refuse_audit CHECK (action NOT IN ('settings.update', 'practitioner.update')) NOT VALID`,
        ),
      );
      try {
        const failure = await updateSettings(admin.f.database.db, {
          staff: admin.owner,
          organizationId: admin.org,
          input: { ...settingsInput, horizonDays: "99" },
        }).then(
          () => null,
          (error: unknown) => error,
        );
        expect(constraintViolation(failure)?.code).toBe("23514"); // the audit insert's check_violation
        const p = admin.f.practitioners[0]!;
        await expect(
          updatePractitioner(admin.f.database.db, {
            staff: admin.owner,
            organizationId: admin.org,
            practitionerId: p.id,
            input: { name: "Renamed", title: p.title, active: true },
          }),
        ).rejects.toThrow();
        const [row] = await admin.f.database.db.select().from(practitioners).where(eq(practitioners.id, p.id));
        expect(row!.name).toBe(p.name);
      } finally {
        await admin.f.database.db.execute(sql.raw(`ALTER TABLE audit_events DROP CONSTRAINT test_refuse_audit`));
      }
      const { settings: after } = await getSettingsForStaff(admin.f.database.db, { staff: admin.owner, organizationId: admin.org });
      expect(after).toEqual(before);
    });
  });
});
