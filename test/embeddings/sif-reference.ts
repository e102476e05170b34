import type { GloveSifModel } from '../../src/embeddings/default-model/glove-sif-model.js';
import {
  principalComponent,
  type DefaultModelOptions,
} from '../../src/embeddings/default-model/build-default-model.js';
import {
  selectVocabulary,
  sifWeight,
  type GloveSource,
} from '../../src/embeddings/default-model/glove-vocabulary.js';
import { fromHalf, toHalf } from '../../src/embeddings/default-model/half-float.js';

/** The default model's computation in plain TypeScript, from the source vectors. */
export function referenceEmbedding(
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
