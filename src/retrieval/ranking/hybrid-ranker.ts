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
  /** The entry's position in the corpus (`corpus.entryAt(index)`). */
  index: number;
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

/**
 * Scores every entry of one patient's corpus and returns the best `limit`, with passages. Per entry
 * only numbers are computed (typed arrays: a 5,000-entry patient is ranked on every question);
 * passages and explanations only for the entries returned.
 */
export function rankEntries(corpus: PatientCorpus, query: RankQuery, options: RankOptions): RankedEntry[] {
  const { weights, mode } = options;
  const n = corpus.size;
  const bm25 = corpus.bm25.score(query.terms);
  let maxBm25 = 0;
  for (const score of bm25) if (score > maxBm25) maxBm25 = score;
  const lexical = bm25.map((score) => (maxBm25 > 0 ? score / maxBm25 : 0));
  // A model that could embed none of a text's words (the default GloVe model and a Chinese note)
  // gives a zero vector: that entry, or every entry for such a question, ranks lexically.
  // NaN: no cosine (entry not yet embedded, or a zero vector).
  const queryVector = query.vector && dot(query.vector, query.vector) > 0.5 ? query.vector : undefined;
  const cosine = new Float64Array(n).fill(NaN);
  let [low, high] = [Infinity, -Infinity];
  if (queryVector)
    for (let i = 0; i < n; i++) {
      const value = corpus.dotAt(i, queryVector);
      if (Number.isNaN(value)) continue;
      cosine[i] = value;
      if (value < low) low = value;
      if (value > high) high = value;
    }
  // An entry not yet embedded counts its lexical score as its dense one (lexical-only fallback).
  const dense = cosine.map((value, i) =>
    Number.isNaN(value) ? lexical[i]! : high > low ? (value - low) / (high - low) : 0,
  );
  const asOf = options.asOf.getTime();
  const recency = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const ageDays = Math.max(0, (asOf - corpus.timeAt(i)) / DAY_MS);
    recency[i] = Math.exp((-Math.LN2 * ageDays) / weights.recencyHalfLifeDays);
  }
  const scores = fuse(mode, lexical, dense, cosine);
  if (mode === 'hybrid')
    for (let i = 0; i < n; i++)
      scores[i]! += weights.recency * recency[i]! + (query.kinds?.has(corpus.kindAt(i)) ? weights.kind : 0);
  const order = selectTop(corpus, scores, recency, options.limit, mode === 'hybrid' ? weights.diversity : 0);
  return order.map((i) => {
    const kind = query.kinds?.has(corpus.kindAt(i)) ?? false;
    const ageDays = (asOf - corpus.timeAt(i)) / DAY_MS;
    const similarity = Number.isNaN(cosine[i]!) ? undefined : cosine[i]!;
    return {
      id: corpus.idAt(i),
      index: i,
      score: scores[i]!,
      signals: { lexical: lexical[i]!, dense: similarity, recency: recency[i]!, kind },
      passage: bestPassage(corpus.textAt(i), corpus.tokensAt(i), query.terms),
      why: explainMatch(corpus.termsAt(i), query.terms, { dense: similarity, kindMatch: kind, ageDays }),
    };
  });

  function fuse(mode: RetrievalMode, lexical: Float64Array, dense: Float64Array, cosine: Float64Array) {
    if (mode === 'bm25') return lexical.slice();
    if (mode === 'dense') return cosine.map((value) => (Number.isNaN(value) ? -1 : value));
    if (mode === 'hybrid') return lexical.map((value, i) => value + weights.dense * dense[i]!);
    const rank = (values: Float64Array) => {
      const positions = new Float64Array(values.length);
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
  scores: Float64Array,
  recency: Float64Array,
  limit: number,
  diversity: number,
) {
  const pool = best(scores, recency, diversity ? Math.max(limit * 4, 20) : limit);
  if (!diversity) return pool;
  const chosen: number[] = [];
  while (chosen.length < limit && pool.length) {
    let bestIndex = 0;
    let bestValue = -Infinity;
    pool.forEach((candidate, index) => {
      const redundancy = Math.max(0, ...chosen.map((other) => similarity(corpus, candidate, other)));
      const value = scores[candidate]! - diversity * redundancy;
      if (value > bestValue) [bestIndex, bestValue] = [index, value];
    });
    chosen.push(pool.splice(bestIndex, 1)[0]!);
  }
  return chosen;
}

/**
 * The `count` best entries in order: higher score, then more recent, then earlier in the corpus —
 * what a stable sort of every entry would give, without sorting them all.
 */
function best(scores: Float64Array, recency: Float64Array, count: number): number[] {
  const before = (a: number, b: number) =>
    scores[a]! > scores[b]! || (scores[a] === scores[b] && recency[a]! > recency[b]!);
  const top: number[] = [];
  for (let i = 0; i < scores.length; i++) {
    if (top.length === count && !before(i, top[count - 1]!)) continue;
    let at = top.length === count ? count - 1 : top.length;
    while (at > 0 && before(i, top[at - 1]!)) {
      top[at] = top[at - 1]!;
      at--;
    }
    top[at] = i;
  }
  return top;
}

function similarity(corpus: PatientCorpus, a: number, b: number): number {
  const [x, y] = [corpus.termsAt(a), corpus.termsAt(b)];
  let shared = 0;
  for (const term of x) if (y.has(term)) shared++;
  return shared / Math.max(1, x.size + y.size - shared);
}

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}
