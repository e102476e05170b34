import { Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.schema.js';
import type { ReportContent } from '../report-store.js';
import { numberReferences } from './numbered-references.js';
import { fitsStandardFonts, loadPdfFonts, type PdfFonts } from './pdf-font.js';
import { writePdf, type PdfBlock } from './pdf-writer.js';
import type { ExportHeader } from './text-export.js';

/** The document language: Korean or Japanese by their own scripts, Chinese by Han, else English. */
function languageOf(text: string): string {
  if (/[\uac00-\ud7af]/.test(text)) return 'ko';
  if (/[\u3040-\u30ff]/.test(text)) return 'ja';
  return /[\u3400-\u9fff\uf900-\ufaff]/.test(text) ? 'zh-CN' : 'en';
}

/** The report as a PDF: sections, sentences with [n] markers, flags, then numbered references. */
export function reportBlocks(header: ExportHeader, content: ReportContent): PdfBlock[] {
  const refs = numberReferences(content.sections);
  const signed = header.signedAt
    ? `, signed ${header.signedAt.toISOString()} by user ${header.signedById}`
    : '';
  const blocks: PdfBlock[] = [
    { style: 'title', text: 'Diagnosis report' },
    { style: 'body', text: `Question: ${content.question}` },
    {
      style: 'body',
      text: `Report ${header.id}: ${header.status}${signed}. Generator: ${content.generator}.`,
    },
  ];
  for (const section of content.sections) {
    blocks.push({ style: 'heading', text: section.title });
    for (const sentence of section.sentences) {
      const marks = sentence.citations.map((c) => `[${refs.numberOf(c)}]`).join('');
      const flag = sentence.unsupported ? ` [UNSUPPORTED: ${sentence.unsupported.reason}]` : '';
      blocks.push({ style: 'body', text: `• ${sentence.text} ${marks}${flag}` });
    }
    for (const notice of section.notices) blocks.push({ style: 'body', text: `• (${notice})` });
  }
  blocks.push({ style: 'heading', text: 'References' });
  for (const { number, citation } of refs.list)
    blocks.push({ style: 'reference', text: `[${number}] entry ${citation.entryId}: “${citation.quote}”` });
  return blocks;
}

/**
 * PDF export with the font from `PDF_FONT_FILE` (read once, on first use). Without that file a
 * Latin-only report still exports in Helvetica; one with other scripts fails with a clear error.
 */
@Injectable()
export class PdfReportExporter {
  private fonts: PdfFonts | null | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'PDF_FONT_FILE'>) {}

  async render(header: ExportHeader, content: ReportContent, now = new Date()): Promise<Buffer> {
    const blocks = reportBlocks(header, content);
    this.fonts ??= loadPdfFonts(this.config.PDF_FONT_FILE);
    if (!this.fonts && !blocks.every((block) => fitsStandardFonts(block.text)))
      throw new ServiceUnavailableException(
        `PDF export needs a font for this report's script: PDF_FONT_FILE (${this.config.PDF_FONT_FILE}) ` +
          'does not exist; install fonts-noto-cjk or point PDF_FONT_FILE at a Latin+CJK font',
      );
    const text = blocks.map((block) => block.text).join('\n');
    return writePdf(
      blocks,
      {
        title: `Diagnosis report: ${content.question}`,
        author: header.signedById ? `Anamnesis, signed by user ${header.signedById}` : 'Anamnesis (draft)',
        subject: `Report ${header.id} (${header.status})`,
        language: languageOf(text),
        createdAt: now,
      },
      this.fonts,
    );
  }
}
