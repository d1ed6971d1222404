// The plan editor's form, both ways: a posted form becomes a PlanDraft for the
// domain (which decides what is allowed), and the domain's violations, which
// name fields of the draft ("zones.2.depthMaxMm"), become errors beside the
// form fields they belong to. Plain code: the editor imports it too.
import type { FitzpatrickType, GlogauType, IndicationId, PlanDraft, PlanViolation, ZoneId } from "../../src/plans/types.ts";
import { ZONE_IDS } from "../../src/plans/types.ts";

/** What the form shows for one zone; strings, as typed. */
export interface ZoneFields {
  indication: string;
  depthMin: string;
  depthMax: string;
  /** The clinical reason for a depth outside the table's band (rule depth.outside-band); "" when none. */
  depthReason: string;
  concern: string;
}

export interface PlanFormValues {
  fitzpatrick: string;
  glogau: string;
  assessmentNotes: string;
  zones: Partial<Record<ZoneId, ZoneFields>>;
  serviceId: string;
  practitionerId: string;
  sessions: string;
  intervalMinDays: string;
  intervalMaxDays: string;
  numbingCream: boolean;
  /** The numbing product chosen from the clinic's list; "" when none chosen. */
  numbingProductId: string;
  /** The plan's zones the numbing cream goes on. */
  numbingZones: ZoneId[];
  numbingReason: string;
  /** The needling glide chosen from the clinic's list; "" when none chosen. */
  glideId: string;
  productIds: string[];
  pricePerSession: string;
  packagePrice: string;
  currency: string;
  noteToClient: string;
}

const str = (form: FormData, name: string) => {
  const v = form.get(name);
  return typeof v === "string" ? v : "";
};

export function formValuesFrom(form: FormData): PlanFormValues {
  const zones: PlanFormValues["zones"] = {};
  const chosen = new Set(form.getAll("zone").filter((v): v is string => typeof v === "string"));
  for (const zone of ZONE_IDS) {
    if (!chosen.has(zone)) continue;
    zones[zone] = {
      indication: str(form, `indication-${zone}`),
      depthMin: str(form, `depthMin-${zone}`),
      depthMax: str(form, `depthMax-${zone}`),
      depthReason: str(form, `depthReason-${zone}`),
      concern: str(form, `concern-${zone}`),
    };
  }
  return {
    fitzpatrick: str(form, "fitzpatrick"),
    glogau: str(form, "glogau"),
    assessmentNotes: str(form, "assessmentNotes"),
    zones,
    serviceId: str(form, "serviceId"),
    practitionerId: str(form, "practitionerId"),
    sessions: str(form, "sessions"),
    intervalMinDays: str(form, "intervalMinDays"),
    intervalMaxDays: str(form, "intervalMaxDays"),
    numbingCream: form.get("numbingCream") === "on",
    numbingProductId: str(form, "numbingProductId"),
    numbingZones: ZONE_IDS.filter((z) => form.getAll("numbingZones").includes(z)),
    numbingReason: str(form, "numbingReason"),
    glideId: str(form, "glideId"),
    productIds: form.getAll("productIds").filter((v): v is string => typeof v === "string"),
    pricePerSession: str(form, "pricePerSession"),
    packagePrice: str(form, "packagePrice"),
    currency: str(form, "currency") || "CAD",
    noteToClient: str(form, "noteToClient"),
  };
}

export function formValuesOf(draft: PlanDraft): PlanFormValues {
  const zones: PlanFormValues["zones"] = {};
  for (const z of draft.zones) {
    zones[z.zone] = {
      indication: z.indication,
      depthMin: String(z.depthMinMm),
      depthMax: String(z.depthMaxMm),
      depthReason: z.depthReason ?? "",
      concern: draft.assessment.concerns.find((c) => c.zone === z.zone)?.note ?? "",
    };
  }
  return {
    fitzpatrick: draft.assessment.fitzpatrick ? String(draft.assessment.fitzpatrick) : "",
    glogau: draft.assessment.glogau ? String(draft.assessment.glogau) : "",
    assessmentNotes: draft.assessment.notes,
    zones,
    serviceId: draft.serviceId,
    practitionerId: draft.practitionerId ?? "",
    sessions: String(draft.sessions),
    intervalMinDays: String(draft.intervalMinDays),
    intervalMaxDays: String(draft.intervalMaxDays),
    numbingCream: draft.numbingCream,
    // A plan stored before the numbing detail was recorded: the areas start as all of its zones.
    numbingProductId: draft.numbing?.productId ?? "",
    numbingZones: draft.numbing?.zones ?? (draft.numbingCream ? draft.zones.map((z) => z.zone) : []),
    numbingReason: draft.numbing?.overMaximumReason ?? "",
    glideId: draft.glideId ?? "",
    productIds: draft.productIds,
    pricePerSession: centsToText(draft.pricePerSessionCents),
    packagePrice: centsToText(draft.packagePriceCents),
    currency: draft.currency,
    noteToClient: draft.noteToClient,
  };
}

export function centsToText(cents: number): string {
  return (cents / 100).toFixed(2);
}

/** "299", "299.00", "$1,299.5" → cents; NaN when it is not an amount. */
export function textToCents(text: string): number {
  const t = text.replace(/[$\s,]/g, "");
  if (!/^\d{1,7}(\.\d{1,2})?$/.test(t)) return Number.NaN;
  const [whole, frac = ""] = t.split(".");
  return Number(whole) * 100 + Number(frac.padEnd(2, "0"));
}

/** Millimetres as typed ("0,5" too); NaN when not a number. */
export function textToMm(text: string): number {
  const t = text.trim().replace(",", ".");
  return /^\d{0,2}(\.\d{1,3})?$/.test(t) && t !== "" && t !== "." ? Number(t) : Number.NaN;
}

const whole = (text: string) => (/^\s*\d{1,4}\s*$/.test(text) ? Number(text) : Number.NaN);

/**
 * The draft the form describes, as typed: numbers that are not numbers stay
 * NaN so the domain's validator names them, rather than this file deciding.
 */
export function draftFrom(v: PlanFormValues, fitzpatrickFromIntake: FitzpatrickType | null): PlanDraft {
  const zones = ZONE_IDS.filter((z) => v.zones[z]).map((zone) => {
    const f = v.zones[zone]!;
    const depthReason = (f.depthReason ?? "").replace(/\r\n/g, "\n").trim();
    // Only when given: a plan without reasons keeps the content (and hash) it always had.
    return {
      zone,
      indication: f.indication as IndicationId,
      depthMinMm: textToMm(f.depthMin),
      depthMaxMm: textToMm(f.depthMax),
      ...(depthReason ? { depthReason } : {}),
    };
  });
  const fitz = Number(v.fitzpatrick);
  const glogau = Number(v.glogau);
  return {
    assessment: {
      fitzpatrick: fitz >= 1 && fitz <= 6 ? (fitz as FitzpatrickType) : null,
      fitzpatrickFromIntake,
      glogau: glogau >= 1 && glogau <= 4 ? (glogau as GlogauType) : null,
      concerns: ZONE_IDS.filter((z) => v.zones[z]?.concern.trim()).map((zone) => ({ zone, note: v.zones[zone]!.concern.trim() })),
      notes: v.assessmentNotes.trim(),
    },
    zones,
    serviceId: v.serviceId,
    practitionerId: v.practitionerId || null,
    sessions: whole(v.sessions),
    intervalMinDays: whole(v.intervalMinDays),
    intervalMaxDays: whole(v.intervalMaxDays),
    numbingCream: v.numbingCream,
    numbing: v.numbingCream
      ? {
          productId: v.numbingProductId,
          // Only areas still in the plan: unticking a zone takes it out of the numbed areas too.
          zones: v.numbingZones.filter((z) => v.zones[z]),
          overMaximumReason: v.numbingReason.trim(),
        }
      : null,
    glideId: v.glideId,
    productIds: v.productIds,
    pricePerSessionCents: textToCents(v.pricePerSession),
    packagePriceCents: textToCents(v.packagePrice),
    currency: v.currency,
    noteToClient: v.noteToClient.trim(),
  };
}

const DRAFT_FIELD_TO_FORM: Record<string, string> = {
  depthMinMm: "depthMin",
  depthMaxMm: "depthMax",
  depthReason: "depthReason",
  indication: "indication",
  pricePerSessionCents: "pricePerSession",
  packagePriceCents: "packagePrice",
};

const NUMBING_FIELD_TO_FORM: Record<string, string> = {
  productId: "numbingProductId",
  zones: "numbingZones",
  overMaximumReason: "numbingReason",
};

/** Violations keyed by the form field they belong to; several on one field are joined. */
export function formErrors(draft: PlanDraft, violations: readonly PlanViolation[]): Record<string, string> {
  const errors: Record<string, string> = {};
  const add = (key: string, message: string) => (errors[key] = errors[key] ? `${errors[key]} ${message}` : message);
  for (const v of violations) {
    const parts = v.field.split(".");
    if (parts[0] === "zones" && parts.length >= 3) {
      const zone = draft.zones[Number(parts[1])]?.zone;
      add(zone ? `${DRAFT_FIELD_TO_FORM[parts[2]!] ?? parts[2]}-${zone}` : "zone", message(v));
    } else if (parts[0] === "zones") add("zone", message(v));
    else if (parts[0] === "assessment") add(parts[parts.length - 1] === "fitzpatrick" ? "fitzpatrick" : "assessmentNotes", message(v));
    else if (parts[0] === "numbing") add(NUMBING_FIELD_TO_FORM[parts[1] ?? ""] ?? "numbingProductId", message(v));
    else add(DRAFT_FIELD_TO_FORM[parts[0]!] ?? parts[0]!, message(v));
  }
  return errors;
}

/** The message with the rule that refused it, so the person knows which limit it was. */
function message(v: PlanViolation): string {
  return `${v.message} (rule ${v.rule})`;
}

/**
 * The plan's depths that carry a reason (chosen outside the depth table's band),
 * as the plan page, the client's portal and the PDF list them.
 */
export function depthReasonsOf(
  draft: Pick<PlanDraft, "zones">,
): { zone: ZoneId; depthMinMm: number; depthMaxMm: number; reason: string }[] {
  return draft.zones
    .filter((z) => typeof z.depthReason === "string" && z.depthReason.trim() !== "")
    .map((z) => ({ zone: z.zone, depthMinMm: z.depthMinMm, depthMaxMm: z.depthMaxMm, reason: z.depthReason!.trim() }));
}
