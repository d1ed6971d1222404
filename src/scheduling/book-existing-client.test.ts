// Booking for a client staff chose from the clinic's list (the client picker
// of the new-appointment page): found by part of a name, e-mail or phone, then
// booked by id — the stored client, never a second one, nothing stored
// changed — and only by staff, only within their clinic; on both databases.
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { insertClinic } from "../db/clinic-rows.ts";
import { appointments, auditEvents, clients, outboxMessages } from "../db/schema.ts";
import { testDatabaseKind } from "../db/testing.ts";
import { ForbiddenError, NotFoundError } from "../kernel/errors.ts";
import { searchClients } from "../privacy/client-directory.ts";
import { bookAppointment, type BookAppointmentOptions } from "./book-appointment.ts";
import { getAppointment } from "./calendar.ts";
import { consultationBookingOptions, otherClinicRows, useClinicFixture, type ClinicFixture } from "./test-fixtures.ts";
import { parseOffsetIso } from "./time.ts";

const NOW = Date.parse("2027-03-10T12:00:00Z");
const at = (iso: string) => parseOffsetIso(iso)!;
let f: ClinicFixture;
let counter = 0;

useClinicFixture((made) => (f = made));

const DESK = { role: "front-desk" as const, organizationId: "" };

function staffBooking(overrides: Partial<BookAppointmentOptions>): BookAppointmentOptions {
  return consultationBookingOptions(
    f,
    { n: ++counter, emailPrefix: "picked" },
    { source: "staff", staff: { role: "front-desk" }, actor: { type: "staff", id: "desk-1" }, now: NOW, ...overrides },
  );
}

async function storedClient(name: string, email: string, phone: string | null, organizationId = f.clinic.organizationId) {
  const [row] = await f.database.db
    .insert(clients)
    .values({ organizationId, name, email, emailNormalized: email.toLowerCase(), phone })
    .returning();
  return row!;
}

let otherClinic: string | undefined;
/** "Other clinic", made once for the file. */
async function otherClinicId(): Promise<string> {
  otherClinic ??= (
    await insertClinic(
      f.database.db,
      otherClinicRows({
        settings: { minimumNoticeMinutes: 0, horizonDays: 365, slotStepMinutes: 15, cancellationWindowMinutes: 1440, holdMinutes: 10 },
        phone: "604-555-0100",
        rooms: [],
      }),
    )
  ).organizationId;
  return otherClinic;
}

async function clientCount(): Promise<number> {
  return (await f.database.db.select({ id: clients.id }).from(clients).where(eq(clients.organizationId, f.clinic.organizationId))).length;
}

describe(`the client picker's search on ${testDatabaseKind}`, () => {
  it("finds a client by part of the name or e-mail in any case, and by phone digits whatever the punctuation", async () => {
    const desk = { ...DESK, organizationId: f.clinic.organizationId };
    const zoe = await storedClient("Zoë Marchetti-Lang", "Zoe.M@Example.test", "(519) 555-0147");
    await storedClient("Someone Else", "else@example.test", "226-555-0199");
    const ids = async (query: string) => (await searchClients(f.database.db, { staff: desk, query, pageSize: 8 })).clients.map((c) => c.id);
    for (const query of ["marchetti", "ZOË", "lang", "zoe.m@example", "EXAMPLE.TEST", "555-0147", "5195550147", "519.555.01", "(519) 555"])
      expect(await ids(query), query).toContain(zoe.id);
    expect(await ids("0147")).toEqual([zoe.id]);
    // Fewer than three digits are not a phone search: "55" is not found in "(519) 555-0147" as a number.
    expect(await ids("55")).not.toContain(zoe.id);
    // A wildcard typed is a character, not a pattern.
    expect(await ids("%")).toEqual([]);
  });

  it("never lists another clinic's clients", async () => {
    const organizationId = await otherClinicId();
    await storedClient("Far Away Person", "far@example.test", "604-555-0111", organizationId);
    const desk = { ...DESK, organizationId: f.clinic.organizationId };
    expect((await searchClients(f.database.db, { staff: desk, query: "Far Away" })).total).toBe(0);
    expect((await searchClients(f.database.db, { staff: desk, query: "604-555-0111" })).total).toBe(0);
  });
});

describe(`booking a chosen client by id on ${testDatabaseKind}`, () => {
  it("books the stored client: no second client, nothing stored changed, the e-mail to the stored address", async () => {
    const stored = await storedClient("Ada Stored", "ada.stored@example.test", "519-555-0123");
    const before = await clientCount();
    const { booking } = await bookAppointment(
      f.database.db,
      staffBooking({ start: at("2027-03-17T09:00:00-04:00"), client: { id: stored.id } }),
    );
    expect(await clientCount()).toBe(before);
    const appointment = await getAppointment(f.database.db, f.clinic.organizationId, booking.id);
    expect(appointment).toMatchObject({
      clientId: stored.id,
      clientName: "Ada Stored",
      clientEmail: "ada.stored@example.test",
      typed: null,
    });
    const [after] = await f.database.db.select().from(clients).where(eq(clients.id, stored.id));
    expect(after).toMatchObject({ name: "Ada Stored", email: "ada.stored@example.test", phone: "519-555-0123" });
    const [message] = await f.database.db.select().from(outboxMessages).where(eq(outboxMessages.appointmentId, booking.id));
    expect(message!.toAddress).toBe("ada.stored@example.test");
    expect(message!.bodyText).toContain("Ada Stored");
    const [audit] = await f.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, booking.id), eq(auditEvents.action, "appointment.book")));
    expect(audit!.details).toMatchObject({ source: "staff" });
  });

  it("refuses an unknown id, a malformed one and another clinic's client as not found, and books nothing", async () => {
    const organizationId = await otherClinicId();
    const elsewhere = await storedClient("Other Clinic Client", "other.clinic@example.test", null, organizationId);
    const start = at("2027-03-18T09:00:00-04:00");
    for (const id of [elsewhere.id, "00000000-0000-4000-8000-000000000000", "not-a-uuid"]) {
      await expect(bookAppointment(f.database.db, staffBooking({ start, client: { id } })), id).rejects.toBeInstanceOf(NotFoundError);
    }
    const booked = await f.database.db
      .select()
      .from(appointments)
      .where(eq(appointments.startsAt, new Date(start)));
    expect(booked).toEqual([]);
  });

  it("lets only staff who edit the schedule name a client by id: not the public, the API, or a practitioner", async () => {
    const stored = await storedClient("Bea Stored", "bea.stored@example.test", null);
    const start = at("2027-03-19T09:00:00-04:00");
    const publicBooking = consultationBookingOptions(
      f,
      { n: ++counter, emailPrefix: "picked" },
      { now: NOW, start, client: { id: stored.id } },
    );
    await expect(bookAppointment(f.database.db, publicBooking)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(bookAppointment(f.database.db, { ...publicBooking, source: "online" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      bookAppointment(f.database.db, staffBooking({ start, client: { id: stored.id }, staff: { role: "practitioner" } })),
    ).rejects.toBeInstanceOf(ForbiddenError);
    const booked = await f.database.db.select().from(appointments).where(eq(appointments.clientId, stored.id));
    expect(booked).toEqual([]);
  });
});
