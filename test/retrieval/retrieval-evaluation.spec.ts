import '../support/onnx-realm.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../src/common/logging/logger.js';
import { locateDefaultModel } from '../../src/embeddings/default-model/default-model-location.js';
import { GloveSifModel } from '../../src/embeddings/default-model/glove-sif-model.js';
import {
  embedEvaluationSet,
  evaluateRetrieval,
  loadEvaluationSet,
  type EvaluationSet,
} from '../../src/retrieval/evaluation/evaluation-set.js';
import { DEFAULT_FUSION_WEIGHTS } from '../../src/retrieval/ranking/fusion-weights.js';

/**
 * The retrieval quality claims, on the committed synthetic evaluation set with the shipped
 * default model: the lexicon helps BM25, and the tuned hybrid blend is never worse than BM25
 * (on the tuning split, the held-out split and overall). Figures: `npm run bench -- retrieval`.
 */
describe('retrieval on the evaluation set', () => {
  let set: EvaluationSet;
  const questionVectors = new Map<string, Float32Array>();

  beforeAll(async () => {
    const { dir, manifest } = locateDefaultModel(mkdtempSync(join(tmpdir(), 'anamnesis-eval-')));
    const model = await GloveSifModel.open(dir, manifest, 'cpu', createLogger('silent'));
    set = loadEvaluationSet();
    await embedEvaluationSet(set, (texts) => model.embed(texts));
    const vectors = await model.embed(set.questions.map((q) => q.question));
    set.questions.forEach((question, i) => questionVectors.set(question.id, vectors[i]!));
    await model.close();
  });

  const run = (mode: 'bm25' | 'dense' | 'hybrid', lexicon = true, split?: 0 | 1) =>
    evaluateRetrieval(set, questionVectors, {
      mode,
      lexicon,
      weights: DEFAULT_FUSION_WEIGHTS,
      patientFilter: split === undefined ? undefined : (_, index) => index % 2 === split,
    });

  it('has at least 20 patients with 50-500 entries and 100 labelled questions', () => {
    expect(set.patients.length).toBeGreaterThanOrEqual(20);
    for (const patient of set.patients) expect(patient.entries.length).toBeGreaterThanOrEqual(50);
    for (const patient of set.patients) expect(patient.entries.length).toBeLessThanOrEqual(500);
    expect(set.questions.length).toBeGreaterThanOrEqual(100);
  });

  it('the clinical lexicon improves BM25', () => {
    expect(run('bm25', true).recallAt5).toBeGreaterThan(run('bm25', false).recallAt5 + 0.2);
  });

  it('the dense model alone finds something, but less than BM25', () => {
    const dense = run('dense');
    expect(dense.recallAt5).toBeGreaterThan(0.3);
    expect(dense.recallAt5).toBeLessThan(run('bm25').recallAt5);
  });

  it.each([undefined, 0, 1] as const)('the hybrid blend is not worse than BM25 (split %s)', (split) => {
    const [bm25, hybrid] = [run('bm25', true, split), run('hybrid', true, split)];
    expect(hybrid.recallAt5).toBeGreaterThanOrEqual(bm25.recallAt5);
    expect(hybrid.ndcgAt10).toBeGreaterThanOrEqual(bm25.ndcgAt10);
  });
});
