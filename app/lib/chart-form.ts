// The session chart's form, both ways: a posted form becomes a ChartDraft for
// the domain (which decides what is allowed), and the domain's violations,
// which name fields of the draft ("areas.1.depthMm"), become errors beside
// the form fields they belong to ("depthMm-cheek-left"). Plain code: the page
// component imports it too.
import type { ChartDraft, StoredChart } from "../../src/plans/chart.ts";
import { REACTIONS, type ReactionKind } from "../../src/plans/chart.ts";
import { ZONE_IDS, type PlanViolation, type ZoneId } from "../../src/plans/types.ts";
import { formatMm } from "../../src/plans/zones.ts";

/** One area's fields, as typed. */
export interface AreaFields {
  depthMm: string;
  passes: string;
  technique: string;
  endpoint: string;
  depthReason: string;
}

export interface ChartFormValues {
  deviceId: string;
  cartridgeLotId: string;
  /** The areas ticked as treated, in the zone map's order. */
  areas: ZoneId[];
  area: Partial<Record<ZoneId, AreaFields>>;
  numbingUsed: boolean;
  numbingLotId: string;
  numbingStrength: string;
  numbingZones: ZoneId[];
  numbingAppliedAt: string;
  numbingRemovedAt: string;
  glideLotIds: string[];
  productLotIds: string[];
  reactions: ReactionKind[];
  reactionAction: Partial<Record<ReactionKind, string>>;
  nextTime: string;
}

const str = (form: FormData, name: string) => {
  const v = form.get(name);
  return typeof v === "string" ? v : "";
};
const all = (form: FormData, name: string) => form.getAll(name).filter((v): v is string => typeof v === "string");

export function chartValuesFrom(form: FormData): ChartFormValues {
  const ticked = new Set(all(form, "area"));
  const areas = ZONE_IDS.filter((z) => ticked.has(z));
  const area: ChartFormValues["area"] = {};
  for (const z of ZONE_IDS) {
    if (!form.has(`depthMm-${z}`)) continue;
    area[z] = {
      depthMm: str(form, `depthMm-${z}`),
      passes: str(form, `passes-${z}`),
      technique: str(form, `technique-${z}`),
      endpoint: str(form, `endpoint-${z}`),
      depthReason: str(form, `depthReason-${z}`),
    };
  }
  const reactions = REACTIONS.filter((r) => all(form, "reaction").includes(r));
  const reactionAction: ChartFormValues["reactionAction"] = {};
  for (const r of REACTIONS) reactionAction[r] = str(form, `reactionAction-${r}`);
  const numbingZones = new Set(all(form, "numbingZones"));
  return {
    deviceId: str(form, "deviceId"),
    cartridgeLotId: str(form, "cartridgeLotId"),
    areas,
    area,
    numbingUsed: form.get("numbingUsed") === "on",
    numbingLotId: str(form, "numbingLotId"),
    numbingStrength: str(form, "numbingStrength"),
    numbingZones: ZONE_IDS.filter((z) => numbingZones.has(z)),
    numbingAppliedAt: str(form, "numbingAppliedAt"),
    numbingRemovedAt: str(form, "numbingRemovedAt"),
    glideLotIds: all(form, "glideLotIds"),
    productLotIds: all(form, "productLotIds"),
    reactions,
    reactionAction,
    nextTime: str(form, "nextTime"),
  };
}

/** A number as typed ("1,25" is read as 1.25); NaN when it is not one, so the domain names the field. */
function num(s: string): number {
  const t = s.trim().replace(",", ".");
  return t === "" || !/^\d+(\.\d+)?$/.test(t) ? Number.NaN : Number(t);
}

export function chartDraftFrom(v: ChartFormValues): ChartDraft {
  return {
    deviceId: v.deviceId,
    cartridgeLotId: v.cartridgeLotId,
    areas: v.areas.map((zone) => {
      const a = v.area[zone] ?? { depthMm: "", passes: "", technique: "", endpoint: "", depthReason: "" };
      return {
        zone,
        depthMm: num(a.depthMm),
        passes: num(a.passes),
        technique: a.technique as ChartDraft["areas"][number]["technique"],
        endpoint: a.endpoint as ChartDraft["areas"][number]["endpoint"],
        ...(a.depthReason.trim() ? { depthReason: a.depthReason } : {}),
      };
    }),
    numbing: v.numbingUsed
      ? {
          lotId: v.numbingLotId,
          strength: v.numbingStrength,
          zones: v.numbingZones,
          appliedAt: v.numbingAppliedAt,
          removedAt: v.numbingRemovedAt,
        }
      : null,
    glideLotIds: v.glideLotIds,
    productLotIds: v.productLotIds,
    reactions: v.reactions.map((kind) => ({ kind, action: v.reactionAction[kind] ?? "" })),
    nextTime: v.nextTime,
  };
}

/** The form as a stored chart fills it, or — for a new chart — from the plan: each planned area ticked at the plan's deepest depth. */
export function chartValuesOf(chart: StoredChart | null, planned: { zone: ZoneId; depthMaxMm: number }[]): ChartFormValues {
  if (!chart) {
    const area: ChartFormValues["area"] = {};
    for (const p of planned) area[p.zone] = { depthMm: formatMm(p.depthMaxMm), passes: "", technique: "", endpoint: "", depthReason: "" };
    return {
      deviceId: "",
      cartridgeLotId: "",
      areas: planned.map((p) => p.zone),
      area,
      numbingUsed: false,
      numbingLotId: "",
      numbingStrength: "",
      numbingZones: [],
      numbingAppliedAt: "",
      numbingRemovedAt: "",
      glideLotIds: [],
      productLotIds: [],
      reactions: [],
      reactionAction: {},
      nextTime: "",
    };
  }
  const area: ChartFormValues["area"] = {};
  for (const p of planned) area[p.zone] = { depthMm: formatMm(p.depthMaxMm), passes: "", technique: "", endpoint: "", depthReason: "" };
  for (const a of chart.areas) {
    area[a.zone] = {
      depthMm: formatMm(a.depthMm),
      passes: String(a.passes),
      technique: a.technique,
      endpoint: a.endpoint,
      depthReason: a.depthReason ?? "",
    };
  }
  return {
    deviceId: chart.deviceId,
    cartridgeLotId: chart.cartridgeLotId,
    areas: chart.areas.map((a) => a.zone),
    area,
    numbingUsed: chart.numbing !== null,
    numbingLotId: chart.numbing?.lotId ?? "",
    numbingStrength: chart.numbing?.strength ?? "",
    numbingZones: chart.numbing?.zones ?? [],
    numbingAppliedAt: chart.numbing?.appliedAt ?? "",
    numbingRemovedAt: chart.numbing?.removedAt ?? "",
    glideLotIds: chart.glideLotIds,
    productLotIds: chart.productLotIds,
    reactions: chart.reactions.map((r) => r.kind),
    reactionAction: Object.fromEntries(chart.reactions.map((r) => [r.kind, r.action])),
    nextTime: chart.nextTime,
  };
}

/** The domain's violations keyed by the form's field names. */
export function chartFormErrors(violations: readonly PlanViolation[], draft: ChartDraft): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const v of violations) {
    const m = /^areas\.(\d+)\.(\w+)$/.exec(v.field);
    const n = /^(glideLotIds|productLotIds)\.\d+$/.exec(v.field);
    const r = /^reactions\.(\d+)\.(\w+)$/.exec(v.field);
    let key = v.field;
    if (m) key = `${m[2]}-${draft.areas[Number(m[1])]?.zone ?? "unknown"}`;
    else if (n) key = n[1]!;
    else if (r) key = `reactionAction-${draft.reactions[Number(r[1])]?.kind ?? "other"}`;
    else if (v.field.startsWith("numbing.")) key = `numbing${v.field.slice(8, 9).toUpperCase()}${v.field.slice(9)}`;
    errors[key] ??= v.message;
  }
  return errors;
}
