import { ConfigError } from '../config/load-config.js';
import { DomainError } from '../common/errors/domain-error.js';
import { StartupError } from '../database/open-database.js';

const FILE_PROBLEMS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a directory',
  ENOTDIR: 'a part of the path is not a directory',
};

/**
 * What the CLI prints for a failed command: one line a person can act on. The stack trace only with
 * `--debug`, and only for errors nobody anticipated (a known error's stack says nothing more).
 */
export function describeCliError(error: unknown, debug: boolean): string {
  const known = knownMessage(error);
  if (known !== undefined) return `anamnesis: ${known}`;
  const message = error instanceof Error ? error.message : String(error);
  if (debug) return `anamnesis: unexpected error: ${error instanceof Error ? error.stack : message}`;
  return `anamnesis: unexpected error: ${message} (run again with --debug for the stack trace)`;
}

function knownMessage(error: unknown): string | undefined {
  if ([ConfigError, StartupError, DomainError].some((kind) => error instanceof kind)) {
    return (error as Error).message;
  }
  if (!(error instanceof Error)) return undefined;
  if (error.message.startsWith('--')) return error.message;
  const { code, path } = error as NodeJS.ErrnoException;
  if (code && path && FILE_PROBLEMS[code]) return `${path}: ${FILE_PROBLEMS[code]}`;
  return undefined;
}
