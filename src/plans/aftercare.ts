// The aftercare a client reads after a signed session chart: what is normal and
// for how long, what to avoid and until when, and when to call. Pure: the
// record module (record/aftercare-message.ts) reads the chart and the clinic's
// settings, the portal shows the result (docs/aftercare.md).
//
// What the sources support, and how strongly (docs/clinical/README.md):
// - Redness like a moderate sunburn, mostly gone within a day and rarely
//   visible after three days: SkinPen consent text [ref-37] (REG, secondary
//   copy ⚠). Redness, swelling and dryness lasting up to 7 days: review of
//   adverse events [ref-20] (PR). These are facts about every session, so they
//   are fixed here with their citations.
// - Sunscreen for at least 48 hours and for the long term [ref-19] (PR review):
//   the one waiting period with peer-reviewed support; a clinic may lengthen
//   it, never shorten it.
// - No make-up for 24 hours (nothing but the post-treatment gel), no
//   strenuous exercise for 72 hours, no retinoids or AHAs/BHAs for about days
//   1–6: clinic protocols [ref-52] (CLIN). Clinic defaults to confirm.
// - Pools, saunas and hot tubs: no source in the reference. This clinic's own
//   infection-control advice (the plan says 48 to 72 hours); default 72 hours.
// - No source ties any of these periods, or how long redness lasts, to the
//   area treated or the depth. So the depth band ("deeper than X mm") and any
//   longer period after a deeper session are clinic settings, marked clinic
//   defaults; by default a deeper session waits exactly as long, and only the
//   words about redness change. What changes by area is which products the
//   "nothing on the skin" period names and how sun protection is worn: plain
//   relevance, not a clinical number.
// Every waiting period is data (AftercareSettings) the clinic may change on the
// plan settings page, each change audited (src/plans/aftercare-settings.ts).
import { Temporal } from "temporal-polyfill";
import { CLIENT_INTL_LOCALE, type ClientLocale } from "../clients/locale.ts";
import type { EvidenceTag, ZoneId } from "./types.ts";
import { isZoneId, ZONES, type ZoneGroup } from "./zones.ts";

export const AFTERCARE_ITEMS = ["sun", "makeup", "exercise", "water", "retinoids", "exfoliants"] as const;
export type AftercareItem = (typeof AFTERCARE_ITEMS)[number];

export interface AftercarePeriodDefault {
  /** Hours after the session. */
  hours: number;
  evidence: EvidenceTag;
  /** True where no peer-reviewed or regulatory source sets it: "clinic default — confirm". */
  clinicDefault: boolean;
  /** Anchors on docs/clinical/README.md; empty where no source exists. */
  citations: readonly string[];
  /** The shortest and longest a clinic may set, in hours. */
  minHours: number;
  maxHours: number;
  /** For staff: what it is and what it rests on. */
  label: string;
  note: string;
}

const MONTH_HOURS = 30 * 24;

/** A product kept off the skin for about days 1–6, as clinic protocols advise [ref-52] (no peer-reviewed source). */
function daysOneToSixByClinicProtocol(label: string, what: string): AftercarePeriodDefault {
  return {
    hours: 144,
    evidence: "CLIN",
    clinicDefault: true,
    citations: ["ref-52"],
    minHours: 12,
    maxHours: MONTH_HOURS,
    label,
    note: `${what} for about days 1–6: clinic protocols [ref-52], not peer-reviewed.`,
  };
}

export const AFTERCARE_DEFAULTS: Readonly<Record<AftercareItem, AftercarePeriodDefault>> = Object.freeze({
  sun: {
    hours: 48,
    evidence: "PR",
    clinicDefault: false,
    citations: ["ref-19"],
    minHours: 48,
    maxHours: MONTH_HOURS,
    label: "Sun: sunscreen and no direct sun",
    note: "Sunscreen for at least 48 hours and for the long term: peer-reviewed review [ref-19]. A clinic may lengthen it, never shorten it.",
  },
  makeup: {
    hours: 24,
    evidence: "CLIN",
    clinicDefault: true,
    citations: ["ref-52"],
    minHours: 12,
    maxHours: MONTH_HOURS,
    label: "Make-up and other products on the treated skin",
    note: "No make-up for 24 hours, nothing on the skin but the post-treatment gel: clinic protocols [ref-52], not peer-reviewed.",
  },
  exercise: {
    hours: 72,
    evidence: "CLIN",
    clinicDefault: true,
    citations: ["ref-52"],
    minHours: 12,
    maxHours: MONTH_HOURS,
    label: "Strenuous exercise and heavy sweating",
    note: "No strenuous exercise for 72 hours: clinic protocols [ref-52], not peer-reviewed.",
  },
  water: {
    hours: 72,
    evidence: "CLIN",
    clinicDefault: true,
    citations: [],
    minHours: 12,
    maxHours: MONTH_HOURS,
    label: "Swimming pools, saunas and hot tubs",
    note: "No source in the clinical reference: this clinic's own infection-control advice (the plan says 48 to 72 hours; the default takes the longer end).",
  },
  retinoids: daysOneToSixByClinicProtocol("Retinoids (retinol, tretinoin)", "No retinoids"),
  exfoliants: daysOneToSixByClinicProtocol("Exfoliants (AHAs, BHAs, scrubs)", "No AHAs or BHAs"),
});

/**
 * A session is "deeper" when its deepest area is deeper than this. No source
 * ties aftercare to depth: a clinic default to confirm (⚠).
 */
export const DEFAULT_DEEPER_FROM_MM = 1.0;
export const DEEPER_FROM_MIN_MM = 0.25;
export const DEEPER_FROM_MAX_MM = 2.5;

/** The clinic's aftercare periods in force. */
export interface AftercareSettings {
  hours: Record<AftercareItem, number>;
  /** After a session deeper than `deeperFromMm`; never shorter than `hours`. */
  deeperHours: Record<AftercareItem, number>;
  deeperFromMm: number;
}

const eachItem = <T>(f: (item: AftercareItem) => T) =>
  Object.fromEntries(AFTERCARE_ITEMS.map((i) => [i, f(i)])) as Record<AftercareItem, T>;

export const DEFAULT_AFTERCARE_SETTINGS: AftercareSettings = Object.freeze({
  hours: eachItem((i) => AFTERCARE_DEFAULTS[i].hours),
  deeperHours: eachItem((i) => AFTERCARE_DEFAULTS[i].hours),
  deeperFromMm: DEFAULT_DEEPER_FROM_MM,
});

/** What the session did, as the aftercare needs it. */
export interface AftercareInput {
  areas: readonly ZoneId[];
  deepestMm: number;
  /** Some area reached pinpoint bleeding (the endpoint of the review [ref-19]). */
  pinpointBleeding: boolean;
  /** The practitioner charted a reaction during the session. */
  reactionCharted: boolean;
  /** When the needling ended (the appointment's end), UTC ms. */
  endedAtMs: number;
  /** The clinic's time zone: dates are told in it. */
  timeZone: string;
  settings: AftercareSettings;
}

export interface AftercareAvoid {
  item: AftercareItem;
  hours: number;
  /** The local date and time (ISO, with offset) it ends, rounded up to the hour. */
  untilIso: string;
  /** "Sunday, March 9, 4:00 p.m." in the reader's language. */
  until: string;
  text: string;
}

export interface AftercareSheet {
  locale: ClientLocale;
  deeper: boolean;
  groups: ZoneGroup[];
  normal: string[];
  avoid: AftercareAvoid[];
  /** Lines for after the avoid list (long-term sun protection, restarting a scalp treatment). */
  after: string[];
  call: string[];
}

const NBSP = "\u00a0";

interface Words {
  redness: string;
  week: (until: string) => string;
  deeper: string;
  pinpoint: string;
  reaction: string;
  avoid: Record<Exclude<AftercareItem, "makeup" | "sun">, (h: string) => string>;
  sun: (h: string, scalp: boolean) => string;
  products: (h: string, what: string) => string;
  productsBy: Record<ZoneGroup, string>;
  sunLongTerm: string;
  scalp: string;
  call: (until: string) => string[];
  duration: (hours: number) => string;
  list: (parts: string[]) => string;
}

const WORDS: Readonly<Record<ClientLocale, Words>> = {
  en: {
    redness: "Redness like a moderate sunburn is normal. Most of it settles within a day, and it is rarely visible after three days.",
    week: (until) => `Some swelling, dryness or flaking can last up to 7 days (until about ${until}); it fades by itself.`,
    deeper:
      "This session went a little deeper, so the redness and swelling may take longer than a day to settle. That is our clinic's experience rather than a study's; it should still be gone within the week.",
    pinpoint: "Tiny red dots where the skin bled a little can show for a few days while it heals.",
    reaction: "Your practitioner noted a reaction during the session: follow the advice you were given at the clinic.",
    sun: (h, scalp) =>
      `Sun: stay out of direct sun and protect the treated skin for ${h}${scalp ? " (a hat on the scalp)" : ", with sunscreen from the day of your session"}.`,
    products: (h, what) => `Nothing on the treated skin for ${h} except what your practitioner applied or gave you: ${what}.`,
    productsBy: {
      face: "no make-up",
      neck: "no make-up, lotion or perfume",
      decollete: "no make-up, lotion or perfume",
      hands: "no hand cream or lotion",
      scalp: "no hair gel, spray or other hair product",
      body: "no body lotion or self-tanner",
    },
    avoid: {
      exercise: (h) => `Exercise: no strenuous exercise or heavy sweating for ${h}.`,
      water: (h) => `Water and heat: no swimming pools, saunas or hot tubs for ${h} (our clinic's infection-control advice).`,
      retinoids: (h) => `Retinoids: no retinol, tretinoin or other retinoid on the treated skin for ${h}.`,
      exfoliants: (h) => `Exfoliants: no exfoliating acids (AHAs, BHAs) or scrubs on the treated skin for ${h}.`,
    },
    sunLongTerm: "After that, keep wearing sunscreen every day, between sessions and after your last one.",
    scalp: "Ask your practitioner when to start your hair-loss treatment (such as minoxidil) again.",
    call: (until) => [
      "Call us if your skin becomes more painful, hot or swollen, weeps, or looks infected.",
      `If the redness or swelling is not fading by ${until}, call us.`,
      "Call us if small lumps or bumps appear, even weeks later.",
      "If your lips, tongue or throat swell or you have trouble breathing, call 911.",
    ],
    duration: (hours) => (hours <= 72 || hours % 24 !== 0 ? `the first ${hours} hours` : `the first ${hours / 24} days`),
    list: (parts) => (parts.length <= 1 ? parts.join("") : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`),
  },
  fr: {
    redness: `Une rougeur comme un coup de soleil modéré est normale. Elle s’atténue surtout en une journée et elle est rarement visible après trois jours.`,
    week: (until) =>
      `Un peu d’enflure, de sécheresse ou de desquamation peut durer jusqu’à 7${NBSP}jours (jusque vers ${until})${NBSP}; elle disparaît d’elle-même.`,
    deeper: `Cette séance est allée un peu plus en profondeur${NBSP}: la rougeur et l’enflure peuvent prendre plus d’une journée à s’atténuer. C’est l’expérience de notre clinique plutôt que le résultat d’une étude${NBSP}; tout devrait quand même disparaître dans la semaine.`,
    pinpoint: "De petits points rouges, là où la peau a un peu saigné, peuvent rester visibles quelques jours pendant qu’elle guérit.",
    reaction: `Votre praticienne ou praticien a noté une réaction pendant la séance${NBSP}: suivez les conseils qu’on vous a donnés à la clinique.`,
    sun: (h, scalp) =>
      `Soleil${NBSP}: évitez le soleil direct et protégez la peau traitée pendant ${h}${scalp ? " (un chapeau sur le cuir chevelu)" : ", avec un écran solaire dès le jour de la séance"}.`,
    products: (h, what) =>
      `Rien sur la peau traitée pendant ${h}, sauf ce que votre praticienne ou praticien a appliqué ou vous a remis${NBSP}: ${what}.`,
    productsBy: {
      face: "pas de maquillage",
      neck: "pas de maquillage, de lotion ni de parfum",
      decollete: "pas de maquillage, de lotion ni de parfum",
      hands: "pas de crème pour les mains ni de lotion",
      scalp: "pas de gel, de fixatif ni d’autre produit capillaire",
      body: "pas de lotion pour le corps ni d’autobronzant",
    },
    avoid: {
      exercise: (h) => `Exercice${NBSP}: pas d’exercice intense ni de transpiration abondante pendant ${h}.`,
      water: (h) =>
        `Eau et chaleur${NBSP}: pas de piscine, de sauna ni de spa (bain à remous) pendant ${h} (conseil de prévention des infections de notre clinique).`,
      retinoids: (h) => `Rétinoïdes${NBSP}: pas de rétinol, de trétinoïne ni d’autre rétinoïde sur la peau traitée pendant ${h}.`,
      exfoliants: (h) => `Exfoliants${NBSP}: pas d’acides exfoliants (AHA, BHA) ni de gommage sur la peau traitée pendant ${h}.`,
    },
    sunLongTerm: "Ensuite, continuez de porter un écran solaire chaque jour, entre les séances et après la dernière.",
    scalp: "Demandez à votre praticienne ou praticien quand reprendre votre traitement contre la chute des cheveux (comme le minoxidil).",
    call: (until) => [
      "Appelez-nous si votre peau devient plus douloureuse, chaude ou enflée, si elle suinte ou si elle semble infectée.",
      `Si la rougeur ou l’enflure ne diminue pas d’ici ${until}, appelez-nous.`,
      "Appelez-nous si de petites bosses apparaissent, même des semaines plus tard.",
      "Si vos lèvres, votre langue ou votre gorge enflent ou si vous avez du mal à respirer, composez le 911.",
    ],
    duration: (hours) =>
      hours <= 72 || hours % 24 !== 0 ? `les ${hours}${NBSP}premières heures` : `les ${hours / 24}${NBSP}premiers jours`,
    list: (parts) => (parts.length <= 1 ? parts.join("") : `${parts.slice(0, -1).join(", ")} et ${parts.at(-1)}`),
  },
};

/** How long swelling and dryness may last [ref-20]; the "call us if not fading" date. */
export const NORMAL_COURSE_HOURS = 7 * 24;

/** The instant `hours` after `fromMs`, as a local date-time in `timeZone`, rounded up to the next whole hour. */
export function endOfPeriod(fromMs: number, hours: number, timeZone: string): Temporal.ZonedDateTime {
  // Elapsed hours, not calendar days: across a change of the clocks the wall time moves with them.
  const end = Temporal.Instant.fromEpochMilliseconds(fromMs).toZonedDateTimeISO(timeZone).add({ hours });
  const whole = end.round({ smallestUnit: "hour", roundingMode: "ceil" });
  return whole;
}

/** "Sunday, March 9, 4:00 p.m." / "dimanche 9 mars, 16 h 00". */
export function formatUntil(at: Temporal.ZonedDateTime, locale: ClientLocale): string {
  const intl = CLIENT_INTL_LOCALE[locale];
  const day = at.toLocaleString(intl, { weekday: "long", month: "long", day: "numeric" });
  const time = at.toLocaleString(intl, { hour: "numeric", minute: "2-digit" });
  return `${day}, ${time}`;
}

/** The groups of the areas treated, in the catalogue's order. */
function groupsOf(areas: readonly ZoneId[]): ZoneGroup[] {
  const order: ZoneGroup[] = ["face", "neck", "decollete", "hands", "scalp", "body"];
  const present = new Set(areas.filter(isZoneId).map((z) => ZONES[z].group));
  return order.filter((g) => present.has(g));
}

/** Whether a session of this deepest depth is "deeper" under these settings (compared in hundredths, so 1.0 is not deeper than 1.0). */
export function isDeeperSession(deepestMm: number, settings: AftercareSettings): boolean {
  return Math.round(deepestMm * 100) > Math.round(settings.deeperFromMm * 100);
}

/** The periods in force for a session: the deeper ones when it was deeper, never shorter than the standard ones. */
export function periodsFor(deeper: boolean, settings: AftercareSettings): Record<AftercareItem, number> {
  return eachItem((i) => (deeper ? Math.max(settings.deeperHours[i], settings.hours[i]) : settings.hours[i]));
}

/** The client's aftercare for one session, in their language. */
export function aftercareFor(input: AftercareInput, locale: ClientLocale = "en"): AftercareSheet {
  const w = WORDS[locale];
  const groups = groupsOf(input.areas);
  const deeper = isDeeperSession(input.deepestMm, input.settings);
  const hours = periodsFor(deeper, input.settings);
  const until = (h: number) => endOfPeriod(input.endedAtMs, h, input.timeZone);
  const weekEnd = formatUntil(until(NORMAL_COURSE_HOURS), locale);
  const onlyScalp = groups.length === 1 && groups[0] === "scalp";

  const normal = [w.redness];
  if (deeper) normal.push(w.deeper);
  if (input.pinpointBleeding) normal.push(w.pinpoint);
  normal.push(w.week(weekEnd));
  if (input.reactionCharted) normal.push(w.reaction);

  const avoid = AFTERCARE_ITEMS.map((item): AftercareAvoid => {
    const h = hours[item];
    const end = until(h);
    const span = w.duration(h);
    const text =
      item === "sun"
        ? w.sun(span, onlyScalp)
        : item === "makeup"
          ? w.products(span, w.list(groups.map((g) => w.productsBy[g]).filter((p, i, all) => all.indexOf(p) === i)))
          : w.avoid[item](span);
    return { item, hours: h, untilIso: end.toString({ timeZoneName: "never" }), until: formatUntil(end, locale), text };
  });

  const after = [w.sunLongTerm];
  if (groups.includes("scalp")) after.push(w.scalp);
  return { locale, deeper, groups, normal, avoid, after, call: w.call(weekEnd) };
}

/** The aftercare input of a stored chart (areas, the deepest depth, the endpoint, reactions). */
export function aftercareInputOf(
  chart: { areas: readonly { zone: ZoneId; depthMm: number; endpoint: string }[]; reactions: readonly unknown[] },
  o: { endedAtMs: number; timeZone: string; settings: AftercareSettings },
): AftercareInput {
  return {
    areas: chart.areas.map((a) => a.zone),
    deepestMm: chart.areas.reduce((m, a) => Math.max(m, a.depthMm), 0),
    pinpointBleeding: chart.areas.some((a) => a.endpoint === "pinpoint-bleeding"),
    reactionCharted: chart.reactions.length > 0,
    ...o,
  };
}
