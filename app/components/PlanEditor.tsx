// The practitioner's plan editor: skin assessment, zones on the map (or the
// list beside it, which is what keyboards and screen readers use), a concern
// and depth per zone with the suggested range and its sources, the series,
// numbing cream, products and price, and a live summary of what the client
// will read. The server decides what is allowed (src/plans/validate.ts); this
// only helps the practitioner get there and shows the same messages.
import { useMemo, useState } from "react";
import { Form } from "react-router";
import { indicationsFor } from "../../src/plans/depths.ts";
import { planAftercare } from "../../src/plans/client-copy.ts";
import { achievabilityStatement, estimateVisit, expectedDowntime, packageSummary } from "../../src/plans/estimate.ts";
import { INDICATIONS } from "../../src/plans/indications.ts";
import { ZONE_IDS, type FitzpatrickType, type ZoneId } from "../../src/plans/types.ts";
import { draftFrom, type PlanFormValues, type ZoneFields } from "../lib/plan-form.ts";
import { ErrorSummary } from "./ContactFields.tsx";
import { planField } from "./plan-editor/bind.ts";
import type { PlanEditorContext } from "./plan-editor/context.ts";
import { describedBy, Err, fid, TextInput } from "./plan-editor/fields.tsx";
import { ProductsFields } from "./plan-editor/ProductsFields.tsx";
import { SessionsFields } from "./plan-editor/SessionsFields.tsx";
import { SkinAssessment } from "./plan-editor/SkinAssessment.tsx";
import { ZonesSection } from "./plan-editor/ZonesSection.tsx";

export type { PlanEditorContext } from "./plan-editor/context.ts";

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
  const set = (patch: Partial<PlanFormValues>) => setValues((v) => ({ ...v, ...patch }));
  const field = planField(values, errors, set);
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

      <SkinAssessment values={values} errors={errors} set={set} fitzpatrickFromIntake={context.fitzpatrickFromIntake} />

      <ZonesSection
        values={values}
        errors={errors}
        selected={selected}
        fitzpatrick={fitz ?? context.fitzpatrickFromIntake}
        context={context}
        toggleZone={toggleZone}
        setZone={setZone}
      />

      <SessionsFields values={values} errors={errors} set={set} selected={selected} context={context} />

      <ProductsFields values={values} errors={errors} set={set} selected={selected} context={context} />

      <fieldset className="plan-block">
        <legend>Price ({values.currency})</legend>
        <div className="plan-row">
          <TextInput {...field("pricePerSession")} label="Per session" />
          <TextInput {...field("packagePrice")} label="For the whole course" />
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
