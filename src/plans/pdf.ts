// The client's copy of one treatment plan version as a PDF: what is proposed,
// what it costs, what it can and cannot do, and, once accepted, who accepted
// it, when, from where, and the hash that ties the acceptance to exactly this
// version. Laid out by hand with pdf-lib so it needs no browser or font files.
// The document's own words (headings, labels, dates, money) are in the language
// the version was offered in, like the client's words stored inside it.
// The layout is pdf/flow.ts, the words pdf/labels.ts, the text encoding pdf/winansi.ts.
import { PDFDocument, StandardFonts } from "pdf-lib";
import { CLIENT_INTL_LOCALE, type ClientLocale } from "../clients/locale.ts";
import { BODY, COLOUR, Flow, type Fonts } from "./pdf/flow.ts";
import { LABELS, type Labels } from "./pdf/labels.ts";

export { LABELS };

export interface PlanDocument {
  /** The language of the document's own words and formats; English when absent. */
  locale?: ClientLocale;
  /** locationLine: street, city, region and postal code, whichever the clinic has. */
  clinic: { name: string; locationLine: string; phone: string | null; email?: string | null; timeZone: string };
  client: { name: string };
  plan: {
    version: number;
    /** Epoch milliseconds. */
    createdAt: number;
    practitionerName: string | null;
    fitzpatrick: number | null;
    glogau: number | null;
    zones: {
      zoneLabel: string;
      indicationLabel: string;
      depthMinMm: number;
      depthMaxMm: number;
      clinicDefault: boolean;
      /** The depth differs from the depth table's usual band for this zone and concern: it was set for this client. */
      adjusted?: boolean;
      /** The practitioner's reason for a depth outside the usual band (rule depth.outside-band), printed under the table. */
      depthReason?: string;
    }[];
    sessions: number;
    intervalMinDays: number;
    intervalMaxDays: number;
    /**
     * The earliest first session as it stood when the version was offered
     * (YYYY-MM-DD), null when the screening gave no date then; absent on a
     * version offered before it was recorded: no line.
     */
    earliestStart?: string | null;
    visitMinutes: number;
    /** Extra time before the visit while numbing cream works; 0 or absent without it. */
    numbingMinutes?: number;
    numbingCream: boolean;
    /** Which cream on which areas; null or absent on a plan stored before it was recorded. */
    numbing?: {
      product: string;
      agent: string;
      areas: string[];
      areaCm2: number;
      maxAreaCm2: number;
      /** Why more than the clinic's maximum is numbed at once; "" when within it. */
      reason: string;
    } | null;
    /** What is on the skin during needling; null or absent on a plan stored before it was recorded. */
    glide?: { name: string; sterile: boolean; singleUse: boolean } | null;
    products: { name: string; reason: string }[];
    pricePerSessionCents: number;
    packagePriceCents: number;
    currency: string;
    downtime: string;
    aftercare: string[];
    achievability: string;
    noteToClient: string;
    contentSha256: string;
  };
  /** signedAt is epoch milliseconds. */
  acceptance: { signedName: string; signedAt: number; ip: string | null } | null;
}

const ROMAN = ["", "I", "II", "III", "IV", "V", "VI"];

export async function renderPlanPdf(doc: PlanDocument): Promise<Uint8Array> {
  const locale = doc.locale ?? "en";
  const L = LABELS[locale];
  const intl = CLIENT_INTL_LOCALE[locale];
  // updateMetadata: false keeps pdf-lib's own producer strings and "now" out of the file,
  // so one plan version always renders to the same bytes.
  const pdf = await PDFDocument.create({ updateMetadata: false });
  const fonts: Fonts = {
    regular: await pdf.embedFont(StandardFonts.Helvetica),
    bold: await pdf.embedFont(StandardFonts.HelveticaBold),
    mono: await pdf.embedFont(StandardFonts.Courier),
  };
  // Metadata is readable by anything that indexes files, so it names the document type and
  // the clinic only: no client name, no zones, nothing about the person's skin.
  pdf.setTitle(L.title, { showInWindowTitleBar: true });
  pdf.setAuthor(doc.clinic.name);
  pdf.setCreator("Dermaplan");
  pdf.setProducer("Dermaplan");
  pdf.setLanguage(intl);
  pdf.setCreationDate(new Date(doc.plan.createdAt));
  pdf.setModificationDate(new Date(doc.acceptance?.signedAt ?? doc.plan.createdAt));

  // Every text passes through toWinAnsi on its way to the page (see `wrap`, `fit` and `Flow.line`).
  const { clinic, plan, acceptance } = doc;
  const flow = new Flow(pdf, fonts, clinic.name, `${L.title} — ${doc.client.name}`);
  const dates = formatters(clinic.timeZone, intl);

  const contact = [clinic.phone ? L.phone(clinic.phone) : null, clinic.email ? L.email(clinic.email) : null].filter((c) => c !== null);
  flow.firstPage(clinic.name, clinic.locationLine, contact.length ? contact.join(" · ") : null);
  flow.paragraph(L.title, { font: fonts.bold, size: 24, color: COLOUR.ink }, { lineHeight: 30 });
  flow.paragraph(doc.client.name, { font: fonts.regular, size: 14, color: COLOUR.ink }, { lineHeight: 20 });
  const meta = [L.planVersion(plan.version), dates.day.format(plan.createdAt)];
  if (plan.practitionerName) meta.push(L.preparedBy(plan.practitionerName));
  flow.paragraph(meta.join(" · "), { font: fonts.regular, size: BODY, color: COLOUR.muted });

  flow.heading(L.skinAssessment);
  flow.keyValues([
    [L.fitzpatrick, typeText(plan.fitzpatrick, L.fitzpatrickTypes, L)],
    [L.glogau, typeText(plan.glogau, L.glogauTypes, L)],
  ]);

  flow.heading(L.zones);
  if (plan.zones.length === 0) flow.paragraph(L.noZones, flow.body);
  else
    flow.table(
      [
        { title: L.zone, width: 0.34 },
        { title: L.indication, width: 0.4 },
        { title: L.depth, width: 0.26 },
      ],
      plan.zones.map((z) => [
        [[z.zoneLabel, flow.body]],
        [[z.indicationLabel, flow.body]],
        [
          [`${depthRange(z.depthMinMm, z.depthMaxMm, intl)} mm`, flow.body],
          [z.adjusted ? L.adjusted : L.clinicDefault, { font: fonts.regular, size: 8.5, color: COLOUR.muted }],
        ],
      ]),
    );

  const reasoned = plan.zones.filter((z) => (z.depthReason ?? "").trim() !== "");
  if (reasoned.length > 0) {
    flow.paragraph(L.depthReasons, { ...flow.body, font: fonts.bold }, { keepWithNext: 1 });
    for (const z of reasoned) {
      flow.paragraph(
        `${z.zoneLabel}, ${depthRange(z.depthMinMm, z.depthMaxMm, intl)} mm`,
        { ...flow.body, font: fonts.bold },
        {
          bullet: true,
          keepWithNext: 1,
        },
      );
      flow.paragraph(z.depthReason!.trim(), { ...flow.body, color: COLOUR.muted }, { indent: 12, after: 4 });
    }
  }

  flow.heading(L.course);
  flow.keyValues([
    [L.sessions, String(plan.sessions)],
    [L.interval, intervalText(plan.intervalMinDays, plan.intervalMaxDays, L)],
    ...(plan.earliestStart === undefined
      ? []
      : ([[L.earliestStart, plan.earliestStart === null ? L.earliestAfterReview : dates.plainDay(plan.earliestStart)]] as [string, string][])),
    [L.visit, L.visitMinutes(plan.visitMinutes) + (plan.numbingMinutes ? L.numbingMinutes(plan.numbingMinutes) : "")],
    [L.numbing, plan.numbingCream ? (plan.numbing ? `${plan.numbing.product} (${plan.numbing.agent})` : L.yes) : L.no],
    ...(plan.numbingCream && plan.numbing
      ? ([
          [L.numbingAreas, `${plan.numbing.areas.join(", ")} — ${L.numbingArea(plan.numbing.areaCm2)}`],
          ...(plan.numbing.reason ? [[L.numbingWhy, plan.numbing.reason] as [string, string]] : []),
        ] as [string, string][])
      : []),
  ]);
  if (plan.numbingCream && plan.numbing) flow.paragraph(L.numbingNoWrap, { ...flow.body, color: COLOUR.muted }, { after: 4 });

  if (plan.glide) {
    flow.heading(L.glide);
    flow.paragraph(plan.glide.name, { ...flow.body, font: fonts.bold }, { bullet: true, keepWithNext: 1 });
    if (plan.glide.sterile && plan.glide.singleUse)
      flow.paragraph(L.glideSterile, { ...flow.body, color: COLOUR.muted }, { indent: 12, after: 4 });
  }

  flow.heading(L.products);
  if (plan.products.length === 0) flow.paragraph(L.noProducts, flow.body);
  for (const p of plan.products) {
    flow.paragraph(p.name, { ...flow.body, font: fonts.bold }, { bullet: true, keepWithNext: 1 });
    flow.paragraph(L.whyApproved(p.reason), { ...flow.body, color: COLOUR.muted }, { indent: 12, after: 4 });
  }

  flow.heading(L.price);
  flow.keyValues([
    [L.pricePerSession, money(plan.pricePerSessionCents, plan.currency, intl)],
    [L.packageOf(plan.sessions), money(plan.packagePriceCents, plan.currency, intl)],
  ]);

  flow.heading(L.downtime);
  flow.paragraph(orNotStated(plan.downtime, L), flow.body);

  flow.heading(L.aftercare);
  const aftercare = plan.aftercare.filter((line) => line.trim() !== "");
  if (aftercare.length === 0) flow.paragraph(L.notStated, flow.body);
  for (const line of aftercare) flow.paragraph(line, flow.body, { bullet: true, after: 2 });

  flow.heading(L.achievability);
  flow.paragraph(orNotStated(plan.achievability, L), flow.body);

  if (plan.noteToClient.trim() !== "") {
    flow.heading(plan.practitionerName ? L.noteFrom(plan.practitionerName) : L.noteFromPractitioner);
    flow.paragraph(plan.noteToClient.trim(), flow.body, { indent: 12, bar: COLOUR.accent });
  }

  const hashStyle = { font: fonts.mono, size: 8, color: COLOUR.ink };
  flow.acceptance(
    L.acceptance,
    acceptance
      ? [
          [L.typedName, [acceptance.signedName, flow.body]],
          [L.acceptedAt, [dates.instant.format(acceptance.signedAt), flow.body]],
          [L.ip, [acceptance.ip ?? L.ipNotRecorded, flow.body]],
          [L.sha, [plan.contentSha256, hashStyle]],
        ]
      : [[L.sha, [plan.contentSha256, hashStyle]]],
    acceptance ? L.accepted : L.notAccepted,
  );

  flow.footers(L.footer(clinic.name, plan.version), L.page);
  return pdf.save();
}

function formatters(timeZone: string, intl: string) {
  // An invalid zone throws here on purpose: a signed time shown in the wrong zone would be worse than no PDF.
  return {
    day: new Intl.DateTimeFormat(intl, { timeZone, year: "numeric", month: "long", day: "numeric" }),
    /** A calendar date (YYYY-MM-DD) as it is written, in no zone. */
    plainDay: (date: string) => {
      const at = Date.parse(`${date}T12:00:00Z`);
      return Number.isNaN(at) ? date : new Intl.DateTimeFormat(intl, { timeZone: "UTC", year: "numeric", month: "long", day: "numeric" }).format(at);
    },
    instant: new Intl.DateTimeFormat(intl, {
      timeZone,
      year: "numeric",
      month: "long",
      day: "numeric",
      hour: "numeric",
      minute: "2-digit",
      second: "2-digit",
      timeZoneName: "short",
    }),
  };
}

function money(cents: number, currency: string, intl: string): string {
  try {
    return new Intl.NumberFormat(intl, { style: "currency", currency }).format(cents / 100);
  } catch {
    // An unknown currency code still prints the amount rather than losing the page.
    return `${twoDecimals(cents / 100, intl)} ${currency}`;
  }
}

/** "1.25" in English, "1,25" in French. */
function twoDecimals(n: number, intl: string): string {
  return new Intl.NumberFormat(intl, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(n);
}

function depthRange(min: number, max: number, intl: string): string {
  return min === max ? twoDecimals(min, intl) : `${twoDecimals(min, intl)}–${twoDecimals(max, intl)}`;
}

function intervalText(min: number, max: number, labels: Labels): string {
  const days = labels.days(min, max);
  if (min % 7 !== 0 || max % 7 !== 0) return days;
  return `${days} (${labels.weeks(min / 7, max / 7)})`;
}

function typeText(value: number | null, descriptions: Record<number, string>, labels: Labels): string {
  if (value === null) return labels.notRecorded;
  const description = descriptions[value];
  return description ? labels.type(ROMAN[value] ?? String(value), description) : `Type ${value}`;
}

function orNotStated(text: string, labels: Labels): string {
  return text.trim() === "" ? labels.notStated : text.trim();
}
