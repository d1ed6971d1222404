// The first date a plan's series may start: the later of today and the end of
// the client's screening wait, as the same screening gate that books each
// session sees it (eligibilityFor as of today). The series page proposes from
// it; an offered plan prints it, as it stood on the day it was offered.
import type { DbOrTx } from "../db/open.ts";
import type { KeyRing } from "../privacy/keyring.ts";
import type { Clinic } from "../scheduling/clinic.ts";
import { todayIn } from "../scheduling/time.ts";
import { loadClinicRules } from "../screening/clinic-rules.ts";
import { eligibilityFor, type Eligibility } from "../screening/record/eligibility.ts";

export type BlockedReason = Extract<Eligibility, { allowed: false }>["reason"];

/** A date (YYYY-MM-DD in the clinic's zone), or why the screening gives none yet (a practitioner must look at it, or it is missing or too old). */
export async function earliestStart(
  db: DbOrTx,
  o: { clinic: Clinic; keyRing: KeyRing; clientId: string; now: number; plan: { planId: string; intervalMinDays: number } },
): Promise<{ earliestDate: string } | { blocked: BlockedReason }> {
  const tz = o.clinic.location.timeZone;
  const today = todayIn(tz, o.now);
  const e = await eligibilityFor(db, {
    organizationId: o.clinic.organizationId,
    keyRing: o.keyRing,
    clientId: o.clientId,
    date: today,
    rules: await loadClinicRules(db, o.clinic.organizationId),
    now: o.now,
    validDays: o.clinic.settings.screeningValidDays,
    timeZone: tz,
    // The series' sessions wait the plan's own interval after the clinic's last session, not the generic rule's.
    appointment: { plan: o.plan },
  });
  if (e.allowed) return { earliestDate: today };
  if (e.reason === "deferred" && e.earliestDate) return { earliestDate: e.earliestDate > today ? e.earliestDate : today };
  return { blocked: e.reason };
}
