import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { DomainError } from '../../common/errors/domain-error.js';

export class EmbeddingModelNotFoundError extends DomainError {
  constructor(why: string) {
    super('embedding_model_not_found', `EMBEDDING_MODEL: ${why}`, 503);
  }
}

export type Pooling = 'mean' | 'cls';

/** What a sentence-transformers ONNX export folder holds, read from disk only (never a hub). */
export interface TransformerFolder {
  dir: string;
  id: string;
  modelPath: string;
  tokenizerJson: object;
  tokenizerConfig: object;
  pooling: Pooling;
  maxTokens: number;
  hiddenSize?: number;
}

const readJson = (path: string): Record<string, unknown> | undefined =>
  existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>) : undefined;

/**
 * Reads `model.onnx` + `tokenizer.json` (+ `tokenizer_config.json`, `config.json`,
 * `1_Pooling/config.json` or `pooling.json` `{ "pooling": "mean" | "cls" }`) from `folder`.
 * Pooling defaults to mean; the id is the folder name plus a hash of model.onnx, so replacing the
 * file changes the id (and stored vectors are re-embedded).
 */
export function readTransformerFolder(folder: string): TransformerFolder {
  const dir = resolve(folder);
  const modelPath = [join(dir, 'model.onnx'), join(dir, 'onnx', 'model.onnx')].find((path) =>
    existsSync(path),
  );
  if (!existsSync(dir)) throw new EmbeddingModelNotFoundError(`folder ${dir} does not exist`);
  if (!modelPath) throw new EmbeddingModelNotFoundError(`no model.onnx in ${dir}`);
  const tokenizerJson = readJson(join(dir, 'tokenizer.json'));
  if (!tokenizerJson) throw new EmbeddingModelNotFoundError(`no tokenizer.json in ${dir}`);
  const tokenizerConfig = readJson(join(dir, 'tokenizer_config.json')) ?? {};
  const config = readJson(join(dir, 'config.json')) ?? {};
  const stPooling = readJson(join(dir, '1_Pooling', 'config.json'));
  const ownPooling = readJson(join(dir, 'pooling.json'));
  const pooling: Pooling =
    ownPooling?.pooling === 'cls' || (!ownPooling && stPooling?.pooling_mode_cls_token === true)
      ? 'cls'
      : 'mean';
  const limits = [tokenizerConfig.model_max_length, config.max_position_embeddings, 512].filter(
    (value): value is number => typeof value === 'number' && value > 2,
  );
  const hash = createHash('sha256').update(readFileSync(modelPath)).digest('hex').slice(0, 12);
  return {
    dir,
    id: `byo/${basename(dir)}@${hash}`,
    modelPath,
    tokenizerJson,
    tokenizerConfig,
    pooling,
    maxTokens: Math.min(...limits),
    hiddenSize: typeof config.hidden_size === 'number' ? config.hidden_size : undefined,
  };
}
