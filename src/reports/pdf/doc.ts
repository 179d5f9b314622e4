/**
 * The report page kit on pdfkit: A4, the embedded Japanese font, a cover, sections with
 * PDF bookmarks, paragraphs, key figures, tables that break across pages with their
 * header repeated, vector charts, and "page n / N" with a running header added once the
 * page count is known. Report composers (company, programme) only use these primitives,
 * so every report looks alike.
 */
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import { FONT_BOLD, FONT_REGULAR, reportFonts } from './fonts.js';

export const INK = '#1f2933';
export const MUTED = '#616e7c';
export const ACCENT = '#2563a8';
const RULE = '#cbd2d9';
const ZEBRA = '#f5f7fa';
const TONES = {
  info: { bg: '#eaf2fb', bar: ACCENT },
  warn: { bg: '#fdf0e6', bar: '#d9822b' },
  bad: { bg: '#fbeaea', bar: '#c2453d' },
  good: { bg: '#e9f6ef', bar: '#2f9e6e' },
} as const;
export type Tone = keyof typeof TONES;

export interface ReportPdfOptions {
  lang: 'ja' | 'en';
  /** Document title (PDF metadata) and running header on every page after the cover. */
  title: string;
  subject?: string;
  author?: string;
  /** Fixed creation date (tests, reproducible output). */
  createdAt?: Date;
  /** "page {n} / {total}" in the report's language. */
  pageLabel: (n: number, total: number) => string;
}

export interface TableColumn {
  header: string;
  /** Share of the content width (the shares are normalised). */
  width?: number;
  align?: 'left' | 'right' | 'center';
}

export interface KeyFigure {
  label: string;
  value: string;
  note?: string;
  tone?: Tone;
}

const MARGIN = 50;
const BODY = 10;

export class ReportPdf {
  readonly doc: PDFKit.PDFDocument;
  private readonly opts: ReportPdfOptions;
  private readonly chunks: Buffer[] = [];
  private readonly done: Promise<Buffer>;

  constructor(opts: ReportPdfOptions) {
    this.opts = opts;
    this.doc = new PDFDocument({
      size: 'A4',
      margins: { top: MARGIN + 14, bottom: MARGIN, left: MARGIN, right: MARGIN },
      bufferPages: true,
      autoFirstPage: true,
      lang: opts.lang === 'ja' ? 'ja-JP' : 'en',
      displayTitle: true,
      info: {
        Title: opts.title,
        ...(opts.subject ? { Subject: opts.subject } : {}),
        Author: opts.author ?? 'Otasuke',
        Creator: 'Otasuke',
        CreationDate: opts.createdAt ?? new Date(),
      },
    });
    const fonts = reportFonts();
    this.doc.registerFont(FONT_REGULAR, fonts.regular);
    this.doc.registerFont(FONT_BOLD, fonts.bold);
    this.doc.font(FONT_REGULAR).fontSize(BODY).fillColor(INK);
    this.doc.on('data', (c: Buffer) => this.chunks.push(c));
    this.done = new Promise((resolve, reject) => {
      this.doc.on('end', () => resolve(Buffer.concat(this.chunks)));
      this.doc.on('error', reject);
    });
  }

  get width(): number {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }

  private get left(): number {
    return this.doc.page.margins.left;
  }

  private get bottom(): number {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }

  /** Starts a new page unless `height` points still fit on this one. */
  ensureSpace(height: number): void {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
  }

  newPage(): void {
    this.doc.addPage();
  }

  /** The first page: title, the company and period lines, then key facts as label / value. */
  cover(c: {
    kicker?: string;
    title: string;
    lines: string[];
    facts: [string, string][];
    note?: string;
  }): void {
    const d = this.doc;
    d.rect(0, 0, d.page.width, 8).fill(ACCENT);
    d.y = 170;
    if (c.kicker) d.font(FONT_REGULAR).fontSize(12).fillColor(ACCENT).text(c.kicker, this.left, d.y);
    d.moveDown(0.4);
    d.font(FONT_BOLD).fontSize(26).fillColor(INK).text(c.title, this.left, d.y, { width: this.width });
    d.moveDown(0.8);
    for (const line of c.lines) d.font(FONT_BOLD).fontSize(15).text(line, { width: this.width });
    d.moveDown(2);
    for (const [label, value] of c.facts) {
      const y = d.y;
      d.font(FONT_REGULAR).fontSize(BODY).fillColor(MUTED).text(label, this.left, y, { width: 120 });
      d.fillColor(INK).text(value, this.left + 130, y, { width: this.width - 130 });
      d.moveDown(0.3);
    }
    if (c.note) {
      d.y = this.bottom - 80;
      d.font(FONT_REGULAR).fontSize(9).fillColor(MUTED).text(c.note, this.left, d.y, { width: this.width });
    }
    d.fillColor(INK);
  }

  /** A top-level section: a new page unless `continued`, a bookmark, the title. */
  section(title: string, opts: { continued?: boolean } = {}): void {
    const d = this.doc;
    if (!opts.continued) d.addPage();
    else this.ensureSpace(80);
    d.outline.addItem(title);
    d.font(FONT_BOLD).fontSize(17).fillColor(ACCENT).text(title, this.left, d.y, { width: this.width });
    const y = d.y + 3;
    d.moveTo(this.left, y)
      .lineTo(this.left + this.width, y)
      .lineWidth(1)
      .strokeColor(ACCENT)
      .stroke();
    d.y = y + 10;
    d.font(FONT_REGULAR).fontSize(BODY).fillColor(INK);
  }

  heading(text: string): void {
    this.ensureSpace(60);
    const d = this.doc;
    d.moveDown(0.6);
    d.font(FONT_BOLD).fontSize(12.5).fillColor(INK).text(text, this.left, d.y, { width: this.width });
    d.moveDown(0.3);
    d.font(FONT_REGULAR).fontSize(BODY);
  }

  paragraph(text: string, o: { size?: number; muted?: boolean; bold?: boolean; gap?: number } = {}): void {
    const d = this.doc;
    d.font(o.bold ? FONT_BOLD : FONT_REGULAR)
      .fontSize(o.size ?? BODY)
      .fillColor(o.muted ? MUTED : INK);
    const h = d.heightOfString(text, { width: this.width, lineGap: 2 });
    this.ensureSpace(Math.min(h, 60));
    d.text(text, this.left, d.y, { width: this.width, lineGap: 2 });
    d.moveDown(o.gap ?? 0.5);
    d.font(FONT_REGULAR).fontSize(BODY).fillColor(INK);
  }

  bullets(items: readonly string[]): void {
    const d = this.doc;
    d.font(FONT_REGULAR).fontSize(BODY).fillColor(INK);
    for (const item of items) {
      const h = d.heightOfString(item, { width: this.width - 14, lineGap: 2 });
      this.ensureSpace(h + 4);
      const y = d.y;
      d.text('・', this.left, y, { width: 14, lineBreak: false });
      d.text(item, this.left + 14, y, { width: this.width - 14, lineGap: 2 });
      d.moveDown(0.25);
    }
    d.moveDown(0.3);
  }

  /** A text box with a coloured bar on its left: what matters most on a page. */
  callout(text: string, tone: Tone = 'info', title?: string): void {
    const d = this.doc;
    const pad = 8;
    const w = this.width - 2 * pad - 4;
    d.font(FONT_BOLD).fontSize(BODY);
    const th = title ? d.heightOfString(title, { width: w }) + 3 : 0;
    d.font(FONT_REGULAR).fontSize(BODY);
    const h = th + d.heightOfString(text, { width: w, lineGap: 2 }) + 2 * pad;
    this.ensureSpace(h + 6);
    const y = d.y;
    d.rect(this.left, y, this.width, h).fill(TONES[tone].bg);
    d.rect(this.left, y, 4, h).fill(TONES[tone].bar);
    d.fillColor(INK);
    if (title) d.font(FONT_BOLD).text(title, this.left + pad + 4, y + pad, { width: w });
    d.font(FONT_REGULAR).text(text, this.left + pad + 4, y + pad + th, { width: w, lineGap: 2 });
    d.y = y + h + 8;
  }

  /** Up to four figures side by side per row, each a label, a big value and a note. */
  keyFigures(figs: readonly KeyFigure[], perRow = 3): void {
    const d = this.doc;
    const gap = 8;
    const w = (this.width - gap * (perRow - 1)) / perRow;
    const h = 62;
    for (let i = 0; i < figs.length; i += perRow) {
      this.ensureSpace(h + gap);
      const y = d.y;
      figs.slice(i, i + perRow).forEach((f, j) => {
        const x = this.left + j * (w + gap);
        d.rect(x, y, w, h).fill(f.tone ? TONES[f.tone].bg : ZEBRA);
        d.font(FONT_REGULAR)
          .fontSize(8.5)
          .fillColor(MUTED)
          .text(f.label, x + 7, y + 6, { width: w - 14, height: 12, ellipsis: true });
        d.font(FONT_BOLD)
          .fontSize(16)
          .fillColor(INK)
          .text(f.value, x + 7, y + 20, { width: w - 14, lineBreak: false });
        if (f.note)
          d.font(FONT_REGULAR)
            .fontSize(8)
            .fillColor(MUTED)
            .text(f.note, x + 7, y + 44, { width: w - 14, height: 12, ellipsis: true });
      });
      d.y = y + h + gap;
    }
    d.font(FONT_REGULAR).fontSize(BODY).fillColor(INK);
  }

  /** A table that breaks across pages, repeating its header row. */
  table(
    columns: readonly TableColumn[],
    rows: readonly (readonly (string | number)[])[],
    o: { size?: number } = {},
  ): void {
    const d = this.doc;
    const size = o.size ?? 9;
    const total = columns.reduce((a, c) => a + (c.width ?? 1), 0);
    const widths = columns.map((c) => (this.width * (c.width ?? 1)) / total);
    const pad = 4;
    const rowHeight = (cells: readonly string[], bold: boolean): number => {
      d.font(bold ? FONT_BOLD : FONT_REGULAR).fontSize(size);
      return Math.max(...cells.map((s, i) => d.heightOfString(s, { width: widths[i] - 2 * pad }))) + 2 * pad;
    };
    const drawRow = (
      cells: readonly string[],
      y: number,
      h: number,
      header: boolean,
      zebra: boolean,
    ): void => {
      if (header) d.rect(this.left, y, this.width, h).fill('#e4e7eb');
      else if (zebra) d.rect(this.left, y, this.width, h).fill(ZEBRA);
      let x = this.left;
      d.font(header ? FONT_BOLD : FONT_REGULAR)
        .fontSize(size)
        .fillColor(INK);
      cells.forEach((s, i) => {
        d.text(s, x + pad, y + pad, { width: widths[i] - 2 * pad, align: columns[i].align ?? 'left' });
        x += widths[i];
      });
      d.moveTo(this.left, y + h)
        .lineTo(this.left + this.width, y + h)
        .lineWidth(0.5)
        .strokeColor(RULE)
        .stroke();
    };
    const header = columns.map((c) => c.header);
    const hh = rowHeight(header, true);
    let y = d.y;
    const startPage = (): void => {
      drawRow(header, y, hh, true, false);
      y += hh;
    };
    if (y + hh * 2 > this.bottom) {
      d.addPage();
      y = d.y;
    }
    startPage();
    rows.forEach((r, i) => {
      const cells = r.map((v) => (typeof v === 'number' ? v.toLocaleString('en-US') : v));
      const h = rowHeight(cells, false);
      if (y + h > this.bottom) {
        d.addPage();
        y = d.y;
        startPage();
      }
      drawRow(cells, y, h, false, i % 2 === 1);
      y += h;
    });
    d.x = this.left;
    d.y = y + 10;
    d.font(FONT_REGULAR).fontSize(BODY).fillColor(INK);
  }

  /** A chart (SVG from renderChartSvg) at the content width, scaled to `height`. */
  chart(svg: string, o: { width: number; height: number }): void {
    const d = this.doc;
    const w = Math.min(this.width, o.width);
    const h = (o.height * w) / o.width;
    this.ensureSpace(h + 8);
    const y = d.y;
    SVGtoPDF(d, svg, this.left + (this.width - w) / 2, y, {
      width: w,
      height: h,
      assumePt: true,
      fontCallback: (_family, bold) => (bold ? FONT_BOLD : FONT_REGULAR),
    });
    d.x = this.left;
    d.y = y + h + 8;
    d.font(FONT_REGULAR).fontSize(BODY).fillColor(INK);
  }

  /** Adds the running header and page numbers, ends the document, resolves to the PDF. */
  async finish(): Promise<{ pdf: Buffer; pages: number }> {
    const d = this.doc;
    const range = d.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      d.switchToPage(i);
      const { top, bottom } = d.page.margins;
      // writing inside the margins would otherwise make pdfkit open a new page
      d.page.margins.top = 0;
      d.page.margins.bottom = 0;
      d.font(FONT_REGULAR).fontSize(8).fillColor(MUTED);
      if (i > range.start)
        d.text(this.opts.title, this.left, 28, { width: this.width, lineBreak: false, ellipsis: true });
      d.text(this.opts.pageLabel(i - range.start + 1, range.count), this.left, d.page.height - 32, {
        width: this.width,
        align: 'center',
        lineBreak: false,
      });
      d.page.margins.top = top;
      d.page.margins.bottom = bottom;
    }
    d.end();
    return { pdf: await this.done, pages: range.count };
  }
}
