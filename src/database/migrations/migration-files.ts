import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface MigrationFile {
  name: string;
  sql: string;
  /** SHA-256 hex of the file, as Prisma records it in `_prisma_migrations.checksum`. */
  checksum: string;
}

/** Migrations in Prisma's layout: `<dir>/<timestamp>_<name>/migration.sql`, applied in name order. */
export function readMigrationFiles(dir: string): MigrationFile[] {
  return migrationNames(dir).map((name) => {
    const sql = readFileSync(join(dir, name, 'migration.sql'), 'utf8');
    return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
  });
}

/** The migrations' names alone, in the order they apply. */
export function migrationNames(dir: string): string[] {
  if (!existsSync(dir)) throw new Error(`migrations folder not found: ${dir}`);
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && /^\d{14}_\w+$/.test(entry.name))
    .map((entry) => entry.name)
    .sort();
}
