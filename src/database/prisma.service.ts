import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '../generated/prisma/client.js';

export const PG_POOL = Symbol('PG_POOL');

/**
 * Prisma 7 client over a node-postgres pool (`@prisma/adapter-pg`, no native engine). The same pool
 * is injectable as PG_POOL for the few hot paths that use plain SQL (bulk writes).
 */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleDestroy {
  constructor(@Inject(PG_POOL) readonly pool: pg.Pool) {
    super({ adapter: new PrismaPg(pool) });
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }
}
