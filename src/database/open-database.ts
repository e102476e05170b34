import { accessSync, constants, mkdirSync } from 'node:fs';
import pg from 'pg';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/config.schema.js';
import {
  AppRoleError,
  appConnection,
  derivedAppConnection,
  ensureAppRole,
  grantAppRole,
  inspectRole,
  leastPrivilegeProblem,
  type AppConnection,
} from './app-role.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';
import { ensureDatabase } from './ensure-database.js';
import { prepareJobSchema } from './jobs-schema.js';
import { runMigrations, type MigrationResult } from './migrations/migration-runner.js';
import { MIGRATIONS_DIR } from './paths.js';
import { unpreparedDatabase } from './unprepared-database.js';

export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}

export interface OpenDatabase {
  /** The application's connection: a role that owns nothing (README.md). */
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
    throw new StartupError(
      `cannot reach PostgreSQL at ${describeDatabase(url)} as "${decodeURIComponent(new URL(url).username)}" (${reason})`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Migrates as the owner (the application's tables, then pg-boss's schema), then (re)grants the
 * application role, creating it when missing.
 */
export async function prepareDatabase(
  ownerUrl: string,
  app: AppConnection,
  dir = MIGRATIONS_DIR,
): Promise<MigrationResult> {
  await ensureAppRole(ownerUrl, app);
  return runMigrations(ownerUrl, dir, {
    afterMigrate: async (client) => {
      await grantAppRole(client, app);
      await prepareJobSchema(client, app);
    },
  });
}

interface ConnectionPlan {
  /** Who migrates; absent when the application role alone was given (migrated beforehand). */
  ownerUrl?: string;
  app: AppConnection;
}

/**
 * Who migrates and who the application runs as. Embedded: the cluster's superuser migrates and
 * the app runs as a role derived from it. DATABASE_OWNER_URL: that owner migrates, DATABASE_URL
 * is the app. DATABASE_URL alone: the app's role, unless (outside production) it is an owner —
 * then it migrates and the app runs as the derived role.
 */
async function planConnections(config: AppConfig, embeddedUrl?: string): Promise<ConnectionPlan> {
  if (embeddedUrl) return { ownerUrl: embeddedUrl, app: derivedAppConnection(embeddedUrl) };
  const url = config.DATABASE_URL as string;
  await assertReachable(url);
  if (config.DATABASE_OWNER_URL) {
    await assertReachable(config.DATABASE_OWNER_URL);
    return { ownerUrl: config.DATABASE_OWNER_URL, app: appConnection(url) };
  }
  if (config.NODE_ENV === 'production') return { app: appConnection(url) };
  const role = await inspectRole(url);
  const owner = role.superuser || role.ownsAudit || (!role.migrated && role.createsSchemas);
  return owner ? { ownerUrl: url, app: derivedAppConnection(url) } : { app: appConnection(url) };
}

async function connect(config: AppConfig, logger: Logger, embeddedUrl?: string): Promise<string> {
  const plan = await planConnections(config, embeddedUrl);
  if (plan.ownerUrl) {
    const result = await prepareDatabase(plan.ownerUrl, plan.app);
    logger.info(
      { applied: result.applied, alreadyApplied: result.alreadyApplied, role: plan.app.role },
      'database migrated',
    );
    await assertReachable(plan.app.url);
  }
  const problem = leastPrivilegeProblem(await inspectRole(plan.app.url));
  if (problem && config.NODE_ENV === 'production') throw new StartupError(problem);
  if (problem) logger.warn(problem);
  if (!plan.ownerUrl) {
    const missing = await unpreparedDatabase(plan.app.url, MIGRATIONS_DIR);
    if (missing) {
      throw new StartupError(
        `the database is not migrated (${missing}): run  npm run cli -- db:migrate  with DATABASE_OWNER_URL set to the owner (README, Deployment)`,
      );
    }
  }
  return plan.app.url;
}

/**
 * The configured server, or the embedded one under DATA_DIR; either way reachable, migrated by its
 * owner, and connected to as the application role.
 */
export async function openDatabase(config: AppConfig, logger: Logger): Promise<OpenDatabase> {
  let embedded: { url: string; stop(): Promise<void> } | undefined;
  if (!config.DATABASE_URL) {
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
    embedded = server;
  }
  try {
    const url = await connect(config, logger, embedded?.url);
    return { url, embedded: embedded !== undefined, stop: async () => embedded?.stop() };
  } catch (error) {
    await embedded?.stop();
    if (error instanceof StartupError) throw error;
    if (error instanceof AppRoleError) throw new StartupError(error.message);
    throw new StartupError((error as Error).message);
  }
}
