// The rows of the contract's "Additions (December 2026)": questions the
// intake did not ask before. They come after the other rows (default-rules.ts),
// so the tie order of the rules before them is unchanged. Where the reference
// has no row, the staff note says so and cites the nearest row it rests on;
// docs/screening.md marks those defaults CLIN/⚠.
import { hasCondition, ongoingIf, procedureDatesInTreatment, since, skinFindingInTreatment } from "./rule-evidence.ts";
import { rule, type Rule } from "./rule-model.ts";

export const ADDITIONS_2026_12: readonly Rule[] = [
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
];
