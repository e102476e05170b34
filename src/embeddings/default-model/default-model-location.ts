import { join, resolve } from 'node:path';
import { PROJECT_ROOT } from '../../database/paths.js';
import {
  buildDefaultModel,
  DEFAULT_MODEL_NAME,
  readDefaultModel,
  type DefaultModelManifest,
} from './build-default-model.js';

/** Where `npm install` builds the default model (gitignored). */
export const INSTALLED_MODELS_DIR = join(PROJECT_ROOT, 'models');

export interface LocatedModel {
  dir: string;
  manifest: DefaultModelManifest;
  built: boolean;
}

/**
 * The default model from `DATA_DIR/models/` or the install-time `models/`, building it into
 * `DATA_DIR/models/` when neither holds a current one (first start without `npm install`).
 */
export function locateDefaultModel(dataDir: string, onBuild: () => void = () => undefined): LocatedModel {
  const candidates = [
    join(resolve(dataDir), 'models', DEFAULT_MODEL_NAME),
    join(INSTALLED_MODELS_DIR, DEFAULT_MODEL_NAME),
  ];
  for (const dir of candidates) {
    const manifest = readDefaultModel(dir);
    if (manifest) return { dir, manifest, built: false };
  }
  onBuild();
  return { dir: candidates[0]!, manifest: buildDefaultModel(candidates[0]!), built: true };
}
