import '../support/onnx-realm.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../src/common/logging/logger.js';
import { PROJECT_ROOT } from '../../src/database/paths.js';
import { locateDefaultModel } from '../../src/embeddings/default-model/default-model-location.js';
import { GloveSifModel } from '../../src/embeddings/default-model/glove-sif-model.js';
import type { EmbeddingModel } from '../../src/embeddings/embedding-model.js';
import { TransformerModel } from '../../src/embeddings/transformer/transformer-model.js';
import { QueryExpansion } from '../../src/retrieval/lexical/query-expansion.js';
import { DEFAULT_FUSION_WEIGHTS } from '../../src/retrieval/ranking/fusion-weights.js';
import { rankEntries } from '../../src/retrieval/ranking/hybrid-ranker.js';
import { kindPriors } from '../../src/retrieval/ranking/kind-priors.js';
import { PatientCorpus } from '../../src/retrieval/ranking/patient-corpus.js';
import { toGrid } from '../../src/retrieval/ranking/vector-grid.js';
import { CHINESE_RECORD } from './chinese-record.js';

/**
 * Embeddings of a Chinese record: a bring-your-own multilingual model (test/fixtures/tiny-bert-zh,
 * WordPiece with CJK characters, made by make_tiny_bert.py zh) embeds Chinese and its vectors take
 * part in ranking; the default GloVe model, which knows no Chinese word, embeds the Chinese lexicon
 * terms as their English words and yields the zero vector (lexical fallback) for other Chinese.
 */
const logger = createLogger('silent');
const QUESTION = '胸痛和心肌梗死的情况？';

const dot = (a: Float32Array, b: Float32Array) => a.reduce((sum, value, i) => sum + value * b[i]!, 0);

async function rankWith(model: EmbeddingModel) {
  const vectors = await model.embed(CHINESE_RECORD.map((e) => e.text));
  const corpus = new PatientCorpus(
    CHINESE_RECORD.map((e, i) => ({
      id: e.id,
      kind: e.kind,
      occurredAt: new Date(e.time),
      text: e.text,
      vector: vectors[i] && toGrid(vectors[i]),
    })),
  );
  const [vector] = await model.embed([QUESTION]);
  return rankEntries(
    corpus,
    { terms: new QueryExpansion().expand(QUESTION), vector, kinds: kindPriors(QUESTION) },
    { mode: 'hybrid', weights: DEFAULT_FUSION_WEIGHTS, asOf: new Date('2026-04-01'), limit: 4 },
  );
}

describe('embedding a Chinese record', () => {
  it('a multilingual BYO model tokenises Chinese to known pieces and its vectors rank', async () => {
    const model = await TransformerModel.open(
      join(PROJECT_ROOT, 'test', 'fixtures', 'tiny-bert-zh'),
      'cpu',
      logger,
    );
    try {
      const { ids } = model.encode('胸痛肌钙蛋白升高');
      expect(ids).not.toContain(1); // [UNK]
      expect(ids.length).toBe(2 + 8); // [CLS], one piece per character, [SEP]
      const [a, b] = await model.embed(['胸痛', '糖尿病']);
      expect(Math.hypot(...a!)).toBeCloseTo(1, 5);
      expect(Array.from(a!)).not.toEqual(Array.from(b!));
      const ranked = await rankWith(model);
      expect(ranked.every((entry) => entry.signals.dense !== undefined)).toBe(true);
      expect(ranked[0]!.id).toBe('note-0');
    } finally {
      await model.close();
    }
  });

  it('the default model embeds Chinese lexicon terms as their English words, and falls back to lexical scores for the rest', async () => {
    const { dir, manifest } = locateDefaultModel(mkdtempSync(join(tmpdir(), 'anamnesis-zh-')));
    const model = await GloveSifModel.open(dir, manifest, 'cpu', logger);
    try {
      const [chinese, english, unknown] = await model.embed([
        QUESTION,
        'chest pain and myocardial infarction',
        '右膝上下楼梯时加重',
      ]);
      expect(dot(chinese!, english!)).toBeGreaterThan(0.99);
      expect(Math.hypot(...unknown!)).toBeLessThan(0.5);
      const ranked = await rankWith(model);
      expect(ranked[0]!.id).toBe('note-0');
      expect(ranked[0]!.signals.dense).toEqual(expect.any(Number));
    } finally {
      await model.close();
    }
  });
});
