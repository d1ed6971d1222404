import { Temporal } from "temporal-polyfill";
import { z } from "zod";
import { PLAIN_DATE_PATTERN, plainDate, readPlainDate } from "./dates.ts";
import { overrideProblems, type FieldProblem, type RuleOverride } from "./effective-rules.ts";
import {
  AREAS,
  CONDITIONS,
  FITZPATRICK_ANSWER_COUNT,
  FITZPATRICK_ANSWER_MAX,
  PROCEDURES,
  REASON_OUTCOMES,
  SKIN_CONDITIONS,
  type Area,
  type FitzpatrickType,
  type NormalizedIntake,
  type PlainDate,
} from "./types.ts";

// Validation of an Intake arriving as untrusted JSON. Every problem is reported
// at once, each with a path such as `recentProcedures[0].date`, so a form can
// mark every field and an API caller can fix everything in one round.
//
// Messages never repeat the submitted value: they can then be logged or shown
// anywhere without carrying a person's health answers (see
// docs/decisions/0008-screening-input-strictness.md).

export type { FieldProblem } from "./effective-rules.ts";

export type ParseIntakeResult = { ok: true; intake: NormalizedIntake } | { ok: false; errors: FieldProblem[] };

export interface ParseIntakeOptions {
  /** Today in the clinic's zone, YYYY-MM-DD: the default `asOf`. The caller owns the clock. */
  today: PlainDate;
}

const DATE_FORMAT = "Write the date as YYYY-MM-DD, for example 2026-03-15.";
const NO_SUCH_DATE = "This date does not exist on the calendar; check the day and the month.";

/** Messages for an issue whose input was missing vs. present but of the wrong kind. */
const whenMissing = (missing: string, wrong: string) => (issue: { input?: unknown }) => (issue.input === undefined ? missing : wrong);

/**
 * A calendar date. With `notAfter`, also not later than that day: procedures,
 * stop dates and last uses happened, they are not plans.
 */
function date(what: string, notAfter: Temporal.PlainDate | null) {
  return z.string({ error: whenMissing(`${what} is required.`, DATE_FORMAT) }).superRefine((value, ctx) => {
    if (!PLAIN_DATE_PATTERN.test(value)) return void ctx.addIssue({ code: "custom", message: DATE_FORMAT });
    const day = readPlainDate(value);
    if (day === null) return void ctx.addIssue({ code: "custom", message: NO_SUCH_DATE });
    if (notAfter !== null && Temporal.PlainDate.compare(day, notAfter) > 0) {
      ctx.addIssue({ code: "custom", message: `${what} can't be after ${notAfter.toString()}, the date being screened for.` });
    }
  });
}

function oneOf<const T extends readonly [string, ...string[]]>(values: T, noun: string) {
  return z.enum(values, { error: whenMissing(`Choose a ${noun}.`, `Not a known ${noun}. Use one of: ${values.join(", ")}.`) });
}

function listOf<T extends z.ZodType>(item: T, noun: string) {
  return z.array(item, { error: whenMissing(`List the ${noun}.`, `Expected a list of ${noun}.`) });
}

function record<S extends z.ZodRawShape>(shape: S, what: string, unknownKeys = `Allowed here: ${Object.keys(shape).join(", ")}.`) {
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === "unrecognized_keys" ? unknownKeys : issue.input === undefined ? `${what} is required.` : `${what} must be an object.`,
  });
}

const yesNo = (what: string) => z.boolean({ error: whenMissing(`${what} is required.`, `${what} must be true or false.`) });

const areaList = listOf(oneOf(AREAS, "area"), "areas").min(1, "List at least one area, or leave areas out if it affects every area.");

const FITZPATRICK_TYPE_MESSAGE = "The Fitzpatrick type must be a whole number from 1 to 6.";
const fitzpatrickType = z.number({ error: FITZPATRICK_TYPE_MESSAGE }).superRefine((n, ctx) => {
  if (!Number.isInteger(n) || n < 1 || n > 6) ctx.addIssue({ code: "custom", message: FITZPATRICK_TYPE_MESSAGE });
});

// Items are checked here rather than by an item schema so that a wrong count and
// a wrong answer are both reported: zod skips array checks once an item fails.
const isAnswer = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= FITZPATRICK_ANSWER_MAX;
const fitzpatrickAnswers = listOf(z.unknown(), "Fitzpatrick answers").superRefine((values, ctx) => {
  if (values.length !== FITZPATRICK_ANSWER_COUNT) {
    ctx.addIssue({
      code: "custom",
      message: `Give exactly ${FITZPATRICK_ANSWER_COUNT} answers, one per question (this list has ${values.length}).`,
    });
  }
  values.forEach((v, index) => {
    if (!isAnswer(v))
      ctx.addIssue({ code: "custom", path: [index], message: `Each answer must be a whole number from 0 to ${FITZPATRICK_ANSWER_MAX}.` });
  });
});

/**
 * The Intake schema, checking past dates against `asOf` (null: only shape and
 * calendar are checked, for when asOf itself is unusable). Its output is the
 * contract's Intake; `normalizeIntake` turns it into what the engine reads.
 */
export function intakeSchema(asOf: Temporal.PlainDate | null) {
  const isotretinoin = z.discriminatedUnion(
    "status",
    [
      record({ status: z.literal("current") }, "Isotretinoin", 'With status "current" give nothing else; stoppedOn goes with "stopped".'),
      record({ status: z.literal("stopped"), stoppedOn: date("The stop date", asOf) }, "Isotretinoin"),
    ],
    { error: 'Isotretinoin status must be "current" or "stopped".' },
  );
  return record(
    {
      asOf: date("The screening date (asOf)", null).optional(),
      birthDate: date("The birth date", asOf).optional(),
      treatmentAreas: listOf(oneOf(AREAS, "area"), "treatment areas").min(1, "Choose at least one treatment area."),
      fitzpatrickType: fitzpatrickType.optional(),
      fitzpatrickAnswers: fitzpatrickAnswers.optional(),
      conditions: listOf(oneOf(CONDITIONS, "condition"), "conditions").optional(),
      skinConditions: listOf(
        record({ type: oneOf(SKIN_CONDITIONS, "skin condition"), areas: areaList.optional() }, "A skin condition"),
        "skin conditions",
      ).optional(),
      medications: record(
        {
          isotretinoin: isotretinoin.optional(),
          anticoagulant: yesNo("Anticoagulant").optional(),
          immunosuppressant: yesNo("Immunosuppressant").optional(),
          topicalRetinoidLastUsed: date("The last use of a topical retinoid", asOf).optional(),
          otcBloodThinner: yesNo("otcBloodThinner").optional(),
        },
        "Medications",
      ).optional(),
      recentProcedures: listOf(
        record({ type: oneOf(PROCEDURES, "procedure"), date: date("The procedure date", asOf), areas: areaList.optional() }, "A procedure"),
        "recent procedures",
      ).optional(),
      expectsCompleteRemoval: yesNo("expectsCompleteRemoval").optional(),
    },
    "The intake",
  );
}

export type ValidIntake = z.output<ReturnType<typeof intakeSchema>>;

/** De-duplicated, in the order of the value list, so equal answers compare equal. */
function canonical<T extends string>(values: readonly T[], order: readonly T[]): T[] {
  return order.filter((v) => values.includes(v));
}

const areasOrNull = (areas: readonly Area[] | undefined) => (areas === undefined ? null : canonical(areas, AREAS));

export function normalizeIntake(intake: ValidIntake, asOf: PlainDate): NormalizedIntake {
  const m = intake.medications ?? {};
  return {
    asOf,
    birthDate: intake.birthDate ?? null,
    treatmentAreas: canonical(intake.treatmentAreas, AREAS),
    fitzpatrickType: (intake.fitzpatrickType ?? null) as FitzpatrickType | null,
    fitzpatrickAnswers: intake.fitzpatrickAnswers === undefined ? null : (intake.fitzpatrickAnswers as number[]),
    conditions: canonical(intake.conditions ?? [], CONDITIONS),
    skinConditions: (intake.skinConditions ?? []).map((s) => ({ type: s.type, areas: areasOrNull(s.areas) })),
    medications: {
      isotretinoin: m.isotretinoin ?? null,
      anticoagulant: m.anticoagulant ?? false,
      immunosuppressant: m.immunosuppressant ?? false,
      topicalRetinoidLastUsed: m.topicalRetinoidLastUsed ?? null,
      ...(m.otcBloodThinner === true ? { otcBloodThinner: true } : {}),
    },
    recentProcedures: (intake.recentProcedures ?? []).map((p) => ({ type: p.type, date: p.date, areas: areasOrNull(p.areas) })),
    expectsCompleteRemoval: intake.expectsCompleteRemoval ?? false,
  };
}

/** `recentProcedures[0].date` from zod's path. */
function fieldOf(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (at, key) => (typeof key === "number" ? `${at}[${key}]` : at === "" ? String(key) : `${at}.${String(key)}`),
    "",
  );
}

const shortKey = (key: string) => (key.length > 40 ? `${key.slice(0, 40)}…` : key);

/** One problem per field, in input order; unknown keys are reported one by one at their own path. */
export function fieldProblems(issues: readonly z.core.$ZodIssue[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  const add = (field: string, message: string) => {
    if (seen.has(field)) return;
    seen.add(field);
    problems.push({ field, message });
  };
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) add(fieldOf([...issue.path, key]), `Unknown field "${shortKey(key)}". ${issue.message}`);
    } else {
      add(fieldOf(issue.path), issue.message);
    }
  }
  return problems;
}

/**
 * Validates an Intake from untrusted JSON. `asOf` defaults to `options.today`;
 * every date that must lie in the past is checked against the effective asOf.
 * When asOf itself is invalid, that is reported and the past-date checks are
 * skipped (there is no reference day to check against).
 */
export function parseIntake(json: unknown, options: ParseIntakeOptions): ParseIntakeResult {
  const today = plainDate(options.today);
  const given = typeof json === "object" && json !== null && !Array.isArray(json) ? (json as { asOf?: unknown }).asOf : undefined;
  const asOf = given === undefined ? today : typeof given === "string" ? readPlainDate(given) : null;
  const parsed = intakeSchema(asOf).safeParse(json);
  if (!parsed.success) return { ok: false, errors: fieldProblems(parsed.error.issues) };
  // A successful parse implies a usable asOf.
  return { ok: true, intake: normalizeIntake(parsed.data, (asOf ?? today).toString()) };
}

// ---- clinic overrides ----------------------------------------------------------

const period = z.union([z.strictObject({ months: z.number().int().min(1) }), z.strictObject({ days: z.number().int().min(1) })], {
  error: 'A period is either { "months": n } or { "days": n }, with a whole number n of at least 1.',
});

export const ruleOverridesSchema = listOf(
  record(
    {
      ruleId: z.string({ error: "ruleId must be a string." }),
      outcome: oneOf(REASON_OUTCOMES, "outcome").optional(),
      period: period.optional(),
    },
    "An override",
  ),
  "overrides",
);

export type ParseRuleOverridesResult = { ok: true; overrides: RuleOverride[] } | { ok: false; errors: FieldProblem[] };

/** Validates clinic overrides from settings (untrusted JSON): shape first, then meaning (known rule, period allowed, limits). */
export function parseRuleOverrides(json: unknown): ParseRuleOverridesResult {
  const parsed = ruleOverridesSchema.safeParse(json);
  if (!parsed.success) return { ok: false, errors: fieldProblems(parsed.error.issues) };
  const overrides: RuleOverride[] = parsed.data.map((o) => ({
    ruleId: o.ruleId,
    ...(o.outcome === undefined ? {} : { outcome: o.outcome }),
    ...(o.period === undefined ? {} : { period: o.period }),
  }));
  const problems = overrideProblems(overrides);
  return problems.length > 0 ? { ok: false, errors: problems } : { ok: true, overrides };
}
