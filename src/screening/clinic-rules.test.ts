import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, clinicSettings } from "../db/schema.ts";
import { testDatabaseKind } from "../db/testing.ts";
import { addOrganization, addStaff, type TestStaff } from "../privacy/test-fixtures.ts";
import { useClinicFixture, type ClinicFixture } from "../scheduling/test-fixtures.ts";
import { FieldError, ForbiddenError } from "../kernel/errors.ts";
import { changeRule, changeScreeningValidDays, loadClinicRules, resetRule, ruleSetOf } from "./clinic-rules.ts";
import { screen } from "./engine.ts";
import { DEFAULT_RULE_SET } from "./effective-rules.ts";
import { parseIntake } from "./schema.ts";

let f: ClinicFixture;
let owner: TestStaff;
let manager: TestStaff;

useClinicFixture(async (made) => {
  f = made;
  owner = await addStaff(f.database.db, { organizationId: f.clinic.organizationId, role: "owner" });
  manager = await addStaff(f.database.db, { organizationId: f.clinic.organizationId, role: "manager" });
});

const REASON = "2017 ASDS consensus: no delay needed for microneedling after isotretinoin";

function isotretinoinIntake(asOf: string, stoppedOn: string) {
  const parsed = parseIntake(
    { asOf, treatmentAreas: ["face"], medications: { isotretinoin: { status: "stopped", stoppedOn } } },
    { today: asOf },
  );
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.intake;
}

async function audits(action: string) {
  return f.database.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.organizationId, f.clinic.organizationId), eq(auditEvents.action, action)))
    .orderBy(auditEvents.id);
}

describe(`clinic screening rules on ${testDatabaseKind}`, () => {
  it("starts from the defaults and keeps the rule set behind its version", async () => {
    const rules = await loadClinicRules(f.database.db, f.clinic.organizationId);
    expect(rules.version).toBe(DEFAULT_RULE_SET.version);
    const stored = await ruleSetOf(f.database.db, f.clinic.organizationId, rules.version);
    expect(stored?.map((r) => r.id)).toEqual(DEFAULT_RULE_SET.rules.map((r) => r.id));
  });

  it("lets the owner shorten the isotretinoin wait with a reason: a new version, audited, and old screenings keep theirs", async () => {
    const before = await loadClinicRules(f.database.db, f.clinic.organizationId);
    const intake = isotretinoinIntake("2027-05-10", "2027-02-10");
    const old = screen(intake, before);
    expect(old.earliestDate).toBe("2027-08-10");

    const r = await changeRule(f.database.db, {
      staff: owner,
      input: { ruleId: "isotretinoin", periodValue: "1", periodUnit: "months", reason: REASON },
    });
    expect(r.previousVersion).toBe(before.version);
    expect(r.version).not.toBe(before.version);
    const after = await loadClinicRules(f.database.db, f.clinic.organizationId);
    expect(after.version).toBe(r.version);
    const now = screen(intake, after);
    expect(now.outcome).toBe("suitable");
    expect(now.rulesVersion).toBe(r.version);

    // Both versions stay known, each with its own period.
    const oldRules = await ruleSetOf(f.database.db, f.clinic.organizationId, before.version);
    const newRules = await ruleSetOf(f.database.db, f.clinic.organizationId, r.version);
    expect(oldRules?.find((x) => x.id === "isotretinoin")?.period).toEqual({ months: 6 });
    expect(newRules?.find((x) => x.id === "isotretinoin")?.period).toEqual({ months: 1 });

    const [audit] = await audits("screening-rule.change");
    expect(audit!.actorId).toBe(owner.userId);
    expect(audit!.entityId).toBe("isotretinoin");
    expect(audit!.details).toMatchObject({
      before: "default",
      after: { outcome: "default", period: { months: 1 } },
      reason: REASON,
      previousVersion: before.version,
      version: r.version,
    });
  });

  it("resets a rule to its default, which gives the default version back", async () => {
    const r = await resetRule(f.database.db, { staff: owner, ruleId: "isotretinoin" });
    expect(r?.version).toBe(DEFAULT_RULE_SET.version);
    expect((await audits("screening-rule.reset")).map((a) => a.entityId)).toEqual(["isotretinoin"]);
    expect(await resetRule(f.database.db, { staff: owner, ruleId: "isotretinoin" })).toBeNull();
  });

  it("refuses bad changes with the rule that refused them, and changes nothing", async () => {
    const attempt = async (input: Parameters<typeof changeRule>[1]["input"]) => {
      try {
        await changeRule(f.database.db, { staff: owner, input });
      } catch (error) {
        if (error instanceof FieldError) return error.errors;
        throw error;
      }
      throw new Error("expected a refusal");
    };
    expect(await attempt({ ruleId: "no-such-rule", reason: REASON })).toHaveProperty("ruleId");
    expect(await attempt({ ruleId: "isotretinoin", periodValue: "1", periodUnit: "months", reason: "short" })).toHaveProperty("reason");
    expect(await attempt({ ruleId: "pregnancy", periodValue: "3", periodUnit: "months", reason: REASON })).toHaveProperty("period");
    expect(await attempt({ ruleId: "isotretinoin", periodValue: "1.5", periodUnit: "months", reason: REASON })).toHaveProperty("period");
    expect(await attempt({ ruleId: "isotretinoin", periodValue: "121", periodUnit: "months", reason: REASON })).toHaveProperty("period");
    expect(await attempt({ ruleId: "isotretinoin", periodValue: "6", periodUnit: "months", reason: REASON })).toHaveProperty("form");
    expect(await attempt({ ruleId: "isotretinoin", outcome: "deferred", reason: REASON })).toHaveProperty("form");
    expect((await loadClinicRules(f.database.db, f.clinic.organizationId)).version).toBe(DEFAULT_RULE_SET.version);
  });

  it("lets only the owner change rules, and keeps each clinic's rules to itself", async () => {
    await expect(
      changeRule(f.database.db, { staff: manager, input: { ruleId: "anticoagulant", outcome: "needs-review", reason: REASON } }),
    ).rejects.toThrow(ForbiddenError);
    const other = await addOrganization(f.database.db);
    const otherOwner = await addStaff(f.database.db, { organizationId: other.organizationId, role: "owner" });
    await changeRule(f.database.db, { staff: otherOwner, input: { ruleId: "anticoagulant", outcome: "needs-review", reason: REASON } });
    expect((await loadClinicRules(f.database.db, f.clinic.organizationId)).version).toBe(DEFAULT_RULE_SET.version);
    expect((await loadClinicRules(f.database.db, other.organizationId)).version).not.toBe(DEFAULT_RULE_SET.version);
  });

  it("keeps how long a screening stays valid as an audited setting", async () => {
    await expect(changeScreeningValidDays(f.database.db, { staff: owner, value: "0" })).rejects.toThrow(FieldError);
    await expect(changeScreeningValidDays(f.database.db, { staff: owner, value: "abc" })).rejects.toThrow(FieldError);
    expect(await changeScreeningValidDays(f.database.db, { staff: owner, value: "45" })).toEqual({ changed: true });
    expect(await changeScreeningValidDays(f.database.db, { staff: owner, value: "45" })).toEqual({ changed: false });
    const [row] = await f.database.db.select().from(clinicSettings).where(eq(clinicSettings.organizationId, f.clinic.organizationId));
    expect(row!.screeningValidDays).toBe(45);
    const last = (await audits("screening-settings.update")).at(-1);
    expect(last!.details).toEqual({ before: { screeningValidDays: 30 }, after: { screeningValidDays: 45 } });
  });
});
