// Every word the plan's PDF says itself (headings, labels, the acceptance
// statement), in each language a plan can be offered in. The client's own
// words (zones, aftercare, the note) come from the plan, already in theirs.
import type { ClientLocale } from "../../clients/locale.ts";

/** Every word the document itself says, in each language it can be offered in. */
export interface Labels {
  title: string;
  phone: (phone: string) => string;
  email: (email: string) => string;
  planVersion: (version: number) => string;
  preparedBy: (name: string) => string;
  skinAssessment: string;
  fitzpatrick: string;
  fitzpatrickTypes: Record<number, string>;
  glogau: string;
  glogauTypes: Record<number, string>;
  type: (roman: string, description: string) => string;
  notRecorded: string;
  zones: string;
  noZones: string;
  zone: string;
  indication: string;
  depth: string;
  clinicDefault: string;
  adjusted: string;
  course: string;
  sessions: string;
  interval: string;
  /** The earliest date the series may start, as it stood when the version was offered. */
  earliestStart: string;
  /** In its place when the client's screening gave no date then. */
  earliestAfterReview: string;
  days: (min: number, max: number) => string;
  weeks: (min: number, max: number) => string;
  visit: string;
  visitMinutes: (minutes: number) => string;
  /** Added to the visit's length when numbing cream is used, as the portal says it. */
  numbingMinutes: (minutes: number) => string;
  numbing: string;
  yes: string;
  no: string;
  numbingAreas: string;
  numbingArea: (cm2: number) => string;
  numbingWhy: string;
  numbingNoWrap: string;
  glide: string;
  glideSterile: string;
  products: string;
  noProducts: string;
  whyApproved: (reason: string) => string;
  depthReasons: string;
  price: string;
  pricePerSession: string;
  packageOf: (sessions: number) => string;
  downtime: string;
  aftercare: string;
  notStated: string;
  achievability: string;
  noteFrom: (name: string) => string;
  noteFromPractitioner: string;
  acceptance: string;
  typedName: string;
  acceptedAt: string;
  ip: string;
  ipNotRecorded: string;
  sha: string;
  accepted: string;
  notAccepted: string;
  footer: (clinic: string, version: number) => string;
  page: (page: number, pages: number) => string;
}

const range = (min: number, max: number, to: string) => (min === max ? `${min}` : `${min} ${to} ${max}`);

const EN: Labels = {
  title: "Treatment plan",
  phone: (phone) => `Phone ${phone}`,
  email: (email) => `E-mail ${email}`,
  planVersion: (version) => `Plan version ${version}`,
  preparedBy: (name) => `Practitioner: ${name}`,
  skinAssessment: "Skin assessment",
  fitzpatrick: "Fitzpatrick skin type",
  fitzpatrickTypes: {
    1: "always burns, never tans",
    2: "usually burns, tans minimally",
    3: "sometimes burns, tans gradually",
    4: "burns minimally, tans well",
    5: "rarely burns, tans easily",
    6: "never burns, deeply pigmented",
  },
  glogau: "Glogau photo-ageing type",
  glogauTypes: { 1: "no wrinkles", 2: "wrinkles in motion", 3: "wrinkles at rest", 4: "only wrinkles" },
  type: (roman, description) => `Type ${roman} (${description})`,
  notRecorded: "Not recorded",
  zones: "Treatment zones",
  noZones: "No zones in this plan.",
  zone: "Zone",
  indication: "Concern / indication",
  depth: "Needle depth",
  clinicDefault: "The clinic's usual depth",
  adjusted: "Adjusted for you",
  course: "Course of treatment",
  sessions: "Sessions",
  interval: "Time between sessions",
  earliestStart: "Earliest first session",
  earliestAfterReview: "After your practitioner reviews your health questionnaire",
  days: (min, max) => `${range(min, max, "to")} ${max === 1 ? "day" : "days"}`,
  weeks: (min, max) => `${range(min, max, "to")} ${max === 1 ? "week" : "weeks"}`,
  visit: "Visit length",
  visitMinutes: (minutes) => `About ${minutes} minutes`,
  numbingMinutes: (minutes) => `, plus ${minutes} minutes for the numbing cream to work`,
  numbing: "Numbing cream",
  yes: "Yes",
  no: "No",
  numbingAreas: "Numbing cream on",
  numbingArea: (cm2) => `About ${cm2} cm² (estimated)`,
  numbingWhy: "Why a larger area",
  numbingNoWrap: "The cream is applied thinly and not covered or wrapped.",
  glide: "On your skin during needling",
  glideSterile: "Sterile, single use: opened for you and not reused.",
  products: "Post-needling products",
  noProducts: "No products are applied after needling in this plan.",
  whyApproved: (reason) => `Why it is approved: ${reason}`,
  depthReasons: "Depths outside the usual range, and why",
  price: "Price",
  pricePerSession: "Price per session",
  packageOf: (sessions) => `Package of ${sessions} ${sessions === 1 ? "session" : "sessions"}`,
  downtime: "Expected downtime",
  aftercare: "Aftercare",
  notStated: "Not stated.",
  achievability: "What this plan can and cannot achieve",
  noteFrom: (name) => `A note from ${name}`,
  noteFromPractitioner: "A note from your practitioner",
  acceptance: "Acceptance",
  typedName: "Typed name",
  acceptedAt: "Accepted at",
  ip: "IP address",
  ipNotRecorded: "Not recorded",
  sha: "Plan version SHA-256",
  accepted:
    "The client accepted this plan version by typing their name. The SHA-256 identifies exactly the plan content that was accepted.",
  notAccepted: "Not accepted yet. The SHA-256 identifies exactly the plan content shown here.",
  footer: (clinic, version) => `${clinic} · Treatment plan, version ${version}`,
  page: (page, pages) => `Page ${page} of ${pages}`,
};

// Canadian French, as in the portal: a no-break space before a colon.
const FR: Labels = {
  title: "Plan de traitement",
  phone: (phone) => `Téléphone ${phone}`,
  email: (email) => `Courriel ${email}`,
  planVersion: (version) => `Version ${version} du plan`,
  preparedBy: (name) => `Préparé par ${name}`,
  skinAssessment: "Évaluation de la peau",
  fitzpatrick: "Phototype de Fitzpatrick",
  fitzpatrickTypes: {
    1: "brûle toujours, ne bronze jamais",
    2: "brûle habituellement, bronze à peine",
    3: "brûle parfois, bronze graduellement",
    4: "brûle peu, bronze bien",
    5: "brûle rarement, bronze facilement",
    6: "ne brûle jamais, peau très pigmentée",
  },
  glogau: "Photovieillissement de Glogau",
  glogauTypes: { 1: "aucune ride", 2: "rides en mouvement", 3: "rides au repos", 4: "rides partout" },
  type: (roman, description) => `Type ${roman} (${description})`,
  notRecorded: "Non indiqué",
  zones: "Zones de traitement",
  noZones: "Aucune zone dans ce plan.",
  zone: "Zone",
  indication: "Préoccupation",
  depth: "Profondeur des aiguilles",
  clinicDefault: "Réglage habituel de la clinique",
  adjusted: "Ajusté pour vous",
  course: "Déroulement du traitement",
  sessions: "Séances",
  interval: "Intervalle entre les séances",
  earliestStart: "Première séance au plus tôt",
  earliestAfterReview: "Après l’examen de votre questionnaire de santé par votre praticienne ou praticien",
  days: (min, max) => `${range(min, max, "à")} ${max === 1 ? "jour" : "jours"}`,
  weeks: (min, max) => `${range(min, max, "à")} ${max === 1 ? "semaine" : "semaines"}`,
  visit: "Durée de la visite",
  visitMinutes: (minutes) => `Environ ${minutes} minutes`,
  numbingMinutes: (minutes) => `, plus ${minutes} minutes pour que la crème anesthésiante agisse`,
  numbing: "Crème anesthésiante",
  yes: "Oui",
  no: "Non",
  numbingAreas: "Crème anesthésiante sur",
  numbingArea: (cm2) => `Environ ${cm2} cm² (estimation)`,
  numbingWhy: "Pourquoi une plus grande surface",
  numbingNoWrap: "La crème est appliquée en couche mince, sans être couverte ni enveloppée.",
  glide: "Sur votre peau pendant le traitement",
  glideSterile: "Stérile et à usage unique : ouvert pour vous et jamais réutilisé.",
  products: "Produits appliqués après le traitement",
  noProducts: "Aucun produit n’est appliqué après le traitement dans ce plan.",
  whyApproved: (reason) => `Pourquoi il est approuvé\u00a0: ${reason}`,
  depthReasons: "Profondeurs hors de la plage habituelle, et pourquoi",
  price: "Prix",
  pricePerSession: "Prix par séance",
  packageOf: (sessions) => `Forfait de ${sessions} ${sessions === 1 ? "séance" : "séances"}`,
  downtime: "Temps de récupération prévu",
  aftercare: "Soins après le traitement",
  notStated: "Non précisé.",
  achievability: "Ce que ce plan peut faire, et ce qu’il ne peut pas faire",
  // "d’Amélie", "d’Hélène", "de Julie".
  noteFrom: (name) => (/^[aeiouyhàâäéèêëîïôöùûüœæ]/iu.test(name) ? `Un mot d’${name}` : `Un mot de ${name}`),
  noteFromPractitioner: "Un mot de votre praticienne ou praticien",
  acceptance: "Acceptation",
  typedName: "Nom tapé",
  acceptedAt: "Acceptée le",
  ip: "Adresse IP",
  ipNotRecorded: "Non enregistrée",
  sha: "SHA-256 de cette version",
  accepted:
    "La cliente ou le client a accepté cette version du plan en tapant son nom. Le SHA-256 identifie exactement le contenu du plan qui a été accepté.",
  notAccepted: "Cette version n’a pas encore été acceptée. Le SHA-256 identifie exactement le contenu du plan présenté ici.",
  footer: (clinic, version) => `${clinic} · Plan de traitement, version ${version}`,
  page: (page, pages) => `Page ${page} sur ${pages}`,
};

/** The PDF's own words, by the language the plan was offered in. */
export const LABELS: Readonly<Record<ClientLocale, Labels>> = { en: EN, fr: FR };
