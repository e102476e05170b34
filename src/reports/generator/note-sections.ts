import type { ReportSentence } from '../report.types.js';
import { citeSpan, type ClinicalEntries, sentence } from './clinical-entries.js';
import { noteSentences, type Span } from './note-sentences.js';
import { type QuestionFocus, relevance } from './relevance.js';

/** Notes considered: the retrieved ones first, then the most recent, up to this many. */
const MAX_NOTES = 300;
const MAX_PRESENTING = 3;
const MAX_ASSESSMENTS = 6;
export const ASSESSMENT =
  /\b(assessment|impression|likely|consistent with|suggestive of|suspect(?:ed)?|differential|diagnos\w*|plan)\b|诊断|考虑|印象|评估|计划|建议|拟行/i;

export interface ScoredSpan extends Span {
  score: number;
}

/** Note sentences scored against the question, best first (ties: newer note first). */
export function scoredNoteSpans(
  record: ClinicalEntries,
  focus: QuestionFocus,
  retrieved: ReadonlySet<string>,
): ScoredSpan[] {
  const notes = [
    ...record.notes.filter((n) => retrieved.has(n.id)),
    ...record.notes.filter((n) => !retrieved.has(n.id)),
  ].slice(0, MAX_NOTES);
  return notes
    .flatMap((note) =>
      noteSentences(note).map((span) => ({
        ...span,
        score: relevance(focus, span.text) + (retrieved.has(note.id) ? 0.5 : 0),
      })),
    )
    .sort((a, b) => b.score - a.score || b.entry.time - a.entry.time || a.start - b.start);
}

/** Presenting question: the note statements that best match what was asked. */
export function presentingSentences(spans: ScoredSpan[]): ReportSentence[] {
  const matching = spans.filter((s) => s.score >= 1);
  // History and findings first; impressions and plans belong to "Prior assessments".
  const findings = matching.filter((s) => !ASSESSMENT.test(s.text));
  return [...findings, ...matching.filter((s) => ASSESSMENT.test(s.text))]
    .slice(0, MAX_PRESENTING)
    .map((s) => sentence(s.text, citeSpan(s)));
}

/** Prior assessments: impressions and plans from notes, relevant ones first. */
export function assessmentSentences(spans: ScoredSpan[], used: ReadonlySet<string>): ReportSentence[] {
  return spans
    .filter((s) => ASSESSMENT.test(s.text) && !used.has(s.text))
    .slice(0, MAX_ASSESSMENTS)
    .map((s) => sentence(s.text, citeSpan(s)));
}
