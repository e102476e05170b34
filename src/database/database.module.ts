import { Global, Module, type DynamicModule, type OnApplicationShutdown, Inject } from '@nestjs/common';
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
        { provide: PG_POOL, useFactory: () => new pg.Pool({ connectionString: url, max: 20 }) },
        PrismaService,
      ],
      exports: [DATABASE_URL, PG_POOL, PrismaService],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
