// GET /api/v1/depth-table: the depth table and zone limits the plan screen
// suggests from — clinical reference data, no client information. Each row
// names its evidence and sources (anchors on docs/clinical/README.md); rows
// marked clinicDefault are a clinic default for a practitioner to confirm.
// Each zone publishes its default maximum and its ceiling with what they rest
// on (decision 0020: ceilings from the skin measured at the site).
import type { Route } from "./+types/depth-table";
import { DEPTH_TABLE } from "../../../src/plans/depths.ts";
import { INDICATIONS } from "../../../src/plans/indications.ts";
import { ZONE_IDS } from "../../../src/plans/types.ts";
import { effectiveZoneMaxima, ZONES } from "../../../src/plans/zones.ts";
import { clinicPlanSettings } from "../../../src/plans/record/context.ts";
import { getServices } from "../../context.ts";
import { methodNotAllowed } from "../../lib/api.server.ts";
import { json } from "../../lib/problem.ts";

export async function loader({ context }: Route.LoaderArgs) {
  const services = getServices(context);
  const { clinicMaxima } = await clinicPlanSettings(services.db, services.organizationId);
  const inForce = effectiveZoneMaxima(clinicMaxima);
  return json({
    zones: ZONE_IDS.map((id) => ({
      id,
      label: ZONES[id].label,
      group: ZONES[id].group,
      defaultMaxMm: ZONES[id].defaultMaxMm,
      clinicMaxMm: clinicMaxima[id] ?? null,
      ceilingMm: ZONES[id].ceilingMm,
      // What plans are held to: a saved clinic maximum deeper than the ceiling is not applied (decision 0020).
      maxInForceMm: inForce[id].maxMm,
      clinicMaxAboveCeiling: inForce[id].clampedFromMm !== undefined,
      defaultMax: {
        evidence: ZONES[id].defaultMaxEvidence,
        clinicDefault: ZONES[id].defaultMaxIsClinicDefault,
        citations: ZONES[id].citations,
        note: ZONES[id].note,
      },
      ceiling: {
        evidence: ZONES[id].ceiling.evidence,
        clinicDefault: ZONES[id].ceiling.clinicDefault,
        citations: ZONES[id].ceiling.citations,
        note: ZONES[id].ceiling.note,
      },
    })),
    indications: Object.values(INDICATIONS).map((i) => ({
      id: i.id,
      label: i.label,
      sessions: i.defaultSessions,
      intervalMinDays: i.intervalMinDays,
      intervalMaxDays: i.intervalMaxDays,
      minimumIntervalDays: i.minimumIntervalDays,
      evidence: i.evidence,
      clinicDefault: i.clinicDefault,
      citations: i.citations,
    })),
    rows: DEPTH_TABLE.map((r) => ({
      id: r.id,
      zone: r.zone,
      indication: r.indication,
      minMm: r.minMm,
      maxMm: r.maxMm,
      evidence: r.evidence,
      clinicDefault: r.clinicDefault,
      citations: r.citations,
    })),
  });
}

export async function action() {
  return methodNotAllowed("GET");
}
