/** Standard ranking metrics for one question: `ranked` ids best first, `relevant` ids. */
export interface QuestionMetrics {
  recallAt5: number;
  recallAt10: number;
  ndcgAt10: number;
  reciprocalRank: number;
}

export function questionMetrics(ranked: readonly string[], relevant: readonly string[]): QuestionMetrics {
  const wanted = new Set(relevant);
  const hits = (k: number) => ranked.slice(0, k).filter((id) => wanted.has(id)).length;
  const dcg = ranked
    .slice(0, 10)
    .reduce((sum, id, i) => sum + (wanted.has(id) ? 1 / Math.log2(i + 2) : 0), 0);
  const ideal = Array.from({ length: Math.min(10, wanted.size) }, (_, i) => 1 / Math.log2(i + 2)).reduce(
    (a, b) => a + b,
    0,
  );
  const first = ranked.findIndex((id) => wanted.has(id));
  return {
    recallAt5: hits(5) / wanted.size,
    recallAt10: hits(10) / wanted.size,
    ndcgAt10: ideal ? dcg / ideal : 0,
    reciprocalRank: first < 0 ? 0 : 1 / (first + 1),
  };
}

export function meanMetrics(all: readonly QuestionMetrics[]): QuestionMetrics {
  const mean = (key: keyof QuestionMetrics) =>
    all.reduce((sum, m) => sum + m[key], 0) / Math.max(1, all.length);
  return {
    recallAt5: mean('recallAt5'),
    recallAt10: mean('recallAt10'),
    ndcgAt10: mean('ndcgAt10'),
    reciprocalRank: mean('reciprocalRank'),
  };
}
