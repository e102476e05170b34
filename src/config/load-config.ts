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

/**
 * A check of settings whose syntax a module above config owns (the key-encryption key: crypto; the HL7
 * senders: ingest). config/ sits below every module and imports none, so the application passes these
 * in (`src/app-config.ts`); each problem names its variable, never the value.
 */
export type SettingsCheck = (config: AppConfig) => { path: string; message: string }[];

/**
 * Validates the environment once, at boot, with the modules' settings checks. Values are never
 * echoed, only the variable names. The application calls it through `loadConfig` in src/app-config.ts.
 */
export function validateConfig(env: NodeJS.ProcessEnv, checks: readonly SettingsCheck[]): AppConfig {
  const secrets = readFileSecrets(env);
  const schema = configSchema.superRefine((config, ctx) => {
    for (const check of checks)
      for (const { path, message } of check(config)) ctx.addIssue({ code: 'custom', path: [path], message });
  });
  const parsed = schema.safeParse(secrets.env);
  const problems = [
    ...secrets.problems,
    ...(parsed.success
      ? []
      : parsed.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`)),
  ];
  if (problems.length || !parsed.success) throw new ConfigError(problems);
  return { ...parsed.data, DATA_DIR: resolve(parsed.data.DATA_DIR) };
}
