import type { ReportContent } from '../report-store.js';
import { numberReferences } from './numbered-references.js';

export interface ExportHeader {
  id: string;
  status: string;
  signedAt?: Date | null;
  signedById?: string | null;
}

/**
 * Plain text or Markdown with numbered references. Record text is escaped for Markdown so a link
 * or image inside a note never becomes one; unsupported sentences are marked as such.
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
  const lines: string[] = [];
  lines.push(md ? '# Diagnosis report' : 'DIAGNOSIS REPORT', '');
  lines.push(`Question: ${esc(content.question)}`);
  const signed = header.signedAt
    ? `, signed ${header.signedAt.toISOString()} by user ${header.signedById}`
    : '';
  lines.push(`Report ${header.id}: ${header.status}${signed}`);
  const fallback = content.fallbackReason ? ` (fallback: ${esc(content.fallbackReason)})` : '';
  lines.push(`Generator: ${content.generator}${fallback}`);
  for (const section of content.sections) {
    lines.push('', md ? `## ${section.title}` : section.title.toUpperCase());
    for (const sentence of section.sentences) {
      const marks = sentence.citations.map((c) => ref(refs.numberOf(c))).join('');
      const reason = sentence.unsupported ? `[UNSUPPORTED: ${sentence.unsupported.reason}]` : '';
      const flag = reason ? ` ${md ? `**${esc(reason)}**` : reason}` : '';
      lines.push(`- ${esc(sentence.text)} ${marks}${flag}`);
    }
    for (const notice of section.notices) lines.push(md ? `- _${esc(notice)}_` : `- (${notice})`);
  }
  lines.push('', md ? '## References' : 'REFERENCES');
  for (const { number, citation } of refs.list)
    lines.push(
      `${ref(number)} entry ${citation.entryId}, characters ${citation.start}-${citation.end}: "${esc(citation.quote)}"`,
    );
  return lines.join('\n') + '\n';
}

/** Backslash-escapes Markdown punctuation so record text renders as literal text. */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_{}[\]()#+\-.!|<>~])/g, '\\$1');
}
