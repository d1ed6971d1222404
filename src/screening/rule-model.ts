// What a screening rule is: its id (the contract's table, in order), the
// evidence an intake shows for it, what the clinic's own records add, and
// the context a rule is evaluated in. The rows themselves are in
// default-rules.ts; a clinic's overrides in effective-rules.ts.
import type { Temporal } from "temporal-polyfill";
import type { Period } from "./dates.ts";
import type { FitzpatrickType, NormalizedIntake, PlainDate, ReasonOutcome } from "./types.ts";

export type { Period } from "./dates.ts";

/** Written in messages of dated rules; the engine replaces it with the effective period ("6 months"). */
export const PERIOD_SLOT = "{period}";

/**
 * The additions (December 2026): questions the intake did not ask. Appended to
 * RULE_IDS, so the tie order of the rules before them is unchanged.
 */
export const ADDED_RULE_IDS = [
  "radiation-therapy",
  "hypertrophic-scars",
  "vitiligo",
  "lichen-planus",
  "collagen-vascular",
  "solar-keratosis",
  "permanent-filler-or-threads",
  "raised-mole-or-wart",
  "tan",
  "recent-surgery-or-trauma",
  "recent-hair-removal",
  "otc-blood-thinner",
] as const;

/** The contract's table, in order: the rules as first written, then the additions. */
export const RULE_IDS = [
  "bleeding-disorder",
  "anticoagulant",
  "keloid-history",
  "metal-allergy",
  "autoimmune",
  "diabetes-uncontrolled",
  "immunosuppression",
  "cancer-treatment",
  "suspicious-lesion",
  "minor",
  "pregnancy",
  "breastfeeding",
  "isotretinoin",
  "active-infection",
  "active-acne",
  "cold-sore",
  "inflammatory-flare",
  "sunburn",
  "recent-chemical-peel",
  "recent-laser",
  "recent-neurotoxin",
  "recent-filler",
  "recent-microneedling",
  "topical-retinoid",
  "topical-retinoid-pause",
  "diabetes-controlled",
  "hsv-history",
  "anaesthetic-allergy",
  "darker-phototype",
  "expectations",
  ...ADDED_RULE_IDS,
] as const;
export type RuleId = (typeof RULE_IDS)[number];

/**
 * What the intake shows for a rule. `ongoing`: the rule applies as of any date
 * (a condition, current isotretinoin). `since`: the rule applies for the rule's
 * period after each of these dates; it fires while the latest end is after asOf.
 */
export type Evidence =
  | { readonly kind: "ongoing" }
  | {
      readonly kind: "since";
      readonly dates: readonly PlainDate[];
      /** First allowed days the rule worked out itself, where the context sets the wait (a signed plan's interval). */
      readonly ends?: readonly PlainDate[];
    };

/**
 * What the booking gate and the day-of check know from the clinic's own
 * records. Not part of the Intake contract: the self-check and a stored
 * intake are screened without it.
 */
export interface ClinicFacts {
  /** The clinic's last completed treatment session on or before asOf. */
  readonly lastSession: PlainDate | null;
  /**
   * The day screened is a session of a signed plan, and `lastSession` was a
   * session of that same plan: the plan's minimum interval in days, which
   * governs the wait after it (the series planner enforces the window).
   */
  readonly planIntervalMinDays: number | null;
}

export const NO_CLINIC_FACTS: ClinicFacts = Object.freeze({ lastSession: null, planIntervalMinDays: null });

export interface RuleContext {
  readonly asOf: Temporal.PlainDate;
  readonly clinic: ClinicFacts;
  /** Given, or scored from the answers. */
  readonly fitzpatrickType: FitzpatrickType | null;
  /** The effective period of another rule (overrides applied). */
  periodOf(id: RuleId): Period | null;
}

export interface Rule {
  readonly id: RuleId;
  readonly outcome: ReasonOutcome;
  /** Non-null exactly for dated rules: the wait after the evidence's date. */
  readonly period: Period | null;
  readonly clientMessage: string;
  readonly staffNote: string;
  readonly citations: readonly string[];
  /** Null when the rule does not apply to this intake. */
  readonly evidence: (intake: NormalizedIntake, ctx: RuleContext) => Evidence | null;
}

/** A row, frozen with its citations: rule sets are shared between requests. */
export const rule = (r: Rule): Rule => Object.freeze({ ...r, citations: Object.freeze([...r.citations]) });
