import pg from 'pg';
import { JOBS_SCHEMA, JOBS_SCHEMA_VERSION } from './jobs-schema.js';
import { migrationNames } from './migrations/migration-files.js';
import { pendingMigrations } from './migrations/migration-runner.js';

/**
 * What the owner has not done yet, seen from the application's role (which cannot do it itself):
 * pending migrations, or the job queue's schema. Undefined when the database is ready.
 */
export async function unpreparedDatabase(appUrl: string, migrationsDir: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: appUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const history = await client.query<{ found: boolean }>(
      `SELECT to_regclass('public._prisma_migrations') IS NOT NULL AS found`,
    );
    if (!history.rows[0]?.found) return 'no migration has been applied';
    const pending = await pendingMigrations(client, migrationNames(migrationsDir));
    if (pending.length > 0) return `${pending.length} pending, first ${pending[0]}`;
    const jobs = await client.query<{ found: boolean }>('SELECT to_regclass($1) IS NOT NULL AS found', [
      `${JOBS_SCHEMA}.version`,
    ]);
    if (!jobs.rows[0]?.found) return `the job queue schema ${JOBS_SCHEMA} is missing`;
    const version = await client.query<{ version: number | null }>(
      `SELECT max(version)::int AS version FROM ${JOBS_SCHEMA}.version`,
    );
    const found = version.rows[0]?.version;
    if (found !== JOBS_SCHEMA_VERSION)
      return `the job queue schema ${JOBS_SCHEMA} is at version ${found}, this release needs ${JOBS_SCHEMA_VERSION}`;
    return undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
}
