import type { Temporal } from "temporal-polyfill";
import { addPeriod, isAfter, latest, periodText, plainDate, type Period } from "./dates.ts";
import { NO_CLINIC_FACTS, PERIOD_SLOT, type ClinicFacts, type RuleContext, type RuleId } from "./rule-model.ts";
import { type EffectiveRules } from "./effective-rules.ts";
import {
  FITZPATRICK_ANSWER_COUNT,
  FITZPATRICK_ANSWER_MAX,
  OUTCOMES,
  type FitzpatrickType,
  type NormalizedIntake,
  type Outcome,
  type PlainDate,
  type Reason,
  type ScreeningResult,
} from "./types.ts";

// The screening engine: pure and deterministic. Same intake, same rules, same
// asOf → the same result, on any machine. It reads no clock and logs nothing.

export interface ScreenOptions {
  /**
   * Screen as of this date instead of `intake.asOf`, e.g. the date of an
   * appointment being booked. Dates in the intake that fall after it are not
   * rejected here; they count as not yet over (see docs/screening.md).
   */
  asOf?: PlainDate;
  /**
   * Facts from the clinic's own records that the booking gate adds (the last
   * completed session, whether the day is a session of a signed plan). Not
   * part of the Intake contract; absent means none.
   */
  clinic?: ClinicFacts;
}

/** Higher is more severe. */
const SEVERITY: Readonly<Record<Outcome, number>> = Object.fromEntries(OUTCOMES.map((o, i) => [o, i])) as Record<Outcome, number>;

export function severityOf(outcome: Outcome): number {
  return SEVERITY[outcome];
}

/** Upper bounds of the score bands for types I..V; anything above is type VI. */
const FITZPATRICK_BANDS = [6, 13, 20, 27, 34] as const;

/** Total of the ten answers → type: 0–6 I, 7–13 II, 14–20 III, 21–27 IV, 28–34 V, 35+ VI. */
export function scoreFitzpatrick(answers: readonly number[]): FitzpatrickType {
  if (answers.length !== FITZPATRICK_ANSWER_COUNT || answers.some((a) => !Number.isInteger(a) || a < 0 || a > FITZPATRICK_ANSWER_MAX)) {
    throw new RangeError(`Expected ${FITZPATRICK_ANSWER_COUNT} answers, each a whole number 0..${FITZPATRICK_ANSWER_MAX}`);
  }
  const total = answers.reduce((sum, a) => sum + a, 0);
  const band = FITZPATRICK_BANDS.findIndex((upper) => total <= upper);
  return (band === -1 ? 6 : band + 1) as FitzpatrickType;
}

/** A given type wins over the answers. */
export function fitzpatrickTypeOf(intake: NormalizedIntake): FitzpatrickType | null {
  if (intake.fitzpatrickType !== null) return intake.fitzpatrickType;
  if (intake.fitzpatrickAnswers !== null) return scoreFitzpatrick(intake.fitzpatrickAnswers);
  return null;
}

function render(template: string, period: Period | null): string {
  return period === null ? template : template.replaceAll(PERIOD_SLOT, periodText(period));
}

/**
 * Screens a validated intake against a rule set (`DEFAULT_RULE_SET` or
 * `effectiveRules(overrides)`). Throws RangeError only for a malformed date,
 * which `parseIntake` rules out.
 */
export function screen(intake: NormalizedIntake, rules: EffectiveRules, options: ScreenOptions = {}): ScreeningResult {
  const asOf = plainDate(options.asOf ?? intake.asOf);
  const fitzpatrickType = fitzpatrickTypeOf(intake);
  const periods = new Map<RuleId, Period | null>(rules.rules.map((r) => [r.id, r.period]));
  const context: RuleContext = {
    asOf,
    fitzpatrickType,
    clinic: options.clinic ?? NO_CLINIC_FACTS,
    periodOf: (id) => periods.get(id) ?? null,
  };

  const reasons: Reason[] = [];
  for (const rule of rules.rules) {
    const evidence = rule.evidence(intake, context);
    if (evidence === null) continue;
    let until: Temporal.PlainDate | null = null;
    if (evidence.kind === "since") {
      const period = rule.period;
      if (period === null) throw new Error(`Screening rule ${rule.id} reported a date but has no waiting period`);
      until = latest([...evidence.dates.map((d) => addPeriod(plainDate(d), period)), ...(evidence.ends ?? []).map(plainDate)]);
      // `until` is the first allowed day: a wait that ends on or before asOf is over.
      if (until === null || !isAfter(until, asOf)) continue;
    }
    reasons.push({
      ruleId: rule.id,
      outcome: rule.outcome,
      // Only a deferral has an end; a dated rule overridden to another outcome keeps its window but not a date.
      until: rule.outcome === "deferred" && until !== null ? until.toString() : null,
      clientMessage: render(rule.clientMessage, rule.period),
      staffNote: render(rule.staffNote, rule.period),
      citations: [...rule.citations],
    });
  }
  // Array.prototype.sort is stable, so equal outcomes keep the rules table's order.
  reasons.sort((a, b) => SEVERITY[b.outcome] - SEVERITY[a.outcome]);

  const outcome: Outcome = reasons[0]?.outcome ?? "suitable";
  const deferrals = reasons.filter((r) => r.outcome === "deferred");
  const awaitingResolution = deferrals.some((r) => r.until === null);
  let earliestDate: PlainDate | null = null;
  if (outcome === "suitable" || outcome === "suitable-with-precautions") {
    earliestDate = asOf.toString();
  } else if (outcome === "deferred") {
    const dated = deferrals.flatMap((r) => (r.until === null ? [] : [plainDate(r.until)]));
    earliestDate = latest(dated)?.toString() ?? null;
  }

  return { outcome, earliestDate, awaitingResolution, fitzpatrickType, reasons, rulesVersion: rules.version };
}

/**
 * Whether this result, as it stands, allows a treatment on `date`: true from
 * `earliestDate` on, when there is one and no deferral is waiting for something
 * to resolve. False for needs-review and not-suitable, and for any date before
 * the result's asOf (the result says nothing about the past).
 *
 * Sound but not complete: every time-dependent rule only relaxes as the date
 * moves later, so re-screening on a date this allows never finds a new
 * objection; re-screening a later date can allow more (an 18th birthday
 * passes). The booking gate therefore re-screens with asOf = the appointment's
 * date; this is the cheap answer for the result already in hand.
 */
export function allowsDate(result: ScreeningResult, date: PlainDate | Temporal.PlainDate): boolean {
  if (result.earliestDate === null || result.awaitingResolution) return false;
  const day = typeof date === "string" ? plainDate(date) : date;
  return !isAfter(plainDate(result.earliestDate), day);
}
