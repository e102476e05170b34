import { Tokenizer } from '@huggingface/tokenizers';
import { DEFAULT_EMBED_OPTIONS, type EmbeddingModel, type EmbedOptions } from '../embedding-model.js';
import { lengthBatches } from '../length-batches.js';
import { onnxRuntime, type InferenceSession } from '../onnx-runtime.js';
import {
  openSession,
  type EmbeddingDevice,
  type EmbeddingLog,
  type ExecutionProvider,
} from '../onnx-session.js';
import { readTransformerFolder, type Pooling, type TransformerFolder } from './transformer-folder.js';

interface Encoded {
  ids: number[];
  typeIds: number[];
}

/**
 * A bring-your-own sentence-transformers ONNX export (BERT-style inputs), tokenised by the
 * pure-JS Hugging Face tokenizer, pooled (mean over the attention mask, or the [CLS] row) and
 * L2-normalised. Models that already output `sentence_embedding` are only normalised.
 */
export class TransformerModel implements EmbeddingModel {
  private constructor(
    private readonly session: InferenceSession,
    private readonly tokenizer: Tokenizer,
    private readonly folder: TransformerFolder,
    readonly provider: ExecutionProvider,
    readonly dimension: number,
    private readonly options: EmbedOptions,
  ) {}

  static async open(
    path: string,
    device: EmbeddingDevice,
    logger: EmbeddingLog,
    options: EmbedOptions = DEFAULT_EMBED_OPTIONS,
  ): Promise<TransformerModel> {
    const folder = readTransformerFolder(path);
    const tokenizer = new Tokenizer(folder.tokenizerJson, folder.tokenizerConfig);
    const { session, provider } = await openSession(folder.modelPath, device, logger);
    const partial = new TransformerModel(
      session,
      tokenizer,
      folder,
      provider,
      folder.hiddenSize ?? 0,
      options,
    );
    if (folder.hiddenSize) return partial;
    const [probe] = await partial.embed(['dimension probe']);
    return new TransformerModel(session, tokenizer, folder, provider, probe!.length, options);
  }

  get id(): string {
    return this.folder.id;
  }

  get pooling(): Pooling {
    return this.folder.pooling;
  }

  /** Token ids with special tokens, truncated to the model's limit (keeping the final [SEP]). */
  encode(text: string): Encoded {
    const encoding = this.tokenizer.encode(text, { return_token_type_ids: true });
    let ids = encoding.ids;
    let typeIds = encoding.token_type_ids ?? ids.map(() => 0);
    const max = this.folder.maxTokens;
    if (ids.length > max) {
      ids = [...ids.slice(0, max - 1), ids[ids.length - 1]!];
      typeIds = typeIds.slice(0, max);
    }
    return { ids, typeIds };
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    const { Tensor } = await onnxRuntime();
    const encoded = texts.map((text) => this.encode(text));
    const vectors: Float32Array[] = new Array(texts.length);
    const padId = this.tokenizer.token_to_id('[PAD]') ?? 0;
    const { maxBatch, maxBatchTokens } = this.options;
    for (const batch of lengthBatches(
      encoded.map((e) => e.ids.length),
      maxBatch,
      maxBatchTokens,
    )) {
      const longest = Math.max(...batch.map((index) => encoded[index]!.ids.length));
      const size = batch.length * longest;
      const ids = new BigInt64Array(size).fill(BigInt(padId));
      const mask = new BigInt64Array(size);
      const types = new BigInt64Array(size);
      batch.forEach((index, row) => {
        const { ids: tokenIds, typeIds } = encoded[index]!;
        tokenIds.forEach((id, column) => {
          ids[row * longest + column] = BigInt(id);
          mask[row * longest + column] = 1n;
          types[row * longest + column] = BigInt(typeIds[column] ?? 0);
        });
      });
      const dims = [batch.length, longest];
      const available = { input_ids: ids, attention_mask: mask, token_type_ids: types } as const;
      const feeds = Object.fromEntries(
        this.session.inputNames
          .filter((name): name is keyof typeof available => name in available)
          .map((name) => [name, new Tensor('int64', available[name], dims)]),
      );
      const outputs = await this.session.run(feeds);
      const output = outputs.sentence_embedding ?? outputs[this.session.outputNames[0]!]!;
      const data = output.data as Float32Array;
      batch.forEach((index, row) => {
        vectors[index] =
          output.dims.length === 2
            ? normalise(data.slice(row * output.dims[1]!, (row + 1) * output.dims[1]!))
            : this.pool(data, row, longest, output.dims[2]!, encoded[index]!.ids.length);
      });
    }
    return vectors;
  }

  private pool(
    hidden: Float32Array,
    row: number,
    longest: number,
    width: number,
    tokens: number,
  ): Float32Array {
    const base = row * longest * width;
    if (this.folder.pooling === 'cls') return normalise(hidden.slice(base, base + width));
    const mean = new Float32Array(width);
    for (let token = 0; token < tokens; token++)
      for (let d = 0; d < width; d++) mean[d] = mean[d]! + hidden[base + token * width + d]!;
    return normalise(mean.map((value) => value / Math.max(1, tokens)));
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}

function normalise(vector: Float32Array): Float32Array {
  let sum = 0;
  for (const value of vector) sum += value * value;
  const norm = Math.max(Math.sqrt(sum), 1e-12);
  return vector.map((value) => value / norm);
}
