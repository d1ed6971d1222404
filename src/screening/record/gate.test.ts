// Screenings as health records, and the booking gate built on them: a
// treatment is booked exactly when the client's latest screening, re-screened
// as of the appointment's date under the clinic's rules, allows that date.
import { and, eq } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { appointments, auditEvents } from "../../db/schema.ts";
import { testDatabaseKind } from "../../db/testing.ts";
import { HealthAccessDeniedError } from "../../privacy/access.ts";
import { clientScreenings, pendingSelfChecks } from "../../privacy/health-tables.ts";
import { screenClient } from "../../privacy/screening-test-fixtures.ts";
import { addAppointment, addStaff } from "../../privacy/test-fixtures.ts";
import { getAvailability } from "../../scheduling/availability.ts";
import { bookAppointment, type BookAppointmentOptions } from "../../scheduling/book-appointment.ts";
import { NotBookableOnlineError, NotEligibleError } from "../../scheduling/errors.ts";
import { cancelBooking, rescheduleBooking } from "../../scheduling/manage-booking.ts";
import { useClinicFixture, spreadBookingOptions, type ClinicFixture } from "../../scheduling/test-fixtures.ts";
import { addDays, localDateOf } from "../../scheduling/time.ts";
import { loadClinicRules } from "../clinic-rules.ts";
import { applyDayOfChanges, type DayOfChanges } from "../day-of.ts";
import { allowsDate, screen } from "../engine.ts";
import { DEFAULT_RULE_SET } from "../effective-rules.ts";
import { parseIntake } from "../schema.ts";
import { NO_DAY_OF_CHANGES } from "../test-fixtures.ts";
import type { Intake } from "../types.ts";
import { recordDayOfScreening } from "./day-of-screening.ts";
import { reviewScreening, viewScreenings } from "./review.ts";
import { carrySelfCheck } from "./self-check.ts";
import { FieldError, ForbiddenError } from "../../kernel/errors.ts";

const NOW = Date.parse("2027-03-01T15:00:00Z");
const TODAY = "2027-03-01";

let f: ClinicFixture;
let counter = 0;

useClinicFixture((made) => (f = made));

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
        change: (latest) => applyDayOfChanges(latest!, { ...NO_DAY_OF_CHANGES, ...change }, TODAY),
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
