import PDFDocument from 'pdfkit';
import type { PdfFonts } from './pdf-font.js';

/**
 * Lays out report blocks as an A4 PDF with pdfkit: wrapped, selectable text in an embedded
 * subset of the configured font (Latin and CJK), or the standard Helvetica when there is none;
 * document metadata; "Page n of m" (in the document's language) on every page. No images, links or scripts, so nothing in it
 * is ever fetched or run.
 */
export interface PdfBlock {
  text: string;
  style: 'title' | 'heading' | 'body' | 'reference';
}

export interface PdfMetadata {
  title: string;
  author: string;
  subject?: string;
  /** BCP 47 language of the text, e.g. "en" or "zh-CN" (the catalog's /Lang). */
  language: string;
  createdAt: Date;
  /** The page footer in the document's language ("Page 1 of 3"). */
  pageLabel(page: number, count: number): string;
}

const MARGIN = 56;
const STYLE = {
  title: { bold: true, size: 16, gap: 0 },
  heading: { bold: true, size: 12, gap: 10 },
  body: { bold: false, size: 10, gap: 3 },
  reference: { bold: false, size: 9, gap: 2 },
};

export function writePdf(blocks: PdfBlock[], meta: PdfMetadata, fonts: PdfFonts | null): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    bufferPages: true,
    pdfVersion: '1.7',
    lang: meta.language,
    displayTitle: true,
    info: {
      Title: meta.title,
      Author: meta.author,
      Subject: meta.subject,
      Creator: 'Anamnesis',
      Producer: 'Anamnesis (pdfkit)',
      CreationDate: meta.createdAt,
      ModDate: meta.createdAt,
    },
  });
  const done = collect(doc);
  if (fonts) {
    doc.registerFont('regular', fonts.regular.data, fonts.regular.face);
    doc.registerFont('bold', fonts.bold.data, fonts.bold.face);
  } else {
    doc.registerFont('regular', 'Helvetica');
    doc.registerFont('bold', 'Helvetica-Bold');
  }
  const width = doc.page.width - 2 * MARGIN;
  for (const block of blocks) {
    const style = STYLE[block.style];
    doc.moveDown(style.gap / 12);
    doc
      .font(style.bold ? 'bold' : 'regular')
      .fontSize(style.size)
      .text(block.text, MARGIN, undefined, { width, lineGap: 2 });
  }
  numberPages(doc, meta.pageLabel);
  doc.end();
  return done;
}

function numberPages(doc: PDFKit.PDFDocument, label: PdfMetadata['pageLabel']): void {
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing in the margin must not start a new page
    doc
      .font('regular')
      .fontSize(8)
      .fillColor('#555555')
      .text(label(i + 1, count), MARGIN, doc.page.height - bottom / 2 - 4, {
        width: doc.page.width - 2 * MARGIN,
        align: 'center',
        lineBreak: false,
      });
    doc.page.margins.bottom = bottom;
  }
}

function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}
