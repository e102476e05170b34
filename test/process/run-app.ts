import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/database/paths.js';

/**
 * A whole app boots in these tests (migrations, Nest, the embedding model): seconds on a quiet machine,
 * tens of seconds on a loaded CI runner. Tests that start one pass PROCESS_TEST_TIMEOUT_MS to jest.
 */
export const PROCESS_TIMEOUT_MS = 60_000;
export const PROCESS_TEST_TIMEOUT_MS = 90_000;

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a compiled entry point (dist/, built by the jest global setup) as a real process. */
export function spawnDist(entry: string, env: Record<string, string>, args: string[] = []): ChildProcess {
  return spawn(process.execPath, [join(PROJECT_ROOT, 'dist', entry), ...args], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH!, LOG_LEVEL: 'info', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

export function finished(child: ChildProcess, timeoutMs = PROCESS_TIMEOUT_MS): Promise<Finished> {
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`process did not exit in ${timeoutMs} ms: ${stderr}${stdout}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      setImmediate(() => resolve({ code, stdout, stderr }));
    });
  });
}

export function runDist(
  entry: string,
  env: Record<string, string>,
  args: string[] = [],
  stdin?: string,
): Promise<Finished> {
  const child = spawnDist(entry, env, args);
  child.stdin!.end(stdin ?? '');
  return finished(child);
}

/** Resolves once the output contains `text`. */
export function waitForOutput(
  child: ChildProcess,
  text: string,
  timeoutMs = PROCESS_TIMEOUT_MS,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`never printed "${text}": ${seen}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes(text)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited (code ${code}) before printing "${text}": ${seen}`));
    });
  });
}
