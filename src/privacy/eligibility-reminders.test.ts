import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, outboxMessages } from "../db/schema.ts";
import { testDatabaseKind } from "../db/testing.ts";
import { useClinicFixture, type ClinicFixture } from "../scheduling/test-fixtures.ts";
import { ReminderInputError, requestEligibilityReminder, sendDueEligibilityReminders } from "./eligibility-reminders.ts";
import { eligibilityReminders } from "./health-tables.ts";

let f: ClinicFixture;
const NOW = Date.parse("2027-03-01T15:00:00Z");

useClinicFixture((made) => (f = made));

describe(`eligibility reminders on ${testDatabaseKind}`, () => {
  const ask = (email: string, sendOn: string, now = NOW) =>
    requestEligibilityReminder(f.database.db, {
      organizationId: f.clinic.organizationId,
      keyRing: f.keyRing,
      email,
      sendOn,
      timeZone: f.clinic.location.timeZone,
      now,
    });

  it("refuses a bad address and a date that is not after today or more than a year out", async () => {
    for (const [email, sendOn, field] of [
      ["not an address", "2027-04-01", "email"],
      ["someone@example.test", "2027-03-01", "sendOn"],
      ["someone@example.test", "2028-03-05", "sendOn"],
      ["someone@example.test", "2027-02-30", "sendOn"],
    ] as const) {
      const error = await ask(email, sendOn).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ReminderInputError);
      expect((error as ReminderInputError).errors).toHaveProperty(field);
    }
  });

  it("keeps the address encrypted, sends on the day in the clinic's zone with a booking link and no reason, then forgets it", async () => {
    await ask("remind.me@example.test", "2027-06-01");
    const [row] = await f.database.db.select().from(eligibilityReminders);
    expect(row!.emailEncrypted).not.toContain("remind.me");
    const send = (iso: string) =>
      sendDueEligibilityReminders(f.database.db, { keyRing: f.keyRing, now: Date.parse(iso), baseUrl: "https://spa.example" });
    // 2027-06-01 03:00 UTC is still May 31 in Toronto.
    expect(await send("2027-06-01T03:00:00Z")).toBe(0);
    expect(await send("2027-06-01T12:00:00Z")).toBe(1);
    expect(await send("2027-06-01T13:00:00Z")).toBe(0);
    const [mail] = await f.database.db.select().from(outboxMessages).where(eq(outboxMessages.kind, "eligibility-reminder"));
    expect(mail!.toAddress).toBe("remind.me@example.test");
    expect(mail!.bodyText).toContain("https://spa.example/book");
    expect(mail!.bodyText).not.toMatch(/isotretinoin|pregnan|sunburn|acne|deferr/i);
    expect(await f.database.db.select().from(eligibilityReminders)).toEqual([]);
    const actions = (await f.database.db.select({ action: auditEvents.action }).from(auditEvents)).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["eligibility-reminder.request", "eligibility-reminder.send"]));
  });
});
