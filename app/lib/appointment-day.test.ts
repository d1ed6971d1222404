import { describe, expect, it } from "vitest";
import type { CalendarAppointment } from "../../src/scheduling/calendar.ts";
import { dayStepsView } from "./appointment-day.ts";
import { calendarAppointment } from "./calendar-test-fixtures.ts";

const TZ = "America/Toronto";
// 16 March 2027, 10:00 in Toronto.
const START = Date.parse("2027-03-16T14:00:00Z");
const MIN = 60_000;

const appointment = (more: Partial<CalendarAppointment>) =>
  calendarAppointment({ startMs: START, endMs: START + 60 * MIN, serviceName: "Microneedling — face", clientConfirmedAt: 0, ...more });

const desk = { role: "front-desk" as const, practitionerId: null };
const own = { role: "practitioner" as const, practitionerId: "p-1" };

describe("the appointment's day in staff words", () => {
  it("says where it stands in one sentence, with the time it happened", () => {
    expect(dayStepsView(appointment({}), desk, START - 30 * MIN, TZ).stateText).toBe("Booked. Check the client in when they arrive.");
    expect(dayStepsView(appointment({}), desk, START + MIN, TZ).stateText).toBe("Booked: the client has not been checked in.");
    const arrived = appointment({ dayState: "arrived", arrivedAt: START - 5 * MIN });
    expect(dayStepsView(arrived, desk, START, TZ).stateText).toBe("Checked in at 9:55 a.m.");
    const inSession = appointment({ dayState: "in-session", arrivedAt: START - 5 * MIN, startedAt: START + 2 * MIN });
    expect(dayStepsView(inSession, own, START + 3 * MIN, TZ)).toMatchObject({
      stateText: "In session since 10:02 a.m.",
      times: [
        { label: "Checked in", at: "9:55 a.m." },
        { label: "Started", at: "10:02 a.m." },
      ],
      steps: [
        { step: "complete", label: "Complete the session" },
        { step: "undo", label: "Undo the start" },
      ],
      note: null,
    });
    const done = appointment({
      status: "completed",
      dayState: "completed",
      arrivedAt: START,
      startedAt: START,
      completedAt: START + 61 * MIN,
    });
    expect(dayStepsView(done, own, START + 70 * MIN, TZ)).toMatchObject({ stateText: "Completed at 11:01 a.m.", steps: [] });
  });

  it("offers each staff member the buttons their part allows, and says who starts a treatment", () => {
    const arrived = appointment({ dayState: "arrived", arrivedAt: START - 5 * MIN });
    expect(dayStepsView(arrived, desk, START, TZ)).toMatchObject({
      steps: [{ step: "undo", label: "Undo the check-in" }],
      note: "The practitioner booked for this treatment starts and completes it.",
    });
    expect(dayStepsView(arrived, own, START, TZ)).toMatchObject({
      steps: [
        { step: "start", label: "Start the treatment" },
        { step: "undo", label: "Undo the check-in" },
      ],
      note: "A treatment starts after today's day-of check, below.",
    });
    const consultation = appointment({ serviceKind: "consultation", dayState: "arrived", arrivedAt: START });
    expect(dayStepsView(consultation, desk, START, TZ).steps.map((s) => s.label)).toEqual(["Start the consultation", "Undo the check-in"]);
    const missed = appointment({ status: "no-show", dayState: "no-show", noShowAt: START + 20 * MIN });
    expect(dayStepsView(missed, desk, START + 30 * MIN, TZ)).toMatchObject({
      stateText: "No-show: the client did not come.",
      times: [{ label: "Marked no-show", at: "10:20 a.m." }],
      steps: [{ step: "undo", label: "Undo the no-show" }],
    });
  });
});
