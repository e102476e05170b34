import { accessSync, constants, mkdirSync } from 'node:fs';
import pg from 'pg';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/config.schema.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';
import { ensureDatabase } from './ensure-database.js';
import { runMigrations } from './migrations/migration-runner.js';
import { MIGRATIONS_DIR } from './paths.js';

export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}

export interface OpenDatabase {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/** Where a URL points, without its credentials, for error messages and logs. */
export function describeDatabase(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
}

export function ensureWritableDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch {
    throw new StartupError(`DATA_DIR ${dir} is not writable`);
  }
}

async function assertReachable(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    const reason = (error as { code?: string }).code ?? (error as Error).message;
    throw new StartupError(`cannot reach PostgreSQL at ${describeDatabase(url)} (${reason})`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The configured server, or the embedded one under DATA_DIR; either way reachable and migrated. */
export async function openDatabase(config: AppConfig, logger: Logger): Promise<OpenDatabase> {
  let database: OpenDatabase;
  if (config.DATABASE_URL) {
    await assertReachable(config.DATABASE_URL);
    database = { url: config.DATABASE_URL, embedded: false, stop: async () => undefined };
  } else {
    ensureWritableDir(config.DATA_DIR);
    const started = Date.now();
    const server = await startEmbeddedPostgres(config.DATA_DIR).catch((error: Error) => {
      throw new StartupError(`embedded PostgreSQL did not start: ${error.message}`);
    });
    await ensureDatabase(server.url);
    logger.info(
      { dataDir: config.DATA_DIR, ms: Date.now() - started, attached: server.attached },
      server.attached ? 'attached to the running embedded PostgreSQL' : 'embedded PostgreSQL started',
    );
    database = { url: server.url, embedded: true, stop: () => server.stop() };
  }
  try {
    const result = await runMigrations(database.url, MIGRATIONS_DIR);
    logger.info({ applied: result.applied, alreadyApplied: result.alreadyApplied }, 'database migrated');
  } catch (error) {
    await database.stop();
    throw new StartupError((error as Error).message);
  }
  return database;
}
