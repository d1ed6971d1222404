// The session chart: what was done in one treatment, area by area, and the
// rules it keeps. Plain data and checks only (no database): the record module
// (record/chart.ts) loads the plan, the lots and the screening and stores the
// checked chart encrypted; the pages show the same messages beside the same
// fields (docs/session-chart.md).
import { LIMIT_REASON_MAX, LIMIT_REASON_MIN } from "./limits.ts";
import type { PlanViolation, ZoneId } from "./types.ts";
import { depthProblem } from "./validate.ts";
import { depthAbove, formatMm, isZoneId, ZONES } from "./zones.ts";
import type { SupplyKind } from "./tables.ts";

export const TECHNIQUES = ["crosshatch", "linear", "circular", "stamping"] as const;
export type Technique = (typeof TECHNIQUES)[number];
export const TECHNIQUE_LABELS: Record<Technique, string> = {
  crosshatch: "Crosshatch (vertical, horizontal, diagonal)",
  linear: "Linear strokes",
  circular: "Small circles",
  stamping: "Stamping",
};

/** Where the practitioner stopped: erythema (the SkinPen pivotal study's endpoint [ref-36]) or uniform pinpoint bleeding (review [ref-19]). */
export const ENDPOINTS = ["mild-erythema", "even-erythema", "pinpoint-bleeding"] as const;
export type Endpoint = (typeof ENDPOINTS)[number];
export const ENDPOINT_LABELS: Record<Endpoint, string> = {
  "mild-erythema": "Mild redness",
  "even-erythema": "Even redness",
  "pinpoint-bleeding": "Uniform pinpoint bleeding",
};

export const REACTIONS = ["swelling", "wheals", "bleeding-beyond-endpoint", "faintness", "pain-stopped", "other"] as const;
export type ReactionKind = (typeof REACTIONS)[number];
export const REACTION_LABELS: Record<ReactionKind, string> = {
  swelling: "Swelling beyond the usual",
  wheals: "Wheals or hives",
  "bleeding-beyond-endpoint": "Bleeding beyond the endpoint",
  faintness: "Faintness",
  "pain-stopped": "Pain: treatment paused or stopped",
  other: "Other",
};

export const MAX_PASSES = 8;
/** More glides or products than this in one session is a slip, not a chart. */
export const MAX_LOTS_PER_LIST = 10;
export const CHART_TEXT_MAX = 2000;
export const NUMBING_STRENGTH_MAX = 60;
export const ADDENDUM_MIN = 2;
export const ADDENDUM_MAX = 4000;
const WALL_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export interface ChartArea {
  zone: ZoneId;
  depthMm: number;
  passes: number;
  technique: Technique;
  endpoint: Endpoint;
  /** Required when the depth is deeper than the plan's deepest for this area. Health information: encrypted only. */
  depthReason?: string;
}

export interface ChartNumbing {
  lotId: string;
  /** As labelled, e.g. "4 % lidocaine". */
  strength: string;
  zones: ZoneId[];
  /** Wall-clock times on the appointment's day, in the clinic's zone ("HH:MM"). */
  appliedAt: string;
  removedAt: string;
}

export interface ChartReaction {
  kind: ReactionKind;
  /** What was seen and what was done. */
  action: string;
}

/** What the practitioner fills in. */
export interface ChartDraft {
  numbing: ChartNumbing | null;
  deviceId: string;
  cartridgeLotId: string;
  areas: ChartArea[];
  /** Lots on the skin while the needles worked (needling glides). */
  glideLotIds: string[];
  /** Lots applied after needling (the clinic's approved products). */
  productLotIds: string[];
  reactions: ChartReaction[];
  nextTime: string;
}

export interface LotSnapshot {
  id: string;
  kind: SupplyKind;
  name: string;
  lot: string;
  expiresOn: string;
  needleCount: number | null;
}

/** A chart as stored: the draft with what the server fills in from the clinic's lists, fixed when it was saved. */
export interface StoredChart extends ChartDraft {
  device: { id: string; model: string; serial: string };
  lots: LotSnapshot[];
  /** The numbing instants (UTC ms) the wall-clock times name. */
  numbingAppliedAtMs: number | null;
  numbingRemovedAtMs: number | null;
  /** The plan's deepest depth for each charted area, as it stood. */
  planned: { zone: ZoneId; plannedMaxMm: number | null; zoneMaximumMm: number }[];
}

/** What the checks need besides the draft. */
export interface ChartLimits {
  /** The signed plan's deepest depth per zone; empty without a plan. */
  plannedMaxMm: Partial<Record<ZoneId, number>>;
  /** The zone's maximum (clinic's, never above the absolute ceiling). */
  zoneMaximumMm: Record<ZoneId, number>;
  hasPlan: boolean;
  anaestheticAllergy: boolean;
  /** The appointment's local date: a lot that expired before it is refused. */
  onDate: string;
  lots: readonly (LotSnapshot & { active: boolean })[];
  devices: readonly { id: string; model: string; serial: string; active: boolean }[];
}

const v = (rule: string, field: string, message: string): PlanViolation => ({ rule, field, message });
const text = (s: unknown) => (typeof s === "string" ? s.trim() : "");

/** The reason a lot can't be used, or null. */
function lotProblem(id: unknown, kind: SupplyKind, field: string, limits: ChartLimits): PlanViolation | null {
  const what = { cartridge: "cartridge", numbing: "numbing product", glide: "glide", product: "product" }[kind];
  const lot = limits.lots.find((l) => l.id === id);
  if (!lot || lot.kind !== kind) return v("lot.unknown", field, `Choose a ${what} lot from the clinic's list.`);
  if (lot.expiresOn < limits.onDate)
    return v("lot.expired", field, `${lot.name}, lot ${lot.lot}, expired on ${lot.expiresOn}: use another lot and set this one aside.`);
  if (!lot.active) return v("lot.retired", field, `${lot.name}, lot ${lot.lot}, is no longer in use: choose another lot.`);
  return null;
}

/** Every broken rule of a chart, each naming its field; empty when the chart may be saved. */
export function validateChart(draft: ChartDraft, limits: ChartLimits): PlanViolation[] {
  const out: PlanViolation[] = [];
  const push = (p: PlanViolation | null) => {
    if (p) out.push(p);
  };
  const device = limits.devices.find((d) => d.id === draft.deviceId);
  if (!device) push(v("device.unknown", "deviceId", "Choose the device used from the clinic's list."));
  else if (!device.active)
    push(v("device.retired", "deviceId", `${device.model} ${device.serial} is no longer in use: choose another device.`));
  push(lotProblem(draft.cartridgeLotId, "cartridge", "cartridgeLotId", limits));

  if (draft.areas.length === 0) push(v("areas.none", "areas", "Chart at least one area treated."));
  const seen = new Set<string>();
  draft.areas.forEach((a, i) => {
    const at = `areas.${i}`;
    if (!isZoneId(a.zone)) return push(v("zone.unknown", `${at}.zone`, "Choose an area from the list."));
    const label = ZONES[a.zone].label;
    if (seen.has(a.zone)) push(v("zone.duplicate", `${at}.zone`, `${label} is charted twice: chart each area once.`));
    seen.add(a.zone);
    if (limits.hasPlan && limits.plannedMaxMm[a.zone] === undefined)
      push(v("zone.not-planned", `${at}.zone`, `${label} is not in the client's signed plan: change the plan first.`));
    const maxProblem = depthProblem(a.depthMm, `${at}.depthMm`, a.zone, limits.zoneMaximumMm[a.zone]);
    push(maxProblem);
    const planned = limits.plannedMaxMm[a.zone];
    const reason = text(a.depthReason);
    if (reason.length > LIMIT_REASON_MAX) push(v("input.too-long", `${at}.depthReason`, `At most ${LIMIT_REASON_MAX} characters.`));
    else if (!maxProblem && planned !== undefined && depthAbove(a.depthMm, planned) && reason.length < LIMIT_REASON_MIN) {
      push(
        v(
          "depth.deeper-than-planned",
          `${at}.depthReason`,
          `${label}: ${formatMm(a.depthMm)} mm is deeper than the plan's ${formatMm(planned)} mm. Give your clinical reason, in at least ${LIMIT_REASON_MIN} characters.`,
        ),
      );
    }
    if (!Number.isInteger(a.passes) || a.passes < 1 || a.passes > MAX_PASSES)
      push(v("passes.range", `${at}.passes`, `${label}: enter the number of passes, from 1 to ${MAX_PASSES}.`));
    if (!(TECHNIQUES as readonly string[]).includes(a.technique))
      push(v("technique.unknown", `${at}.technique`, `${label}: choose the technique.`));
    if (!(ENDPOINTS as readonly string[]).includes(a.endpoint))
      push(v("endpoint.unknown", `${at}.endpoint`, `${label}: choose the endpoint reached.`));
  });

  if (draft.numbing) {
    const n = draft.numbing;
    if (limits.anaestheticAllergy)
      push(v("numbing.allergy", "numbing.lotId", "The client's screening records an allergy to local anaesthetics: no numbing product."));
    push(lotProblem(n.lotId, "numbing", "numbing.lotId", limits));
    const strength = text(n.strength);
    if (strength.length === 0)
      push(v("numbing.strength", "numbing.strength", "Enter the strength as labelled, for example 4 % lidocaine."));
    else if (strength.length > NUMBING_STRENGTH_MAX)
      push(v("input.too-long", "numbing.strength", `At most ${NUMBING_STRENGTH_MAX} characters.`));
    if (n.zones.length === 0 || !n.zones.every(isZoneId))
      push(v("numbing.zones", "numbing.zones", "Choose the areas the numbing product was applied to."));
    const applied = WALL_TIME.test(n.appliedAt);
    const removed = WALL_TIME.test(n.removedAt);
    if (!applied) push(v("numbing.time", "numbing.appliedAt", "Enter when it was applied, as HH:MM."));
    if (!removed) push(v("numbing.time", "numbing.removedAt", "Enter when it was removed, as HH:MM."));
    if (n.zones.some((z) => !draft.areas.some((a) => a.zone === z)))
      push(v("numbing.zones-treated", "numbing.zones", "Numbing goes on areas treated today: tick those areas above, or untick these."));
  }
  for (const field of ["glideLotIds", "productLotIds"] as const) {
    if (draft[field].length > MAX_LOTS_PER_LIST) push(v("lots.too-many", field, `Choose at most ${MAX_LOTS_PER_LIST} lots here.`));
    else draft[field].forEach((id, i) => push(lotProblem(id, field === "glideLotIds" ? "glide" : "product", `${field}.${i}`, limits)));
  }
  const kinds = new Set<string>();
  draft.reactions.forEach((r, i) => {
    if (kinds.has(r.kind))
      push(v("reaction.duplicate", `reactions.${i}.kind`, "Each reaction is charted once: say everything about it in one place."));
    kinds.add(r.kind);
    if (!(REACTIONS as readonly string[]).includes(r.kind)) push(v("reaction.unknown", `reactions.${i}.kind`, "Choose what was seen."));
    const action = text(r.action);
    if (action.length === 0) push(v("reaction.action", `reactions.${i}.action`, "Say what was seen and what was done."));
    else if (action.length > CHART_TEXT_MAX) push(v("input.too-long", `reactions.${i}.action`, `At most ${CHART_TEXT_MAX} characters.`));
  });
  if (text(draft.nextTime).length > CHART_TEXT_MAX) push(v("input.too-long", "nextTime", `At most ${CHART_TEXT_MAX} characters.`));
  return out;
}

/** The rule ids of areas charted deeper than planned with a reason ("depth.deeper-than-planned:cheek-left"): what the audit log keeps. */
export function deeperThanPlannedRuleIds(draft: Pick<ChartDraft, "areas">, limits: Pick<ChartLimits, "plannedMaxMm">): string[] {
  return draft.areas
    .filter((a) => limits.plannedMaxMm[a.zone] !== undefined && depthAbove(a.depthMm, limits.plannedMaxMm[a.zone]!))
    .map((a) => `depth.deeper-than-planned:${a.zone}`);
}

/**
 * What the client can expect over the next days, from what was charted. The
 * course is the one the sources describe for every session — redness like a
 * moderate sunburn that mostly settles within a day and is rarely visible
 * after three ([ref-37], labelling and consent text); transient reactions
 * lasting up to a week ([ref-20], review) — with a longer line when the
 * endpoint was pinpoint bleeding or a reaction was charted.
 */
export function expectationsOf(chart: Pick<ChartDraft, "areas" | "reactions">): ExpectationId[] {
  const out: ExpectationId[] = ["redness"];
  if (chart.areas.some((a) => a.endpoint === "pinpoint-bleeding")) out.push("pinpoint-marks");
  out.push("dryness");
  if (chart.reactions.length > 0) out.push("reaction-charted");
  out.push("call-us");
  return out;
}

export const EXPECTATION_IDS = ["redness", "pinpoint-marks", "dryness", "reaction-charted", "call-us"] as const;
export type ExpectationId = (typeof EXPECTATION_IDS)[number];
