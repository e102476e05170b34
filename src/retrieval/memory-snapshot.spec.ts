import { decodeMemory, encodeMemory } from './memory-snapshot.js';
import { PatientCorpus } from './ranking/patient-corpus.js';
import { toGrid } from './ranking/vector-grid.js';

describe('memory snapshot codec', () => {
  it('round-trips entries, tokens, vectors (on the grid, as in memory) and versions', () => {
    const corpus = new PatientCorpus([
      {
        id: 'a',
        kind: 'note',
        occurredAt: new Date('2026-01-02T03:04:05.678Z'),
        text: 'Creatinine rising; 肌酐升高',
        vector: toGrid(Float32Array.from([0.53, -0.25, 1])),
      },
      { id: 'b', kind: 'observation', occurredAt: new Date('2026-01-01T00:00:00Z'), text: '' },
      {
        id: 'c',
        kind: 'note',
        occurredAt: new Date('2025-12-31T00:00:00Z'),
        text: 'Renal review',
        vector: toGrid(Float32Array.from([0, 0.1, 1])),
      },
    ]);
    const versions = Int32Array.from([2, 1, 1]);
    const restored = decodeMemory(encodeMemory({ corpus, versions }));
    expect(restored.versions).toEqual(versions);
    expect(restored.corpus.toEntries()).toEqual(corpus.toEntries());
    expect(restored.corpus.unembedded).toBe(1);
    for (let i = 0; i < corpus.size; i++) {
      expect(restored.corpus.tokensAt(i)).toEqual(corpus.tokensAt(i));
      expect(restored.corpus.termsAt(i)).toEqual(corpus.termsAt(i));
    }
    expect(restored.corpus.bm25.score(new Map([['renal', 1]]))).toEqual(
      corpus.bm25.score(new Map([['renal', 1]])),
    );
  });

  it('finds every term of the vocabulary by binary search, and no other', () => {
    const texts = ['肌酐升高 creatinine', 'créatinine rénale', 'renal renally ren', 'Ärzte 肌酐', ''];
    const corpus = new PatientCorpus(
      texts.map((text, i) => ({ id: `e${i}`, kind: 'note', occurredAt: new Date(i), text })),
    );
    const restored = decodeMemory(encodeMemory({ corpus, versions: new Int32Array(texts.length) }));
    const built = new Map(corpus.bm25.toStatistics().postings.entries());
    const stored = restored.corpus.bm25.toStatistics().postings;
    expect(built.size).toBeGreaterThan(5);
    for (const [term, postings] of built) {
      expect([term, stored.get(term)?.docs]).toEqual([term, Uint16Array.from(postings.docs)]);
      expect(stored.get(term)?.tfs).toEqual(Uint16Array.from(postings.tfs));
    }
    expect(new Map([...stored.entries()].map(([term, p]) => [term, p.docs.length]))).toEqual(
      new Map([...built].map(([term, p]) => [term, p.docs.length])),
    );
    for (const absent of ['', 're', 'renals', '肌', 'zzz', '\u0000'])
      expect(stored.get(absent)).toBeUndefined();
  });

  it('keeps postings 32-bit when a term frequency does not fit in 16 bits', () => {
    const corpus = new PatientCorpus([
      { id: 'a', kind: 'note', occurredAt: new Date(0), text: 'renal '.repeat(70_000) },
      { id: 'b', kind: 'note', occurredAt: new Date(0), text: 'renal review' },
    ]);
    const restored = decodeMemory(encodeMemory({ corpus, versions: Int32Array.from([1, 1]) }));
    const query = new Map([['renal', 1]]);
    expect(restored.corpus.bm25.score(query)).toEqual(corpus.bm25.score(query));
    expect(restored.corpus.bm25.toStatistics().postings.get('renal')?.tfs).toEqual(
      Int32Array.from([70_000, 1]),
    );
  });

  it('refuses a truncated buffer', () => {
    const corpus = new PatientCorpus([
      {
        id: 'a',
        kind: 'note',
        occurredAt: new Date(0),
        text: 'x y',
        vector: toGrid(Float32Array.from([1, 2])),
      },
    ]);
    const bytes = encodeMemory({ corpus, versions: Int32Array.from([1]) });
    expect(() => decodeMemory(bytes.subarray(0, bytes.length - 3))).toThrow();
  });
});
