// The zone catalogue: what each treatable area is called, how deep the clinic
// may needle it by default, and the ceiling no clinic setting may pass.
//
// Two limits per zone, on purpose. The default maximum is a clinic setting
// (audited, changeable within the ceiling). The absolute ceiling is the
// product's own guard: past it, needles reach tissue that is either too thin to
// needle safely (eyelid skin is 0.52–0.63 mm thick in total [ref-46]) or below
// the dermis, which Ontario's RHPA lists as a controlled act [ref-40].
// Citations are anchors on docs/clinical/README.md.

import {
  INDICATION_IDS,
  NO_TREATMENT_AREA_IDS,
  ZONE_IDS,
  type ClinicDepthLimits,
  type EvidenceTag,
  type IndicationId,
  type NoTreatmentAreaId,
  type PlanViolation,
  type ZoneId,
} from "./types.ts";

export type ZoneGroup = "face" | "neck" | "decollete" | "hands" | "scalp" | "body";

export interface Zone {
  id: ZoneId;
  /** As the zone map, the plan and the PDF show it, e.g. "Cheek, left". */
  label: string;
  group: ZoneGroup;
  /** Where exactly, in a few plain words. */
  description: string;
  /** Default maximum needle depth (mm); a clinic may change it, never above `ceilingMm`. */
  defaultMaxMm: number;
  /** What the default maximum rests on. */
  defaultMaxEvidence: EvidenceTag;
  /** True when no peer-reviewed or regulatory source sets the default: shown as "clinic default — confirm". */
  defaultMaxIsClinicDefault: boolean;
  /** No clinic setting may exceed this (mm). */
  ceilingMm: number;
  citations: readonly string[];
  /** Why the default is what it is, for staff. */
  note: string;
}

/** Depths are set on the device in steps of 0.05 mm. */
export const DEPTH_STEP_MM = 0.05;

const STEPS_PER_MM = 1 / DEPTH_STEP_MM;
// Floating point: 0.3 * 20 is 6.000000000000001, which is still a whole step.
const EPSILON = 1e-9;

export function isDepthStep(mm: number): boolean {
  return Number.isFinite(mm) && Math.abs(mm * STEPS_PER_MM - Math.round(mm * STEPS_PER_MM)) < 1e-6;
}

export function roundDepth(mm: number): number {
  return Math.round(mm * STEPS_PER_MM) / STEPS_PER_MM;
}

export function floorDepth(mm: number): number {
  return Math.floor(mm * STEPS_PER_MM + EPSILON) / STEPS_PER_MM;
}

export function ceilDepth(mm: number): number {
  return Math.ceil(mm * STEPS_PER_MM - EPSILON) / STEPS_PER_MM;
}

/** `a > b` for depths, ignoring floating-point noise. */
export function depthAbove(a: number, b: number): boolean {
  return a > b + EPSILON;
}

/** Millimetres as people read them: 0.3 → "0.3", 0.25 → "0.25", 1 → "1.0". */
export function formatMm(mm: number): string {
  const r = roundDepth(mm);
  return Number.isInteger(r * 10) ? r.toFixed(1) : r.toFixed(2);
}

// Everywhere but the eye area the ceiling is the deepest setting any cited
// source used (the neck-wrinkle trial, 2.5 mm [ref-9]); deeper reaches below
// the dermis on most sites [ref-46], a controlled act in Ontario [ref-40].
const CEILING_MM = 2.5;
// Eyelid skin is 0.52–0.63 mm in total [ref-46]; half a millimetre keeps even
// a clinic's own setting inside the skin around the eye.
const PERIORBITAL_CEILING_MM = 0.5;

const FACE_DEFAULT: Pick<Zone, "defaultMaxMm" | "defaultMaxEvidence" | "defaultMaxIsClinicDefault" | "ceilingMm" | "citations" | "note"> = {
  defaultMaxMm: 1.5,
  defaultMaxEvidence: "REG",
  defaultMaxIsClinicDefault: false,
  ceilingMm: CEILING_MM,
  citations: ["ref-36", "ref-2"],
  note: "The SkinPen pivotal study treated the face up to 1.5 mm [ref-36]; acne-scar studies used a median of 1.5 mm [ref-2]. Thinner areas use shallower bands in the depth table.",
};

const PERIORBITAL: Omit<Zone, "id" | "label" | "description"> = {
  group: "face",
  defaultMaxMm: 0.3,
  defaultMaxEvidence: "IND",
  defaultMaxIsClinicDefault: true,
  ceilingMm: PERIORBITAL_CEILING_MM,
  citations: ["ref-51", "ref-46", "ref-36"],
  note: "Clinic default from industry charts (0.2–0.3 mm under the eye) [ref-51]. Eyelid skin is the thinnest on the face, 0.52–0.63 mm in total [ref-46], so no setting may pass 0.5 mm; nothing inside the orbital rim is treated [ref-36].",
};

function zone(z: Zone): Zone {
  return Object.freeze({ ...z, citations: Object.freeze([...z.citations]) });
}

export const ZONES: Readonly<Record<ZoneId, Zone>> = Object.freeze({
  forehead: zone({
    id: "forehead",
    label: "Forehead",
    group: "face",
    description: "from the brows up to the hairline",
    ...FACE_DEFAULT,
  }),
  "periorbital-left": zone({
    id: "periorbital-left",
    label: "Periorbital, left",
    description: "under the left eye and crow's feet, outside the orbital rim",
    ...PERIORBITAL,
  }),
  "periorbital-right": zone({
    id: "periorbital-right",
    label: "Periorbital, right",
    description: "under the right eye and crow's feet, outside the orbital rim",
    ...PERIORBITAL,
  }),
  nose: zone({ id: "nose", label: "Nose", group: "face", description: "the bridge, sides and tip of the nose", ...FACE_DEFAULT }),
  "cheek-left": zone({
    id: "cheek-left",
    label: "Cheek, left",
    group: "face",
    description: "the left cheek, from below the eye socket to the jaw",
    ...FACE_DEFAULT,
  }),
  "cheek-right": zone({
    id: "cheek-right",
    label: "Cheek, right",
    group: "face",
    description: "the right cheek, from below the eye socket to the jaw",
    ...FACE_DEFAULT,
  }),
  perioral: zone({
    id: "perioral",
    label: "Perioral",
    group: "face",
    description: "around the mouth and the upper lip, not the lips themselves",
    ...FACE_DEFAULT,
  }),
  "chin-jawline": zone({
    id: "chin-jawline",
    label: "Chin and jawline",
    group: "face",
    description: "the chin and along the jaw",
    ...FACE_DEFAULT,
  }),
  neck: zone({
    id: "neck",
    label: "Neck",
    group: "neck",
    description: "the front and sides of the neck",
    defaultMaxMm: 2.5,
    defaultMaxEvidence: "PR",
    defaultMaxIsClinicDefault: false,
    ceilingMm: CEILING_MM,
    citations: ["ref-9", "ref-46"],
    note: "A neck-wrinkle trial needled up to 2.5 mm [ref-9]. The dermis at the front of the neck is about 1.3–1.6 mm thick [ref-46], so the depth table's bands stay well under the maximum.",
  }),
  decollete: zone({
    id: "decollete",
    label: "Décolleté",
    group: "decollete",
    description: "the upper chest, below the collarbones",
    defaultMaxMm: 1.0,
    defaultMaxEvidence: "CLIN",
    defaultMaxIsClinicDefault: true,
    ceilingMm: CEILING_MM,
    citations: ["ref-46", "ref-18"],
    note: "Clinic default: no source gives a depth for the chest. Chest dermis is relatively thick [ref-46] and sessions 2–4 weeks apart are described [ref-18]; 1.0 mm is a cautious start for thin, sun-exposed skin.",
  }),
  hands: zone({
    id: "hands",
    label: "Hands",
    group: "hands",
    description: "the backs of the hands",
    defaultMaxMm: 0.5,
    defaultMaxEvidence: "CLIN",
    defaultMaxIsClinicDefault: true,
    ceilingMm: CEILING_MM,
    citations: ["ref-47"],
    note: "Clinic default: no peer-reviewed study of mechanical microneedling on the hands was found. The back of the hand had the thinnest dermis of six body sites measured in women [ref-47], and tendons and veins lie close under it.",
  }),
  scalp: zone({
    id: "scalp",
    label: "Scalp",
    group: "scalp",
    description: "the areas of thinning hair on the scalp",
    defaultMaxMm: 1.5,
    defaultMaxEvidence: "PR",
    defaultMaxIsClinicDefault: false,
    ceilingMm: CEILING_MM,
    citations: ["ref-12", "ref-13"],
    note: "The hair-loss trials used a 1.5 mm roller weekly, with minoxidil [ref-12][ref-13].",
  }),
  abdomen: zone({
    id: "abdomen",
    label: "Abdomen",
    group: "body",
    description: "the belly, above and below the navel",
    defaultMaxMm: 1.5,
    defaultMaxEvidence: "IND",
    defaultMaxIsClinicDefault: true,
    ceilingMm: CEILING_MM,
    citations: ["ref-51", "ref-34", "ref-10"],
    note: "Clinic default from an industry chart for stretch marks (1.0–1.5 mm) [ref-51]; the stretch-mark trials give no depth in their abstracts [ref-10]. The FDA has authorized microneedling for abdominal scars [ref-34].",
  }),
  thighs: zone({
    id: "thighs",
    label: "Thighs",
    group: "body",
    description: "the front, sides and backs of the thighs",
    defaultMaxMm: 1.5,
    defaultMaxEvidence: "IND",
    defaultMaxIsClinicDefault: true,
    ceilingMm: CEILING_MM,
    citations: ["ref-51", "ref-10"],
    note: "Clinic default from an industry chart for stretch marks (1.0–1.5 mm) [ref-51]; the stretch-mark trials give no depth in their abstracts [ref-10].",
  }),
  back: zone({
    id: "back",
    label: "Back",
    group: "body",
    description: "the upper and lower back",
    defaultMaxMm: 2.0,
    defaultMaxEvidence: "REG",
    defaultMaxIsClinicDefault: false,
    ceilingMm: CEILING_MM,
    citations: ["ref-36"],
    note: "The SkinPen study summary gives 0.25–2.0 mm across face and back for acne scars, with the face capped at 1.5 mm [ref-36].",
  }),
});

export interface NoTreatmentArea {
  id: NoTreatmentAreaId;
  label: string;
  /** The validator rule that refuses it. */
  rule: string;
  /** What the practitioner reads when it is refused. */
  message: string;
  citations: readonly string[];
}

export const NO_TREATMENT_AREAS: Readonly<Record<NoTreatmentAreaId, NoTreatmentArea>> = Object.freeze({
  eyelids: Object.freeze({
    id: "eyelids",
    label: "Eyelids (inside the orbital rim)",
    rule: "zone.orbital-rim",
    message:
      "The eyelids, inside the orbital rim, are never needled: the skin there is the thinnest on the body. Treat under the eye and the crow's feet as Periorbital instead.",
    citations: Object.freeze(["ref-36", "ref-46"]),
  }),
});

const mapZones = <T>(f: (z: Zone) => T): Readonly<Record<ZoneId, T>> =>
  Object.freeze(Object.fromEntries(ZONE_IDS.map((id) => [id, f(ZONES[id])])) as Record<ZoneId, T>);

export const DEFAULT_ZONE_MAXIMA: Readonly<Record<ZoneId, number>> = mapZones((z) => z.defaultMaxMm);
export const ABSOLUTE_ZONE_MAXIMA: Readonly<Record<ZoneId, number>> = mapZones((z) => z.ceilingMm);

export function isZoneId(s: unknown): s is ZoneId {
  return typeof s === "string" && (ZONE_IDS as readonly string[]).includes(s);
}

export function isIndicationId(s: unknown): s is IndicationId {
  return typeof s === "string" && (INDICATION_IDS as readonly string[]).includes(s);
}

export function isNoTreatmentAreaId(s: unknown): s is NoTreatmentAreaId {
  return typeof s === "string" && (NO_TREATMENT_AREA_IDS as readonly string[]).includes(s);
}

/** The zone's label; an unknown id comes back as itself so a stored plan never renders blank. */
export function zoneLabel(id: ZoneId | NoTreatmentAreaId | string): string {
  if (isZoneId(id)) return ZONES[id].label;
  if (isNoTreatmentAreaId(id)) return NO_TREATMENT_AREAS[id].label;
  return id;
}

export interface EffectiveZoneMaximum {
  maxMm: number;
  /** "clinic": the clinic's own setting; "default": the product's default. */
  source: "clinic" | "default";
}

function usableClinicValue(v: unknown): v is number {
  return typeof v === "number" && Number.isFinite(v) && v > 0;
}

/**
 * The maximum in force per zone. A clinic's value is used as given when it is
 * valid; one that slipped past validation is still held under the ceiling and
 * rounded down to a step, and a value that is not a positive number falls back
 * to the default, so nothing here can ever raise a limit past the ceiling.
 */
export function effectiveZoneMaxima(clinic: ClinicDepthLimits): Readonly<Record<ZoneId, EffectiveZoneMaximum>> {
  return mapZones((z) => {
    const v: unknown = clinic[z.id];
    if (!usableClinicValue(v)) return { maxMm: z.defaultMaxMm, source: "default" };
    return { maxMm: Math.max(DEPTH_STEP_MM, Math.min(z.ceilingMm, floorDepth(v))), source: "clinic" };
  });
}

/** Every problem with a clinic's depth maxima, field = the zone id; empty when they can be saved. */
export function validateClinicDepthLimits(limits: Readonly<Record<string, unknown>>): PlanViolation[] {
  const out: PlanViolation[] = [];
  for (const [key, value] of Object.entries(limits)) {
    if (value === undefined) continue;
    if (isNoTreatmentAreaId(key)) {
      out.push({ rule: "zone.orbital-rim", field: key, message: NO_TREATMENT_AREAS[key].message });
      continue;
    }
    if (!isZoneId(key)) {
      out.push({ rule: "zone.unknown", field: key, message: `"${key}" is not a treatment area this product knows.` });
      continue;
    }
    const z = ZONES[key];
    if (!usableClinicValue(value)) {
      out.push({
        rule: "depth.clinic-maximum-invalid",
        field: key,
        message: `${z.label}: the maximum must be a depth in millimetres greater than 0.`,
      });
    } else if (!isDepthStep(value)) {
      out.push({
        rule: "depth.clinic-maximum-step",
        field: key,
        message: `${z.label}: set the maximum in steps of 0.05 mm (for example ${formatMm(floorDepth(value))} mm).`,
      });
    } else if (depthAbove(value, z.ceilingMm)) {
      out.push({
        rule: "depth.clinic-maximum-above-ceiling",
        field: key,
        message: `${z.label}: a clinic maximum can be at most ${formatMm(z.ceilingMm)} mm, the absolute limit for this area.`,
      });
    }
  }
  return out;
}
