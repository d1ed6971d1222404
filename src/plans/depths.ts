// The depth table: a needle-depth band for every zone × concern the plan
// screen offers. A combination with no row is not offered and is refused by
// the validator ("depth.no-row").
//
// No peer-reviewed source gives depths zone by zone (REFERENCE §0). Rows tagged
// PR or REG follow a study or device labelling for that area and concern; IND
// rows follow industry charts and CLIN rows are the clinic's own starting point.
// Those, and any row resting on an uncertain source, are `clinicDefault` and are
// shown as "clinic default — confirm", never as settled evidence. No band goes
// past its zone's default maximum (zones.ts), and each zone's deepest band is
// that maximum, so a suggestion from the table is always allowed before any
// clinic setting is applied. A depth outside its row's band needs the
// practitioner's stated reason (validate.ts, rule `depth.outside-band`).
// Citations are anchors on docs/clinical/README.md.

import type { EvidenceTag, IndicationId, ZoneId } from "./types.ts";
import { INDICATION_IDS } from "./types.ts";

export interface DepthRow {
  /** Stable: `${zone}.${indication}`. */
  id: string;
  zone: ZoneId;
  indication: IndicationId;
  minMm: number;
  maxMm: number;
  evidence: EvidenceTag;
  /** Present as "clinic default — confirm". */
  clinicDefault: boolean;
  citations: readonly string[];
  /** Where the band comes from, for staff. */
  note: string;
}

/** How a clinic-default row is labelled wherever a depth is shown. */
export const CLINIC_DEFAULT_LABEL = "clinic default — confirm";

interface Band {
  minMm: number;
  maxMm: number;
  evidence: EvidenceTag;
  citations: string[];
  note: string;
  /** A PR or REG row whose source is itself uncertain (⚠). */
  uncertain?: true;
}

function rows(zones: readonly ZoneId[], indication: IndicationId, band: Band): DepthRow[] {
  const { uncertain, ...rest } = band;
  return zones.map((zone) =>
    Object.freeze({
      id: `${zone}.${indication}`,
      zone,
      indication,
      ...rest,
      clinicDefault: uncertain === true || band.evidence === "IND" || band.evidence === "CLIN",
      citations: Object.freeze([...band.citations]),
    }),
  );
}

const CHEEKS = ["cheek-left", "cheek-right"] as const;
const PERIORBITAL = ["periorbital-left", "periorbital-right"] as const;

// Notes that several rows share.
const FACE_STUDIES_NOTE =
  "Acne-scar studies report depth for the face as a whole (median 1.5 mm) [ref-2], not for this area, which is thinner than the cheek. Clinic default.";
const SURGICAL_NOTE =
  "The surgical-scar study [ref-16] gives no depth in what was retrieved. Clinic default, kept inside the skin's measured thickness for the area.";
const STRIAE_CHART_NOTE =
  "The stretch-mark trials give no depth in their abstracts [ref-10][ref-11]; the band follows an industry chart for stretch marks [ref-51].";

export const DEPTH_TABLE: readonly DepthRow[] = Object.freeze([
  // ---- forehead --------------------------------------------------------------
  ...rows(["forehead"], "acne-scars", {
    minMm: 0.5,
    maxMm: 1.0,
    evidence: "CLIN",
    citations: ["ref-2", "ref-44"],
    note: `${FACE_STUDIES_NOTE} Brow and forehead skin is about 2.8 times eyelid thickness [ref-44].`,
  }),
  ...rows(["forehead"], "surgical-scars", {
    minMm: 0.5,
    maxMm: 1.0,
    evidence: "CLIN",
    citations: ["ref-16", "ref-44"],
    note: SURGICAL_NOTE,
  }),
  ...rows(["forehead"], "fine-lines", {
    minMm: 0.25,
    maxMm: 0.5,
    evidence: "IND",
    citations: ["ref-51", "ref-44", "ref-8"],
    note: "Industry charts give 0.25–0.5 mm for the forehead [ref-51]; the wrinkle trial's depth was not retrieved [ref-8].",
  }),
  ...rows(["forehead"], "texture-pores", {
    minMm: 0.25,
    maxMm: 0.5,
    evidence: "IND",
    citations: ["ref-51", "ref-1"],
    note: "Industry charts give 0.25–0.5 mm for the forehead [ref-51]; no protocol for pores was found [ref-1].",
  }),
  ...rows(["forehead"], "hyperpigmentation", {
    minMm: 0.5,
    maxMm: 1.0,
    evidence: "CLIN",
    citations: ["ref-14", "ref-44"],
    note: "The six-woman melasma pilot used 1.5 mm on the face [ref-14]; the forehead is thinner than the cheek [ref-44], so the clinic starts shallower.",
  }),

  // ---- around the eyes (outside the orbital rim) -----------------------------
  ...rows(PERIORBITAL, "fine-lines", {
    minMm: 0.2,
    maxMm: 0.3,
    evidence: "IND",
    citations: ["ref-51", "ref-46", "ref-36"],
    note: "Industry charts give 0.2–0.3 mm under the eye, outside the orbital rim [ref-51]. Eyelid skin is 0.52–0.63 mm in total [ref-46]; nothing inside the rim is treated [ref-36].",
  }),
  ...rows(PERIORBITAL, "laxity", {
    minMm: 0.2,
    maxMm: 0.3,
    evidence: "IND",
    citations: ["ref-51", "ref-46", "ref-48"],
    note: "Industry charts give 0.2–0.3 mm under the eye [ref-51]; the skin here is the thinnest on the face [ref-46]. The laxity studies give no depth for this area [ref-48].",
  }),

  // ---- nose --------------------------------------------------------------------
  ...rows(["nose"], "acne-scars", {
    minMm: 0.5,
    maxMm: 1.0,
    evidence: "CLIN",
    citations: ["ref-2", "ref-45", "ref-51"],
    note: `${FACE_STUDIES_NOTE} The lower sides of the nose have the thickest dermis of the face (about 2 mm) [ref-45]; charts give up to 0.75 mm [ref-51].`,
  }),
  ...rows(["nose"], "surgical-scars", { minMm: 0.5, maxMm: 1.0, evidence: "CLIN", citations: ["ref-16", "ref-45"], note: SURGICAL_NOTE }),
  ...rows(["nose"], "texture-pores", {
    minMm: 0.25,
    maxMm: 0.75,
    evidence: "IND",
    citations: ["ref-51", "ref-1", "ref-44"],
    note: "Industry charts give 0.25–0.75 mm for the nose [ref-51]; the tip is about 3.3 times eyelid thickness [ref-44]. No protocol for pores was found [ref-1].",
  }),

  // ---- cheeks ------------------------------------------------------------------
  ...rows(CHEEKS, "acne-scars", {
    minMm: 1.0,
    maxMm: 1.5,
    evidence: "PR",
    citations: ["ref-2", "ref-36", "ref-3"],
    note: "Acne-scar studies used a median of 1.5 mm [ref-2]; the SkinPen study started shallow, went deeper until the skin reddened evenly, and stopped at 1.5 mm on the face [ref-36].",
  }),
  ...rows(CHEEKS, "surgical-scars", { minMm: 0.5, maxMm: 1.5, evidence: "CLIN", citations: ["ref-16", "ref-36"], note: SURGICAL_NOTE }),
  ...rows(CHEEKS, "fine-lines", {
    minMm: 0.5,
    maxMm: 1.0,
    evidence: "IND",
    citations: ["ref-51", "ref-8"],
    note: "Industry charts give 0.5–1.0 mm for the cheeks [ref-51] (a chart written for home devices); the wrinkle trial's depth was not retrieved [ref-8].",
  }),
  ...rows(CHEEKS, "laxity", {
    minMm: 0.5,
    maxMm: 1.0,
    evidence: "IND",
    citations: ["ref-51", "ref-8", "ref-48"],
    note: "Industry charts give 0.5–1.0 mm for the cheeks [ref-51]; the laxity studies' depths were not retrieved [ref-8][ref-48].",
  }),
  ...rows(CHEEKS, "texture-pores", {
    minMm: 0.5,
    maxMm: 1.0,
    evidence: "IND",
    citations: ["ref-51", "ref-1"],
    note: "Industry charts give 0.5–1.0 mm for the cheeks [ref-51]; no protocol for pores was found [ref-1].",
  }),
  ...rows(CHEEKS, "hyperpigmentation", {
    minMm: 1.0,
    maxMm: 1.5,
    evidence: "PR",
    citations: ["ref-14", "ref-15"],
    note: "Low certainty: 1.5 mm comes from an open pilot of six women with melasma, treated alongside a prescription cream and sunscreen [ref-14]; tranexamic acid was paired with needling in another small study [ref-15].",
    uncertain: true,
  }),

  // ---- around the mouth --------------------------------------------------------
  ...rows(["perioral"], "acne-scars", {
    minMm: 0.5,
    maxMm: 1.0,
    evidence: "CLIN",
    citations: ["ref-2", "ref-45"],
    note: `${FACE_STUDIES_NOTE} The upper lip has the thickest epidermis of the face [ref-45].`,
  }),
  ...rows(["perioral"], "surgical-scars", {
    minMm: 0.5,
    maxMm: 1.0,
    evidence: "CLIN",
    citations: ["ref-16", "ref-45"],
    note: SURGICAL_NOTE,
  }),
  ...rows(["perioral"], "fine-lines", {
    minMm: 0.25,
    maxMm: 0.5,
    evidence: "IND",
    citations: ["ref-51", "ref-17", "ref-45"],
    note: "Industry charts give 0.25–0.5 mm around the mouth [ref-51]. Two sessions helped upper-lip lines, but the depth is uncertain [ref-17].",
  }),
  ...rows(["perioral"], "hyperpigmentation", {
    minMm: 0.5,
    maxMm: 1.0,
    evidence: "CLIN",
    citations: ["ref-14", "ref-45"],
    note: "The six-woman melasma pilot used 1.5 mm on the face [ref-14]; around the mouth the clinic starts shallower. Clinic default.",
  }),

  // ---- chin and jawline --------------------------------------------------------
  ...rows(["chin-jawline"], "acne-scars", {
    minMm: 1.0,
    maxMm: 1.5,
    evidence: "PR",
    citations: ["ref-2", "ref-36"],
    note: "Acne-scar studies used a median of 1.5 mm on the face [ref-2]; the SkinPen study capped the face at 1.5 mm [ref-36].",
  }),
  ...rows(["chin-jawline"], "surgical-scars", {
    minMm: 0.5,
    maxMm: 1.5,
    evidence: "CLIN",
    citations: ["ref-16", "ref-36"],
    note: SURGICAL_NOTE,
  }),
  ...rows(["chin-jawline"], "laxity", {
    minMm: 0.5,
    maxMm: 1.0,
    evidence: "IND",
    citations: ["ref-51", "ref-8", "ref-48"],
    note: "Industry charts give 0.5–1.0 mm for the jawline and chin [ref-51]; the laxity studies' depths were not retrieved [ref-8][ref-48].",
  }),
  ...rows(["chin-jawline"], "texture-pores", {
    minMm: 0.5,
    maxMm: 1.0,
    evidence: "IND",
    citations: ["ref-51", "ref-1"],
    note: "Industry charts give 0.5–1.0 mm for the jawline and chin [ref-51]; no protocol for pores was found [ref-1].",
  }),

  // ---- neck ----------------------------------------------------------------------
  // The trial went to 2.5 mm, but that was a device maximum, not a neck depth:
  // the bands stay inside the thin end of the front of the neck's measured
  // dermis (1.32 mm). Deeper is refused above the ceiling (zones.ts).
  ...rows(["neck"], "fine-lines", {
    minMm: 0.5,
    maxMm: 1.25,
    evidence: "CLIN",
    citations: ["ref-9", "ref-46", "ref-40"],
    note: "A neck-wrinkle trial went up to 2.5 mm [ref-9], a device maximum rather than a neck depth. The dermis at the front of the neck is about 1.3–1.6 mm [ref-46], and needling below the dermis may be a controlled act in Ontario [ref-40], so the clinic default stays at 1.25 mm or less.",
  }),
  ...rows(["neck"], "laxity", {
    minMm: 0.5,
    maxMm: 1.25,
    evidence: "CLIN",
    citations: ["ref-9", "ref-48", "ref-46"],
    note: "The neck trial went up to 2.5 mm [ref-9]; the laxity studies' depths were not retrieved [ref-48]. The clinic default stays inside the neck's measured dermis (about 1.3–1.6 mm) [ref-46].",
  }),
  ...rows(["neck"], "surgical-scars", { minMm: 0.5, maxMm: 1.25, evidence: "CLIN", citations: ["ref-16", "ref-46"], note: SURGICAL_NOTE }),

  // ---- décolleté -------------------------------------------------------------------
  ...rows(["decollete"], "acne-scars", {
    minMm: 0.5,
    maxMm: 1.0,
    evidence: "CLIN",
    citations: ["ref-2", "ref-46"],
    note: "Acne-scar studies treated the face [ref-2]; no depth for the chest was found. Chest dermis is relatively thick [ref-46]. Clinic default.",
  }),
  ...rows(["decollete"], "surgical-scars", {
    minMm: 0.5,
    maxMm: 1.0,
    evidence: "CLIN",
    citations: ["ref-16", "ref-46"],
    note: SURGICAL_NOTE,
  }),
  ...rows(["decollete"], "fine-lines", {
    minMm: 0.5,
    maxMm: 1.0,
    evidence: "CLIN",
    citations: ["ref-46", "ref-18"],
    note: "No depth for the chest was found; chest dermis is relatively thick [ref-46], and sessions 2–4 weeks apart are described [ref-18]. Clinic default.",
  }),
  ...rows(["decollete"], "texture-pores", {
    minMm: 0.25,
    maxMm: 0.5,
    evidence: "CLIN",
    citations: ["ref-1", "ref-46"],
    note: "No protocol for texture or pores was found [ref-1], nor a depth for the chest; chest dermis is relatively thick [ref-46]. Clinic default.",
  }),
  ...rows(["decollete"], "hyperpigmentation", {
    minMm: 0.25,
    maxMm: 0.5,
    evidence: "CLIN",
    citations: ["ref-46", "ref-20"],
    note: "No depth for sun spots on the chest was found. Chest dermis is relatively thick [ref-46], but needling can itself cause dark marks [ref-20], so the clinic starts shallow.",
  }),
  ...rows(["decollete"], "striae", {
    minMm: 0.5,
    maxMm: 1.0,
    evidence: "CLIN",
    citations: ["ref-10", "ref-46"],
    note: "The stretch-mark trials give no depth in their abstracts [ref-10]; the chest band stays under the zone's cautious maximum. Clinic default.",
  }),

  // ---- hands ---------------------------------------------------------------------
  ...rows(["hands"], "fine-lines", {
    minMm: 0.25,
    maxMm: 0.5,
    evidence: "CLIN",
    citations: ["ref-47"],
    note: "No peer-reviewed study of mechanical microneedling on the hands was found; the back of the hand has a thin dermis [ref-47]. Clinic default.",
  }),
  ...rows(["hands"], "texture-pores", {
    minMm: 0.25,
    maxMm: 0.5,
    evidence: "CLIN",
    citations: ["ref-47"],
    note: "No peer-reviewed study of mechanical microneedling on the hands was found; the back of the hand has a thin dermis [ref-47]. Clinic default.",
  }),
  ...rows(["hands"], "hyperpigmentation", {
    minMm: 0.25,
    maxMm: 0.5,
    evidence: "CLIN",
    citations: ["ref-47", "ref-20"],
    note: "No peer-reviewed study of mechanical microneedling on the hands was found [ref-47]; needling can itself cause dark marks [ref-20]. Clinic default.",
  }),

  // ---- scalp ---------------------------------------------------------------------
  ...rows(["scalp"], "hair-loss", {
    minMm: 1.0,
    maxMm: 1.5,
    evidence: "PR",
    citations: ["ref-12", "ref-13"],
    note: "The trials used a 1.5 mm roller weekly with 5% minoxidil [ref-12][ref-13]; a pen set shallower may be chosen for comfort.",
  }),

  // ---- body ------------------------------------------------------------------------
  ...rows(["abdomen"], "striae", {
    minMm: 1.0,
    maxMm: 1.5,
    evidence: "IND",
    citations: ["ref-10", "ref-11", "ref-51"],
    note: STRIAE_CHART_NOTE,
  }),
  ...rows(["abdomen"], "surgical-scars", {
    minMm: 1.0,
    maxMm: 1.5,
    evidence: "CLIN",
    citations: ["ref-16", "ref-34"],
    note: `${SURGICAL_NOTE} The FDA has authorized microneedling for abdominal scars [ref-34].`,
  }),
  ...rows(["thighs"], "striae", {
    minMm: 1.0,
    maxMm: 1.5,
    evidence: "IND",
    citations: ["ref-10", "ref-11", "ref-51"],
    note: STRIAE_CHART_NOTE,
  }),
  ...rows(["thighs"], "surgical-scars", { minMm: 1.0, maxMm: 1.5, evidence: "CLIN", citations: ["ref-16"], note: SURGICAL_NOTE }),
  ...rows(["back"], "acne-scars", {
    minMm: 1.0,
    maxMm: 1.5,
    evidence: "REG",
    uncertain: true,
    citations: ["ref-36", "ref-2", "ref-46"],
    note: "The SkinPen study summary gives 0.25–2.0 mm for acne scars on the face and back [ref-36]; acne-scar studies used a median of 1.5 mm [ref-2]. Back skin is about 1.98 mm thick in total [ref-46], so the band stops at 1.5 mm. Clinic default.",
  }),
  ...rows(["back"], "striae", {
    minMm: 1.0,
    maxMm: 1.5,
    evidence: "IND",
    citations: ["ref-10", "ref-11", "ref-51"],
    note: STRIAE_CHART_NOTE,
  }),
  ...rows(["back"], "surgical-scars", { minMm: 1.0, maxMm: 1.5, evidence: "CLIN", citations: ["ref-16"], note: SURGICAL_NOTE }),
]);

const BY_KEY: ReadonlyMap<string, DepthRow> = new Map(DEPTH_TABLE.map((r) => [r.id, r]));

export function depthRow(zone: ZoneId | string, indication: IndicationId | string): DepthRow | null {
  return BY_KEY.get(`${zone}.${indication}`) ?? null;
}

/**
 * Whether a planned depth was set for the client rather than taken as the
 * depth table's usual band for its zone and concern (a darker skin type, a
 * clinic maximum, the practitioner's judgement): the client's copy says
 * "Adjusted for you" only then. A zone × concern without a row counts as
 * adjusted.
 */
export function depthAdjusted(z: { zone: string; indication: string; depthMinMm: number; depthMaxMm: number }): boolean {
  const row = depthRow(z.zone, z.indication);
  if (!row) return true;
  const same = (a: number, b: number) => Math.abs(a - b) < 0.001;
  return !same(z.depthMinMm, row.minMm) || !same(z.depthMaxMm, row.maxMm);
}

/**
 * The band a depth is held to once the clinic's maximum for the zone is
 * applied: the row's band, cut at the maximum; when the maximum is shallower
 * than the whole band, the maximum alone. A depth inside it needs no reason; a
 * depth outside it (but within the maximum) needs the practitioner's stated
 * clinical reason (rule `depth.outside-band`).
 */
export function bandInForce(row: Pick<DepthRow, "minMm" | "maxMm">, zoneMaximumMm: number): { minMm: number; maxMm: number } {
  const maxMm = Math.min(row.maxMm, zoneMaximumMm);
  return { minMm: Math.min(row.minMm, maxMm), maxMm };
}

/** The concerns offered for a zone: those with a row, in the order of INDICATION_IDS. */
export function indicationsFor(zone: ZoneId | string): IndicationId[] {
  return INDICATION_IDS.filter((i) => BY_KEY.has(`${zone}.${i}`));
}
