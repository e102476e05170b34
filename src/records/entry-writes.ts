import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import pg from 'pg';
import type { Db } from '../common/db.js';
import { PG_POOL } from '../database/prisma.service.js';

/** The PostgreSQL channel on which written entries are announced. */
export const ENTRIES_WRITTEN_CHANNEL = 'anamnesis_entries_written';
const RECONNECT_MS = 5_000;

/**
 * "Entries were written": a NOTIFY in the writer's own transaction. PostgreSQL delivers it only
 * after that transaction commits (never on rollback), once per transaction, to every node that
 * listens — so an HL7 import committed by a CLI process or another node is announced too.
 */
export async function announceEntriesWritten(tx: Db): Promise<void> {
  await tx.$executeRaw`SELECT pg_notify(${ENTRIES_WRITTEN_CHANNEL}, '')`;
}

/**
 * Subscribing to announced writes (the embedding worker): a listener is called after every
 * committed transaction that added or amended entries, on any node. One dedicated connection per
 * process while someone listens; it reconnects after an error. Delivery is best effort (a
 * notification sent while disconnected is lost), so a subscriber also sweeps periodically.
 */
@Injectable()
export class EntryWrites implements OnModuleDestroy {
  private readonly logger = new Logger('Records');
  private readonly listeners = new Set<() => void>();
  private client?: pg.PoolClient;
  private connecting?: Promise<void>;
  private retry?: NodeJS.Timeout;
  private stopped = false;

  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  /** Calls `listener` after each announced write; resolves once listening. Returns the unsubscribe. */
  async subscribe(listener: () => void): Promise<() => void> {
    this.listeners.add(listener);
    await this.listen();
    return () => this.listeners.delete(listener);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    await this.connecting?.catch(() => undefined);
    this.client?.release(true);
    this.client = undefined;
  }

  private listen(): Promise<void> {
    if (this.client || this.stopped) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private async connect(): Promise<void> {
    const client = await this.pool.connect();
    if (this.stopped) return client.release(true);
    client.on('notification', (message) => {
      if (message.channel !== ENTRIES_WRITTEN_CHANNEL) return;
      for (const listener of this.listeners) listener();
    });
    client.on('error', (error) => {
      this.logger.warn(`entry write notifications lost their connection (${error.message}); reconnecting`);
      client.release(true);
      if (this.client === client) this.client = undefined;
      if (!this.stopped)
        this.retry = setTimeout(() => void this.listen().catch(() => undefined), RECONNECT_MS);
    });
    await client.query(`LISTEN ${ENTRIES_WRITTEN_CHANNEL}`);
    this.client = client;
  }
}
