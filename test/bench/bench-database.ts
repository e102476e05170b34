import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { createLogger } from '../../src/common/logging/logger.js';
import type { AppConfig } from '../../src/config/config.schema.js';
import { loadConfig } from '../../src/app-config.js';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres.js';
import { derivedAppConnection } from '../../src/database/app-role.js';
import { prepareDatabase } from '../../src/database/open-database.js';
import { MIGRATIONS_DIR, PROJECT_ROOT } from '../../src/database/paths.js';
import { benchTempDir, registerBenchCleanup } from './bench-temp.js';

export interface BenchDatabase {
  url: string;
  config: AppConfig;
  logger: ReturnType<typeof createLogger>;
  close(): Promise<void>;
}

/**
 * A fresh, migrated database for one benchmark: on DATABASE_URL's server, else the embedded one.
 * `close()` drops it; run.ts drops it anyway if the benchmark failed before closing it.
 */
export async function benchDatabase(): Promise<BenchDatabase> {
  const server = process.env.DATABASE_URL
    ? { url: process.env.DATABASE_URL, stop: async () => undefined }
    : await startEmbeddedPostgres(join(PROJECT_ROOT, 'data', 'bench-postgres'));
  const name = `anamnesis_bench_${randomBytes(4).toString('hex')}`;
  const admin = new URL(server.url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`CREATE DATABASE "${name}"`);
  const cleanup = registerBenchCleanup(async () => {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.end();
    await server.stop();
  });
  const url = new URL(server.url);
  url.pathname = `/${name}`;
  // As `db:migrate` does: the tables, then pg-boss's schema (the app never creates it).
  await prepareDatabase(url.toString(), derivedAppConnection(url.toString()), MIGRATIONS_DIR);
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: benchTempDir('anamnesis-bench-'),
    DATABASE_URL: url.toString(),
    MLLP_PORT: '0',
    LOG_LEVEL: 'silent',
  });
  return {
    url: url.toString(),
    config,
    logger: createLogger('silent'),
    close: cleanup.done,
  };
}

/**
 * Waits (up to 15 s) until no session is left on the bench database before it is dropped WITH
 * (FORCE): a stray idle pool client seen once at shutdown would otherwise crash the run.
 */
export async function drained(url: string): Promise<void> {
  const probe = new pg.Client({ connectionString: url });
  await probe.connect();
  try {
    for (let i = 0; i < 150; i++) {
      const { rows } = await probe.query(
        'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
      );
      if (rows[0].n === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await probe.end();
  }
}
