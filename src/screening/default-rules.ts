// The default screening rules, one row per ruleId of the contract's table and in
// its order (which is also the tie order of reasons with the same outcome). The
// defaults follow the clinic's published policy where it is explicit, and the
// clinical reference elsewhere; each row cites both. Citation keys are anchors
// on docs/clinical/README.md: `ref-N` for reference [N], `clinic-N` for item N
// of the clinic's own list of who should not be treated.
import { addPeriod, ageOn, isAfter, plainDate } from "./dates.ts";
import { ADDITIONS_2026_12 } from "./default-rules-additions.ts";
import { hasCondition, ONGOING, ongoingIf, procedureDatesInTreatment, since, skinFindingInTreatment } from "./rule-evidence.ts";
import { rule, type Evidence, type Rule, type RuleContext } from "./rule-model.ts";
import type { NormalizedIntake } from "./types.ts";

/** Age on the treatment date below which the `minor` rule fires. */
export const ADULT_AGE = 18;

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
  ...ADDITIONS_2026_12,
]);
