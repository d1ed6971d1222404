// Screenings as health records, and the booking gate built on them: a
// treatment is booked exactly when the client's latest screening, re-screened
// as of the appointment's date under the clinic's rules, allows that date.
import { and, eq } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ForbiddenError } from "../auth/roles.ts";
import { auditEvents, staffMembers } from "../db/schema.ts";
import { testDatabaseKind } from "../db/testing.ts";
import { loadClinicRules } from "../screening/clinic-rules.ts";
import { allowsDate, screen } from "../screening/engine.ts";
import { parseIntake } from "../screening/schema.ts";
import type { Intake } from "../screening/types.ts";
import { getAvailability } from "../scheduling/availability.ts";
import { bookAppointment, type BookAppointmentOptions } from "../scheduling/book-appointment.ts";
import { FieldError, NotBookableOnlineError, NotEligibleError } from "../scheduling/errors.ts";
import { cancelBooking, rescheduleBooking } from "../scheduling/manage-booking.ts";
import { createClinicFixture, spreadBookingOptions, type ClinicFixture } from "../scheduling/test-fixtures.ts";
import { addDays, localDateOf, todayIn } from "../scheduling/time.ts";
import { clientScreenings, pendingSelfChecks, screeningReviews, treatmentPlans, treatmentPlanVersions } from "./health-tables.ts";
import { breakGlass, HealthAccessDeniedError } from "./health-record.ts";
import { HealthInputError } from "./input-error.ts";
import { AccountFieldError } from "../auth/errors.ts";
import { setMedicalDirector } from "../auth/team.ts";
import { randomUUID } from "node:crypto";
import { applyDayOfChanges, type DayOfChanges } from "../screening/day-of.ts";
import { DEFAULT_RULE_SET } from "../screening/rules.ts";
import { appointments } from "../db/schema.ts";
import { carrySelfCheck, eligibilityFor, recordDayOfScreening, reviewScreening, viewScreenings } from "./screening-record.ts";

const NO_CHANGES: DayOfChanges = {
  skin: [],
  pregnant: false,
  breastfeeding: false,
  startedIsotretinoin: false,
  startedAnticoagulant: false,
  startedImmunosuppressant: false,
  topicalRetinoidLastUsed: null,
  procedure: null,
  newMedicationNote: "",
};
import { screenClient } from "./screening-test-fixtures.ts";
import { addAppointment, addStaff, type TestStaff } from "./test-fixtures.ts";

const NOW = Date.parse("2027-03-01T15:00:00Z");
const TODAY = "2027-03-01";

let f: ClinicFixture;
let counter = 0;

beforeAll(async () => {
  f = await createClinicFixture();
});

afterAll(async () => {
  await f?.database.close();
});

const at = (iso: string) => Date.parse(iso);

// Not the 15th (the isotretinoin test books it) and not the 29th (the override test's day).
/** A treatment booking at a time no other call of this helper uses (weekdays 16–26 March 2027 at 09:00, 11:00 or 13:00). */
function treatment(overrides: Partial<BookAppointmentOptions> = {}): BookAppointmentOptions {
  counter++;
  const base = spreadBookingOptions(f, counter, {
    service: f.services["microneedling-face"]!,
    client: { name: `Gate ${counter}`, email: `gate${counter}@example.test` },
    // The client signed in as themselves: the gate's own reasons and dates come back (a stranger gets one neutral refusal).
    actor: { type: "client", id: null },
    now: NOW,
  });
  return { ...base, ...overrides };
}

async function refusal(p: Promise<unknown>): Promise<NotEligibleError> {
  try {
    await p;
  } catch (error) {
    if (error instanceof NotEligibleError) return error;
    throw error;
  }
  throw new Error("expected the booking to be refused as not eligible");
}

const screened = (email: string, intake: Partial<Intake> = {}, asOf = TODAY, now = NOW) =>
  screenClient(f.database.db, f.keyRing, { organizationId: f.clinic.organizationId, email, intake, asOf, now });

describe(`the booking gate on ${testDatabaseKind}`, () => {
  it("asks for a screening before a first treatment, and never gates a consultation", async () => {
    const e = await refusal(
      bookAppointment(f.database.db, treatment({ client: { name: "New Person", email: "new.person@example.test" } })),
    );
    expect(e.reason).toBe("no-screening");
    expect(e.earliestDate).toBeNull();
    const consultation = await bookAppointment(
      f.database.db,
      treatment({ service: f.services["consultation"]!, client: { name: "New Person", email: "new.person@example.test" } }),
    );
    expect(consultation.booking.status).toBe("booked");
  });

  it("holds a treatment until six months after isotretinoin stopped: refused the day before, booked on the day (a DST Sunday week)", async () => {
    const client = { name: "Iso Tretinoin", email: "iso@example.test" };
    // Stopped 2026-09-14: the first allowed day is 2027-03-14, the day clocks go forward in Toronto.
    const { clientId } = await screened(client.email, { medications: { isotretinoin: { status: "stopped", stoppedOn: "2026-09-14" } } });
    const before = await refusal(bookAppointment(f.database.db, treatment({ client, start: at("2027-03-12T16:00:00-05:00") })));
    expect(before.reason).toBe("deferred");
    expect(before.earliestDate).toBe("2027-03-14");
    const monday = await bookAppointment(f.database.db, treatment({ client, start: at("2027-03-15T09:00:00-04:00") }));
    expect(monday.booking.status).toBe("booked");
    // Moving it earlier is refused the same way, and the booking keeps its time.
    const token = new URL(monday.booking.manageUrl).searchParams.get("token")!;
    const move = (signedInClientId: string | null) =>
      rescheduleBooking(f.database.db, {
        clinic: f.clinic,
        keyRing: f.keyRing,
        id: monday.booking.id,
        access: { token },
        start: at("2027-03-12T14:00:00-05:00"),
        now: NOW,
        actor: { type: "client", id: null },
        baseUrl: "http://x",
        signedInClientId,
      });
    const moved = await refusal(move(clientId));
    expect(moved.earliestDate).toBe("2027-03-14");
    // Whoever holds the link without being signed in as the client learns nothing: one neutral refusal.
    await expect(move(null)).rejects.toBeInstanceOf(NotBookableOnlineError);
  });

  it("asks for a fresh screening once the latest is older than the clinic's validity (30 days)", async () => {
    const client = { name: "Old Screening", email: "old.screening@example.test" };
    await screened(client.email, {}, "2027-01-15", Date.parse("2027-01-15T15:00:00Z"));
    const e = await refusal(bookAppointment(f.database.db, treatment({ client })));
    expect(e.reason).toBe("screening-expired");
    await screened(client.email);
    expect((await bookAppointment(f.database.db, treatment({ client }))).booking.status).toBe("booked");

    // Calendar days in the clinic's zone: made on 30 January (evening, Toronto) it still counts on 1 March; on 29 January it does not.
    const edge = { name: "Edge Of Validity", email: "edge.validity@example.test" };
    await screened(edge.email, {}, "2027-01-29", Date.parse("2027-01-30T03:30:00Z"));
    expect((await refusal(bookAppointment(f.database.db, treatment({ client: edge })))).reason).toBe("screening-expired");
    await screened(edge.email, {}, "2027-01-30", Date.parse("2027-01-31T04:30:00Z"));
    expect((await bookAppointment(f.database.db, treatment({ client: edge }))).booking.status).toBe("booked");
  });

  it("refuses needs-review until a practitioner in the care team clears it, with the physician's note, audited", async () => {
    const client = { name: "Review Me", email: "review.me@example.test" };
    const { clientId, result } = await screened(client.email, { conditions: ["autoimmune-lupus"] });
    expect(result.outcome).toBe("needs-review");
    expect((await refusal(bookAppointment(f.database.db, treatment({ client })))).reason).toBe("needs-review");

    const practitionerId = f.practitioners[0]!.id;
    const practitioner = await addStaff(f.database.db, { organizationId: f.clinic.organizationId, role: "practitioner", practitionerId });
    const desk = await addStaff(f.database.db, { organizationId: f.clinic.organizationId, role: "front-desk" });
    await addAppointment(f, { clientId, practitionerId, daysFromNow: -3, status: "completed" });
    const [latest] = await viewScreenings(f.database.db, { staff: practitioner, keyRing: f.keyRing, clientId, now: NOW });
    expect(latest!.result?.reasons.map((r) => r.ruleId)).toEqual(["autoimmune"]);
    expect(latest!.result?.reasons[0]!.staffNote.length).toBeGreaterThan(20);

    await expect(
      reviewScreening(f.database.db, {
        staff: desk,
        keyRing: f.keyRing,
        clientId,
        screeningId: latest!.id,
        decision: "cleared",
        note: "Letter from Dr. Lee: disease quiet for two years",
      }),
    ).rejects.toThrow(HealthAccessDeniedError);
    await reviewScreening(f.database.db, {
      staff: practitioner,
      keyRing: f.keyRing,
      clientId,
      screeningId: latest!.id,
      decision: "not-cleared",
      note: "Waiting for the rheumatologist's letter",
    });
    expect((await refusal(bookAppointment(f.database.db, treatment({ client })))).reason).toBe("needs-review");
    await reviewScreening(f.database.db, {
      staff: practitioner,
      keyRing: f.keyRing,
      clientId,
      screeningId: latest!.id,
      decision: "cleared",
      note: "Letter from Dr. Lee: disease quiet for two years, no objection",
    });
    expect((await bookAppointment(f.database.db, treatment({ client }))).booking.status).toBe("booked");

    const [after] = await viewScreenings(f.database.db, { staff: practitioner, keyRing: f.keyRing, clientId, now: NOW });
    expect(after!.reviews.map((r) => [r.decision, r.note])).toEqual([
      ["not-cleared", "Waiting for the rheumatologist's letter"],
      ["cleared", "Letter from Dr. Lee: disease quiet for two years, no objection"],
    ]);
    const audits = await f.database.db
      .select({ details: auditEvents.details })
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, clientId), eq(auditEvents.action, "health-record.edit")));
    expect(audits.filter((a) => a.details.kind === "screening-review").map((a) => a.details.decision)).toEqual(["not-cleared", "cleared"]);
    // A day-of re-screen with the same concern keeps the clearance; a new concern needs a new review.
    const [appointment] = await f.database.db
      .select({ id: appointments.id })
      .from(appointments)
      .where(eq(appointments.clientId, clientId))
      .limit(1);
    let minutes = 0;
    const dayOf = (change: Partial<DayOfChanges>) =>
      recordDayOfScreening(f.database.db, {
        staff: practitioner,
        keyRing: f.keyRing,
        clientId,
        appointmentId: appointment!.id,
        rules: DEFAULT_RULE_SET,
        change: (latest) => applyDayOfChanges(latest!, { ...NO_CHANGES, ...change }, TODAY),
        now: NOW + ++minutes * 60_000,
      });
    await dayOf({});
    expect((await bookAppointment(f.database.db, treatment({ client }))).booking.status).toBe("booked");
    await dayOf({ startedAnticoagulant: true });
    expect((await refusal(bookAppointment(f.database.db, treatment({ client })))).reason).toBe("not-suitable");

    // The note is encrypted at rest.
    const rows = await f.database.db.select().from(clientScreenings).where(eq(clientScreenings.clientId, clientId));
    expect(JSON.stringify(rows)).not.toContain("autoimmune");
  });

  it("lets the owner book against the screening only with a reason, audited; never the desk or the public", async () => {
    const client = { name: "Override Case", email: "override@example.test" };
    await screened(client.email, { skinConditions: [{ type: "sunburn" }] });
    // A day no other test books.
    const start = at("2027-03-29T11:00:00-04:00");
    const staffBooking = (o: Partial<BookAppointmentOptions>) =>
      treatment({ client, start, source: "staff", staff: { role: "owner" }, actor: { type: "staff", id: "owner-1" }, ...o });
    await expect(bookAppointment(f.database.db, staffBooking({ eligibilityOverride: { reason: "ok" } }))).rejects.toThrow(FieldError);
    // The desk books, but a clinical override is not theirs to make.
    await expect(
      bookAppointment(
        f.database.db,
        staffBooking({ staff: { role: "front-desk" }, eligibilityOverride: { reason: "The client insisted on today" } }),
      ),
    ).rejects.toThrow(ForbiddenError);
    expect(
      (await refusal(bookAppointment(f.database.db, treatment({ client, start, eligibilityOverride: { reason: "Public tries" } })))).reason,
    ).toBe("awaiting-resolution");
    const { booking } = await bookAppointment(
      f.database.db,
      staffBooking({ eligibilityOverride: { reason: "Practitioner checked the skin by phone photo: healed" } }),
    );
    const [audit] = await f.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, booking.id), eq(auditEvents.action, "appointment.eligibility-override")));
    expect(audit!.details).toMatchObject({
      refused: "awaiting-resolution",
      reason: "Practitioner checked the skin by phone photo: healed",
    });
  });

  it("turns self-check answers carried into a booking into the client's screening, and forgets the carried copy", async () => {
    const parsed = parseIntake(
      { treatmentAreas: ["face"], medications: { isotretinoin: { status: "stopped", stoppedOn: "2026-12-01" } } },
      { today: TODAY },
    );
    if (!parsed.ok) throw new Error("bad test intake");
    const { token } = await carrySelfCheck(f.database.db, {
      organizationId: f.clinic.organizationId,
      keyRing: f.keyRing,
      intake: parsed.intake,
      now: NOW,
    });
    const stored = await f.database.db.select().from(pendingSelfChecks);
    expect(JSON.stringify(stored)).not.toContain("isotretinoin");
    const client = { name: "Carried Answers", email: "carried@example.test" };
    // Booked without signing in under a new address: the booking creates the client, and the answers are theirs.
    await bookAppointment(
      f.database.db,
      treatment({ service: f.services["consultation"]!, client, selfCheckToken: token, actor: { type: "public", id: null } }),
    );
    expect(await f.database.db.select().from(pendingSelfChecks)).toEqual([]);
    // The screening now gates treatments: deferred to 2027-06-01.
    const e = await refusal(bookAppointment(f.database.db, treatment({ client, start: at("2027-05-31T10:00:00-04:00") })));
    expect(e.earliestDate).toBe("2027-06-01");
  });
});

describe(`the gate agrees with the engine on ${testDatabaseKind}`, () => {
  const areas = fc.subarray(["face", "neck", "chest", "hands", "scalp", "body"] as const, { minLength: 1 });
  const past = (maxDays: number) => fc.integer({ min: 0, max: maxDays }).map((d) => addDays(TODAY, -d));
  const intakeArb: fc.Arbitrary<Partial<Intake>> = fc.record(
    {
      treatmentAreas: areas,
      conditions: fc.subarray(["pregnant", "keloid-history", "hsv-history", "diabetes-controlled", "autoimmune-other"] as const),
      medications: fc.record(
        {
          isotretinoin: fc.oneof(
            fc.constant({ status: "current" as const }),
            past(300).map((stoppedOn) => ({ status: "stopped" as const, stoppedOn })),
          ),
          topicalRetinoidLastUsed: past(6),
        },
        { requiredKeys: [] },
      ),
      recentProcedures: fc.array(
        fc.record({
          type: fc.constantFrom("chemical-peel", "laser", "neurotoxin", "microneedling") as fc.Arbitrary<"laser">,
          date: past(40),
        }),
        { maxLength: 2 },
      ),
      skinConditions: fc.array(fc.record({ type: fc.constantFrom("acne-breakout", "sunburn") as fc.Arbitrary<"sunburn">, areas }), {
        maxLength: 1,
      }),
    },
    { requiredKeys: ["treatmentAreas"] },
  );

  it("books a treatment exactly when the engine's result as of that date allows it", async () => {
    const rules = await loadClinicRules(f.database.db, f.clinic.organizationId);
    let booked = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(intakeArb, fc.integer({ min: 0, max: 55 }), async (answers, dayOffset) => {
        counter++;
        const email = `property${counter}@example.test`;
        const { clientId } = await screened(email, answers);
        const date = addDays(TODAY, dayOffset + 1);
        const slots = await getAvailability(f.database.db, {
          clinic: f.clinic,
          service: f.services["microneedling-face"]!,
          from: date,
          to: date,
          now: NOW,
        });
        fc.pre(slots.length > 0);
        const slot = slots[Math.floor(slots.length / 2)]!;
        const parsed = parseIntake({ ...answers, asOf: TODAY }, { today: TODAY });
        if (!parsed.ok) throw new Error("the arbitrary made an invalid intake");
        const day = localDateOf(slot.start, f.clinic.location.timeZone);
        const expected = allowsDate(screen(parsed.intake, rules, { asOf: day }), day);
        let accepted: boolean;
        try {
          const { booking } = await bookAppointment(
            f.database.db,
            treatment({ client: { name: "Property", email }, start: slot.start, practitionerId: slot.practitionerId }),
          );
          accepted = true;
          await cancelBooking(f.database.db, {
            clinic: f.clinic,
            id: booking.id,
            access: { staff: { role: "front-desk" } },
            now: NOW,
            actor: { type: "staff", id: "property" },
            requestedBy: "clinic",
          });
        } catch (error) {
          if (!(error instanceof NotEligibleError)) throw error;
          accepted = false;
        }
        if (accepted) booked++;
        else refused++;
        expect({ clientId, day, accepted }).toEqual({ clientId, day, accepted: expected });
      }),
      { numRuns: 60, seed: 20261128 },
    );
    // The property saw both answers, so it checked something either way.
    expect(booked).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  }, 240_000);
});

// The booking gate counts the clinic's own completed sessions as the last
// microneedling; a session of a signed plan is governed by the plan's own
// interval, not the generic 28-day rule (decision 0021's sibling in
// docs/screening.md, "recent-microneedling").
describe("clinic sessions", () => {
  const NOW = Date.parse("2027-03-01T15:00:00Z");
  const TODAY = "2027-03-01";
  let f: ClinicFixture;

  beforeAll(async () => {
    f = await createClinicFixture();
  });
  afterAll(async () => {
    await f?.database.close();
  });

  /** A completed treatment session at the clinic on 22 February 2027 (local), optionally session 1 of a plan. */
  async function completedSession(clientId: string, hour: number, planId: string | null) {
    const start = new Date(`2027-02-22T${String(hour).padStart(2, "0")}:00:00-05:00`);
    const end = new Date(start.getTime() + 60 * 60_000);
    await f.database.db.insert(appointments).values({
      organizationId: f.clinic.organizationId,
      locationId: f.clinic.location.id,
      serviceId: f.services["microneedling-face"]!.id,
      practitionerId: f.practitioners[0]!.id,
      clientId,
      status: "completed",
      startsAt: start,
      endsAt: end,
      blockedFrom: start,
      blockedUntil: end,
      source: "staff",
      planId,
      planSession: planId ? 1 : null,
    });
  }

  /** A signed plan (accepted version) with a 14-day minimum interval, as the series planner reads it. */
  async function signedPlan(clientId: string): Promise<string> {
    const planId = randomUUID();
    const { userId } = await addStaff(f.database.db, { organizationId: f.clinic.organizationId, role: "practitioner" });
    await f.database.db
      .insert(treatmentPlans)
      .values({ id: planId, organizationId: f.clinic.organizationId, clientId, createdByUserId: userId });
    await f.database.db.insert(treatmentPlanVersions).values({
      planId,
      version: 1,
      organizationId: f.clinic.organizationId,
      status: "accepted",
      contentEncrypted: f.keyRing.encrypt("{}", `test/${planId}`),
      contentSha256: "0".repeat(64),
      serviceId: f.services["microneedling-face"]!.id,
      practitionerId: f.practitioners[0]!.id,
      sessions: 3,
      intervalMinDays: 14,
      intervalMaxDays: 28,
      pricePerSessionCents: 30000,
      packagePriceCents: 80000,
      currency: "CAD",
      createdByUserId: userId,
    });
    return planId;
  }

  function booking(
    client: { name: string; email: string },
    start: string,
    overrides: Partial<BookAppointmentOptions> = {},
  ): BookAppointmentOptions {
    return {
      clinic: f.clinic,
      keyRing: f.keyRing,
      service: f.services["microneedling-face"]!,
      start: Date.parse(start),
      client,
      source: "api",
      now: NOW,
      baseUrl: "http://localhost:3000",
      actor: { type: "client", id: null },
      ...overrides,
    };
  }

  const gate = (clientId: string, date: string, appointment?: Parameters<typeof eligibilityFor>[1]["appointment"]) =>
    eligibilityFor(f.database.db, {
      organizationId: f.clinic.organizationId,
      keyRing: f.keyRing,
      clientId,
      date,
      rules: DEFAULT_RULE_SET,
      now: NOW,
      validDays: 30,
      timeZone: f.clinic.location.timeZone,
      appointment,
    });

  describe(`the clinic's own sessions in the booking gate on ${testDatabaseKind}`, () => {
    it("defers an unplanned microneedling 14 days after the clinic's last completed session to day 28", async () => {
      const client = { name: "Unplanned Again", email: "unplanned.again@example.test" };
      const { clientId } = await screenClient(f.database.db, f.keyRing, {
        organizationId: f.clinic.organizationId,
        email: client.email,
        asOf: TODAY,
        now: NOW,
      });
      await completedSession(clientId, 10, null);
      const refused = await bookAppointment(f.database.db, booking(client, "2027-03-08T10:00:00-05:00")).then(
        () => null,
        (e: unknown) => e,
      );
      expect(refused).toBeInstanceOf(NotEligibleError);
      expect((refused as NotEligibleError).reason).toBe("deferred");
      expect((refused as NotEligibleError).earliestDate).toBe("2027-03-22");
      // On day 28 the same booking goes through.
      expect((await bookAppointment(f.database.db, booking(client, "2027-03-22T10:00:00-04:00"))).booking.status).toBe("booked");
    });

    it("books a session of the signed plan 14 days after the plan's last completed session", async () => {
      const client = { name: "Planned Session", email: "planned.session@example.test" };
      const { clientId } = await screenClient(f.database.db, f.keyRing, {
        organizationId: f.clinic.organizationId,
        email: client.email,
        asOf: TODAY,
        now: NOW,
      });
      const planId = await signedPlan(clientId);
      await completedSession(clientId, 13, planId);
      const result = await bookAppointment(f.database.db, booking(client, "2027-03-08T13:00:00-05:00", { plan: { planId, session: 2 } }));
      expect(result.booking.status).toBe("booked");
      // The plan's interval only covers that plan's own last session: as an unplanned day, the same date waits to day 28.
      expect(await gate(clientId, "2027-03-09")).toEqual({ allowed: false, reason: "deferred", earliestDate: "2027-03-22" });
      expect(await gate(clientId, "2027-03-01", { plan: { planId, intervalMinDays: 14 } })).toEqual({
        allowed: false,
        reason: "deferred",
        earliestDate: "2027-03-08",
      });
      // A session of another plan is not governed by this one's interval.
      expect((await gate(clientId, "2027-03-09", { plan: { planId: randomUUID(), intervalMinDays: 14 } })).allowed).toBe(false);
    });

    it("does not count consultations, cancelled or booked appointments, nor the appointment being checked", async () => {
      const client = { name: "Only Consulted", email: "only.consulted@example.test" };
      const { clientId } = await screenClient(f.database.db, f.keyRing, {
        organizationId: f.clinic.organizationId,
        email: client.email,
        asOf: TODAY,
        now: NOW,
      });
      const start = new Date("2027-02-24T10:00:00-05:00");
      const end = new Date(start.getTime() + 30 * 60_000);
      const base = {
        organizationId: f.clinic.organizationId,
        locationId: f.clinic.location.id,
        practitionerId: f.practitioners[0]!.id,
        clientId,
        startsAt: start,
        endsAt: end,
        blockedFrom: start,
        blockedUntil: end,
        source: "staff" as const,
      };
      await f.database.db.insert(appointments).values({ ...base, serviceId: f.services["consultation"]!.id, status: "completed" });
      expect((await gate(clientId, "2027-03-02")).allowed).toBe(true);
      const later = new Date("2027-02-25T10:00:00-05:00");
      const [own] = await f.database.db
        .insert(appointments)
        .values({
          ...base,
          startsAt: later,
          endsAt: new Date(later.getTime() + 60 * 60_000),
          blockedFrom: later,
          blockedUntil: new Date(later.getTime() + 60 * 60_000),
          serviceId: f.services["microneedling-face"]!.id,
          status: "completed",
        })
        .returning({ id: appointments.id });
      expect((await gate(clientId, "2027-03-02")).allowed).toBe(false);
      expect((await gate(clientId, "2027-03-02", { id: own!.id })).allowed).toBe(true);
    });
  });
});

// Who may clear a "not suitable" screening (decision 0021): the owner or the
// clinic's medical director, with the physician's written clearance; a
// practitioner keeps needs-review. The gate honours only such a clearance.
describe("not-suitable clearance", () => {
  let f: ClinicFixture;
  const NOW = Date.now();
  let TODAY: string;
  let owner: TestStaff;
  let practitioner: TestStaff;
  let director: TestStaff;
  let n = 0;

  beforeAll(async () => {
    f = await createClinicFixture();
    TODAY = todayIn(f.clinic.location.timeZone, NOW);
    const org = f.clinic.organizationId;
    owner = await addStaff(f.database.db, { organizationId: org, role: "owner" });
    practitioner = await addStaff(f.database.db, { organizationId: org, role: "practitioner", practitionerId: f.practitioners[0]!.id });
    director = await addStaff(f.database.db, { organizationId: org, role: "practitioner", practitionerId: f.practitioners[1]?.id ?? null });
  });
  afterAll(async () => {
    await f?.database.close();
  });

  /** A screened client both practitioners have treated (so both are on the care team). */
  async function client(intake: Partial<Intake>) {
    const { clientId, result } = await screenClient(f.database.db, f.keyRing, {
      organizationId: f.clinic.organizationId,
      email: `clearance${++n}@example.test`,
      intake,
      asOf: TODAY,
      now: NOW,
    });
    for (const s of [practitioner, director]) {
      if (s.practitionerId)
        await addAppointment(f, { clientId, practitionerId: s.practitionerId, daysFromNow: -10 - n, status: "completed" });
    }
    const [latest] = await viewScreenings(f.database.db, { staff: practitioner, keyRing: f.keyRing, clientId, now: NOW });
    return { clientId, result, screeningId: latest!.id };
  }

  const gate = (clientId: string) =>
    eligibilityFor(f.database.db, {
      organizationId: f.clinic.organizationId,
      keyRing: f.keyRing,
      clientId,
      date: addDays(TODAY, 3),
      rules: DEFAULT_RULE_SET,
      now: NOW,
      validDays: 30,
      timeZone: f.clinic.location.timeZone,
    });

  async function inputErrors(p: Promise<unknown>): Promise<Record<string, string>> {
    try {
      await p;
    } catch (error) {
      if (error instanceof HealthInputError) return error.errors;
      throw error;
    }
    throw new Error("expected a field refusal");
  }

  const LETTER = {
    physicianName: "Dr. Amara Singh",
    letterDate: new Date(NOW - 7 * 86_400_000).toISOString().slice(0, 10),
    letterSays: "No objection to superficial microneedling.",
  };

  describe(`clearing a not-suitable screening on ${testDatabaseKind}`, () => {
    it("is refused to a practitioner, field by field; the practitioner may still record not cleared", async () => {
      const c = await client({ conditions: ["metal-allergy"] });
      expect(c.result.outcome).toBe("not-suitable");
      const review = { keyRing: f.keyRing, clientId: c.clientId, screeningId: c.screeningId, now: NOW };
      const errors = await inputErrors(
        reviewScreening(f.database.db, {
          ...review,
          staff: practitioner,
          decision: "cleared",
          note: "The client says the allergy is mild",
          clearance: LETTER,
        }),
      );
      expect(errors.decision).toMatch(/owner or the clinic's medical director/);
      await reviewScreening(f.database.db, {
        ...review,
        staff: practitioner,
        decision: "not-cleared",
        note: "Waiting for a physician's letter",
      });
      expect(await gate(c.clientId)).toMatchObject({ allowed: false, reason: "not-suitable" });
    });

    it("a practitioner's clearance written before the rule does not open the gate for not-suitable (it still does for needs-review)", async () => {
      const c = await client({ conditions: ["keloid-history"] });
      // A review as the old code stored it: a plain note, no physician's clearance.
      const id = crypto.randomUUID();
      await f.database.db.insert(screeningReviews).values({
        id,
        organizationId: f.clinic.organizationId,
        screeningId: c.screeningId,
        decision: "cleared",
        noteEncrypted: f.keyRing.encrypt(
          "Cleared, ten characters",
          `screening_reviews.note_encrypted/${f.clinic.organizationId}/${c.screeningId}/${id}`,
        ),
        reviewedByUserId: practitioner.userId,
        reviewedAt: new Date(NOW),
      });
      expect(await gate(c.clientId)).toMatchObject({ allowed: false, reason: "not-suitable" });
      const [view] = await viewScreenings(f.database.db, { staff: practitioner, keyRing: f.keyRing, clientId: c.clientId, now: NOW });
      expect(view!.reviews.map((r) => [r.note, r.clearedAs])).toEqual([["Cleared, ten characters", null]]);

      const lupus = await client({ conditions: ["autoimmune-lupus"] });
      await reviewScreening(f.database.db, {
        staff: practitioner,
        keyRing: f.keyRing,
        clientId: lupus.clientId,
        screeningId: lupus.screeningId,
        decision: "cleared",
        note: "Rheumatologist's letter: quiet for two years",
        now: NOW,
      });
      expect((await gate(lupus.clientId)).allowed).toBe(true);
    });

    it("only the owner names the medical director, a practitioner, one at a time; audited", async () => {
      const org = f.clinic.organizationId;
      const manager = await addStaff(f.database.db, { organizationId: org, role: "manager" });
      const desk = await addStaff(f.database.db, { organizationId: org, role: "front-desk" });
      await expect(
        setMedicalDirector(f.database.db, { staff: manager, organizationId: org, userId: director.userId, medicalDirector: true }),
      ).rejects.toThrow(ForbiddenError);
      await expect(
        setMedicalDirector(f.database.db, { staff: owner, organizationId: org, userId: desk.userId, medicalDirector: true }),
      ).rejects.toThrow(AccountFieldError);
      expect(
        await setMedicalDirector(f.database.db, { staff: owner, organizationId: org, userId: director.userId, medicalDirector: true }),
      ).toEqual({
        changed: true,
      });
      await expect(
        setMedicalDirector(f.database.db, { staff: owner, organizationId: org, userId: practitioner.userId, medicalDirector: true }),
      ).rejects.toThrow(AccountFieldError);
      const audits = await f.database.db
        .select({ details: auditEvents.details })
        .from(auditEvents)
        .where(and(eq(auditEvents.action, "staff.medical-director.change"), eq(auditEvents.entityId, director.userId)));
      expect(audits.map((a) => a.details)).toEqual([{ before: { medicalDirector: false }, after: { medicalDirector: true } }]);
      const [row] = await f.database.db.select().from(staffMembers).where(eq(staffMembers.userId, director.userId));
      expect(row!.medicalDirector).toBe(true);
    });

    it("the medical director clears with the physician's written clearance naming the prescriber for blood thinners; encrypted, audited", async () => {
      const c = await client({ medications: { anticoagulant: true } });
      const review = { staff: director, keyRing: f.keyRing, clientId: c.clientId, screeningId: c.screeningId, now: NOW };
      const missing = await inputErrors(reviewScreening(f.database.db, { ...review, decision: "cleared", note: "short" }));
      expect(Object.keys(missing).sort()).toEqual(["letterDate", "letterSays", "note", "physicianName", "prescriberName"]);
      const noPrescriber = await inputErrors(
        reviewScreening(f.database.db, { ...review, decision: "cleared", note: "Physician's letter on file", clearance: LETTER }),
      );
      expect(Object.keys(noPrescriber)).toEqual(["prescriberName"]);
      expect(noPrescriber.prescriberName).toMatch(/prescriber/);
      expect(await gate(c.clientId)).toMatchObject({ allowed: false, reason: "not-suitable" });

      await reviewScreening(f.database.db, {
        ...review,
        decision: "cleared",
        note: "Physician's letter on file",
        clearance: { ...LETTER, prescriberName: "Dr. Paul Chen (cardiology)" },
      });
      expect(await gate(c.clientId)).toMatchObject({ allowed: true });
      const [view] = await viewScreenings(f.database.db, { staff: director, keyRing: f.keyRing, clientId: c.clientId, now: NOW });
      expect(view!.reviews.at(-1)).toMatchObject({
        decision: "cleared",
        clearedAs: "medical-director",
        clearance: { ...LETTER, prescriberName: "Dr. Paul Chen (cardiology)" },
      });
      const rows = await f.database.db.select().from(screeningReviews).where(eq(screeningReviews.screeningId, c.screeningId));
      expect(JSON.stringify(rows)).not.toContain("Singh");
      const audits = await f.database.db
        .select({ details: auditEvents.details })
        .from(auditEvents)
        .where(and(eq(auditEvents.entityId, c.clientId), eq(auditEvents.action, "health-record.edit")));
      expect(audits.filter((a) => a.details.kind === "screening-review").at(-1)!.details).toMatchObject({
        clearedAs: "medical-director",
        physicianClearance: true,
      });
    });

    it("the owner clears after breaking the glass, but a needs-review screening stays the practitioner's", async () => {
      const c = await client({ conditions: ["metal-allergy"] });
      await breakGlass(f.database.db, {
        staff: owner,
        clientId: c.clientId,
        reason: "Reviewing the physician's clearance letter",
        now: NOW,
      });
      await reviewScreening(f.database.db, {
        staff: owner,
        keyRing: f.keyRing,
        clientId: c.clientId,
        screeningId: c.screeningId,
        decision: "cleared",
        note: "Allergist's patch test negative",
        clearance: LETTER,
        now: NOW,
      });
      expect((await gate(c.clientId)).allowed).toBe(true);

      const lupus = await client({ conditions: ["autoimmune-lupus"] });
      await breakGlass(f.database.db, {
        staff: owner,
        clientId: lupus.clientId,
        reason: "Reviewing the physician's clearance letter",
        now: NOW,
      });
      const errors = await inputErrors(
        reviewScreening(f.database.db, {
          staff: owner,
          keyRing: f.keyRing,
          clientId: lupus.clientId,
          screeningId: lupus.screeningId,
          decision: "cleared",
          note: "Rheumatologist's letter: quiet",
          now: NOW,
        }),
      );
      expect(errors.decision).toMatch(/practitioner/);
    });
  });
});
