import 'reflect-metadata';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import { createApp } from './app.factory.js';
import { createLogger } from './common/logging/logger.js';
import type { AppConfig } from './config/config.schema.js';
import { loadConfig } from './app-config.js';
import { ConfigError } from './config/load-config.js';
import { openDatabase, StartupError, type OpenDatabase } from './database/open-database.js';
import { PROJECT_ROOT } from './database/paths.js';
import { PrismaService } from './database/prisma.service.js';

function fail(message: string): never {
  process.stderr.write(`anamnesis: ${message}\n`);
  process.exit(1);
}

async function listen(app: NestFastifyApplication, port: number, host: string): Promise<void> {
  try {
    await app.listen({ port, host });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'EADDRINUSE') throw new StartupError(`port ${port} is already in use (set PORT)`);
    if (code === 'EACCES') throw new StartupError(`not allowed to listen on port ${port} (set PORT)`);
    throw error;
  }
}

async function announceFirstStart(
  app: NestFastifyApplication,
  config: AppConfig,
  logger: Logger,
): Promise<void> {
  const users = await app.get(PrismaService).user.count();
  if (users === 0)
    logger.warn(`no users yet: create the first administrator with  ${firstAdminCommand(config)}`);
}

/** The CLI must reach the same database: the same DATA_DIR (embedded database, keys) or DATABASE_URL. */
function firstAdminCommand(config: Pick<AppConfig, 'DATA_DIR' | 'DATABASE_URL'>): string {
  const dataDir = config.DATA_DIR === join(PROJECT_ROOT, 'data') ? '' : `DATA_DIR=${config.DATA_DIR} `;
  const database = config.DATABASE_URL ? " (with this server's DATABASE_URL)" : '';
  return `${dataDir}npm run cli -- users:create --email you@example.org --role admin --password-stdin${database}`;
}

function onShutdownSignal(logger: Logger, graceMs: number, close: () => Promise<void>): void {
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    closing = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    const force = setTimeout(() => {
      logger.error('shutdown grace period over: exiting');
      process.exit(1);
    }, graceMs + 5000);
    force.unref();
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'error during shutdown');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  const logger = createLogger(config.LOG_LEVEL);
  let database: OpenDatabase | undefined;
  let app: NestFastifyApplication | undefined;
  onShutdownSignal(logger, config.SHUTDOWN_GRACE_MS, async () => {
    await app?.close();
    await database?.stop();
  });
  try {
    database = await openDatabase(config, logger);
    app = await createApp({ config, databaseUrl: database.url }, logger);
    await listen(app, config.PORT, config.HOST);
    logger.info(
      { port: config.PORT, embeddedDatabase: database.embedded },
      `Anamnesis listening on http://localhost:${config.PORT}`,
    );
    await announceFirstStart(app, config, logger);
  } catch (error) {
    await app?.close().catch(() => undefined);
    await database?.stop().catch(() => undefined);
    if (error instanceof StartupError) fail(error.message);
    logger.fatal({ err: error }, 'startup failed');
    process.exit(1);
  }
}

await main();
