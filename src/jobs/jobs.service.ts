import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type pg from 'pg';
import {
  PgBoss,
  type Db,
  type JobWithMetadata,
  type Queue,
  type SendOptions,
  type WorkOptions,
} from 'pg-boss';
import { DATABASE_URL } from '../database/database.module.js';
import { JOBS_SCHEMA } from '../database/jobs-schema.js';
import { isPgClient, prepared } from '../database/pg-transaction.js';
import type { Prisma } from '../generated/prisma/client.js';

export interface EnqueueOptions extends Omit<SendOptions, 'db'> {
  /**
   * Enqueue inside this transaction (Prisma's, or a node-postgres client's inside BEGIN): the job
   * exists only if the transaction commits.
   */
  tx?: Prisma.TransactionClient | pg.ClientBase;
}

/** pg-boss's SQL runner over a Prisma interactive transaction or a node-postgres client. */
export function transactionDb(tx: Prisma.TransactionClient | pg.ClientBase): Db {
  if (isPgClient(tx))
    return { executeSql: (text: string, values: unknown[] = []) => tx.query(prepared(text, values)) };
  return {
    executeSql: async (text: string, values: unknown[] = []) => ({
      rows: await tx.$queryRawUnsafe<unknown[]>(text, ...values),
    }),
  };
}

/**
 * pg-boss in its own schema (`pgboss`, outside Prisma's), started on first use (so building the
 * app for `openapi:write` touches no database). The owner installs and migrates that schema
 * (database/jobs-schema.ts); this role only checks its version. Jobs can be sent
 * inside a Prisma transaction so data and its job commit together (an HL7 ACK means
 * "stored and queued"). Stopped gracefully on shutdown: running handlers finish first.
 */
@Injectable()
export class JobsService implements OnModuleDestroy {
  private readonly logger = new Logger('Jobs');
  private starting: Promise<PgBoss> | undefined;
  private readonly queues = new Map<string, Promise<void>>();
  private closed = false;

  constructor(@Inject(DATABASE_URL) private readonly databaseUrl: string) {}

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    const starting = this.starting;
    this.starting = undefined;
    const boss = await starting?.catch(() => undefined);
    await boss?.stop({ graceful: true, timeout: 10_000 });
  }

  /**
   * Creates the queue once per process (idempotent in pg-boss too). Concurrent callers share one
   * creation: two concurrent createQueue calls can deadlock in PostgreSQL. A queue is a row; a
   * queue with a table of its own (`partition`) would need DDL, which this role may not do.
   */
  ensureQueue(name: string, options: Omit<Queue, 'name' | 'partition'> = {}): Promise<void> {
    let created = this.queues.get(name);
    if (!created) {
      created = this.instance().then((boss) => boss.createQueue(name, options));
      created.catch(() => this.queues.delete(name)); // a failed creation is retried by the next caller
      this.queues.set(name, created);
    }
    return created;
  }

  async send(queue: string, data: object, { tx, ...options }: EnqueueOptions = {}): Promise<string> {
    const id = await (
      await this.instance()
    ).send(queue, data, {
      ...options,
      ...(tx ? { db: transactionDb(tx) } : {}),
    });
    if (!id) throw new Error(`pg-boss refused a job for queue ${queue}`);
    return id;
  }

  /** Many jobs in one statement (ids chosen by the caller), optionally inside a transaction. */
  async sendMany(
    queue: string,
    jobs: { id: string; data: object }[],
    { tx, retryLimit, retryBackoff }: Pick<EnqueueOptions, 'tx' | 'retryLimit' | 'retryBackoff'> = {},
  ): Promise<void> {
    await (
      await this.instance()
    ).insert(
      queue,
      jobs.map((job) => ({ id: job.id, data: job.data, retryLimit, retryBackoff })),
      tx ? { db: transactionDb(tx) } : {},
    );
  }

  /**
   * A fetch loop on `queue`. pg-boss waits out the polling interval after a fetch, which would cap a
   * loop at batchSize / interval jobs per second (50 / 0.5 s = 100/s, whatever the work costs): a
   * full batch is therefore followed at once by the next (`burstWhenBatchFull`; with batchSize 1
   * pg-boss ignores it and polls). A partial one waits, so that under a steady trickle jobs gather
   * into fuller batches (fewer transactions per job). Jobs come with their metadata (`createdOn`:
   * how long one waited).
   */
  async work<T extends object>(
    queue: string,
    options: Omit<WorkOptions, 'includeMetadata' | 'burstWhenBatchFull'>,
    handler: (jobs: JobWithMetadata<T>[]) => Promise<unknown>,
  ): Promise<string> {
    const boss = await this.instance();
    return boss.work<T, unknown, WorkOptions & { includeMetadata: true }>(
      queue,
      { ...options, includeMetadata: true, burstWhenBatchFull: true },
      handler,
    );
  }

  private instance(): Promise<PgBoss> {
    // After shutdown a new pg-boss would run unstopped (its workers and timers outlive the app).
    if (this.closed)
      return Promise.reject(new Error('the job queue is stopped: the application is shutting down'));
    this.starting ??= this.start();
    return this.starting;
  }

  private async start(): Promise<PgBoss> {
    // migrate: false — never DDL as this role; a schema at another version fails start() (db:migrate).
    const boss = new PgBoss({
      connectionString: this.databaseUrl,
      schema: JOBS_SCHEMA,
      max: 4,
      migrate: false,
    });
    boss.on('error', (error) => this.logger.error(`pg-boss: ${error.message}`));
    boss.on('warning', (warning) => this.logger.warn(`pg-boss: ${warning.message}`));
    try {
      await boss.start();
    } catch (error) {
      this.starting = undefined;
      throw error;
    }
    return boss;
  }
}
