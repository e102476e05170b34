import { reportLanguage, sectionTitles } from '../report-language.js';
import type { ReportContent } from '../report-store.js';
import { exportLabels } from './export-labels.js';
import { numberReferences } from './numbered-references.js';

export interface ExportHeader {
  id: string;
  status: string;
  signedAt?: Date | null;
  signedById?: string | null;
}

/**
 * Plain text or Markdown with numbered references. Record text is escaped for Markdown so a link
 * or image inside a note never becomes one; unsupported sentences are marked as such. Labels and
 * section titles are in the question's language, as in the PDF.
 */
export function renderReport(
  header: ExportHeader,
  content: ReportContent,
  format: 'text' | 'markdown',
): string {
  const md = format === 'markdown';
  const esc = md ? escapeMarkdown : (s: string) => s;
  const ref = (n: number) => (md ? `\\[${n}\\]` : `[${n}]`);
  const refs = numberReferences(content.sections);
  const language = reportLanguage(content.question);
  const labels = exportLabels(language);
  const titles = sectionTitles(language);
  const lines: string[] = [];
  lines.push(md ? `# ${labels.document}` : labels.document.toUpperCase(), '');
  lines.push(`${labels.question}: ${esc(content.question)}`);
  const signed = header.signedAt
    ? { at: header.signedAt.toISOString(), by: header.signedById ?? '' }
    : undefined;
  lines.push(labels.status(header.id, header.status, signed));
  const fallback = content.fallbackReason ? ` (${labels.fallback}: ${esc(content.fallbackReason)})` : '';
  lines.push(`${labels.generator}: ${content.generator}${fallback}`);
  for (const section of content.sections) {
    const title = titles[section.key] ?? section.title;
    lines.push('', md ? `## ${title}` : title.toUpperCase());
    for (const sentence of section.sentences) {
      const marks = sentence.citations.map((c) => ref(refs.numberOf(c))).join('');
      const reason = sentence.unsupported ? `[${labels.unsupported}: ${sentence.unsupported.reason}]` : '';
      const flag = reason ? ` ${md ? `**${esc(reason)}**` : reason}` : '';
      lines.push(`- ${esc(sentence.text)} ${marks}${flag}`);
    }
    for (const notice of section.notices) lines.push(md ? `- _${esc(notice)}_` : `- (${notice})`);
  }
  lines.push('', md ? `## ${labels.references}` : labels.references.toUpperCase());
  for (const { number, citation } of refs.list)
    lines.push(
      `${ref(number)} ${labels.entry(citation.entryId)}, ${labels.characters(citation.start, citation.end)}: "${esc(citation.quote)}"`,
    );
  return lines.join('\n') + '\n';
}

/** Backslash-escapes Markdown punctuation so record text renders as literal text. */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_{}[\]()#+\-.!|<>~])/g, '\\$1');
}
