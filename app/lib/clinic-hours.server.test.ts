import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDemoClinic } from "../../src/db/demo.ts";
import { practitionerHours, practitioners } from "../../src/db/schema.ts";
import { createTestDatabase, testDatabaseKind } from "../../src/db/testing.ts";
import type { Database } from "../../src/db/open.ts";
import { loadOpeningHours, mergeIntervals, unionOfWeeklyHours } from "./clinic-hours.server.ts";

describe("opening hours from practitioners' weekly hours", () => {
  it("joins overlapping and touching intervals and keeps gaps", () => {
    expect(
      mergeIntervals([
        { start: "13:00", end: "17:00" },
        { start: "09:00", end: "12:00" },
        { start: "12:00", end: "13:00" },
        { start: "18:00", end: "20:00" },
        { start: "19:00", end: "19:30" },
      ]),
    ).toEqual([
      { start: "09:00", end: "17:00" },
      { start: "18:00", end: "20:00" },
    ]);
  });

  it("is the union across practitioners per weekday, and a weekday nobody works is closed", () => {
    const hours = unionOfWeeklyHours([
      { 1: [{ start: "09:00", end: "17:00" }], 2: [{ start: "09:00", end: "12:00" }] },
      { 1: [{ start: "11:00", end: "19:00" }], 2: [{ start: "14:00", end: "18:00" }], 6: [{ start: "10:00", end: "16:00" }] },
    ]);
    expect(hours[1]).toEqual([{ start: "09:00", end: "19:00" }]);
    expect(hours[2]).toEqual([
      { start: "09:00", end: "12:00" },
      { start: "14:00", end: "18:00" },
    ]);
    expect(hours[6]).toEqual([{ start: "10:00", end: "16:00" }]);
    for (const day of [3, 4, 5, 7] as const) expect(hours[day], `weekday ${day}`).toEqual([]);
  });

  it("keeps a day that runs to midnight and ignores empty intervals", () => {
    const hours = unionOfWeeklyHours([
      {
        5: [
          { start: "20:00", end: "24:00" },
          { start: "10:00", end: "10:00" },
        ],
      },
    ]);
    expect(hours[5]).toEqual([{ start: "20:00", end: "24:00" }]);
  });
});

describe(`opening hours in the database on ${testDatabaseKind}`, () => {
  let database: Database;
  let organizationId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    ({ organizationId } = await loadDemoClinic(database.db, { ownerPassword: "correct horse battery staple" }));
  });

  afterAll(async () => {
    await database?.close();
  });

  it("unites the demo practitioners' hours: Monday to Saturday, Sunday closed", async () => {
    const hours = await loadOpeningHours(database.db, organizationId);
    expect(hours[1]).toEqual([{ start: "09:00", end: "17:00" }]);
    expect(hours[2]).toEqual([{ start: "09:00", end: "19:00" }]);
    expect(hours[5]).toEqual([{ start: "09:00", end: "18:00" }]);
    expect(hours[6]).toEqual([{ start: "10:00", end: "16:00" }]);
    expect(hours[7]).toEqual([]);
  });

  it("leaves out a practitioner who is no longer active", async () => {
    const [saturdayOnly] = await database.db
      .select({ id: practitioners.id })
      .from(practitionerHours)
      .innerJoin(practitioners, eq(practitioners.id, practitionerHours.practitionerId))
      .where(and(eq(practitionerHours.organizationId, organizationId), eq(practitionerHours.weekday, 6)));
    await database.db.update(practitioners).set({ active: false }).where(eq(practitioners.id, saturdayOnly!.id));
    try {
      const hours = await loadOpeningHours(database.db, organizationId);
      expect(hours[6]).toEqual([]);
      expect(hours[2]).toEqual([{ start: "09:00", end: "17:00" }]);
    } finally {
      await database.db.update(practitioners).set({ active: true }).where(eq(practitioners.id, saturdayOnly!.id));
    }
  });

  it("sees only its own organization's practitioners", async () => {
    const other = await loadOpeningHours(database.db, "00000000-0000-4000-8000-000000000000");
    expect(Object.values(other).every((day) => day.length === 0)).toBe(true);
  });
});
