import type { ExecutionProvider } from './onnx-session.js';

/** A sentence embedding model running on onnxruntime-node. Vectors are L2-normalised. */
export interface EmbeddingModel {
  /** Stored with every vector; a different id means the vector must be recomputed. */
  readonly id: string;
  readonly dimension: number;
  /** The execution provider the session actually runs on. */
  readonly provider: ExecutionProvider;
  /** One vector per text, in input order. */
  embed(texts: readonly string[]): Promise<Float32Array[]>;
  close(): Promise<void>;
}

export interface EmbedOptions {
  /** Most texts per onnxruntime run. */
  maxBatch: number;
  /** Most padded tokens (batch × longest) per run. */
  maxBatchTokens: number;
}

export const DEFAULT_EMBED_OPTIONS: EmbedOptions = { maxBatch: 64, maxBatchTokens: 16_384 };
