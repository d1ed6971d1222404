// The PDF's page layout: Letter pages with the clinic's band on top and a
// footer, and a vertical flow of headings, paragraphs, key-value rows, tables
// and the acceptance box that opens a new page whenever the next line would
// not fit. Every text is passed through winansi.ts on its way to the page.
import { PageSizes, rgb, type PDFDocument, type PDFFont, type PDFPage, type RGB } from "pdf-lib";
import { encodable, fit, wrap } from "./winansi.ts";

// Canadian clinics print on Letter.
const [PAGE_WIDTH, PAGE_HEIGHT] = PageSizes.Letter as [number, number];
const MARGIN = 54;
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN;
const FIRST_BAND = 92;
const NEXT_BAND = 30;
const FOOTER_RULE_Y = 44;
/** Nothing in the flow goes below this, so the footer always has its own space. */
const CONTENT_BOTTOM = 58;
export const BODY = 10;
const LINE = 14;
const LABEL_WIDTH = 160;

// The clinic's palette from app/styles.css, so the paper copy matches the screens.
export const COLOUR = {
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

export interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
  mono: PDFFont;
}

export interface Style {
  font: PDFFont;
  size: number;
  color: RGB;
}

/** A vertical flow of blocks that opens a new page whenever the next line would not fit. */
export class Flow {
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

function hex(code: string): RGB {
  const n = Number.parseInt(code.slice(1), 16);
  return rgb(((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255);
}
