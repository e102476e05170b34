import type { ReportSentence } from '../report.types.js';
import { tokenise } from '../text/tokens.js';
import {
  citeWhole,
  contentOf,
  type ClinicalEntries,
  entryName,
  isInactive,
  sentence,
} from './clinical-entries.js';
import type { DraftWording } from './draft-wording.js';
import { type QuestionFocus, resultIsRelevant, focusOf } from './relevance.js';
import type { ResultSeries } from './results-section.js';

const MAX_DIAGNOSES = 8;
const MAX_FINDINGS = 3;

/**
 * Documented diagnoses (never inferred ones) with the abnormal results that bear on each:
 * diagnoses relevant to the question first. Each finding sentence cites the diagnosis entry and
 * the result entry.
 */
export function diagnosisSentences(
  record: ClinicalEntries,
  focus: QuestionFocus,
  series: ResultSeries[],
  wording: DraftWording,
): ReportSentence[] {
  const seen = new Set<string>();
  const diagnoses = record.problems
    .filter((entry) => !isInactive(entry))
    .filter((entry) => {
      const key = entryName(entry).toLowerCase();
      return seen.has(key) ? false : (seen.add(key), true);
    })
    .map((entry) => ({ entry, relevant: mentions(focus, entryName(entry)) }))
    .sort((a, b) => Number(b.relevant) - Number(a.relevant))
    .slice(0, MAX_DIAGNOSES);
  const sentences: ReportSentence[] = [];
  for (const { entry } of diagnoses) {
    sentences.push(sentence(wording.diagnosis(contentOf(entry)), citeWhole(entry)));
    const diagnosisFocus = focusOf(entryName(entry));
    const findings = series
      .filter((s) => s.values[0]!.abnormal && resultIsRelevant(diagnosisFocus, s.name))
      .slice(0, MAX_FINDINGS);
    for (const finding of findings) {
      const latest = finding.values[0]!.entry;
      sentences.push(
        sentence(
          wording.finding(entryName(entry), contentOf(latest), latest.date),
          citeWhole(entry),
          citeWhole(latest),
        ),
      );
    }
  }
  return sentences;
}

function mentions(focus: QuestionFocus, name: string): boolean {
  return tokenise(name).tokens.some((t) => focus.terms.has(t.term));
}
