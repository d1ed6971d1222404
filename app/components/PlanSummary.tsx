// One plan version as the client and staff read it: zones and depths, the
// course, products, price, downtime, aftercare and what it can and cannot do.
// Used by the staff plan page and the client's portal page.
import { clientCopyFor } from "../../src/plans/client-copy.ts";
import { CLINIC_DEFAULT_LABEL } from "../../src/plans/depths.ts";
import type { PlanDraft, ZoneId } from "../../src/plans/types.ts";
import { ZONE_IDS } from "../../src/plans/types.ts";
import { formatMm, ZONES } from "../../src/plans/zones.ts";
import { ZoneMap } from "./zone-map.tsx";

const ROMAN = ["", "I", "II", "III", "IV", "V", "VI"];
const ZONE_LABELS = Object.fromEntries(ZONE_IDS.map((z) => [z, ZONES[z].label])) as Record<ZoneId, string>;

export function PlanSummary({ draft, audience }: { draft: PlanDraft; audience: "client" | "staff" }) {
  // Once offered, the client reads the words fixed then (and covered by the signature), not today's.
  const copy = clientCopyFor(draft);
  const products = draft.products ?? [];
  return (
    <div className="plan-summary">
      <div className="plan-summary-map">
        <ZoneMap selected={draft.zones.map((z) => z.zone)} labels={ZONE_LABELS} readOnly title="Areas in this plan" />
      </div>
      <table className="plan-zones">
        <caption>Areas and needle depth</caption>
        <thead>
          <tr>
            <th scope="col">Area</th>
            <th scope="col">Concern</th>
            <th scope="col">Depth</th>
          </tr>
        </thead>
        <tbody>
          {draft.zones.map((z, i) => (
            <tr key={z.zone}>
              <th scope="row">{copy.zones[i]?.label ?? ZONES[z.zone]?.label ?? z.zone}</th>
              <td>{copy.zones[i]?.indicationLabel}</td>
              <td>
                {formatMm(z.depthMinMm)}–{formatMm(z.depthMaxMm)} mm
                {audience === "staff" && copy.zones[i]?.clinicDefault ? (
                  <span className="clinic-default"> ({CLINIC_DEFAULT_LABEL})</span>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl className="plan-facts">
        {audience === "staff" ? (
          <>
            <dt>Skin type</dt>
            <dd>
              {draft.assessment.fitzpatrick ? `Fitzpatrick ${ROMAN[draft.assessment.fitzpatrick]}` : "Fitzpatrick not confirmed"}
              {draft.assessment.glogau ? `, Glogau ${ROMAN[draft.assessment.glogau]}` : ""}
            </dd>
          </>
        ) : null}
        <dt>Sessions</dt>
        <dd>
          {draft.sessions} {draft.sessions === 1 ? "session" : "sessions"}, {draft.intervalMinDays}–{draft.intervalMaxDays} days apart
        </dd>
        <dt>Each visit</dt>
        <dd>
          About {copy.visitMinutes} minutes
          {copy.numbingMinutes ? `, plus ${copy.numbingMinutes} minutes for the numbing cream to work` : ""}
        </dd>
        <dt>Numbing cream</dt>
        <dd>{draft.numbingCream ? "Yes" : "No"}</dd>
        <dt>Price</dt>
        <dd>{copy.price}</dd>
      </dl>
      {products.length ? (
        <>
          <h3>Applied right after needling</h3>
          <ul>
            {products.map((p) => (
              <li key={p.id}>
                <strong>{p.name}</strong> — {p.reason}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h3>After each session</h3>
      <p>{copy.downtime}</p>
      <ul>
        {copy.aftercare.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      <h3>What it can and cannot do</h3>
      {copy.achievability.split("\n\n").map((p) => (
        <p key={p}>{p}</p>
      ))}
      {draft.noteToClient ? (
        <>
          <h3>{audience === "client" ? "A note from your practitioner" : "Note to the client"}</h3>
          <p className="pre-wrap">{draft.noteToClient}</p>
        </>
      ) : null}
    </div>
  );
}
