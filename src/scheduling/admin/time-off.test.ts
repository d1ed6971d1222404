// Time off over booked appointments: adding it names each booking that falls
// inside (client, service, when, its id for a link), the practitioner's page
// lists them under their time off, and only what is still booked counts.
import { describe, expect, it } from "vitest";
import { testDatabaseKind } from "../../db/testing.ts";
import { ForbiddenError } from "../../kernel/errors.ts";
import { bookAppointment, type BookAppointmentOptions } from "../book-appointment.ts";
import { cancelBooking } from "../manage-booking.ts";
import { consultationBookingOptions } from "../test-fixtures.ts";
import { parseOffsetIso } from "../time.ts";
import { getPractitionerDetail } from "./practitioners.ts";
import { NOW, useAdminFixture } from "./test-fixture.ts";
import { addTimeOff, bookedInTimeOff } from "./time-off.ts";

const admin = useAdminFixture();
const at = (iso: string) => parseOffsetIso(iso)!;
let n = 0;

/** A consultation booked by the front desk for "Client n" with this practitioner at this time. */
async function book(practitionerId: string, start: string, overrides: Partial<BookAppointmentOptions> = {}) {
  const options = consultationBookingOptions(
    admin.f,
    { n: ++n, emailPrefix: "time-off" },
    {
      source: "staff",
      staff: { role: "front-desk" },
      now: NOW,
      actor: { type: "staff", id: "test-staff" },
      start: at(start),
      practitionerId,
      ...overrides,
    },
  );
  return (await bookAppointment(admin.f.database.db, options)).booking.id;
}

describe(`time off over booked appointments on ${testDatabaseKind}`, () => {
  it("names each booking inside the new time off, and only those still booked with that practitioner", async () => {
    const [maja, elena] = admin.f.practitioners;
    const db = admin.f.database.db;
    // 9:00–9:30 reaches into time off from 9:15; 10:00 is inside; 15:00 is after it.
    const early = await book(maja!.id, "2027-03-17T09:00:00-04:00", {
      client: { name: "Noor Haddad", email: "noor@example.test", phone: "519-555-0101" },
    });
    const inside = await book(maja!.id, "2027-03-17T10:00:00-04:00");
    await book(maja!.id, "2027-03-17T15:00:00-04:00");
    const cancelled = await book(maja!.id, "2027-03-17T11:00:00-04:00");
    await cancelBooking(db, {
      clinic: admin.f.clinic,
      id: cancelled,
      access: { staff: { role: "front-desk" } },
      now: NOW,
      actor: { type: "staff", id: "test-staff" },
    });
    // Another practitioner's booking at the same time is not hers.
    await book(elena!.id, "2027-03-17T11:00:00-04:00");

    const { id, bookedInside } = await addTimeOff(db, {
      staff: admin.owner,
      organizationId: admin.org,
      practitionerId: maja!.id,
      input: { start: "2027-03-17T09:15", end: "2027-03-17T12:00", reason: "Dentist" },
    });
    expect(bookedInside).toEqual([
      {
        timeOffId: id,
        appointmentId: early,
        startMs: at("2027-03-17T09:00:00-04:00"),
        endMs: at("2027-03-17T09:30:00-04:00"),
        clientName: "Noor Haddad",
        serviceName: "Microneedling consultation",
      },
      {
        timeOffId: id,
        appointmentId: inside,
        startMs: at("2027-03-17T10:00:00-04:00"),
        endMs: at("2027-03-17T10:30:00-04:00"),
        clientName: `Client ${n - 3}`,
        serviceName: "Microneedling consultation",
      },
    ]);

    // The practitioner's page lists them under that time off, for anyone who sees the schedule.
    const detail = await getPractitionerDetail(db, {
      staff: admin.frontDesk,
      organizationId: admin.org,
      practitionerId: maja!.id,
      now: NOW,
    });
    const entry = detail.timeOff.find((t) => t.id === id)!;
    expect(entry.bookedInside.map((b) => b.appointmentId)).toEqual([early, inside]);

    // Time off with nothing booked inside names nothing.
    const quiet = await addTimeOff(db, {
      staff: admin.owner,
      organizationId: admin.org,
      practitionerId: elena!.id,
      input: { start: "2027-03-17T15:00", end: "2027-03-17T16:00" },
    });
    expect(quiet.bookedInside).toEqual([]);
  });

  it("lists for several spans at once, each its own, and never another clinic's", async () => {
    const maja = admin.f.practitioners[0]!;
    const db = admin.f.database.db;
    const morning = await book(maja.id, "2027-03-18T09:00:00-04:00");
    const afternoon = await book(maja.id, "2027-03-18T14:00:00-04:00");
    const spans = [
      { id: "a", startsAt: at("2027-03-18T08:00:00-04:00"), endsAt: at("2027-03-18T10:00:00-04:00") },
      { id: "b", startsAt: at("2027-03-18T13:00:00-04:00"), endsAt: at("2027-03-18T17:00:00-04:00") },
    ];
    const scope = { staff: admin.frontDesk, organizationId: admin.org, practitionerId: maja.id };
    const found = await bookedInTimeOff(db, { ...scope, spans });
    expect(found.map((b) => [b.timeOffId, b.appointmentId])).toEqual([
      ["a", morning],
      ["b", afternoon],
    ]);
    expect(await bookedInTimeOff(db, { ...scope, spans: [] })).toEqual([]);
    await expect(bookedInTimeOff(db, { ...scope, organizationId: "00000000-0000-4000-8000-000000000000", spans })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });
});
