import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * What benchmarks leave in the machine's temp folder and database server, in one place: every temp
 * folder comes from benchTempDir and every bench database registers how to drop itself, so
 * `npm run bench` (run.ts) removes whatever a benchmark did not, even when one throws or is
 * interrupted.
 */
const folders = new Set<string>();
const cleanups = new Set<() => Promise<void>>();

/** A fresh folder under the OS temp dir, removed when the bench run ends (or earlier by the bench). */
export function benchTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  folders.add(dir);
  return dir;
}

/** Registers an async cleanup (dropping a database) to run at the end unless `done` is called first. */
export function registerBenchCleanup(cleanup: () => Promise<void>): { done: () => Promise<void> } {
  cleanups.add(cleanup);
  return {
    async done() {
      if (!cleanups.delete(cleanup)) return;
      await cleanup();
    },
  };
}

/** Runs the pending cleanups and removes every temp folder; returns what was still there. */
export async function removeBenchLeftovers(): Promise<{ folders: number; cleanups: number }> {
  const left = { folders: folders.size, cleanups: cleanups.size };
  for (const cleanup of [...cleanups]) {
    cleanups.delete(cleanup);
    await cleanup().catch((error: unknown) => console.error(`bench cleanup failed: ${String(error)}`));
  }
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
  folders.clear();
  return left;
}
