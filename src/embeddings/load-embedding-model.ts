import type { AppConfig } from '../config/config.schema.js';
import { locateDefaultModel } from './default-model/default-model-location.js';
import { GloveSifModel } from './default-model/glove-sif-model.js';
import type { EmbeddingModel } from './embedding-model.js';
import type { EmbeddingLog } from './onnx-session.js';
import { TransformerModel } from './transformer/transformer-model.js';

/**
 * The model EMBEDDING_MODEL names: `default` (the shipped GloVe-SIF model, built on first use
 * when `npm install` did not) or a folder holding a sentence-transformers ONNX export.
 */
export async function loadEmbeddingModel(
  config: Pick<AppConfig, 'EMBEDDING_MODEL' | 'EMBEDDING_DEVICE' | 'DATA_DIR'>,
  logger: EmbeddingLog & { log(message: string): void },
): Promise<EmbeddingModel> {
  if (config.EMBEDDING_MODEL !== 'default') {
    return TransformerModel.open(config.EMBEDDING_MODEL, config.EMBEDDING_DEVICE, logger);
  }
  const { dir, manifest } = locateDefaultModel(config.DATA_DIR, () =>
    logger.log('building the default embedding model (once; npm install normally does this)'),
  );
  return GloveSifModel.open(dir, manifest, config.EMBEDDING_DEVICE, logger);
}
