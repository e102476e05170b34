import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../src/app.factory.js';
import { createLogger } from '../../src/common/logging/logger.js';
import type { AppConfig } from '../../src/config/config.schema.js';
import { loadConfig } from '../../src/app-config.js';
import { PrismaService } from '../../src/database/prisma.service.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export interface TestApp {
  app: NestFastifyApplication;
  prisma: PrismaService;
  config: AppConfig;
  database: TestDatabase;
  close(): Promise<void>;
}

/**
 * The real application on its own cloned database, driven in-process with `app.inject`.
 * `ready: false` leaves the HTTP server un-readied, so the job workers and MLLP do not start (a test
 * then drives services directly; `app.inject` would ready it).
 */
export async function createTestApp(
  env: Record<string, string> = {},
  { ready = true }: { ready?: boolean } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'anamnesis-test-')),
    DATABASE_URL: database.appUrl,
    MLLP_PORT: '0',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...env,
  });
  // As the application role (owns nothing), like `npm start`; tests tamper through database.url.
  const app = await createApp({ config, databaseUrl: database.appUrl }, createLogger(config.LOG_LEVEL));
  try {
    await app.init();
    if (ready) await app.getHttpAdapter().getInstance().ready();
  } catch (error) {
    // Modules initialised before the failure hold timers and pools (the audit sequencer polls
    // every second): close them, or they fire after Jest has torn the environment down.
    await app.close().catch(() => undefined);
    await database.drop();
    throw error;
  }
  return {
    app,
    config,
    database,
    prisma: app.get(PrismaService),
    async close() {
      await app.close();
      await database.drop();
    },
  };
}
