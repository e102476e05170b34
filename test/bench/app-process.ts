import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchDatabase } from './bench-database.js';

/** The app as `npm start` runs it, compiled from the same sources into dist-bench by `npm run bench`. */
const MAIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'main.js');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface AppNode {
  child: ChildProcess;
  port: number;
}

/** The app in its own process on `db` (`env` added to its environment), once it answers /api/health. */
export async function startNode(db: BenchDatabase, env: Record<string, string> = {}): Promise<AppNode> {
  const port = await freePort();
  // BENCH_HTTP_PROFILE=<dir>: each app process writes a V8 CPU profile there when it stops.
  // BENCH_APP_NODE_FLAGS: more Node flags for the app, whose stdout is then shown (`--trace-gc`).
  const profile = process.env.BENCH_HTTP_PROFILE;
  const extra = process.env.BENCH_APP_NODE_FLAGS?.split(' ').filter(Boolean) ?? [];
  const flags = [...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []), ...extra];
  const child = spawn(process.execPath, ['--enable-source-maps', ...flags, MAIN], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      DATA_DIR: db.config.DATA_DIR,
      HOST: '127.0.0.1',
      PORT: String(port),
      MLLP_PORT: '0',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', extra.length ? 'inherit' : 'ignore', 'inherit'],
  });
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`app process exited (${code}) before it answered`))),
  );
  exited.catch(() => undefined);
  const deadline = Date.now() + 120_000;
  for (;;) {
    const up = await Promise.race([
      fetch(`http://127.0.0.1:${port}/api/health`).then(
        (response) => response.ok,
        () => false,
      ),
      exited,
    ]);
    if (up) return { child, port };
    if (Date.now() > deadline) throw new Error('app process did not answer /api/health within 120 s');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export async function stopNode(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 20_000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}
