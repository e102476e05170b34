import '../../../test/support/onnx-realm.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { referenceEmbedding } from '../../../test/embeddings/sif-reference.js';
import { createLogger } from '../../common/logging/logger.js';
import { buildDefaultModel, DEFAULT_MODEL_OPTIONS } from './build-default-model.js';
import { GloveSifModel } from './glove-sif-model.js';
import type { GloveSource } from './glove-vocabulary.js';

const logger = createLogger('silent');

function syntheticSource(): GloveSource {
  const words = ['the', 'patient', 'has', 'chest', 'pain', 'dyspnea', 'hypertension', 'creatinine', 'rising'];
  let seed = 7;
  const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
  const vectors = Object.fromEntries(words.map((word) => [word, Array.from({ length: 8 }, random)]));
  return { words, vectors, dimensions: 8, version: 'test' };
}

describe('GloVe-SIF default model', () => {
  const options = { ...DEFAULT_MODEL_OPTIONS, removeCommonComponent: false };
  const source = syntheticSource();
  let model: GloveSifModel;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'anamnesis-sif-'));
    const manifest = buildDefaultModel(dir, options, source);
    model = await GloveSifModel.open(dir, manifest, 'cpu', logger);
  });
  afterAll(() => model.close());

  it('matches a plain TypeScript SIF computation', async () => {
    const texts = [
      'The patient has chest pain.',
      'SOB and HTN',
      'creatinine rising, creatinine rising',
      'pain',
    ];
    const vectors = await model.embed(texts);
    texts.forEach((text, i) => {
      const expected = referenceEmbedding(model, source, text, options);
      Array.from(vectors[i]!).forEach((value, d) => expect(value).toBeCloseTo(expected[d]!, 5));
    });
  });

  it('returns unit vectors in input order, independent of batching', async () => {
    const texts = ['pain', 'the patient has chest pain and dyspnea', 'hypertension'];
    const together = await model.embed(texts);
    for (const [i, text] of texts.entries()) {
      const [alone] = await model.embed([text]);
      Array.from(alone!).forEach((value, d) => expect(together[i]![d]).toBeCloseTo(value, 6));
      expect(Math.hypot(...together[i]!)).toBeCloseTo(1, 5);
    }
  });

  it('gives a zero vector for text with no known word', async () => {
    const [vector] = await model.embed(['zzz qqq']);
    expect(Array.from(vector!).every((value) => value === 0)).toBe(true);
  });

  it('projects out the common component when built with it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'anamnesis-sif-ccr-'));
    const manifest = buildDefaultModel(dir, { ...options, removeCommonComponent: true }, source);
    const ccr = await GloveSifModel.open(dir, manifest, 'cpu', logger);
    const text = 'the patient has chest pain and dyspnea';
    const [plain, removed] = [(await model.embed([text]))[0]!, (await ccr.embed([text]))[0]!];
    const expected = referenceEmbedding(ccr, source, text, { ...options, removeCommonComponent: true });
    Array.from(removed).forEach((value, d) => expect(value).toBeCloseTo(expected[d]!, 5));
    expect(Array.from(removed)).not.toEqual(Array.from(plain));
    await ccr.close();
  });
});
