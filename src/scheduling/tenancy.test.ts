// Two clinics in one database never see each other's rows.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertClinic, insertPractitioner } from "../db/clinic-rows.ts";
import { services } from "../db/schema.ts";
import { testDatabaseKind } from "../db/testing.ts";
import { getAvailability } from "./availability.ts";
import { bookAppointment } from "./book-appointment.ts";
import { listAppointments } from "./calendar.ts";
import { getService, listPractitioners, listServices, loadClinic, type Clinic } from "./clinic.ts";
import { cancelBooking, getBooking, rescheduleBooking } from "./manage-booking.ts";
import { createClinicFixture, type ClinicFixture } from "./test-fixtures.ts";
import { parseOffsetIso } from "./time.ts";
import { NotFoundError } from "../kernel/errors.ts";

const NOW = Date.parse("2027-03-10T12:00:00Z");
let a: ClinicFixture;
let other: Clinic;
let otherServiceId: string;

beforeAll(async () => {
  a = await createClinicFixture();
  const db = a.database.db;
  const { organizationId, locationId } = await insertClinic(db, {
    organization: { slug: "other-spa", name: "Other Spa" },
    settings: { minimumNoticeMinutes: 60, horizonDays: 90, slotStepMinutes: 30, cancellationWindowMinutes: 720, holdMinutes: 5 },
    location: {
      name: "Main",
      street: "1 Main St",
      city: "Guelph",
      region: "ON",
      postalCode: "N1H 1A1",
      phone: "519-555-0199",
      email: "hi@other.test",
      timeZone: "America/Toronto",
    },
    rooms: [{ name: "Room" }],
  });
  const [svc] = await db
    .insert(services)
    .values({ organizationId, slug: "consultation", name: "Other consultation", kind: "consultation", durationMinutes: 30 })
    .returning();
  otherServiceId = svc!.id;
  await insertPractitioner(db, {
    practitioner: { organizationId, locationId, name: "Other Practitioner" },
    hours: [{ weekday: 3, startTime: "09:00", endTime: "17:00" }],
    serviceIds: [svc!.id],
  });
  other = await loadClinic(db, organizationId);
});

afterAll(async () => {
  await a?.database.close();
});

describe(`two clinics in one ${testDatabaseKind} database`, () => {
  it("lists only each clinic's own services and practitioners", async () => {
    const db = a.database.db;
    const mine = await listServices(db, a.clinic.organizationId);
    expect(mine.map((s) => s.name)).not.toContain("Other consultation");
    expect((await listServices(db, other.organizationId)).map((s) => s.name)).toEqual(["Other consultation"]);
    expect((await listPractitioners(db, other.organizationId)).map((p) => p.name)).toEqual(["Other Practitioner"]);
    expect(await getService(db, a.clinic.organizationId, otherServiceId)).toBeNull();
  });

  it("keeps bookings, calendars and manage links apart", async () => {
    const db = a.database.db;
    const otherService = (await db.select().from(services).where(eq(services.id, otherServiceId)))[0]!;
    const slots = await getAvailability(db, { clinic: other, service: otherService, from: "2027-03-17", to: "2027-03-17", now: NOW });
    expect(slots.length).toBeGreaterThan(0);
    // Same instant, same client e-mail, two clinics: two separate clients and bookings.
    const client = { name: "Shared Person", email: "shared@example.test" };
    const theirs = await bookAppointment(db, {
      clinic: other,
      keyRing: a.keyRing,
      service: otherService,
      start: slots[0]!.start,
      client,
      source: "api",
      now: NOW,
      baseUrl: "http://x",
      actor: { type: "public", id: null },
    });
    const ours = await bookAppointment(db, {
      clinic: a.clinic,
      keyRing: a.keyRing,
      service: a.services["consultation"]!,
      start: parseOffsetIso("2027-03-17T10:00:00-04:00")!,
      client,
      source: "api",
      now: NOW,
      baseUrl: "http://x",
      actor: { type: "public", id: null },
    });
    const token = new URL(theirs.booking.manageUrl).searchParams.get("token")!;

    await expect(getBooking(db, a.clinic, theirs.booking.id, { token }, NOW)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getBooking(db, a.clinic, theirs.booking.id, { staff: { role: "front-desk" } }, NOW)).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      cancelBooking(db, {
        clinic: a.clinic,
        id: theirs.booking.id,
        access: { staff: { role: "front-desk" } },
        now: NOW,
        actor: { type: "staff", id: "x" },
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      rescheduleBooking(db, {
        clinic: a.clinic,
        keyRing: a.keyRing,
        id: theirs.booking.id,
        access: { staff: { role: "front-desk" } },
        start: parseOffsetIso("2027-03-17T11:00:00-04:00")!,
        now: NOW,
        actor: { type: "staff", id: "x" },
        baseUrl: "http://x",
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect((await getBooking(db, other, theirs.booking.id, { token }, NOW)).status).toBe("booked");

    const range = { from: Date.parse("2027-03-17T00:00:00Z"), to: Date.parse("2027-03-18T12:00:00Z") };
    const ourCalendar = await listAppointments(db, { organizationId: a.clinic.organizationId, ...range });
    const theirCalendar = await listAppointments(db, { organizationId: other.organizationId, ...range });
    expect(ourCalendar.map((x) => x.id)).toContain(ours.booking.id);
    expect(ourCalendar.map((x) => x.id)).not.toContain(theirs.booking.id);
    expect(theirCalendar.map((x) => x.id)).toEqual([theirs.booking.id]);
  });
});
