import { CLINIC_DEFAULT_LABEL, indicationsFor } from "../../../src/plans/depths.ts";
import { indicationLabel } from "../../../src/plans/indications.ts";
import { LIMIT_REASON_MAX, LIMIT_REASON_MIN } from "../../../src/plans/limits.ts";
import { suggestDepth } from "../../../src/plans/suggest.ts";
import type { FitzpatrickType, ZoneId } from "../../../src/plans/types.ts";
import { formatMm, ZONES } from "../../../src/plans/zones.ts";
import type { ZoneFields } from "../../lib/plan-form.ts";
import type { PlanEditorContext } from "./context.ts";
import { describedBy, Err, fid } from "./fields.tsx";

/**
 * One zone of the plan: its concern, the suggested depth with its evidence
 * and sources (one button copies it), the depths chosen, the clinical reason
 * past the usual band, and what the client wants changed there.
 */
export function ZoneFieldset({
  zone,
  fields: z,
  fitzpatrick,
  context,
  errors,
  setZone,
}: {
  zone: ZoneId;
  fields: ZoneFields;
  /** The type the practitioner confirmed, else the intake's score. */
  fitzpatrick: FitzpatrickType | null;
  context: Pick<PlanEditorContext, "screeningRuleIds" | "clinicMaxima" | "sources">;
  errors: Record<string, string>;
  setZone: (zone: ZoneId, patch: Partial<ZoneFields>) => void;
}) {
  const offered = indicationsFor(zone);
  const suggestion =
    z.indication && offered.includes(z.indication as never)
      ? suggestDepth({
          zone,
          indication: z.indication as never,
          fitzpatrick,
          screeningRuleIds: context.screeningRuleIds,
          clinicMaxima: context.clinicMaxima,
        })
      : null;
  const n = (k: string) => `${k}-${zone}`;
  return (
    <fieldset className="plan-zone" id={`zone-${zone}`}>
      <legend>{ZONES[zone].label}</legend>
      <p className="hint">{ZONES[zone].description.charAt(0).toUpperCase() + ZONES[zone].description.slice(1)}</p>
      <div className={`field${errors[n("indication")] ? " has-error" : ""}`}>
        <label htmlFor={fid(n("indication"))}>Concern</label>
        <Err id={fid(n("indication"))} error={errors[n("indication")]} />
        <select
          id={fid(n("indication"))}
          name={n("indication")}
          value={z.indication}
          onChange={(e) => setZone(zone, { indication: e.target.value })}
          aria-describedby={describedBy(n("indication"), errors)}
        >
          {offered.map((i) => (
            <option key={i} value={i}>
              {indicationLabel(i)}
            </option>
          ))}
        </select>
      </div>
      {suggestion ? (
        <div className="suggestion" aria-live="polite" id={`suggestion-${zone}`}>
          <p>
            <strong>
              Suggested depth {formatMm(suggestion.minMm)}–{formatMm(suggestion.maxMm)} mm
            </strong>{" "}
            <span className={`evidence evidence-${suggestion.evidence.toLowerCase()}`}>{suggestion.evidence}</span>
            {suggestion.clinicDefault ? <span className="clinic-default"> {CLINIC_DEFAULT_LABEL}</span> : null}
          </p>
          <p className="hint">{suggestion.row.note}</p>
          {suggestion.adjustments.length ? (
            <ul className="adjustments">
              {suggestion.adjustments.map((a) => (
                <li key={a.ruleId}>{a.text}</li>
              ))}
            </ul>
          ) : null}
          <p className="sources">
            Sources:{" "}
            {suggestion.citations.map((c, i) => (
              <span key={c}>
                {i ? "; " : ""}
                <abbr title={context.sources[c] ?? c}>{c}</abbr>
              </span>
            ))}
          </p>
          <button
            type="button"
            className="button secondary"
            onClick={() => setZone(zone, { depthMin: String(suggestion.minMm), depthMax: String(suggestion.maxMm) })}
          >
            Use {formatMm(suggestion.minMm)}–{formatMm(suggestion.maxMm)} mm for {ZONES[zone].label}
          </button>
        </div>
      ) : null}
      <div className="plan-row">
        {(["depthMin", "depthMax"] as const).map((k) => (
          <div key={k} className={`field${errors[n(k)] ? " has-error" : ""}`}>
            <label htmlFor={fid(n(k))}>{k === "depthMin" ? "Depth from (mm)" : "Depth up to (mm)"}</label>
            <Err id={fid(n(k))} error={errors[n(k)]} />
            <input
              id={fid(n(k))}
              name={n(k)}
              inputMode="decimal"
              autoComplete="off"
              value={z[k]}
              onChange={(e) => setZone(zone, { [k]: e.target.value })}
              aria-invalid={errors[n(k)] ? true : undefined}
              aria-describedby={describedBy(n(k), errors)}
            />
          </div>
        ))}
      </div>
      {suggestion ? (
        <div className={`field${errors[n("depthReason")] ? " has-error" : ""}`}>
          <label htmlFor={fid(n("depthReason"))}>Clinical reason for going deeper than {formatMm(suggestion.row.maxMm)} mm</label>
          <p className="hint" id={`${fid(n("depthReason"))}-hint`}>
            Needed only when the deepest depth goes past the usual band for this area and concern (at least {LIMIT_REASON_MIN} characters).
            The client reads it on their plan and its PDF.
          </p>
          <Err id={fid(n("depthReason"))} error={errors[n("depthReason")]} />
          <textarea
            id={fid(n("depthReason"))}
            name={n("depthReason")}
            rows={2}
            maxLength={LIMIT_REASON_MAX}
            value={z.depthReason}
            onChange={(e) => setZone(zone, { depthReason: e.target.value })}
            aria-invalid={errors[n("depthReason")] ? true : undefined}
            aria-describedby={describedBy(n("depthReason"), errors, true)}
          />
        </div>
      ) : null}
      <div className="field">
        <label htmlFor={fid(n("concern"))}>
          What the client wants changed here <span className="optional">(optional)</span>
        </label>
        <input id={fid(n("concern"))} name={n("concern")} value={z.concern} onChange={(e) => setZone(zone, { concern: e.target.value })} />
      </div>
    </fieldset>
  );
}
