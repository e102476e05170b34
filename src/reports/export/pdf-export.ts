import { Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.schema.js';
import { textLanguage } from '../../terminology/text/language.js';
import { reportLanguage, sectionTitles } from '../report-language.js';
import type { ReportContent } from '../report-store.js';
import { exportLabels } from './export-labels.js';
import { numberReferences } from './numbered-references.js';
import { fitsStandardFonts, loadPdfFonts, type PdfFonts } from './pdf-font.js';
import { writePdf, type PdfBlock } from './pdf-writer.js';
import type { ExportHeader } from './text-export.js';

/** The document's BCP 47 tag: Korean or Japanese by their own scripts, Chinese by Han, else English. */
const LANGUAGE_TAGS = { zh: 'zh-CN', ja: 'ja', ko: 'ko', en: 'en' } as const;

/**
 * The report as a PDF: sections, sentences with [n] markers, flags, then numbered references.
 * Labels and section titles are in the question's language (a report stored with titles in
 * another language is titled by its section keys).
 */
export function reportBlocks(header: ExportHeader, content: ReportContent): PdfBlock[] {
  const refs = numberReferences(content.sections);
  const language = reportLanguage(content.question);
  const labels = exportLabels(language);
  const titles = sectionTitles(language);
  const signed = header.signedAt
    ? { at: header.signedAt.toISOString(), by: header.signedById ?? '' }
    : undefined;
  const stop = language === 'zh' ? '。' : '.';
  const blocks: PdfBlock[] = [
    { style: 'title', text: labels.document },
    { style: 'body', text: `${labels.question}: ${content.question}` },
    {
      style: 'body',
      text: `${labels.status(header.id, header.status, signed)}${stop} ${labels.generator}: ${content.generator}${stop}`,
    },
  ];
  for (const section of content.sections) {
    blocks.push({ style: 'heading', text: titles[section.key] ?? section.title });
    for (const sentence of section.sentences) {
      const marks = sentence.citations.map((c) => `[${refs.numberOf(c)}]`).join('');
      const flag = sentence.unsupported ? ` [${labels.unsupported}: ${sentence.unsupported.reason}]` : '';
      blocks.push({ style: 'body', text: `• ${sentence.text} ${marks}${flag}` });
    }
    for (const notice of section.notices) blocks.push({ style: 'body', text: `• (${notice})` });
  }
  blocks.push({ style: 'heading', text: labels.references });
  for (const { number, citation } of refs.list)
    blocks.push({
      style: 'reference',
      text: `[${number}] ${labels.entry(citation.entryId)}: “${citation.quote}”`,
    });
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
    const labels = exportLabels(reportLanguage(content.question));
    return writePdf(
      blocks,
      {
        title: `${labels.document}: ${content.question}`,
        author: header.signedById ? `Anamnesis, signed by user ${header.signedById}` : 'Anamnesis (draft)',
        subject: `Report ${header.id} (${header.status})`,
        language: LANGUAGE_TAGS[textLanguage(text)],
        pageLabel: labels.page,
        createdAt: now,
      },
      this.fonts,
    );
  }
}
