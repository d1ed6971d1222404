// The booking gate: may this client have a treatment on that date? The
// system's own read of the screenings (no person sees them, so no audit row),
// answering only allowed, or why not and from when. See
// docs/decisions/0009-booking-gate.md.
import { and, desc, eq, ne } from "drizzle-orm";
import type { DbOrTx } from "../../db/open.ts";
import { appointments, services } from "../../db/schema.ts";
import type { KeyRing } from "../../privacy/keyring.ts";
import { addDays, localDateOf, todayIn } from "../../scheduling/time.ts";
import { screen } from "../engine.ts";
import type { ClinicFacts } from "../rule-model.ts";
import type { EffectiveRules } from "../effective-rules.ts";
import type { PlainDate, ScreeningResult } from "../types.ts";
import { readScreenings, type ScreeningView } from "./read.ts";
import { SERVICE_OF_APPOINTMENT } from "../../scheduling/appointment-joins.ts";

export type Eligibility =
  | { allowed: true; screeningId: string }
  | {
      allowed: false;
      /** Why, in the terms the booking pages and the API explain. */
      reason: "no-screening" | "screening-expired" | "needs-review" | "not-suitable" | "deferred" | "awaiting-resolution" | "unreadable";
      /** The first day a treatment could be booked on these answers, when there is one. */
      earliestDate: PlainDate | null;
    };

/** How many of the latest screenings are searched for the review that cleared them. */
const REVIEW_LOOKBACK = 20;

/**
 * Whether a practitioner's clearance covers this result: the latest review of
 * any recent screening is "cleared", and every needs-review / not-suitable
 * rule firing now was among those of the screening it cleared. So a day-of
 * re-screen or a refreshed intake keeps a clearance for the same concerns,
 * and a new concern needs a new review.
 */
function clearedFor(result: ScreeningResult, recent: readonly ScreeningView[]): boolean {
  let last: { decision: string; at: number; screening: ScreeningView; review: ScreeningView["reviews"][number] } | null = null;
  for (const s of recent)
    for (const r of s.reviews) if (!last || r.at > last.at) last = { decision: r.decision, at: r.at, screening: s, review: r };
  if (!last || last.decision !== "cleared") return false;
  // "Not suitable" is cleared only by the owner or the medical director, with the physician's written clearance (decision 0021):
  // a practitioner's clearance, including one recorded before that rule, covers needs-review only.
  const notSuitableNow = result.reasons.some((x) => x.outcome === "not-suitable");
  if (notSuitableNow && !(last.review.clearedAs && last.review.clearance)) return false;
  const blocking = (r: ScreeningResult | null) =>
    new Set((r?.reasons ?? []).filter((x) => x.outcome === "needs-review" || x.outcome === "not-suitable").map((x) => x.ruleId));
  const reviewed = blocking(last.screening.result);
  return [...blocking(result)].every((id) => reviewed.has(id));
}

/**
 * The clinic's own last completed treatment session on or before `date` (in
 * the clinic's zone), which the engine counts as microneedling, and whether a
 * signed plan governs the wait after it: only when the appointment checked is
 * a session of that same plan.
 */
async function clinicFacts(
  tx: DbOrTx,
  o: {
    organizationId: string;
    clientId: string;
    date: PlainDate;
    timeZone: string;
    appointment?: { id?: string | null; plan?: { planId: string; intervalMinDays: number } | null };
  },
): Promise<ClinicFacts> {
  const done = await tx
    .select({ id: appointments.id, startsAt: appointments.startsAt, planId: appointments.planId })
    .from(appointments)
    .innerJoin(services, SERVICE_OF_APPOINTMENT)
    .where(
      and(
        eq(appointments.organizationId, o.organizationId),
        eq(appointments.clientId, o.clientId),
        eq(appointments.status, "completed"),
        eq(services.kind, "treatment"),
        o.appointment?.id ? ne(appointments.id, o.appointment.id) : undefined,
      ),
    )
    .orderBy(desc(appointments.startsAt));
  const last = done.find((a) => localDateOf(a.startsAt.getTime(), o.timeZone) <= o.date);
  if (!last) return { lastSession: null, planIntervalMinDays: null };
  const plan = o.appointment?.plan;
  return {
    lastSession: localDateOf(last.startsAt.getTime(), o.timeZone),
    planIntervalMinDays: plan && last.planId === plan.planId ? plan.intervalMinDays : null,
  };
}

/** The last day a screening made at `createdAt` counts: the clinic-zone calendar day `validDays` after the day it was made. */
export function screeningValidThrough(createdAt: number, validDays: number, timeZone: string): PlainDate {
  return addDays(localDateOf(createdAt, timeZone), validDays);
}

/**
 * May this client have a treatment on `date` (a calendar date in the clinic's
 * zone)? Reads the latest screening: none, or one older than `validDays`,
 * asks for a (new) screening; otherwise its answers are screened again as of
 * `date` under the clinic's current rules, and the treatment is allowed
 * exactly when that result allows the date — or, for needs-review and
 * not-suitable, when a practitioner has cleared the screening and no deferral
 * stands in the way on that date.
 */
export async function eligibilityFor(
  tx: DbOrTx,
  o: {
    organizationId: string;
    keyRing: KeyRing;
    clientId: string;
    date: PlainDate;
    rules: EffectiveRules;
    now: number;
    validDays: number;
    /** The clinic's zone: validity counts calendar days there. */
    timeZone: string;
    /**
     * The appointment being checked, when known: its own row never counts as
     * the last session, and for a session of a signed plan the plan's minimum
     * interval (days) governs the wait after that plan's last session.
     */
    appointment?: { id?: string | null; plan?: { planId: string; intervalMinDays: number } | null };
  },
): Promise<Eligibility> {
  const recent = await readScreenings(tx, o.keyRing, o.organizationId, o.clientId, REVIEW_LOOKBACK);
  const latest = recent[0];
  if (!latest) return { allowed: false, reason: "no-screening", earliestDate: null };
  if (!latest.answers) return { allowed: false, reason: "unreadable", earliestDate: null };
  if (screeningValidThrough(latest.createdAt, o.validDays, o.timeZone) < todayIn(o.timeZone, o.now)) {
    return { allowed: false, reason: "screening-expired", earliestDate: null };
  }
  const clinic = await clinicFacts(tx, o);
  const result = screen(latest.answers.intake, o.rules, { asOf: o.date, clinic });
  const cleared = clearedFor(result, recent);
  const deferrals = result.reasons.filter((r) => r.outcome === "deferred");
  const undated = deferrals.some((r) => r.until === null);
  const latestUntil = deferrals.reduce<PlainDate | null>((max, r) => (r.until && (!max || r.until > max) ? r.until : max), null);
  if (result.outcome === "not-suitable" || result.outcome === "needs-review") {
    if (!cleared) return { allowed: false, reason: result.outcome, earliestDate: null };
    if (undated) return { allowed: false, reason: "awaiting-resolution", earliestDate: null };
    if (latestUntil && latestUntil > o.date) return { allowed: false, reason: "deferred", earliestDate: latestUntil };
    return { allowed: true, screeningId: latest.id };
  }
  if (result.outcome === "deferred") {
    if (undated || result.awaitingResolution) return { allowed: false, reason: "awaiting-resolution", earliestDate: latestUntil };
    return { allowed: false, reason: "deferred", earliestDate: result.earliestDate };
  }
  return { allowed: true, screeningId: latest.id };
}
