// What each concern can be treated for, how many sessions and how far apart.
// The interval window is the plan's default; `minimumIntervalDays` is a floor
// the validator enforces ("interval.minimum"). Each floor is the shortest
// spacing a cited study used for that concern, or, where none was studied,
// the lower end of the general 2–4 weeks [ref-19][ref-18]. A clinic may plan
// sessions further apart, never closer.
// Citations are anchors on docs/clinical/README.md.

import type { EvidenceTag, IndicationId } from "./types.ts";
import { INDICATION_IDS } from "./types.ts";

export interface Indication {
  id: IndicationId;
  label: string;
  /** What it can do, honestly, for the client. */
  canAchieve: string;
  /** What it cannot do, just as plainly. */
  cannotAchieve: string;
  defaultSessions: number;
  /** Default days between sessions. */
  intervalMinDays: number;
  intervalMaxDays: number;
  /** Hard floor: sessions may not be planned closer than this. */
  minimumIntervalDays: number;
  /** What the sessions and interval rest on. */
  evidence: EvidenceTag;
  /** True when the protocol is the clinic's own default: shown as "clinic default — confirm". */
  clinicDefault: boolean;
  /**
   * A PR protocol resting on a study too small to settle it (⚠ low certainty):
   * it is then a clinic default too, as in the depth table.
   */
  uncertain?: true;
  citations: readonly string[];
  /** The protocol's sources in a sentence, for staff. */
  protocolNote: string;
  /** What the client can expect in the days after a session. */
  downtime: string;
}

const USUAL_DOWNTIME =
  "Redness like a mild to moderate sunburn, and sometimes slight swelling, which mostly settles within a day. Dryness or flaking can last up to a week.";

/**
 * The clinic's own protocol, where no study settles the sessions or their
 * spacing: three sessions within the usual 2–4 weeks [ref-19][ref-18].
 */
const CLINIC_PROTOCOL = {
  defaultSessions: 3,
  intervalMinDays: 28,
  intervalMaxDays: 42,
  minimumIntervalDays: 14,
  evidence: "CLIN",
  clinicDefault: true,
} as const satisfies Partial<Indication>;

function indication(i: Indication): Indication {
  return Object.freeze({ ...i, citations: Object.freeze([...i.citations]) });
}

export const INDICATIONS: Readonly<Record<IndicationId, Indication>> = Object.freeze({
  "acne-scars": indication({
    id: "acne-scars",
    label: "Acne scars",
    canAchieve: "Pitted acne scars become shallower and softer at the edges over a course of sessions, so the skin looks smoother.",
    cannotAchieve: "It won't erase acne scars: most improve only partly, and deep or severe scarring changes least.",
    defaultSessions: 3,
    intervalMinDays: 28,
    intervalMaxDays: 42,
    minimumIntervalDays: 14,
    evidence: "PR",
    clinicDefault: false,
    citations: ["ref-2", "ref-36", "ref-3", "ref-6"],
    protocolNote:
      "A review of needling-only studies found a median of 3 sessions about 4 weeks apart [ref-2]; the SkinPen study used 3 sessions 30 days apart [ref-36]. Trials spacing sessions two weeks apart [ref-3][ref-6] set the 14-day floor.",
    downtime: `${USUAL_DOWNTIME} Deeper settings can leave the skin pink for two or three days.`,
  }),
  "surgical-scars": indication({
    id: "surgical-scars",
    label: "Surgical scars",
    canAchieve:
      "A flat or slightly sunken surgical scar can blend better with the skin around it; starting within about two months of surgery gave better results than starting later.",
    cannotAchieve: "It won't make a scar disappear, and it is not used on raised or keloid scars.",
    ...CLINIC_PROTOCOL,
    citations: ["ref-16", "ref-19", "ref-18"],
    protocolNote:
      "Three treatments, with better results when started 6–7 weeks after surgery than at 13–16 weeks [ref-16]. The study's spacing was not retrieved, so the interval is the clinic's default within the usual 2–4 weeks [ref-19][ref-18].",
    downtime: USUAL_DOWNTIME,
  }),
  "fine-lines": indication({
    id: "fine-lines",
    label: "Fine lines and wrinkles",
    canAchieve: "Fine lines soften and the skin's texture improves as new collagen builds over the months after treatment.",
    cannotAchieve: "It won't erase deep wrinkles or folds that stay when the face is at rest.",
    defaultSessions: 4,
    intervalMinDays: 28,
    intervalMaxDays: 35,
    minimumIntervalDays: 14,
    evidence: "PR",
    clinicDefault: false,
    citations: ["ref-8", "ref-7", "ref-9"],
    protocolNote:
      "Four sessions 30 days apart improved wrinkles [ref-8], as did four monthly sessions on the neck [ref-9]; a trial of six sessions two weeks apart [ref-7] sets the 14-day floor.",
    downtime: USUAL_DOWNTIME,
  }),
  laxity: indication({
    id: "laxity",
    label: "Skin laxity (firmness)",
    canAchieve: "Mildly loose skin can look a little firmer and smoother.",
    cannotAchieve: "It doesn't lift sagging skin the way surgery can; the change is modest.",
    defaultSessions: 4,
    intervalMinDays: 28,
    intervalMaxDays: 35,
    minimumIntervalDays: 28,
    evidence: "PR",
    clinicDefault: false,
    citations: ["ref-8", "ref-48"],
    protocolNote:
      "Firmness improved after four sessions 30 days apart in an open study of 48 adults [ref-8]. A retrospective series also reports firmer skin, but most of its patients had a single treatment, so it sets no number or spacing of sessions [ref-48]. Only monthly spacing was studied for laxity, so the floor is 28 days.",
    downtime: USUAL_DOWNTIME,
  }),
  "texture-pores": indication({
    id: "texture-pores",
    label: "Texture and pores",
    canAchieve: "Skin can feel smoother and pores can look smaller.",
    cannotAchieve:
      "Pores don't shrink for good, and no studied treatment plan exists for them, so the number of sessions is our clinic's starting point.",
    ...CLINIC_PROTOCOL,
    citations: ["ref-1", "ref-19", "ref-18"],
    protocolNote:
      "Enlarged pores are listed among the uses, but no protocol was found [ref-1]; sessions and interval are the clinic's default within the usual 2–4 weeks [ref-19][ref-18].",
    downtime: USUAL_DOWNTIME,
  }),
  hyperpigmentation: indication({
    id: "hyperpigmentation",
    label: "Pigmentation (sun spots, melasma)",
    canAchieve:
      "Melasma and sun spots can fade, with sunscreen every day. The studies behind this are small, so how much they fade is uncertain.",
    cannotAchieve:
      "It won't clear pigment for good: melasma often comes back, especially with sun exposure, and needling can itself leave dark marks on some skin types. In the melasma studies, needling was added to a prescription lightening cream, which we can't supply; a physician may prescribe one, and because such creams usually contain a retinoid, tell your practitioner so it can be paused around each session.",
    defaultSessions: 2,
    intervalMinDays: 28,
    intervalMaxDays: 35,
    minimumIntervalDays: 28,
    evidence: "PR",
    uncertain: true,
    clinicDefault: true,
    citations: ["ref-14", "ref-15", "ref-20", "ref-4"],
    protocolNote:
      "Two sessions 30 days apart come from an open pilot of six women with refractory melasma (skin types III–IV), needled alongside a prescription triple-combination cream and sunscreen [ref-14]: too small to settle the protocol, so it is a clinic default (⚠ low certainty). Another study paired tranexamic acid with needling at weeks 0, 4 and 8 [ref-15]. The cream is a physician's prescription, never supplied by the spa, and its retinoid falls under the plan's retinoid pause. Only four-week spacing was studied, and needling can itself cause dark marks [ref-20][ref-4], so the floor is 28 days.",
    downtime: `${USUAL_DOWNTIME} Strict sun protection matters most in the first weeks.`,
  }),
  striae: indication({
    id: "striae",
    label: "Stretch marks",
    canAchieve: "Stretch marks can look flatter, smoother and closer to the colour of the skin around them.",
    cannotAchieve: "It won't make stretch marks disappear.",
    defaultSessions: 3,
    intervalMinDays: 28,
    intervalMaxDays: 42,
    minimumIntervalDays: 28,
    evidence: "PR",
    clinicDefault: false,
    citations: ["ref-10", "ref-11"],
    protocolNote:
      "One to three monthly sessions (mean 1.8) [ref-10]; a trial on the abdomen gave five monthly sessions [ref-11]. Only monthly spacing was studied, so the floor is 28 days.",
    downtime: USUAL_DOWNTIME,
  }),
  "hair-loss": indication({
    id: "hair-loss",
    label: "Thinning hair (scalp)",
    canAchieve: "Alongside minoxidil, weekly sessions can help thinning hair grow back thicker.",
    cannotAchieve: "It was studied with minoxidil, not on its own, and it improves thinning rather than restoring hair that is gone.",
    defaultSessions: 12,
    intervalMinDays: 7,
    intervalMaxDays: 10,
    minimumIntervalDays: 7,
    evidence: "PR",
    clinicDefault: false,
    citations: ["ref-12", "ref-13"],
    protocolNote: "Weekly sessions for 12 weeks with 5% minoxidil [ref-12][ref-13].",
    downtime: "The scalp may be pink and a little tender for a day; hair hides most of it.",
  }),
});

export function indicationLabel(id: IndicationId | string): string {
  return (INDICATION_IDS as readonly string[]).includes(id) ? INDICATIONS[id as IndicationId].label : id;
}
