// A plan counts the sessions done from its treatments completed in the
// treatment room (src/scheduling/appointment-day.ts), not from bookings.
import { describe, expect, it } from "vitest";
import { addAppointment } from "../../privacy/test-fixtures.ts";
import { takeDayStep, type DayStep } from "../../scheduling/appointment-day.ts";
import { clearForTreatment } from "./chart-test-fixtures.ts";
import { acceptedPlan, desk, f, NOW, practitioner, usePlanTestbed } from "./test-fixtures.ts";
import { viewPlanForStaff } from "./staff-view.ts";

usePlanTestbed();

describe("sessions done", () => {
  it("counts a plan's session as done once its treatment is completed", async () => {
    const db = f.database.db;
    const { planId, clientId } = await acceptedPlan();
    const a = await addAppointment(f, {
      clientId,
      practitionerId: practitioner.practitionerId!,
      start: new Date(NOW),
      slug: "microneedling-face",
      minutes: 60,
      planId,
      planSession: 1,
    });
    const packageOf = async () => (await viewPlanForStaff(db, { staff: practitioner, keyRing: f.keyRing, planId })).plan.package;
    expect(await packageOf()).toEqual({ total: 3, completed: 0, booked: 1, left: 2 });

    const step = (actor: typeof desk, s: DayStep, now: number) =>
      takeDayStep(db, { actor, appointmentId: a.id, step: s, keyRing: f.keyRing, now });
    // Checked in, cleared and consent signed: still not done.
    await clearForTreatment({ appointmentId: a.id, clientId, at: NOW });
    await step(practitioner, "start", NOW);
    expect(await packageOf()).toEqual({ total: 3, completed: 0, booked: 1, left: 2 });
    await step(practitioner, "complete", NOW + 1);
    expect(await packageOf()).toEqual({ total: 3, completed: 1, booked: 0, left: 2 });
  });
});
