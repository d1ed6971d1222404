// The words of a treatment plan, shared by the depth table, the validator, the
// series planner, the stored plan, the PDF and the screens. Plain data only.

/** Treatable zones. Ids are stable forever: they are stored in plans. */
export const ZONE_IDS = [
  "forehead",
  "periorbital-left",
  "periorbital-right",
  "nose",
  "cheek-left",
  "cheek-right",
  "perioral",
  "chin-jawline",
  "neck",
  "decollete",
  "hands",
  "scalp",
  "abdomen",
  "thighs",
  "back",
] as const;
export type ZoneId = (typeof ZONE_IDS)[number];

/** Areas drawn on the map that are never treated (inside the orbital rim). Refused by the validator. */
export const NO_TREATMENT_AREA_IDS = ["eyelids"] as const;
export type NoTreatmentAreaId = (typeof NO_TREATMENT_AREA_IDS)[number];

export const INDICATION_IDS = [
  "acne-scars",
  "surgical-scars",
  "fine-lines",
  "laxity",
  "texture-pores",
  "hyperpigmentation",
  "striae",
  "hair-loss",
] as const;
export type IndicationId = (typeof INDICATION_IDS)[number];

/** PR peer-reviewed · REG regulator/labelling · IND industry chart · CLIN clinic protocol (see docs/clinical/README.md). */
export type EvidenceTag = "PR" | "REG" | "IND" | "CLIN";

export type FitzpatrickType = 1 | 2 | 3 | 4 | 5 | 6;
export type GlogauType = 1 | 2 | 3 | 4;

export interface SkinAssessment {
  /** Confirmed by the practitioner; the intake's scored type is the starting value. */
  fitzpatrick: FitzpatrickType | null;
  /** The type the intake questionnaire scored, kept beside the confirmed one. */
  fitzpatrickFromIntake: FitzpatrickType | null;
  glogau: GlogauType | null;
  /** What the client wants changed, per zone, in their words or the practitioner's. */
  concerns: { zone: ZoneId; note: string }[];
  notes: string;
}

export interface PlanZone {
  zone: ZoneId;
  indication: IndicationId;
  /** Millimetres, in steps of 0.05. */
  depthMinMm: number;
  depthMaxMm: number;
  /**
   * The practitioner's clinical reason for a depth outside the depth table's
   * band for this zone and concern (rule `depth.outside-band`). Health
   * information: stored only in the encrypted plan content, never in the audit
   * log (which records the rule id). Absent when the depth is inside the band.
   */
  depthReason?: string;
}

/** What a practitioner edits. Stored encrypted as one plan version. */
export interface PlanDraft {
  assessment: SkinAssessment;
  zones: PlanZone[];
  /** The treatment service each session is booked as. */
  serviceId: string;
  /** The practitioner the series is booked with; null = whoever is free. */
  practitionerId: string | null;
  sessions: number;
  intervalMinDays: number;
  intervalMaxDays: number;
  numbingCream: boolean;
  /**
   * Which numbing product, on which of the plan's zones: required with
   * numbingCream, null without. Absent only on versions stored before plans
   * recorded it (migration 0013): those read and stay valid as signed.
   */
  numbing?: PlanNumbing | null;
  /**
   * The numbing product and area as they stood when the version was saved:
   * filled in by the server, like `products`.
   */
  numbingDetail?: NumbingDetail | null;
  /**
   * What is on the skin while the needles work (glide): an id from the clinic's
   * list of sterile, single-use needling glides. Required since migration
   * 0013; absent only on versions stored before.
   */
  glideId?: string;
  /** The glide as it stood on the clinic's list when the version was saved (server-filled). */
  glide?: { id: string; name: string; sterile: boolean; singleUse: boolean };
  /** Ids from the clinic's approved post-needling product list. */
  productIds: string[];
  /**
   * The chosen products as they stood on the clinic's list when the version
   * was saved: filled in by the server, so what the client reads and signs
   * does not change if the list does later.
   */
  products?: { id: string; name: string; reason: string }[];
  /**
   * What the client reads, fixed when the version is offered to them (and so
   * covered by the hash they sign): later changes to the wording, the depth
   * table or the staff list never change a signed plan.
   */
  clientCopy?: ClientCopy;
  pricePerSessionCents: number;
  packagePriceCents: number;
  currency: string;
  /** The practitioner's own words to the client (goals, what to expect). */
  noteToClient: string;
}

/** A limit that refused something, named so the person sees which rule it was. */
export interface PlanViolation {
  /** Stable rule id, e.g. "depth.zone-maximum", "interval.minimum", "product.not-approved". */
  rule: string;
  /** Form field path, e.g. "zones.2.depthMaxMm", "intervalMinDays", "productIds.0". */
  field: string;
  message: string;
}

/** A post-needling product on the clinic's list (clinic data, audited). */
export interface ApprovedProduct {
  id: string;
  name: string;
  /** Why the clinic allows it right after needling (sterile, single-use, approved for use with microneedling …). */
  reason: string;
  active: boolean;
}

/** Numbing cream as planned: which product from the clinic's list, on which of the plan's zones. */
export interface PlanNumbing {
  /** An id from the clinic's numbing product list (agent and strength come from the list). */
  productId: string;
  /** Where it goes: some or all of the plan's zones. */
  zones: ZoneId[];
  /** Why more than the clinic's maximum area is numbed in one application; "" when within it. */
  overMaximumReason: string;
}

/** The server's snapshot of the numbing plan, so what the client signed does not change with the list. */
export interface NumbingDetail {
  product: { id: string; name: string; agent: string };
  /** Estimated total area of the numbed zones (src/plans/numbing.ts). */
  areaCm2: number;
  /** The clinic's maximum for one application when the version was saved. */
  maxAreaCm2: number;
}

/** A numbing product on the clinic's list (clinic data, audited). */
export interface NumbingProduct {
  id: string;
  name: string;
  /** Agent(s) and strength as on the label, e.g. "lidocaine 4 %" or "lidocaine 2.5 % + prilocaine 2.5 %". */
  agent: string;
  active: boolean;
}

/** A product on the skin while the needles work, on the clinic's list (clinic data, audited). */
export interface NeedlingGlide {
  id: string;
  name: string;
  sterile: boolean;
  singleUse: boolean;
  active: boolean;
}

/** The clinic's depth maxima per zone (clinic data, audited); zones not listed use the defaults. */
export type ClinicDepthLimits = Partial<Record<ZoneId, number>>;

export interface ClientCopy {
  zones: { zone: ZoneId; label: string; indicationLabel: string; clinicDefault: boolean }[];
  visitMinutes: number;
  numbingMinutes: number;
  /** The numbing cream in the client's words (product, agent, areas); absent on copies written before it was recorded. */
  numbing?: string;
  /** What is on the skin during needling, in the client's words; absent on copies written before it was recorded. */
  glide?: string;
  downtime: string;
  aftercare: string[];
  achievability: string;
  price: string;
  practitionerName: string | null;
  offeredAt: number;
  /**
   * The earliest date the series may start, as it stood when the version was
   * offered: the later of the offer date and the end of the client's screening
   * wait (YYYY-MM-DD in the clinic's zone), or null when the screening gave no
   * date (a practitioner must review the health questionnaire first). Absent on
   * copies offered before it was recorded, so what they hash to is unchanged.
   */
  earliestStart?: string | null;
}
