// A clinic's changes to the default rules, checked and applied, and the
// version that fingerprints the rule set a screening used.
import { DomainError, type FieldMessages } from "../kernel/errors.ts";
import { periodIso, type Period } from "./dates.ts";
import { DEFAULT_RULES } from "./default-rules.ts";
import { rule, RULE_IDS, type Rule } from "./rule-model.ts";
import { sha256Hex } from "./sha256.ts";
import { REASON_OUTCOMES, type ReasonOutcome } from "./types.ts";

/**
 * Bump when what a rule *means* changes in code (a predicate, date arithmetic,
 * area matching). Data changes — outcomes, periods, wording, citations — change
 * rulesVersion on their own.
 */
export const ENGINE_SEMANTICS = "dermaplan-screening/1";

/** A clinic's change to one default row. Untrusted shape: `effectiveRules` checks it. */
export interface RuleOverride {
  readonly ruleId: string;
  readonly outcome?: ReasonOutcome;
  readonly period?: Period;
}

export interface EffectiveRules {
  /** In table order. */
  readonly rules: readonly Rule[];
  /** The overrides that produced these rules, in table order. */
  readonly overrides: readonly RuleOverride[];
  readonly version: string;
}

export interface FieldProblem {
  field: string;
  message: string;
}

/** Whole months up to ten years, or whole days up to ten years: anything longer is a typo, not a policy. */
export const MAX_PERIOD_MONTHS = 120;
export const MAX_PERIOD_DAYS = 3650;

/** Overrides that cannot be applied: one message per path (`[2].period`), all of them in the message. */
export class RuleOverrideError extends DomainError {
  constructor(problems: readonly FieldProblem[]) {
    super(
      "invalid",
      `Invalid screening rule overrides: ${problems.map((e) => `${e.field}: ${e.message}`).join("; ")}`,
      fieldMessages(problems),
    );
    // Set here too, not only from the class name, which a minifier may shorten.
    this.name = "RuleOverrideError";
  }
}

function fieldMessages(problems: readonly FieldProblem[]): FieldMessages {
  const errors: Record<string, string> = {};
  for (const p of problems) errors[p.field] ??= p.message;
  return errors;
}

const isWhole = (n: unknown, max: number): boolean => typeof n === "number" && Number.isInteger(n) && n >= 1 && n <= max;

/** Every problem with a list of overrides, with paths like `[2].period`; empty when they can be applied. */
export function overrideProblems(overrides: readonly RuleOverride[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  overrides.forEach((o, index) => {
    const at = `[${index}]`;
    const base = DEFAULT_RULES.find((r) => r.id === o.ruleId);
    if (base === undefined) {
      problems.push({ field: `${at}.ruleId`, message: `Not a screening rule. Use one of: ${RULE_IDS.join(", ")}.` });
      return;
    }
    if (seen.has(o.ruleId)) problems.push({ field: `${at}.ruleId`, message: "This rule is already overridden earlier in the list." });
    seen.add(o.ruleId);
    if (o.outcome === undefined && o.period === undefined) {
      problems.push({ field: at, message: "An override must change the outcome, the period, or both." });
    }
    if (o.outcome !== undefined && !(REASON_OUTCOMES as readonly string[]).includes(o.outcome)) {
      problems.push({ field: `${at}.outcome`, message: `Use one of: ${REASON_OUTCOMES.join(", ")}.` });
    }
    if (o.period !== undefined) {
      if (base.period === null) {
        problems.push({
          field: `${at}.period`,
          message: "This rule has no waiting period: it lasts until the condition is resolved. Change its outcome instead.",
        });
      } else if (!isPeriod(o.period)) {
        problems.push({
          field: `${at}.period`,
          message: `Give either whole months (1–${MAX_PERIOD_MONTHS}) or whole days (1–${MAX_PERIOD_DAYS}), e.g. { "months": 6 } or { "days": 14 }.`,
        });
      }
    }
  });
  return problems;
}

function isPeriod(p: unknown): p is Period {
  if (typeof p !== "object" || p === null) return false;
  const keys = Object.keys(p);
  if (keys.length !== 1) return false;
  if (keys[0] === "months") return isWhole((p as { months: unknown }).months, MAX_PERIOD_MONTHS);
  if (keys[0] === "days") return isWhole((p as { days: unknown }).days, MAX_PERIOD_DAYS);
  return false;
}

/** The defaults with a clinic's overrides applied. Throws RuleOverrideError listing every problem. */
export function effectiveRules(overrides: readonly RuleOverride[] = []): EffectiveRules {
  const problems = overrideProblems(overrides);
  if (problems.length > 0) throw new RuleOverrideError(problems);
  const byId = new Map(overrides.map((o) => [o.ruleId, o]));
  const rules = DEFAULT_RULES.map((base) => {
    const o = byId.get(base.id);
    if (o === undefined) return base;
    return rule({ ...base, outcome: o.outcome ?? base.outcome, period: o.period ?? base.period });
  });
  const ordered = RULE_IDS.flatMap((id) => {
    const o = byId.get(id);
    return o === undefined ? [] : [Object.freeze({ ...o })];
  });
  return Object.freeze({ rules: Object.freeze(rules), overrides: Object.freeze(ordered), version: rulesVersionOf(rules) });
}

/**
 * A short fingerprint of everything a rule set says: ids and their order,
 * outcomes, periods, both messages and citations, plus ENGINE_SEMANTICS. Equal
 * rule sets give equal versions on every machine; any difference changes it.
 */
export function rulesVersionOf(rules: readonly Rule[]): string {
  const canonical = JSON.stringify([
    ENGINE_SEMANTICS,
    rules.map((r) => [r.id, r.outcome, r.period === null ? null : periodIso(r.period), r.clientMessage, r.staffNote, [...r.citations]]),
  ]);
  return sha256Hex(canonical).slice(0, 12);
}

/** The defaults with no overrides. */
export const DEFAULT_RULE_SET: EffectiveRules = effectiveRules([]);
