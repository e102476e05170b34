import { generateExtractiveDraft } from '../../src/reports/generator/extractive-generator.js';
import { CitationVerifier } from '../../src/reports/verifier/citation-verifier.js';
import { QueryExpansion } from '../../src/retrieval/lexical/query-expansion.js';
import { DEFAULT_FUSION_WEIGHTS } from '../../src/retrieval/ranking/fusion-weights.js';
import { rankEntries } from '../../src/retrieval/ranking/hybrid-ranker.js';
import { kindPriors } from '../../src/retrieval/ranking/kind-priors.js';
import { PatientCorpus } from '../../src/retrieval/ranking/patient-corpus.js';
import { CHINESE_RECORD, CHINESE_RECORD_QUESTIONS } from './chinese-record.js';

/**
 * The record of the Chinese-language report (three Chinese notes, one French): each question ranks
 * its note first and gets a cited draft the verifier accepts. Before the terminology module every
 * Chinese question ranked the notes arbitrarily (all scores 0) and drafted 0 sentences.
 */
describe('a Chinese record', () => {
  const corpus = new PatientCorpus(
    CHINESE_RECORD.map((e) => ({ id: e.id, kind: e.kind, occurredAt: new Date(e.time), text: e.text })),
  );
  const expansion = new QueryExpansion();
  const rank = (question: string) =>
    rankEntries(
      corpus,
      { terms: expansion.expand(question), kinds: kindPriors(question), vector: new Float32Array(4) },
      { mode: 'hybrid', weights: DEFAULT_FUSION_WEIGHTS, asOf: new Date('2026-04-01'), limit: 4 },
    );

  it.each(CHINESE_RECORD_QUESTIONS)('ranks the note about "$question" first', ({ question, expected }) => {
    const ranked = rank(question);
    expect(ranked[0]!.id).toBe(expected);
    expect(ranked[0]!.score).toBeGreaterThan(ranked[1]!.score);
  });

  it('finds the Chinese note for an English question, and the French note for a Chinese one', () => {
    expect(rank('myocardial infarction troponin')[0]!.id).toBe('note-0');
    expect(rank('HbA1c and metformin')[0]!.id).toBe('note-1');
    expect(rank('肌酐')[0]!.id).toBe('note-3');
  });

  it('quotes the matched Chinese sentence as the passage', () => {
    const [best] = rank('肌钙蛋白');
    const note = CHINESE_RECORD[0]!;
    expect(note.text.slice(best!.passage.start, best!.passage.end)).toBe('肌钙蛋白 0.09 ng/mL，升高。');
  });

  it.each(CHINESE_RECORD_QUESTIONS)(
    'drafts cited, verified sentences for "$question"',
    ({ question, expected }) => {
      const draft = generateExtractiveDraft({
        question,
        entries: CHINESE_RECORD,
        retrievedIds: rank(question).map((r) => r.id),
      });
      const verified = new CitationVerifier(CHINESE_RECORD).verifyDraft(draft);
      const sentences = verified.sections.flatMap((s) => s.sentences);
      const presenting = verified.sections.find((s) => s.key === 'presenting')!.sentences;
      expect(presenting.length).toBeGreaterThan(0);
      expect(presenting[0]!.citations[0]!.entryId).toBe(expected);
      expect(sentences.filter((s) => s.unsupported)).toEqual([]);
    },
  );
});
