import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { configSchema, type AppConfig } from './config.schema.js';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Secrets that may also come from a file, as Docker and compose secrets deliver them: `NAME_FILE`
 * names a file holding NAME's value (one trailing newline ignored). The key-encryption key has its
 * own `KEK_FILE`.
 */
export const FILE_SECRETS = ['DATABASE_URL', 'DATABASE_OWNER_URL', 'LLM_API_KEY'] as const;

function readFileSecrets(env: NodeJS.ProcessEnv): { env: NodeJS.ProcessEnv; problems: string[] } {
  const merged = { ...env };
  const problems: string[] = [];
  for (const name of FILE_SECRETS) {
    const file = env[`${name}_FILE`]?.trim();
    if (!file) continue;
    if (env[name]?.trim()) {
      problems.push(`${name}_FILE: set ${name} or ${name}_FILE, not both`);
      continue;
    }
    try {
      merged[name] = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    } catch {
      problems.push(`${name}_FILE: cannot read ${file}`);
    }
  }
  return { env: merged, problems };
}

/** Validates the environment once, at boot. Values are never echoed, only the variable names. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const secrets = readFileSecrets(env);
  const parsed = configSchema.safeParse(secrets.env);
  const problems = [
    ...secrets.problems,
    ...(parsed.success
      ? []
      : parsed.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`)),
  ];
  if (problems.length || !parsed.success) throw new ConfigError(problems);
  return { ...parsed.data, DATA_DIR: resolve(parsed.data.DATA_DIR) };
}
