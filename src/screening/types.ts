// The public shapes of the screening contract (/work/shared/contracts/screening.md).
// The value lists are exported so forms and schemas enumerate the same words the
// engine understands; their order is the order a form shows them in.

/** A calendar date, "YYYY-MM-DD", in the clinic's time zone. */
export type PlainDate = string;

export const AREAS = ["face", "neck", "chest", "hands", "scalp", "body"] as const;
export type Area = (typeof AREAS)[number];

/** The conditions asked before the additions of December 2026, in order. */
export const ORIGINAL_CONDITIONS = [
  "bleeding-disorder",
  "autoimmune-lupus",
  "autoimmune-scleroderma",
  "autoimmune-other",
  "diabetes-controlled",
  "diabetes-uncontrolled",
  "keloid-history",
  "hsv-history",
  "immunosuppression",
  "cancer-treatment-last-12-months",
  "metal-allergy",
  "anaesthetic-allergy",
  "pregnant",
  "breastfeeding",
] as const;

export const CONDITIONS = [
  ...ORIGINAL_CONDITIONS,
  // Additions (December 2026).
  "hypertrophic-scars",
  "vitiligo",
  "lichen-planus",
  "collagen-vascular-other",
] as const;
export type Condition = (typeof CONDITIONS)[number];

/** The skin conditions asked before the additions of December 2026, in order. */
export const ORIGINAL_SKIN_CONDITIONS = [
  "infection",
  "acne-breakout",
  "cold-sore",
  "open-wound",
  "eczema-flare",
  "psoriasis-flare",
  "rosacea-flare",
  "sunburn",
  "irritation",
  "suspicious-lesion",
] as const;

export const SKIN_CONDITIONS = [
  ...ORIGINAL_SKIN_CONDITIONS,
  // Additions (December 2026).
  "solar-keratosis",
  "raised-mole-or-wart",
  "tan",
] as const;
export type SkinCondition = (typeof SKIN_CONDITIONS)[number];

/** The procedures asked before the additions of December 2026, in order. */
export const ORIGINAL_PROCEDURES = ["chemical-peel", "laser", "ipl", "neurotoxin", "dermal-filler", "microneedling"] as const;

export const PROCEDURES = [
  ...ORIGINAL_PROCEDURES,
  // Additions (December 2026).
  "radiation-therapy",
  "facial-surgery",
  "trauma",
  "waxing",
  "electrolysis",
  "depilatory",
  "permanent-filler",
  "threads",
] as const;
export type Procedure = (typeof PROCEDURES)[number];

export const FITZPATRICK_TYPES = [1, 2, 3, 4, 5, 6] as const;
export type FitzpatrickType = (typeof FITZPATRICK_TYPES)[number];

/** The questionnaire has ten items, each answered 0..4. */
export const FITZPATRICK_ANSWER_COUNT = 10;
export const FITZPATRICK_ANSWER_MAX = 4;

export const ISOTRETINOIN_STATUSES = ["current", "stopped"] as const;
export type IsotretinoinUse = { status: "current" } | { status: "stopped"; stoppedOn: PlainDate };

/** Least severe first; `OUTCOMES_BY_SEVERITY` is the contract's "most severe first". */
export const OUTCOMES = ["suitable", "suitable-with-precautions", "deferred", "needs-review", "not-suitable"] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const OUTCOMES_BY_SEVERITY: readonly Outcome[] = [...OUTCOMES].reverse();
/** An outcome in staff words (the screening chart, the record's FHIR export). */
export const OUTCOME_WORDS: Readonly<Record<Outcome, string>> = {
  suitable: "Suitable",
  "suitable-with-precautions": "Suitable with precautions",
  deferred: "Deferred",
  "needs-review": "Needs review",
  "not-suitable": "Not suitable",
};

/** A reason never says "suitable": a rule that fires always asks for something. */
export const REASON_OUTCOMES = ["suitable-with-precautions", "deferred", "needs-review", "not-suitable"] as const;
export type ReasonOutcome = (typeof REASON_OUTCOMES)[number];

/** The request body of `POST /api/v1/screenings`, exactly as the contract states it. */
export interface Intake {
  asOf?: PlainDate;
  birthDate?: PlainDate;
  treatmentAreas: readonly Area[];
  fitzpatrickType?: FitzpatrickType;
  fitzpatrickAnswers?: readonly number[];
  conditions?: readonly Condition[];
  skinConditions?: readonly { type: SkinCondition; areas?: readonly Area[] }[];
  medications?: {
    isotretinoin?: IsotretinoinUse;
    anticoagulant?: boolean;
    immunosuppressant?: boolean;
    topicalRetinoidLastUsed?: PlainDate;
    /** NSAIDs taken regularly, fish oil, vitamin E, ginkgo or garlic supplements (Additions, December 2026). */
    otcBloodThinner?: boolean;
  };
  recentProcedures?: readonly { type: Procedure; date: PlainDate; areas?: readonly Area[] }[];
  expectsCompleteRemoval?: boolean;
}

/**
 * An Intake after validation: every field present, `asOf` filled in, lists
 * de-duplicated. `null` means "not answered"; `areas: null` means "everywhere"
 * (the engine applies the cold-sore default of face, not the parser, so a
 * stored intake keeps what the person actually said).
 */
export interface NormalizedIntake {
  asOf: PlainDate;
  birthDate: PlainDate | null;
  treatmentAreas: readonly Area[];
  fitzpatrickType: FitzpatrickType | null;
  fitzpatrickAnswers: readonly number[] | null;
  conditions: readonly Condition[];
  skinConditions: readonly SkinFinding[];
  medications: {
    isotretinoin: IsotretinoinUse | null;
    anticoagulant: boolean;
    immunosuppressant: boolean;
    topicalRetinoidLastUsed: PlainDate | null;
    /**
     * Present (true) only when answered yes: absent means no. Intakes stored
     * before December 2026 lack it, and an intake that never mentions it
     * normalizes exactly as it did before.
     */
    otcBloodThinner?: boolean;
  };
  recentProcedures: readonly RecentProcedure[];
  expectsCompleteRemoval: boolean;
}

export interface SkinFinding {
  type: SkinCondition;
  areas: readonly Area[] | null;
}

export interface RecentProcedure {
  type: Procedure;
  date: PlainDate;
  areas: readonly Area[] | null;
}

export interface Reason {
  /** From the rules table; stable forever. */
  ruleId: string;
  outcome: ReasonOutcome;
  /** Deferrals only: the first day treatment is allowed; null = once resolved. Always null for other outcomes. */
  until: PlainDate | null;
  clientMessage: string;
  staffNote: string;
  /** Anchors on docs/clinical/README.md. */
  citations: string[];
}

export interface ScreeningResult {
  outcome: Outcome;
  earliestDate: PlainDate | null;
  awaitingResolution: boolean;
  fitzpatrickType: FitzpatrickType | null;
  reasons: Reason[];
  rulesVersion: string;
}
