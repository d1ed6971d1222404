import type { Temporal } from "temporal-polyfill";
import { addPeriod, ageOn, isAfter, periodIso, plainDate, type Period } from "./dates.ts";
import { sha256Hex } from "./sha256.ts";
import {
  REASON_OUTCOMES,
  type Area,
  type Condition,
  type FitzpatrickType,
  type NormalizedIntake,
  type PlainDate,
  type Procedure,
  type ReasonOutcome,
  type SkinCondition,
} from "./types.ts";

// The default screening rules, one row per ruleId of the contract's table and in
// its order (which is also the tie order of reasons with the same outcome). The
// defaults follow the clinic's published policy where it is explicit, and the
// clinical reference elsewhere; each row cites both. Citation keys are anchors
// on docs/clinical/README.md: `ref-N` for reference [N], `clinic-N` for item N
// of the clinic's own list of who should not be treated.

export type { Period } from "./dates.ts";

/**
 * Bump when what a rule *means* changes in code (a predicate, date arithmetic,
 * area matching). Data changes — outcomes, periods, wording, citations — change
 * rulesVersion on their own.
 */
export const ENGINE_SEMANTICS = "dermaplan-screening/1";

/** Age on the treatment date below which the `minor` rule fires. */
export const ADULT_AGE = 18;

/** Written in messages of dated rules; the engine replaces it with the effective period ("6 months"). */
export const PERIOD_SLOT = "{period}";

export const RULE_IDS = [
  "bleeding-disorder",
  "anticoagulant",
  "keloid-history",
  "metal-allergy",
  "autoimmune",
  "diabetes-uncontrolled",
  "immunosuppression",
  "cancer-treatment",
  "suspicious-lesion",
  "minor",
  "pregnancy",
  "breastfeeding",
  "isotretinoin",
  "active-infection",
  "active-acne",
  "cold-sore",
  "inflammatory-flare",
  "sunburn",
  "recent-chemical-peel",
  "recent-laser",
  "recent-neurotoxin",
  "recent-filler",
  "recent-microneedling",
  "topical-retinoid",
  "topical-retinoid-pause",
  "diabetes-controlled",
  "hsv-history",
  "anaesthetic-allergy",
  "darker-phototype",
  "expectations",
  // Additions (December 2026): questions the intake did not ask. Appended, so
  // the tie order of the rules above is unchanged.
  "radiation-therapy",
  "hypertrophic-scars",
  "vitiligo",
  "lichen-planus",
  "collagen-vascular",
  "solar-keratosis",
  "permanent-filler-or-threads",
  "raised-mole-or-wart",
  "tan",
  "recent-surgery-or-trauma",
  "recent-hair-removal",
  "otc-blood-thinner",
] as const;
export type RuleId = (typeof RULE_IDS)[number];

/**
 * What the intake shows for a rule. `ongoing`: the rule applies as of any date
 * (a condition, current isotretinoin). `since`: the rule applies for the rule's
 * period after each of these dates; it fires while the latest end is after asOf.
 */
export type Evidence =
  | { readonly kind: "ongoing" }
  | {
      readonly kind: "since";
      readonly dates: readonly PlainDate[];
      /** First allowed days the rule worked out itself, where the context sets the wait (a signed plan's interval). */
      readonly ends?: readonly PlainDate[];
    };

/**
 * What the booking gate and the day-of check know from the clinic's own
 * records. Not part of the Intake contract: the self-check and a stored
 * intake are screened without it.
 */
export interface ClinicFacts {
  /** The clinic's last completed treatment session on or before asOf. */
  readonly lastSession: PlainDate | null;
  /**
   * The day screened is a session of a signed plan, and `lastSession` was a
   * session of that same plan: the plan's minimum interval in days, which
   * governs the wait after it (the series planner enforces the window).
   */
  readonly planIntervalMinDays: number | null;
}

export const NO_CLINIC_FACTS: ClinicFacts = Object.freeze({ lastSession: null, planIntervalMinDays: null });

export interface RuleContext {
  readonly asOf: Temporal.PlainDate;
  readonly clinic: ClinicFacts;
  /** Given, or scored from the answers. */
  readonly fitzpatrickType: FitzpatrickType | null;
  /** The effective period of another rule (overrides applied). */
  periodOf(id: RuleId): Period | null;
}

export interface Rule {
  readonly id: RuleId;
  readonly outcome: ReasonOutcome;
  /** Non-null exactly for dated rules: the wait after the evidence's date. */
  readonly period: Period | null;
  readonly clientMessage: string;
  readonly staffNote: string;
  readonly citations: readonly string[];
  /** Null when the rule does not apply to this intake. */
  readonly evidence: (intake: NormalizedIntake, ctx: RuleContext) => Evidence | null;
}

// ---- predicates shared by several rows -------------------------------------

const ONGOING: Evidence = Object.freeze({ kind: "ongoing" });

const ongoingIf = (applies: boolean): Evidence | null => (applies ? ONGOING : null);

const since = (dates: readonly PlainDate[]): Evidence | null => (dates.length > 0 ? { kind: "since", dates } : null);

const hasCondition = (intake: NormalizedIntake, ...conditions: Condition[]) => conditions.some((c) => intake.conditions.includes(c));

/** Absent areas mean everywhere; otherwise at least one area must be treated. */
export function touchesTreatment(areas: readonly Area[] | null, treatmentAreas: readonly Area[]): boolean {
  return areas === null || areas.some((a) => treatmentAreas.includes(a));
}

/** Where a skin finding is assumed to be when the person did not say. */
const DEFAULT_AREAS: Partial<Record<SkinCondition, readonly Area[]>> = { "cold-sore": ["face"] };

function skinFindingInTreatment(intake: NormalizedIntake, ...types: SkinCondition[]): boolean {
  return intake.skinConditions.some(
    (s) => types.includes(s.type) && touchesTreatment(s.areas ?? DEFAULT_AREAS[s.type] ?? null, intake.treatmentAreas),
  );
}

function procedureDatesInTreatment(intake: NormalizedIntake, ...types: Procedure[]): PlainDate[] {
  return intake.recentProcedures
    .filter((p) => types.includes(p.type) && touchesTreatment(p.areas, intake.treatmentAreas))
    .map((p) => p.date);
}

/**
 * Microneedling reported in a treated area, and the clinic's own last session
 * (its areas are not recorded, so it counts everywhere). For a session of a
 * signed plan after that plan's own last session, the plan's minimum interval
 * governs the wait when it is shorter; reported dates on or before that
 * session are covered by it (it is the later needling, and was itself gated).
 */
function recentMicroneedling(intake: NormalizedIntake, ctx: RuleContext): Evidence | null {
  const reported = procedureDatesInTreatment(intake, "microneedling");
  const last = ctx.clinic.lastSession;
  if (last === null) return since(reported);
  const planDays = ctx.clinic.planIntervalMinDays;
  if (planDays === null) return since([...reported, last]);
  const byPlan = addPeriod(plainDate(last), { days: planDays });
  const own = ctx.periodOf("recent-microneedling");
  const byRule = own ? addPeriod(plainDate(last), own) : byPlan;
  const end = isAfter(byPlan, byRule) ? byRule : byPlan;
  return { kind: "since", dates: reported.filter((d) => d > last), ends: [end.toString()] };
}

// ---- the table ---------------------------------------------------------------

const rule = (r: Rule): Rule => Object.freeze({ ...r, citations: Object.freeze([...r.citations]) });

export const DEFAULT_RULES: readonly Rule[] = Object.freeze([
  rule({
    id: "bleeding-disorder",
    outcome: "not-suitable",
    period: null,
    clientMessage:
      "Because you have a condition that affects how your blood clots, microneedling isn't a safe choice for you. We'd be glad to talk about other treatments that could suit you.",
    staffNote:
      "Bleeding disorder. Haemorrhagic or haemostatic dysfunction is a contraindication in the device labelling (secondary copy, ⚠) [ref-37]; the clinic's policy is to avoid treatment [clinic-2].",
    citations: ["clinic-2", "ref-37"],
    evidence: (i) => ongoingIf(hasCondition(i, "bleeding-disorder")),
  }),
  rule({
    id: "anticoagulant",
    outcome: "not-suitable",
    period: null,
    clientMessage:
      "Microneedling isn't a good fit while you take a blood thinner, because the tiny channels it makes could bleed more than they should. Please keep taking your medicine exactly as prescribed. We'd be glad to suggest other treatments.",
    staffNote:
      "Anticoagulant or antiplatelet therapy. The clinic avoids treatment on blood thinners [clinic-2]. The reference rates this as relative (prescriber clearance); the acne-scar RCT excluded anticoagulated patients [ref-3]. Never advise a client to stop or pause the drug.",
    citations: ["clinic-2", "ref-3"],
    evidence: (i) => ongoingIf(i.medications.anticoagulant),
  }),
  rule({
    id: "keloid-history",
    outcome: "not-suitable",
    period: null,
    clientMessage:
      "Because your skin has formed raised, thickened scars (keloids) before, microneedling could cause new ones. We'd be glad to suggest gentler options.",
    staffNote:
      "History of keloid scarring. The clinic avoids treatment [clinic-6]. Keloid history was an exclusion in the acne-scar RCT [ref-3]; a skin-of-colour chapter treats it as a relative contraindication [ref-54].",
    citations: ["clinic-6", "ref-3", "ref-54"],
    evidence: (i) => ongoingIf(hasCondition(i, "keloid-history")),
  }),
  rule({
    id: "metal-allergy",
    outcome: "not-suitable",
    period: null,
    clientMessage:
      "The treatment needles are made of metal, so with your metal allergy microneedling isn't a good fit. We'd be glad to suggest other treatments.",
    staffNote:
      "Metal (stainless steel, nickel) allergy. Contraindicated in the device labelling (⚠ secondary copy) [ref-37]; metal allergy is a named risk factor for adverse events [ref-20]. Medical 316L steel has about 10–14% nickel, though nickel spot tests on one brand's tips were negative [ref-58]. The clinic's policy is silent, so the labelling sets the default.",
    citations: ["ref-37", "ref-20", "ref-58"],
    evidence: (i) => ongoingIf(hasCondition(i, "metal-allergy")),
  }),
  rule({
    id: "autoimmune",
    outcome: "needs-review",
    period: null,
    clientMessage:
      "Because you have an autoimmune condition, a practitioner will look over your answers before we confirm this treatment. They may ask for a note from your doctor.",
    staffNote:
      "Autoimmune disease (lupus, scleroderma, other). The clinic may advise against treatment [clinic-3]; the manufacturer lists scleroderma (IND, ⚠ no peer-reviewed data) [ref-53]. Reference action: medical clearance.",
    citations: ["clinic-3", "ref-53"],
    evidence: (i) => ongoingIf(hasCondition(i, "autoimmune-lupus", "autoimmune-scleroderma", "autoimmune-other")),
  }),
  rule({
    id: "diabetes-uncontrolled",
    outcome: "needs-review",
    period: null,
    clientMessage:
      "When blood sugar isn't well controlled, skin can heal more slowly. A practitioner will look over your answers first and may ask for your doctor's go-ahead.",
    staffNote:
      "Uncontrolled diabetes: impaired wound healing and higher infection risk [clinic-4]. Reference action: medical clearance (⚠ clinic protocols only) [ref-52].",
    citations: ["clinic-4", "ref-52"],
    evidence: (i) => ongoingIf(hasCondition(i, "diabetes-uncontrolled")),
  }),
  rule({
    id: "immunosuppression",
    outcome: "needs-review",
    period: null,
    clientMessage:
      "A condition or medicine that lowers your immune defences can slow healing. A practitioner will look over your answers first and may ask for your doctor's go-ahead.",
    staffNote:
      "Immunosuppression, by condition or medication. Medicines that slow healing call for caution under the clinic's policy [clinic-8]; reference action: medical clearance (⚠ clinic protocols only) [ref-52].",
    citations: ["clinic-8", "ref-52"],
    evidence: (i) => ongoingIf(hasCondition(i, "immunosuppression") || i.medications.immunosuppressant),
  }),
  rule({
    id: "cancer-treatment",
    outcome: "needs-review",
    period: null,
    clientMessage:
      "Because you've had cancer treatment in the past year, a practitioner will talk with you before we confirm this treatment. They may ask for your doctor's go-ahead.",
    staffNote:
      "Chemotherapy or radiation in the last 12 months (the intake's window, a clinic default). Reference action: medical clearance (⚠ clinic protocols only) [ref-52].",
    citations: ["ref-52"],
    evidence: (i) => ongoingIf(hasCondition(i, "cancer-treatment-last-12-months")),
  }),
  rule({
    id: "suspicious-lesion",
    outcome: "needs-review",
    period: null,
    clientMessage:
      "You mentioned a spot or mole that has changed or looks unusual where you'd like treatment. We never treat over a spot like that, so a practitioner will take a look first and may suggest you show it to your doctor.",
    staffNote:
      "Suspicious lesion in a treatment area. Active skin cancer or a suspicious lesion in the area is a labelled contraindication (⚠ secondary copy) [ref-37]: do not treat over it; refer for medical assessment before deciding on the area.",
    citations: ["ref-37"],
    evidence: (i) => ongoingIf(skinFindingInTreatment(i, "suspicious-lesion")),
  }),
  rule({
    id: "minor",
    outcome: "needs-review",
    period: null,
    clientMessage:
      "Because you're under 18, a practitioner will talk with you, and a parent or guardian where needed, before a treatment is booked.",
    staffNote:
      "Client under 18 on the treatment date: clinic default, review consent and suitability. For comparison, the FDA-authorized microneedling indications are for people 22 and older [ref-34].",
    citations: ["ref-34"],
    evidence: (i, ctx) => {
      if (i.birthDate === null) return null;
      return ongoingIf(ageOn(plainDate(i.birthDate), ctx.asOf) < ADULT_AGE);
    },
  }),
  rule({
    id: "pregnancy",
    outcome: "deferred",
    period: null,
    clientMessage:
      "Microneedling isn't recommended during pregnancy: it hasn't been studied in pregnancy, and some numbing creams and serums used with it aren't advised. We'd love to see you after your pregnancy; just update your answers then.",
    staffNote:
      "Pregnancy: not recommended by the clinic [clinic-5]; a labelled contraindication with no safety data [ref-37]. The device manual names pregnancy only as a reason to leave out numbing cream [ref-53]. Deferred until the client reports they are no longer pregnant.",
    citations: ["clinic-5", "ref-37", "ref-53"],
    evidence: (i) => ongoingIf(hasCondition(i, "pregnant")),
  }),
  rule({
    id: "breastfeeding",
    outcome: "deferred",
    period: null,
    clientMessage:
      "We recommend waiting until you've finished breastfeeding, because some numbing creams and serums used with the treatment aren't advised while nursing. Just update your answers when you're ready.",
    staffNote:
      "Breastfeeding: not recommended by the clinic [clinic-5]; labelling groups it with pregnancy, with no safety data [ref-37]. The device manual names it only as a reason to leave out numbing cream [ref-53]. Deferred until the client reports they have stopped.",
    citations: ["clinic-5", "ref-37", "ref-53"],
    evidence: (i) => ongoingIf(hasCondition(i, "breastfeeding")),
  }),
  rule({
    id: "isotretinoin",
    outcome: "deferred",
    period: { months: 6 },
    clientMessage:
      "Isotretinoin (for example Accutane, Epuris or Clarus) changes how your skin heals, so we ask you to wait {period} after your last dose before microneedling. Please don't change your prescription for this; we'll be happy to see you when the time comes.",
    staffNote:
      "Oral isotretinoin, current or stopped less than {period} before the treatment date. Clinic policy: at least six months after stopping [clinic-8]; current use is contraindicated in the device labelling [ref-37]. Evidence for delaying non-ablative procedures is limited and the consensus abstracts do not name microneedling (⚠) [ref-25][ref-26]; the acne-scar RCT excluded oral retinoids within 12 months [ref-3].",
    citations: ["clinic-8", "ref-37", "ref-25", "ref-26", "ref-3"],
    evidence: (i) => {
      const use = i.medications.isotretinoin;
      if (use === null) return null;
      return use.status === "current" ? ONGOING : since([use.stoppedOn]);
    },
  }),
  rule({
    id: "active-infection",
    outcome: "deferred",
    period: null,
    clientMessage:
      "An infection, open wound or sore where you'd like treatment needs to heal first, so the treatment doesn't spread it or slow your healing. Once it has fully healed, update your answers and we'll find you a time.",
    staffNote:
      "Active infection (bacterial, viral, fungal) or open wound in a treatment area: defer until healed [clinic-1]. Risk of spreading infection; active infection is a named risk factor for adverse events [ref-20][ref-37][ref-53].",
    citations: ["clinic-1", "ref-20", "ref-37", "ref-53"],
    evidence: (i) => ongoingIf(skinFindingInTreatment(i, "infection", "open-wound")),
  }),
  rule({
    id: "active-acne",
    outcome: "deferred",
    period: null,
    clientMessage:
      "Active breakouts where you'd like treatment need to settle first, since needling over them can spread bacteria and irritate your skin. Once your skin has calmed down, update your answers and we'll find you a time.",
    staffNote:
      "Active acne breakout in a treatment area: defer until controlled [clinic-1]. Trials excluded active skin disease other than mild acne, and severe or cystic acne [ref-3][ref-36].",
    citations: ["clinic-1", "ref-3", "ref-36"],
    evidence: (i) => ongoingIf(skinFindingInTreatment(i, "acne-breakout")),
  }),
  rule({
    id: "cold-sore",
    outcome: "deferred",
    period: null,
    clientMessage:
      "Please wait until your cold sore has completely healed, because treating near it could spread it. Once it's gone, update your answers (and let us know you get cold sores) and we'll find you a time.",
    staffNote:
      "Active herpes simplex lesion in a treatment area (assumed on the face when no area is given): defer until healed [clinic-1][ref-20]. Trauma can reactivate HSV; afterwards the hsv-history precaution applies [ref-30][ref-31].",
    citations: ["clinic-1", "ref-20", "ref-30", "ref-31"],
    evidence: (i) => ongoingIf(skinFindingInTreatment(i, "cold-sore")),
  }),
  rule({
    id: "inflammatory-flare",
    outcome: "deferred",
    period: null,
    clientMessage:
      "A flare of eczema, psoriasis or rosacea where you'd like treatment needs to calm down first, because the treatment could make it worse. Once it has settled, update your answers and we'll find you a time.",
    staffNote:
      "Eczema, psoriasis or rosacea flare in a treatment area: defer until quiescent [clinic-1]. Eczema and psoriasis rest on the clinic's policy alone; the device manual asks for a doctor's consent with rosacea (IND, ⚠ no peer-reviewed data) [ref-53].",
    citations: ["clinic-1", "ref-53"],
    evidence: (i) => ongoingIf(skinFindingInTreatment(i, "eczema-flare", "psoriasis-flare", "rosacea-flare")),
  }),
  rule({
    id: "sunburn",
    outcome: "deferred",
    period: null,
    clientMessage:
      "Sunburned or irritated skin needs to recover before treatment. Once your skin feels back to normal, update your answers and we'll find you a time.",
    staffNote:
      "Sunburn, recent tanning or irritation in a treatment area: defer until recovered [clinic-9]. Avoid recently sun-exposed skin; risk of post-inflammatory hyperpigmentation [ref-56][ref-54].",
    citations: ["clinic-9", "ref-56", "ref-54"],
    evidence: (i) => ongoingIf(skinFindingInTreatment(i, "sunburn", "irritation")),
  }),
  rule({
    id: "recent-chemical-peel",
    outcome: "deferred",
    period: { days: 14 },
    clientMessage:
      "Your skin needs time to recover after a chemical peel, so we ask you to wait {period} after the peel before microneedling the same area.",
    staffNote:
      "Chemical peel in a treatment area less than {period} before: barrier not yet restored. No peer-reviewed interval (⚠); clinic protocols use 2–4 weeks [ref-52]. The provider sets the wait under the clinic's policy [clinic-7].",
    citations: ["clinic-7", "ref-52"],
    evidence: (i) => since(procedureDatesInTreatment(i, "chemical-peel")),
  }),
  rule({
    id: "recent-laser",
    outcome: "deferred",
    period: { days: 28 },
    clientMessage:
      "Your skin needs time to recover after a laser or light (IPL) treatment, so we ask you to wait {period} after it before microneedling the same area.",
    staffNote:
      "Laser or IPL in a treatment area less than {period} before: barrier not yet restored. No peer-reviewed interval (⚠); clinic protocols use 2–4 weeks [ref-52]. The provider sets the wait under the clinic's policy [clinic-7].",
    citations: ["clinic-7", "ref-52"],
    evidence: (i) => since(procedureDatesInTreatment(i, "laser", "ipl")),
  }),
  rule({
    id: "recent-neurotoxin",
    outcome: "deferred",
    period: { days: 14 },
    clientMessage:
      "After anti-wrinkle injections (such as Botox), we ask you to wait {period} before microneedling the same area, so the injections can settle where they were placed.",
    staffNote:
      "Neurotoxin in a treatment area less than {period} before: theoretical product migration. No peer-reviewed interval (⚠); clinic protocols use about two weeks before and after [ref-52]. The provider sets the wait under the clinic's policy [clinic-7].",
    citations: ["clinic-7", "ref-52"],
    evidence: (i) => since(procedureDatesInTreatment(i, "neurotoxin")),
  }),
  rule({
    id: "recent-filler",
    outcome: "deferred",
    period: { days: 28 },
    clientMessage:
      "After dermal filler injections, we ask you to wait {period} before microneedling the same area, so the filler can settle and the area can heal well.",
    staffNote:
      "Dermal filler in a treatment area less than {period} before: theoretical infection or displacement. Clinic protocols use 2–4 weeks [ref-52]; the acne-scar RCT excluded filler within 6 months [ref-3]. The provider sets the wait under the clinic's policy [clinic-7].",
    citations: ["clinic-7", "ref-52", "ref-3"],
    evidence: (i) => since(procedureDatesInTreatment(i, "dermal-filler")),
  }),
  rule({
    id: "recent-microneedling",
    outcome: "deferred",
    period: { days: 28 },
    clientMessage: "Your skin keeps rebuilding for weeks after microneedling, so we leave {period} between sessions on the same area.",
    staffNote:
      "Microneedling in a treatment area less than {period} before. Sessions are usually repeated every 2–4 weeks [ref-19][ref-18]; acne-scar studies spaced them a median of about 4 weeks apart [ref-2].",
    citations: ["ref-19", "ref-18", "ref-2"],
    evidence: recentMicroneedling,
  }),
  rule({
    id: "topical-retinoid",
    outcome: "deferred",
    period: { days: 3 },
    clientMessage:
      "Retinoid creams (such as retinol or tretinoin) make your skin more sensitive. Please stop using yours; we can treat you once {period} have passed since you last used it.",
    staffNote:
      "Topical retinoid used less than {period} before the treatment date: irritation risk. Clinic protocols hold retinoids and AHAs for 24 hours to a week before (varies; clinic protocols only) [ref-52].",
    citations: ["ref-52"],
    evidence: (i) => {
      const last = i.medications.topicalRetinoidLastUsed;
      return last === null ? null : since([last]);
    },
  }),
  rule({
    id: "topical-retinoid-pause",
    outcome: "suitable-with-precautions",
    period: null,
    clientMessage:
      "Please don't use your retinoid cream (such as retinol or tretinoin) in the days before your treatment, and wait for your practitioner's go-ahead before starting it again afterwards, usually about a week.",
    staffNote:
      "Topical retinoid user whose last use is outside the topical-retinoid hold. Remind the client to keep holding it until treatment and to avoid retinoids and AHAs/BHAs for about days 1–6 afterwards (clinic protocols only) [ref-52].",
    citations: ["ref-52"],
    // The complement of `topical-retinoid`, whatever its effective period is.
    evidence: (i, ctx) => {
      const last = i.medications.topicalRetinoidLastUsed;
      const hold = ctx.periodOf("topical-retinoid");
      if (last === null || hold === null) return null;
      return ongoingIf(!isAfter(addPeriod(plainDate(last), hold), ctx.asOf));
    },
  }),
  rule({
    id: "diabetes-controlled",
    outcome: "suitable-with-precautions",
    period: null,
    clientMessage:
      "Because you have diabetes, your practitioner will take extra care with hygiene and check how your skin heals between sessions. Keeping your blood sugar steady helps you heal well.",
    staffNote:
      "Controlled diabetes: proceed with strict asepsis and check healing before the next session. Wound-healing rationale from clinic protocols only (⚠) [ref-52].",
    citations: ["ref-52"],
    evidence: (i) => ongoingIf(hasCondition(i, "diabetes-controlled")),
  }),
  rule({
    id: "hsv-history",
    outcome: "suitable-with-precautions",
    period: null,
    clientMessage:
      "Because you've had cold sores, treatment on your face can sometimes bring one on. Please talk with your doctor before your appointment; they may suggest a medicine to help prevent one.",
    staffNote:
      "History of HSV and the face is treated: needling trauma can reactivate HSV. A prescriber decides on antiviral prophylaxis; the evidence is extrapolated from resurfacing, where valacyclovir 500 mg twice daily, begun the day before or the day of the procedure, prevented reactivation [ref-30][ref-31].",
    citations: ["ref-30", "ref-31"],
    evidence: (i) =>
      ongoingIf(hasCondition(i, "hsv-history") && i.treatmentAreas.includes("face") && !skinFindingInTreatment(i, "cold-sore")),
  }),
  rule({
    id: "anaesthetic-allergy",
    outcome: "suitable-with-precautions",
    period: null,
    clientMessage:
      "Because you're allergic to numbing medicine, we won't use a numbing cream. Your practitioner will explain how the treatment feels and how we'll keep you comfortable.",
    staffNote:
      "Allergy to local anaesthetic: no topical anaesthetic; confirm the agent before the session. The labelling lists anaesthetic allergy as a contraindication (⚠ secondary copy) [ref-37], read here as a contraindication to the numbing cream rather than to needling; a clinic that reads it otherwise can override to needs-review. FDA advisories on topical anaesthetics [ref-38].",
    citations: ["ref-37", "ref-38"],
    evidence: (i) => ongoingIf(hasCondition(i, "anaesthetic-allergy")),
  }),
  rule({
    id: "darker-phototype",
    outcome: "suitable-with-precautions",
    period: null,
    clientMessage:
      "Your skin type is more likely to get temporary dark marks after treatment. Your practitioner will choose gentle settings and may suggest a small test area first; daily sunscreen afterwards helps a lot.",
    staffNote:
      "Fitzpatrick type IV–VI: post-inflammatory hyperpigmentation is the main risk [ref-20]; PIH and tram-track scarring were reported in type IV–V acne-scar patients [ref-4]. Microneedling may be safer than conventional resurfacing in darker skin [ref-21][ref-54]. Conservative depth, test spot, photoprotection. Scored types use the 10-item questionnaire bands [ref-41][ref-42]; self-reported phototype is imperfect [ref-57].",
    citations: ["ref-20", "ref-4", "ref-21", "ref-54", "ref-41", "ref-42", "ref-57"],
    evidence: (_i, ctx) => ongoingIf(ctx.fitzpatrickType !== null && ctx.fitzpatrickType >= 4),
  }),
  rule({
    id: "expectations",
    outcome: "suitable-with-precautions",
    period: null,
    clientMessage:
      "Microneedling can soften lines and scars and improve your skin's texture, but it won't make deep wrinkles or severe scars disappear completely. At your consultation we'll talk about the results you can expect.",
    staffNote:
      "Client expects deep wrinkles or severe scars to disappear entirely. Set and record realistic goals at the consultation [clinic-10].",
    citations: ["clinic-10"],
    evidence: (i) => ongoingIf(i.expectsCompleteRemoval),
  }),
  // ---- Additions (December 2026) ----------------------------------------------
  // Where the reference has no row, the staff note says so and cites the nearest
  // row it rests on; docs/screening.md marks those defaults CLIN/⚠.
  rule({
    id: "radiation-therapy",
    outcome: "needs-review",
    period: null,
    clientMessage:
      "Because you've had radiation therapy where you'd like treatment, a practitioner will look over your answers before we confirm this treatment. Skin that has had radiation can heal differently, even years later, so they may ask for your doctor's go-ahead.",
    staffNote:
      "Radiation therapy to a treatment area, at any time however long ago (irradiated skin may heal poorly). Reference action for radiation: medical clearance (⚠ clinic protocols only) [ref-52]. The reference gives no time limit; the any-time window is a clinic default. Chemotherapy or radiation in the last 12 months anywhere is also the cancer-treatment rule.",
    citations: ["ref-52"],
    evidence: (i) => ongoingIf(procedureDatesInTreatment(i, "radiation-therapy").length > 0),
  }),
  rule({
    id: "hypertrophic-scars",
    outcome: "needs-review",
    period: null,
    clientMessage:
      "Because your skin has formed raised, thickened scars before, a practitioner will look over your answers and your skin before we confirm this treatment.",
    staffNote:
      "History of hypertrophic scarring. The reference rates keloid or hypertrophic-scar history as relative, action clinician review: excluded in the acne-scar RCT [ref-3]; a skin-of-colour chapter calls it a relative contraindication [ref-54]. The clinic's explicit no-treatment policy covers keloids only (keloid-history).",
    citations: ["ref-3", "ref-54"],
    evidence: (i) => ongoingIf(hasCondition(i, "hypertrophic-scars")),
  }),
  rule({
    id: "vitiligo",
    outcome: "needs-review",
    period: null,
    clientMessage:
      "Because you have vitiligo, a practitioner will look over your answers before we confirm this treatment, since small injuries to the skin can sometimes bring on new patches.",
    staffNote:
      "Vitiligo: needling trauma may provoke new depigmented patches (Koebner response). ⚠ The reference has no row for vitiligo: this review is a clinic default. Nearest support: trials excluded active skin disease [ref-3]; the reference's action for autoimmune disease is medical clearance (IND) [ref-53].",
    citations: ["ref-3", "ref-53"],
    evidence: (i) => ongoingIf(hasCondition(i, "vitiligo")),
  }),
  rule({
    id: "lichen-planus",
    outcome: "needs-review",
    period: null,
    clientMessage:
      "Because you have lichen planus, a practitioner will look over your answers before we confirm this treatment, since small injuries to the skin can sometimes bring on a new rash.",
    staffNote:
      "Lichen planus: needling trauma may provoke new lesions (Koebner response). ⚠ The reference has no row for lichen planus: this review is a clinic default. Nearest support: trials excluded active skin disease [ref-3].",
    citations: ["ref-3"],
    evidence: (i) => ongoingIf(hasCondition(i, "lichen-planus")),
  }),
  rule({
    id: "collagen-vascular",
    outcome: "needs-review",
    period: null,
    clientMessage:
      "Because you have a connective tissue condition, a practitioner will look over your answers before we confirm this treatment. They may ask for a note from your doctor.",
    staffNote:
      "Collagen vascular disease other than scleroderma (for example dermatomyositis or mixed connective tissue disease; scleroderma and lupus are the autoimmune rule). Reference: autoimmune disease, scleroderma or collagen vascular disease is relative, action medical clearance; the manufacturer lists scleroderma (IND, ⚠ no peer-reviewed data) [ref-53].",
    citations: ["ref-53"],
    evidence: (i) => ongoingIf(hasCondition(i, "collagen-vascular-other")),
  }),
  rule({
    id: "solar-keratosis",
    outcome: "needs-review",
    period: null,
    clientMessage:
      "You mentioned rough, scaly sun spots where you'd like treatment. A practitioner will take a look first and may suggest you show them to your doctor before we treat that area.",
    staffNote:
      "Solar (actinic) keratoses in a treatment area: a precancerous lesion. ⚠ The reference has no row for them; nearest row: active skin cancer or a suspicious lesion in the area is a labelled contraindication, refer (⚠ secondary copy) [ref-37]. Review and referral are a clinic default; do not needle over the lesions.",
    citations: ["ref-37"],
    evidence: (i) => ongoingIf(skinFindingInTreatment(i, "solar-keratosis")),
  }),
  rule({
    id: "permanent-filler-or-threads",
    outcome: "needs-review",
    period: null,
    clientMessage:
      "Because you've had permanent filler or threads where you'd like treatment, a practitioner will look over your answers and the area before we confirm this treatment.",
    staffNote:
      "Permanent (non-resorbable) filler or threads in a treatment area, at any time. ⚠ The reference covers only dermal filler (clinics wait 2–4 weeks; the acne-scar RCT excluded filler within 6 months) [ref-3]; infection or displacement of an implant is theoretical. Review is a clinic default: locate the product and keep needles clear of it.",
    citations: ["ref-3"],
    evidence: (i) => ongoingIf(procedureDatesInTreatment(i, "permanent-filler", "threads").length > 0),
  }),
  rule({
    id: "raised-mole-or-wart",
    outcome: "needs-review",
    period: null,
    clientMessage:
      "You mentioned a raised mole or a wart where you'd like treatment. A practitioner will take a look first: we treat around a mole, and a wart needs to clear before we treat that area.",
    staffNote:
      "Raised mole or wart in a treatment area. The review proposed a precaution (needle around it), but the reference lists warts as an active infection in the area: absolute, defer [ref-20][ref-37][ref-53]. As one answer covers both, the default is a review: a benign raised mole → proceed, needling around it (clinic default, ⚠ no source); a wart → record it as an infection (deferred until resolved); anything changing → suspicious lesion.",
    citations: ["ref-20", "ref-37", "ref-53"],
    evidence: (i) => ongoingIf(skinFindingInTreatment(i, "raised-mole-or-wart")),
  }),
  rule({
    id: "tan",
    outcome: "deferred",
    period: null,
    clientMessage:
      "Tanned skin is more likely to get dark marks after treatment, so we ask you to wait until your tan has faded. Once it has, update your answers and we'll find you a time.",
    staffNote:
      "Tan (sun, sunbed) in a treatment area: defer until it has faded. Reference: sunburn or recent tanning, defer until resolved; avoid recently sun-exposed skin, risk of post-inflammatory hyperpigmentation (book chapters) [ref-56][ref-54]. Self-tan products are not a tan.",
    citations: ["ref-56", "ref-54"],
    evidence: (i) => ongoingIf(skinFindingInTreatment(i, "tan")),
  }),
  rule({
    id: "recent-surgery-or-trauma",
    outcome: "deferred",
    period: { months: 6 },
    clientMessage:
      "After surgery or an injury where you'd like treatment, the skin underneath keeps healing for months, so we ask you to wait {period} from then before microneedling that area.",
    staffNote:
      "Facial surgery or trauma in a treatment area less than {period} before. ⚠ The reference has no contraindication row for recent surgery or trauma: the wait is a clinic default (open wounds are the active-infection rule). Note: for treating a surgical scar, starting 6–7 weeks after surgery gave better results than starting at 13–16 weeks (PR) [ref-16], so the owner may shorten this wait.",
    citations: ["ref-16"],
    evidence: (i) => since(procedureDatesInTreatment(i, "facial-surgery", "trauma")),
  }),
  rule({
    id: "recent-hair-removal",
    outcome: "deferred",
    period: { days: 7 },
    clientMessage:
      "Waxing, electrolysis and hair-removal creams leave your skin sensitive for a few days, so we ask you to wait {period} after them before microneedling the same area.",
    staffNote:
      "Waxing, electrolysis or a depilatory cream in a treatment area less than {period} before: irritated, compromised barrier. ⚠ The reference has no row for hair removal: the wait is a clinic default, by analogy with its compromised-barrier rows (recent peel or laser: wait until healed; clinic protocols only) [ref-52].",
    citations: ["ref-52"],
    evidence: (i) => since(procedureDatesInTreatment(i, "waxing", "electrolysis", "depilatory")),
  }),
  rule({
    id: "otc-blood-thinner",
    outcome: "suitable-with-precautions",
    period: null,
    clientMessage:
      "Some pain relievers and supplements, such as ibuprofen, fish oil, vitamin E, ginkgo or garlic, can make you bruise or bleed a little more. Tell your practitioner what you take. Please don't stop any medicine your doctor prescribed.",
    staffNote:
      "Regular NSAIDs or blood-thinning supplements (fish oil, vitamin E, ginkgo, garlic): more pinpoint bleeding and bruising; lighter pressure, check haemostasis. Never advise stopping a prescribed medicine. ⚠ The reference covers only prescribed anticoagulants (relative; excluded in the acne-scar RCT) [ref-3]; this precaution is a clinic default.",
    citations: ["ref-3"],
    evidence: (i) => ongoingIf(i.medications.otcBloodThinner === true),
  }),
]);

// ---- overrides and the rules version ---------------------------------------

/** A clinic's change to one default row. Untrusted shape: `effectiveRules` checks it. */
export interface RuleOverride {
  readonly ruleId: string;
  readonly outcome?: ReasonOutcome;
  readonly period?: Period;
}

export interface EffectiveRules {
  /** In table order. */
  readonly rules: readonly Rule[];
  /** The overrides that produced these rules, in table order. */
  readonly overrides: readonly RuleOverride[];
  readonly version: string;
}

export interface FieldProblem {
  field: string;
  message: string;
}

/** Whole months up to ten years, or whole days up to ten years: anything longer is a typo, not a policy. */
export const MAX_PERIOD_MONTHS = 120;
export const MAX_PERIOD_DAYS = 3650;

export class RuleOverrideError extends Error {
  readonly errors: FieldProblem[];
  constructor(errors: FieldProblem[]) {
    super(`Invalid screening rule overrides: ${errors.map((e) => `${e.field}: ${e.message}`).join("; ")}`);
    this.name = "RuleOverrideError";
    this.errors = errors;
  }
}

const isWhole = (n: unknown, max: number): boolean => typeof n === "number" && Number.isInteger(n) && n >= 1 && n <= max;

/** Every problem with a list of overrides, with paths like `[2].period`; empty when they can be applied. */
export function overrideProblems(overrides: readonly RuleOverride[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  overrides.forEach((o, index) => {
    const at = `[${index}]`;
    const base = DEFAULT_RULES.find((r) => r.id === o.ruleId);
    if (base === undefined) {
      problems.push({ field: `${at}.ruleId`, message: `Not a screening rule. Use one of: ${RULE_IDS.join(", ")}.` });
      return;
    }
    if (seen.has(o.ruleId)) problems.push({ field: `${at}.ruleId`, message: "This rule is already overridden earlier in the list." });
    seen.add(o.ruleId);
    if (o.outcome === undefined && o.period === undefined) {
      problems.push({ field: at, message: "An override must change the outcome, the period, or both." });
    }
    if (o.outcome !== undefined && !(REASON_OUTCOMES as readonly string[]).includes(o.outcome)) {
      problems.push({ field: `${at}.outcome`, message: `Use one of: ${REASON_OUTCOMES.join(", ")}.` });
    }
    if (o.period !== undefined) {
      if (base.period === null) {
        problems.push({
          field: `${at}.period`,
          message: "This rule has no waiting period: it lasts until the condition is resolved. Change its outcome instead.",
        });
      } else if (!isPeriod(o.period)) {
        problems.push({
          field: `${at}.period`,
          message: `Give either whole months (1–${MAX_PERIOD_MONTHS}) or whole days (1–${MAX_PERIOD_DAYS}), e.g. { "months": 6 } or { "days": 14 }.`,
        });
      }
    }
  });
  return problems;
}

function isPeriod(p: unknown): p is Period {
  if (typeof p !== "object" || p === null) return false;
  const keys = Object.keys(p);
  if (keys.length !== 1) return false;
  if (keys[0] === "months") return isWhole((p as { months: unknown }).months, MAX_PERIOD_MONTHS);
  if (keys[0] === "days") return isWhole((p as { days: unknown }).days, MAX_PERIOD_DAYS);
  return false;
}

/** The defaults with a clinic's overrides applied. Throws RuleOverrideError listing every problem. */
export function effectiveRules(overrides: readonly RuleOverride[] = []): EffectiveRules {
  const problems = overrideProblems(overrides);
  if (problems.length > 0) throw new RuleOverrideError(problems);
  const byId = new Map(overrides.map((o) => [o.ruleId, o]));
  const rules = DEFAULT_RULES.map((base) => {
    const o = byId.get(base.id);
    if (o === undefined) return base;
    return rule({ ...base, outcome: o.outcome ?? base.outcome, period: o.period ?? base.period });
  });
  const ordered = RULE_IDS.flatMap((id) => {
    const o = byId.get(id);
    return o === undefined ? [] : [Object.freeze({ ...o })];
  });
  return Object.freeze({ rules: Object.freeze(rules), overrides: Object.freeze(ordered), version: rulesVersionOf(rules) });
}

/**
 * A short fingerprint of everything a rule set says: ids and their order,
 * outcomes, periods, both messages and citations, plus ENGINE_SEMANTICS. Equal
 * rule sets give equal versions on every machine; any difference changes it.
 */
export function rulesVersionOf(rules: readonly Rule[]): string {
  const canonical = JSON.stringify([
    ENGINE_SEMANTICS,
    rules.map((r) => [r.id, r.outcome, r.period === null ? null : periodIso(r.period), r.clientMessage, r.staffNote, [...r.citations]]),
  ]);
  return sha256Hex(canonical).slice(0, 12);
}

/** The defaults with no overrides. */
export const DEFAULT_RULE_SET: EffectiveRules = effectiveRules([]);
