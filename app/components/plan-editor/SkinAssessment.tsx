import type { FitzpatrickType } from "../../../src/plans/types.ts";
import type { PlanFormValues } from "../../lib/plan-form.ts";
import type { SetPlanValues } from "./context.ts";
import { describedBy, Err, fid } from "./fields.tsx";

const ROMAN = ["", "I", "II", "III", "IV", "V", "VI"];

/** The practitioner's reading of the skin: Fitzpatrick type (the intake's score to confirm), Glogau, notes. */
export function SkinAssessment({
  values,
  errors,
  set,
  fitzpatrickFromIntake,
}: {
  values: PlanFormValues;
  errors: Record<string, string>;
  set: SetPlanValues;
  fitzpatrickFromIntake: FitzpatrickType | null;
}) {
  return (
    <fieldset className="plan-block">
      <legend>Skin assessment</legend>
      <div className="plan-row">
        <div className={`field${errors.fitzpatrick ? " has-error" : ""}`}>
          <label htmlFor={fid("fitzpatrick")}>Fitzpatrick skin type</label>
          <p className="hint" id={`${fid("fitzpatrick")}-hint`}>
            {fitzpatrickFromIntake
              ? `The intake questionnaire scored type ${ROMAN[fitzpatrickFromIntake]}. Confirm it or correct it from what you see.`
              : "The intake gave no score. Choose the type from what you see and the client's sun history."}
          </p>
          <Err id={fid("fitzpatrick")} error={errors.fitzpatrick} />
          <select
            id={fid("fitzpatrick")}
            name="fitzpatrick"
            value={values.fitzpatrick}
            onChange={(e) => set({ fitzpatrick: e.target.value })}
            aria-describedby={describedBy("fitzpatrick", errors, true)}
          >
            <option value="">Not confirmed</option>
            {[1, 2, 3, 4, 5, 6].map((n) => (
              <option key={n} value={n}>
                Type {ROMAN[n]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={fid("glogau")}>Glogau photoageing</label>
          <select id={fid("glogau")} name="glogau" value={values.glogau} onChange={(e) => set({ glogau: e.target.value })}>
            <option value="">Not assessed</option>
            <option value="1">I — mild, no wrinkles</option>
            <option value="2">II — moderate, wrinkles in motion</option>
            <option value="3">III — advanced, wrinkles at rest</option>
            <option value="4">IV — severe, only wrinkles</option>
          </select>
        </div>
      </div>
      <div className="field">
        <label htmlFor={fid("assessmentNotes")}>
          Assessment notes <span className="optional">(optional)</span>
        </label>
        <Err id={fid("assessmentNotes")} error={errors.assessmentNotes} />
        <textarea
          id={fid("assessmentNotes")}
          name="assessmentNotes"
          rows={3}
          value={values.assessmentNotes}
          onChange={(e) => set({ assessmentNotes: e.target.value })}
        />
      </div>
    </fieldset>
  );
}
