// The day-of re-screen: before a treatment session starts, the practitioner
// asks what has changed since the intake. The answers are folded into the
// latest intake and the engine runs again as of today; a new deferral blocks
// the session. Pure: the caller stores the result (src/screening/record/day-of-screening.ts).
import type { Area, NormalizedIntake, PlainDate, Procedure, SkinCondition } from "./types.ts";
import { PROCEDURES } from "./types.ts";
import { parseIntake } from "./schema.ts";

export interface DayOfChanges {
  /** Skin findings in the treatment areas today. */
  skin: SkinCondition[];
  pregnant: boolean;
  breastfeeding: boolean;
  startedIsotretinoin: boolean;
  startedAnticoagulant: boolean;
  startedImmunosuppressant: boolean;
  /** A topical retinoid used since the intake: the last day it was used. */
  topicalRetinoidLastUsed: PlainDate | null;
  /** A procedure since the intake. */
  procedure: { type: Procedure; date: PlainDate } | null;
  /** Free text: any new medication or supplement, for the chart (not read by the rules). */
  newMedicationNote: string;
}

export const DAY_OF_SKIN: readonly { value: SkinCondition; label: string }[] = [
  { value: "sunburn", label: "Sunburn or irritated skin in the area" },
  { value: "acne-breakout", label: "An acne breakout in the area" },
  { value: "cold-sore", label: "A cold sore" },
  { value: "infection", label: "A skin infection in the area" },
  { value: "open-wound", label: "An open wound or sore in the area" },
  { value: "eczema-flare", label: "An eczema flare in the area" },
  { value: "psoriasis-flare", label: "A psoriasis flare in the area" },
  { value: "rosacea-flare", label: "A rosacea flare in the area" },
  { value: "tan", label: "A tan in the area (sun or sunbed)" },
];

/** A form's fields to changes, with an error per field that cannot be read. */
export function dayOfChangesFromForm(get: (name: string) => string, getAll: (name: string) => string[]) {
  const errors: Record<string, string> = {};
  const date = (name: string): PlainDate | null => {
    const v = get(name).trim();
    if (!v) return null;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) {
      errors[name] = "Write the date as YYYY-MM-DD.";
      return null;
    }
    return v;
  };
  const skin = getAll("skin").filter((v): v is SkinCondition => DAY_OF_SKIN.some((s) => s.value === v));
  const procedureType = get("procedureType");
  const procedureDate = date("procedureDate");
  let procedure: DayOfChanges["procedure"] = null;
  if (procedureType) {
    if (!(PROCEDURES as readonly string[]).includes(procedureType)) errors.procedureType = "Choose a procedure from the list.";
    else if (!procedureDate) errors.procedureDate ??= "Give the date of the procedure.";
    else procedure = { type: procedureType as Procedure, date: procedureDate };
  }
  const changes: DayOfChanges = {
    skin,
    pregnant: get("pregnant") === "yes",
    breastfeeding: get("breastfeeding") === "yes",
    startedIsotretinoin: get("isotretinoin") === "yes",
    startedAnticoagulant: get("anticoagulant") === "yes",
    startedImmunosuppressant: get("immunosuppressant") === "yes",
    topicalRetinoidLastUsed: date("topicalRetinoidLastUsed"),
    procedure,
    newMedicationNote: get("newMedicationNote").trim().slice(0, 2000),
  };
  return { changes, errors };
}

/**
 * The latest intake with today's changes, screened as of `today`. Findings on
 * the skin apply to the areas being treated. Errors name the form fields.
 */
export function applyDayOfChanges(
  latest: NormalizedIntake,
  changes: DayOfChanges,
  today: PlainDate,
): { ok: true; intake: NormalizedIntake } | { ok: false; errors: Record<string, string> } {
  const areas: Area[] = [...latest.treatmentAreas];
  const conditions = new Set(latest.conditions);
  if (changes.pregnant) conditions.add("pregnant");
  if (changes.breastfeeding) conditions.add("breastfeeding");
  const json = {
    asOf: today,
    birthDate: latest.birthDate ?? undefined,
    treatmentAreas: areas,
    fitzpatrickType: latest.fitzpatrickType ?? undefined,
    fitzpatrickAnswers: latest.fitzpatrickType ? undefined : (latest.fitzpatrickAnswers ?? undefined),
    conditions: [...conditions],
    // What the checklist asks about (DAY_OF_SKIN, flares and a tan included) is as it is today;
    // findings it does not ask about (a changing mole, sun spots) stay as the intake said, until a
    // practitioner's review or a new intake.
    skinConditions: [
      ...latest.skinConditions
        .filter((f) => !DAY_OF_SKIN.some((s) => s.value === f.type))
        .map((f) => ({ type: f.type, ...(f.areas ? { areas: [...f.areas] } : {}) })),
      ...changes.skin.map((type) => ({ type, areas })),
    ],
    medications: {
      isotretinoin: changes.startedIsotretinoin ? { status: "current" } : (latest.medications.isotretinoin ?? undefined),
      anticoagulant: latest.medications.anticoagulant || changes.startedAnticoagulant,
      immunosuppressant: latest.medications.immunosuppressant || changes.startedImmunosuppressant,
      topicalRetinoidLastUsed: changes.topicalRetinoidLastUsed ?? latest.medications.topicalRetinoidLastUsed ?? undefined,
    },
    recentProcedures: [
      ...latest.recentProcedures.map((p) => ({ type: p.type, date: p.date, ...(p.areas ? { areas: [...p.areas] } : {}) })),
      ...(changes.procedure ? [{ type: changes.procedure.type, date: changes.procedure.date }] : []),
    ],
    expectsCompleteRemoval: latest.expectsCompleteRemoval,
  };
  const parsed = parseIntake(json, { today });
  if (parsed.ok) return parsed;
  const errors: Record<string, string> = {};
  for (const e of parsed.errors) {
    const field = e.field.startsWith("medications.topicalRetinoidLastUsed")
      ? "topicalRetinoidLastUsed"
      : e.field.startsWith(`recentProcedures[${latest.recentProcedures.length}]`)
        ? "procedureDate"
        : "form";
    errors[field] ??= e.message;
  }
  return { ok: false, errors };
}
