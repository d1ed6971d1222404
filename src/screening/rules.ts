// The screening rules: the public surface of the rule table. Each job has its
// own file:
//
// - rule-model.ts: what a rule is, its ids in the contract's order, the
//   evidence an intake shows and the context a rule is evaluated in;
// - rule-evidence.ts: the predicates the rows share;
// - default-rules.ts and default-rules-additions.ts: the rows, with their
//   citations;
// - effective-rules.ts: a clinic's overrides, checked and applied, and the
//   rules version.
export { ADULT_AGE, DEFAULT_RULES } from "./default-rules.ts";
export {
  DEFAULT_RULE_SET,
  effectiveRules,
  ENGINE_SEMANTICS,
  MAX_PERIOD_DAYS,
  MAX_PERIOD_MONTHS,
  overrideProblems,
  RuleOverrideError,
  rulesVersionOf,
  type EffectiveRules,
  type FieldProblem,
  type RuleOverride,
} from "./effective-rules.ts";
export { touchesTreatment } from "./rule-evidence.ts";
export {
  NO_CLINIC_FACTS,
  PERIOD_SLOT,
  RULE_IDS,
  type ClinicFacts,
  type Evidence,
  type Period,
  type Rule,
  type RuleContext,
  type RuleId,
} from "./rule-model.ts";
