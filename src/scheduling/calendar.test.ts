import { screenClient } from "../privacy/screening-test-fixtures.ts";
import { eq } from "drizzle-orm";
import { Temporal } from "temporal-polyfill";
import { describe, expect, it } from "vitest";
import { insertClinic, insertPractitioner } from "../db/clinic-rows.ts";
import { practitionerExceptions, services, timeOff } from "../db/schema.ts";
import { testDatabaseKind } from "../db/testing.ts";
import { bookAppointment, type BookAppointmentOptions } from "./book-appointment.ts";
import { getAppointment, listAppointments, listWorkingHours } from "./calendar.ts";
import { loadClinic, type Clinic } from "./clinic.ts";
import { cancelBooking, holdSlot } from "./manage-booking.ts";
import { consultationBookingOptions, useClinicFixture, otherClinicRows, type ClinicFixture } from "./test-fixtures.ts";
import { parseOffsetIso } from "./time.ts";

const NOW = Date.parse("2027-03-10T12:00:00Z");
const at = (iso: string) => parseOffsetIso(iso)!;
let f: ClinicFixture;
let counter = 0;

function options(overrides: Partial<BookAppointmentOptions> = {}): BookAppointmentOptions {
  return consultationBookingOptions(
    f,
    { n: ++counter, emailPrefix: "calendar" },
    { source: "staff", staff: { role: "front-desk" }, now: NOW, actor: { type: "staff", id: "test-staff" }, ...overrides },
  );
}

/** A second clinic in the same database, with one practitioner and one room. */
async function createOtherClinic(): Promise<{ clinic: Clinic; serviceId: string; practitionerId: string }> {
  const db = f.database.db;
  const { organizationId, locationId } = await insertClinic(
    db,
    otherClinicRows({
      settings: { minimumNoticeMinutes: 0, horizonDays: 365, slotStepMinutes: 15, cancellationWindowMinutes: 1440, holdMinutes: 10 },
      phone: "604-555-0100",
      rooms: [{ name: "Other room" }],
    }),
  );
  const [service] = await db
    .insert(services)
    .values({ organizationId, slug: "consultation", name: "Other consultation", kind: "consultation", durationMinutes: 30 })
    .returning();
  const practitionerId = await insertPractitioner(db, {
    practitioner: { organizationId, locationId, name: "Other practitioner" },
    hours: [{ weekday: 3, startTime: "06:00", endTime: "12:00" }],
    serviceIds: [service!.id],
  });
  return { clinic: await loadClinic(db, organizationId), serviceId: service!.id, practitionerId };
}

useClinicFixture((made) => (f = made));

describe(`staff calendar on ${testDatabaseKind}`, () => {
  const dayStart = at("2027-03-17T00:00:00-04:00");
  const dayEnd = at("2027-03-18T00:00:00-04:00");

  it("lists the day's appointments with service, practitioner, client and room, and leaves out holds", async () => {
    const [maja, elena] = f.practitioners;
    await screenClient(f.database.db, f.keyRing, {
      organizationId: f.clinic.organizationId,
      email: "ada@example.test",
      asOf: "2027-03-10",
      now: NOW,
    });
    const first = await bookAppointment(f.database.db, options({ start: at("2027-03-17T09:00:00-04:00"), practitionerId: maja!.id }));
    const second = await bookAppointment(
      f.database.db,
      options({
        service: f.services["microneedling-face"]!,
        start: at("2027-03-17T11:00:00-04:00"),
        practitionerId: elena!.id,
        client: { name: "Ada Lovelace", email: "ada@example.test", phone: "+1 519 555 0199" },
      }),
    );
    // Not the day asked for.
    await bookAppointment(f.database.db, options({ start: at("2027-03-18T09:00:00-04:00"), practitionerId: maja!.id }));
    // A hold is someone typing, not an appointment.
    await holdSlot(f.database.db, {
      clinic: f.clinic,
      service: f.services["consultation"]!,
      start: at("2027-03-17T14:00:00-04:00"),
      practitionerId: maja!.id,
      now: NOW,
    });

    const list = await listAppointments(f.database.db, { organizationId: f.clinic.organizationId, from: dayStart, to: dayEnd });
    expect(list.map((a) => a.id)).toEqual([first.booking.id, second.booking.id]);
    const ada = list[1]!;
    expect(ada).toMatchObject({
      status: "booked",
      serviceName: "Microneedling — face",
      practitionerId: elena!.id,
      practitionerName: elena!.name,
      clientName: "Ada Lovelace",
      clientEmail: "ada@example.test",
      clientPhone: "+1 519 555 0199",
      startMs: at("2027-03-17T11:00:00-04:00"),
      endMs: at("2027-03-17T12:00:00-04:00"),
      source: "staff",
      lateCancellation: false,
    });
    expect(ada.roomName).toMatch(/^Treatment room/);
  });

  it("includes appointments that overlap the range's edges, and filters by practitioner", async () => {
    const maja = f.practitioners[0]!;
    // 10:00–10:30 overlaps [10:15, 10:20) but not [10:30, 11:00).
    const { booking } = await bookAppointment(f.database.db, options({ start: at("2027-03-17T10:00:00-04:00"), practitionerId: maja.id }));
    const inside = await listAppointments(f.database.db, {
      organizationId: f.clinic.organizationId,
      from: at("2027-03-17T10:15:00-04:00"),
      to: at("2027-03-17T10:20:00-04:00"),
    });
    expect(inside.map((a) => a.id)).toEqual([booking.id]);
    const after = await listAppointments(f.database.db, {
      organizationId: f.clinic.organizationId,
      from: at("2027-03-17T10:30:00-04:00"),
      to: at("2027-03-17T11:00:00-04:00"),
    });
    expect(after.map((a) => a.id)).not.toContain(booking.id);

    const onlyMaja = await listAppointments(f.database.db, {
      organizationId: f.clinic.organizationId,
      from: dayStart,
      to: dayEnd,
      practitionerIds: [maja.id],
    });
    expect(onlyMaja.length).toBeGreaterThan(0);
    expect(onlyMaja.every((a) => a.practitionerId === maja.id)).toBe(true);
    expect(
      await listAppointments(f.database.db, { organizationId: f.clinic.organizationId, from: dayStart, to: dayEnd, practitionerIds: [] }),
    ).toEqual([]);
  });

  it("keeps a cancelled appointment in the list, marked, and it no longer blocks the time", async () => {
    const maja = f.practitioners[0]!;
    const start = at("2027-03-19T09:00:00-04:00");
    const { booking } = await bookAppointment(f.database.db, options({ start, practitionerId: maja.id }));
    await cancelBooking(f.database.db, {
      clinic: f.clinic,
      id: booking.id,
      access: { staff: { role: "front-desk" } },
      now: start - 60 * 60_000,
      actor: { type: "staff", id: "test-staff" },
    });
    const { booking: again } = await bookAppointment(f.database.db, options({ start, practitionerId: maja.id }));

    const list = await listAppointments(f.database.db, {
      organizationId: f.clinic.organizationId,
      from: at("2027-03-19T00:00:00-04:00"),
      to: at("2027-03-20T00:00:00-04:00"),
    });
    const cancelled = list.find((a) => a.id === booking.id)!;
    expect(cancelled.status).toBe("cancelled");
    expect(cancelled.lateCancellation).toBe(true);
    expect(cancelled.cancelledAt).not.toBeNull();
    expect(list.find((a) => a.id === again.id)!.status).toBe("booked");
  });

  it("never shows or finds another organization's appointments", async () => {
    const other = await createOtherClinic();
    const [service] = await f.database.db.select().from(services).where(eq(services.id, other.serviceId));
    // Same instant as an appointment of the demo clinic.
    const { booking: foreign } = await bookAppointment(
      f.database.db,
      options({
        clinic: other.clinic,
        service: service!,
        start: at("2027-03-17T09:00:00-04:00"),
        practitionerId: other.practitionerId,
        client: { name: "Other client", email: "other-client@example.test" },
      }),
    );

    const mine = await listAppointments(f.database.db, { organizationId: f.clinic.organizationId, from: dayStart, to: dayEnd });
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.map((a) => a.id)).not.toContain(foreign.id);
    expect(mine.every((a) => a.clientName !== "Other client")).toBe(true);
    // Naming the other clinic's practitioner does not reach across either.
    expect(
      await listAppointments(f.database.db, {
        organizationId: f.clinic.organizationId,
        from: dayStart,
        to: dayEnd,
        practitionerIds: [other.practitionerId],
      }),
    ).toEqual([]);

    const theirs = await listAppointments(f.database.db, { organizationId: other.clinic.organizationId, from: dayStart, to: dayEnd });
    expect(theirs.map((a) => a.id)).toEqual([foreign.id]);
    expect(theirs[0]!.roomName).toBe("Other room");

    expect(await getAppointment(f.database.db, f.clinic.organizationId, foreign.id)).toBeNull();
    expect((await getAppointment(f.database.db, other.clinic.organizationId, foreign.id))?.clientName).toBe("Other client");
    expect(await getAppointment(f.database.db, f.clinic.organizationId, mine[0]!.id)).toMatchObject({ id: mine[0]!.id });
    expect(await getAppointment(f.database.db, f.clinic.organizationId, "not-a-uuid")).toBeNull();
  });

  it("reports working hours with date exceptions and time off", async () => {
    const [maja, elena] = f.practitioners;
    const organizationId = f.clinic.organizationId;
    await f.database.db
      .insert(practitionerExceptions)
      .values({ organizationId, practitionerId: maja!.id, date: "2027-03-16", intervals: [{ start: "12:00", end: "15:00" }] });
    await f.database.db.insert(timeOff).values({
      organizationId,
      practitionerId: elena!.id,
      startsAt: new Date(at("2027-03-16T13:00:00-04:00")),
      endsAt: new Date(at("2027-03-16T14:00:00-04:00")),
    });
    const { days, timeOff: off } = await listWorkingHours(f.database.db, {
      organizationId,
      practitionerIds: [maja!.id, elena!.id],
      from: "2027-03-15",
      to: "2027-03-16",
      rangeStartMs: at("2027-03-15T00:00:00-04:00"),
      rangeEndMs: at("2027-03-17T00:00:00-04:00"),
      timeZone: "America/Toronto",
    });
    const find = (id: string, date: string) => days.find((d) => d.practitionerId === id && d.date === date)!;
    // Monday: Maja works, Elena does not.
    expect(find(maja!.id, "2027-03-15").intervals).toEqual([{ start: "09:00", end: "17:00" }]);
    expect(find(elena!.id, "2027-03-15").intervals).toEqual([]);
    // Tuesday: Maja's exception replaces her usual hours.
    expect(find(maja!.id, "2027-03-16")).toMatchObject({ intervals: [{ start: "12:00", end: "15:00" }], exception: true });
    // Elena's hour off is taken out of her hours.
    expect(find(elena!.id, "2027-03-16")).toMatchObject({
      scheduled: [{ start: "11:00", end: "19:00" }],
      intervals: [
        { start: "11:00", end: "13:00" },
        { start: "14:00", end: "19:00" },
      ],
      exception: false,
    });
    expect(off).toEqual([
      {
        id: expect.any(String),
        practitionerId: elena!.id,
        startMs: at("2027-03-16T13:00:00-04:00"),
        endMs: at("2027-03-16T14:00:00-04:00"),
      },
    ]);
  });

  it("takes time off out of the hours in the weeks the clocks change", async () => {
    const [maja, elena] = f.practitioners;
    const organizationId = f.clinic.organizationId;
    const tz = "America/Toronto";
    const zonedAt = (local: string) => Temporal.ZonedDateTime.from(`${local}[${tz}]`).epochMilliseconds;
    const addOff = (practitionerId: string, start: string, end: string) =>
      f.database.db
        .insert(timeOff)
        .values({ organizationId, practitionerId, startsAt: new Date(zonedAt(start)), endsAt: new Date(zonedAt(end)) });
    /** Both practitioners' hours in the week from this Monday, with its time off. */
    const week = (monday: string) => {
      const sunday = Temporal.PlainDate.from(monday).add({ days: 6 }).toString();
      const next = Temporal.PlainDate.from(monday).add({ days: 7 }).toString();
      return listWorkingHours(f.database.db, {
        organizationId,
        practitionerIds: [maja!.id, elena!.id],
        from: monday,
        to: sunday,
        rangeStartMs: zonedAt(`${monday}T00:00`),
        rangeEndMs: zonedAt(`${next}T00:00`),
        timeZone: tz,
      });
    };
    // Spring forward, Sunday 14 March 2027: Maja off all Friday; Elena from Saturday 2 p.m. to Monday 10 a.m.
    await addOff(maja!.id, "2027-03-12T00:00", "2027-03-13T00:00");
    await addOff(elena!.id, "2027-03-13T14:00", "2027-03-15T10:00");
    // Maja works that Sunday, by exception, 12 to 4; Elena's time off takes none of it.
    await f.database.db
      .insert(practitionerExceptions)
      .values({ organizationId, practitionerId: maja!.id, date: "2027-03-14", intervals: [{ start: "12:00", end: "16:00" }] });
    const spring = await week("2027-03-08");
    const hoursOf = (days: typeof spring.days, id: string, date: string) =>
      days.find((d) => d.practitionerId === id && d.date === date)!.intervals.map((i) => `${i.start}-${i.end}`);
    expect(hoursOf(spring.days, maja!.id, "2027-03-11")).toEqual(["09:00-17:00"]);
    expect(hoursOf(spring.days, maja!.id, "2027-03-12")).toEqual([]);
    expect(hoursOf(spring.days, elena!.id, "2027-03-12")).toEqual(["10:00-18:00"]);
    expect(hoursOf(spring.days, elena!.id, "2027-03-13")).toEqual(["10:00-14:00"]);
    expect(hoursOf(spring.days, maja!.id, "2027-03-14")).toEqual(["12:00-16:00"]);
    expect(spring.timeOff.map((t) => t.practitionerId)).toEqual([maja!.id, elena!.id]);

    // Fall back, Sunday 1 November 2026: Elena off from the Saturday's noon through the long night.
    await addOff(elena!.id, "2026-10-31T12:00", "2026-11-02T00:00");
    await addOff(maja!.id, "2026-10-27T09:00", "2026-10-27T12:30");
    const autumn = await week("2026-10-26");
    expect(hoursOf(autumn.days, maja!.id, "2026-10-27")).toEqual(["12:30-17:00"]);
    expect(hoursOf(autumn.days, elena!.id, "2026-10-30")).toEqual(["10:00-18:00"]);
    expect(hoursOf(autumn.days, elena!.id, "2026-10-31")).toEqual(["10:00-12:00"]);
    expect(hoursOf(autumn.days, elena!.id, "2026-11-01")).toEqual([]);
    expect(autumn.days.filter((d) => d.date === "2026-10-31").map((d) => d.scheduled.length)).toEqual([0, 1]);
  });
});
