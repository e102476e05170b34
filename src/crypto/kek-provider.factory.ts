import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '@nestjs/common';
import type { AppConfig } from '../config/config.schema.js';
import { KeyManagementError } from './crypto-errors.js';
import type { KekProvider } from './kek-provider.js';
import { LocalKekProvider } from './local-kek-provider.js';
import { keyringFromBase64List, newKeyringKey, readKeyringFile, writeKeyringFile } from './local-keyring.js';

export const devKeyringPath = (dataDir: string) => join(dataDir, 'keys', 'kek.json');

/**
 * The configured KEK provider. A KMS or Vault provider would be chosen here by its own variables
 * (README.md); production without a configured key refuses to start — no generated key, ever.
 */
export function createKekProvider(
  config: Pick<AppConfig, 'NODE_ENV' | 'DATA_DIR' | 'KEK_FILE' | 'KEK_BASE64'>,
  logger: Pick<Logger, 'warn'>,
): KekProvider {
  if (config.KEK_FILE) return new LocalKekProvider('file', readKeyringFile(config.KEK_FILE), config.KEK_FILE);
  if (config.KEK_BASE64) return new LocalKekProvider('env', keyringFromBase64List(config.KEK_BASE64));
  if (config.NODE_ENV === 'production') {
    throw new KeyManagementError('production requires KEK_FILE or KEK_BASE64');
  }
  const path = devKeyringPath(config.DATA_DIR);
  if (!existsSync(path)) {
    const key = newKeyringKey();
    writeKeyringFile(path, { primary: key.id, keys: [key] });
  }
  logger.warn(
    `DEVELOPMENT KEY IN USE: the key-encryption key is a generated file (${path}). ` +
      'Anyone who can read it can decrypt every record. Set KEK_FILE or KEK_BASE64 for real data.',
  );
  return new LocalKekProvider('development', readKeyringFile(path), path);
}
