// The aftercare waiting periods on the plan settings page (docs/aftercare.md):
// each period's default with its source and strength, the clinic's own value,
// the period after a deeper session, and the form the owner changes them with.
import { Form } from "react-router";
import type { AftercareSettingsView } from "../../src/plans/aftercare-settings.ts";
import { formatMm } from "../../src/plans/zones.ts";
import { TextField } from "./ContactFields.tsx";

export interface AftercareFormResult {
  target: string;
  errors: Record<string, string>;
  values: Record<string, string>;
}

const hours = (h: number) => (h % 24 === 0 && h > 72 ? `${h} h (${h / 24} days)` : `${h} h`);

type Change = { reason: string; updatedBy: string; updated: string };

export function AftercareSettingsBlock({
  view,
  canEdit,
  result,
  reasonMin,
}: {
  view: Omit<AftercareSettingsView, "periods" | "deeperFrom"> & {
    periods: (AftercareSettingsView["periods"][number] & { changeNotes: (Change & { key: string })[] })[];
    deeperFrom: AftercareSettingsView["deeperFrom"] & { updated: string | null };
  };
  canEdit: boolean;
  result: AftercareFormResult | null;
  reasonMin: number;
}) {
  const from = view.deeperFrom;
  return (
    <section aria-labelledby="aftercare-title" className="plan-block">
      <h2 id="aftercare-title">Aftercare waiting periods</h2>
      <p>
        When a practitioner signs a session chart, the client is e-mailed a link (naming nothing about their health) to their aftercare in
        their account: what is normal, what to avoid and until when, and when to call. The dates count from the end of the appointment. Only
        the sun period rests on a peer-reviewed source; the others are clinic protocols or this clinic&apos;s own advice (clinic default ⚠,
        confirm them). See docs/aftercare.md.
      </p>
      <p>
        <strong>Deeper session:</strong> deeper than {formatMm(from.inForceMm)} mm{" "}
        {from.clinicMm === null
          ? `(default, clinic default ⚠: no source ties aftercare to depth)`
          : `(this clinic; default ${formatMm(from.defaultMm)} mm)`}
        {from.reason ? (
          <span className="hint">
            {" "}
            — {from.reason} ({from.updatedBy}, {from.updated})
          </span>
        ) : null}
        . After a deeper session the client reads that redness may take longer to settle, and the periods below in the &ldquo;deeper&rdquo;
        column apply. By default they are the same as the standard ones: no source gives a longer wait.
      </p>
      <div className="table-scroll">
        <table className="limits-table">
          <thead>
            <tr>
              <th scope="col">Period</th>
              <th scope="col">Default and source</th>
              <th scope="col">In force</th>
              <th scope="col">After a deeper session</th>
            </tr>
          </thead>
          <tbody>
            {view.periods.map((p) => (
              <tr key={p.item} id={`aftercare-${p.item}`}>
                <th scope="row">{p.label}</th>
                <td>
                  {hours(p.defaultHours)}
                  {p.clinicDefault ? " (clinic default ⚠)" : ""} <span className="hint">— {p.note}</span>
                </td>
                <td>
                  {hours(p.inForceHours)}
                  {p.clinicHours === null ? " (default)" : ""}
                </td>
                <td>
                  {hours(p.inForceDeeperHours)}
                  {p.clinicDeeperHours === null ? " (as standard)" : ""}
                  {p.changeNotes.map((c) => (
                    <span key={c.key} className="hint">
                      {" "}
                      — {c.key.endsWith(".deeper") ? "deeper" : "standard"}: {c.reason} ({c.updatedBy}, {c.updated})
                    </span>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {canEdit ? (
        <Form method="post" className="narrow-block">
          <h3>Change an aftercare value</h3>
          <input type="hidden" name="intent" value="aftercare" />
          <div className="field">
            <label htmlFor="field-key-aftercare">Value</label>
            <select id="field-key-aftercare" name="key" defaultValue={result?.values.key ?? view.periods[0]?.item}>
              {view.periods.map((p) => (
                <option key={p.item} value={p.item}>
                  {p.label}
                </option>
              ))}
              {view.periods.map((p) => (
                <option key={`${p.item}.deeper`} value={`${p.item}.deeper`}>
                  {p.label}, after a deeper session
                </option>
              ))}
              <option value="deeper-from">Deeper session from (mm)</option>
            </select>
          </div>
          <TextField
            id="field-value-aftercare"
            name="value"
            label="Hours (or mm for the deeper session)"
            hint="Whole hours, e.g. 72; the sun period is at least 48. For the depth: e.g. 1.0. Empty: back to the default."
            value={result?.values.value ?? ""}
            error={result?.errors["value-aftercare"]}
          />
          <TextField
            required
            id="field-reason-aftercare"
            name="reason"
            label="Reason"
            hint={`At least ${reasonMin} characters; kept in the audit log.`}
            value={result?.values.reason ?? ""}
            error={result?.errors["reason-aftercare"]}
            multiline
          />
          <button type="submit" className="button">
            Save the aftercare value
          </button>
        </Form>
      ) : null}
    </section>
  );
}
