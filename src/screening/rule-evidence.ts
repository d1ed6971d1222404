// The predicates the rows of the rule table share: how an intake shows a
// condition, a finding in a treated area, or a treatment's date.
import type { Evidence } from "./rule-model.ts";
import type { Area, Condition, NormalizedIntake, PlainDate, Procedure, SkinCondition } from "./types.ts";

export const ONGOING: Evidence = Object.freeze({ kind: "ongoing" });

export const ongoingIf = (applies: boolean): Evidence | null => (applies ? ONGOING : null);

export const since = (dates: readonly PlainDate[]): Evidence | null => (dates.length > 0 ? { kind: "since", dates } : null);

export const hasCondition = (intake: NormalizedIntake, ...conditions: Condition[]) => conditions.some((c) => intake.conditions.includes(c));

/** Absent areas mean everywhere; otherwise at least one area must be treated. */
export function touchesTreatment(areas: readonly Area[] | null, treatmentAreas: readonly Area[]): boolean {
  return areas === null || areas.some((a) => treatmentAreas.includes(a));
}

/** Where a skin finding is assumed to be when the person did not say. */
const DEFAULT_AREAS: Partial<Record<SkinCondition, readonly Area[]>> = { "cold-sore": ["face"] };

export function skinFindingInTreatment(intake: NormalizedIntake, ...types: SkinCondition[]): boolean {
  return intake.skinConditions.some(
    (s) => types.includes(s.type) && touchesTreatment(s.areas ?? DEFAULT_AREAS[s.type] ?? null, intake.treatmentAreas),
  );
}

export function procedureDatesInTreatment(intake: NormalizedIntake, ...types: Procedure[]): PlainDate[] {
  return intake.recentProcedures
    .filter((p) => types.includes(p.type) && touchesTreatment(p.areas, intake.treatmentAreas))
    .map((p) => p.date);
}
