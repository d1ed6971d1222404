// The clinic's own treatment sessions in the booking gate: an unplanned
// microneedling waits after the last one, a session of a signed plan waits the
// plan's interval, and consultations, cancelled or booked appointments and the
// appointment being checked do not count.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appointments } from "../../db/schema.ts";
import { testDatabaseKind } from "../../db/testing.ts";
import { treatmentPlans, treatmentPlanVersions } from "../../privacy/health-tables.ts";
import { screenClient } from "../../privacy/screening-test-fixtures.ts";
import { addStaff } from "../../privacy/test-fixtures.ts";
import { bookAppointment, type BookAppointmentOptions } from "../../scheduling/book-appointment.ts";
import { NotEligibleError } from "../../scheduling/errors.ts";
import { createClinicFixture, type ClinicFixture } from "../../scheduling/test-fixtures.ts";
import { DEFAULT_RULE_SET } from "../effective-rules.ts";
import { eligibilityFor } from "./eligibility.ts";

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

  /** A client screened today with nothing to report. */
  async function screened(name: string, email: string) {
    const { clientId } = await screenClient(f.database.db, f.keyRing, {
      organizationId: f.clinic.organizationId,
      email,
      asOf: TODAY,
      now: NOW,
    });
    return { client: { name, email }, clientId };
  }

  describe(`the clinic's own sessions in the booking gate on ${testDatabaseKind}`, () => {
    it("defers an unplanned microneedling 14 days after the clinic's last completed session to day 28", async () => {
      const { client, clientId } = await screened("Unplanned Again", "unplanned.again@example.test");
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
      const { client, clientId } = await screened("Planned Session", "planned.session@example.test");
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
      const { clientId } = await screened("Only Consulted", "only.consulted@example.test");
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
