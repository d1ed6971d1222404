// The client's copy of one treatment plan version as a PDF: what is proposed,
// what it costs, what it can and cannot do, and, once accepted, who accepted
// it, when, from where, and the hash that ties the acceptance to exactly this
// version. Laid out by hand with pdf-lib so it needs no browser or font files.
// The document's own words (headings, labels, dates, money) are in the language
// the version was offered in, like the client's words stored inside it.
import { PDFDocument, PageSizes, StandardFonts, rgb, type PDFFont, type PDFPage, type RGB } from "pdf-lib";
import { CLIENT_INTL_LOCALE, type ClientLocale } from "../clients/locale.ts";

export interface PlanDocument {
  /** The language of the document's own words and formats; English when absent. */
  locale?: ClientLocale;
  clinic: { name: string; locationLine: string; phone: string | null; timeZone: string };
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
      /** The practitioner's reason for a depth outside the usual band (rule depth.outside-band), printed under the table. */
      depthReason?: string;
    }[];
    sessions: number;
    intervalMinDays: number;
    intervalMaxDays: number;
    visitMinutes: number;
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

// Canadian clinics print on Letter.
const [PAGE_WIDTH, PAGE_HEIGHT] = PageSizes.Letter as [number, number];
const MARGIN = 54;
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN;
const FIRST_BAND = 92;
const NEXT_BAND = 30;
const FOOTER_RULE_Y = 44;
/** Nothing in the flow goes below this, so the footer always has its own space. */
const CONTENT_BOTTOM = 58;
const BODY = 10;
const LINE = 14;
const LABEL_WIDTH = 160;

// The clinic's palette from app/styles.css, so the paper copy matches the screens.
const COLOUR = {
  ink: hex("#1d2a2a"),
  muted: hex("#4f5d5b"),
  line: hex("#d9d2c5"),
  brand: hex("#2f5d50"),
  brandSoft: hex("#e6efe9"),
  accent: hex("#a4532f"),
  paper: hex("#fbf8f3"),
  white: rgb(1, 1, 1),
  onBrand: hex("#d8e6de"),
};

const ROMAN = ["", "I", "II", "III", "IV", "V", "VI"];

/** Every word the document itself says, in each language it can be offered in. */
interface Labels {
  title: string;
  phone: (phone: string) => string;
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
  days: (min: number, max: number) => string;
  weeks: (min: number, max: number) => string;
  visit: string;
  visitMinutes: (minutes: number) => string;
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
  clinicDefault: "Clinic default",
  adjusted: "Adjusted for you",
  course: "Course of treatment",
  sessions: "Sessions",
  interval: "Time between sessions",
  days: (min, max) => `${range(min, max, "to")} ${max === 1 ? "day" : "days"}`,
  weeks: (min, max) => `${range(min, max, "to")} ${max === 1 ? "week" : "weeks"}`,
  visit: "Visit length",
  visitMinutes: (minutes) => `About ${minutes} minutes`,
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
  days: (min, max) => `${range(min, max, "à")} ${max === 1 ? "jour" : "jours"}`,
  weeks: (min, max) => `${range(min, max, "à")} ${max === 1 ? "semaine" : "semaines"}`,
  visit: "Durée de la visite",
  visitMinutes: (minutes) => `Environ ${minutes} minutes`,
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

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
  mono: PDFFont;
}

interface Style {
  font: PDFFont;
  size: number;
  color: RGB;
}

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

  flow.firstPage(clinic.name, clinic.locationLine, clinic.phone ? L.phone(clinic.phone) : null);
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
          [z.clinicDefault ? L.clinicDefault : L.adjusted, { font: fonts.regular, size: 8.5, color: COLOUR.muted }],
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
    [L.visit, L.visitMinutes(plan.visitMinutes)],
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

/** A vertical flow of blocks that opens a new page whenever the next line would not fit. */
class Flow {
  readonly pdf: PDFDocument;
  readonly fonts: Fonts;
  readonly body: Style;
  readonly clinicName: string;
  readonly runningHead: string;
  page: PDFPage | null = null;
  /** Top of the next line, in PDF points from the bottom of the page. */
  y = 0;

  constructor(pdf: PDFDocument, fonts: Fonts, clinicName: string, runningHead: string) {
    this.pdf = pdf;
    this.fonts = fonts;
    this.body = { font: fonts.regular, size: BODY, color: COLOUR.ink };
    this.clinicName = clinicName;
    this.runningHead = runningHead;
  }

  get current(): PDFPage {
    if (!this.page) throw new Error("no page yet");
    return this.page;
  }

  firstPage(clinicName: string, locationLine: string, phone: string | null): void {
    const page = (this.page = this.pdf.addPage([PAGE_WIDTH, PAGE_HEIGHT]));
    page.drawRectangle({ x: 0, y: PAGE_HEIGHT - FIRST_BAND, width: PAGE_WIDTH, height: FIRST_BAND, color: COLOUR.brand });
    page.drawRectangle({ x: 0, y: PAGE_HEIGHT - FIRST_BAND - 3, width: PAGE_WIDTH, height: 3, color: COLOUR.accent });
    const name = encodable(clinicName, this.fonts.bold);
    let size = 20;
    // A long clinic name shrinks a little before it is cut, so the band keeps its height.
    while (size > 14 && this.fonts.bold.widthOfTextAtSize(name, size) > CONTENT_WIDTH) size -= 1;
    const draw = (text: string, font: PDFFont, size: number, baseline: number, color: RGB) =>
      page.drawText(fit(text, font, size, CONTENT_WIDTH), { x: MARGIN, y: PAGE_HEIGHT - baseline, size, font, color });
    draw(name, this.fonts.bold, size, 38, COLOUR.white);
    draw(locationLine, this.fonts.regular, 10, 58, COLOUR.onBrand);
    if (phone) draw(phone, this.fonts.regular, 10, 73, COLOUR.onBrand);
    this.y = PAGE_HEIGHT - FIRST_BAND - 3 - 26;
  }

  newPage(): void {
    const page = (this.page = this.pdf.addPage([PAGE_WIDTH, PAGE_HEIGHT]));
    page.drawRectangle({ x: 0, y: PAGE_HEIGHT - NEXT_BAND, width: PAGE_WIDTH, height: NEXT_BAND, color: COLOUR.brand });
    const size = 9;
    const baseline = PAGE_HEIGHT - NEXT_BAND / 2 - size * 0.35;
    const name = fit(this.clinicName, this.fonts.bold, size, CONTENT_WIDTH * 0.45);
    page.drawText(name, { x: MARGIN, y: baseline, size, font: this.fonts.bold, color: COLOUR.white });
    // The client's name on every page, so a loose page still says whose plan it is.
    const head = fit(this.runningHead, this.fonts.regular, size, CONTENT_WIDTH * 0.5);
    const width = this.fonts.regular.widthOfTextAtSize(head, size);
    page.drawText(head, { x: PAGE_WIDTH - MARGIN - width, y: baseline, size, font: this.fonts.regular, color: COLOUR.onBrand });
    this.y = PAGE_HEIGHT - NEXT_BAND - 28;
  }

  /** Moves to a new page unless `height` more points fit on this one. */
  ensure(height: number): void {
    if (this.y - height < CONTENT_BOTTOM) this.newPage();
  }

  /** Draws one line whose box starts at this.y, with the baseline placed inside a line of `lineHeight`. */
  line(text: string, x: number, style: Style, lineHeight: number): void {
    const baseline = this.y - lineHeight + (lineHeight - style.size) / 2 + style.size * 0.22;
    const drawn = encodable(text, style.font);
    if (drawn !== "") this.current.drawText(drawn, { x, y: baseline, size: style.size, font: style.font, color: style.color });
  }

  heading(title: string): void {
    this.y -= 16;
    // A heading never sits alone at the bottom of a page.
    this.ensure(26 + 2 * LINE);
    const size = 12.5;
    this.line(fit(title, this.fonts.bold, size, CONTENT_WIDTH), MARGIN, { font: this.fonts.bold, size, color: COLOUR.brand }, 18);
    this.y -= 20;
    this.current.drawLine({
      start: { x: MARGIN, y: this.y },
      end: { x: PAGE_WIDTH - MARGIN, y: this.y },
      thickness: 0.75,
      color: COLOUR.line,
    });
    this.y -= 6;
  }

  paragraph(
    text: string,
    style: Style,
    options: { indent?: number; bullet?: boolean; bar?: RGB; lineHeight?: number; after?: number; keepWithNext?: number } = {},
  ): void {
    const lineHeight = options.lineHeight ?? Math.max(LINE, style.size * 1.3);
    const indent = (options.indent ?? 0) + (options.bullet ? 12 : 0);
    const lines = wrap(text, style.font, style.size, CONTENT_WIDTH - indent);
    lines.forEach((line, i) => {
      this.ensure(lineHeight * (i === lines.length - 1 ? 1 + (options.keepWithNext ?? 0) : 1));
      if (options.bar) {
        this.current.drawRectangle({ x: MARGIN, y: this.y - lineHeight, width: 2.5, height: lineHeight, color: options.bar });
      }
      if (options.bullet && i === 0) this.line("•", MARGIN + (options.indent ?? 0) + 2, { ...style, color: COLOUR.brand }, lineHeight);
      this.line(line, MARGIN + indent, style, lineHeight);
      this.y -= lineHeight;
    });
    this.y -= options.after ?? 0;
  }

  keyValues(rows: [string, string][]): void {
    const label = { font: this.fonts.bold, size: BODY, color: COLOUR.muted };
    for (const [key, value] of rows) {
      const keys = wrap(key, label.font, label.size, LABEL_WIDTH - 10);
      const values = wrap(value, this.body.font, this.body.size, CONTENT_WIDTH - LABEL_WIDTH);
      for (let i = 0; i < Math.max(keys.length, values.length); i++) {
        this.ensure(LINE);
        this.line(keys[i] ?? "", MARGIN, label, LINE);
        this.line(values[i] ?? "", MARGIN + LABEL_WIDTH, this.body, LINE);
        this.y -= LINE;
      }
      this.y -= 3;
    }
  }

  /**
   * A table whose rows may break across pages: each row is cut into as many lines as fit,
   * and the header is repeated on the next page, so no text ever leaves the page.
   */
  table(columns: { title: string; width: number }[], rows: [string, Style][][][]): void {
    const pad = 6;
    const widths = columns.map((c) => c.width * CONTENT_WIDTH);
    const xs = widths.map((_, i) => MARGIN + widths.slice(0, i).reduce((a, b) => a + b, 0));
    const headerStyle = { font: this.fonts.bold, size: 9.5, color: COLOUR.ink };
    const header = () => {
      const heads = columns.map((c, i) => wrap(c.title, headerStyle.font, headerStyle.size, (widths[i] ?? 0) - 2 * pad));
      const height = Math.max(...heads.map((h) => h.length)) * LINE + 2 * pad;
      this.current.drawRectangle({ x: MARGIN, y: this.y - height, width: CONTENT_WIDTH, height, color: COLOUR.brandSoft });
      const top = this.y;
      heads.forEach((lines, c) => {
        this.y = top - pad;
        for (const l of lines) {
          this.line(l, (xs[c] ?? 0) + pad, headerStyle, LINE);
          this.y -= LINE;
        }
      });
      this.y = top - height;
    };
    this.ensure(4 * LINE + 4 * pad);
    header();
    rows.forEach((row, r) => {
      const cells = row.map((runs, c) =>
        runs.flatMap(([text, style]) => wrap(text, style.font, style.size, (widths[c] ?? 0) - 2 * pad).map((l) => [l, style] as const)),
      );
      const total = Math.max(...cells.map((c) => c.length));
      let done = 0;
      while (done < total) {
        let fits = Math.floor((this.y - CONTENT_BOTTOM - 2 * pad) / LINE);
        // Split a row only when it is too tall for a page of its own; otherwise move it whole.
        if (fits < Math.min(total - done, 2) || (done === 0 && fits < total && total * LINE + 2 * pad < PAGE_HEIGHT / 2)) {
          this.newPage();
          header();
          fits = Math.floor((this.y - CONTENT_BOTTOM - 2 * pad) / LINE);
        }
        const count = Math.min(fits, total - done);
        const height = count * LINE + 2 * pad;
        if (r % 2 === 1) this.current.drawRectangle({ x: MARGIN, y: this.y - height, width: CONTENT_WIDTH, height, color: COLOUR.paper });
        const top = this.y;
        cells.forEach((lines, c) => {
          this.y = top - pad;
          for (const [text, style] of lines.slice(done, done + count)) {
            this.line(text, (xs[c] ?? 0) + pad, style, LINE);
            this.y -= LINE;
          }
        });
        this.y = top - height;
        this.current.drawLine({
          start: { x: MARGIN, y: this.y },
          end: { x: PAGE_WIDTH - MARGIN, y: this.y },
          thickness: 0.5,
          color: COLOUR.line,
        });
        done += count;
      }
    });
  }

  /** The acceptance box is kept on one page: a signature split from what it vouches for reads as two documents. */
  acceptance(title: string, rows: [string, [string, Style]][], statement: string): void {
    const pad = 12;
    const inner = CONTENT_WIDTH - 2 * pad;
    const label = { font: this.fonts.bold, size: BODY, color: COLOUR.muted };
    const intro = wrap(statement, this.body.font, this.body.size, inner);
    const laid = rows.map(([key, [value, style]]) => ({
      keys: wrap(key, label.font, label.size, LABEL_WIDTH - 10),
      values: wrap(value, style.font, style.size, inner - LABEL_WIDTH),
      style,
    }));
    const rowLines = laid.reduce((n, r) => n + Math.max(r.keys.length, r.values.length), 0);
    const height = 2 * pad + 24 + intro.length * LINE + 6 + rowLines * LINE + laid.length * 3;
    this.y -= 20;
    if (height <= PAGE_HEIGHT - NEXT_BAND - 28 - CONTENT_BOTTOM) this.ensure(height);
    else this.ensure(20 + 4 * LINE);
    const page = this.current;
    const boxTop = this.y;
    const boxBottom = Math.max(this.y - height, CONTENT_BOTTOM);
    page.drawRectangle({
      x: MARGIN,
      y: boxBottom,
      width: CONTENT_WIDTH,
      height: boxTop - boxBottom,
      color: COLOUR.brandSoft,
      borderColor: COLOUR.brand,
      borderWidth: 0.75,
    });
    this.y -= pad;
    this.line(title, MARGIN + pad, { font: this.fonts.bold, size: 12.5, color: COLOUR.brand }, 20);
    this.y -= 24;
    const draw = (text: string, x: number, style: Style) => {
      this.line(text, x, style, LINE);
    };
    for (const l of intro) {
      this.ensure(LINE);
      draw(l, MARGIN + pad, this.body);
      this.y -= LINE;
    }
    this.y -= 6;
    for (const r of laid) {
      for (let i = 0; i < Math.max(r.keys.length, r.values.length); i++) {
        this.ensure(LINE);
        draw(r.keys[i] ?? "", MARGIN + pad, label);
        draw(r.values[i] ?? "", MARGIN + pad + LABEL_WIDTH, r.style);
        this.y -= LINE;
      }
      this.y -= 3;
    }
  }

  /** Drawn last, when the page count is known. */
  footers(left: string, pageOf: (page: number, pages: number) => string): void {
    const pages = this.pdf.getPages();
    const style = { font: this.fonts.regular, size: 8, color: COLOUR.muted };
    pages.forEach((page, i) => {
      page.drawLine({
        start: { x: MARGIN, y: FOOTER_RULE_Y },
        end: { x: PAGE_WIDTH - MARGIN, y: FOOTER_RULE_Y },
        thickness: 0.5,
        color: COLOUR.line,
      });
      const right = encodable(pageOf(i + 1, pages.length), style.font);
      const rightWidth = style.font.widthOfTextAtSize(right, style.size);
      page.drawText(fit(left, style.font, style.size, CONTENT_WIDTH - rightWidth - 24), { ...style, x: MARGIN, y: FOOTER_RULE_Y - 13 });
      page.drawText(right, { ...style, x: PAGE_WIDTH - MARGIN - rightWidth, y: FOOTER_RULE_Y - 13 });
    });
  }
}

function formatters(timeZone: string, intl: string) {
  // An invalid zone throws here on purpose: a signed time shown in the wrong zone would be worse than no PDF.
  return {
    day: new Intl.DateTimeFormat(intl, { timeZone, year: "numeric", month: "long", day: "numeric" }),
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

function hex(code: string): RGB {
  const n = Number.parseInt(code.slice(1), 16);
  return rgb(((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255);
}

// What WinAnsi cannot encode but has a plain-text equivalent for. Everything else is first
// stripped of accents, then dropped (pictographs) or shown as "?".
const REPLACEMENTS: Record<string, string> = {
  "≤": "<=",
  "≥": ">=",
  "≠": "!=",
  "≈": "~",
  "−": "-",
  "‐": "-",
  "‑": "-",
  "‒": "–",
  "―": "—",
  "→": "->",
  "←": "<-",
  "⇒": "=>",
  "′": "'",
  "″": '"',
  "✓": "v",
  "✔": "v",
  Ł: "L",
  ł: "l",
  Đ: "D",
  đ: "d",
  ı: "i",
};

const DROPPED = "\u0000";

const CHARSETS = new WeakMap<PDFFont, ReadonlySet<number>>();

/** `text` as `font` can draw it: what toWinAnsi makes of it, with the font's own character set. */
function encodable(text: string, font: PDFFont): string {
  let charset = CHARSETS.get(font);
  if (!charset) {
    charset = new Set(font.getCharacterSet());
    CHARSETS.set(font, charset);
  }
  return toWinAnsi(text, charset);
}

/**
 * The standard PDF fonts only know WinAnsi (Windows-1252), and pdf-lib throws on anything
 * else. Keeps line breaks as "\n" so wrapping can honour them; turns other whitespace into spaces
 * (the narrow no-break space Intl puts in some languages' times and numbers among them).
 * Applying it twice changes nothing, so every drawing step may apply it.
 */
function toWinAnsi(text: string, charset: ReadonlySet<number>): string {
  let out = "";
  for (const ch of text.replace(/\r\n?|[\u2028\u2029\u0085]/g, "\n").normalize("NFC")) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === "\n") out += "\n";
    else if (charset.has(code) && code >= 0x20) out += ch;
    else if (REPLACEMENTS[ch] !== undefined) out += REPLACEMENTS[ch];
    else if (/\s/u.test(ch)) out += " ";
    // Emoji and their joiners, variation selectors and skin tones carry no words to keep.
    else if (
      /[\p{Extended_Pictographic}\p{Emoji_Modifier}\u200b-\u200f\u2060\ufe00-\ufe0f\u20e3\p{Cc}\p{Cf}]/u.test(ch) ||
      (code >= 0xe0000 && code <= 0xe007f)
    )
      out += DROPPED;
    else {
      const bare = ch.normalize("NFKD").replace(/\p{M}/gu, "");
      out += bare !== "" && [...bare].every((c) => charset.has(c.codePointAt(0) ?? 0)) ? bare : "?";
    }
  }
  // "Lovely 🙂." reads "Lovely." rather than "Lovely ." once the emoji is gone.
  return out.replace(/ *\u0000+(?=[\s.,;:!?)]|$)/g, "").replaceAll(DROPPED, "");
}

/** Word-wraps to `width`; a word longer than the line (a URL, a hash) is cut where it must be. */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const out: string[] = [];
  const paragraphs = encodable(text, font).split("\n");
  while (paragraphs.length > 1 && paragraphs[paragraphs.length - 1]?.trim() === "") paragraphs.pop();
  for (const paragraph of paragraphs) {
    const words = paragraph.split(" ").filter((w) => w !== "");
    let line = "";
    for (const word of words) {
      const candidate = line === "" ? word : `${line} ${word}`;
      if (font.widthOfTextAtSize(candidate, size) <= width) {
        line = candidate;
        continue;
      }
      if (line !== "") out.push(line);
      let rest = word;
      while (font.widthOfTextAtSize(rest, size) > width) {
        const cut = longestFittingPrefix(rest, font, size, width);
        out.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      line = rest;
    }
    out.push(line);
  }
  return out;
}

function longestFittingPrefix(text: string, font: PDFFont, size: number, width: number): number {
  let low = 1;
  let high = text.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (font.widthOfTextAtSize(text.slice(0, mid), size) <= width) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** One line, cut with an ellipsis when it would run past `width`. */
function fit(text: string, font: PDFFont, size: number, width: number): string {
  const flat = encodable(text, font).replace(/\n/g, " ");
  if (font.widthOfTextAtSize(flat, size) <= width) return flat;
  const cut = longestFittingPrefix(flat, font, size, width - font.widthOfTextAtSize("…", size));
  return `${flat.slice(0, cut).trimEnd()}…`;
}
