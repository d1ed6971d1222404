// A saved session chart, read-only: what was done, area by area, with the
// device, lots, numbing, reactions and notes, then the addenda.
import { ENDPOINT_LABELS, REACTION_LABELS, TECHNIQUE_LABELS, type StoredChart } from "../../../src/plans/chart.ts";
import type { ChartView } from "../../../src/plans/record/chart-read.ts";
import { formatMm, zoneLabel } from "../../../src/plans/zones.ts";
import { formatDateTime, formatTime } from "../../lib/format.ts";
import { HeadedSection } from "../HeadedSection.tsx";

const KIND_WORD = { cartridge: "Cartridge", numbing: "Numbing", glide: "Glide", product: "After care" } as const;

function lotLine(l: StoredChart["lots"][number]): string {
  return `${l.name}${l.needleCount ? ` (${l.needleCount} needles)` : ""}, lot ${l.lot}, expires ${l.expiresOn}`;
}

export function ChartRecord({ view, timeZone }: { view: ChartView; timeZone: string }) {
  const c = view.chart;
  return (
    <>
      <p>
        {view.status === "signed" ? (
          <>
            <strong>Signed and locked</strong> by {view.signedBy} on {formatDateTime(view.signedAt!, timeZone)}.
          </>
        ) : (
          <>
            <strong>Draft</strong>, last saved {formatDateTime(view.updatedAt, timeZone)} by {view.author}.
          </>
        )}
      </p>
      {!c ? (
        <p className="alert error" role="alert">
          This chart failed its integrity check and is not shown. Tell the clinic's owner: the stored copy was altered or damaged.
        </p>
      ) : (
        <>
          <h2>Areas treated</h2>
          <ul className="chart-areas">
            {c.areas.map((a) => {
              const p = c.planned.find((x) => x.zone === a.zone);
              return (
                <li key={a.zone}>
                  <h3>{zoneLabel(a.zone)}</h3>
                  <dl className="chart-facts">
                    <dt>Depth</dt>
                    <dd>
                      {formatMm(a.depthMm)} mm
                      {p?.plannedMaxMm != null ? ` (plan ${formatMm(p.plannedMaxMm)} mm)` : ""}
                    </dd>
                    {a.depthReason ? (
                      <>
                        <dt>Why deeper than planned</dt>
                        <dd>{a.depthReason}</dd>
                      </>
                    ) : null}
                    <dt>Passes</dt>
                    <dd>{a.passes}</dd>
                    <dt>Technique</dt>
                    <dd>{TECHNIQUE_LABELS[a.technique]}</dd>
                    <dt>Endpoint</dt>
                    <dd>{ENDPOINT_LABELS[a.endpoint]}</dd>
                  </dl>
                </li>
              );
            })}
          </ul>
          <h2>Device, lots and care</h2>
          <dl className="chart-facts">
            <dt>Device</dt>
            <dd>
              {c.device.model}, serial {c.device.serial}
            </dd>
            <dt>Numbing</dt>
            <dd>
              {c.numbing
                ? `${c.lots.find((l) => l.id === c.numbing!.lotId)?.name ?? "Numbing product"}, ${c.numbing.strength}, on ${c.numbing.zones.map(zoneLabel).join(", ")}: applied ${formatTime(c.numbingAppliedAtMs!, timeZone)}, removed ${formatTime(c.numbingRemovedAtMs!, timeZone)}`
                : "None"}
            </dd>
            <dt>Lots used</dt>
            <dd>
              <ul>
                {c.lots.map((l) => (
                  <li key={l.id}>
                    {KIND_WORD[l.kind]}: {lotLine(l)}
                  </li>
                ))}
              </ul>
            </dd>
            <dt>Immediate reactions</dt>
            <dd>
              {c.reactions.length === 0 ? (
                "None beyond the expected redness"
              ) : (
                <ul>
                  {c.reactions.map((r) => (
                    <li key={r.kind}>
                      {REACTION_LABELS[r.kind]}: {r.action}
                    </li>
                  ))}
                </ul>
              )}
            </dd>
            <dt>Notes for next time</dt>
            <dd>{c.nextTime || "None"}</dd>
          </dl>
        </>
      )}
      {view.addenda.length > 0 ? (
        <HeadedSection id="addenda-title" title="Addenda">
          <ol className="addenda">
            {view.addenda.map((a) => (
              <li key={a.id}>
                <p className="small">
                  {a.author}, {formatDateTime(a.createdAt, timeZone)}
                </p>
                <p className="pre-line">{a.body ?? "This addendum failed its integrity check and is not shown."}</p>
              </li>
            ))}
          </ol>
        </HeadedSection>
      ) : null}
    </>
  );
}
