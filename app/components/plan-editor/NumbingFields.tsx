import { numbingAreaCm2 } from "../../../src/plans/numbing.ts";
import { ZONE_IDS } from "../../../src/plans/types.ts";
import { ZONES } from "../../../src/plans/zones.ts";
import type { PlanFieldsProps } from "./context.ts";
import { describedBy, Err, fid } from "./fields.tsx";

/** Which numbing cream, on which areas, and why when more than the clinic numbs at once. */
export function NumbingFields({ values, context, errors, set, selected }: PlanFieldsProps) {
  const numbed = values.numbingZones.filter((z) => selected.includes(z));
  const area = numbingAreaCm2(numbed);
  const over = area > context.numbingMaxAreaCm2;
  const offered = context.numbingProducts.filter((p) => p.active || p.id === values.numbingProductId);
  return (
    <>
      <div className={`field${errors.numbingProductId ? " has-error" : ""}`}>
        <label htmlFor={fid("numbingProductId")}>Numbing cream (agent and strength)</label>
        <Err id={fid("numbingProductId")} error={errors.numbingProductId} />
        <select
          id={fid("numbingProductId")}
          name="numbingProductId"
          value={values.numbingProductId}
          onChange={(e) => set({ numbingProductId: e.target.value })}
          aria-describedby={describedBy("numbingProductId", errors)}
          aria-invalid={errors.numbingProductId ? true : undefined}
        >
          <option value="">Choose…</option>
          {offered.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name} — {p.agent}
              {p.active ? "" : " (no longer on the list)"}
            </option>
          ))}
        </select>
        {offered.length === 0 ? <p>The clinic's list of numbing creams is empty. The owner adds them under Plan settings.</p> : null}
      </div>
      <fieldset className={`field${errors.numbingZones ? " has-error" : ""}`} id={fid("numbingZones")}>
        <legend>Where it goes</legend>
        <p className="hint" id="numbing-area-hint">
          About {area} cm² in all (estimated adult areas); the clinic numbs at most {context.numbingMaxAreaCm2} cm² at once. Apply a thin
          layer; don't cover or wrap it.
        </p>
        <Err id={fid("numbingZones")} error={errors.numbingZones} />
        {selected.length === 0 ? <p>Choose the areas to treat first.</p> : null}
        {selected.map((z) => (
          <div key={z} className="check-field">
            <label className="check-label">
              <input
                className="check-input"
                type="checkbox"
                name="numbingZones"
                value={z}
                checked={values.numbingZones.includes(z)}
                onChange={(e) =>
                  set({
                    numbingZones: e.target.checked
                      ? ZONE_IDS.filter((x) => x === z || values.numbingZones.includes(x))
                      : values.numbingZones.filter((x) => x !== z),
                  })
                }
              />
              <span className="visually-hidden">Numbing cream on </span>
              {ZONES[z].label}
            </label>
          </div>
        ))}
      </fieldset>
      {over || values.numbingReason || errors.numbingReason ? (
        <div className={`field${errors.numbingReason ? " has-error" : ""}`}>
          <label htmlFor={fid("numbingReason")}>Why numb more than {context.numbingMaxAreaCm2} cm² at once</label>
          <p className="hint" id={`${fid("numbingReason")}-hint`}>
            {over ? "Required: this is above the clinic's maximum for one application. " : ""}The FDA advises against numbing large areas
            and against covering or wrapping the cream. Shown on the plan and printed on it.
          </p>
          <Err id={fid("numbingReason")} error={errors.numbingReason} />
          <textarea
            id={fid("numbingReason")}
            name="numbingReason"
            rows={2}
            value={values.numbingReason}
            onChange={(e) => set({ numbingReason: e.target.value })}
            aria-describedby={describedBy("numbingReason", errors, true)}
            aria-invalid={errors.numbingReason ? true : undefined}
          />
        </div>
      ) : null}
    </>
  );
}
