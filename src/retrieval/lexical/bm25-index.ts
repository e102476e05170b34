import type { WeightedTerms } from './query-expansion.js';

export const BM25_PARAMETERS = { k1: 1.2, b: 0.75 };

/**
 * Okapi BM25 over one patient's entries (built per query scope, never across patients):
 * idf = ln(1 + (N − df + 0.5) / (df + 0.5)), tf saturation k1, length normalisation b.
 * Query terms carry weights (lexicon variants count less than the user's own words).
 */
export class Bm25Index {
  private readonly postings = new Map<string, { doc: number; tf: number }[]>();
  private readonly lengths: Float64Array;
  private readonly averageLength: number;

  constructor(
    documents: readonly (readonly string[])[],
    private readonly parameters = BM25_PARAMETERS,
  ) {
    this.lengths = Float64Array.from(documents, (terms) => terms.length);
    this.averageLength = documents.length ? this.lengths.reduce((a, b) => a + b, 0) / documents.length : 1;
    documents.forEach((terms, doc) => {
      const counts = new Map<string, number>();
      for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
      for (const [term, tf] of counts) {
        const list = this.postings.get(term) ?? [];
        list.push({ doc, tf });
        this.postings.set(term, list);
      }
    });
  }

  get size(): number {
    return this.lengths.length;
  }

  /** One score per document (0 where no query term occurs). */
  score(query: WeightedTerms): Float64Array {
    const scores = new Float64Array(this.size);
    const { k1, b } = this.parameters;
    for (const [term, weight] of query) {
      const postings = this.postings.get(term);
      if (!postings) continue;
      const idf = Math.log(1 + (this.size - postings.length + 0.5) / (postings.length + 0.5));
      for (const { doc, tf } of postings) {
        const norm = k1 * (1 - b + (b * this.lengths[doc]!) / this.averageLength);
        scores[doc] = scores[doc]! + weight * idf * ((tf * (k1 + 1)) / (tf + norm));
      }
    }
    return scores;
  }
}
