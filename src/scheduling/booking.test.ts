import { and, eq, ne } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { screenClient } from "../privacy/screening-test-fixtures.ts";
import { appointments, outboxMessages } from "../db/schema.ts";
import { testDatabaseKind } from "../db/testing.ts";
import { getAvailability } from "./availability.ts";
import { bookAppointment, type BookAppointmentOptions } from "./book-appointment.ts";
import { ClientOverlapError, IdempotencyMismatchError, SlotUnavailableError } from "./errors.ts";
import { cancelBooking, checkRescheduleSlot, getBooking, holdSlot, releaseHold, rescheduleBooking } from "./manage-booking.ts";
import { consultationBookingOptions, useClinicFixture, type ClinicFixture } from "./test-fixtures.ts";
import { parseOffsetIso, toOffsetIso } from "./time.ts";
import { ForbiddenError, NotFoundError } from "../kernel/errors.ts";

const NOW = Date.parse("2027-03-10T12:00:00Z");
const at = (iso: string) => parseOffsetIso(iso)!;
let f: ClinicFixture;
let counter = 0;

function options(overrides: Partial<BookAppointmentOptions> = {}): BookAppointmentOptions {
  return consultationBookingOptions(f, { n: ++counter, emailPrefix: "client" }, { now: NOW, ...overrides });
}

async function liveCount(start: number) {
  const rows = await f.database.db
    .select()
    .from(appointments)
    .where(and(eq(appointments.startsAt, new Date(start)), ne(appointments.status, "cancelled")));
  return rows.length;
}

async function freeStarts(day: string, serviceSlug = "consultation", practitionerId?: string) {
  const slots = await getAvailability(f.database.db, {
    clinic: f.clinic,
    service: f.services[serviceSlug]!,
    practitionerId,
    from: day,
    to: day,
    now: NOW,
  });
  return slots.map(
    (s) => `${toOffsetIso(s.start, "America/Toronto").slice(11, 16)}@${s.practitionerId === f.practitioners[0]!.id ? "A" : "B"}`,
  );
}

useClinicFixture((made) => (f = made));

describe(`booking on ${testDatabaseKind}`, () => {
  it("lets exactly one of 50 concurrent bookings of one practitioner's slot through", async () => {
    const start = at("2027-03-17T09:00:00-04:00");
    const practitionerId = f.practitioners[0]!.id;
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, () => bookAppointment(f.database.db, options({ start, practitionerId }))),
    );
    const ok = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r) => r.status === "rejected");
    expect(ok).toHaveLength(1);
    for (const r of refused) {
      const reason = (r as PromiseRejectedResult).reason as { cause?: { message?: string; code?: string } };
      expect(reason, `${reason.cause?.code ?? ""} ${reason.cause?.message ?? String(reason)}`).toBeInstanceOf(SlotUnavailableError);
    }
    expect(await liveCount(start)).toBe(1);
  });

  it("fills each free practitioner once when 50 people book 'anyone' at one time", async () => {
    // 11:00 on a Wednesday: both demo practitioners work, and there are two rooms.
    const start = at("2027-03-17T11:00:00-04:00");
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => bookAppointment(f.database.db, options({ start }))));
    const ok = results.filter((r): r is PromiseFulfilledResult<Awaited<ReturnType<typeof bookAppointment>>> => r.status === "fulfilled");
    expect(ok).toHaveLength(2);
    expect(new Set(ok.map((r) => r.value.booking.practitionerId)).size).toBe(2);
    expect(await liveCount(start)).toBe(2);
    const alternatives = (results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason.alternatives;
    expect(alternatives.length).toBeGreaterThan(0);
    expect(alternatives.length).toBeLessThanOrEqual(3);
  });

  it("gives two practitioners booked by name at one time a room each, even when they race for the first room", async () => {
    const start = at("2027-03-17T14:00:00-04:00");
    for (let round = 0; round < 3; round++) {
      const s = start + round * 60 * 60_000;
      const results = await Promise.all(
        f.practitioners.map((p) => bookAppointment(f.database.db, options({ start: s, practitionerId: p.id }))),
      );
      expect(results.map((r) => r.booking.practitionerId).sort()).toEqual(f.practitioners.map((p) => p.id).sort());
      const rows = await f.database.db
        .select()
        .from(appointments)
        .where(and(eq(appointments.startsAt, new Date(s)), ne(appointments.status, "cancelled")));
      expect(new Set(rows.map((r) => r.roomId)).size).toBe(2);
    }
  });

  it("blocks the service's buffers around a booking", async () => {
    const practitionerId = f.practitioners[0]!.id;
    const client = { name: "Buffer Client", email: "buffer@example.test" };
    await screenClient(f.database.db, f.keyRing, {
      organizationId: f.clinic.organizationId,
      email: client.email,
      asOf: "2027-03-10",
      now: NOW,
    });
    await bookAppointment(
      f.database.db,
      options({ service: f.services["microneedling-face"]!, start: at("2027-03-18T10:00:00-04:00"), practitionerId, client }),
    );
    const starts = await freeStarts("2027-03-18", "consultation", practitionerId);
    // 10:00–11:00 plus 15 minutes of clean-up: a 30-minute consultation can start at 09:30 and at 11:15, not between.
    expect(starts).toContain("09:30@A");
    expect(starts).not.toContain("09:45@A");
    expect(starts).not.toContain("11:00@A");
    expect(starts).toContain("11:15@A");
  });

  it("treats a hold like a booking until it expires, and turns it into the booking", async () => {
    const practitionerId = f.practitioners[0]!.id;
    const start = at("2027-03-19T14:00:00-04:00");
    const hold = await holdSlot(f.database.db, { clinic: f.clinic, service: f.services["consultation"]!, start, practitionerId, now: NOW });
    expect(await freeStarts("2027-03-19", "consultation", practitionerId)).not.toContain("14:00@A");
    await expect(bookAppointment(f.database.db, options({ start, practitionerId }))).rejects.toBeInstanceOf(SlotUnavailableError);
    const { booking } = await bookAppointment(f.database.db, options({ start, practitionerId, hold: { id: hold.id, token: hold.token } }));
    expect(booking.id).toBe(hold.id);
    expect(await liveCount(start)).toBe(1);

    const later = at("2027-03-19T15:00:00-04:00");
    await holdSlot(f.database.db, { clinic: f.clinic, service: f.services["consultation"]!, start: later, practitionerId, now: NOW });
    const afterExpiry = NOW + (f.clinic.settings.holdMinutes + 1) * 60_000;
    const { booking: other } = await bookAppointment(f.database.db, options({ start: later, practitionerId, now: afterExpiry }));
    expect(other.start).toBe("2027-03-19T15:00:00-04:00");
  });

  it("keeps a time held in good time bookable while the details are typed, even once the notice has run out; never once it has begun", async () => {
    const practitionerId = f.practitioners[0]!.id;
    const service = f.services["consultation"]!;
    const start = at("2027-03-18T13:00:00-04:00");
    const notice = f.clinic.settings.minimumNoticeMinutes * 60_000;
    const heldAt = start - notice - 60_000;
    const typedAt = heldAt + 3 * 60_000;
    expect(typedAt).toBeGreaterThan(start - notice);
    // Without a hold, the time is too late to book three minutes later, and is not offered then.
    await expect(bookAppointment(f.database.db, options({ start, practitionerId, now: typedAt }))).rejects.toBeInstanceOf(
      SlotUnavailableError,
    );
    const hold = await holdSlot(f.database.db, { clinic: f.clinic, service, start, practitionerId, now: heldAt });
    const { booking } = await bookAppointment(
      f.database.db,
      options({ start, practitionerId, now: typedAt, hold: { id: hold.id, token: hold.token } }),
    );
    expect(booking.id).toBe(hold.id);

    // With no notice at all, a hold is still no way to book a time that has already begun,
    // and the other times offered are all still ahead.
    const noNotice = { ...f.clinic, settings: { ...f.clinic.settings, minimumNoticeMinutes: 0 } };
    const soon = at("2027-03-18T15:00:00-04:00");
    const late = await holdSlot(f.database.db, { clinic: noNotice, service, start: soon, practitionerId, now: soon - 60_000 });
    const refused = await bookAppointment(
      f.database.db,
      options({ clinic: noNotice, start: soon, practitionerId, now: soon + 60_000, hold: { id: late.id, token: late.token } }),
    ).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(SlotUnavailableError);
    const offered = (refused as SlotUnavailableError).alternatives;
    expect(offered.length).toBeGreaterThan(0);
    for (const slot of offered) expect(slot.start).toBeGreaterThan(soon + 60_000);
  });

  it("frees a released hold at once", async () => {
    const practitionerId = f.practitioners[0]!.id;
    const start = at("2027-03-19T16:00:00-04:00");
    const hold = await holdSlot(f.database.db, { clinic: f.clinic, service: f.services["consultation"]!, start, practitionerId, now: NOW });
    await releaseHold(f.database.db, f.clinic, { id: hold.id, token: "wrong" });
    expect(await freeStarts("2027-03-19", "consultation", practitionerId)).not.toContain("16:00@A");
    await releaseHold(f.database.db, f.clinic, { id: hold.id, token: hold.token });
    expect(await freeStarts("2027-03-19", "consultation", practitionerId)).toContain("16:00@A");
  });

  it("answers a retried request with the same Idempotency-Key once, and refuses the key for another body", async () => {
    const o = options({ start: at("2027-03-22T13:00:00-04:00"), idempotency: { key: "retry-1", requestHash: "h1" } });
    const first = await bookAppointment(f.database.db, o);
    const again = await bookAppointment(f.database.db, { ...o });
    expect(again.replayed).toBe(true);
    expect(again.booking).toEqual(first.booking);
    expect(await liveCount(o.start)).toBe(1);
    await expect(bookAppointment(f.database.db, { ...o, idempotency: { key: "retry-1", requestHash: "h2" } })).rejects.toBeInstanceOf(
      IdempotencyMismatchError,
    );
  });

  it("replays one booking when concurrent retries carry one key", async () => {
    const o = options({ start: at("2027-03-22T15:00:00-04:00"), idempotency: { key: "retry-race", requestHash: "same" } });
    // On PostgreSQL these run side by side (the embedded database runs one transaction at a time).
    const results = await Promise.all(Array.from({ length: 20 }, () => bookAppointment(f.database.db, { ...o })));
    expect(new Set(results.map((r) => r.booking.id)).size).toBe(1);
    expect(results.filter((r) => r.replayed)).toHaveLength(19);
    expect(await liveCount(o.start)).toBe(1);
  });

  it("refuses a second booking for the same client at an overlapping time", async () => {
    const client = { name: "Dana", email: "Dana@Example.test" };
    await bookAppointment(f.database.db, options({ start: at("2027-03-23T11:00:00-04:00"), client }));
    await expect(
      bookAppointment(
        f.database.db,
        options({
          start: at("2027-03-23T11:15:00-04:00"),
          client: { ...client, email: "dana@example.test" },
          actor: { type: "client", id: null },
        }),
      ),
    ).rejects.toBeInstanceOf(ClientOverlapError);
  });

  it("cancels with the manage token, frees the slot and flags a late cancellation", async () => {
    const practitionerId = f.practitioners[0]!.id;
    const start = at("2027-03-24T09:00:00-04:00");
    const { booking } = await bookAppointment(f.database.db, options({ start, practitionerId }));
    const token = new URL(booking.manageUrl).searchParams.get("token")!;
    await expect(
      cancelBooking(f.database.db, {
        clinic: f.clinic,
        id: booking.id,
        access: { token: "nope" },
        now: NOW,
        actor: { type: "client", id: null },
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
    const early = await cancelBooking(f.database.db, {
      clinic: f.clinic,
      id: booking.id,
      access: { token },
      now: NOW,
      actor: { type: "client", id: null },
    });
    expect(early).toEqual({ id: booking.id, status: "cancelled", lateCancellation: false });
    expect(await freeStarts("2027-03-24", "consultation", practitionerId)).toContain("09:00@A");

    const second = await bookAppointment(f.database.db, options({ start, practitionerId }));
    const lateNow = start - 3 * 60 * 60_000;
    const token2 = new URL(second.booking.manageUrl).searchParams.get("token")!;
    const late = await cancelBooking(f.database.db, {
      clinic: f.clinic,
      id: second.booking.id,
      access: { token: token2 },
      now: lateNow,
      actor: { type: "client", id: null },
    });
    expect(late.lateCancellation).toBe(true);

    const third = await bookAppointment(f.database.db, options({ start, practitionerId }));
    const byClinic = await cancelBooking(f.database.db, {
      clinic: f.clinic,
      id: third.booking.id,
      access: { staff: { role: "front-desk" } },
      now: lateNow,
      actor: { type: "staff", id: "staff-1" },
      requestedBy: "clinic",
    });
    expect(byClinic.lateCancellation).toBe(false);
  });

  it("lets only the roles that edit the schedule book, move or cancel for a client, and changes nothing when refused", async () => {
    const practitionerId = f.practitioners[0]!.id;
    const start = at("2027-03-29T09:00:00-04:00");
    const asPractitioner = { ...options({ start, practitionerId }), source: "staff" as const, staff: { role: "practitioner" as const } };
    await expect(bookAppointment(f.database.db, asPractitioner)).rejects.toThrow(ForbiddenError);
    await expect(bookAppointment(f.database.db, { ...asPractitioner, staff: undefined })).rejects.toThrow(ForbiddenError);
    expect(await freeStarts("2027-03-29", "consultation", practitionerId)).toContain("09:00@A");

    const { booking } = await bookAppointment(f.database.db, { ...asPractitioner, staff: { role: "front-desk" } });
    const base = { clinic: f.clinic, keyRing: f.keyRing, id: booking.id, now: NOW, actor: { type: "staff" as const, id: "staff-2" } };
    await expect(cancelBooking(f.database.db, { ...base, access: { staff: { role: "practitioner" } } })).rejects.toThrow(ForbiddenError);
    await expect(
      rescheduleBooking(f.database.db, {
        ...base,
        access: { staff: { role: "practitioner" } },
        start: at("2027-03-29T11:00:00-04:00"),
        baseUrl: "http://localhost:3000",
      }),
    ).rejects.toThrow(ForbiddenError);
    // Looking is allowed to every role with the schedule.
    const seen = await getBooking(f.database.db, f.clinic, booking.id, { staff: { role: "practitioner" } }, NOW);
    expect(seen.status).toBe("booked");
    expect(seen.start).toBe(toOffsetIso(start, f.clinic.location.timeZone));
  });

  it("moves a booking atomically, and keeps the old time when the new one is taken", async () => {
    const practitionerId = f.practitioners[0]!.id;
    const { booking } = await bookAppointment(f.database.db, options({ start: at("2027-03-25T09:00:00-04:00"), practitionerId }));
    await bookAppointment(f.database.db, options({ start: at("2027-03-25T10:00:00-04:00"), practitionerId }));
    const token = new URL(booking.manageUrl).searchParams.get("token")!;
    const base = {
      clinic: f.clinic,
      keyRing: f.keyRing,
      id: booking.id,
      access: { token },
      now: NOW,
      actor: { type: "client" as const, id: null },
      baseUrl: "http://x",
    };

    await expect(rescheduleBooking(f.database.db, { ...base, start: at("2027-03-25T10:00:00-04:00") })).rejects.toBeInstanceOf(
      SlotUnavailableError,
    );
    expect((await getBooking(f.database.db, f.clinic, booking.id, { token }, NOW)).start).toBe("2027-03-25T09:00:00-04:00");

    const moved = await rescheduleBooking(f.database.db, { ...base, start: at("2027-03-25T13:00:00-04:00") });
    expect(moved.start).toBe("2027-03-25T13:00:00-04:00");
    expect(moved.practitionerId).toBe(practitionerId);
    const starts = await freeStarts("2027-03-25", "consultation", practitionerId);
    expect(starts).toContain("09:00@A");
    expect(starts).not.toContain("13:00@A");
  });

  it("looks at a time to move to without holding it: free, or taken with the nearest free times", async () => {
    const practitionerId = f.practitioners[0]!.id;
    const { booking } = await bookAppointment(f.database.db, options({ start: at("2027-03-31T09:00:00-04:00"), practitionerId }));
    const token = new URL(booking.manageUrl).searchParams.get("token")!;
    const look = (start: string) =>
      checkRescheduleSlot(f.database.db, {
        clinic: f.clinic,
        id: booking.id,
        access: { token },
        start: at(start),
        practitionerId,
        now: NOW,
      });

    const free = await look("2027-03-31T14:00:00-04:00");
    expect(free.slot?.start).toBe(at("2027-03-31T14:00:00-04:00"));
    expect(free.slot?.practitionerName).toBe(f.practitioners[0]!.name);
    expect(free.alternatives).toEqual([]);
    // Looking holds nothing: the time stays free for anyone, and the booking keeps its own.
    expect(await liveCount(at("2027-03-31T14:00:00-04:00"))).toBe(0);
    expect((await getBooking(f.database.db, f.clinic, booking.id, { token }, NOW)).start).toBe("2027-03-31T09:00:00-04:00");

    await bookAppointment(f.database.db, options({ start: at("2027-03-31T14:00:00-04:00"), practitionerId }));
    const taken = await look("2027-03-31T14:00:00-04:00");
    expect(taken.slot).toBeNull();
    expect(taken.alternatives.length).toBeGreaterThan(0);
    expect(taken.alternatives.every((s) => s.start !== at("2027-03-31T14:00:00-04:00"))).toBe(true);
    // Its own time is no obstacle, and a wrong token finds nothing.
    expect((await look("2027-03-31T09:00:00-04:00")).slot).not.toBeNull();
    await expect(
      checkRescheduleSlot(f.database.db, {
        clinic: f.clinic,
        id: booking.id,
        access: { token: "wrong" },
        start: at("2027-03-31T15:00:00-04:00"),
        now: NOW,
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it("keeps local hours across the DST weeks, with the offsets changing under them", async () => {
    const practitionerId = f.practitioners[0]!.id;
    const firstOfDay = async (from: string, to: string) => {
      const slots = await getAvailability(f.database.db, {
        clinic: f.clinic,
        service: f.services["consultation"]!,
        practitionerId,
        from,
        to,
        now: Date.parse("2027-03-01T12:00:00Z"),
      });
      const byDay = new Map<string, string>();
      for (const s of slots) {
        const iso = toOffsetIso(s.start, "America/Toronto");
        if (!byDay.has(iso.slice(0, 10))) byDay.set(iso.slice(0, 10), iso);
      }
      return Object.fromEntries(byDay);
    };
    expect(await firstOfDay("2027-03-12", "2027-03-15")).toEqual({
      "2027-03-12": "2027-03-12T09:00:00-05:00",
      "2027-03-15": "2027-03-15T09:00:00-04:00",
    });
    const autumn = await getAvailability(f.database.db, {
      clinic: f.clinic,
      service: f.services["consultation"]!,
      practitionerId,
      from: "2027-11-05",
      to: "2027-11-08",
      now: Date.parse("2027-11-01T12:00:00Z"),
    });
    const isoStarts = autumn.map((s) => toOffsetIso(s.start, "America/Toronto"));
    expect(isoStarts[0]).toBe("2027-11-05T09:00:00-04:00");
    expect(isoStarts).toContain("2027-11-08T09:00:00-05:00");
    expect(isoStarts.at(-1)).toBe("2027-11-08T16:30:00-05:00");
  });

  it("writes the confirmation e-mail in the booking's transaction, with a calendar file and no token in the subject", async () => {
    const { booking } = await bookAppointment(f.database.db, options({ start: at("2027-03-26T09:00:00-04:00") }));
    const [message] = await f.database.db.select().from(outboxMessages).where(eq(outboxMessages.appointmentId, booking.id));
    expect(message!.kind).toBe("booking-confirmed");
    expect(message!.bodyText).toContain(booking.manageUrl);
    expect(message!.ics).toContain("DTSTART;TZID=America/Toronto:20270326T090000");
    expect(message!.subject).not.toContain("token");
  });
});
