// What a booking made without signing in may do to someone else's record:
// it never widens the care team, never changes a known client's details,
// never turns carried answers into their screening, learns nothing about
// them, and is limited per address — on both databases.
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { confirmClientAppointments } from "./confirm-appointments.ts";
import { appointments, auditEvents, clients, idempotencyKeys, outboxMessages, requestLimitHits } from "../db/schema.ts";
import { testDatabaseKind } from "../db/testing.ts";
import { describeHealthAccess } from "../privacy/staff-access.ts";
import { carrySelfCheck } from "../screening/record/self-check.ts";
import { clientLatestAnswers, clientScreeningStatus } from "../screening/record/portal.ts";
import { screenClient } from "../privacy/screening-test-fixtures.ts";
import { addStaff, type TestStaff } from "../privacy/test-fixtures.ts";
import { parseIntake } from "../screening/schema.ts";
import { adoptBookedDetails } from "./adopt-booked-details.ts";
import { bookAppointment, type BookAppointmentOptions } from "./book-appointment.ts";
import { ClientOverlapError, NotBookableOnlineError, NotEligibleError } from "./errors.ts";
import { getAppointment } from "./calendar.ts";
import { getBooking } from "./manage-booking.ts";
import { RateLimitedError, takeRequestSlots, type RequestLimits } from "./request-limits.ts";
import { useClinicFixture, spreadBookingOptions, type ClinicFixture } from "./test-fixtures.ts";

const NOW = Date.parse("2027-03-01T15:00:00Z");
const TODAY = "2027-03-01";
const at = (iso: string) => Date.parse(iso);

let f: ClinicFixture;
let counter = 0;

useClinicFixture((made) => (f = made));

const PUBLIC = { type: "public", id: null } as const;

/** A booking at a time no other call uses. */
function booking(overrides: Partial<BookAppointmentOptions> = {}): BookAppointmentOptions {
  counter++;
  const base = spreadBookingOptions(f, counter, {
    service: f.services["consultation"]!,
    client: { name: `Anon ${counter}`, email: `anon${counter}@example.test` },
    actor: PUBLIC,
    now: NOW,
  });
  return { ...base, ...overrides };
}

async function knownClient(email: string, intake: Parameters<typeof screenClient>[2]["intake"] = {}) {
  const { clientId } = await screenClient(f.database.db, f.keyRing, {
    organizationId: f.clinic.organizationId,
    email,
    name: "Known Client",
    intake,
    asOf: TODAY,
    now: NOW,
  });
  await f.database.db.update(clients).set({ phone: "(519) 555-0101" }).where(eq(clients.id, clientId));
  return clientId;
}

async function practitionerStaff(practitionerId: string): Promise<TestStaff> {
  return addStaff(f.database.db, { organizationId: f.clinic.organizationId, role: "practitioner", practitionerId });
}

const accessOf = async (staff: TestStaff, clientId: string) =>
  (await describeHealthAccess(f.database.db, { staff, clientId, now: NOW })).kind;

describe(`a booking made without signing in, on ${testDatabaseKind}`, () => {
  it("does not put the practitioner it names on an existing client's care team; the client's confirmation or a staff booking does", async () => {
    const clientId = await knownClient("care.team@example.test");
    const staff = await Promise.all(f.practitioners.map((pr) => practitionerStaff(pr.id)));
    for (const s of staff) expect(await accessOf(s, clientId)).toBe("break-glass");

    const { booking: b } = await bookAppointment(f.database.db, booking({ client: { name: "Whoever", email: "care.team@example.test" } }));
    // Every practitioner's access is what it was before, the one named included.
    for (const s of staff) expect(await accessOf(s, clientId)).toBe("break-glass");
    const p = staff.find((s) => s.practitionerId === b.practitionerId)!;
    expect((await getAppointment(f.database.db, f.clinic.organizationId, b.id))!.clientConfirmedAt).toBeNull();

    // The client, signed in to their portal, confirms it is theirs: now the practitioner reads the record routinely.
    expect(
      await confirmClientAppointments(f.database.db, { organizationId: f.clinic.organizationId, clientId, now: NOW, via: "portal" }),
    ).toBe(1);
    expect(await accessOf(p, clientId)).toBe("allowed");
    const [audit] = await f.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "appointment.client-confirm"), eq(auditEvents.entityId, b.id)));
    expect(audit).toMatchObject({ actorType: "client", actorId: clientId });

    // A staff booking counts at once.
    const otherClient = await knownClient("staff.booked@example.test");
    const { booking: byStaff } = await bookAppointment(
      f.database.db,
      booking({
        client: { name: "Known Client", email: "staff.booked@example.test" },
        source: "staff",
        staff: { role: "front-desk" },
        actor: { type: "staff", id: "desk" },
      }),
    );
    const other = staff.find((s) => s.practitionerId === byStaff.practitionerId)!;
    expect(await accessOf(other, otherClient)).toBe("allowed");
  });

  it("changes nothing stored about an existing client: what it typed stays on the booking for staff to adopt", async () => {
    const clientId = await knownClient("details@example.test");
    const { booking: b } = await bookAppointment(
      f.database.db,
      booking({ client: { name: "Mallory Impostor", email: "DETAILS@example.test", phone: "(416) 555-0199" }, locale: "fr" }),
    );
    const [stored] = await f.database.db.select().from(clients).where(eq(clients.id, clientId));
    expect(stored).toMatchObject({ name: "Known Client", phone: "(519) 555-0101", preferredLocale: "en", email: "details@example.test" });
    const row = (await getAppointment(f.database.db, f.clinic.organizationId, b.id))!;
    expect(row.clientId).toBe(clientId);
    expect(row.typed).toEqual({ name: "Mallory Impostor", phone: "(416) 555-0199", locale: "fr" });
    // Whoever holds the manage link (the confirmation page) reads the name booked, never the stored client's.
    const token = new URL(b.manageUrl).searchParams.get("token")!;
    expect((await getBooking(f.database.db, f.clinic, b.id, { token }, NOW)).clientName).toBe("Mallory Impostor");
    // The confirmation goes to the stored address, greets the stored name, in the stored language.
    const [mail] = await f.database.db
      .select()
      .from(outboxMessages)
      .where(and(eq(outboxMessages.appointmentId, b.id), eq(outboxMessages.kind, "booking-confirmed")));
    expect(mail!.toAddress).toBe("details@example.test");
    expect(mail!.bodyText).toContain("Hello Known Client,");
    expect(mail!.bodyText).not.toContain("Mallory");

    const desk = await addStaff(f.database.db, { organizationId: f.clinic.organizationId, role: "front-desk" });
    expect(await adoptBookedDetails(f.database.db, { staff: desk, appointmentId: b.id, adopt: ["phone"] })).toEqual(["phone"]);
    const [after] = await f.database.db.select().from(clients).where(eq(clients.id, clientId));
    expect(after).toMatchObject({ name: "Known Client", phone: "(416) 555-0199", preferredLocale: "en" });
    expect((await getAppointment(f.database.db, f.clinic.organizationId, b.id))!.typed).toBeNull();
    const practitioner = await practitionerStaff(f.practitioners[0]!.id);
    await expect(adoptBookedDetails(f.database.db, { staff: practitioner, appointmentId: b.id, adopt: ["name"] })).rejects.toThrow(
      /change a client's contact details/,
    );
  });

  it("creates a new client with what it typed, confirmed only by the client", async () => {
    const { booking: b } = await bookAppointment(
      f.database.db,
      booking({ client: { name: "Brand New", email: "brand.new@example.test", phone: "555-0000" } }),
    );
    const [created] = await f.database.db.select().from(clients).where(eq(clients.emailNormalized, "brand.new@example.test"));
    expect(created).toMatchObject({ name: "Brand New", phone: "555-0000" });
    expect((await getAppointment(f.database.db, f.clinic.organizationId, b.id))!.typed).toBeNull();
  });

  it("keeps carried self-check answers waiting for an existing client's confirmation; a client it creates gets them as a screening", async () => {
    const parsed = parseIntake({ treatmentAreas: ["face"], conditions: ["keloid-history"] }, { today: TODAY });
    if (!parsed.ok) throw new Error("bad test intake");
    const carry = () =>
      carrySelfCheck(f.database.db, { organizationId: f.clinic.organizationId, keyRing: f.keyRing, intake: parsed.intake, now: NOW });

    // An existing client without any screening: the answers are not theirs until they say so.
    const [existing] = await f.database.db
      .insert(clients)
      .values({
        organizationId: f.clinic.organizationId,
        name: "No Screening Yet",
        email: "waiting@example.test",
        emailNormalized: "waiting@example.test",
      })
      .returning();
    const first = await carry();
    await bookAppointment(
      f.database.db,
      booking({ client: { name: "Someone", email: "waiting@example.test" }, selfCheckToken: first.token }),
    );
    const asClient = (clientId: string) => ({ client: { organizationId: f.clinic.organizationId, clientId } });
    expect(await clientScreeningStatus(f.database.db, asClient(existing!.id))).toBeNull();
    // The client's intake is pre-filled from them, marked as the self-check's.
    const prefill = await clientLatestAnswers(f.database.db, {
      client: { organizationId: f.clinic.organizationId, clientId: existing!.id },
      keyRing: f.keyRing,
      now: NOW,
    });
    expect(prefill?.source).toBe("self-check");
    expect(prefill?.answers?.intake.conditions).toContain("keloid-history");
    // A treatment is not bookable on them: the gate sees no screening (and a stranger gets the neutral answer).
    await expect(
      bookAppointment(
        f.database.db,
        booking({ service: f.services["microneedling-face"]!, client: { name: "x", email: "waiting@example.test" } }),
      ),
    ).rejects.toBeInstanceOf(NotBookableOnlineError);

    // A new address: the booking creates the client, whose own answers become their first screening.
    const second = await carry();
    await bookAppointment(
      f.database.db,
      booking({ client: { name: "Fresh Face", email: "fresh@example.test" }, selfCheckToken: second.token }),
    );
    const [fresh] = await f.database.db.select().from(clients).where(eq(clients.emailNormalized, "fresh@example.test"));
    expect(await clientScreeningStatus(f.database.db, asClient(fresh!.id))).toMatchObject({ source: "self-check" });
  });

  it("answers a stranger one neutral refusal for a screening wait and for the client's other appointment, and e-mails the stored address", async () => {
    const email = "deferred@example.test";
    await knownClient(email, { medications: { isotretinoin: { status: "stopped", stoppedOn: "2026-12-01" } } });
    const treatment = f.services["microneedling-face"]!;
    const start = at("2027-03-16T13:00:00-04:00");
    const asStranger = booking({ service: treatment, start, client: { name: "Nosy", email: "Deferred@Example.test" } });
    const refusal = await bookAppointment(f.database.db, asStranger).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(NotBookableOnlineError);
    expect(JSON.stringify(refusal)).not.toContain("2027-06-01");
    expect(String((refusal as Error).message)).not.toMatch(/screening|2027/);

    const [mail] = await f.database.db
      .select()
      .from(outboxMessages)
      .where(and(eq(outboxMessages.kind, "booking-refused"), eq(outboxMessages.toAddress, email)));
    expect(mail!.bodyText).toContain("June 1, 2027");
    expect(mail!.bodyText).toContain("Hello Known Client,");
    expect(mail!.bodyText).not.toContain("Nosy");
    expect(mail!.bodyText).not.toMatch(/isotretinoin|acne/i);

    // The client, signed in as themselves, is told the date.
    const own = await bookAppointment(f.database.db, { ...asStranger, actor: { type: "client", id: null } }).catch((e: unknown) => e);
    expect(own).toBeInstanceOf(NotEligibleError);
    expect((own as NotEligibleError).earliestDate).toBe("2027-06-01");

    // Another appointment of theirs at that time: the same neutral answer for a stranger, the real one for the client.
    const overlapEmail = "overlap@example.test";
    const first = booking({ client: { name: "Overlap", email: overlapEmail }, actor: { type: "client", id: null } });
    await bookAppointment(f.database.db, first);
    const clash = { ...booking(), start: first.start, client: { name: "x", email: overlapEmail } };
    await expect(bookAppointment(f.database.db, clash)).rejects.toBeInstanceOf(NotBookableOnlineError);
    await expect(bookAppointment(f.database.db, { ...clash, actor: { type: "client", id: null } })).rejects.toBeInstanceOf(
      ClientOverlapError,
    );
    const refusals = await f.database.db
      .select()
      .from(outboxMessages)
      .where(and(eq(outboxMessages.kind, "booking-refused"), eq(outboxMessages.toAddress, overlapEmail)));
    expect(refusals).toHaveLength(1);
    expect(refusals[0]!.bodyText).toContain("already have an appointment at that time");
  });

  it("keeps no manage token in clear for a replay, and a replay still answers the same link", async () => {
    const o = booking({ idempotency: { key: "replay-key-1", requestHash: "h1" } });
    const first = await bookAppointment(f.database.db, o);
    const token = new URL(first.booking.manageUrl).searchParams.get("token")!;
    const [row] = await f.database.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, "replay-key-1"));
    expect(JSON.stringify(row)).not.toContain(token);
    const again = await bookAppointment(f.database.db, o);
    expect(again.replayed).toBe(true);
    expect(again.booking).toEqual(first.booking);
  });
});

describe(`request limits on ${testDatabaseKind}`, () => {
  const limits: RequestLimits = {
    holdsPerIp: { max: 3, windowMs: 10 * 60_000 },
    bookingsPerIp: { max: 5, windowMs: 60 * 60_000 },
    bookingsPerEmail: { max: 2, windowMs: 24 * 60 * 60_000 },
  };
  const take = (scope: keyof RequestLimits, subject: string, now: number) =>
    takeRequestSlots(f.database.db, { organizationId: f.clinic.organizationId, subjects: [{ scope, subject }], limits, now });

  it("refuses the request past the limit with the seconds until a place frees, and counts each address apart", async () => {
    for (let i = 0; i < 3; i++) await take("holdsPerIp", "203.0.113.7", NOW + i * 1000);
    const refused = await take("holdsPerIp", "203.0.113.7", NOW + 5000).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RateLimitedError);
    // The first of the three frees its place ten minutes after it was taken.
    expect((refused as RateLimitedError).retryAfterSeconds).toBe(595);
    await take("holdsPerIp", "203.0.113.8", NOW + 5000);
    await take("holdsPerIp", "203.0.113.7", NOW + 10 * 60_000 + 1);
    // E-mail addresses count whatever their case.
    await take("bookingsPerEmail", "Someone@Example.test", NOW);
    await take("bookingsPerEmail", "someone@example.test", NOW);
    await expect(take("bookingsPerEmail", " SOMEONE@example.test", NOW)).rejects.toBeInstanceOf(RateLimitedError);
    // Only hashes are stored.
    const rows = await f.database.db.select().from(requestLimitHits);
    expect(JSON.stringify(rows)).not.toMatch(/203\.0\.113|someone/i);
  });

  it("lets exactly the limit through when the requests arrive together", async () => {
    const results = await Promise.allSettled(Array.from({ length: 12 }, () => take("bookingsPerIp", "198.51.100.1", NOW)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(5);
    expect(results.filter((r) => r.status === "rejected" && r.reason instanceof RateLimitedError)).toHaveLength(7);
  });

  it("takes a booking's IP and e-mail places in one go, refusing at the first full one and keeping those before it", async () => {
    const both = (ip: string, email: string, now: number) =>
      takeRequestSlots(f.database.db, {
        organizationId: f.clinic.organizationId,
        limits,
        now,
        subjects: [
          { scope: "bookingsPerIp", subject: ip },
          { scope: "bookingsPerEmail", subject: email },
        ],
      });
    const hits = async (scope: string) =>
      (await f.database.db.select().from(requestLimitHits).where(eq(requestLimitHits.scope, scope))).length;
    const ipBefore = await hits("bookingsPerIp");
    const emailBefore = await hits("bookingsPerEmail");
    await both("192.0.2.50", "pair@example.test", NOW);
    await both("192.0.2.51", "pair@example.test", NOW + 1000);
    expect(await hits("bookingsPerIp")).toBe(ipBefore + 2);
    expect(await hits("bookingsPerEmail")).toBe(emailBefore + 2);
    // The address is full (two a day): refused for the e-mail, and the IP's place is still counted.
    const refused = await both("192.0.2.52", "PAIR@example.test", NOW + 2000).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RateLimitedError);
    expect((refused as RateLimitedError).scope).toBe("bookingsPerEmail");
    expect((refused as RateLimitedError).retryAfterSeconds).toBe(24 * 60 * 60 - 2);
    expect(await hits("bookingsPerIp")).toBe(ipBefore + 3);
    expect(await hits("bookingsPerEmail")).toBe(emailBefore + 2);
    // A full IP refuses first, and the e-mail's place is not taken.
    for (let i = 0; i < 5; i++) await both("192.0.2.60", `ip-full-${i}@example.test`, NOW);
    const ipFull = await both("192.0.2.60", "fresh@example.test", NOW + 3000).catch((e: unknown) => e);
    expect((ipFull as RateLimitedError).scope).toBe("bookingsPerIp");
    await both("192.0.2.61", "fresh@example.test", NOW + 4000);
    await both("192.0.2.62", "fresh@example.test", NOW + 5000);
    await expect(both("192.0.2.63", "fresh@example.test", NOW + 6000)).rejects.toBeInstanceOf(RateLimitedError);
  });

  it("never lets two requests that share an address both take its last place", async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        takeRequestSlots(f.database.db, {
          organizationId: f.clinic.organizationId,
          limits,
          now: NOW,
          // Half name the addresses in one order, half in the other: the locks are taken in one order whatever.
          subjects:
            i % 2
              ? [
                  { scope: "bookingsPerIp", subject: "198.51.100.9" },
                  { scope: "bookingsPerEmail", subject: "race@example.test" },
                ]
              : [
                  { scope: "bookingsPerEmail", subject: "race@example.test" },
                  { scope: "bookingsPerIp", subject: "198.51.100.9" },
                ],
        }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(2);
    expect(results.filter((r) => r.status === "rejected" && r.reason instanceof RateLimitedError)).toHaveLength(8);
  });
});
