import type { WeightedTerms } from './query-expansion.js';

export const BM25_PARAMETERS = { k1: 1.2, b: 0.75 };

/** One term's postings: the documents it occurs in and how often, as parallel typed arrays. */
export interface Postings {
  /** 16-bit where a memory snapshot could store them so (see memory-snapshot.ts). */
  docs: Int32Array | Uint16Array;
  tfs: Int32Array | Uint16Array;
}

/** Each term's postings: a Map when built, a view of the stored bytes when restored. */
export interface PostingsTable {
  get(term: string): Postings | undefined;
  entries(): IterableIterator<[string, Postings]>;
}

/** An index's statistics, as stored in a memory snapshot (`toStatistics`, `fromStatistics`). */
export interface Bm25Statistics {
  postings: PostingsTable;
  lengths: Float64Array;
}

/**
 * Okapi BM25 over one patient's entries (built per query scope, never across patients):
 * idf = ln(1 + (N − df + 0.5) / (df + 0.5)), tf saturation k1, length normalisation b.
 * Query terms carry weights (lexicon variants count less than the user's own words).
 */
export class Bm25Index {
  private postings: PostingsTable;
  private lengths: Float64Array;
  private averageLength: number;

  constructor(
    documents: readonly (readonly string[])[],
    private readonly parameters = BM25_PARAMETERS,
  ) {
    this.lengths = Float64Array.from(documents, (terms) => terms.length);
    this.averageLength = average(this.lengths);
    const lists = new Map<string, number[]>();
    documents.forEach((terms, doc) => {
      const counts = new Map<string, number>();
      for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
      for (const [term, tf] of counts) {
        let list = lists.get(term);
        if (!list) lists.set(term, (list = []));
        list.push(doc, tf);
      }
    });
    const postings = new Map<string, Postings>();
    for (const [term, list] of lists) {
      const docs = new Int32Array(list.length / 2);
      const tfs = new Int32Array(list.length / 2);
      for (let i = 0; i < docs.length; i++) {
        docs[i] = list[2 * i]!;
        tfs[i] = list[2 * i + 1]!;
      }
      postings.set(term, { docs, tfs });
    }
    this.postings = postings;
  }

  /** An index from statistics computed before (no tokenising, no counting). */
  static fromStatistics({ postings, lengths }: Bm25Statistics, parameters = BM25_PARAMETERS): Bm25Index {
    const index = new Bm25Index([], parameters);
    index.postings = postings;
    index.lengths = lengths;
    index.averageLength = average(lengths);
    return index;
  }

  toStatistics(): Bm25Statistics {
    return { postings: this.postings, lengths: this.lengths };
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
      const { docs, tfs } = postings;
      const idf = Math.log(1 + (this.size - docs.length + 0.5) / (docs.length + 0.5));
      for (let i = 0; i < docs.length; i++) {
        const doc = docs[i]!;
        const tf = tfs[i]!;
        const norm = k1 * (1 - b + (b * this.lengths[doc]!) / this.averageLength);
        scores[doc] = scores[doc]! + weight * idf * ((tf * (k1 + 1)) / (tf + norm));
      }
    }
    return scores;
  }
}

const average = (lengths: Float64Array) =>
  lengths.length ? lengths.reduce((a, b) => a + b, 0) / lengths.length : 1;
