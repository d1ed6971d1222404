import { Temporal } from "temporal-polyfill";
import type { DayOfChanges } from "./day-of.ts";
import type { RuleId } from "./rule-model.ts";
import type { NormalizedIntake, PlainDate, ScreeningResult } from "./types.ts";

/** The day most tests screen for. */
export const AS_OF = "2026-06-15";

type IntakeChanges = Partial<Omit<NormalizedIntake, "medications">> & { medications?: Partial<NormalizedIntake["medications"]> };

/** A face treatment for an adult with nothing to report, changed by `changes`. */
export function intake(changes: IntakeChanges = {}): NormalizedIntake {
  const { medications, ...rest } = changes;
  return {
    asOf: AS_OF,
    birthDate: null,
    treatmentAreas: ["face"],
    fitzpatrickType: null,
    fitzpatrickAnswers: null,
    conditions: [],
    skinConditions: [],
    recentProcedures: [],
    expectsCompleteRemoval: false,
    ...rest,
    medications: { isotretinoin: null, anticoagulant: false, immunosuppressant: false, topicalRetinoidLastUsed: null, ...medications },
  };
}

/** A day-of check with nothing new to report. */
export const NO_DAY_OF_CHANGES: DayOfChanges = {
  skin: [],
  pregnant: false,
  breastfeeding: false,
  startedIsotretinoin: false,
  startedAnticoagulant: false,
  startedImmunosuppressant: false,
  topicalRetinoidLastUsed: null,
  procedure: null,
  newMedicationNote: "",
};

export const ruleIds = (result: ScreeningResult) => result.reasons.map((r) => r.ruleId);

export function shift(date: PlainDate, days: number): PlainDate {
  return Temporal.PlainDate.from(date).add({ days }).toString();
}

/** For each rule, an intake (asOf = AS_OF) on which that rule, and only that rule, fires under the defaults. */
export const FIRES_ALONE: Record<RuleId, NormalizedIntake> = {
  "bleeding-disorder": intake({ conditions: ["bleeding-disorder"] }),
  anticoagulant: intake({ medications: { anticoagulant: true } }),
  "keloid-history": intake({ conditions: ["keloid-history"] }),
  "metal-allergy": intake({ conditions: ["metal-allergy"] }),
  autoimmune: intake({ conditions: ["autoimmune-other"] }),
  "diabetes-uncontrolled": intake({ conditions: ["diabetes-uncontrolled"] }),
  immunosuppression: intake({ conditions: ["immunosuppression"] }),
  "cancer-treatment": intake({ conditions: ["cancer-treatment-last-12-months"] }),
  "suspicious-lesion": intake({ skinConditions: [{ type: "suspicious-lesion", areas: ["face"] }] }),
  minor: intake({ birthDate: "2012-01-01" }),
  pregnancy: intake({ conditions: ["pregnant"] }),
  breastfeeding: intake({ conditions: ["breastfeeding"] }),
  isotretinoin: intake({ medications: { isotretinoin: { status: "stopped", stoppedOn: "2026-03-01" } } }),
  "active-infection": intake({ skinConditions: [{ type: "infection", areas: null }] }),
  "active-acne": intake({ skinConditions: [{ type: "acne-breakout", areas: ["face"] }] }),
  "cold-sore": intake({ skinConditions: [{ type: "cold-sore", areas: null }] }),
  "inflammatory-flare": intake({ skinConditions: [{ type: "rosacea-flare", areas: ["face"] }] }),
  sunburn: intake({ skinConditions: [{ type: "sunburn", areas: ["face"] }] }),
  "recent-chemical-peel": intake({ recentProcedures: [{ type: "chemical-peel", date: "2026-06-10", areas: ["face"] }] }),
  "recent-laser": intake({ recentProcedures: [{ type: "laser", date: "2026-06-01", areas: ["face"] }] }),
  "recent-neurotoxin": intake({ recentProcedures: [{ type: "neurotoxin", date: "2026-06-10", areas: ["face"] }] }),
  "recent-filler": intake({ recentProcedures: [{ type: "dermal-filler", date: "2026-06-01", areas: ["face"] }] }),
  "recent-microneedling": intake({ recentProcedures: [{ type: "microneedling", date: "2026-06-01", areas: ["face"] }] }),
  "topical-retinoid": intake({ medications: { topicalRetinoidLastUsed: "2026-06-14" } }),
  "topical-retinoid-pause": intake({ medications: { topicalRetinoidLastUsed: "2026-06-01" } }),
  "diabetes-controlled": intake({ conditions: ["diabetes-controlled"] }),
  "hsv-history": intake({ conditions: ["hsv-history"] }),
  "anaesthetic-allergy": intake({ conditions: ["anaesthetic-allergy"] }),
  "darker-phototype": intake({ fitzpatrickType: 5 }),
  expectations: intake({ expectsCompleteRemoval: true }),
  // Additions (December 2026).
  "radiation-therapy": intake({ recentProcedures: [{ type: "radiation-therapy", date: "1998-03-01", areas: ["face"] }] }),
  "hypertrophic-scars": intake({ conditions: ["hypertrophic-scars"] }),
  vitiligo: intake({ conditions: ["vitiligo"] }),
  "lichen-planus": intake({ conditions: ["lichen-planus"] }),
  "collagen-vascular": intake({ conditions: ["collagen-vascular-other"] }),
  "solar-keratosis": intake({ skinConditions: [{ type: "solar-keratosis", areas: ["face"] }] }),
  "permanent-filler-or-threads": intake({ recentProcedures: [{ type: "threads", date: "2024-01-10", areas: ["face"] }] }),
  "raised-mole-or-wart": intake({ skinConditions: [{ type: "raised-mole-or-wart", areas: ["face"] }] }),
  tan: intake({ skinConditions: [{ type: "tan", areas: ["face"] }] }),
  "recent-surgery-or-trauma": intake({ recentProcedures: [{ type: "facial-surgery", date: "2026-03-01", areas: ["face"] }] }),
  "recent-hair-removal": intake({ recentProcedures: [{ type: "waxing", date: "2026-06-12", areas: ["face"] }] }),
  "otc-blood-thinner": intake({ medications: { otcBloodThinner: true } }),
};
