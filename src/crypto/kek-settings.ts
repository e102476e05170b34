import { KeyManagementError } from './crypto-errors.js';
import { keyringFromBase64List, readKeyringFile } from './local-keyring.js';

interface KeySettings {
  KEK_FILE?: string;
  KEK_BASE64?: string;
}

/**
 * The key-encryption key is checked when the configuration loads (`src/app-config.ts` passes this
 * check to config/), with the parsers that will use it, so a short, mistyped or unreadable key stops
 * the start naming its variable instead of failing later with a stack trace. Messages name the
 * variable and the expected shape, never the value.
 */
export function keyProblems(env: KeySettings): { path: keyof KeySettings; message: string }[] {
  const problems: { path: keyof KeySettings; message: string }[] = [];
  const check = (path: keyof KeySettings, parse: () => unknown) => {
    try {
      parse();
    } catch (error) {
      if (!(error instanceof KeyManagementError)) throw error;
      problems.push({ path, message: error.message.replace(new RegExp(`^${path} `), '') });
    }
  };
  if (env.KEK_BASE64) check('KEK_BASE64', () => keyringFromBase64List(env.KEK_BASE64!));
  if (env.KEK_FILE) check('KEK_FILE', () => readKeyringFile(env.KEK_FILE!));
  return problems;
}
