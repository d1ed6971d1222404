// What a process keeps of a clinic between requests is used only while the
// clinic's version in the database is the one it was loaded under.
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clinicSettings, locations, organizations, practitioners, reminderSettings, servicePrices, services } from "../db/schema.ts";
import { testDatabaseKind } from "../db/testing.ts";
import { clinicVersion } from "./clinic-cache.ts";
import { clinicFacts, clinicTimeZone, clinicToday, listServices, loadClinic } from "./clinic.ts";
import { createClinicFixture, type ClinicFixture } from "./test-fixtures.ts";

let f: ClinicFixture;
let org: string;
beforeAll(async () => {
  f = await createClinicFixture();
  org = f.clinic.organizationId;
});
afterAll(async () => {
  await f?.database.close();
});

describe(`the clinic kept between requests on ${testDatabaseKind}`, () => {
  it("is read afresh after a change made in SQL, whoever made it", async () => {
    const before = await loadClinic(f.database.db, org);
    const version = await clinicVersion(f.database.db, org);
    await f.database.db.execute(
      sql`UPDATE clinic_settings SET horizon_days = ${before.settings.horizonDays + 7} WHERE organization_id = ${org}`,
    );
    expect(await clinicVersion(f.database.db, org)).not.toBe(version);
    expect((await loadClinic(f.database.db, org)).settings.horizonDays).toBe(before.settings.horizonDays + 7);

    await f.database.db.update(organizations).set({ name: "Renamed Spa" }).where(eq(organizations.id, org));
    expect((await loadClinic(f.database.db, org)).name).toBe("Renamed Spa");

    await f.database.db.update(locations).set({ timeZone: "America/Vancouver" }).where(eq(locations.organizationId, org));
    expect((await loadClinic(f.database.db, org)).location.timeZone).toBe("America/Vancouver");
    expect(await clinicTimeZone(f.database.db, org)).toBe("America/Vancouver");
    await f.database.db.update(locations).set({ timeZone: "America/Toronto" }).where(eq(locations.organizationId, org));
    expect(await clinicTimeZone(f.database.db, org)).toBe("America/Toronto");
  });

  it("is not changed by what a caller does with its copy", async () => {
    const first = await loadClinic(f.database.db, org);
    first.settings.holdMinutes = -1;
    first.location.timeZone = "Mars/Olympus";
    const again = await loadClinic(f.database.db, org);
    expect(again.settings.holdMinutes).toBeGreaterThan(0);
    expect(again.location.timeZone).toBe("America/Toronto");
  });

  it("never keeps what a transaction saw and then rolled back", async () => {
    const before = (await loadClinic(f.database.db, org)).settings.slotStepMinutes;
    await expect(
      f.database.db.transaction(async (tx) => {
        await tx
          .update(clinicSettings)
          .set({ slotStepMinutes: before + 5 })
          .where(eq(clinicSettings.organizationId, org));
        // Inside the transaction its own change is what the clinic is.
        expect((await loadClinic(tx, org)).settings.slotStepMinutes).toBe(before + 5);
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect((await loadClinic(f.database.db, org)).settings.slotStepMinutes).toBe(before);
  });

  it("is used as kept while the version stands, and read afresh once it moves", async () => {
    const kept = (await loadClinic(f.database.db, org)).name;
    // A change that slips past the version (triggers off for the statement): what was kept is still served.
    await f.database.db.transaction(async (tx) => {
      await tx.execute(sql`SET LOCAL session_replication_role = replica`);
      await tx.update(organizations).set({ name: "Unseen Spa" }).where(eq(organizations.id, org));
    });
    expect((await loadClinic(f.database.db, org)).name).toBe(kept);
    // Any counted change, here removing a second location, moves it.
    const [extra] = await f.database.db
      .insert(locations)
      .values({ ...f.clinic.location, id: undefined, name: "Second room", createdAt: new Date(Date.now() + 60_000) })
      .returning();
    await f.database.db.delete(locations).where(eq(locations.id, extra!.id));
    expect((await loadClinic(f.database.db, org)).name).toBe("Unseen Spa");
  });

  it("lists services and prices afresh after a change to either, active or not", async () => {
    const before = await listServices(f.database.db, org);
    const service = before[0]!;
    await f.database.db.update(services).set({ name: "Renamed facial" }).where(eq(services.id, service.id));
    expect((await listServices(f.database.db, org)).find((s) => s.id === service.id)!.name).toBe("Renamed facial");

    const today = await clinicToday(f.database.db, org, Date.now());
    await f.database.db
      .insert(servicePrices)
      .values({ organizationId: org, serviceId: service.id, effectiveFrom: today, priceCents: 12_345, currency: service.currency });
    expect((await listServices(f.database.db, org)).find((s) => s.id === service.id)!.priceCents).toBe(12_345);

    await f.database.db.update(services).set({ active: false }).where(eq(services.id, service.id));
    expect((await listServices(f.database.db, org)).map((s) => s.id)).not.toContain(service.id);
    expect((await listServices(f.database.db, org, { includeInactive: true })).map((s) => s.id)).toContain(service.id);
    await f.database.db.update(services).set({ active: true, name: service.name }).where(eq(services.id, service.id));
  });

  it("answers the clinic, a service and the practitioners under one read of the version, each afresh after a change", async () => {
    const facts = await clinicFacts(f.database.db, org);
    const practitioner = (await facts.practitioners())[0]!;
    const service = (await facts.services())[0]!;
    expect((await facts.service(service.id))!.name).toBe(service.name);
    // Not the clinic's, or not an id at all: none.
    expect(await facts.service("00000000-0000-4000-8000-000000000000")).toBeNull();
    expect(await facts.service("not-a-uuid")).toBeNull();

    await f.database.db.update(practitioners).set({ name: "Renamed Practitioner" }).where(eq(practitioners.id, practitioner.id));
    // What was read before the change stays what that request saw...
    expect((await facts.practitioners()).find((p) => p.id === practitioner.id)!.name).toBe(practitioner.name);
    // ...and the next request sees the change.
    const next = await clinicFacts(f.database.db, org);
    expect((await next.practitioners()).find((p) => p.id === practitioner.id)!.name).toBe("Renamed Practitioner");

    await f.database.db.update(practitioners).set({ active: false }).where(eq(practitioners.id, practitioner.id));
    const after = await clinicFacts(f.database.db, org);
    expect((await after.practitioners()).map((p) => p.id)).not.toContain(practitioner.id);
    expect((await after.practitioners({ includeInactive: true })).map((p) => p.id)).toContain(practitioner.id);
    await f.database.db.update(practitioners).set({ active: true, name: practitioner.name }).where(eq(practitioners.id, practitioner.id));
  });

  it("keeps the reminder settings a booking schedules with until they change", async () => {
    const read = async () =>
      (await clinicFacts(f.database.db, org)).fact("reminder-settings", async () => {
        const [row] = await f.database.db.select().from(reminderSettings).where(eq(reminderSettings.organizationId, org));
        return row?.hoursBefore ?? null;
      });
    const before = await read();
    await f.database.db
      .insert(reminderSettings)
      .values({ organizationId: org, hoursBefore: 30 })
      .onConflictDoUpdate({ target: reminderSettings.organizationId, set: { hoursBefore: 30 } });
    expect(await read()).toBe(30);
    await f.database.db.update(reminderSettings).set({ hoursBefore: 12 }).where(eq(reminderSettings.organizationId, org));
    expect(await read()).toBe(12);
    expect(before).not.toBe(12);
  });
});
