import { focusOf, relevance } from '../../../src/reports/generator/relevance.js';
import { noteSentences } from '../../../src/reports/generator/note-sentences.js';
import type { ClinicalTextSet } from '../../../src/retrieval/evaluation/clinical-text-set.js';
import { QueryExpansion } from '../../../src/retrieval/lexical/query-expansion.js';
import { DEFAULT_FUSION_WEIGHTS } from '../../../src/retrieval/ranking/fusion-weights.js';
import {
  rankEntries,
  type FusionWeights,
  type RetrievalMode,
} from '../../../src/retrieval/ranking/hybrid-ranker.js';
import { kindPriors } from '../../../src/retrieval/ranking/kind-priors.js';
import { clinicalTerms } from '../../../src/terminology/text/clinical-tokens.js';
import type { BenchTable } from '../table.js';
import { extractive, retrieve, runCase } from './draft-conditions.js';
import type { EvalCase } from './eval-cases.js';

const expansion = new QueryExpansion();
const fixed = (value: number) => value.toFixed(3);

interface Variant {
  name: string;
  mode: RetrievalMode;
  lexicon: boolean;
  weights: FusionWeights;
}

/** The retrieval variants measured on real text. */
export function variants(): Variant[] {
  const weights = DEFAULT_FUSION_WEIGHTS;
  return [
    { name: 'BM25, question words only', mode: 'bm25', lexicon: false, weights },
    { name: 'BM25 + clinical lexicon', mode: 'bm25', lexicon: true, weights },
    { name: 'dense only (GloVe-SIF)', mode: 'dense', lexicon: true, weights },
    { name: 'hybrid (default blend)', mode: 'hybrid', lexicon: true, weights },
  ];
}

/** Does any relevant entry rank in the top k; 1/rank of the first. */
function hit(ranked: string[], relevant: string[], k: number) {
  const first = ranked.findIndex((id) => relevant.includes(id));
  return { hit: first >= 0 && first < k ? 1 : 0, rr: first < 0 ? 0 : 1 / (first + 1) };
}

export async function realTextTables(
  set: ClinicalTextSet,
  cases: EvalCase[],
  vectors: Map<EvalCase, Float32Array>,
): Promise<BenchTable[]> {
  const real = cases.filter((c) => c.relevant);
  const splits = ['dev', 'test'] as const;
  const rows = variants().map((v) => {
    const cells: string[] = [v.name];
    for (const split of splits) {
      const chosen = real.filter((c) => c.split === split);
      let hits = 0;
      let rr = 0;
      for (const c of chosen) {
        const terms = v.lexicon
          ? expansion.expand(c.question)
          : new Map(clinicalTerms(c.question).map((term) => [term, 1]));
        const ranked = rankEntries(
          c.corpus,
          { terms, vector: vectors.get(c), kinds: kindPriors(c.question) },
          { mode: v.mode, weights: v.weights, asOf: c.asOf, limit: 10 },
        ).map((r) => r.id);
        const m = hit(ranked, c.relevant!, 5);
        hits += m.hit;
        rr += m.rr;
      }
      cells.push(fixed(hits / chosen.length), fixed(rr / chosen.length));
    }
    return cells;
  });

  const draftRows: string[][] = [];
  for (const split of splits) {
    const chosen = real.filter((c) => c.split === split);
    let cited = 0;
    let answered = 0;
    let top5 = 0;
    let topSupports = 0;
    let topCited = 0;
    for (const c of chosen) {
      const outcome = await runCase(c, 'retrieval + record', vectors.get(c), extractive);
      const ranked = retrieve(c, vectors.get(c));
      if (c.relevant!.some((id) => outcome.citedIds.has(id))) cited++;
      if (c.relevant!.some((id) => outcome.answerIds.has(id))) answered++;
      if (ranked.slice(0, 5).some((id) => c.relevant!.includes(id))) top5++;
      const first = c.entries.find((e) => e.id === ranked[0]);
      const focus = focusOf(c.question);
      if (first && noteSentences(first).some((s) => relevance(focus, s.text) >= 1)) {
        topSupports++;
        if (outcome.citedIds.has(first.id)) topCited++;
      }
    }
    const n = chosen.length;
    draftRows.push([
      `${split} (${n})`,
      fixed(top5 / n),
      fixed(cited / n),
      fixed(answered / n),
      `${topCited}/${topSupports}`,
    ]);
  }
  const notes = set.patients.length;
  return [
    {
      title: `Retrieval on real text: MTSamples, ${notes} patients × 60 notes, ${real.length} questions (seeded split)`,
      columns: ['ranking', 'dev top-5', 'dev MRR', 'test top-5', 'test MRR'],
      rows,
      notes: [
        'top-5: a note answering the question (same sample name, or all three keywords) ranks in the first five.',
        'questions name a note’s topic from its sample name or keywords, never from its text; even patients: dev, odd: test.',
      ],
    },
    {
      title: 'Drafts on real text (extractive, retrieval + record)',
      columns: [
        'split',
        'retrieval top-5',
        'draft cites target',
        'Answer cites target',
        'rank-1 cited when it matches',
      ],
      rows: draftRows,
    },
  ];
}
