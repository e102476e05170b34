import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { readMigrationFiles, type MigrationFile } from './migration-files.js';

/** Arbitrary but fixed: every Anamnesis instance migrating the same database takes this lock. */
const MIGRATION_LOCK_KEY = 7_214_093_311;

export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

export interface MigrationOptions {
  /** Runs after the pending migrations, still under the lock (the application role's grants). */
  afterMigrate?: (client: pg.ClientBase) => Promise<void>;
}

export interface MigrationResult {
  applied: string[];
  alreadyApplied: number;
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

// The same table `prisma migrate deploy` keeps, so either tool sees the other's history.
const CREATE_HISTORY = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

function checkHistory(files: MigrationFile[], applied: Map<string, AppliedRow>): void {
  for (const row of applied.values()) {
    if (!row.finished_at && !row.rolled_back_at) {
      throw new MigrationError(
        `migration ${row.migration_name} started but never finished; resolve it before starting`,
      );
    }
  }
  for (const file of files) {
    const row = applied.get(file.name);
    if (row && row.checksum !== file.checksum) {
      throw new MigrationError(
        `migration ${file.name} was edited after it was applied (checksum differs); add a new migration instead`,
      );
    }
  }
}

/**
 * Applies pending migrations in order, each in its own transaction, under a session advisory lock
 * so that instances starting together apply each migration exactly once.
 */
export async function runMigrations(
  databaseUrl: string,
  dir: string,
  options: MigrationOptions = {},
): Promise<MigrationResult> {
  const files = readMigrationFiles(dir);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // Unqualified names in migrations mean public, never a schema another role could create
    // earlier in the path (`"$user"`).
    await client.query('SET search_path = public');
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query(CREATE_HISTORY);
    const { rows } = await client.query<AppliedRow>(
      'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL',
    );
    const applied = new Map(rows.map((row) => [row.migration_name, row]));
    checkHistory(files, applied);
    const pending = files.filter((file) => !applied.has(file.name));
    for (const file of pending) await applyOne(client, file);
    await options.afterMigrate?.(client);
    return { applied: pending.map((file) => file.name), alreadyApplied: files.length - pending.length };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}

async function applyOne(client: pg.Client, file: MigrationFile): Promise<void> {
  try {
    await client.query('BEGIN');
    await client.query(file.sql);
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
       VALUES ($1, $2, $3, now(), now(), 1)`,
      [randomUUID(), file.checksum, file.name],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw new MigrationError(
      `migration ${file.name} failed and was rolled back: ${(error as Error).message}`,
    );
  }
}

/** Which of these migrations (`migrationNames(dir)`) the database has not applied yet. */
export async function pendingMigrations(
  client: pg.ClientBase | pg.Pool,
  names: readonly string[],
): Promise<string[]> {
  const { rows } = await client.query<{ migration_name: string }>(
    'SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
  );
  const done = new Set(rows.map((row) => row.migration_name));
  return names.filter((name) => !done.has(name));
}
