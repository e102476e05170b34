import type { EvidenceEntry } from '../evidence/evidence-entry.js';
import type { ReportSentence } from '../report.types.js';
import { CitationVerifier } from '../verifier/citation-verifier.js';
import { citeSpan, type ClinicalEntries, sentence } from './clinical-entries.js';
import { noteSentences } from './note-sentences.js';
import { type QuestionFocus, relevance } from './relevance.js';

/** Retrieved notes this high in the ranking are about the question even without its words. */
export const TOP_RETRIEVED = 5;

/**
 * One sentence from each note in retrieval's top TOP_RETRIEVED that no section cites yet, so the
 * draft never loses a note the memory found for the question. The sections pick sentences by the
 * question's words, and a note retrieval found by meaning, or by a form the words do not fold to
 * ("TIAs"), has none of them, or fewer than other notes. Its sentence: the one sharing most of the
 * question's words, else its opening (where a note says why it was written: chief complaint,
 * reason for consultation, procedure), the first of them the verifier supports.
 */
export function retrievedNoteSentences(
  record: ClinicalEntries,
  focus: QuestionFocus,
  retrievedIds: readonly string[],
  cited: ReadonlySet<string>,
): ReportSentence[] {
  const notes = new Map(record.notes.map((n) => [n.id, n]));
  const uncited = retrievedIds
    .slice(0, TOP_RETRIEVED)
    .filter((id) => !cited.has(id))
    .map((id) => notes.get(id))
    .filter((note): note is EvidenceEntry => note !== undefined);
  const chosen: ReportSentence[] = [];
  for (const note of uncited) {
    const verifier = new CitationVerifier([note]);
    const candidates = noteSentences(note)
      .map((span, position) => ({ span, position, match: relevance(focus, span.text) }))
      .sort((a, b) => b.match - a.match || a.position - b.position);
    for (const { span } of candidates) {
      const verified = verifier.verify(sentence(span.text, citeSpan(span))).sentence;
      if (verified.unsupported) continue;
      chosen.push(verified);
      break;
    }
  }
  return chosen;
}
