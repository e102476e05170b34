import type { Citation, Report } from '../api/types';

/** Reference numbers in order of first citation, as the exported report numbers them. */
export function numberCitations(report: Report): Map<string, number> {
  const numbers = new Map<string, number>();
  for (const section of report.sections)
    for (const sentence of section.sentences)
      for (const citation of sentence.citations)
        if (!numbers.has(citation.entryId)) numbers.set(citation.entryId, numbers.size + 1);
  return numbers;
}

/** Where `quote` sits in `text`: exact, else ignoring whitespace differences; undefined when absent. */
export function locateQuote(text: string, citation: Pick<Citation, 'quote'>): [number, number] | undefined {
  const exact = text.indexOf(citation.quote);
  if (exact >= 0) return [exact, exact + citation.quote.length];
  const words = citation.quote.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return undefined;
  const escaped = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s+');
  const match = new RegExp(escaped, 'i').exec(text);
  return match ? [match.index, match.index + match[0].length] : undefined;
}
