import { tokenise } from '../text/tokens.js';
import type { ClinicalEntries } from './clinical-entries.js';
import type { QuestionFocus } from './relevance.js';
import type { ResultSeries } from './results-section.js';

/**
 * Open questions / gaps: what the record does not say. Each notice names only terms from the
 * question or result names, never content the caller could not otherwise see.
 */
export function gapNotices(record: ClinicalEntries, focus: QuestionFocus, series: ResultSeries[]): string[] {
  const notices: string[] = [];
  if (!record.allergies.length) notices.push('Allergy status is not documented in the available entries.');
  if (!record.medications.length) notices.push('No medication list is documented in the available entries.');
  const known = new Set<string>();
  for (const entry of [
    ...record.notes.slice(0, 300),
    ...record.problems,
    ...record.medications,
    ...record.allergies,
  ])
    for (const token of tokenise(entry.text).tokens) known.add(token.term);
  for (const s of series) for (const token of tokenise(s.name).tokens) known.add(token.term);
  const missing = [...focus.terms].filter((term) => !known.has(term) && term.length > 2);
  if (missing.length)
    notices.push(`The record does not mention: ${missing.map((t) => t.replace(/_/g, ' ')).join(', ')}.`);
  if (!series.some((s) => s.relevant) && focus.terms.size)
    notices.push('No result related to the question is recorded.');
  for (const s of series.filter((x) => x.relevant && x.values.length === 1))
    notices.push(`${s.name} has a single result; no trend can be computed.`);
  return notices;
}
