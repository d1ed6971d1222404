// The words a client reads in their plan, written once when the version is
// offered and stored inside it, so the signed text is exactly what they saw.
import { depthRow } from "./depths.ts";
import { achievabilityStatement, aftercareSummary, estimateVisit, expectedDowntime, packageSummary } from "./estimate.ts";
import { indicationLabel } from "./indications.ts";
import type { ClientCopy, PlanDraft } from "./types.ts";
import { ZONES } from "./zones.ts";

export function clientCopyOf(draft: PlanDraft, practitionerName: string | null, offeredAt: number): ClientCopy {
  const visit = estimateVisit(draft.zones, draft.numbingCream);
  return {
    zones: draft.zones.map((z) => ({
      zone: z.zone,
      label: ZONES[z.zone]?.label ?? z.zone,
      indicationLabel: indicationLabel(z.indication),
      clinicDefault: depthRow(z.zone, z.indication)?.clinicDefault ?? true,
    })),
    visitMinutes: visit.minutes,
    numbingMinutes: visit.numbingMinutes,
    downtime: expectedDowntime(draft.zones),
    aftercare: aftercareSummary(draft),
    achievability: achievabilityStatement(draft),
    price: packageSummary(draft).text,
    practitionerName,
    offeredAt,
  };
}

/** The client's words for a version: as offered when it was, or as they would be now for a draft. */
export function clientCopyFor(draft: PlanDraft, practitionerName: string | null = null): ClientCopy {
  return draft.clientCopy ?? clientCopyOf(draft, practitionerName, 0);
}
