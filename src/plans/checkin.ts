// "How is your skin?": the questions a client answers on the clinic's check-in
// days after a treatment, and the rules that tell an answer within the
// expected course from one a person at the clinic must follow up. Pure: no
// database, no clock; the day is given.
//
// The expected course (REFERENCE.md §3): erythema, oedema and dryness are the
// expected reactions, transient, lasting up to 7 days [ref-20] (PR); the
// redness looks like a moderate sunburn, mostly resolved within 24 hours and
// rarely visible after 3 days [ref-37] (REG/CLIN, secondary copy ⚠). The
// endpoint of a session may be pinpoint bleeding [ref-19], so pinpoint crusts
// are expected. Anything else on this page is a warning sign; where a
// threshold is the clinic's own protocol rather than a source, the rule says
// CLIN (docs/checkins.md lists every rule with its strength).
import { Temporal } from "temporal-polyfill";
import { isPlainText } from "../kernel/text.ts";

/** How strong a reaction is, in the client's own words. */
export const LEVELS = ["none", "mild", "strong"] as const;
export type Level = (typeof LEVELS)[number];

/** How far crusts go: none, pinpoint dots where the needles went, or larger crusts or scabs. */
export const CRUSTING = ["none", "pinpoint", "larger"] as const;
export type Crusting = (typeof CRUSTING)[number];

/** Questions answered with a level. */
export const LEVEL_QUESTIONS = ["redness", "swelling", "pain"] as const;
/** Questions answered yes or no. */
export const YES_NO_QUESTIONS = ["swellingWorse", "eyesOrBreathing", "painWorse", "infection", "fever", "bumps", "coldSore"] as const;
export type LevelQuestion = (typeof LEVEL_QUESTIONS)[number];
export type YesNoQuestion = (typeof YES_NO_QUESTIONS)[number];

/** The free text, "anything else": optional. */
export const CHECKIN_NOTE_MAX = 1000;

export interface CheckinAnswers {
  redness: Level;
  swelling: Level;
  /** The swelling is worse than the day before. */
  swellingWorse: boolean;
  /** Swelling that closes the eyes, or any trouble breathing or swallowing. */
  eyesOrBreathing: boolean;
  pain: Level;
  /** The pain is getting worse rather than better. */
  painWorse: boolean;
  /** The skin is hot, weeps pus or cloudy yellow fluid, or the redness spreads beyond the treated area. */
  infection: boolean;
  /** Fever or chills. */
  fever: boolean;
  /** New bumps, pimples or lumps in the treated area. */
  bumps: boolean;
  crusting: Crusting;
  /** Blisters or a cold sore. */
  coldSore: boolean;
  /** Anything else, in the client's words ("" when nothing). */
  note: string;
}

/** The questions in the order the page asks them. */
export const QUESTION_ORDER = [
  "redness",
  "swelling",
  "swellingWorse",
  "eyesOrBreathing",
  "pain",
  "painWorse",
  "infection",
  "fever",
  "bumps",
  "crusting",
  "coldSore",
  "note",
] as const satisfies readonly (keyof CheckinAnswers)[];

export type CheckinField = (typeof QUESTION_ORDER)[number];

/** Why a field was refused; the page words it in the client's language. */
export type CheckinFieldProblem = "required" | "too-long" | "control";

export type ParsedCheckin =
  { ok: true; answers: CheckinAnswers } | { ok: false; errors: Partial<Record<CheckinField, CheckinFieldProblem>> };

const text = (v: unknown) => (typeof v === "string" ? v : "");

/** The answers as a form (or an API body) sent them: every question answered, the note optional. */
export function parseCheckinAnswers(input: Readonly<Record<string, unknown>>): ParsedCheckin {
  const errors: Partial<Record<CheckinField, CheckinFieldProblem>> = {};
  const level = (k: LevelQuestion): Level => {
    const v = text(input[k]);
    if ((LEVELS as readonly string[]).includes(v)) return v as Level;
    errors[k] = "required";
    return "none";
  };
  const yesNo = (k: YesNoQuestion): boolean => {
    const v = text(input[k]);
    if (v !== "yes" && v !== "no") errors[k] = "required";
    return v === "yes";
  };
  const crustingValue = text(input.crusting);
  const crusting = (CRUSTING as readonly string[]).includes(crustingValue) ? (crustingValue as Crusting) : null;
  if (!crusting) errors.crusting = "required";
  const note = text(input.note).replace(/\r\n/g, "\n").trim();
  if (note.length > CHECKIN_NOTE_MAX) errors.note = "too-long";
  else if (!isPlainText(note)) errors.note = "control";
  const answers: CheckinAnswers = {
    redness: level("redness"),
    swelling: level("swelling"),
    swellingWorse: yesNo("swellingWorse"),
    eyesOrBreathing: yesNo("eyesOrBreathing"),
    pain: level("pain"),
    painWorse: yesNo("painWorse"),
    infection: yesNo("infection"),
    fever: yesNo("fever"),
    bumps: yesNo("bumps"),
    crusting: crusting ?? "none",
    coldSore: yesNo("coldSore"),
    note,
  };
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, answers };
}

/** A warning sign, by stable id (docs/checkins.md). */
export type CheckinReason =
  | "eyes-or-breathing"
  | "infection-signs"
  | "fever"
  | "cold-sore"
  | "pain-strong"
  | "pain-worse"
  | "swelling-worse"
  | "swelling-strong-late"
  | "swelling-beyond-week"
  | "redness-strong-late"
  | "redness-beyond-week"
  | "bumps"
  | "crusting-larger"
  | "note"
  | "photo";

/**
 * What the client is told to do: call the clinic (with its number), or seek
 * care now (emergency services or the nearest emergency department); null
 * when the answer is within the expected course.
 */
export type CheckinAdvice = "call-clinic" | "seek-care-now" | null;

export interface CheckinJudgement {
  outcome: "expected" | "follow-up";
  reasons: CheckinReason[];
  advice: CheckinAdvice;
}

/** From this day on, strong redness or strong swelling is past the expected course ([ref-37]: rarely visible after 3 days). */
export const STRONG_UNTIL_DAY = 2;
/** After this day, any redness or swelling is past the expected course ([ref-20]: transient events last up to 7 days). */
export const TRANSIENT_DAYS = 7;
/** From this day on, bumps are taken as persisting (CLIN: the clinic's threshold; see the rule). */
export const BUMPS_FROM_DAY = 3;

/** The reasons that send the client to care now rather than to the phone. */
const SEEK_CARE_NOW: readonly CheckinReason[] = ["eyes-or-breathing"];

/**
 * Judges an answer given on `day` (whole days after the session, in the
 * clinic's time zone), with a photo or without. Every rule is written out
 * with its source.
 */
export function judgeCheckin(a: CheckinAnswers, day: number, sent: { photo?: boolean } = {}): CheckinJudgement {
  const reasons: CheckinReason[] = [];
  // Swelling that closes the eyes, or trouble breathing or swallowing, may be
  // an allergic reaction (metal and anaesthetic allergy are named risks
  // [ref-37][ref-20]): emergency care, not a phone call. CLIN: the urgency is
  // general first-aid practice, not a microneedling source.
  if (a.eyesOrBreathing) reasons.push("eyes-or-breathing");
  // Infection is a named adverse event and its risk factor [ref-20]; active
  // infection is an absolute contraindication [ref-37][ref-53]. Heat, pus and
  // spreading redness are the plain-word signs (CLIN wording).
  if (a.infection) reasons.push("infection-signs");
  // Fever after a skin procedure is a sign of a spreading infection until
  // shown otherwise (CLIN).
  if (a.fever) reasons.push("fever");
  // Trauma reactivates herpes simplex [ref-30][ref-31]: a prescriber decides
  // on treatment, so the clinic must know the same day.
  if (a.coldSore) reasons.push("cold-sore");
  // Discomfort settles with the redness [ref-37]; strong pain, or pain that
  // grows instead of fading, is not part of the expected course (CLIN
  // threshold: the clinic's protocol, no source grades it).
  if (a.pain === "strong") reasons.push("pain-strong");
  if (a.painWorse) reasons.push("pain-worse");
  // Oedema is expected and transient [ref-20]; swelling that grows after the
  // first day is not (CLIN), nor strong swelling from day 3 on [ref-37], nor
  // any swelling past day 7 [ref-20].
  if (a.swellingWorse) reasons.push("swelling-worse");
  if (a.swelling === "strong" && day > STRONG_UNTIL_DAY) reasons.push("swelling-strong-late");
  if (a.swelling !== "none" && day > TRANSIENT_DAYS) reasons.push("swelling-beyond-week");
  // Redness like a moderate sunburn is expected on day 1; it is rarely
  // visible after 3 days [ref-37], and transient reactions end by day 7 [ref-20].
  if (a.redness === "strong" && day > STRONG_UNTIL_DAY) reasons.push("redness-strong-late");
  if (a.redness !== "none" && day > TRANSIENT_DAYS) reasons.push("redness-beyond-week");
  // Papules may be acneiform eruptions or, when a product was needled in,
  // the start of a foreign-body granuloma [ref-23][ref-24][ref-20]. A few
  // tiny bumps on the first days are common; from day 3 they are taken as
  // persisting (CLIN threshold).
  if (a.bumps && day >= BUMPS_FROM_DAY) reasons.push("bumps");
  // Pinpoint crusts follow a pinpoint-bleeding endpoint [ref-19]; larger
  // crusts or scabs are a deeper wound than intended (CLIN).
  if (a.crusting === "larger") reasons.push("crusting-larger");
  // Anything the client wrote is read by a person: an unread note could hide
  // a warning sign the questions do not name (CLIN).
  if (a.note.trim() !== "") reasons.push("note");
  // A photo is sent to be looked at, and can show what no question asks
  // about: a person looks at it, like the note (CLIN; decision 0036).
  if (sent.photo) reasons.push("photo");

  if (reasons.length === 0) return { outcome: "expected", reasons, advice: null };
  return {
    outcome: "follow-up",
    reasons,
    advice: reasons.some((r) => SEEK_CARE_NOW.includes(r)) || (a.fever && a.infection) ? "seek-care-now" : "call-clinic",
  };
}

/** The reasons in staff words, for the follow-up list and the chart's addendum. */
export const REASON_LABELS: Readonly<Record<CheckinReason, string>> = {
  "eyes-or-breathing": "Swelling closing the eyes, or trouble breathing or swallowing",
  "infection-signs": "Signs of infection: hot skin, pus or spreading redness",
  fever: "Fever or chills",
  "cold-sore": "Blisters or a cold sore",
  "pain-strong": "Strong pain",
  "pain-worse": "Pain getting worse",
  "swelling-worse": "Swelling worse than the day before",
  "swelling-strong-late": "Strong swelling after day 2",
  "swelling-beyond-week": "Swelling after day 7",
  "redness-strong-late": "Strong redness after day 2",
  "redness-beyond-week": "Redness after day 7",
  bumps: "Bumps or pimples from day 3",
  "crusting-larger": "Crusts or scabs larger than pinpoint",
  note: "The client wrote a note",
  photo: "The client sent a photo",
};

/** The answers in staff words, one line each, in the page's order. */
export function answerLines(a: CheckinAnswers): { question: CheckinField; label: string; answer: string }[] {
  const yesNo = (b: boolean) => (b ? "yes" : "no");
  const rows: [CheckinField, string, string][] = [
    ["redness", "Redness", a.redness],
    ["swelling", "Swelling", a.swelling],
    ["swellingWorse", "Swelling worse than the day before", yesNo(a.swellingWorse)],
    ["eyesOrBreathing", "Eyes swollen shut, or trouble breathing or swallowing", yesNo(a.eyesOrBreathing)],
    ["pain", "Pain", a.pain],
    ["painWorse", "Pain getting worse", yesNo(a.painWorse)],
    ["infection", "Hot skin, pus, or redness spreading", yesNo(a.infection)],
    ["fever", "Fever or chills", yesNo(a.fever)],
    ["bumps", "Bumps or pimples", yesNo(a.bumps)],
    ["crusting", "Crusting", a.crusting],
    ["coldSore", "Blisters or a cold sore", yesNo(a.coldSore)],
    ["note", "Anything else", a.note || "—"],
  ];
  return rows.map(([question, label, answer]) => ({ question, label, answer }));
}

/** The whole days from the session's local date to `today` (both "YYYY-MM-DD" in the clinic's zone). */
export function daysAfter(sessionDate: string, today: string): number {
  // Calendar days, not 24-hour periods: a DST night does not move a check-in.
  return Temporal.PlainDate.from(sessionDate).until(Temporal.PlainDate.from(today), { largestUnit: "days" }).days;
}

/** The check-in days a clinic may choose: whole days 1 to 14, the second after the first. */
export const CHECKIN_DAY_MIN = 1;
export const CHECKIN_DAY_MAX = 14;
export const DEFAULT_CHECKIN_DAYS = { firstDay: 1, secondDay: 3 } as const;
