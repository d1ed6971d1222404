// The session chart's form. Plain inputs with their values as the page was
// loaded (or as posted, after a refusal), so it works with and without
// JavaScript; every error sits beside its field and in the summary above.
import { Form } from "react-router";
import {
  CHART_TEXT_MAX,
  ENDPOINT_LABELS,
  ENDPOINTS,
  MAX_PASSES,
  NUMBING_STRENGTH_MAX,
  REACTION_LABELS,
  REACTIONS,
  TECHNIQUE_LABELS,
  TECHNIQUES,
} from "../../../src/plans/chart.ts";
import type { ChartLimits } from "../../../src/plans/chart.ts";
import { ZONE_IDS, type ZoneId } from "../../../src/plans/types.ts";
import { formatMm, zoneLabel } from "../../../src/plans/zones.ts";
import type { ChartFormValues } from "../../lib/chart-form.ts";
import { ChoiceFieldset, describedBy, ErrorSummary, ErrorText, FieldFrame, TextField } from "../ContactFields.tsx";

type Lot = ChartLimits["lots"][number];

const fid = (name: string) => `field-${name}`;

function lotLabel(l: Lot, onDate: string): string {
  const state = !l.active ? " — out of use" : l.expiresOn < onDate ? " — EXPIRED" : "";
  return `${l.name}${l.needleCount ? `, ${l.needleCount} needles` : ""} · lot ${l.lot} · expires ${l.expiresOn}${state}`;
}

function Select({
  name,
  label,
  value,
  error,
  hint,
  options,
}: {
  name: string;
  label: string;
  value: string;
  error?: string;
  hint?: string;
  options: { value: string; label: string }[];
}) {
  return (
    <FieldFrame id={fid(name)} label={label} hint={hint} error={error}>
      <select
        id={fid(name)}
        name={name}
        defaultValue={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(fid(name), hint, error)}
      >
        <option value="">Choose…</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

function LotChecks(p: { name: string; legend: string; kind: Lot["kind"]; chosen: string[]; error?: string; limits: ChartLimits }) {
  const lots = offered(p.limits.lots, p.kind, p.chosen, p.limits.onDate);
  return (
    <ChoiceFieldset name={p.name} legend={p.legend} error={p.error}>
      {lots.length === 0 ? <p className="hint">None on the clinic's list: add lots on Devices and lots.</p> : null}
      {lots.map((l) => (
        <Check
          key={l.id}
          id={`${p.name}-${l.id}`}
          name={p.name}
          value={l.id}
          checked={p.chosen.includes(l.id)}
          label={lotLabel(l, p.limits.onDate)}
        />
      ))}
    </ChoiceFieldset>
  );
}

/** The lists of lots ticked in the chart: what was on the skin during needling, and after. */
const LOT_LISTS = [
  ["glideLotIds", "glide", "On the skin during needling (glide)"],
  ["productLotIds", "product", "Applied after needling"],
] as const;

/** A select of the lots of one kind the chart may offer. */
function LotSelect(p: {
  name: string;
  label: string;
  hint?: string;
  kind: Lot["kind"];
  value: string;
  error?: string;
  limits: ChartLimits;
}) {
  const options = offered(p.limits.lots, p.kind, [p.value], p.limits.onDate).map((l) => ({
    value: l.id,
    label: lotLabel(l, p.limits.onDate),
  }));
  return <Select name={p.name} label={p.label} hint={p.hint} value={p.value} error={p.error} options={options} />;
}

/** One checkbox with its label beside it. */
function Check(p: { id: string; name: string; value?: string; checked: boolean; label: string; describedBy?: string }) {
  return (
    <div className="choice">
      <input type="checkbox" id={p.id} name={p.name} value={p.value} defaultChecked={p.checked} aria-describedby={p.describedBy} />
      <label htmlFor={p.id}>{p.label}</label>
    </div>
  );
}

/** The lots a chart may offer: in use and not expired on the session's day, or already chosen in this chart (so a refusal names them). */
const offered = (lots: readonly Lot[], kind: Lot["kind"], chosen: string[], onDate: string) =>
  lots.filter((l) => l.kind === kind && ((l.active && l.expiresOn >= onDate) || chosen.includes(l.id)));

export function ChartForm({
  values,
  errors,
  limits,
  planned,
  basedOn,
}: {
  values: ChartFormValues;
  errors: Record<string, string>;
  limits: ChartLimits;
  planned: { zone: ZoneId; depthMaxMm: number }[];
  basedOn: string;
}) {
  // With a signed plan, its areas; without one, every treatable area.
  const zones: ZoneId[] = limits.hasPlan ? planned.map((p) => p.zone) : [...ZONE_IDS];
  const device = limits.devices.filter((d) => d.active || d.id === values.deviceId);
  return (
    <Form method="post" noValidate className="chart-form">
      <ErrorSummary errors={errors} unlinked={["form"]} />
      <input type="hidden" name="basedOn" value={basedOn} />

      <fieldset>
        <legend>Device and cartridge</legend>
        <Select
          name="deviceId"
          label="Device"
          value={values.deviceId}
          error={errors.deviceId}
          options={device.map((d) => ({ value: d.id, label: `${d.model}, serial ${d.serial}` }))}
        />
        <LotSelect
          name="cartridgeLotId"
          label="Cartridge lot"
          hint="Expired lots are not offered: set them aside and open another."
          kind="cartridge"
          value={values.cartridgeLotId}
          error={errors.cartridgeLotId}
          limits={limits}
        />
      </fieldset>

      <fieldset id={fid("areas")} aria-describedby={errors.areas ? `${fid("areas")}-error` : undefined}>
        <legend>Areas treated</legend>
        <ErrorText id={fid("areas")} error={errors.areas} />
        <p className="hint">
          Each area starts at the plan's deepest depth. Going deeper than planned needs your clinical reason; above the zone's maximum is
          refused.
        </p>
        {zones.map((z) => {
          const plan = planned.find((p) => p.zone === z);
          const a = values.area[z] ?? {
            depthMm: plan ? formatMm(plan.depthMaxMm) : "",
            passes: "",
            technique: "",
            endpoint: "",
            depthReason: "",
          };
          const reasonHint = plan
            ? `Needed only if deeper than the plan's ${formatMm(plan.depthMaxMm)} mm.`
            : "Why this depth, if you want it on record.";
          return (
            <fieldset key={z} className="chart-area">
              <legend>{zoneLabel(z)}</legend>
              <Check
                id={`field-zone-${z}`}
                name="area"
                value={z}
                checked={values.areas.includes(z)}
                label={`${zoneLabel(z)} treated today`}
                describedBy={errors[`zone-${z}`] ? `field-zone-${z}-error` : undefined}
              />
              <ErrorText id={fid(`zone-${z}`)} error={errors[`zone-${z}`]} />
              <div className="field-row">
                <TextField
                  name={`depthMm-${z}`}
                  label="Depth (mm)"
                  value={a.depthMm}
                  error={errors[`depthMm-${z}`]}
                  hint={`Plan: ${plan ? `${formatMm(plan.depthMaxMm)} mm` : "none"} · maximum ${formatMm(limits.zoneMaximumMm[z])} mm`}
                  inputMode="decimal"
                  optionalText="(if treated)"
                />
                <TextField
                  name={`passes-${z}`}
                  label="Passes"
                  value={a.passes}
                  error={errors[`passes-${z}`]}
                  hint={`1 to ${MAX_PASSES}`}
                  inputMode="numeric"
                  optionalText="(if treated)"
                />
              </div>
              <div className="field-row">
                <Select
                  name={`technique-${z}`}
                  label="Technique"
                  value={a.technique}
                  error={errors[`technique-${z}`]}
                  options={TECHNIQUES.map((t) => ({ value: t, label: TECHNIQUE_LABELS[t] }))}
                />
                <Select
                  name={`endpoint-${z}`}
                  label="Endpoint reached"
                  value={a.endpoint}
                  error={errors[`endpoint-${z}`]}
                  options={ENDPOINTS.map((t) => ({ value: t, label: ENDPOINT_LABELS[t] }))}
                />
              </div>
              <TextField
                name={`depthReason-${z}`}
                label="Reason for going deeper than planned"
                value={a.depthReason}
                error={errors[`depthReason-${z}`]}
                hint={reasonHint}
                multiline
                rows={2}
              />
            </fieldset>
          );
        })}
      </fieldset>

      <fieldset>
        <legend>Numbing</legend>
        {limits.anaestheticAllergy ? (
          <p className="alert">The client's screening records an allergy to local anaesthetics: no numbing product.</p>
        ) : null}
        <Check id="field-numbingUsed" name="numbingUsed" checked={values.numbingUsed} label="A numbing product was applied" />
        <LotSelect
          name="numbingLotId"
          label="Numbing product lot"
          kind="numbing"
          value={values.numbingLotId}
          error={errors.numbingLotId}
          limits={limits}
        />
        <TextField
          name="numbingStrength"
          label="Strength, as labelled"
          value={values.numbingStrength}
          error={errors.numbingStrength}
          hint="For example: 4 % lidocaine"
          maxLength={NUMBING_STRENGTH_MAX}
        />
        <ChoiceFieldset name="numbingZones" legend="Applied to" error={errors.numbingZones}>
          {zones.map((z) => (
            <Check
              key={z}
              id={`numbingZones-${z}`}
              name="numbingZones"
              value={z}
              checked={values.numbingZones.includes(z)}
              label={zoneLabel(z)}
            />
          ))}
        </ChoiceFieldset>
        <div className="field-row">
          <TextField
            name="numbingAppliedAt"
            label="Applied at"
            type="time"
            value={values.numbingAppliedAt}
            error={errors.numbingAppliedAt}
          />
          <TextField
            name="numbingRemovedAt"
            label="Removed at"
            type="time"
            value={values.numbingRemovedAt}
            error={errors.numbingRemovedAt}
          />
        </div>
      </fieldset>

      {LOT_LISTS.map(([name, kind, legend]) => (
        <LotChecks key={name} name={name} kind={kind} legend={legend} chosen={values[name]} error={errors[name]} limits={limits} />
      ))}

      <fieldset>
        <legend>Immediate reactions</legend>
        <p className="hint">Leave all unticked when the skin showed only the expected redness.</p>
        {REACTIONS.map((r) => (
          <div key={r} className="chart-reaction">
            <Check id={`reaction-${r}`} name="reaction" value={r} checked={values.reactions.includes(r)} label={REACTION_LABELS[r]} />
            <TextField
              name={`reactionAction-${r}`}
              label={`${REACTION_LABELS[r]}: what was seen and what was done`}
              value={values.reactionAction[r] ?? ""}
              error={errors[`reactionAction-${r}`]}
              multiline
              rows={2}
              maxLength={CHART_TEXT_MAX}
            />
          </div>
        ))}
      </fieldset>

      <TextField
        name="nextTime"
        label="Notes for next time"
        value={values.nextTime}
        error={errors.nextTime}
        multiline
        maxLength={CHART_TEXT_MAX}
      />

      <div className="actions">
        <button type="submit" name="intent" value="save" className="button">
          Save draft
        </button>
        <button type="submit" name="intent" value="sign" className="button primary">
          Save, sign and lock
        </button>
      </div>
      <p className="hint">Once signed, the chart can't be changed: anything more is added as an addendum under your name.</p>
    </Form>
  );
}
