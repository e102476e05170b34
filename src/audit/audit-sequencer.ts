import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import pg from 'pg';
import { PG_POOL } from '../database/prisma.service.js';

/** Staged events chained per `audit_sequence` call (one statement; the head lock lasts that long). */
const BATCH = 2000;
/** A pass after a stage() call waits this long, so the stager's transaction has usually committed. */
const POKE_DELAY_MS = 20;
/** Staged events of other processes (or of a crashed one) are picked up at least this often. */
const POLL_MS = 1000;

/**
 * Moves staged audit events (`audit_pending`, written inside high-volume writers' transactions)
 * into the hash chain, oldest first, through the `audit_sequence` SQL function. Sequencers of
 * several processes serialise on the chain-head lock; within a process one pass runs at a time.
 *
 * Readers of the chain (review, export, verify, checkpoints) call drain() first, so they see every
 * event committed before they asked.
 */
@Injectable()
export class AuditSequencer implements OnModuleInit, OnModuleDestroy, BeforeApplicationShutdown {
  /** Events this process has chained from staging. */
  chained = 0;
  private readonly logger = new Logger('AuditSequencer');
  private timer?: NodeJS.Timeout;
  private poked?: NodeJS.Timeout;
  private current: Promise<unknown> = Promise.resolve();
  private queued?: Promise<number>;

  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  onModuleInit(): void {
    this.timer = setInterval(() => this.runSafely(), POLL_MS);
    this.timer.unref();
    this.runSafely(); // what a crashed process left staged
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
    clearTimeout(this.poked);
  }

  /** After the job workers stopped (JobsService.onModuleDestroy): chain what they staged. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.drain().catch((error: unknown) =>
      this.logger.error(
        `audit sequencing at shutdown failed (the next start chains them): ${(error as Error).message}`,
      ),
    );
  }

  /** Asks for a pass soon; calls within POKE_DELAY_MS share one. */
  poke(): void {
    if (this.poked) return;
    this.poked = setTimeout(() => {
      this.poked = undefined;
      this.runSafely();
    }, POKE_DELAY_MS);
    this.poked.unref();
  }

  /**
   * Chains every staged event committed before this call; resolves with how many this pass
   * chained. A call made while a pass runs waits for a fresh pass (the running one may have read
   * staging before the caller's events committed); calls made meanwhile share that fresh pass.
   */
  drain(): Promise<number> {
    if (this.queued) return this.queued;
    const next = this.current
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        return this.pass();
      });
    this.queued = next;
    this.current = next;
    return next;
  }

  private async pass(): Promise<number> {
    let total = 0;
    for (;;) {
      const { rows } = await this.pool.query<{ n: number }>('SELECT audit_sequence($1) AS n', [BATCH]);
      const n = rows[0]?.n ?? 0;
      total += n;
      if (n < BATCH) break;
    }
    this.chained += total;
    return total;
  }

  private runSafely(): void {
    this.drain().catch((error: unknown) =>
      this.logger.error(
        `audit sequencing failed (staged events wait for the next pass): ${(error as Error).message}`,
      ),
    );
  }
}
