import type { ReportContent } from '../report-store.js';
import { numberReferences } from './numbered-references.js';
import { writePdf, type PdfBlock } from './pdf-writer.js';
import type { ExportHeader } from './text-export.js';

/** The report as a PDF: sections, sentences with [n] markers, flags, then numbered references. */
export function reportPdf(header: ExportHeader, content: ReportContent): Buffer {
  const refs = numberReferences(content.sections);
  const blocks: PdfBlock[] = [
    { style: 'title', text: 'Diagnosis report' },
    { style: 'body', text: `Question: ${content.question}` },
    {
      style: 'body',
      text: `Report ${header.id}: ${header.status}${header.signedAt ? `, signed ${header.signedAt.toISOString()} by user ${header.signedById}` : ''}. Generator: ${content.generator}.`,
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
    blocks.push({ style: 'body', text: `[${number}] entry ${citation.entryId}: “${citation.quote}”` });
  return writePdf(blocks);
}
