import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import pg from 'pg';
import { PG_POOL } from '../database/prisma.service.js';

/** The one PostgreSQL channel on which nodes tell each other what changed (typed JSON messages). */
export const CLUSTER_CHANNEL = 'anamnesis_cluster';
const RECONNECT_MS = 1_000;

/**
 * What another node (or a CLI process, or this one) changed, that an in-process cache may hold.
 * Sent by database triggers (migration `cluster_notifications`), so every writer announces — the
 * app, the CLI, an administrator's SQL — and only after its transaction commits.
 */
export type ClusterMessage =
  /** A session was revoked, ended or deleted. */
  | { type: 'session.changed'; sessionId: string; userId: string }
  /** A user's role, status (disable), token version (logout everywhere, password change, MFA reset), email or MFA changed, or the user was deleted. */
  | { type: 'user.changed'; userId: string }
  /** A patient's data keys were destroyed (crypto-shredding at erasure). */
  | { type: 'patient.keys-destroyed'; patientId: string }
  /** Someone's access to a patient may have ended: a care-team membership or break-the-glass grant
   *  changed or was deleted (that user), or the patient was erased (`userId` null: everyone). */
  | { type: 'access.changed'; patientId: string; userId: string | null };

export type ClusterMessageType = ClusterMessage['type'];
type Handler<T extends ClusterMessageType> = (message: Extract<ClusterMessage, { type: T }>) => void;

/**
 * LISTEN on `anamnesis_cluster` over one dedicated connection per process. Caches subscribe to
 * the message types that invalidate them, and to `onReset`: called whenever the connection is
 * (re)established, since messages sent while it was down are lost — a cache then drops
 * everything. While `listening` is false a cache must not serve from memory.
 *
 * Bound: a committed change reaches every listening node's cache when PostgreSQL delivers the
 * notification (milliseconds; measured in test/cluster/two-nodes.e2e.ts); a node whose
 * connection is down serves nothing from its caches until it has reconnected and reset.
 */
@Injectable()
export class ClusterEvents implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Cluster');
  private readonly handlers = new Map<ClusterMessageType, Set<(message: ClusterMessage) => void>>();
  private readonly resets = new Set<() => void>();
  private client?: pg.PoolClient;
  private retry?: NodeJS.Timeout;
  private stopped = false;
  /** Messages received by this process (for tests and the README's bound). */
  received = 0;

  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  /** True while the listening connection is up: only then may a cache answer from memory. */
  get listening(): boolean {
    return this.client !== undefined;
  }

  on<T extends ClusterMessageType>(type: T, handler: Handler<T>): void {
    let set = this.handlers.get(type);
    if (!set) this.handlers.set(type, (set = new Set()));
    set.add(handler as (message: ClusterMessage) => void);
  }

  /** Called on every (re)connect and disconnect: drop whatever you cached. */
  onReset(handler: () => void): void {
    this.resets.add(handler);
  }

  async onModuleInit(): Promise<void> {
    await this.connect().catch((error: Error) => this.lost(error));
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    client?.release(true);
  }

  private async connect(): Promise<void> {
    const client = await this.pool.connect();
    if (this.stopped) return client.release(true);
    client.on('notification', (notification) => {
      if (notification.channel === CLUSTER_CHANNEL) this.dispatch(notification.payload);
    });
    client.on('error', (error) => {
      client.release(true);
      if (this.client === client) this.lost(error);
    });
    await client.query(`LISTEN ${CLUSTER_CHANNEL}`);
    this.client = client;
    this.reset();
  }

  private lost(error: Error): void {
    this.client = undefined;
    this.reset();
    if (this.stopped) return;
    this.logger.warn(
      `cluster notifications lost their connection (${error.message}); caches bypassed until reconnected`,
    );
    this.retry = setTimeout(() => void this.connect().catch((next: Error) => this.lost(next)), RECONNECT_MS);
  }

  private reset(): void {
    for (const handler of this.resets) handler();
  }

  private dispatch(payload: string | undefined): void {
    let message: ClusterMessage;
    try {
      message = JSON.parse(payload ?? '') as ClusterMessage;
    } catch {
      this.logger.warn('unreadable cluster message ignored; caches reset');
      return this.reset();
    }
    this.received += 1;
    for (const handler of this.handlers.get(message.type) ?? []) handler(message);
  }
}
