import { DEFAULT_EMBED_OPTIONS, type EmbeddingModel, type EmbedOptions } from '../embedding-model.js';
import { lengthBatches, padBatch } from '../length-batches.js';
import { onnxRuntime, type InferenceSession } from '../onnx-runtime.js';
import {
  openSession,
  type EmbeddingDevice,
  type EmbeddingLog,
  type ExecutionProvider,
} from '../onnx-session.js';
import { defaultModelFiles, loadDefaultTokenizer, type DefaultModelManifest } from './build-default-model.js';
import type { GloveTokenizer } from './glove-tokenizer.js';
import { SIF_INPUTS, SIF_OUTPUT } from './sif-onnx-graph.js';

/** The shipped default model: GloVe word vectors pooled by SIF weights in an ONNX graph. */
export class GloveSifModel implements EmbeddingModel {
  private constructor(
    private readonly session: InferenceSession,
    readonly tokenizer: GloveTokenizer,
    readonly manifest: DefaultModelManifest,
    readonly provider: ExecutionProvider,
    private readonly options: EmbedOptions,
  ) {}

  static async open(
    dir: string,
    manifest: DefaultModelManifest,
    device: EmbeddingDevice,
    logger: EmbeddingLog,
    options: EmbedOptions = DEFAULT_EMBED_OPTIONS,
  ): Promise<GloveSifModel> {
    const { session, provider } = await openSession(defaultModelFiles(dir).model, device, logger);
    return new GloveSifModel(session, loadDefaultTokenizer(dir), manifest, provider, options);
  }

  get id(): string {
    return this.manifest.id;
  }

  get dimension(): number {
    return this.manifest.dimension;
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    const sequences = texts.map((text) => this.tokenizer.encode(text));
    const vectors: Float32Array[] = new Array(texts.length);
    const { maxBatch, maxBatchTokens } = this.options;
    const { Tensor } = await onnxRuntime();
    for (const batch of lengthBatches(
      sequences.map((s) => s.length),
      maxBatch,
      maxBatchTokens,
    )) {
      const { ids, mask, dims } = padBatch(batch.map((index) => sequences[index]!));
      const output = await this.session.run({
        [SIF_INPUTS.ids]: new Tensor('int64', ids, dims),
        [SIF_INPUTS.mask]: new Tensor('int64', mask, dims),
      });
      const data = output[SIF_OUTPUT]!.data as Float32Array;
      batch.forEach((index, row) => {
        vectors[index] = data.slice(row * this.dimension, (row + 1) * this.dimension);
      });
    }
    return vectors;
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}
