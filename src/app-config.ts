import { validateConfig } from './config/load-config.js';
import type { AppConfig } from './config/config.schema.js';
import { keyProblems } from './crypto/kek-settings.js';
import { senderSettingsProblems } from './ingest/senders/sender-settings.js';

/**
 * The configuration the application runs with, validated once at boot: config/'s schema plus the
 * settings whose syntax belongs to a module above config — the key-encryption key (crypto) and the
 * HL7 senders and MLLP peer authentication (ingest). Composed here, at the root, so config/ imports
 * no module (src/common/README.md, layers). A bad value throws `ConfigError` naming the variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  return validateConfig(env, [keyProblems, senderSettingsProblems]);
}
