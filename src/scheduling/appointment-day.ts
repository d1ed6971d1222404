// The appointment's day: the client arrives, the session starts and ends, or
// the client does not come. Each step is a guarded update (it happens once,
// from the state it expects), audited, with its time kept on the row. The
// public status stays one of booked / cancelled / completed / no-show; arrival
// and start are times on a booked appointment (docs/session-day.md).
import { and, eq, isNotNull, isNull, or, sql, type SQL } from "drizzle-orm";
import type { Db, DbOrTx } from "../db/open.ts";
import { appointments, services, type AppointmentStatus } from "../db/schema.ts";
import { recordAuditEvent, staffActor } from "../audit/audit-log.ts";
import type { AuditAction } from "../audit/actions.ts";
import { can, type Actor } from "../kernel/access.ts";
import { DomainError, NotFoundError } from "../kernel/errors.ts";
import { isUuid } from "../kernel/ids.ts";
import type { KeyRing } from "../privacy/keyring.ts";
import { planSeriesFacts } from "../plans/record/series-facts.ts";
import { scheduleCheckinInvites } from "../plans/record/checkins.ts";
import { scheduleNextSessionNudge } from "../notifications/reminders.ts";
import { loadClinicRules } from "../screening/clinic-rules.ts";
import { eligibilityFor, type Eligibility } from "../screening/record/eligibility.ts";
import { dayOfCheckedOn } from "../screening/record/read.ts";
import { requireProcedureConsent } from "../consent/consent.ts";
import { loadClinic } from "./clinic.ts";
import { localDateOf, todayIn } from "./time.ts";

/** Where an appointment stands on its day, as staff see it. */
export type DayState = "held" | "booked" | "arrived" | "in-session" | "completed" | "no-show" | "cancelled";

export const DAY_STEPS = ["arrive", "start", "complete", "no-show", "undo"] as const;
export type DayStep = (typeof DAY_STEPS)[number];

export function isDayStep(value: unknown): value is DayStep {
  return typeof value === "string" && (DAY_STEPS as readonly string[]).includes(value);
}

/** What the rules of the day read of an appointment. */
export interface DayFacts {
  status: AppointmentStatus;
  startMs: number;
  arrivedAt: number | null;
  startedAt: number | null;
  practitionerId: string;
  /** A treatment (needles) rather than a consultation: only its practitioner starts and ends it. */
  treatment: boolean;
}

export function dayStateOf(a: Pick<DayFacts, "status" | "arrivedAt" | "startedAt">): DayState {
  if (a.status !== "booked") return a.status;
  if (a.startedAt !== null) return "in-session";
  if (a.arrivedAt !== null) return "arrived";
  return "booked";
}

/** The state each step leads to, from the states it may be taken in. */
const STEP_MOVES: Record<DayStep, Partial<Record<DayState, DayState>>> = {
  arrive: { booked: "arrived" },
  start: { arrived: "in-session" },
  complete: { "in-session": "completed" },
  "no-show": { booked: "no-show" },
  // A step taken by mistake is put back, one at a time; a completed session stays completed.
  undo: { arrived: "booked", "in-session": "arrived", "no-show": "booked" },
};

const STATE_TEXT: Record<DayState, string> = {
  held: "being booked",
  booked: "booked",
  arrived: "checked in",
  "in-session": "in session",
  completed: "completed",
  "no-show": "marked as a no-show",
  cancelled: "cancelled",
};

const STEP_TEXT: Record<DayStep, string> = {
  arrive: "check the client in",
  start: "start the session",
  complete: "complete the session",
  "no-show": "mark a no-show",
  undo: "undo the last step",
};

export type StepCheck = { ok: true; to: DayState } | { ok: false; code: "forbidden" | "conflict"; message: string };

/**
 * Whether this staff member may take this step now. The desk (schedule.edit)
 * and the appointment's own practitioner check in, mark a no-show and undo; a
 * treatment is started and completed only by its practitioner, a
 * consultation also by the desk. Arrival is marked on the appointment's day
 * (in the clinic's zone), a no-show once its time has begun.
 */
export function checkDayStep(
  a: DayFacts,
  actor: Pick<Actor, "role" | "practitionerId">,
  step: DayStep,
  now: number,
  timeZone: string,
): StepCheck {
  const desk = can(actor.role, "schedule.edit");
  const own = actor.practitionerId !== null && actor.practitionerId === a.practitionerId;
  // Starting, completing, and taking back the start of a treatment are its practitioner's.
  const runsSession = step === "start" || step === "complete" || (step === "undo" && dayStateOf(a) === "in-session");
  if (runsSession && a.treatment ? !own : !(desk || own)) {
    return {
      ok: false,
      code: "forbidden",
      message:
        runsSession && a.treatment
          ? `Only the practitioner booked for this treatment can ${STEP_TEXT[step]}.`
          : `Your role does not allow you to ${STEP_TEXT[step]} for another practitioner's appointment.`,
    };
  }
  const from = dayStateOf(a);
  const to = STEP_MOVES[step][from];
  if (!to) return { ok: false, code: "conflict", message: `You can't ${STEP_TEXT[step]}: this appointment is ${STATE_TEXT[from]}.` };
  if (step === "arrive" && localDateOf(a.startMs, timeZone) !== todayIn(timeZone, now)) {
    return { ok: false, code: "conflict", message: "A client is checked in on the day of their appointment." };
  }
  if (step === "no-show" && now < a.startMs) {
    return { ok: false, code: "conflict", message: "A no-show can be marked once the appointment's time has begun." };
  }
  return { ok: true, to };
}

/** The steps this staff member may take now, in the order a day goes (for the buttons on the calendar and the appointment page). */
export function dayStepsFor(a: DayFacts, actor: Pick<Actor, "role" | "practitionerId">, now: number, timeZone: string): DayStep[] {
  return DAY_STEPS.filter((step) => checkDayStep(a, actor, step, now, timeZone).ok);
}

/** The columns each step sets; `undo` clears the time of the step it takes back. */
function changeFor(from: DayState, to: DayState, at: Date): Partial<typeof appointments.$inferInsert> {
  if (to === "arrived" && from === "booked") return { arrivedAt: at };
  if (to === "in-session") return { startedAt: at };
  if (to === "completed") return { status: "completed", completedAt: at };
  if (to === "no-show") return { status: "no-show", noShowAt: at };
  if (to === "arrived") return { startedAt: null }; // undo of a start
  if (from === "no-show") return { status: "booked", noShowAt: null };
  return { arrivedAt: null }; // undo of an arrival
}

/** The row is still in the state the check read: the update happens once, whoever clicks first. */
function stillIn(state: DayState): SQL {
  const status = eq(appointments.status, state === "arrived" || state === "in-session" ? "booked" : (state as AppointmentStatus));
  if (state === "booked") return and(status, isNull(appointments.arrivedAt))!;
  if (state === "arrived") return and(status, isNotNull(appointments.arrivedAt), isNull(appointments.startedAt))!;
  if (state === "in-session") return and(status, isNotNull(appointments.startedAt))!;
  return status;
}

const AUDIT_OF_STEP: Record<DayStep, AuditAction> = {
  arrive: "appointment.arrive",
  start: "appointment.start",
  complete: "appointment.complete",
  "no-show": "appointment.no-show",
  undo: "appointment.undo-step",
};

export class TreatmentNotClearedError extends DomainError {
  readonly reason: "no-day-of-check" | Exclude<Eligibility, { allowed: true }>["reason"];
  constructor(reason: TreatmentNotClearedError["reason"]) {
    super(
      "conflict",
      reason === "no-day-of-check"
        ? "Run the day-of check first: a treatment starts only after it, on the day."
        : "The day-of check does not allow this treatment today. Open the client's screening to see why.",
    );
    this.name = "TreatmentNotClearedError";
    this.reason = reason;
  }
}

/**
 * Whether the day-of check lets this treatment go ahead today: the same
 * decision the booking gate makes, on the latest screening (a practitioner's
 * clearance of the same concerns still counts), with a session of a signed
 * plan waiting the plan's own interval after the last one.
 */
export async function dayOfEligibility(
  tx: DbOrTx,
  o: {
    organizationId: string;
    keyRing: KeyRing;
    appointment: { id: string; clientId: string; planId: string | null };
    timeZone: string;
    validDays: number;
    now: number;
  },
): Promise<Eligibility> {
  const rules = await loadClinicRules(tx, o.organizationId);
  const planFacts = o.appointment.planId
    ? await planSeriesFacts(tx, { organizationId: o.organizationId, planId: o.appointment.planId })
    : null;
  return eligibilityFor(tx, {
    organizationId: o.organizationId,
    keyRing: o.keyRing,
    clientId: o.appointment.clientId,
    date: todayIn(o.timeZone, o.now),
    rules,
    now: o.now,
    validDays: o.validDays,
    timeZone: o.timeZone,
    appointment: {
      id: o.appointment.id,
      plan: planFacts ? { planId: planFacts.planId, intervalMinDays: planFacts.intervalMinDays } : null,
    },
  });
}

/**
 * Takes one step of the appointment's day for this staff member. Starting a
 * treatment needs the client's signed procedure consent (the version in
 * force), today's day-of check of this appointment and a screening that
 * allows treatment today. Refusals: not found (another clinic's or
 * unknown), forbidden (who), conflict (state, time, or the check).
 */
export async function takeDayStep(
  db: Db,
  o: { actor: Actor; appointmentId: string; step: DayStep; keyRing: KeyRing; now: number },
): Promise<{ state: DayState }> {
  if (!isUuid(o.appointmentId)) throw new NotFoundError("An appointment");
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ a: appointments, kind: services.kind })
      .from(appointments)
      .innerJoin(services, and(eq(services.id, appointments.serviceId), eq(services.organizationId, appointments.organizationId)))
      .where(and(eq(appointments.id, o.appointmentId), eq(appointments.organizationId, o.actor.organizationId)))
      .for("update", { of: appointments })
      .limit(1);
    if (!row || row.a.status === "held") throw new NotFoundError("An appointment");
    const clinic = await loadClinic(tx, o.actor.organizationId);
    const tz = clinic.location.timeZone;
    const facts: DayFacts = {
      status: row.a.status,
      startMs: row.a.startsAt.getTime(),
      arrivedAt: row.a.arrivedAt?.getTime() ?? null,
      startedAt: row.a.startedAt?.getTime() ?? null,
      practitionerId: row.a.practitionerId,
      treatment: row.kind === "treatment",
    };
    const check = checkDayStep(facts, o.actor, o.step, o.now, tz);
    if (!check.ok) throw new DomainError(check.code, check.message);
    const from = dayStateOf(facts);
    if (o.step === "start" && facts.treatment && row.a.clientId) {
      await requireProcedureConsent(tx, o.actor.organizationId, row.a.clientId);
      const today = todayIn(tz, o.now);
      if (!(await dayOfCheckedOn(tx, { organizationId: o.actor.organizationId, appointmentId: row.a.id, date: today, timeZone: tz }))) {
        throw new TreatmentNotClearedError("no-day-of-check");
      }
      const eligibility = await dayOfEligibility(tx, {
        organizationId: o.actor.organizationId,
        keyRing: o.keyRing,
        appointment: { id: row.a.id, clientId: row.a.clientId, planId: row.a.planId },
        timeZone: tz,
        validDays: clinic.settings.screeningValidDays,
        now: o.now,
      });
      if (!eligibility.allowed) throw new TreatmentNotClearedError(eligibility.reason);
    }
    const at = new Date(o.now);
    const updated = await tx
      .update(appointments)
      .set({ ...changeFor(from, check.to, at), updatedAt: at })
      .where(and(eq(appointments.organizationId, row.a.organizationId), eq(appointments.id, row.a.id), stillIn(from)))
      .returning({ id: appointments.id });
    if (updated.length === 0)
      throw new DomainError("conflict", "This appointment changed meanwhile. Reload the page to see where it stands.");
    await recordAuditEvent(tx, {
      organizationId: o.actor.organizationId,
      actor: staffActor(o.actor),
      action: AUDIT_OF_STEP[o.step],
      entityType: "appointment",
      entityId: row.a.id,
      details: { from, to: check.to },
    });
    // "How is your skin?" on the clinic's check-in days (docs/checkins.md): the invitations, in this transaction.
    if (check.to === "completed" && facts.treatment)
      await scheduleCheckinInvites(tx, { organizationId: o.actor.organizationId, appointmentId: row.a.id });
    // A plan with sessions left and none booked: one nudge with the next window (docs/reminders.md).
    if (check.to === "completed" && facts.treatment)
      await scheduleNextSessionNudge(tx, { organizationId: o.actor.organizationId, appointmentId: row.a.id });
    return { state: check.to };
  });
}

/** How often a client missed an appointment or cancelled inside the clinic's window (policy fees come later; the counts are kept now). */
export async function clientAttendance(
  db: DbOrTx,
  organizationId: string,
  clientId: string,
): Promise<{ noShows: number; lateCancellations: number }> {
  const [row] = await db
    .select({
      noShows: sql<number>`count(*) FILTER (WHERE ${appointments.status} = 'no-show')`.mapWith(Number),
      lateCancellations:
        sql<number>`count(*) FILTER (WHERE ${appointments.status} = 'cancelled' AND ${appointments.lateCancellation})`.mapWith(Number),
    })
    .from(appointments)
    .where(
      and(
        eq(appointments.organizationId, organizationId),
        eq(appointments.clientId, clientId),
        or(eq(appointments.status, "no-show"), eq(appointments.lateCancellation, true)),
      ),
    );
  return { noShows: row?.noShows ?? 0, lateCancellations: row?.lateCancellations ?? 0 };
}
