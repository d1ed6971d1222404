// The structure of the microneedling page: which statements it makes, in what
// order, and which sources back each one. The words are in the message catalog
// (app/i18n/messages/site.ts); the sources are the project's clinical reference
// (docs/clinical/README.md, keys "ref-N"), checked by microneedling-content.test.ts.
import type { MessageKey } from "../i18n/catalog.ts";

export type SourceKey =
  | "ref-1"
  | "ref-2"
  | "ref-3"
  | "ref-8"
  | "ref-9"
  | "ref-10"
  | "ref-13"
  | "ref-14"
  | "ref-16"
  | "ref-18"
  | "ref-19"
  | "ref-20"
  | "ref-21"
  | "ref-25"
  | "ref-37"
  | "ref-39"
  | "ref-46"
  | "ref-52"
  | "ref-53"
  | "ref-54"
  | "ref-56";

export type SourceKind = "review" | "peer" | "consensus" | "labelling" | "regulator" | "manual" | "chapter" | "clinic";

export const KIND_MESSAGE: Readonly<Record<SourceKind, MessageKey>> = {
  review: "site.mn.kind.review",
  peer: "site.mn.kind.peer",
  consensus: "site.mn.kind.consensus",
  labelling: "site.mn.kind.labelling",
  regulator: "site.mn.kind.regulator",
  manual: "site.mn.kind.manual",
  chapter: "site.mn.kind.chapter",
  clinic: "site.mn.kind.clinic",
};

export interface Source {
  key: SourceKey;
  /** A journal citation is the same in every language; a described source is a message. */
  citation: string | { message: MessageKey };
  kind: SourceKind;
  supports: MessageKey;
}

/** A source, backing the statement "site.mn.src.<key>". */
const source = (key: SourceKey, kind: SourceKind, citation: Source["citation"]): Source => ({
  key,
  citation,
  kind,
  supports: `site.mn.src.${key}`,
});

/** The sources behind the page's clinical statements, in the order the page lists them. */
export const SOURCES: readonly Source[] = [
  source("ref-2", "review", "Harris AG, Naidoo C, Murrell DF. Int J Womens Dermatol 2015;1:77–81."),
  source("ref-3", "peer", "Alam M et al. JAMA Dermatol 2014 (randomised controlled trial)."),
  source("ref-16", "peer", "Claytor RB, Sheck CG, Chopra V. Plast Reconstr Surg 2022;150:557e–561e."),
  source("ref-8", "peer", "Ablon G. J Clin Aesthet Dermatol 2018;11(8):29–34."),
  source("ref-9", "peer", "Alqam M, …, Kenkel JM. Aesthet Surg J 2022. doi:10.1093/asj/sjac085"),
  source("ref-10", "peer", "Alster TS, Li MK. Dermatol Surg 2020;46:459–64. doi:10.1097/DSS.0000000000002081"),
  source("ref-1", "review", "Alster TS, Graham PM. Dermatol Surg 2018;44:397–404. doi:10.1097/DSS.0000000000001248"),
  source("ref-14", "peer", "Lima EVA et al. BMC Dermatol 2017;17:14. doi:10.1186/s12895-017-0066-5"),
  source("ref-13", "peer", "Dhurat R et al. Int J Trichology 2013;5:6–11. doi:10.4103/0974-7753.114700"),
  source("ref-46", "peer", { message: "site.mn.cite.ref-46" }),
  source("ref-37", "labelling", { message: "site.mn.cite.ref-37" }),
  source(
    "ref-20",
    "peer",
    "Chu S, Foulad DP, Atanaskova Mesinkovska N. Dermatol Surg 2021;47:1249–54. doi:10.1097/01.dss.0000790428.70373.f6",
  ),
  source("ref-19", "review", "Farber SE et al. Plast Aesthet Res 2020;7:72. doi:10.20517/2347-9264.2020.152"),
  source("ref-18", "peer", "Pająk J, Szepietowski JC, Nowicka D. Int J Environ Res Public Health 2022;19:9055. doi:10.3390/ijerph19159055"),
  source("ref-21", "peer", "Cohen BE, Elbuluk N. J Am Acad Dermatol 2016;74:348–55. doi:10.1016/j.jaad.2015.09.024"),
  source("ref-39", "regulator", { message: "site.mn.cite.ref-39" }),
  source("ref-53", "manual", { message: "site.mn.cite.ref-53" }),
  source("ref-54", "chapter", { message: "site.mn.cite.ref-54" }),
  source("ref-56", "chapter", { message: "site.mn.cite.ref-56" }),
  source("ref-25", "consensus", "Waldman A et al. Dermatol Surg 2017;43:1249–62. doi:10.1097/DSS.0000000000001166"),
  source("ref-52", "clinic", { message: "site.mn.cite.ref-52" }),
];

/** The reference number a key stands for ("ref-37" → 37), shown as the link text. */
export function sourceNumber(key: SourceKey): number {
  return Number(key.slice(4));
}

export interface VisitStep {
  id: string;
  title: MessageKey;
  text: MessageKey;
  refs: readonly SourceKey[];
}

export const VISIT_STEPS: readonly VisitStep[] = [
  { id: "consultation", title: "site.mn.visit.consult.title", text: "site.mn.visit.consult", refs: [] },
  { id: "cleanse", title: "site.mn.visit.cleanse.title", text: "site.mn.visit.cleanse", refs: [] },
  { id: "numbing", title: "site.mn.visit.numb.title", text: "site.mn.visit.numb", refs: [] },
  { id: "treatment", title: "site.mn.visit.treat.title", text: "site.mn.visit.treat", refs: ["ref-46", "ref-37"] },
  { id: "serum", title: "site.mn.visit.serum.title", text: "site.mn.visit.serum", refs: [] },
  { id: "aftercare", title: "site.mn.visit.after.title", text: "site.mn.visit.after", refs: [] },
];

export type AftercareKind = "expect" | "care" | "avoid";

export interface AftercareRow {
  kind: AftercareKind;
  text: MessageKey;
  refs: readonly SourceKey[];
  /** Timings from published clinic protocols (ref-52): the clinic's cautious default, not trial evidence. */
  clinicProtocol?: boolean;
  /**
   * The clinic's own infection-control advice, which no source in the reference
   * lists (pools, saunas and hot tubs; a clean pillowcase). It cites nothing and
   * is labelled as the clinic's advice, never as evidence.
   */
  clinicAdvice?: boolean;
}

export interface AftercareDay {
  id: string;
  title: MessageKey;
  rows: readonly AftercareRow[];
}

/** How a row of the clinic's own advice is labelled where a source would be. */
export const CLINIC_ADVICE_MESSAGE: MessageKey = "site.mn.after.clinicAdvice";

export const AFTERCARE_KIND_MESSAGE: Readonly<Record<AftercareKind, MessageKey>> = {
  expect: "site.mn.after.expect",
  care: "site.mn.after.care",
  avoid: "site.mn.after.avoid",
};

export const AFTERCARE: readonly AftercareDay[] = [
  {
    id: "aftercare-day-0",
    title: "site.mn.after.day0",
    rows: [
      { kind: "expect", text: "site.mn.after.day0.expect", refs: ["ref-37", "ref-20"] },
      // Sunscreen from the start: the peer-reviewed advice (ref-19) is the
      // default; the page also says that some clinic protocols (ref-52) hold
      // it for the first 24 hours. No clinic setting for aftercare text exists.
      { kind: "care", text: "site.mn.after.day0.care", refs: ["ref-19", "ref-52"] },
      { kind: "care", text: "site.mn.after.day0.hygiene", refs: [], clinicAdvice: true },
      { kind: "avoid", text: "site.mn.after.day0.avoid", refs: ["ref-52"], clinicProtocol: true },
      { kind: "avoid", text: "site.mn.after.day0.water", refs: [], clinicAdvice: true },
    ],
  },
  {
    id: "aftercare-days-1-2",
    title: "site.mn.after.day12",
    rows: [
      { kind: "expect", text: "site.mn.after.day12.expect", refs: ["ref-37"] },
      { kind: "care", text: "site.mn.after.day12.care", refs: ["ref-52", "ref-19"], clinicProtocol: true },
      { kind: "avoid", text: "site.mn.after.day12.avoid", refs: ["ref-52"], clinicProtocol: true },
    ],
  },
  {
    id: "aftercare-days-3-5",
    title: "site.mn.after.day35",
    rows: [
      { kind: "expect", text: "site.mn.after.day35.expect", refs: ["ref-37", "ref-20"] },
      { kind: "care", text: "site.mn.after.day35.care", refs: ["ref-52", "ref-19"], clinicProtocol: true },
      { kind: "avoid", text: "site.mn.after.day35.avoid", refs: ["ref-52"], clinicProtocol: true },
    ],
  },
  {
    id: "aftercare-week-1",
    title: "site.mn.after.week1",
    rows: [
      { kind: "expect", text: "site.mn.after.week1.expect", refs: ["ref-20"] },
      { kind: "care", text: "site.mn.after.week1.care", refs: ["ref-19", "ref-18"] },
    ],
  },
];

export interface FaqItem {
  id: string;
  question: MessageKey;
  answer: MessageKey;
  refs: readonly SourceKey[];
}

/** The questions every visitor sees; the price question is added from the services table. */
export const FAQ: readonly FaqItem[] = [
  { id: "faq-pain", question: "site.mn.faq.pain.q", answer: "site.mn.faq.pain.a", refs: [] },
  { id: "faq-length", question: "site.mn.faq.length.q", answer: "site.mn.faq.length.a", refs: ["ref-37"] },
  { id: "faq-sessions", question: "site.mn.faq.sessions.q", answer: "site.mn.faq.sessions.a", refs: ["ref-19", "ref-2"] },
  { id: "faq-results", question: "site.mn.faq.results.q", answer: "site.mn.faq.results.a", refs: ["ref-19"] },
  { id: "faq-downtime", question: "site.mn.faq.downtime.q", answer: "site.mn.faq.downtime.a", refs: ["ref-37", "ref-52"] },
  { id: "faq-home", question: "site.mn.faq.home.q", answer: "site.mn.faq.home.a", refs: ["ref-39"] },
  { id: "faq-skin", question: "site.mn.faq.skin.q", answer: "site.mn.faq.skin.a", refs: ["ref-21", "ref-20"] },
];

/** Every source the page cites inline must be in its source list. */
export function citedKeys(): SourceKey[] {
  const cited = [...VISIT_STEPS, ...AFTERCARE.flatMap((d) => d.rows), ...FAQ].flatMap((x) => x.refs);
  return [...new Set(cited)];
}
