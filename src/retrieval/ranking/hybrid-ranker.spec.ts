import { QueryExpansion } from '../lexical/query-expansion.js';
import { DEFAULT_FUSION_WEIGHTS } from './fusion-weights.js';
import { rankEntries, type RankOptions } from './hybrid-ranker.js';
import { kindPriors } from './kind-priors.js';
import { PatientCorpus, type RetrievableEntry } from './patient-corpus.js';
import { toGrid } from './vector-grid.js';

const asOf = new Date('2026-11-01T00:00:00Z');
const entry = (
  id: string,
  text: string,
  kind = 'note',
  daysAgo = 10,
  vector?: number[],
): RetrievableEntry => ({
  id,
  kind,
  text,
  occurredAt: new Date(asOf.getTime() - daysAgo * 86_400_000),
  vector: vector && toGrid(Float32Array.from(vector)),
});
const options = (mode: RankOptions['mode']): RankOptions => ({
  mode,
  weights: DEFAULT_FUSION_WEIGHTS,
  asOf,
  limit: 3,
});
const expansion = new QueryExpansion();

describe('rankEntries', () => {
  it('finds an abbreviated entry from the full term and quotes the matching sentence', () => {
    const text = 'Seen in clinic. Pt c/o SOB on exertion for 2 weeks; no chest pain.';
    const corpus = new PatientCorpus([entry('a', text), entry('b', 'Influenza vaccine given.')]);
    const [top] = rankEntries(corpus, { terms: expansion.expand('dyspnea') }, options('bm25'));
    expect(top!.id).toBe('a');
    expect(text.slice(top!.passage.start, top!.passage.end)).toBe('Pt c/o SOB on exertion for 2 weeks;');
  });

  it('lets the dense signal surface a paraphrase BM25 cannot see', () => {
    const corpus = new PatientCorpus([
      entry('lexical', 'Fatigue noted', 'note', 10, [0, 1]),
      entry('semantic', 'Melaena for three days', 'note', 10, [1, 0]),
    ]);
    const query = { terms: expansion.expand('dark stool'), vector: Float32Array.from([1, 0]) };
    expect(rankEntries(corpus, query, options('hybrid'))[0]!.id).toBe('semantic');
    expect(rankEntries(corpus, query, options('dense'))[0]!.id).toBe('semantic');
  });

  it('ranks entries not yet embedded by their lexical score instead of dropping them', () => {
    const corpus = new PatientCorpus([
      entry('embedded', 'routine review', 'note', 10, [1, 0]),
      entry('pending', 'creatinine 2.3 mg/dL rising'),
    ]);
    const query = { terms: expansion.expand('creatinine'), vector: Float32Array.from([1, 0]) };
    expect(rankEntries(corpus, query, options('hybrid'))[0]!.id).toBe('pending');
  });

  it('prefers the entry kind the question points at, and the most recent on ties', () => {
    const corpus = new PatientCorpus([
      entry(
        'note',
        'Metformin side effects discussed at length, diet advice given, review in clinic',
        'note',
        5,
      ),
      entry('old-med', 'Metformin 500 mg PO BID', 'medication', 400),
      entry('new-med', 'Metformin 1000 mg PO BID', 'medication', 3),
    ]);
    const question = 'which diabetes medications is she taking';
    const query = { terms: expansion.expand(question), kinds: kindPriors(question) };
    const plain = { ...options('hybrid'), weights: { ...DEFAULT_FUSION_WEIGHTS, diversity: 0 } };
    expect(rankEntries(corpus, query, plain).map((r) => r.id)).toEqual(['new-med', 'old-med', 'note']);
  });

  it('demotes near-duplicates with MMR', () => {
    const corpus = new PatientCorpus([
      entry('k1', 'Potassium 4.1 mmol/L', 'lab', 3),
      entry('k2', 'Potassium 4.1 mmol/L', 'lab', 4),
      entry('note', 'Potassium supplement stopped after review of diet and other medicines', 'note', 5),
    ]);
    const query = { terms: expansion.expand('potassium') };
    const withDiversity = (diversity: number) => ({
      ...options('hybrid'),
      weights: { ...DEFAULT_FUSION_WEIGHTS, diversity },
    });
    expect(rankEntries(corpus, query, withDiversity(0)).map((r) => r.id)).toEqual(['k1', 'k2', 'note']);
    expect(rankEntries(corpus, query, withDiversity(1)).map((r) => r.id)).toEqual(['k1', 'note', 'k2']);
  });
});
