import type { EvidenceEntry } from '../evidence/evidence-entry.js';
import {
  type ReportDraft,
  type ReportSection,
  type ReportSentence,
  SECTION_TITLES,
  type SectionKey,
} from '../report.types.js';
import { answerSentences } from './answer-section.js';
import { sortEntries } from './clinical-entries.js';
import { diagnosisSentences } from './diagnoses-section.js';
import { gapNotices } from './gaps.js';
import { assessmentSentences, presentingSentences, scoredNoteSpans } from './note-sections.js';
import { allergySentences, historySentences, medicationSentences } from './record-sections.js';
import { focusOf } from './relevance.js';
import { retrievedNoteSentences } from './retrieved-notes.js';
import { resultSentences, resultSeries } from './results-section.js';

export interface GenerateInput {
  question: string;
  /** Authorized entries of one patient. */
  entries: readonly EvidenceEntry[];
  /** Ids retrieval ranked for the question, best first (optional). */
  retrievedIds?: readonly string[];
}

const EMPTY: Record<SectionKey, string> = {
  answer: 'No note sentence in the record answers the question directly.',
  presenting: 'No entry in the record matches the question.',
  history: 'No problems are documented in the available entries.',
  medications: 'No current medications are documented in the available entries.',
  allergies: 'No allergies are documented in the available entries.',
  results: 'No results are recorded in the available entries.',
  assessments: 'No prior assessments are documented in the notes available.',
  diagnoses: 'No diagnoses are documented in the available entries.',
  gaps: 'No gaps found for this question.',
  other: '',
};

/**
 * The default generator: deterministic and extractive. It arranges the patient's own statements,
 * values and codes into report sections; every sentence cites the entry text it came from. It
 * never states a diagnosis the record does not document, and an empty section says so.
 */
export function generateExtractiveDraft({
  question,
  entries,
  retrievedIds = [],
}: GenerateInput): ReportDraft {
  const record = sortEntries(entries);
  const focus = focusOf(question);
  const spans = scoredNoteSpans(record, focus, new Set(retrievedIds));
  const answer = answerSentences(record, spans, focus, question, retrievedIds);
  const series = resultSeries(record, focus);
  const presenting = presentingSentences(spans);
  // Prior assessments repeat neither the Answer nor the presenting statements.
  const used = new Set([...answer, ...presenting].flatMap((s) => [s.text, s.citations[0]!.quote]));
  const content: [SectionKey, ReportSentence[]][] = [
    ['answer', answer],
    ['presenting', presenting],
    ['history', historySentences(record)],
    ['medications', medicationSentences(record)],
    ['allergies', allergySentences(record)],
    ['results', resultSentences(series)],
    ['assessments', assessmentSentences(spans, used)],
    ['diagnoses', diagnosisSentences(record, focus, series)],
  ];
  // A note retrieval ranked high that no section cites still gives a sentence, among the presenting ones.
  const cited = new Set(content.flatMap(([, s]) => s.flatMap((x) => x.citations.map((c) => c.entryId))));
  presenting.push(...retrievedNoteSentences(record, focus, retrievedIds, cited));
  const sections: ReportSection[] = content.map(([key, sentences]) => section(key, sentences));
  const gaps = gapNotices(record, focus, series);
  sections.push({
    key: 'gaps',
    title: SECTION_TITLES.gaps,
    sentences: [],
    notices: gaps.length ? gaps : [EMPTY.gaps],
  });
  return { question, generator: 'extractive', sections };
}

function section(key: SectionKey, sentences: ReportSentence[]): ReportSection {
  return { key, title: SECTION_TITLES[key], sentences, notices: sentences.length ? [] : [EMPTY[key]] };
}
