// Prices with effective dates: a change from today or a later day in the
// clinic's time zone, appointments priced by the day they start, the audit row
// with both amounts and the day, scheduled changes taken back.
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { summarizeDetails } from "../../audit/audit-log.ts";
import { servicePrices } from "../../db/schema.ts";
import { testDatabaseKind } from "../../db/testing.ts";
import { listServices } from "../clinic.ts";
import { appointmentPrice } from "../prices.ts";
import { cancelScheduledPrice, getServiceDetail, listServicesForStaff, updateService } from "./services.ts";
import { fieldErrors, serviceInput, useAdminFixture } from "./test-fixture.ts";
import type { ServiceRow } from "./lookups.ts";
import type { ServiceInput } from "./service-fields.ts";

const admin = useAdminFixture();
const { auditCount, lastAudit } = admin;
const TZ = "America/Toronto";
/** Saturday, March 13, 2027, 12:00 in Toronto: the day before clocks go forward. */
const SATURDAY = Date.parse("2027-03-13T17:00:00Z");

/** The form as the service page sends it for `s`, with a new price and day. */
function sameServiceWith(s: ServiceRow, price: string, priceFrom: string) {
  return serviceInput({
    name: s.name,
    slug: s.slug,
    kind: s.kind,
    description: s.description,
    durationMinutes: String(s.durationMinutes),
    bufferBeforeMinutes: String(s.bufferBeforeMinutes),
    bufferAfterMinutes: String(s.bufferAfterMinutes),
    requiresRoom: s.requiresRoom,
    requiresEligibility: s.requiresEligibility,
    active: s.active,
    sortOrder: String(s.sortOrder),
    price,
    currency: "CAD",
    priceFrom,
  });
}

async function practitionerIdsOf(serviceId: string) {
  return (await getServiceDetail(admin.f.database.db, { staff: admin.owner, organizationId: admin.org, serviceId })).practitionerIds;
}

/** The owner saves `s` from its page at `now` (Saturday unless said), with a price from a day and any other field in `more`. */
async function save(s: ServiceRow, price: string, priceFrom: string, o: { now?: number; more?: ServiceInput } = {}) {
  return updateService(admin.f.database.db, {
    staff: admin.owner,
    organizationId: admin.org,
    serviceId: s.id,
    now: o.now ?? SATURDAY,
    input: { ...sameServiceWith(s, price, priceFrom), practitionerIds: await practitionerIdsOf(s.id), ...o.more },
  });
}

describe(`service prices with effective dates on ${testDatabaseKind}`, () => {
  it("schedules a change from a later day: today's price stays, appointments from that day cost the new one, across DST", async () => {
    const db = admin.f.database.db;
    const face = admin.f.services["microneedling-face"]!;
    expect(await save(face, "349", "2027-03-14")).toEqual({ changed: true });

    // The audit row: both amounts in cents, with their currency, and the day; no other field changed.
    const audit = await lastAudit("service.update");
    expect(audit.entityId).toBe(face.id);
    expect(audit.details).toEqual({
      price: { from: "2027-03-14", before: { cents: 29900, currency: "CAD" }, after: { cents: 34900, currency: "CAD" } },
    });
    expect(summarizeDetails(audit.details)).toBe("Price: $299.00 → $349.00 from March 14, 2027");

    // Today (Saturday) the lists show the old price and the scheduled one.
    const list = await listServicesForStaff(db, { staff: admin.frontDesk, organizationId: admin.org, now: SATURDAY });
    expect(list.find((s) => s.id === face.id)).toMatchObject({
      priceCents: 29900,
      scheduledPrices: [{ from: "2027-03-14", cents: 34900, currency: "CAD" }],
    });
    expect((await listServices(db, admin.org, { on: "2027-03-13" })).find((s) => s.id === face.id)!.priceCents).toBe(29900);
    expect((await listServices(db, admin.org, { on: "2027-03-14" })).find((s) => s.id === face.id)!.priceCents).toBe(34900);

    // An appointment costs the price of the local day it starts: Saturday 23:30 EST (Sunday in UTC) the old one,
    // Sunday 00:30 EST and Sunday 10:00 EDT (after the clocks went forward) the new one.
    const price = async (iso: string) =>
      (await appointmentPrice(db, { organizationId: admin.org, serviceId: face.id, start: Date.parse(iso), timeZone: TZ })).cents;
    expect(await price("2027-03-14T04:30:00Z")).toBe(29900);
    expect(await price("2027-03-14T05:30:00Z")).toBe(34900);
    expect(await price("2027-03-14T14:00:00Z")).toBe(34900);
    expect(await price("2027-03-01T15:00:00Z")).toBe(29900);
  });

  it("takes effect today by default, today being the clinic's day: 22:00 on February 28 in Toronto", async () => {
    const db = admin.f.database.db;
    const neck = admin.f.services["microneedling-face-neck"]!;
    const lateEvening = Date.parse("2027-03-01T03:00:00Z");
    await save(neck, "359.50", "", { now: lateEvening });
    expect((await lastAudit("service.update")).details).toMatchObject({
      price: { from: "2027-02-28", before: { cents: 34900 }, after: { cents: 35950 } },
    });
    const [now] = (await listServicesForStaff(db, { staff: admin.owner, organizationId: admin.org, now: lateEvening })).filter(
      (s) => s.id === neck.id,
    );
    expect(now).toMatchObject({ priceCents: 35950, scheduledPrices: [] });
  });

  it("refuses a day before today, saves nothing for the same price again, and records other fields by name only", async () => {
    const body = admin.f.services["microneedling-body"]!;
    const audits = await auditCount();
    expect((await fieldErrors(save(body, "399", "2027-03-12"))).priceFrom).toMatch(/today or a later day/);
    expect((await fieldErrors(save(body, "399", "2027-02-30"))).priceFrom).toMatch(/like 2027-03-01/);
    expect(await save(body, "349", "2027-04-01")).toEqual({ changed: false });
    expect(await auditCount()).toBe(audits);

    await save(body, "349", "", { more: { name: "Microneedling — one body area" } });
    const renamed = (await lastAudit("service.update")).details;
    expect(renamed).toEqual({ before: { name: body.name }, after: { name: "Microneedling — one body area" } });
    expect(summarizeDetails(renamed)).toBe("Changed: name");
  });

  it("replaces a scheduled change on its day, folds one that repeats the price before it, and cancels one not yet in force", async () => {
    const db = admin.f.database.db;
    const scalp = admin.f.services["microneedling-scalp"]!;
    const update = (price: string, from: string) => save(scalp, price, from);
    const rows = async () =>
      (
        await db
          .select({ from: servicePrices.effectiveFrom, cents: servicePrices.priceCents })
          .from(servicePrices)
          .where(and(eq(servicePrices.serviceId, scalp.id)))
          .orderBy(servicePrices.effectiveFrom)
      ).map((r) => `${r.from} ${r.cents}`);
    await update("319", "2027-04-01");
    await update("329", "2027-04-01");
    expect(await rows()).toEqual(["2026-01-01 29900", "2027-04-01 32900"]);
    expect((await lastAudit("service.update")).details).toMatchObject({
      price: { from: "2027-04-01", before: { cents: 31900 }, after: { cents: 32900 } },
    });
    // Back to the price before it on that day: the change goes rather than saying the same thing twice.
    await update("299", "2027-04-01");
    expect(await rows()).toEqual(["2026-01-01 29900"]);

    await update("339", "2027-05-01");
    await cancelScheduledPrice(db, {
      staff: admin.owner,
      organizationId: admin.org,
      serviceId: scalp.id,
      from: "2027-05-01",
      now: SATURDAY,
    });
    expect(await rows()).toEqual(["2026-01-01 29900"]);
    const cancelled = (await lastAudit("service.update")).details;
    expect(cancelled).toEqual({
      price: { from: "2027-05-01", before: { cents: 33900, currency: "CAD" }, after: { cents: 29900, currency: "CAD" }, cancelled: true },
    });
    expect(summarizeDetails(cancelled)).toBe("Price change from May 1, 2027 cancelled ($339.00); $299.00 stays");

    // A price in force cannot be taken back, and only owners and managers change prices.
    const inForce = await fieldErrors(
      cancelScheduledPrice(db, { staff: admin.owner, organizationId: admin.org, serviceId: scalp.id, from: "2026-01-01", now: SATURDAY }),
    );
    expect(inForce.form).toMatch(/in force already/);
    await expect(
      cancelScheduledPrice(db, {
        staff: admin.frontDesk,
        organizationId: admin.org,
        serviceId: scalp.id,
        from: "2027-05-01",
        now: SATURDAY,
      }),
    ).rejects.toThrow(/change services/);
  });
});
