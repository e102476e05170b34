import { tokenise } from '../text/tokens.js';
import type { ClinicalEntries } from './clinical-entries.js';
import type { DraftWording } from './draft-wording.js';
import type { QuestionFocus } from './relevance.js';
import type { ResultSeries } from './results-section.js';

/**
 * Open questions / gaps: what the record does not say. Each notice names only terms from the
 * question or result names, never content the caller could not otherwise see.
 */
export function gapNotices(
  record: ClinicalEntries,
  focus: QuestionFocus,
  series: ResultSeries[],
  wording: DraftWording,
): string[] {
  const notices: string[] = [];
  if (!record.allergies.length) notices.push(wording.noAllergyStatus);
  if (!record.medications.length) notices.push(wording.noMedicationList);
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
  if (missing.length) notices.push(wording.notMentioned(missing.map((t) => t.replace(/_/g, ' '))));
  if (!series.some((s) => s.relevant) && focus.terms.size) notices.push(wording.noRelatedResult);
  for (const s of series.filter((x) => x.relevant && x.values.length === 1))
    notices.push(wording.singleResult(s.name));
  return notices;
}
