import { useState } from "react";
import { ZONE_IDS, type FitzpatrickType, type ZoneId } from "../../../src/plans/types.ts";
import { ZONES } from "../../../src/plans/zones.ts";
import type { PlanFormValues, ZoneFields } from "../../lib/plan-form.ts";
import { ZoneMap } from "../zone-map.tsx";
import type { PlanEditorContext } from "./context.ts";
import { Err, fid } from "./fields.tsx";
import { ZoneFieldset } from "./ZoneFieldset.tsx";

const GROUPS: { id: string; label: string }[] = [
  { id: "face", label: "Face" },
  { id: "neck", label: "Neck" },
  { id: "decollete", label: "Décolleté" },
  { id: "hands", label: "Hands" },
  { id: "scalp", label: "Scalp" },
  { id: "body", label: "Body" },
];
const ZONE_LABELS = Object.fromEntries(ZONE_IDS.map((z) => [z, ZONES[z].label])) as Record<ZoneId, string>;

/**
 * The zones: tapped on the map or ticked in the list beside it (which is what
 * keyboards and screen readers use), then a fieldset for each zone chosen.
 */
export function ZonesSection({
  values,
  errors,
  selected,
  fitzpatrick,
  context,
  toggleZone,
  setZone,
}: {
  values: PlanFormValues;
  errors: Record<string, string>;
  selected: ZoneId[];
  fitzpatrick: FitzpatrickType | null;
  context: PlanEditorContext;
  toggleZone: (zone: ZoneId) => void;
  setZone: (zone: ZoneId, patch: Partial<ZoneFields>) => void;
}) {
  const [focused, setFocused] = useState<ZoneId | null>(null);
  return (
    <section className="plan-block" aria-labelledby="zones-title">
      <h2 id="zones-title">Zones</h2>
      <p className="hint">Tap an area on the map, or tick it in the list. The eyelids, inside the orbital rim, are never treated.</p>
      <Err id={fid("zone")} error={errors.zone} />
      <div className="zone-picker">
        <div className="zone-picker-map">
          <ZoneMap selected={selected} focused={focused} onToggle={toggleZone} labels={ZONE_LABELS} title="Zone map" />
        </div>
        <fieldset className="zone-list" id={fid("zone")}>
          <legend>Areas to treat</legend>
          {GROUPS.map((g) => {
            const zones = ZONE_IDS.filter((z) => ZONES[z].group === g.id);
            return (
              <fieldset key={g.id} className="zone-group">
                <legend className="zone-group-label">{g.label}</legend>
                {zones.map((z) => (
                  <label key={z} className="check-label">
                    <input
                      className="check-input"
                      type="checkbox"
                      name="zone"
                      value={z}
                      checked={Boolean(values.zones[z])}
                      onChange={() => toggleZone(z)}
                      onFocus={() => setFocused(z)}
                      onBlur={() => setFocused((f) => (f === z ? null : f))}
                    />
                    {ZONES[z].label}
                  </label>
                ))}
              </fieldset>
            );
          })}
        </fieldset>
      </div>

      {selected.map((zone) => (
        <ZoneFieldset
          key={zone}
          zone={zone}
          fields={values.zones[zone]!}
          fitzpatrick={fitzpatrick}
          context={context}
          errors={errors}
          setZone={setZone}
        />
      ))}
    </section>
  );
}
