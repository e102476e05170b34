import type { EvidenceEntry } from '../evidence/evidence-entry.js';
import { reportLanguage, sectionTitles } from '../report-language.js';
import type { ReportDraft, ReportSection, ReportSentence, SectionKey } from '../report.types.js';
import { answerSentences } from './answer-section.js';
import { sortEntries } from './clinical-entries.js';
import { diagnosisSentences } from './diagnoses-section.js';
import { draftWording } from './draft-wording.js';
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

/**
 * The default generator: deterministic and extractive. It arranges the patient's own statements,
 * values and codes into report sections; every sentence cites the entry text it came from. It
 * never states a diagnosis the record does not document, and an empty section says so. Titles,
 * frames and notices are in the question's language (report-language.ts); quotes stay as written.
 */
export function generateExtractiveDraft({
  question,
  entries,
  retrievedIds = [],
}: GenerateInput): ReportDraft {
  const language = reportLanguage(question);
  const wording = draftWording(language);
  const titles = sectionTitles(language);
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
    ['history', historySentences(record, wording)],
    ['medications', medicationSentences(record, wording)],
    ['allergies', allergySentences(record, wording)],
    ['results', resultSentences(series, wording)],
    ['assessments', assessmentSentences(spans, used)],
    ['diagnoses', diagnosisSentences(record, focus, series, wording)],
  ];
  // A note retrieval ranked high that no section cites still gives a sentence, among the presenting ones.
  const cited = new Set(content.flatMap(([, s]) => s.flatMap((x) => x.citations.map((c) => c.entryId))));
  presenting.push(...retrievedNoteSentences(record, focus, retrievedIds, cited));
  const sections: ReportSection[] = content.map(([key, sentences]) => ({
    key,
    title: titles[key],
    sentences,
    notices: sentences.length ? [] : [wording.empty[key]],
  }));
  const gaps = gapNotices(record, focus, series, wording);
  sections.push({
    key: 'gaps',
    title: titles.gaps,
    sentences: [],
    notices: gaps.length ? gaps : [wording.empty.gaps],
  });
  return { question, generator: 'extractive', sections };
}
