import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { MigrationError, runMigrations } from '../../src/database/migrations/migration-runner.js';

function migrationsDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'migrations-'));
  for (const [name, sql] of Object.entries(files)) {
    mkdirSync(join(dir, name));
    writeFileSync(join(dir, name, 'migration.sql'), sql);
  }
  return dir;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('runMigrations', () => {
  let db: TestDatabase;
  beforeEach(async () => (db = await createTestDatabase({ empty: true })));
  afterEach(() => db.drop());

  const two = {
    '20260101000000_first': 'CREATE TABLE a (id int);',
    '20260102000000_second': 'ALTER TABLE a ADD COLUMN b text;',
  };

  it('applies pending migrations in order and records them as Prisma does', async () => {
    const result = await runMigrations(db.url, migrationsDir(two));
    expect(result).toEqual({ applied: Object.keys(two), alreadyApplied: 0 });
    const rows = await query<{ migration_name: string; checksum: string; finished_at: Date }>(
      db.url,
      'SELECT migration_name, checksum, finished_at FROM _prisma_migrations ORDER BY started_at, migration_name',
    );
    expect(rows.map((row) => row.migration_name)).toEqual(Object.keys(two));
    expect(rows[0]!.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(rows.every((row) => row.finished_at)).toBe(true);
    expect(await runMigrations(db.url, migrationsDir(two))).toEqual({ applied: [], alreadyApplied: 2 });
  });

  it('refuses an applied migration whose file was edited', async () => {
    await runMigrations(db.url, migrationsDir(two));
    const edited = { ...two, '20260101000000_first': 'CREATE TABLE a (id bigint);' };
    await expect(runMigrations(db.url, migrationsDir(edited))).rejects.toThrow(
      /20260101000000_first was edited/,
    );
  });

  it('rolls back a failing migration completely and records nothing', async () => {
    const bad = { ...two, '20260103000000_bad': 'CREATE TABLE c (id int); SELECT no_such_function();' };
    await expect(runMigrations(db.url, migrationsDir(bad))).rejects.toThrow(MigrationError);
    const tables = await query<{ tablename: string }>(
      db.url,
      "SELECT tablename FROM pg_tables WHERE tablename = 'c'",
    );
    expect(tables).toEqual([]);
    const names = await query<{ migration_name: string }>(
      db.url,
      'SELECT migration_name FROM _prisma_migrations',
    );
    expect(names.map((row) => row.migration_name).sort()).toEqual(Object.keys(two));
  });

  it('lets concurrent instances apply each migration exactly once', async () => {
    const dir = migrationsDir(two);
    const results = await Promise.all([1, 2, 3, 4].map(() => runMigrations(db.url, dir)));
    expect(results.flatMap((result) => result.applied).sort()).toEqual(Object.keys(two));
    const rows = await query<{ count: string }>(db.url, 'SELECT count(*) FROM _prisma_migrations');
    expect(Number(rows[0]!.count)).toBe(2);
  });
});
