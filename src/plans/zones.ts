// The zone catalogue: what each treatable area is called, how deep the clinic
// may needle it by default, and the ceiling no clinic setting may pass.
//
// Two limits per zone, on purpose. The default maximum is a clinic setting
// (audited, changeable within the ceiling); it is never deeper than the deepest
// band of the zone's depth-table rows, so a default plan stays inside the bands.
// The absolute ceiling is the product's own guard, set per zone from the skin
// measured at that site (decision 0020): needling stays inside the dermis,
// because a procedure on tissue below the dermis is a controlled act in
// Ontario [ref-40]. Each ceiling is the 0.05 mm step just under the thinnest
// measured figure for the site. Measurements are group means from small
// histology studies, so individual skin may be thinner: the ceilings are upper
// guards, not targets. Where no measurement for the site exists, the ceiling
// is the nearest supported figure, marked ⚠ clinic default.
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
  /** What the ceiling rests on: the skin measured at this site, or the nearest supported figure. */
  ceiling: ZoneCeilingSource;
  citations: readonly string[];
  /** Why the default is what it is, for staff. */
  note: string;
}

export interface ZoneCeilingSource {
  /** PR: a measurement of this site; anything else is not a measurement of this site. */
  evidence: EvidenceTag;
  /** True when no measurement of this site exists: shown as "clinic default — confirm" (⚠). */
  clinicDefault: boolean;
  citations: readonly string[];
  /** The figure and how strong it is, for staff and the published depth table. */
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

type Limits = Pick<
  Zone,
  "defaultMaxMm" | "defaultMaxEvidence" | "defaultMaxIsClinicDefault" | "ceilingMm" | "ceiling" | "citations" | "note"
>;

// ---- ceilings, from the skin measured at each site -----------------------------

const ceiling = (c: ZoneCeilingSource): ZoneCeilingSource => Object.freeze({ ...c, citations: Object.freeze([...c.citations]) });

// Eyelid skin is 0.52–0.63 mm in total (epidermis + dermis) [ref-46]; the zone
// is outside the orbital rim, so the eyelid is the thin end of it.
const PERIORBITAL_CEILING = ceiling({
  evidence: "PR",
  clinicDefault: false,
  citations: ["ref-46", "ref-45"],
  note: "Eyelid skin, the thinnest of the face, is 0.52–0.63 mm in total [ref-46] (histology, Korean adults); 0.5 mm stays inside it.",
});
// Brow/forehead skin is 2.8 × eyelid skin [ref-44]; 2.8 × 0.52 mm [ref-46] ≈ 1.46 mm.
const FOREHEAD_CEILING = ceiling({
  evidence: "PR",
  clinicDefault: true,
  citations: ["ref-44", "ref-46"],
  note: "⚠ Derived, not measured directly: brow and forehead skin is about 2.8 times eyelid skin [ref-44] (3 cadavers), and eyelid skin is at least 0.52 mm [ref-46], so about 1.46 mm in total. 1.45 mm stays inside it.",
});
const NOSE_CEILING = ceiling({
  evidence: "PR",
  clinicDefault: true,
  citations: ["ref-44", "ref-45", "ref-46"],
  note: "⚠ The nasal tip is about 3.3 times eyelid skin (≈1.7 mm) [ref-44][ref-46] and the lower sidewall has the face's thickest dermis (1.97 mm) [ref-45], but the bridge was not measured; the forehead's figure (1.45 mm), the thinner neighbour, is used.",
});
const FACE_UNMEASURED_CEILING = ceiling({
  evidence: "REG",
  clinicDefault: true,
  citations: ["ref-36", "ref-45"],
  note: "⚠ No measurement of this site in the reference. The nearest supported figure is the face maximum of the FDA-cleared device's pivotal study, 1.5 mm [ref-36]; the thickest facial dermis measured is 1.97 mm (lower nasal sidewall) [ref-45].",
});
// Anterior neck and chest dermis fall in one group, 1.318–1.586 mm [ref-46].
const NECK_CEILING = ceiling({
  evidence: "PR",
  clinicDefault: false,
  citations: ["ref-46", "ref-9"],
  note: "The dermis at the front of the neck is 1.32–1.59 mm (the group of buttock, chest and anterior neck) [ref-46] (histology, Korean adults); 1.3 mm stays inside its thin end. The neck-wrinkle trial's 2.5 mm [ref-9] is a device setting used in one trial, not a depth the skin supports.",
});
const DECOLLETE_CEILING = ceiling({
  evidence: "PR",
  clinicDefault: false,
  citations: ["ref-46"],
  note: "Chest dermis is 1.32–1.59 mm (the group of buttock, chest and anterior neck) [ref-46] (histology, Korean adults); 1.3 mm stays inside its thin end.",
});
const HANDS_CEILING = ceiling({
  evidence: "PR",
  clinicDefault: true,
  citations: ["ref-47"],
  note: "⚠ The back of the hand had the thinnest dermis of six body sites in women, 2.1 ± 0.9 mm [ref-47] (one Turkish histology series, whose authors found their population's skin thicker than others'). 1.15 mm is one standard deviation under the mean; tendons and veins lie close under this skin.",
});
const BODY_UNMEASURED_CEILING = ceiling({
  evidence: "PR",
  clinicDefault: true,
  citations: ["ref-47", "ref-12", "ref-51"],
  note: "⚠ The reference gives no thickness for this site. In one histology series the dermis of the scalp, abdomen and back was thicker on average than the back of the hand (2.1 mm) [ref-47]; 1.5 mm is the deepest setting the cited studies and charts use on the body and scalp [ref-12][ref-51].",
});
const BACK_CEILING = ceiling({
  evidence: "PR",
  clinicDefault: false,
  citations: ["ref-46", "ref-36"],
  note: "The back has the thickest skin measured in Korean adults, 1.98 mm in total (dermis 1.94 mm) [ref-46]; 1.95 mm stays inside it. The device's labelling allows up to 2.0 mm on face and back [ref-36], which this skin does not leave room for.",
});

// ---- default maxima: the deepest band of the zone's depth-table rows -------------

const FACE_1_0: Omit<Limits, "ceilingMm" | "ceiling"> = {
  defaultMaxMm: 1.0,
  defaultMaxEvidence: "CLIN",
  defaultMaxIsClinicDefault: true,
  citations: ["ref-2", "ref-51"],
  note: "Clinic default: the deepest band for this area in the depth table (acne and surgical scars, 1.0 mm). The face-wide studies [ref-2] do not report this area, and charts give 0.25–0.75 mm for lines and pores [ref-51].",
};

const CHEEK: Limits = {
  defaultMaxMm: 1.5,
  defaultMaxEvidence: "PR",
  defaultMaxIsClinicDefault: false,
  ceilingMm: 1.5,
  ceiling: FACE_UNMEASURED_CEILING,
  citations: ["ref-2", "ref-36"],
  note: "Acne-scar studies used a median of 1.5 mm on the face [ref-2] and the SkinPen pivotal study stopped at 1.5 mm [ref-36]: the deepest band for this area.",
};

const PERIORBITAL: Omit<Zone, "id" | "label" | "description"> = {
  group: "face",
  defaultMaxMm: 0.3,
  defaultMaxEvidence: "IND",
  defaultMaxIsClinicDefault: true,
  ceilingMm: 0.5,
  ceiling: PERIORBITAL_CEILING,
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
    ...FACE_1_0,
    ceilingMm: 1.45,
    ceiling: FOREHEAD_CEILING,
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
  nose: zone({
    id: "nose",
    label: "Nose",
    group: "face",
    description: "the bridge, sides and tip of the nose",
    ...FACE_1_0,
    ceilingMm: 1.45,
    ceiling: NOSE_CEILING,
  }),
  "cheek-left": zone({
    id: "cheek-left",
    label: "Cheek, left",
    group: "face",
    description: "the left cheek, from below the eye socket to the jaw",
    ...CHEEK,
  }),
  "cheek-right": zone({
    id: "cheek-right",
    label: "Cheek, right",
    group: "face",
    description: "the right cheek, from below the eye socket to the jaw",
    ...CHEEK,
  }),
  perioral: zone({
    id: "perioral",
    label: "Perioral",
    group: "face",
    description: "around the mouth and the upper lip, not the lips themselves",
    ...FACE_1_0,
    ceilingMm: 1.5,
    ceiling: FACE_UNMEASURED_CEILING,
  }),
  "chin-jawline": zone({
    id: "chin-jawline",
    label: "Chin and jawline",
    group: "face",
    description: "the chin and along the jaw",
    ...CHEEK,
  }),
  neck: zone({
    id: "neck",
    label: "Neck",
    group: "neck",
    description: "the front and sides of the neck",
    defaultMaxMm: 1.25,
    defaultMaxEvidence: "CLIN",
    defaultMaxIsClinicDefault: true,
    ceilingMm: 1.3,
    ceiling: NECK_CEILING,
    citations: ["ref-46", "ref-9"],
    note: "Clinic default: the dermis at the front of the neck is 1.32–1.59 mm [ref-46], so the depth table's neck bands stop at 1.25 mm. The neck-wrinkle trial's 2.5 mm [ref-9] was a device maximum in one trial, not a neck recommendation.",
  }),
  decollete: zone({
    id: "decollete",
    label: "Décolleté",
    group: "decollete",
    description: "the upper chest, below the collarbones",
    defaultMaxMm: 1.0,
    defaultMaxEvidence: "CLIN",
    defaultMaxIsClinicDefault: true,
    ceilingMm: 1.3,
    ceiling: DECOLLETE_CEILING,
    citations: ["ref-46", "ref-18"],
    note: "Clinic default: no source gives a depth for the chest. Chest dermis is 1.32–1.59 mm [ref-46] and sessions 2–4 weeks apart are described [ref-18]; 1.0 mm is a cautious start for thin, sun-exposed skin.",
  }),
  hands: zone({
    id: "hands",
    label: "Hands",
    group: "hands",
    description: "the backs of the hands",
    defaultMaxMm: 0.5,
    defaultMaxEvidence: "CLIN",
    defaultMaxIsClinicDefault: true,
    ceilingMm: 1.15,
    ceiling: HANDS_CEILING,
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
    ceilingMm: 1.5,
    ceiling: BODY_UNMEASURED_CEILING,
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
    ceilingMm: 1.5,
    ceiling: BODY_UNMEASURED_CEILING,
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
    ceilingMm: 1.5,
    ceiling: BODY_UNMEASURED_CEILING,
    citations: ["ref-51", "ref-10"],
    note: "Clinic default from an industry chart for stretch marks (1.0–1.5 mm) [ref-51]; the stretch-mark trials give no depth in their abstracts [ref-10].",
  }),
  back: zone({
    id: "back",
    label: "Back",
    group: "body",
    description: "the upper and lower back",
    defaultMaxMm: 1.5,
    defaultMaxEvidence: "CLIN",
    defaultMaxIsClinicDefault: true,
    ceilingMm: 1.95,
    ceiling: BACK_CEILING,
    citations: ["ref-2", "ref-36", "ref-46"],
    note: "Clinic default: acne-scar studies used a median of 1.5 mm [ref-2]. The device's labelling goes to 2.0 mm on face and back [ref-36], but back skin is about 1.98 mm thick in total [ref-46], so the band stops at 1.5 mm.",
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
  /**
   * Present when the clinic's saved maximum is deeper than the zone's ceiling
   * (a value saved before the ceilings were lowered, decision 0020): the saved
   * value, which is not applied; `maxMm` is then the ceiling.
   */
  clampedFromMm?: number;
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
    const maxMm = Math.max(DEPTH_STEP_MM, Math.min(z.ceilingMm, floorDepth(v)));
    return depthAbove(v, z.ceilingMm) ? { maxMm, source: "clinic", clampedFromMm: v } : { maxMm, source: "clinic" };
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
