// The appointment's day in staff words: its state, the times kept and the
// steps the signed-in staff member may take now (the rules are the domain's,
// src/scheduling/appointment-day.ts).
import { dayStepsFor, type DayState, type DayStep } from "../../src/scheduling/appointment-day.ts";
import type { CalendarAppointment } from "../../src/scheduling/calendar.ts";
import type { Actor } from "../../src/kernel/access.ts";
import type { DayStepsView } from "../components/appointment/DaySteps.tsx";
import { formatTime } from "./format.ts";

/** The state as a short tag (calendar, appointment summary). */
export const DAY_STATE_TAG: Record<DayState, string> = {
  held: "Being booked",
  booked: "Booked",
  arrived: "Checked in",
  "in-session": "In session",
  completed: "Completed",
  "no-show": "No-show",
  cancelled: "Cancelled",
};

/** What a step did, for the message after it. */
export const DAY_STEP_DONE: Record<DayState, string> = {
  held: "",
  booked: "The last step is undone: the appointment is booked again.",
  arrived: "The client is checked in.",
  "in-session": "The session has started.",
  completed: "The session is completed.",
  "no-show": "The appointment is marked as a no-show and counted on the client.",
  cancelled: "",
};

function stepLabel(step: DayStep, a: CalendarAppointment): string {
  switch (step) {
    case "arrive":
      return "Check in";
    case "start":
      return a.serviceKind === "treatment" ? "Start the treatment" : "Start the consultation";
    case "complete":
      return "Complete the session";
    case "no-show":
      return "Mark as no-show";
    case "undo":
      return a.dayState === "no-show" ? "Undo the no-show" : a.dayState === "in-session" ? "Undo the start" : "Undo the check-in";
  }
}

export function dayStepsView(a: CalendarAppointment, staff: Pick<Actor, "role" | "practitionerId">, now: number, tz: string): DayStepsView {
  const time = (ms: number | null) => (ms === null ? null : formatTime(ms, tz));
  // "11:32 a.m." already ends a sentence.
  const at = (ms: number | null) => (time(ms) ?? "").replace(/(?<!\.)$/, ".");
  const stateText = {
    held: "Someone is still booking this time.",
    booked: now < a.startMs ? "Booked. Check the client in when they arrive." : "Booked: the client has not been checked in.",
    arrived: `Checked in at ${at(a.arrivedAt)}`,
    "in-session": `In session since ${at(a.startedAt)}`,
    completed: a.completedAt ? `Completed at ${at(a.completedAt)}` : "Completed.",
    "no-show": "No-show: the client did not come.",
    cancelled: "Cancelled.",
  }[a.dayState];
  const times = [
    { label: "Checked in", at: time(a.arrivedAt) },
    { label: "Started", at: time(a.startedAt) },
    { label: "Completed", at: time(a.completedAt) },
    { label: "Marked no-show", at: time(a.noShowAt) },
  ].filter((t): t is { label: string; at: string } => t.at !== null);
  const facts = { ...a, treatment: a.serviceKind === "treatment" };
  const steps = dayStepsFor(facts, staff, now, tz).map((step) => ({ step, label: stepLabel(step, a) }));
  const own = staff.practitionerId !== null && staff.practitionerId === a.practitionerId;
  const note =
    a.serviceKind !== "treatment" || (a.dayState !== "arrived" && a.dayState !== "booked")
      ? null
      : own
        ? "A treatment starts after today's day-of check, below."
        : "The practitioner booked for this treatment starts and completes it.";
  return { stateText, times, steps, note };
}
