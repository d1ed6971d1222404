// Whether the client's screening allows a treatment on the booked date, and
// the override only the clinic's custodian may make against it.
import type { DbOrTx } from "../../db/open.ts";
import { planSeriesFacts } from "../../plans/record/series-facts.ts";
import { eligibilityFor } from "../../screening/record/eligibility.ts";
import { loadClinicRules } from "../../screening/clinic-rules.ts";
import { FieldError } from "../../kernel/errors.ts";
import { NotEligibleError } from "../errors.ts";
import { localDateOf } from "../time.ts";
import type { BookAppointmentOptions } from "./options.ts";
import { requirePermission } from "../../kernel/access.ts";

export const ELIGIBILITY_OVERRIDE_REASON_MIN = 10;

/**
 * The booking gate for treatments: the client's screening must allow the
 * appointment's date (in the clinic's zone). Staff may book anyway with a
 * reason; that returns the refusal so it can be audited with the booking.
 */
export async function checkEligibility(
  tx: DbOrTx,
  o: Pick<BookAppointmentOptions, "clinic" | "keyRing" | "now" | "source" | "staff" | "eligibilityOverride"> &
    Partial<Pick<BookAppointmentOptions, "plan">> & { appointmentId?: string },
  clientId: string,
  start: number,
): Promise<NotEligibleError | null> {
  // A session of a signed plan waits the plan's own interval after its last session, not the generic rule's.
  const facts = o.plan ? await planSeriesFacts(tx, { organizationId: o.clinic.organizationId, planId: o.plan.planId }) : null;
  const eligibility = await eligibilityFor(tx, {
    organizationId: o.clinic.organizationId,
    keyRing: o.keyRing,
    clientId,
    date: localDateOf(start, o.clinic.location.timeZone),
    rules: await loadClinicRules(tx, o.clinic.organizationId),
    now: o.now,
    validDays: o.clinic.settings.screeningValidDays,
    timeZone: o.clinic.location.timeZone,
    appointment: { id: o.appointmentId ?? null, plan: facts ? { planId: facts.planId, intervalMinDays: facts.intervalMinDays } : null },
  });
  if (eligibility.allowed) return null;
  const refusal = new NotEligibleError(eligibility.reason, eligibility.earliestDate);
  if (!o.eligibilityOverride) throw refusal;
  if (o.source !== "staff" || !o.staff) throw refusal;
  // A clinical decision: the clinic's custodian only, never the desk or a manager.
  requirePermission(o.staff, "screening.override", "book a treatment against the client's screening");
  if (o.eligibilityOverride.reason.trim().length < ELIGIBILITY_OVERRIDE_REASON_MIN) {
    throw new FieldError({
      eligibilityOverrideReason: `Say why the treatment is booked against the screening (at least ${ELIGIBILITY_OVERRIDE_REASON_MIN} characters).`,
    });
  }
  return refusal;
}
