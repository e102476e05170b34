/**
 * `npm install` (scripts/postinstall.mjs) runs this compiled: builds the default embedding model
 * into `models/` unless a current one is already there. `--force` rebuilds.
 */
import { join } from 'node:path';
import { buildDefaultModel, DEFAULT_MODEL_NAME, readDefaultModel } from './build-default-model.js';
import { INSTALLED_MODELS_DIR } from './default-model-location.js';

const dir = join(INSTALLED_MODELS_DIR, DEFAULT_MODEL_NAME);
if (process.argv.includes('--force') || !readDefaultModel(dir)) {
  const manifest = buildDefaultModel(dir);
  const megabytes = (manifest.modelBytes / 1e6).toFixed(1);
  console.log(
    `built the default embedding model ${manifest.id}: ${manifest.vocabularySize} words, ${megabytes} MB, ${manifest.buildMs} ms`,
  );
}
