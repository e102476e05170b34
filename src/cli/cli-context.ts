import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { AppModule } from '../app.module.js';
import { createLogger } from '../common/logging/logger.js';
import { loadConfig } from '../app-config.js';
import { openDatabase } from '../database/open-database.js';

/** Opens the database (migrating it) and a Nest context without HTTP, runs `work`, closes both. */
export async function withAppContext<T>(work: (context: INestApplicationContext) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const logger = createLogger(process.env.LOG_LEVEL ?? 'warn');
  const database = await openDatabase(config, logger);
  const context = await NestFactory.createApplicationContext(
    AppModule.forRoot({ config, databaseUrl: database.url }),
    {
      logger: false,
    },
  );
  try {
    return await work(context);
  } finally {
    await context.close();
    await database.stop();
  }
}

export async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new Error('--password-stdin expects the password on standard input');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}
