import type { WeightedTerms } from '../lexical/query-expansion.js';
import { bestPassage, type Passage } from './passage.js';
import type { PatientCorpus } from './patient-corpus.js';
import { explainMatch, type RetrievalWhy } from './why.js';

export type RetrievalMode = 'bm25' | 'dense' | 'hybrid' | 'rrf';

export interface FusionWeights {
  /** Weight of the min-max-normalised cosine beside max-normalised BM25 (weight 1). */
  dense: number;
  /** Weight of the recency prior exp(−ln2 · age / half-life). */
  recency: number;
  recencyHalfLifeDays: number;
  /** Added when the entry's kind is one the question points at (kind-priors.ts). */
  kind: number;
  /** MMR redundancy penalty (0 = off). */
  diversity: number;
}

export interface RankedEntry {
  id: string;
  score: number;
  /** lexical: BM25 / best BM25; dense: cosine; kind: the question points at the entry's kind. */
  signals: { lexical: number; dense?: number; recency: number; kind: boolean };
  passage: Passage;
  why: RetrievalWhy;
}

export interface RankQuery {
  terms: WeightedTerms;
  vector?: Float32Array;
  /** Entry kinds the question points at. */
  kinds?: ReadonlySet<string>;
}

export interface RankOptions {
  mode: RetrievalMode;
  weights: FusionWeights;
  asOf: Date;
  limit: number;
}

const DAY_MS = 86_400_000;

/** Scores every entry of one patient's corpus and returns the best `limit`, with passages. */
export function rankEntries(corpus: PatientCorpus, query: RankQuery, options: RankOptions): RankedEntry[] {
  const { weights, mode } = options;
  const bm25 = corpus.bm25.score(query.terms);
  const maxBm25 = Math.max(0, ...bm25);
  const lexical = bm25.map((score) => (maxBm25 > 0 ? score / maxBm25 : 0));
  // A model that could embed none of a text's words (the default GloVe model and a Chinese note)
  // gives a zero vector: that entry, or every entry for such a question, ranks lexically.
  const queryVector = embedded(query.vector);
  const cosine = corpus.entries.map((entry) => {
    const vector = queryVector && embedded(entry.vector);
    return vector ? dot(vector, queryVector) : undefined;
  });
  const known = cosine.filter((value): value is number => value !== undefined);
  const [low, high] = [Math.min(...known), Math.max(...known)];
  // An entry not yet embedded counts its lexical score as its dense one (lexical-only fallback).
  const dense = cosine.map((value, i) =>
    value === undefined ? lexical[i]! : high > low ? (value - low) / (high - low) : 0,
  );
  const recency = corpus.entries.map((entry) => {
    const ageDays = Math.max(0, (options.asOf.getTime() - entry.occurredAt.getTime()) / DAY_MS);
    return Math.exp((-Math.LN2 * ageDays) / weights.recencyHalfLifeDays);
  });
  const base = fuse(mode, lexical, dense, cosine);
  const priors = (i: number) =>
    weights.recency * recency[i]! + (query.kinds?.has(corpus.entries[i]!.kind) ? weights.kind : 0);
  const scores = base.map((score, i) => score + (mode === 'hybrid' ? priors(i) : 0));
  const order = selectTop(corpus, scores, recency, options.limit, mode === 'hybrid' ? weights.diversity : 0);
  return order.map((i) => {
    const entry = corpus.entries[i]!;
    const kind = query.kinds?.has(entry.kind) ?? false;
    const ageDays = (options.asOf.getTime() - entry.occurredAt.getTime()) / DAY_MS;
    return {
      id: entry.id,
      score: scores[i]!,
      signals: { lexical: lexical[i]!, dense: cosine[i], recency: recency[i]!, kind },
      passage: bestPassage(entry.text, corpus.tokensAt(i), query.terms),
      why: explainMatch(corpus.termsAt(i), query.terms, { dense: cosine[i], kindMatch: kind, ageDays }),
    };
  });

  function fuse(mode: RetrievalMode, lexical: Float64Array, dense: number[], cosine: (number | undefined)[]) {
    if (mode === 'bm25') return Array.from(lexical);
    if (mode === 'dense') return cosine.map((value) => value ?? -1);
    if (mode === 'hybrid') return Array.from(lexical, (value, i) => value + weights.dense * dense[i]!);
    const rank = (values: ArrayLike<number>) => {
      const positions = new Array<number>(values.length);
      Array.from(values, (_, i) => i)
        .sort((a, b) => values[b]! - values[a]!)
        .forEach((doc, position) => (positions[doc] = position));
      return positions;
    };
    const [lexicalRank, denseRank] = [rank(lexical), rank(dense)];
    return lexicalRank.map((position, i) => 1 / (60 + position) + 1 / (60 + denseRank[i]!));
  }
}

/** Highest score first (ties: most recent), with an optional MMR penalty for near-duplicates. */
function selectTop(
  corpus: PatientCorpus,
  scores: number[],
  recency: number[],
  limit: number,
  diversity: number,
) {
  const order = scores.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]! || recency[b]! - recency[a]!);
  if (!diversity) return order.slice(0, limit);
  const pool = order.slice(0, Math.max(limit * 4, 20));
  const chosen: number[] = [];
  while (chosen.length < limit && pool.length) {
    let best = 0;
    let bestValue = -Infinity;
    pool.forEach((candidate, index) => {
      const redundancy = Math.max(0, ...chosen.map((other) => similarity(corpus, candidate, other)));
      const value = scores[candidate]! - diversity * redundancy;
      if (value > bestValue) [best, bestValue] = [index, value];
    });
    chosen.push(pool.splice(best, 1)[0]!);
  }
  return chosen;
}

function similarity(corpus: PatientCorpus, a: number, b: number): number {
  const [x, y] = [corpus.termsAt(a), corpus.termsAt(b)];
  let shared = 0;
  for (const term of x) if (y.has(term)) shared++;
  return shared / Math.max(1, x.size + y.size - shared);
}

function embedded(vector: Float32Array | undefined): Float32Array | undefined {
  return vector && dot(vector, vector) > 0.5 ? vector : undefined;
}

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}
