// What a booking's confirmation (the manage page just after booking, see
// routes/booking-confirmation.tsx) says about the visit ahead: the health
// questionnaire to fill in, and the wait the visitor's own self-check told
// them. Whoever holds the manage link reads it, and anyone may type anyone's
// address when booking: so nothing here comes from the record of the client
// the address belongs to unless the request is signed in as that client, and
// the wait comes only from what this browser carried (docs/booking.md,
// docs/security.md "What an anonymous request may change").
import type { Clinic } from "../../src/scheduling/clinic.ts";
import type { BookingView } from "../../src/scheduling/manage-booking.ts";
import { localDateOf, todayIn } from "../../src/scheduling/time.ts";
import { loadClinicRules } from "../../src/screening/clinic-rules.ts";
import { screeningValidThrough } from "../../src/screening/record/eligibility.ts";
import { clientScreeningStatus } from "../../src/screening/record/portal.ts";
import { screenCarriedSelfCheck } from "../../src/screening/record/self-check.ts";
import type { AppServices } from "../context.ts";
import type { Locale } from "../i18n/locales.ts";
import { signedInClientId } from "./booking-api.server.ts";
import { formatDateLong, formatDateMedium } from "./format.ts";
import { readSelfCheckWait, type SelfCheckWait } from "./self-check-cookie.server.ts";

export type QuestionnaireStep =
  /** Not signed in as the booking's client: the same words whoever the address belongs to. */
  | { kind: "unless-recent"; validDays: number }
  /** The signed-in client has no answers that will still count on the day of the visit. */
  | { kind: "needed" }
  /** They have: when they last answered, to update if something has changed. */
  | { kind: "current"; answeredOn: string };

export interface BeforeTheVisit {
  questionnaire: QuestionnaireStep;
  /** What the visitor's own self-check said about waiting, the date in words. */
  wait: { until: string | null; awaitingResolution: boolean } | null;
}

/**
 * The wait the self-check behind this browser's token told its visitor,
 * screened again as of today. Read before the booking takes the answers.
 */
export async function carriedWait(services: AppServices, clinic: Clinic, token: string): Promise<SelfCheckWait | null> {
  const now = services.now();
  const result = await screenCarriedSelfCheck(services.db, {
    organizationId: clinic.organizationId,
    keyRing: services.keyRing,
    token,
    rules: await loadClinicRules(services.db, clinic.organizationId),
    today: todayIn(clinic.location.timeZone, now),
    now,
  });
  if (result?.outcome !== "deferred") return null;
  return { until: result.earliestDate, awaitingResolution: result.awaitingResolution };
}

/** The next steps shown under a booking just made. */
export async function beforeTheVisit(
  services: AppServices,
  clinic: Clinic,
  request: Request,
  booking: BookingView,
  locale: Locale,
): Promise<BeforeTheVisit> {
  const tz = clinic.location.timeZone;
  const validDays = clinic.settings.screeningValidDays;
  let questionnaire: QuestionnaireStep = { kind: "unless-recent", validDays };
  const signedIn = booking.clientId ? await signedInClientId(services, request) : null;
  if (signedIn !== null && signedIn === booking.clientId) {
    // Only whether and when, from the clear columns: the answers themselves are not read.
    const latest = await clientScreeningStatus(services.db, { client: { clientId: signedIn, organizationId: clinic.organizationId } });
    // The self-check alone is not the questionnaire; an intake or the day-of check at a visit is.
    const answered = latest && (latest.source === "intake" || latest.source === "day-of") ? latest : null;
    // Current when the booking gate will still count it on the day of the visit (record/eligibility.ts).
    questionnaire =
      answered && screeningValidThrough(answered.createdAt, validDays, tz) >= localDateOf(booking.startMs, tz)
        ? { kind: "current", answeredOn: formatDateMedium(localDateOf(answered.createdAt, tz), locale) }
        : { kind: "needed" };
  }
  const wait = readSelfCheckWait(request.headers, services.keyRing, booking.id);
  return {
    questionnaire,
    wait: wait && { until: wait.until === null ? null : formatDateLong(wait.until, locale), awaitingResolution: wait.awaitingResolution },
  };
}
