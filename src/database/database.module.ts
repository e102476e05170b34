import {
  Global,
  Inject,
  Logger,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import pg from 'pg';
import { PG_POOL, PrismaService } from './prisma.service.js';

export const DATABASE_URL = Symbol('DATABASE_URL');

@Global()
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  /** `url` is resolved before Nest starts: the given DATABASE_URL or the embedded server's. */
  static forRoot(url: string): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        { provide: DATABASE_URL, useValue: url },
        { provide: PG_POOL, useFactory: () => createPool(url) },
        PrismaService,
      ],
      exports: [DATABASE_URL, PG_POOL, PrismaService],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }
}

/**
 * An idle pooled connection can fail on its own (the server restarts, an administrator terminates
 * it, a database is dropped at shutdown). Without a listener that error would crash the process;
 * the pool already discards the client, so it is logged (code only) and nothing else happens.
 */
function createPool(url: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: 20 });
  const logger = new Logger('Database');
  pool.on('error', (error: Error & { code?: string }) => {
    logger.warn(`idle database connection closed (${error.code ?? error.name})`);
  });
  return pool;
}
