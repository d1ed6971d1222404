// The practitioner's plan editor: skin assessment, zones on the map (or the
// list beside it, which is what keyboards and screen readers use), a concern
// and depth per zone with the suggested range and its sources, the series,
// numbing cream, products and price, and a live summary of what the client
// will read. The server decides what is allowed (src/plans/validate.ts); this
// only helps the practitioner get there and shows the same messages.
import { useMemo, useState } from "react";
import { Form } from "react-router";
import { CLINIC_DEFAULT_LABEL, indicationsFor } from "../../src/plans/depths.ts";
import { planAftercare } from "../../src/plans/client-copy.ts";
import { achievabilityStatement, estimateVisit, expectedDowntime, packageSummary } from "../../src/plans/estimate.ts";
import { INDICATIONS, indicationLabel } from "../../src/plans/indications.ts";
import { LIMIT_REASON_MAX, LIMIT_REASON_MIN } from "../../src/plans/limits.ts";
import { suggestDepth } from "../../src/plans/suggest.ts";
import { numbingAreaCm2 } from "../../src/plans/numbing.ts";
import {
  ZONE_IDS,
  type ApprovedProduct,
  type ClinicDepthLimits,
  type FitzpatrickType,
  type NeedlingGlide,
  type NumbingProduct,
  type ZoneId,
} from "../../src/plans/types.ts";
import { formatMm, ZONES } from "../../src/plans/zones.ts";
import { draftFrom, type PlanFormValues, type ZoneFields } from "../lib/plan-form.ts";
import { ErrorSummary } from "./ContactFields.tsx";
import { ZoneMap } from "./zone-map.tsx";

export interface PlanEditorContext {
  products: ApprovedProduct[];
  numbingProducts: NumbingProduct[];
  glides: NeedlingGlide[];
  /** The clinic's largest area numbed in one application, cm². */
  numbingMaxAreaCm2: number;
  clinicMaxima: ClinicDepthLimits;
  anaestheticAllergy: boolean;
  fitzpatrickFromIntake: FitzpatrickType | null;
  screeningRuleIds: string[];
  services: { id: string; name: string; priceCents: number | null; currency: string }[];
  practitioners: { id: string; name: string }[];
  /** Citation key → short source, for the suggestion's sources. */
  sources: Record<string, string>;
}

const ROMAN = ["", "I", "II", "III", "IV", "V", "VI"];
const GROUPS: { id: string; label: string }[] = [
  { id: "face", label: "Face" },
  { id: "neck", label: "Neck" },
  { id: "decollete", label: "Décolleté" },
  { id: "hands", label: "Hands" },
  { id: "scalp", label: "Scalp" },
  { id: "body", label: "Body" },
];
const ZONE_LABELS = Object.fromEntries(ZONE_IDS.map((z) => [z, ZONES[z].label])) as Record<ZoneId, string>;

function Err({ id, error }: { id: string; error?: string }) {
  return error ? (
    <p className="field-error" id={`${id}-error`}>
      {error}
    </p>
  ) : null;
}

const fid = (name: string) => `field-${name}`;
const describedBy = (name: string, errors: Record<string, string>, hint = false) =>
  [hint ? `${fid(name)}-hint` : null, errors[name] ? `${fid(name)}-error` : null].filter(Boolean).join(" ") || undefined;

export function PlanEditor({
  initial,
  context,
  errors,
  basedOn,
  submitLabel,
}: {
  initial: PlanFormValues;
  context: PlanEditorContext;
  errors: Record<string, string>;
  basedOn: { version: number; contentSha256: string } | null;
  submitLabel: string;
}) {
  const [values, setValues] = useState<PlanFormValues>(initial);
  const [focused, setFocused] = useState<ZoneId | null>(null);
  const set = (patch: Partial<PlanFormValues>) => setValues((v) => ({ ...v, ...patch }));
  const fitz = (Number(values.fitzpatrick) || null) as FitzpatrickType | null;

  const toggleZone = (zone: ZoneId) =>
    setValues((v) => {
      const zones = { ...v.zones };
      // A new area is numbed too unless the practitioner unticks it; a removed one no longer is.
      let numbingZones = v.numbingZones.filter((z) => z !== zone);
      if (zones[zone]) delete zones[zone];
      else {
        const first = indicationsFor(zone)[0] ?? "";
        zones[zone] = { indication: first, depthMin: "", depthMax: "", depthReason: "", concern: "" };
        numbingZones = ZONE_IDS.filter((z) => z === zone || numbingZones.includes(z));
      }
      return { ...v, zones, numbingZones };
    });
  const setZone = (zone: ZoneId, patch: Partial<ZoneFields>) =>
    setValues((v) => ({ ...v, zones: { ...v.zones, [zone]: { ...v.zones[zone]!, ...patch } } }));

  const selected = ZONE_IDS.filter((z) => values.zones[z]);
  const draft = useMemo(() => draftFrom(values, context.fitzpatrickFromIntake), [values, context.fitzpatrickFromIntake]);
  const validZones = draft.zones.filter((z) => Number.isFinite(z.depthMaxMm) && z.indication in INDICATIONS);
  const indications = [...new Set(selected.map((z) => values.zones[z]!.indication).filter((i) => i in INDICATIONS))];
  const protocol = indications.length
    ? {
        sessions: Math.max(...indications.map((i) => INDICATIONS[i as keyof typeof INDICATIONS].defaultSessions)),
        min: Math.max(...indications.map((i) => INDICATIONS[i as keyof typeof INDICATIONS].intervalMinDays)),
        max: Math.max(...indications.map((i) => INDICATIONS[i as keyof typeof INDICATIONS].intervalMaxDays)),
        floor: Math.max(...indications.map((i) => INDICATIONS[i as keyof typeof INDICATIONS].minimumIntervalDays)),
      }
    : null;
  const visit = estimateVisit(validZones, values.numbingCream);
  const summaryDraft = { ...draft, zones: validZones };
  const pkg =
    Number.isFinite(draft.pricePerSessionCents) && Number.isFinite(draft.packagePriceCents) && Number.isFinite(draft.sessions)
      ? packageSummary(draft)
      : null;

  return (
    <Form method="post" className="plan-editor" noValidate>
      <ErrorSummary errors={errors} unlinked={["plan", "currency"]} />
      {basedOn ? (
        <>
          <input type="hidden" name="basedOnVersion" value={basedOn.version} />
          <input type="hidden" name="basedOnSha" value={basedOn.contentSha256} />
        </>
      ) : null}
      <input type="hidden" name="currency" value={values.currency} />

      <fieldset className="plan-block">
        <legend>Skin assessment</legend>
        <div className="plan-row">
          <div className={`field${errors.fitzpatrick ? " has-error" : ""}`}>
            <label htmlFor={fid("fitzpatrick")}>Fitzpatrick skin type</label>
            <p className="hint" id={`${fid("fitzpatrick")}-hint`}>
              {context.fitzpatrickFromIntake
                ? `The intake questionnaire scored type ${ROMAN[context.fitzpatrickFromIntake]}. Confirm it or correct it from what you see.`
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

        {selected.map((zone) => {
          const z = values.zones[zone]!;
          const offered = indicationsFor(zone);
          const suggestion =
            z.indication && offered.includes(z.indication as never)
              ? suggestDepth({
                  zone,
                  indication: z.indication as never,
                  fitzpatrick: fitz ?? context.fitzpatrickFromIntake,
                  screeningRuleIds: context.screeningRuleIds,
                  clinicMaxima: context.clinicMaxima,
                })
              : null;
          const n = (k: string) => `${k}-${zone}`;
          return (
            <fieldset key={zone} className="plan-zone" id={`zone-${zone}`}>
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
                    Needed only when the deepest depth goes past the usual band for this area and concern (at least {LIMIT_REASON_MIN}{" "}
                    characters). The client reads it on their plan and its PDF.
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
                <input
                  id={fid(n("concern"))}
                  name={n("concern")}
                  value={z.concern}
                  onChange={(e) => setZone(zone, { concern: e.target.value })}
                />
              </div>
            </fieldset>
          );
        })}
      </section>

      <fieldset className="plan-block">
        <legend>Sessions</legend>
        {protocol ? (
          <div className="suggestion">
            <p>
              The usual course for {indications.map((i) => indicationLabel(i)).join(" and ")}: {protocol.sessions} sessions, {protocol.min}–
              {protocol.max} days apart. Sessions are never planned closer than {protocol.floor} days.
            </p>
            <button
              type="button"
              className="button secondary"
              onClick={() =>
                set({ sessions: String(protocol.sessions), intervalMinDays: String(protocol.min), intervalMaxDays: String(protocol.max) })
              }
            >
              Use the usual course
            </button>
          </div>
        ) : null}
        <div className="plan-row">
          <SelectField
            name="serviceId"
            label="Booked as"
            value={values.serviceId}
            errors={errors}
            onChange={(serviceId) => {
              const s = context.services.find((x) => x.id === serviceId);
              set({
                serviceId,
                currency: s?.currency ?? values.currency,
                pricePerSession:
                  s?.priceCents != null && !values.pricePerSession ? (s.priceCents / 100).toFixed(2) : values.pricePerSession,
              });
            }}
            options={[{ value: "", label: "Choose a treatment" }, ...context.services.map((s) => ({ value: s.id, label: s.name }))]}
          />
          <SelectField
            name="practitionerId"
            label="With"
            value={values.practitionerId}
            errors={errors}
            onChange={(practitionerId) => set({ practitionerId })}
            options={[{ value: "", label: "Whoever is free" }, ...context.practitioners.map((p) => ({ value: p.id, label: p.name }))]}
          />
        </div>
        <div className="plan-row">
          <NumberField
            name="sessions"
            label="Sessions"
            value={values.sessions}
            errors={errors}
            onChange={(sessions) => set({ sessions })}
          />
          <NumberField
            name="intervalMinDays"
            label="Days between, at least"
            value={values.intervalMinDays}
            errors={errors}
            onChange={(intervalMinDays) => set({ intervalMinDays })}
          />
          <NumberField
            name="intervalMaxDays"
            label="Days between, at most"
            value={values.intervalMaxDays}
            errors={errors}
            onChange={(intervalMaxDays) => set({ intervalMaxDays })}
          />
        </div>
      </fieldset>

      <fieldset className="plan-block">
        <legend>Numbing cream and products</legend>
        <div className={`field${errors.numbingCream ? " has-error" : ""}`}>
          <Err id={fid("numbingCream")} error={errors.numbingCream} />
          <label className="check-label">
            <input
              className="check-input"
              type="checkbox"
              name="numbingCream"
              id={fid("numbingCream")}
              checked={values.numbingCream}
              disabled={context.anaestheticAllergy && !values.numbingCream}
              onChange={(e) => set({ numbingCream: e.target.checked })}
              aria-describedby={context.anaestheticAllergy ? "numbing-allergy" : undefined}
            />
            Numbing cream before each session
          </label>
          {context.anaestheticAllergy ? (
            <p className="hint check-hint" id="numbing-allergy">
              Not offered: the client's screening records an allergy to local anaesthetics.
            </p>
          ) : null}
        </div>
        {values.numbingCream ? <NumbingFields values={values} context={context} errors={errors} set={set} selected={selected} /> : null}
        <div className={`field${errors.glideId ? " has-error" : ""}`}>
          <label htmlFor={fid("glideId")}>On the skin during needling (glide)</label>
          <p className="hint" id={`${fid("glideId")}-hint`}>
            Only sterile, single-use products from the clinic's list: products on the skin while the needles work can be driven into it and
            cause granulomas.
          </p>
          <Err id={fid("glideId")} error={errors.glideId} />
          <select
            id={fid("glideId")}
            name="glideId"
            value={values.glideId}
            onChange={(e) => set({ glideId: e.target.value })}
            aria-describedby={describedBy("glideId", errors, true)}
            aria-invalid={errors.glideId ? true : undefined}
          >
            <option value="">Choose…</option>
            {context.glides
              .filter((g) => (g.active && g.sterile && g.singleUse) || g.id === values.glideId)
              .map((g) => (
                <option key={g.id} value={g.id}>
                  {g.name}
                  {g.active && g.sterile && g.singleUse ? "" : " (no longer allowed)"}
                </option>
              ))}
          </select>
          {context.glides.some((g) => g.active && g.sterile && g.singleUse) ? null : (
            <p>The clinic has no sterile single-use glide on its list. The owner adds them under Plan settings.</p>
          )}
        </div>
        <fieldset className={`field${errors.productIds ? " has-error" : ""}`} id={fid("productIds")}>
          <legend>After needling</legend>
          <p className="hint">Only products on the clinic's list of sterile products approved for use with microneedling.</p>
          <Err id={fid("productIds")} error={errors.productIds} />
          {context.products.filter((p) => p.active || values.productIds.includes(p.id)).length === 0 ? (
            <p>The clinic's list is empty. The owner adds products under Plan settings.</p>
          ) : null}
          {context.products
            .filter((p) => p.active || values.productIds.includes(p.id))
            .map((p) => (
              <div key={p.id} className="check-field">
                <label className="check-label">
                  <input
                    className="check-input"
                    type="checkbox"
                    name="productIds"
                    value={p.id}
                    checked={values.productIds.includes(p.id)}
                    onChange={(e) =>
                      set({ productIds: e.target.checked ? [...values.productIds, p.id] : values.productIds.filter((x) => x !== p.id) })
                    }
                    aria-describedby={`product-${p.id}`}
                  />
                  {p.name}
                  {p.active ? "" : " (no longer on the list)"}
                </label>
                <p className="hint check-hint" id={`product-${p.id}`}>
                  {p.reason}
                </p>
              </div>
            ))}
        </fieldset>
      </fieldset>

      <fieldset className="plan-block">
        <legend>Price ({values.currency})</legend>
        <div className="plan-row">
          <TextInput
            name="pricePerSession"
            label="Per session"
            value={values.pricePerSession}
            errors={errors}
            onChange={(pricePerSession) => set({ pricePerSession })}
          />
          <TextInput
            name="packagePrice"
            label="For the whole course"
            value={values.packagePrice}
            errors={errors}
            onChange={(packagePrice) => set({ packagePrice })}
          />
        </div>
        {pkg ? <p className="hint">{pkg.text}</p> : null}
      </fieldset>

      <div className="field">
        <label htmlFor={fid("noteToClient")}>
          A note to the client <span className="optional">(optional)</span>
        </label>
        <p className="hint" id={`${fid("noteToClient")}-hint`}>
          Shown in their portal and on the signed plan: goals, what to expect, in your own words.
        </p>
        <Err id={fid("noteToClient")} error={errors.noteToClient} />
        <textarea
          id={fid("noteToClient")}
          name="noteToClient"
          rows={3}
          value={values.noteToClient}
          onChange={(e) => set({ noteToClient: e.target.value })}
          aria-describedby={describedBy("noteToClient", errors, true)}
        />
      </div>

      {validZones.length ? (
        <section className="plan-block plan-preview" aria-labelledby="preview-title">
          <h2 id="preview-title">What the client will read</h2>
          <p>
            Each visit takes about {visit.minutes} minutes
            {visit.numbingMinutes ? `, plus ${visit.numbingMinutes} minutes while the numbing cream works` : ""}.
          </p>
          <p>{expectedDowntime(validZones)}</p>
          <h3>Aftercare</h3>
          <ul>
            {planAftercare(summaryDraft, "en").map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          <h3>What it can and cannot do</h3>
          <p>{achievabilityStatement(summaryDraft)}</p>
        </section>
      ) : null}

      <button type="submit" className="button">
        {submitLabel}
      </button>
    </Form>
  );
}

function SelectField({
  name,
  label,
  value,
  errors,
  onChange,
  options,
}: {
  name: string;
  label: string;
  value: string;
  errors: Record<string, string>;
  onChange: (v: string) => void;
  options: { value: string; label: string }[];
}) {
  return (
    <div className={`field${errors[name] ? " has-error" : ""}`}>
      <label htmlFor={fid(name)}>{label}</label>
      <Err id={fid(name)} error={errors[name]} />
      <select
        id={fid(name)}
        name={name}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-describedby={describedBy(name, errors)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

function TextInput({
  name,
  label,
  value,
  errors,
  onChange,
  inputMode = "decimal",
}: {
  name: string;
  label: string;
  value: string;
  errors: Record<string, string>;
  onChange: (v: string) => void;
  inputMode?: "decimal" | "numeric";
}) {
  return (
    <div className={`field${errors[name] ? " has-error" : ""}`}>
      <label htmlFor={fid(name)}>{label}</label>
      <Err id={fid(name)} error={errors[name]} />
      <input
        id={fid(name)}
        name={name}
        inputMode={inputMode}
        autoComplete="off"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={describedBy(name, errors)}
      />
    </div>
  );
}

function NumberField(props: { name: string; label: string; value: string; errors: Record<string, string>; onChange: (v: string) => void }) {
  return <TextInput {...props} inputMode="numeric" />;
}

/** Which numbing cream, on which areas, and why when more than the clinic numbs at once. */
function NumbingFields({
  values,
  context,
  errors,
  set,
  selected,
}: {
  values: PlanFormValues;
  context: PlanEditorContext;
  errors: Record<string, string>;
  set: (patch: Partial<PlanFormValues>) => void;
  selected: ZoneId[];
}) {
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
