// Booking the series of an accepted plan: the planner proposes every session,
// the person looks at the proposal (and may move any session, the later ones
// re-flowing), and only their confirmation books — all the confirmed sessions
// in one transaction, each through the same booking and move functions as any
// other appointment (slot check, the screening gate, audit, confirmation
// e-mail), so a series can never take a time a single booking could not.
import { and, asc, eq, inArray } from "drizzle-orm";
import { recordAuditEvent, staffActor } from "../audit/audit-log.ts";
import type { Db, DbOrTx, Tx } from "../db/open.ts";
import { appointments, clients, rooms, type StaffRole } from "../db/schema.ts";
import { isUuid } from "../kernel/ids.ts";
import { HealthAccessDeniedError, lockedAgainst } from "../privacy/access.ts";
import type { KeyRing } from "../privacy/keyring.ts";
import { checkSlot, nearestAlternatives } from "../scheduling/availability.ts";
import { bookWithin } from "../scheduling/book-appointment.ts";
import { getService, type Clinic, type Service } from "../scheduling/clinic.ts";
import {
  constraintViolation,
  EXCLUSION_VIOLATION,
  NotEligibleError,
  SlotUnavailableError,
  UNIQUE_VIOLATION,
} from "../scheduling/errors.ts";
import { rescheduleWithin } from "../scheduling/manage-booking.ts";
import { localDateOf, toOffsetIso } from "../scheduling/time.ts";
import { lockPlan } from "./record/read.ts";
import { planSeriesFacts, type PlanSeriesFacts } from "./record/series-facts.ts";
import { proposeSeries, type ProposedSeries } from "./series-db.ts";
import { earliestStart } from "./earliest-start.ts";
import { Temporal } from "temporal-polyfill";

import { OUTSIDE_WINDOW_REASON_MIN } from "./limits.ts";
import { FieldError, NotFoundError } from "../kernel/errors.ts";
import { requirePermission } from "../kernel/access.ts";

export interface SeriesStaff {
  userId: string;
  role: StaffRole;
  organizationId: string;
}

export interface BookedSession {
  appointmentId: string;
  /** 1-based. */
  session: number;
  start: number;
  end: number;
  practitionerId: string;
  roomId: string | null;
  status: "booked" | "completed";
}

export interface SeriesPage {
  facts: PlanSeriesFacts;
  service: Service;
  clientName: string;
  /** The first date the client's screening allows a treatment, or why none can be planned. */
  eligibility: { earliestDate: string } | { blocked: string };
  booked: BookedSession[];
  proposal: ProposedSeries | null;
  /** Room id → name, for the rooms the sessions are in. */
  roomNames: Record<string, string>;
}

/** Why the screening gives no date, in the words the desk sees (never the clinical reason). */
function blockedText(reason: string): string {
  switch (reason) {
    case "no-screening":
      return "The client has no screening yet: they need to complete the intake before a treatment is booked.";
    case "screening-expired":
      return "The client's screening is too old: ask them to fill in the intake again.";
    default:
      return "The client's screening does not allow a treatment yet: a practitioner needs to look at it first.";
  }
}

async function bookedSessions(db: DbOrTx, organizationId: string, planId: string): Promise<BookedSession[]> {
  const rows = await db
    .select()
    .from(appointments)
    .where(
      and(
        eq(appointments.organizationId, organizationId),
        eq(appointments.planId, planId),
        inArray(appointments.status, ["booked", "completed"]),
      ),
    )
    .orderBy(asc(appointments.planSession));
  return rows.map((r) => ({
    appointmentId: r.id,
    session: r.planSession ?? 0,
    start: r.startsAt.getTime(),
    end: r.endsAt.getTime(),
    practitionerId: r.practitionerId,
    roomId: r.roomId,
    status: r.status as "booked" | "completed",
  }));
}

async function earliestEligible(
  db: DbOrTx,
  o: Parameters<typeof earliestStart>[1],
): Promise<{ earliestDate: string } | { blocked: string }> {
  const start = await earliestStart(db, o);
  return "blocked" in start ? { blocked: blockedText(start.blocked) } : start;
}

export interface MoveRequest {
  /** 1-based session number. */
  session: number;
  /** Local date and wall time in the clinic's zone. */
  date: string;
  time: string;
  practitionerId?: string;
}

/**
 * The series page: what is booked, the first date the screening allows, and
 * a proposal for every session not booked yet (or, after a move, the moved
 * session fixed and every later one re-flowed inside its window).
 */
export async function seriesPage(
  db: Db,
  o: { staff: SeriesStaff; clinic: Clinic; keyRing: KeyRing; planId: string; now: number; move?: MoveRequest },
): Promise<SeriesPage> {
  requirePermission(o.staff, "schedule.view", "see a plan's series");
  const organizationId = o.staff.organizationId;
  const facts = await planSeriesFacts(db, { organizationId, planId: o.planId });
  if (!facts) throw new NotFoundError("An accepted version of this plan");
  if (await lockedAgainst(db, o.staff, facts.clientId)) throw new HealthAccessDeniedError("locked");
  const service = await getService(db, organizationId, facts.serviceId);
  if (!service) throw new NotFoundError("The plan's service");
  const [client] = await db.select({ name: clients.name }).from(clients).where(eq(clients.id, facts.clientId));
  const booked = await bookedSessions(db, organizationId, o.planId);
  const eligibility = await earliestEligible(db, {
    clinic: o.clinic,
    keyRing: o.keyRing,
    clientId: facts.clientId,
    now: o.now,
    plan: { planId: facts.planId, intervalMinDays: facts.intervalMinDays },
  });
  const roomNames = Object.fromEntries(
    (await db.select({ id: rooms.id, name: rooms.name }).from(rooms).where(eq(rooms.organizationId, organizationId))).map((r) => [
      r.id,
      r.name,
    ]),
  );
  if ("blocked" in eligibility) return { facts, service, clientName: client?.name ?? "", eligibility, booked, proposal: null, roomNames };

  const tz = o.clinic.location.timeZone;
  const past = booked.filter((b) => b.status === "completed" || b.start <= o.now);
  let fixed = booked.map((b) => ({ index: b.session - 1, start: b.start, practitionerId: b.practitionerId, roomId: b.roomId }));
  let ignore: string[] = [];
  let movedIndex: number | undefined;
  if (o.move) {
    const index = o.move.session - 1;
    if (!Number.isInteger(index) || index < 0 || index >= facts.sessions)
      throw new FieldError({ move: `There is no session ${o.move.session}.` });
    const start = localStart(o.move.date, o.move.time, tz);
    if (start === null) throw new FieldError({ move: "Give a date and a time, for example 2027-03-16 and 10:00." });
    if (past.some((b) => b.session - 1 >= index))
      throw new FieldError({ move: "Sessions that have already taken place stay where they are; move a later one." });
    if (o.move.practitionerId !== undefined && !isUuid(o.move.practitionerId))
      throw new FieldError({ move: "Choose a practitioner from the list." });
    const practitionerId = o.move.practitionerId ?? facts.practitionerId ?? booked.find((b) => b.session - 1 === index)?.practitionerId;
    if (!practitionerId) throw new FieldError({ move: "Choose who the session is with." });
    const own = booked.find((b) => b.session - 1 === index)?.appointmentId;
    const query = { clinic: o.clinic, service, practitionerId, now: o.now, ignoreAppointmentId: own };
    const slot = await checkSlot(db, query, start);
    if (!slot) {
      const near = await nearestAlternatives(db, query, start);
      const times = near.map((s) => toOffsetIso(s.start, tz).slice(0, 16).replace("T", " ")).join(", ");
      throw new FieldError({
        move: `Session ${o.move.session}: ${o.move.date} at ${o.move.time} is not free with that practitioner.${times ? ` Nearest free times: ${times}.` : ""}`,
      });
    }
    // Booked sessions from the moved one on are re-flowed; they must not block the times they hold now.
    ignore = booked.filter((b) => b.session - 1 >= index).map((b) => b.appointmentId);
    fixed = [...fixed.filter((f) => f.index < index), { index, start, practitionerId: slot.practitionerId, roomId: slot.roomId }];
    movedIndex = index;
  }
  const proposal = await proposeSeries(db, {
    clinic: o.clinic,
    service,
    practitionerId: facts.practitionerId,
    sessions: facts.sessions,
    intervalMinDays: facts.intervalMinDays,
    intervalMaxDays: facts.intervalMaxDays,
    earliestDate: eligibility.earliestDate,
    fixed,
    movedIndex,
    now: o.now,
    ignoreAppointmentIds: ignore,
  });
  return { facts, service, clientName: client?.name ?? "", eligibility, booked, proposal, roomNames };
}

function localStart(date: string, time: string, timeZone: string): number | null {
  try {
    const d = Temporal.PlainDate.from(date, { overflow: "reject" });
    const m = /^(\d{1,2}):(\d{2})$/.exec(time.trim());
    if (!m) return null;
    const wall = d.toPlainDateTime({ hour: Number(m[1]), minute: Number(m[2]) });
    const zoned = wall.toZonedDateTime(timeZone, { disambiguation: "reject" });
    return zoned.epochMilliseconds;
  } catch {
    return null;
  }
}

export interface SessionChoice {
  /** 1-based. */
  session: number;
  start: number;
  practitionerId: string;
  /** Why a session sits outside its interval window; required then. */
  outsideWindowReason?: string;
}

/** Whole local days between two instants' dates in the clinic's zone. */
function daysBetween(a: number, b: number, timeZone: string): number {
  return Temporal.PlainDate.from(localDateOf(a, timeZone)).until(Temporal.PlainDate.from(localDateOf(b, timeZone)), { largestUnit: "days" })
    .days;
}

/**
 * Books the confirmed sessions in one transaction: new sessions are booked,
 * booked sessions whose time changed are moved, the rest stay. Every pair of
 * consecutive sessions must be inside the plan's interval window unless the
 * person gave a reason for that session (audited); nothing lands before the
 * client's screening allows it (the booking gate says so per session). Any
 * refusal books and moves nothing and names the session.
 */
export async function bookSeries(
  db: Db,
  o: {
    staff: SeriesStaff;
    clinic: Clinic;
    keyRing: KeyRing;
    planId: string;
    choices: SessionChoice[];
    /** The person confirmed booking a series with sessions left out. */
    allowPartial?: boolean;
    now: number;
    baseUrl: string;
  },
): Promise<{ booked: number; moved: number }> {
  requirePermission(o.staff, "schedule.edit", "book a plan's sessions");
  const organizationId = o.staff.organizationId;
  const tz = o.clinic.location.timeZone;
  const facts = await planSeriesFacts(db, { organizationId, planId: o.planId });
  if (!facts) throw new NotFoundError("An accepted version of this plan");
  if (await lockedAgainst(db, o.staff, facts.clientId)) throw new HealthAccessDeniedError("locked");
  const service = await getService(db, organizationId, facts.serviceId);
  if (!service) throw new NotFoundError("The plan's service");
  const [client] = await db.select().from(clients).where(eq(clients.id, facts.clientId));
  if (!client) throw new NotFoundError("The client");

  const errors: Record<string, string> = {};
  const seen = new Set<number>();
  const lastBookable = o.now + (o.clinic.settings.horizonDays + 2) * 86_400_000;
  for (const c of o.choices) {
    if (!Number.isInteger(c.session) || c.session < 1 || c.session > facts.sessions)
      errors.form = `There is no session ${c.session} in this plan.`;
    else if (seen.has(c.session)) errors.form = `Session ${c.session} was given twice.`;
    else if (!Number.isSafeInteger(c.start) || c.start < 0 || c.start > lastBookable)
      errors[`session-${c.session}`] = `Session ${c.session}: the time is not valid, or outside the booking horizon.`;
    else if (!isUuid(c.practitionerId)) errors[`session-${c.session}`] = `Session ${c.session}: choose a practitioner.`;
    seen.add(c.session);
  }
  if (o.choices.length === 0) errors.form = "There is no session to book.";
  if (Object.keys(errors).length > 0) throw new FieldError(errors);

  return db.transaction(async (tx) => {
    // One series booking (or plan change) at a time per plan.
    await lockPlan(tx, { organizationId, planId: o.planId });
    // Read again under the lock: a new version may have been signed meanwhile.
    const current = await planSeriesFacts(tx, { organizationId, planId: o.planId });
    if (!current || current.version !== facts.version) {
      throw new FieldError({ form: "The plan changed while you were looking at its sessions. Look at them again; nothing was booked." });
    }
    const booked = await bookedSessions(tx, organizationId, o.planId);
    const final = new Map<number, number>(booked.map((b) => [b.session, b.start]));
    const changed = new Set<number>();
    for (const c of o.choices) {
      const existing = booked.find((b) => b.session === c.session);
      if (!existing || existing.start !== c.start || existing.practitionerId !== c.practitionerId) {
        changed.add(c.session);
        // Sessions that have taken place are posted back as they are; only new or moved ones must lie ahead.
        if (c.start <= o.now) errors[`session-${c.session}`] = `Session ${c.session}: that time has passed.`;
      }
      final.set(c.session, c.start);
    }
    // Books nothing the person did not see and confirm: a series with sessions left out needs their say-so.
    if (final.size < facts.sessions && !o.allowPartial) {
      const missing = Array.from({ length: facts.sessions }, (_, i) => i + 1).filter((n) => !final.has(n));
      errors.confirmPartial = `Session ${missing.join(", ")} has no time. Confirm that the others are booked without it, or move a session first.`;
    }
    // The interval rule over the whole series as it will be: every neighbouring pair, in order, at least the minimum apart.
    const reasons = new Map<number, string>();
    const numbers = [...final.keys()].sort((a, b) => a - b);
    for (let i = 1; i < numbers.length; i++) {
      const prev = numbers[i - 1]!;
      const cur = numbers[i]!;
      if (!changed.has(prev) && !changed.has(cur)) continue;
      const gaps = cur - prev;
      const days = daysBetween(final.get(prev)!, final.get(cur)!, tz);
      const min = facts.intervalMinDays * gaps;
      const max = facts.intervalMaxDays * gaps;
      const between = gaps === 1 ? `session ${prev}` : `session ${prev} (${gaps} intervals)`;
      if (days <= 0) {
        errors[`session-${cur}`] = `Session ${cur} must come after session ${prev} (rule interval.order).`;
      } else if (days < min) {
        // The minimum is a healing interval: no reason makes a shorter one acceptable.
        errors[`session-${cur}`] =
          `Session ${cur} is ${days} days after ${between}; the plan needs at least ${min} (rule interval.minimum).`;
      } else if (days > max) {
        const reason = (o.choices.find((c) => c.session === cur)?.outsideWindowReason ?? "").trim();
        reasons.set(cur, reason);
        if (reason.length < OUTSIDE_WINDOW_REASON_MIN) {
          errors[`reason-${cur}`] =
            `Session ${cur} is ${days} days after ${between}; the plan allows ${min}–${max}. ` +
            `Give a reason (at least ${OUTSIDE_WINDOW_REASON_MIN} characters) to book it anyway (rule interval.window).`;
        }
      }
    }
    if (Object.keys(errors).length > 0) throw new FieldError(errors);

    let bookedCount = 0;
    let movedCount = 0;
    // Sessions moving later go last-first, so none runs into the old time of the next one still to move.
    const moving = o.choices
      .map((c) => ({ c, existing: booked.find((b) => b.session === c.session) }))
      .filter(({ c, existing }) => !existing || existing.start !== c.start || existing.practitionerId !== c.practitionerId);
    const later = moving.filter(({ c, existing }) => existing && c.start > existing.start).sort((a, b) => b.c.session - a.c.session);
    const rest = moving.filter((m) => !later.includes(m)).sort((a, b) => a.c.session - b.c.session);
    for (const { c, existing } of [...later, ...rest]) {
      try {
        if (existing) {
          if (existing.status === "completed")
            throw new FieldError({ [`session-${c.session}`]: `Session ${c.session} has taken place and cannot move.` });
          await rescheduleWithin(tx as Tx, {
            clinic: o.clinic,
            id: existing.appointmentId,
            access: { staff: { role: o.staff.role } },
            start: c.start,
            practitionerId: c.practitionerId,
            now: o.now,
            actor: staffActor(o.staff),
            baseUrl: o.baseUrl,
            keyRing: o.keyRing,
            planWindowChecked: true,
          });
          movedCount++;
        } else {
          await bookWithin(tx as Tx, {
            clinic: o.clinic,
            service,
            start: c.start,
            practitionerId: c.practitionerId,
            client: { name: client.name, email: client.email, phone: client.phone },
            source: "staff",
            staff: { role: o.staff.role, userId: o.staff.userId },
            keyRing: o.keyRing,
            now: o.now,
            baseUrl: o.baseUrl,
            actor: staffActor(o.staff),
            plan: { planId: o.planId, session: c.session },
          });
          bookedCount++;
        }
      } catch (error) {
        throw sessionError(error, c.session);
      }
    }
    // Every reason the window rule asked for is on record, whichever session of the pair moved.
    for (const [session, reason] of reasons) {
      await recordAuditEvent(tx, {
        organizationId,
        actor: staffActor(o.staff),
        action: "treatment-plan.session-outside-window",
        entityType: "treatment-plan",
        entityId: o.planId,
        details: { kind: "outside-window", session, reason },
      });
    }
    await recordAuditEvent(tx, {
      organizationId,
      actor: staffActor(o.staff),
      action: "treatment-plan.series-book",
      entityType: "treatment-plan",
      entityId: o.planId,
      details: { version: facts.version, booked: bookedCount, moved: movedCount },
    });
    return { booked: bookedCount, moved: movedCount };
  });
}

/** A refusal for one session, named, so the page can show it beside that session. */
function sessionError(error: unknown, session: number): unknown {
  const key = `session-${session}`;
  if (error instanceof FieldError) return error;
  if (error instanceof SlotUnavailableError)
    return new FieldError({ [key]: `Session ${session}: that time is no longer free. Look at the proposal again; nothing was booked.` });
  if (error instanceof NotEligibleError) {
    // The date as people write it ("Wednesday, May 5, 2027"), not as it is stored.
    const when = error.earliestDate
      ? ` before ${Temporal.PlainDate.from(error.earliestDate).toLocaleString("en-CA", { weekday: "long", month: "long", day: "numeric", year: "numeric" })}`
      : "";
    return new FieldError({ [key]: `Session ${session}: the client's screening does not allow a treatment${when}. Nothing was booked.` });
  }
  const violation = constraintViolation(error);
  if (violation && violation.code === UNIQUE_VIOLATION && violation.constraint === "appointments_plan_session_once")
    return new FieldError({
      [key]: `Session ${session} was booked by someone else meanwhile. Look at the sessions again; nothing was booked.`,
    });
  if (violation?.code === EXCLUSION_VIOLATION)
    return new FieldError({
      [key]:
        violation.constraint === "appointments_no_client_overlap"
          ? `Session ${session}: the client already has an appointment at that time. Nothing was booked.`
          : `Session ${session}: that time was taken meanwhile. Look at the proposal again; nothing was booked.`,
    });
  return error;
}
